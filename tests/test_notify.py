"""Desktop notifications: the exact bytes of each form, multiplexer wrapping, auto, focus."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unpinch.library.settings import NOTIFY_FORMS, Settings
from unpinch.tui.notify import (
    MAX_TEXT,
    FormChoice,
    Notice,
    Notifier,
    choose_form,
    clean,
    encode,
)

NOTICE = Notice("Switch sides", "Bridge: now your right side.")


def choice(form: str, wrap: str = "none") -> FormChoice:
    """A resolved choice, as ``choose_form`` would make it."""
    return FormChoice(form, wrap)  # type: ignore[arg-type]


# --- the bytes of each form ----------------------------------------------------


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("osc777", "\x1b]777;notify;Switch sides;Bridge: now your right side.\x07"),
        ("osc9", "\x1b]9;Switch sides: Bridge: now your right side.\x07"),
        (
            "osc99",
            "\x1b]99;i=unpinch:d=0;Switch sides\x1b\\"
            "\x1b]99;i=unpinch:d=1:p=body;Bridge: now your right side.\x1b\\",
        ),
        ("bell", "\x07"),
        ("off", ""),
    ],
)
def test_each_form_writes_its_own_sequence(form: str, expected: str) -> None:
    assert encode(choice(form), NOTICE) == expected


def test_inside_tmux_every_sequence_is_wrapped_with_its_escapes_doubled() -> None:
    assert encode(choice("osc777", "tmux"), NOTICE) == (
        "\x1bPtmux;\x1b\x1b]777;notify;Switch sides;Bridge: now your right side.\x07\x1b\\"
    )
    kitty = encode(choice("osc99", "tmux"), NOTICE)
    assert kitty == (
        "\x1bPtmux;\x1b\x1b]99;i=unpinch:d=0;Switch sides\x1b\x1b\\\x1b\\"
        "\x1bPtmux;\x1b\x1b]99;i=unpinch:d=1:p=body;Bridge: now your right side.\x1b\x1b\\\x1b\\"
    )


def test_inside_screen_sequences_use_its_dcs_and_end_in_bel() -> None:
    assert encode(choice("osc9", "screen"), NOTICE) == (
        "\x1bP\x1b]9;Switch sides: Bridge: now your right side.\x07\x1b\\"
    )
    kitty = encode(choice("osc99", "screen"), NOTICE)
    # An ST inside the DCS would end it early, so kitty's sequences end in BEL there.
    assert kitty.count("\x1b\\") == 2
    assert kitty.startswith("\x1bP\x1b]99;i=unpinch:d=0;Switch sides\x07\x1b\\")


def test_a_bell_is_never_wrapped() -> None:
    assert encode(choice("bell", "tmux"), NOTICE) == "\x07"
    assert encode(choice("bell", "screen"), NOTICE) == "\x07"


# --- text is data ----------------------------------------------------------------


def test_control_characters_and_separators_never_reach_the_terminal() -> None:
    nasty = Notice("A;B\x1b]0;pwned\x07", "line one\nline two\x9b31m;end")
    out = encode(choice("osc777"), nasty)
    assert out == "\x1b]777;notify;A, B ]0, pwned;line one line two 31m, end\x07"


@given(st.text(), st.text())
def test_any_text_gives_exactly_the_framing_controls(title: str, body: str) -> None:
    for form in ("osc777", "osc9"):
        out = encode(choice(form), Notice(title, body))
        inner = out[2:-1]
        assert out.startswith("\x1b]") and out.endswith("\x07")
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", inner), repr(out)
    fields = encode(choice("osc777"), Notice(title, body))[:-1].split(";")
    assert len(fields) == 4


@given(st.text())
def test_cleaned_text_is_one_short_line(text: str) -> None:
    cleaned = clean(text)
    assert len(cleaned) <= MAX_TEXT
    assert cleaned == cleaned.strip()
    assert "\n" not in cleaned and ";" not in cleaned


# --- auto --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "form", "wrap", "said"),
    [
        ({}, "osc777", "none", "osc777 (unknown terminal)"),
        ({"KITTY_WINDOW_ID": "3"}, "osc99", "none", "osc99 (kitty)"),
        ({"TERM_PROGRAM": "iTerm.app"}, "osc9", "none", "osc9 (iTerm2)"),
        ({"LC_TERMINAL": "iTerm2", "SSH_TTY": "/dev/pts/1"}, "osc9", "none", "osc9 (iTerm2)"),
        ({"TERM_PROGRAM": "WezTerm"}, "osc777", "none", "osc777 (WezTerm)"),
        (
            {"TERM_PROGRAM": "tmux", "TMUX": "/tmp/tmux-0/default,1,0"},
            "osc777",
            "tmux",
            "osc777 (unknown terminal) through tmux",
        ),
        (
            {"TMUX": "/tmp/t,1,0", "LC_TERMINAL": "iTerm2"},
            "osc9",
            "tmux",
            "osc9 (iTerm2) through tmux",
        ),
        (
            {"STY": "1234.pts-0.host"},
            "osc777",
            "screen",
            "osc777 (unknown terminal) through screen",
        ),
    ],
)
def test_auto_reads_the_environment_and_says_what_it_picked(
    env: dict[str, str], form: str, wrap: str, said: str
) -> None:
    picked = choose_form("auto", env)
    assert (picked.form, picked.wrap) == (form, wrap)
    assert picked.describe() == said


def test_an_explicit_form_is_kept_but_still_wrapped_for_the_multiplexer() -> None:
    picked = choose_form("osc9", {"KITTY_WINDOW_ID": "1", "TMUX": "x"})
    assert (picked.form, picked.wrap, picked.describe()) == ("osc9", "tmux", "osc9 through tmux")
    assert choose_form("off", {"TMUX": "x"}).describe() == "off"


def test_an_unknown_form_is_refused() -> None:
    with pytest.raises(ValueError, match="osc999"):
        choose_form("osc999", {})


def test_the_setting_accepts_every_form_and_nothing_else() -> None:
    for form in NOTIFY_FORMS:
        assert Settings.from_dict({"notify": form}).notify == form
    assert Settings.from_dict({"notify": "loud"}).notify == "auto"
    assert Settings().notify == "auto"


# --- focus ------------------------------------------------------------------------------


def test_nothing_is_sent_while_the_window_reports_focus() -> None:
    written: list[str] = []
    notifier = Notifier(choice("osc777"), written.append)
    assert notifier.send(NOTICE)  # focus never reported: send
    notifier.focus_changed(True)
    assert not notifier.send(NOTICE)
    notifier.focus_changed(False)
    assert notifier.send(NOTICE)
    assert len(written) == notifier.sent == 2


def test_off_sends_nothing_even_without_focus() -> None:
    written: list[str] = []
    notifier = Notifier(choice("off"), written.append)
    notifier.focus_changed(False)
    assert not notifier.send(NOTICE)
    assert written == []


def test_a_failing_write_is_noted_not_raised() -> None:
    def broken(text: str) -> None:
        raise OSError("terminal gone")

    notifier = Notifier(choice("osc9"), broken)
    assert not notifier.send(NOTICE)
    assert notifier.problem == "Could not send a notification: terminal gone"
