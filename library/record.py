"""Records: frozen dataclasses that share one ``repr``, one ``==`` and one ``hash``.

Every value in unpinch (a dose, an exercise, a step of a plan, a setting) is a
frozen dataclass. For each, ``@dataclass`` writes out and compiles an
``__repr__``, an ``__eq__`` and a ``__hash__`` of its own when its module is
imported; a start imports some two dozen of them, and those three methods
came to about a third of the time their classes took to make. Declared as::

    @dataclass(frozen=True, repr=False, eq=False)
    class Dose(Record):
        ...

a record still gets its ``__init__`` and its frozen attributes from
``@dataclass``, and these three from :class:`Record`, written once and
behaving as the generated ones do: the same text, equal only to a record of
the same class with equal fields, and hashed by its fields.
``tests/test_record.py`` holds every record class in the code base to that.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any

Values = Callable[[Any], tuple[Any, ...]]
"""Reads a record's field values, in field order, as a tuple."""

_readers: dict[type, tuple[tuple[str, ...], Values]] = {}
"""Each record class's field names and the reader of their values, made on first use."""


def _reader(cls: type) -> tuple[tuple[str, ...], Values]:
    """The field names of ``cls`` and a fast reader of their values (cached per class)."""
    found = _readers.get(cls)
    if found is None:
        names = tuple(field.name for field in dataclasses.fields(cls))
        found = _readers[cls] = (names, _values_of(names))
    return found


def _values_of(names: tuple[str, ...]) -> Values:
    """A function giving the attributes ``names`` of an object as a tuple."""
    if not names:
        return lambda _record: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda record: (one(record),)
    return attrgetter(*names)


class Record:
    """The shared ``repr``, ``==`` and ``hash`` of a frozen dataclass (see the module)."""

    __slots__ = ()

    def __repr__(self) -> str:
        """``Name(field=value, ...)``, as a dataclass writes it."""
        names, values = _reader(type(self))
        shown = ", ".join(
            f"{name}={value!r}" for name, value in zip(names, values(self), strict=True)
        )
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        """Equal to a record of the very same class whose fields are equal."""
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = _reader(type(self))[1]
        return values(self) == values(other)

    def __hash__(self) -> int:
        """The hash of the field values, so equal records hash alike."""
        return hash(_reader(type(self))[1](self))
