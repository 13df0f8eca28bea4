"""A stored start read in the zone the user is in now, remembered per text and zone."""

from __future__ import annotations

import os
import time
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from unpinch.library.due import local_start


def test_a_change_of_zone_gives_the_new_local_time(zone: None) -> None:
    os.environ["TZ"] = "UTC0"
    time.tzset()
    london = local_start("2026-03-01T23:30:00+00:00")
    assert london is not None and (london.day, london.hour) == (1, 23)
    os.environ["TZ"] = "JST-9"
    time.tzset()
    tokyo = local_start("2026-03-01T23:30:00+00:00")
    assert tokyo is not None and (tokyo.day, tokyo.hour) == (2, 8)
    assert tokyo == london  # the same moment, shown in another zone


def test_text_that_is_no_time_is_none_every_time() -> None:
    assert local_start("yesterday") is None
    assert local_start("yesterday") is None
    assert local_start("9999-12-31T23:59:59-23:59") is None


@given(st.datetimes(min_value=datetime(1971, 1, 2), max_value=datetime(2999, 12, 30)))
def test_a_remembered_answer_is_the_one_worked_out_afresh(when: datetime) -> None:
    text = when.isoformat()
    assert local_start(text) == datetime.fromisoformat(text).astimezone()
    assert local_start(text) == local_start(text)
