"""Run every benchmark module and print each figure beside its target and reference.

Usage: ``python -m bench [NAME ...]`` where NAME picks modules (``store``, ``startup`` ...).
Exit status is 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

import importlib
import sys

from bench.common import Figure

MODULES = ("store", "export", "history", "record", "startup", "due", "terminal", "cues")


def fmt(value: float | None, unit: str) -> str:
    """Format a figure with a sensible number of digits."""
    if value is None:
        return "-"
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:.{digits}f} {unit}".strip()


def row(figure: Figure) -> tuple[str, ...]:
    """One printed row for a figure."""
    target = ""
    if figure.target is not None:
        target = ("<= " if figure.better == "lower" else ">= ") + fmt(figure.target, figure.unit)
    if figure.ratio_target is not None:
        target = (target + "; " if target else "") + f"<= {figure.ratio_target:g}x ref"
    ratio = "-" if figure.ratio is None else f"{figure.ratio:.2f}x"
    reference = fmt(figure.reference, figure.unit)
    if figure.reference_label:
        reference += f" ({figure.reference_label})"
    verdict = "ok" if figure.ok else "MISSED"
    return (figure.name, fmt(figure.value, figure.unit), target, reference, ratio, verdict)


def print_table(rows: list[tuple[str, ...]]) -> None:
    """Print rows as aligned columns."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


def main(argv: list[str]) -> int:
    """Run the chosen modules (all by default) and print their figures."""
    chosen = argv or list(MODULES)
    header = ("figure", "measured", "target", "reference (same run)", "ratio", "")
    rows: list[tuple[str, ...]] = [header]
    missed = 0
    for name in chosen:
        try:
            module = importlib.import_module(f"bench.bench_{name}")
        except ModuleNotFoundError as error:
            if error.name != f"bench.bench_{name}":
                raise
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        for figure in module.run():
            rows.append(row(figure))
            missed += not figure.ok
    print_table(rows)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
