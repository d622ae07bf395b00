"""The targets table of BENCHMARKS.md: each target with its figure, met or missed, and a
missed one by how much."""

from __future__ import annotations

from dataclasses import dataclass

from winkelvloer.bench.process import Series
from winkelvloer.bench.report import seconds

HEADER = ("target", "measured", "", "missed by")
DIGITS = {" MB": 0, " KB": 1}  # decimals of a margin, by unit (two otherwise)


@dataclass(frozen=True)
class Target:
    label: str  # "build ≤ 15 s (1000 x 4, 2 processes)"
    measured: str  # the figure as the report shows it
    value: float | None  # None: not measured
    limit: float
    unit: str = " s"  # of value and limit, for the margin
    at_least: bool = False  # the value must reach the limit instead of staying under it
    also_missed: str = ""  # a second condition of the target that failed, in words

    @property
    def within(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.limit if self.at_least else self.value <= self.limit

    @property
    def passed(self) -> bool | None:
        within = self.within
        return within if within is None else within and not self.also_missed

    @property
    def verdict(self) -> str:
        return {None: "n/a", True: "met", False: "**missed**"}[self.passed]

    @property
    def margin(self) -> str:
        """How far a missed target is from its limit: the difference and the ratio."""
        if self.passed is not False or self.value is None:
            return ""
        if self.within:
            return self.also_missed
        gap = self.limit - self.value if self.at_least else self.value - self.limit
        side = "short" if self.at_least else "over"
        times = f"{self.value / self.limit:.2f}x the limit" if self.limit else ""
        digits = DIGITS.get(self.unit, 2)
        text = f"{gap:,.{digits}f}{self.unit} {side}" + (f" ({times})" if times else "")
        return f"{text}; {self.also_missed}" if self.also_missed else text

    def row(self) -> list[str]:
        return [self.label, self.measured, self.verdict, self.margin]


def unmeasured(label: str, why: str = "n/a") -> Target:
    return Target(label, why, None, 0.0)


def time_target(label: str, series: Series, limit: float) -> Target:
    """The median wall time of `series` against a limit in seconds."""
    if not series.ok:
        return unmeasured(label)
    return Target(label, seconds(series), series.median, limit)


def wall_share_target(label: str, ours: Series, other: Series, limit: float) -> Target:
    """Our median wall time as a multiple of another command's, measured in the same run."""
    return share_target(label, ours, other, limit, cpu=False)


def cpu_share_target(label: str, ours: Series, other: Series, limit: float) -> Target:
    """Our median CPU time (the whole process tree) as a multiple of another command's."""
    return share_target(label, ours, other, limit, cpu=True)


def share_target(label: str, ours: Series, other: Series, limit: float, *, cpu: bool) -> Target:
    if not (ours.ok and other.ok):
        return unmeasured(label)
    mine, theirs = (ours.cpu_median, other.cpu_median) if cpu else (ours.median, other.median)
    times = mine / theirs
    kind = " CPU" if cpu else ""
    measured = f"{times:.2f}x ({mine:.2f} s / {theirs:.2f} s{kind})"
    return Target(label, measured, times, limit, unit="x")
