"""Figures and tables as BENCHMARKS.md shows them."""

from __future__ import annotations

from collections.abc import Sequence

from winkelvloer.bench.process import KB, Series


def kb(value: float) -> str:
    return f"{value / KB:,.1f} KB"


def seconds(series: Series) -> str:
    """Wall time: the median, (min-max) after it."""
    if not series.ok:
        return "n/a"
    return f"{series.median:.2f} s ({series.spread})"


def cpu(series: Series) -> str:
    """CPU time of the whole process tree, the median."""
    return f"{series.cpu_median:.2f} s" if series.ok else "n/a"


def ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}x" if denominator else "n/a"


def cpu_ratio(ours: Series, other: Series) -> str:
    return ratio(ours.cpu_median, other.cpu_median) if ours.ok and other.ok else "n/a"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]
