"""SHA-256 without loading OpenSSL, for the digests a start needs.

``hashlib`` loads OpenSSL's ``_hashlib`` when it is imported, whichever
digest is asked for; at start that cost about 7.5 million instructions, some
0.7 % of everything the interpreter does before the home screen's first frame
(counted under valgrind), for five digests of a few kilobytes each. CPython
also carries its own SHA-256, the one ``hashlib`` falls back to without
OpenSSL: ``_sha256`` up to 3.11 and ``_sha2`` from 3.12. This module uses it
when it is there and ``hashlib`` otherwise. The digests are the same either
way (``tests/test_digest.py`` holds them to ``hashlib``'s).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

BUILTIN_MODULES = ("_sha2", "_sha256")
"""CPython's own SHA-256 module, by its name from 3.12 on and before."""


def _constructor() -> Callable[[bytes], Any]:
    """CPython's own ``sha256`` if this interpreter has it, else ``hashlib``'s."""
    for name in BUILTIN_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        found: Callable[[bytes], Any] | None = getattr(module, "sha256", None)
        if found is not None:
            return found
    import hashlib

    return hashlib.sha256


_sha256: Callable[[bytes], Any] | None = None
"""The constructor found by the first call (found once, then kept)."""


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 lowercase hex digits, as ``hashlib.sha256`` gives it."""
    global _sha256
    if _sha256 is None:
        _sha256 = _constructor()
    return str(_sha256(data).hexdigest())
