"""Settings from stored data: declared once, never trusted, pins included."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from unpinch.library.codec import dose_to_dict
from unpinch.library.model import Dose, Span
from unpinch.library.settings import PINS_KEY, SPECS, Settings

PIN = Dose(reps=Span(1, 1), hold_s=Span(20, 20))


def test_every_field_has_a_spec_and_every_default_is_allowed() -> None:
    stored = Settings().to_dict()
    assert set(stored) == set(SPECS)
    assert all(SPECS[key].accepts(value) for key, value in stored.items())


def test_pins_round_trip_and_a_broken_one_is_left_out() -> None:
    stored = {PINS_KEY: {"bridge": dose_to_dict(PIN), "plank": {"hold_s": -1}, "x": 3}}
    settings = Settings.from_dict(stored)
    assert settings.pinned_doses == {"bridge": PIN}
    assert Settings.from_dict(settings.to_dict()) == settings


def test_pinned_and_unpinned_leave_the_other_pins_alone() -> None:
    other = Dose(reps=Span(12, 12), tempo_s=2.0)
    settings = Settings().pinned("bridge", PIN).pinned("squat", other)
    assert settings.unpinned("bridge").pinned_doses == {"squat": other}
    assert Settings().pinned_doses == {}


def test_bounds_and_choices_are_enforced_on_the_way_in() -> None:
    stored: dict[str, Any] = {
        "count_in_s": 61,
        "switch_pause_s": True,
        "sound": "loud",
        "rest_between_s": None,
        "cue_interval_s": 0,
        "theme": " ",
    }
    settings = Settings.from_dict(stored)
    assert (settings.count_in_s, settings.switch_pause_s, settings.sound) == (5, 5, "auto")
    assert (settings.rest_between_s, settings.cue_interval_s, settings.theme) == (
        None,
        6,
        "textual-dark",
    )


values = st.none() | st.booleans() | st.integers(-5, 700) | st.text(max_size=8)
stored_data = st.dictionaries(
    st.sampled_from([*SPECS, "unknown"]),
    values | st.dictionaries(st.text(max_size=5), values, max_size=3),
)


@given(stored_data)
def test_any_stored_data_gives_settings_with_only_allowed_values(data: dict[str, Any]) -> None:
    settings = Settings.from_dict(data)
    stored = settings.to_dict()
    assert all(SPECS[key].accepts(value) for key, value in stored.items())
    assert Settings.from_dict(stored) == settings
