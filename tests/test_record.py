"""Every record's shared repr, == and hash behave exactly as a dataclass's generated ones.

Each record class in the code base is set beside a plain frozen dataclass with
the same fields, and instances of both with the same field values must read,
compare and hash alike.
"""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unpinch.library.record import Record

REPO = Path(__file__).resolve().parent.parent


def modules_with_records() -> list[str]:
    """The modules under library/ and tui/ that declare a record or a frozen dataclass."""
    found = []
    for path in sorted([*REPO.glob("library/**/*.py"), *REPO.glob("tui/**/*.py")]):
        if "frozen=True" in path.read_text(encoding="utf-8"):
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
    made_class = type(cls.__name__, (Record,), body)
    return dataclasses.dataclass(frozen=True, repr=False, eq=False)(made_class)


def made(cls: type[Any], field_values: dict[str, Any]) -> Any:
    """An instance of ``cls`` holding ``field_values``, its own checks left out."""
    instance = object.__new__(cls)
    for name, value in field_values.items():
        object.__setattr__(instance, name, value)
    return instance


def frozen_dataclasses() -> list[type[Any]]:
    """Every frozen dataclass declared under library/ and tui/."""
    found = []
    for name in modules_with_records():
        module = importlib.import_module(name)
        for value in vars(module).values():
            params = getattr(value, "__dataclass_params__", None)
            if isinstance(value, type) and value.__module__ == name and params and params.frozen:
                found.append(value)
    return found


def test_the_code_base_has_records_and_every_frozen_dataclass_is_one() -> None:
    assert len(RECORDS) > 50
    frozen = frozen_dataclasses()
    assert len(frozen) >= len(RECORDS)
    for cls in frozen:
        params = cls.__dataclass_params__
        assert issubclass(cls, Record) and not params.repr and not params.eq, cls


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
