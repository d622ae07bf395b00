"""Running a measured command: its wall time, the CPU time of its whole process tree, its
peak memory and its exit code.

CPU time comes from wait4: the user and system time of the command and of every descendant
that was waited for by its parent (the kernel adds a process's time, and the time of the
children it waited for, to its parent's when the parent reaps it). The project's build waits
for its forked language builds and for each Pagefind run; `sh -c "a && b"` waits for a and b.
A process left to run on after its parent exited is not counted.
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
KB = 1024
MB = 1024 * 1024


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def cores() -> int:
    """The cores the builds may use (fewer than the machine's in a limited container)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_kb: int  # largest single process of the tree (wait4's ru_maxrss)
    tree_peak_kb: int  # largest sum over the process tree, sampled every 50 ms
    returncode: int
    cpu_seconds: float = 0.0  # user + system time of the whole tree (see the module's doc)


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants from /proc."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.peak_kb = max(self.peak_kb, tree_rss_kb(self.pid))


def tree_rss_kb(root: int) -> int:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            parent = parent_pid(entry.name)
            if parent is not None:
                children[parent].append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss_kb(pid)
        todo += children.get(pid, [])
    return total


def parent_pid(pid: str) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def rss_kb(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE // KB
    except (OSError, IndexError, ValueError):
        return 0


def measure(
    command: Sequence[str],
    cwd: Path,
    logfile: Path,
    stdout: Path | None = None,
    limit: float | None = None,
    env: Mapping[str, str] | None = None,
) -> Run:
    """Run a command to completion (or stop it after `limit` seconds); wall time, CPU time
    of its tree, peak memory and exit code. Its output goes to logfile (stdout to its own file
    if given); `env` adds to the bench's environment."""
    with logfile.open("ab") as out, (stdout or logfile).open("ab") as std:
        out.write(f"$ {' '.join(command)}\n".encode())
        out.flush()
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**bench_env(), **(env or {})},
            stdout=std,
            stderr=out,
            start_new_session=True,
        )
        sampler = TreeSampler(process.pid)
        sampler.start()
        timer = threading.Timer(limit or 0, stop_group, [process.pid]) if limit else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        if timer:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
    peak = int(usage.ru_maxrss)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, peak, max(sampler.peak_kb, peak), process.returncode, cpu)


def stop_group(pid: int) -> None:
    """Stop a command that ran past its limit, with the processes it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)


def bench_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("PYTHONHASHSEED", "0")
    return env


@dataclass
class Series:
    """Repeated runs of one command."""

    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu_median(self) -> float:
        return statistics.median(r.cpu_seconds for r in self.runs)

    @property
    def spread(self) -> str:
        low, high = min(r.seconds for r in self.runs), max(r.seconds for r in self.runs)
        return f"{low:.2f}-{high:.2f}"

    @property
    def peak_mb(self) -> float:
        return max(r.peak_kb for r in self.runs) / KB

    @property
    def tree_peak_mb(self) -> float:
        return max(r.tree_peak_kb for r in self.runs) / KB

    @property
    def failed(self) -> int:
        return sum(1 for r in self.runs if r.returncode != 0)


def repeat(count: int, command: Sequence[str], cwd: Path, logfile: Path) -> Series:
    series = Series()
    for _ in range(count):
        series.runs.append(measure(command, cwd, logfile))
    return series
