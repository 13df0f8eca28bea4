"""Records: frozen dataclasses that share one ``repr``, one ``==`` and one ``hash``.

Every value in unpinch (a dose, an exercise, a step of a plan, a setting) is a
frozen dataclass. For each, ``@dataclass(frozen=True)`` writes out and compiles
an ``__init__``, a ``__setattr__``, a ``__delattr__``, a ``__repr__``, an
``__eq__`` and a ``__hash__`` of its own when its module is imported; a start
imports some two dozen of them, and compiling those methods came to about a
twentieth of everything the interpreter does before the home screen's first
frame (counted in instructions). Declared as::

    @record
    class Dose(Record):
        ...

a record is still a dataclass (``dataclasses.fields``, ``replace`` and a type
checker see it as a frozen one) but nothing of it is compiled on import:

* ``repr``, ``==`` and ``hash`` come from :class:`Record`, written once and
  behaving as the generated ones do: the same text, equal only to a record of
  the same class with equal fields, and hashed by its fields;
* assigning or deleting an attribute raises ``FrozenInstanceError``, from
  :class:`Record` too;
* ``__init__`` is written with the class, the same code ``@dataclass(frozen=True)``
  writes, so making records costs what it did; but while the app starts
  (:func:`defer_inits`) it waits, until the first frame is drawn
  (:func:`write_deferred_inits`) or a record of the class is made, whichever
  comes first. Writing them at first use alone would move that work into a
  workout, where a class first made as a cue is due would delay the cue.

``tests/test_record.py`` holds every record class in the code base to that.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar, cast, dataclass_transform

if TYPE_CHECKING:
    from inspect import Signature

R = TypeVar("R", bound=type)
Values = Callable[[Any], tuple[Any, ...]]
"""Reads a record's field values, in field order, as a tuple."""

_deferred: list[type] | None = None
"""Record classes whose ``__init__`` waits (see :func:`defer_inits`); None when none wait."""

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


class _LazySignature:
    """A record class's ``__signature__``: its ``__init__``'s, written first if need be.

    ``inspect.signature`` (which Hypothesis's ``builds`` uses) reads a class's
    ``__signature__`` before its ``__init__``; until one record is made, that
    ``__init__`` is only the stub that writes the real one.
    """

    def __get__(self, instance: object, owner: type) -> Signature | None:
        """The signature of ``owner(...)``: its fields, in order, with their defaults.

        None (look at ``__init__`` as usual) for a class that is not a record,
        or not yet: ``@dataclass`` asks while it makes a class without a docstring.
        """
        import inspect

        if not hasattr(vars(owner).get("__init__"), "record_init"):
            return None
        init = _written_init(owner)
        types = {field.name: field.type for field in dataclasses.fields(owner)}
        parameters = [
            parameter.replace(annotation=types[name])
            for name, parameter in inspect.signature(init).parameters.items()
            if name != "self"
        ]
        return inspect.Signature(parameters, return_annotation=None)


class Record:
    """The shared methods of a frozen dataclass declared with :func:`record` (see the module)."""

    __slots__ = ()
    __signature__ = _LazySignature()

    def __setattr__(self, name: str, value: Any) -> None:
        """Refuse, as a frozen dataclass does: a record never changes once made."""
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        """Refuse, as a frozen dataclass does."""
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

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


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: R) -> R:
    """Make ``cls``, a subclass of :class:`Record`, a frozen dataclass (see the module).

    The dataclass machinery gathers the fields and sets the defaults, writing
    no method; the ``__init__`` is written here, or later while a start defers it.
    Fields that a plain ``__init__`` cannot take (``init=False``,
    keyword-only) and ``__post_init__`` are refused: no record needs them.
    """
    if not issubclass(cls, Record):
        raise TypeError(f"{cls.__qualname__} must be a subclass of Record")
    dataclasses.dataclass(cls, init=False, repr=False, eq=False)
    _check_fields(cls)
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__qualname__}: records have no __post_init__")
    if _deferred is None:
        _written_init(cls)
    else:
        cls.__init__ = _init_stub(cls)  # type: ignore[method-assign]
        _deferred.append(cls)
    return cls


def defer_inits() -> None:
    """Let the records declared from now on wait for their ``__init__`` (a start calls this).

    Each is written when :func:`write_deferred_inits` is called, or when the
    first record of its class is made, or its signature is asked for.
    """
    global _deferred
    if _deferred is None:
        _deferred = []


def write_deferred_inits() -> int:
    """Write every ``__init__`` still waiting, and stop deferring; return how many were written."""
    global _deferred
    waiting, _deferred = _deferred or [], None
    stubs = [cls for cls in waiting if getattr(vars(cls)["__init__"], "record_init", "") == "stub"]
    for cls in stubs:
        _written_init(cls)
    return len(stubs)


def _check_fields(cls: type) -> None:
    """Refuse fields that the written ``__init__``, of positional parameters only, cannot take."""
    seen_default = False
    for field in dataclasses.fields(cls):
        if not field.init or field.kw_only is True:
            raise TypeError(f"{cls.__qualname__}.{field.name}: records take every field in order")
        has_default = _has_default(field)
        if seen_default and not has_default:
            raise TypeError(f"{cls.__qualname__}.{field.name} needs a default: one comes before")
        seen_default = seen_default or has_default


def _has_default(field: dataclasses.Field[Any]) -> bool:
    """Tell whether ``field`` has a default value or a default factory."""
    return (
        field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
    )


def _init_stub(cls: type) -> Callable[..., None]:
    """An ``__init__`` for ``cls`` that writes the real one, puts it in its place and calls it."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        _written_init(cls)(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    __init__.record_init = "stub"  # type: ignore[attr-defined]
    return __init__


class _Factory:
    """The default of a parameter whose field has a default factory: "call the factory"."""

    def __repr__(self) -> str:
        """Shown in a signature as a dataclass shows it."""
        return "<factory>"


_FACTORY = _Factory()


def _written_init(cls: type) -> Callable[..., None]:
    """The ``__init__`` of record class ``cls``, written and set on the class if not yet.

    It is the code a frozen dataclass's ``__init__`` holds: each argument set
    with ``object.__setattr__``, a default factory called when its argument is
    left out.
    """
    found = cls.__dict__.get("__init__")
    if getattr(found, "record_init", "") == "written":
        return cast(Callable[..., None], found)
    names: dict[str, Any] = {"__set": object.__setattr__, "__factory": _FACTORY}
    parameters, body = [], []
    for field in dataclasses.fields(cls):
        name = field.name
        if field.default_factory is not dataclasses.MISSING:
            names[f"__make_{name}"] = field.default_factory
            parameters.append(f"{name}=__factory")
            body.append(
                f" __set(self, {name!r}, __make_{name}() if {name} is __factory else {name})"
            )
        else:
            if field.default is not dataclasses.MISSING:
                names[f"__default_{name}"] = field.default
                parameters.append(f"{name}=__default_{name}")
            else:
                parameters.append(name)
            body.append(f" __set(self, {name!r}, {name})")
    source = f"def __init__(self, {', '.join(parameters)}):\n" + ("\n".join(body) or " pass")
    exec(source, names)  # the text is made of the class's field names alone
    init: Callable[..., None] = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.record_init = "written"  # type: ignore[attr-defined]
    cls.__init__ = init  # type: ignore[misc]
    return init
