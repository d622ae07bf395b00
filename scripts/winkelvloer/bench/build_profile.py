"""Where the build's time goes, and what the safety steps cost: our build under cProfile.

The build runs in one process (`--jobs 1`), so the profile sees every language's build; it
runs twice into a fresh site folder, first with an empty build cache of its own (*cold*: every
page rendered), then with the cache that build filled (*warm*: unchanged pages come from the
page cache, as on an editor's next build). Pagefind runs as a process of its own: its time is
not in the profile.

The safety steps (the sanitizer, the Content-Security-Policy) have no switch
(plugin/config.py), so they are timed inside the same builds: the time spent in the
functions that do them, with what those call (nh3, lexbor). The markup fixes of the finished
page are timed the same way.
"""

from __future__ import annotations

import pstats
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import winkelvloer
from winkelvloer.bench.process import bench_env
from winkelvloer.bench.report import table

BUILD_MODULE = "winkelvloer.cli.build"
SITE = "site-profile"
RUNS = ("cold cache", "warm cache")
OURS = Path(winkelvloer.__file__).parent
PACKAGE_FOLDERS = ("site-packages", "dist-packages")
# Each step by the functions of ours that do it, as (module under winkelvloer, function).
# None of them calls another, so their times add up.
STEPS: dict[str, tuple[tuple[str, str], ...]] = {
    "sanitizer (render/html_policy.py, nh3)": (
        ("render.html_policy", "sanitize_content"),
        ("render.html_policy", "sanitize_page"),
        ("render.html_policy", "text_only"),
    ),
    "Content-Security-Policy (render/csp.py, the theme's inline scripts)": (
        ("render.csp", "with_policy"),
        ("plugin.plugin", "theme_scripts"),
    ),
    "markup fixes (render/finished_page.py)": (
        ("render.finished_page", "conform"),
        ("render.finished_page", "mark_fallback_language"),
    ),
}


@dataclass(frozen=True)
class Profile:
    """One profiled build: own time per owner, time in each of STEPS, and the whole."""

    owners: dict[str, float]
    steps: dict[str, float]
    total: float


def profile_build(root: Path) -> dict[str, Profile]:
    """Our build of the corpus at `root` under cProfile, cold then warm (RUNS). A build that
    failed ends the runs: its output is in root/profile.log."""
    cache = root.parent / f"{root.name}-profile-cache"  # never inside the corpus: refused there
    shutil.rmtree(cache, ignore_errors=True)
    env = {**bench_env(), "SITE_CACHE_DIR": str(cache)}
    profiles: dict[str, Profile] = {}
    for run in RUNS:
        out = root / f"build-{run.split()[0]}.prof"
        out.unlink(missing_ok=True)
        shutil.rmtree(root / SITE, ignore_errors=True)
        with (root / "profile.log").open("ab") as log:
            subprocess.run(command(out), cwd=root, env=env, stdout=log, stderr=log, check=False)
        # cProfile exits 0 whatever the build said; the build writes the site only on success.
        if not (out.is_file() and (root / SITE / "index.html").is_file()):
            break
        profiles[run] = read_profile(out)
    return profiles


def command(out: Path) -> list[str]:
    build = [BUILD_MODULE, "--strict", "--jobs", "1", "-q", "-f", "mkdocs.yml", "-d", SITE]
    return [sys.executable, "-m", "cProfile", "-o", str(out), "-m", *build]


def read_profile(path: Path) -> Profile:
    stats = pstats.Stats(str(path))
    step_of = {function: step for step, functions in STEPS.items() for function in functions}
    owners: dict[str, float] = defaultdict(float)
    steps = dict.fromkeys(STEPS, 0.0)
    # Stats.stats and total_tt hold the measurements; typeshed leaves them out.
    for (filename, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        owners[owner(filename, name)] += row[2]  # own time
        step = step_of.get((our_module(filename) or "", name))
        if step is not None:
            steps[step] += row[3]  # with what it calls
    return Profile(dict(owners), steps, stats.total_tt)  # type: ignore[attr-defined]


def owner(filename: str, name: str) -> str:
    """Who a profiled function belongs to: a module of ours, a package (Python-Markdown is
    `markdown`, Jinja `jinja2`, static-i18n `mkdocs_static_i18n`), a template, a builtin or
    the standard library."""
    if filename == "~":
        if "poll" in name or "waitpid" in name:
            return "waiting for subprocesses (Pagefind)"
        return "builtin " + name.strip("<>{}").replace("built-in method ", "")[:50]
    module = our_module(filename)
    if module is not None:
        return f"ours {module}"
    path = Path(filename)
    for folder in PACKAGE_FOLDERS:
        if folder in path.parts:
            return "package " + path.parts[path.parts.index(folder) + 1].removesuffix(".py")
    if filename.startswith("<") and not filename.startswith("<frozen"):
        return "generated code"  # dataclasses' methods, namedtuples
    if path.suffix != ".py" and not filename.startswith("<"):
        return f"template {path.name}"  # the theme's overrides/, compiled by Jinja
    stem = path.parent.name if path.stem == "__init__" else path.stem
    return f"stdlib {stem.strip('<>').removeprefix('frozen ')}"


def our_module(filename: str) -> str | None:
    """The module of this package a file holds, as `render.html_policy`; None if not ours."""
    path = Path(filename)
    if not path.is_relative_to(OURS) or path.suffix != ".py":
        return None
    parts = path.relative_to(OURS).with_suffix("").parts
    return ".".join(part for part in parts if part != "__init__") or winkelvloer.__name__


def section(profiles: dict[str, Profile], size: int, top: int = 15) -> list[str]:
    if not profiles:
        return []
    runs = list(profiles)
    found = profiles.values()
    largest = sorted(
        {name for p in found for name in p.owners},
        key=lambda name: -max(p.owners.get(name, 0.0) for p in found),
    )[:top]
    owners = [[name, *(f"{p.owners.get(name, 0.0):.2f} s" for p in found)] for name in largest]
    steps = [[step, *(share(p.steps[step], p.total) for p in found)] for step in STEPS]
    steps += [
        ["all three", *(share(sum(p.steps.values()), p.total) for p in found)],
        ["the whole build", *(f"{p.total:.2f} s" for p in found)],
    ]
    return [
        "## Where the build's time goes",
        "",
        f"One build of ours at {size} x 4 in one process (`python -m {BUILD_MODULE} --strict "
        "--jobs 1`) under cProfile, into a fresh site folder: *cold*, with an empty build "
        "cache of its own; *warm*, again with the cache that build filled (unchanged pages come "
        "from the page cache). Own time per package, module of ours, template or builtin; "
        "profiling slows the build down, and Pagefind (a process of its own) is not in it.",
        "",
        *table(["where", *(f"own time, {run}" for run in runs)], owners),
        "What the safety steps cost: they have no switch (plugin/config.py), so they are timed "
        "in the same builds, as the time spent in the functions that do them, with what those "
        "call (nh3's sanitizer, lexbor's parses), and their share of the whole build. Template "
        "escaping is Jinja's autoescape, part of Jinja's time above.",
        "",
        *table(["step", *runs], steps),
    ]


def share(seconds: float, total: float) -> str:
    return f"{seconds:.2f} s ({100 * seconds / total:.1f} %)" if total else f"{seconds:.2f} s"
