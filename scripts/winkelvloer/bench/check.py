"""Timing of `make check` alone, on a generated corpus, and of its refusals of hostile pages.

    python -m winkelvloer.bench.check [--sizes 250 1000] [--repeat 3]

Prints a Markdown section for BENCHMARKS.md. The content check renders every page with the
site's Python-Markdown (what the reader gets), so its cold time is measured here without the
half hour of `make bench`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from winkelvloer.bench import corpus as bench_corpus

REPO = Path(__file__).resolve().parents[3]
HOSTILE = {
    "YAML alias bomb (FM008)": "---\ntitle: &a [x,x,x,x,x,x,x,x,x]\n"
    + "".join(
        f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "tags: [*i]\n---\n\n# Bom\n",
    "20,000 '[' in one paragraph (MDX001)": "---\ntitle: Haken\n---\n\n# Haken\n\n"
    + "[" * 20_000
    + "\n",
    "list nested 400 deep (MDX001)": "---\ntitle: Diep\n---\n\n# Diep\n\n"
    + "\n".join("  " * i + "- n" for i in range(400))
    + "\n",
}


def timed(command: Sequence[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its worker processes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr.decode()}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def summary(runs: Sequence[tuple[float, float]]) -> str:
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    return f"{wall:.2f} s wall, {cpu:.2f} s CPU"


def measure(size: int, repeat: int, work: Path) -> list[str]:
    root = work / f"corpus-{size}"
    root.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    pages = bench_corpus.write_corpus(REPO, root / "docs", size)
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(work / "cache")}
    check = [sys.executable, "-m", "winkelvloer.cli.check"]
    cold = [timed([*check, "--no-cache"], root, env) for _ in range(repeat)]
    timed(check, root, env)
    cached = [timed(check, root, env) for _ in range(repeat)]
    return [f"| {size} x 4 ({pages} pages) | {summary(cold)} | {summary(cached)} |"]


def measure_hostile(repeat: int, work: Path) -> list[str]:
    rows = []
    root = work / "hostile"
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for name, text in HOSTILE.items():
        page = root / "docs" / "hostile.md"
        page.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "winkelvloer.cli.check", "--no-cache", "docs/hostile.md"]
        rows.append(f"| {name} | {summary([timed(command, root, env) for _ in range(repeat)])} |")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m winkelvloer.bench.check", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        load = os.getloadavg()[0]
        lines = [f"Load average at the start: {load:.1f} on {os.cpu_count()} cores.", ""]
        lines += ["| corpus | make check, cold | make check, cached |", "|---|---|---|"]
        for size in args.sizes:
            lines += measure(size, args.repeat, work)
        lines += ["", "| hostile page (whole command) | time |", "|---|---|"]
        lines += measure_hostile(args.repeat, work)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
