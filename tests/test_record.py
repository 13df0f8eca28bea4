"""Every record behaves exactly as a frozen dataclass with generated methods would.

Each record class in the code base is set beside a plain frozen dataclass with
the same fields: instances of both with the same field values must read,
compare and hash alike, both classes take the same arguments, and a record
refuses to change as a frozen dataclass does.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unpinch.library import record as record_module
from unpinch.library.record import Record, record

REPO = Path(__file__).resolve().parent.parent


def modules_with_records() -> list[str]:
    """The modules under library/ and tui/ that declare a record or any other dataclass."""
    found = []
    for path in sorted([*REPO.glob("library/**/*.py"), *REPO.glob("tui/**/*.py")]):
        text = path.read_text(encoding="utf-8")
        if "@record" in text or "dataclass" in text:
            dotted = ".".join(path.relative_to(REPO).with_suffix("").parts)
            found.append(f"unpinch.{dotted}")
    return found


def record_classes() -> list[type[Record]]:
    """Every record class, once its module is imported."""
    for name in modules_with_records():
        importlib.import_module(name)
    found: list[type[Record]] = []
    todo = list(Record.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


RECORDS = record_classes()
values = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=3), st.tuples(st.integers(0, 2))
)
"""Field values: few enough that two draws are often equal, all hashable."""


def field_names(cls: Any) -> list[str]:
    """The names of a dataclass's fields, in order."""
    return [field.name for field in dataclasses.fields(cls)]


def twin_of(cls: type[Record]) -> type[Any]:
    """A plain frozen dataclass with the fields of ``cls`` and its qualified name."""
    names = field_names(cls)
    twin = dataclasses.make_dataclass(cls.__name__, [(name, object) for name in names], frozen=True)
    twin.__qualname__ = cls.__qualname__
    return twin


def cousin_of(cls: type[Record]) -> type[Any]:
    """Another record class with the same fields: its records never equal those of ``cls``."""
    annotations = dict.fromkeys(field_names(cls), "object")
    body = {"__annotations__": annotations, "__qualname__": cls.__qualname__}
    return record(type(cls.__name__, (Record,), body))


def twin_with_defaults(cls: Any) -> type[Any]:
    """A plain frozen dataclass with the fields of ``cls``, their defaults and factories too."""
    specs = []
    for field in dataclasses.fields(cls):
        specs.append(
            (field.name, object, dataclasses.field(default=field.default))
            if field.default is not dataclasses.MISSING
            else (field.name, object, dataclasses.field(default_factory=field.default_factory))
            if field.default_factory is not dataclasses.MISSING
            else (field.name, object)
        )
    return dataclasses.make_dataclass(cls.__name__, specs, frozen=True)


def parameters(callable_: Any) -> list[tuple[str, Any, str]]:
    """The parameters ``callable_`` takes: name, kind and the default's repr."""
    return [
        (name, parameter.kind, repr(parameter.default))
        for name, parameter in inspect.signature(callable_).parameters.items()
    ]


def made(cls: type[Any], field_values: dict[str, Any]) -> Any:
    """An instance of ``cls`` holding ``field_values``, its own checks left out."""
    instance = object.__new__(cls)
    for name, value in field_values.items():
        object.__setattr__(instance, name, value)
    return instance


def module_dataclasses() -> list[type[Any]]:
    """Every dataclass declared at the top of a module under library/ and tui/."""
    found = []
    for name in modules_with_records():
        module = importlib.import_module(name)
        for value in vars(module).values():
            declared_here = isinstance(value, type) and value.__module__ == name
            if declared_here and "__dataclass_params__" in vars(value):
                found.append(value)
    return found


def test_the_code_base_has_records_and_every_frozen_dataclass_is_one() -> None:
    assert len(RECORDS) > 50
    declared = module_dataclasses()
    assert len(declared) > len(RECORDS) // 2
    for cls in declared:
        params = cls.__dataclass_params__
        assert not params.frozen, f"{cls.__qualname__}: a frozen dataclass that is not a record"
        if issubclass(cls, Record):
            assert not params.init and not params.repr and not params.eq, cls


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__qualname__)
def test_a_record_takes_the_arguments_its_frozen_dataclass_twin_takes(cls: type[Record]) -> None:
    twin = twin_with_defaults(cls)
    assert parameters(cls) == parameters(twin)
    assert parameters(cls.__init__)[1:] == parameters(twin.__init__)[1:]
    assert str(inspect.signature(cls)).count("<factory>") == str(inspect.signature(twin)).count(
        "<factory>"
    )


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__qualname__)
def test_every_record_refuses_to_change(cls: type[Record]) -> None:
    instance = made(cls, dict.fromkeys(field_names(cls)))
    for name in [*field_names(cls), "not_a_field"]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(instance, name, 1)
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(instance, name)


@given(st.sampled_from(RECORDS), st.data())
def test_a_record_reads_compares_and_hashes_as_its_dataclass_twin(
    cls: type[Record], data: st.DataObject
) -> None:
    twin = twin_of(cls)
    names = field_names(cls)
    first = {name: data.draw(values) for name in names}
    second = {name: data.draw(values) for name in names}
    a, b = made(cls, first), made(cls, second)
    twin_a, twin_b = made(twin, first), made(twin, second)
    assert repr(a) == repr(twin_a)
    assert (a == b) == (twin_a == twin_b)
    assert (a != b) == (twin_a != twin_b)
    assert hash(a) == hash(twin_a)
    assert a == made(cls, dict(first))
    cousin = made(cousin_of(cls), first)
    assert a != twin_a  # another class, even with the same fields
    assert a != cousin
    assert a.__eq__(twin_a) is NotImplemented
    assert a.__eq__(cousin) is NotImplemented


def test_a_record_stays_frozen() -> None:
    from unpinch.library.model import Span

    span = Span(10, 30)
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.low = 5  # type: ignore[misc]
    assert {span, Span(10, 30)} == {Span(10, 30)}
    assert repr(span) == "Span(low=10, high=30)"


@pytest.fixture
def deferring() -> Iterator[None]:
    """Records declared in the test wait for their inits, as during a start."""
    record_module.defer_inits()
    try:
        yield
    finally:
        record_module.write_deferred_inits()


def pair_class() -> type[Any]:
    """A record class of two numbers, the second with a default, and a list made for each."""

    @record
    class Pair(Record):
        """Two numbers and a list."""

        first: int
        second: int = 2
        extra: list[int] = dataclasses.field(default_factory=list)

    return Pair


def check_pair(pair: type[Any]) -> None:
    """Records of ``pair`` take their arguments and defaults as a frozen dataclass's do."""
    one, two = pair(1), pair(first=3, second=4, extra=[5])
    assert (one.first, one.second, one.extra) == (1, 2, [])
    assert (two.first, two.second, two.extra) == (3, 4, [5])
    assert pair(1).extra is not one.extra
    assert dataclasses.replace(one, second=9) == pair(1, 9)
    with pytest.raises(TypeError, match="missing 1 required"):
        pair()
    with pytest.raises(TypeError, match="positional arguments"):
        pair(1, 2, [], 4)


def test_a_records_init_is_written_with_its_class() -> None:
    pair = pair_class()
    assert vars(pair)["__init__"].record_init == "written"
    check_pair(pair)


@pytest.mark.usefixtures("deferring")
def test_during_a_start_a_records_init_waits_until_the_first_one_is_made() -> None:
    pair = pair_class()
    assert vars(pair)["__init__"].record_init == "stub"
    check_pair(pair)
    assert vars(pair)["__init__"].record_init == "written"


@pytest.mark.usefixtures("deferring")
def test_asking_a_waiting_records_signature_writes_its_init() -> None:
    @record
    class Named(Record):
        """A name, asked about before any is made."""

        name: str = "x"

    assert str(inspect.signature(Named)) == "(name: 'str' = 'x') -> None"
    assert vars(Named)["__init__"].record_init == "written"
    assert Named().name == "x"


def test_the_waiting_inits_are_written_together_and_deferring_stops() -> None:
    record_module.defer_inits()
    try:
        waiting = [pair_class(), pair_class()]
        waiting[0](1)  # written already, by its first record
    finally:
        written = record_module.write_deferred_inits()
    assert written == 1
    assert [vars(cls)["__init__"].record_init for cls in waiting] == ["written", "written"]
    assert vars(pair_class())["__init__"].record_init == "written"
    assert record_module.write_deferred_inits() == 0


def test_a_record_refuses_what_its_positional_init_cannot_take() -> None:
    with pytest.raises(TypeError, match="subclass of Record"):
        record(type("Plain", (), {"__annotations__": {"a": "int"}}))
    bodies: list[dict[str, Any]] = [
        {"__annotations__": {"a": "int"}, "a": dataclasses.field(default=1, init=False)},
        {"__annotations__": {"a": "int"}, "a": dataclasses.field(kw_only=True)},
        {"__annotations__": {"a": "int", "b": "int"}, "a": 1},
        {"__annotations__": {"a": "int"}, "__post_init__": lambda self: None},
    ]
    for body in bodies:  # no docstring: @dataclass asks for a signature while making each
        with pytest.raises(TypeError):
            record(type("Odd", (Record,), body))
