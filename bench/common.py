"""Shared shapes for benchmark figures so every module prints the same way."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure, its target and a reference measured in the same run.

    ``better`` says which way is good: "lower" (times, bytes) or "higher".
    ``target`` is an absolute bound in ``unit``; ``ratio_target`` bounds
    ``value / reference`` instead, for targets stated relative to a reference.
    """

    name: str
    value: float
    unit: str
    reference: float | None = None
    reference_label: str = ""
    target: float | None = None
    ratio_target: float | None = None
    better: str = "lower"

    @property
    def ratio(self) -> float | None:
        """Return value / reference, or None without a usable reference."""
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
