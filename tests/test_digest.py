"""SHA-256 without OpenSSL: the same digests as hashlib's, and OpenSSL left unloaded at start."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unpinch.library import digest


@given(st.binary(max_size=4096))
def test_the_digest_is_hashlibs_sha256(data: bytes) -> None:
    assert digest.sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_without_a_builtin_module_hashlib_gives_the_same_digest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(digest, "BUILTIN_MODULES", ("_no_such_sha_module",))
    monkeypatch.setattr(digest, "_sha256", None)
    assert digest.sha256_hex(b"knee to chest") == hashlib.sha256(b"knee to chest").hexdigest()
    assert digest._sha256 is hashlib.sha256


def test_a_start_loads_the_library_and_the_data_file_without_openssl(tmp_path: object) -> None:
    if not any(importlib.util.find_spec(name) for name in digest.BUILTIN_MODULES):
        pytest.skip("this Python has no SHA-256 of its own; hashlib is the only one")
    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from unpinch.library.catalog import load_catalog\n"
        "from unpinch.library.workspace import open_workspace\n"
        "load_catalog()\n"
        f"open_workspace(Path({str(tmp_path)!r}) / 'u.json', sync_exercises=False).close()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(json.loads(ran.stdout))
    assert "unpinch.library.digest" in loaded
    assert not loaded & {"hashlib", "_hashlib"}
