"""Shared shapes for benchmark figures so every module prints the same way."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure, its target and a reference measured in the same run.

    ``better`` says which way is good: "lower" (times, bytes) or "higher".
    ``target`` is an absolute bound in ``unit``; ``ratio_target`` bounds
    the ratio instead, for targets stated relative to a reference. The ratio
    is ``value / reference`` unless ``paired_ratio`` gives it: the ratio
    measured pair by pair, when each sample had its own reference run just
    before it (see :func:`paired_ratio`).
    """

    name: str
    value: float
    unit: str
    reference: float | None = None
    reference_label: str = ""
    target: float | None = None
    ratio_target: float | None = None
    better: str = "lower"
    paired_ratio: float | None = None

    @property
    def ratio(self) -> float | None:
        """Return the paired ratio if there is one, else value / reference (None without one)."""
        if self.paired_ratio is not None:
            return self.paired_ratio
        if self.reference is None or self.reference == 0:
            return None
        return self.value / self.reference

    @property
    def ok(self) -> bool:
        """True when every stated target is met."""
        good = True
        if self.target is not None:
            good &= (
                self.value <= self.target if self.better == "lower" else self.value >= self.target
            )
        if self.ratio_target is not None and self.ratio is not None:
            good &= self.ratio <= self.ratio_target
        return good


def median_ms(fn: Callable[[], object], repeat: int = 7) -> float:
    """Run ``fn`` ``repeat`` times and return the median wall time in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def paired_ratio(values: Sequence[float], references: Sequence[float]) -> float:
    """The median of ``value / reference`` over pairs measured in the same round.

    On a shared machine the whole host speeds up and slows down from one second
    to the next: in one start-up run the bare reference took from 188 to 370 ms.
    Each pair ran within a second or two, under the same load, so the ratio of a
    pair cancels most of that swing, where the ratio of two medians taken over
    different moments does not.
    """
    return statistics.median(v / r for v, r in zip(values, references, strict=True))
