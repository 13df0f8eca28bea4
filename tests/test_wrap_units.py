"""Numbers stay with their units when a line wraps ("hold 5 s", "10 reps", "2 sets")."""

from __future__ import annotations

import itertools
import re

from hypothesis import given
from hypothesis import strategies as st

from unpinch.library.describe import wrap_keeping_units

SPLIT = re.compile(r"\d$")
UNIT_FIRST = re.compile(r"^(s|reps?|min|sets?)\b")


def test_the_players_next_line_keeps_hold_5_s_together() -> None:
    lines = wrap_keeping_units("Next: Lower back rotation stretch (hold 5 s)", 28).split("\n")
    assert lines == ["Next: Lower back rotation", "stretch (hold 5 s)"]
    lines = wrap_keeping_units("Next: Core stabilisation leg (10 reps, left side)", 33).split("\n")
    assert "(10 reps," in lines[1]


@given(
    st.lists(
        st.one_of(
            st.sampled_from(["Next:", "stretch", "(hold", "left", "side)", "—"]),
            st.builds(
                lambda n, u: f"{n} {u}", st.integers(0, 600), st.sampled_from(["s", "reps", "sets"])
            ),
        ),
        min_size=1,
        max_size=12,
    ),
    st.integers(12, 40),
)
def test_no_line_ends_with_a_number_whose_unit_starts_the_next(
    words: list[str], width: int
) -> None:
    lines = wrap_keeping_units(" ".join(words), width).split("\n")
    for line, following in itertools.pairwise(lines):
        assert not (SPLIT.search(line) and UNIT_FIRST.match(following)), lines
    assert " ".join(" ".join(lines).split()) == " ".join(" ".join(words).split())
