"""Which stored records the app can read: the shape a saved session must have.

The data file is plain JSON that a person may edit by hand, and an older or
newer unpinch may have written it. A session with a field of the wrong type
(``duration_s`` of ``"5 min"``, ``marks`` that is not a list, a start in the
year 1) would crash whatever reads it later, far from the cause. The store
asks :func:`session_problem` first and skips, with one line, every record
that cannot be read, leaving it in the file untouched.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

Check = Callable[[Any], bool]

EARLIEST_YEAR = 1971
LATEST_YEAR = 2999
"""Start times outside these years are not a session anyone did; they also overflow dates."""


def _whole(value: Any) -> bool:
    """A whole number that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def _count(value: Any) -> bool:
    """A whole number of zero or more."""
    return _whole(value) and value >= 0


def _seconds(value: Any) -> bool:
    """A finite number (not NaN, not Infinity, not a bool); readers cope with any such number."""
    return (_whole(value) or isinstance(value, float)) and math.isfinite(value)


def _text(value: Any) -> bool:
    """A string."""
    return isinstance(value, str)


def _flag(value: Any) -> bool:
    """A bool."""
    return isinstance(value, bool)


def _optional(check: Check) -> Check:
    """Accept null as well as what ``check`` accepts.

    The common checks have a one-call form: a session of ten years' history is
    checked field by field on every read, so a call saved per field counts.
    """
    return _FLAT.get(check) or (lambda value: value is None or check(value))


def _optional_text(value: Any) -> bool:
    """Null or a string."""
    return value is None or isinstance(value, str)


def _optional_flag(value: Any) -> bool:
    """Null or a bool."""
    return value is None or isinstance(value, bool)


def _optional_count(value: Any) -> bool:
    """Null or a whole number of zero or more (not a bool)."""
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def _optional_seconds(value: Any) -> bool:
    """Null or a finite number (not a bool)."""
    return value is None or (
        isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    )


_FLAT: dict[Check, Check] = {
    _text: _optional_text,
    _flag: _optional_flag,
    _count: _optional_count,
    _seconds: _optional_seconds,
}
"""The one-call forms of ``_optional(check)`` for the checks most fields use."""


def _moment(value: Any) -> bool:
    """Text; when it is an ISO 8601 time, one in a year a session can have.

    Text that is not a time at all is shown as "?" by whoever reads it, but a
    real time in the year 1 or 9999 overflows the date arithmetic of history
    and the Progress pane.
    """
    if not isinstance(value, str):
        return False
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return True
    try:
        when.astimezone()
    except (OverflowError, OSError, ValueError):
        return False
    return EARLIEST_YEAR <= when.year <= LATEST_YEAR


def _pain(value: Any) -> bool:
    """A pain score: a whole number from 0 to 10."""
    return _whole(value) and 0 <= value <= 10


STEP_FIELDS: dict[str, Check] = {
    "exercise_id": _text,
    "side": _optional(_text),
    "set_no": _optional(_count),
    "rep_no": _optional(_count),
    "target_s": _optional(_seconds),
    "actual_s": _optional(_seconds),
    "extended_s": _optional(_seconds),
    "target_reps": _optional(_count),
    "actual_reps": _optional(_count),
    "skipped": _optional(_flag),
    "marked": _optional(_flag),
    "completed": _optional(_flag),
}
MARK_FIELDS: dict[str, Check] = {
    "exercise_id": _text,
    "side": _optional(_text),
    "at": _optional(_text),
}
CHECK_IN_FIELDS: dict[str, Check] = {
    "leg": _optional(_pain),
    "back": _optional(_pain),
    "note": _optional(_text),
}


def _fields_problem(doc: Mapping[str, Any], checks: Mapping[str, Check], where: str) -> str:
    """Name the first known field of ``doc`` whose value fails its check, or ""."""
    for key, check in checks.items():
        if key in doc and not check(doc[key]):
            return f"{where}{key} is {_shown(doc[key])}"
    return ""


def _list_problem(value: Any, checks: Mapping[str, Check], key: str) -> str:
    """Say what is wrong with a list of records such as ``steps``, or ""."""
    if not isinstance(value, list):
        return f"{key} is {_shown(value)}, not a list"
    for number, item in enumerate(value, 1):
        if not isinstance(item, Mapping):
            return f"{key} item {number} is {_shown(item)}, not a table"
        problem = _fields_problem(item, checks, f"{key} item {number}: ")
        if problem:
            return problem
    return ""


def _table_problem(value: Any, key: str) -> str:
    """Say why a check-in (``before``/``after``) cannot be read, or ""."""
    if value is None:
        return ""
    if not isinstance(value, Mapping):
        return f"{key} is {_shown(value)}, not a table"
    return _fields_problem(value, CHECK_IN_FIELDS, f"{key}.")


SESSION_FIELDS: dict[str, Check] = {
    "id": _text,
    "routine_id": _text,
    "routine_name": _optional(_text),
    "status": _text,
    "started": _moment,
    "ended": _optional(_moment),
    "duration_s": _optional(_seconds),
    "exercises": _optional(_count),
    "exercises_completed": _optional(_count),
    "exercises_skipped": _optional(_count),
    "resume_index": _optional(_count),
}


def session_problem(doc: Mapping[str, Any]) -> str:
    """Say in a few words why a stored session cannot be read, or "" when it can.

    Fields may be missing (readers have defaults for each); a field that is
    there must have its type. Every stored session is checked when the data
    is read, so a record that passes :func:`_quick_pass` is not checked again
    field by field; only one it cannot vouch for goes to :func:`full_problem`,
    which also names the problem.
    """
    return "" if _quick_pass(doc) else full_problem(doc)


def full_problem(doc: Mapping[str, Any]) -> str:
    """:func:`session_problem` worked out field by field, naming the first problem found."""
    problem = _fields_problem(doc, SESSION_FIELDS, "")
    for key, checks in (("steps", STEP_FIELDS), ("marks", MARK_FIELDS)):
        if not problem and key in doc:
            problem = _list_problem(doc[key], checks, key)
    for key in ("before", "after"):
        problem = problem or _table_problem(doc.get(key), key)
    for key in ("targets", "swaps"):
        if not problem and doc.get(key) is not None and not isinstance(doc[key], Mapping):
            problem = f"{key} is {_shown(doc[key])}, not a table"
    return problem


def _shown(value: Any) -> str:
    """A short, safe rendering of a bad value for a one-line message."""
    text = repr(value)
    return text if len(text) <= 30 else text[:27] + "..."


# --- the quick pass ---------------------------------------------------------------

_NONE = type(None)
_TYPES: dict[Check, frozenset[type]] = {
    _text: frozenset({str}),
    _optional_text: frozenset({str, _NONE}),
    _optional_flag: frozenset({bool, _NONE}),
    _optional_count: frozenset({int, _NONE}),
    _optional_seconds: frozenset({int, float, _NONE}),
}
"""The exact types each simple check accepts; ints of a count must also be 0 or more, and
floats (only seconds take them) finite."""


def _quick_rules(checks: Mapping[str, Check]) -> dict[str, frozenset[type] | Check]:
    """Each field's accepted types where its check is a simple one, else the check itself."""
    return {key: _TYPES.get(check, check) for key, check in checks.items()}


_QUICK_SESSION = _quick_rules(SESSION_FIELDS)
_QUICK_STEP = _quick_rules(STEP_FIELDS)
_QUICK_MARK = _quick_rules(MARK_FIELDS)
_QUICK_CHECK_IN = _quick_rules(CHECK_IN_FIELDS)
_COUNTS = frozenset(
    key
    for fields in (SESSION_FIELDS, STEP_FIELDS, MARK_FIELDS, CHECK_IN_FIELDS)
    for key, check in fields.items()
    if check is _optional_count
)
"""The fields whose whole numbers must be 0 or more (no field name is a count in one table
and a signed number in another)."""


def _quick_fields(doc: Mapping[str, Any], rules: Mapping[str, frozenset[type] | Check]) -> bool:
    """True when every known field of ``doc`` passes, judged by type with no call per field.

    Only ever True where :func:`_fields_problem` finds nothing: a count's int
    is 0 or more, a float is finite (``x - x`` is 0.0 only for finite x), and
    a field with any other check is given that check.
    """
    for key, value in doc.items():
        rule = rules.get(key)
        if rule is None:
            continue
        kind = type(value)
        if type(rule) is frozenset:
            if kind not in rule:
                return False
            if kind is float and value - value != 0.0:
                return False
            if kind is int and value < 0 and key in _COUNTS:
                return False
        elif not rule(value):  # type: ignore[operator]
            return False
    return True


def _quick_pass(doc: Mapping[str, Any]) -> bool:
    """True when the session is certainly readable; False means "check it in full"."""
    if not isinstance(doc, dict) or not _quick_fields(doc, _QUICK_SESSION):
        return False
    for key, rules in (("steps", _QUICK_STEP), ("marks", _QUICK_MARK)):
        items = doc.get(key, [])
        if not isinstance(items, list):
            return False
        for item in items:
            if not isinstance(item, dict) or not _quick_fields(item, rules):
                return False
    for key in ("before", "after"):
        value = doc.get(key)
        if value is not None and not (
            isinstance(value, dict) and _quick_fields(value, _QUICK_CHECK_IN)
        ):
            return False
    return all(doc.get(key) is None or isinstance(doc[key], dict) for key in ("targets", "swaps"))
