"""Benchmarks on a generated corpus; writes BENCHMARKS.md.

    python -m winkelvloer.bench [--sizes 250 1000] [--repeat 3] [--out BENCHMARKS.md] [--keep DIR]
                                [--linkchecker smallest|all|none] [--only cards|hugo|search]

The defaults take about 20 minutes on a quiet 2-core machine. `--only hugo` measures the
builds beside Hugo's alone and prints that section; `--only search` builds the largest size
once and prints the search section (a few minutes at 1000 x 4).

For each size N it generates N articles in every language (winkelvloer/bench/corpus.py) next to a
copy of mkdocs.yml and overrides/, then measures, `--repeat` times where timing varies:

1. build time: a default MkDocs + Material + static-i18n site (Material's search plugin,
   every article in the nav, none of the site's own steps; built once per size), the
   project's own build (its own steps, Pagefind) in one process and on every core, and Hugo
   on the same Markdown
   (winkelvloer/bench/hugo.py; Debian's `hugo`, left out with a note when missing);
2. checks: `python -m winkelvloer.cli.check`, `... cli.check_site` and LinkChecker (at the
   smallest size only unless --linkchecker all: it takes about 13 minutes at 1000 x 4);
3. search: bytes one query costs a reader who opens the search by keyboard and types it, in
   Chromium;
4. page weight: bytes of an article page on a first visit, in Chromium;
5. peak memory of the builds and the checks.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import os
import platform
import pstats
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from winkelvloer.bench import corpus as bench_corpus
from winkelvloer.bench import floor as bench_floor
from winkelvloer.bench import hugo
from winkelvloer.bench import preview as bench_preview
from winkelvloer.bench.browser import TYPING_GAPS_MS, Visit, launch, serve, visit
from winkelvloer.bench.targets import HEADER, Target, unmeasured

REPO = Path(__file__).resolve().parents[3]
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
KB = 1024
MB = 1024 * 1024
LINKCHECKER = "linkchecker"
CHROMIUM = Path("/usr/bin/chromium")
# Anchors checked, external links not, and no throttling: the bench server allows it by sending
# the "LinkChecker" header LinkChecker requires for more than 10 requests per second.
LINKCHECKER_CONFIG = """[checking]
maxrequestspersecond=1000

[filtering]
checkextern=0

[AnchorCheck]
"""
LINKCHECKER_LIMIT = 900.0  # seconds
INSTALL_LINKCHECKER = "apt-get install -y linkchecker"
INSTALL_CHROMIUM = "apt-get install -y chromium"
HUGO_DIR = "hugo"  # the Hugo site next to each corpus

# The project's build on every core (`python -m winkelvloer.cli.build --jobs N`). Until that
# command exists, the one-process build is `mkdocs build` and the all-cores line stays empty.
PARALLEL_BUILD = "winkelvloer.cli.build"
# The default MkDocs build is a reference that barely changes and takes minutes at 1000 x 4:
# it runs once per size, whatever --repeat says.
DEFAULT_BUILD_RUNS = 1
# LinkChecker takes about 13 minutes at 1000 x 4: by default it runs at the smallest size only.
LINKCHECKER_SIZES = ("smallest", "all", "none")

# Targets, checked at the largest size measured.
BUILD_SECONDS = 15.0
BUILD_TIMES_HUGO = 6.0
BUILD_SHARE_OF_DEFAULT = 1 / 3
BUILD_GROWTH = 4.2
PEAK_MB = 300
ARTICLE_HTML_KB = 30
FIRST_VISIT_KB = 300
SEARCH_KB = 150
CHECK_SECONDS = 2.0
SITE_CHECK_SECONDS = 5.0
SITE_CHECK_SPEEDUP = 10.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- Running a command, with its time and memory -----------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_kb: int  # largest single process of the tree (wait4's ru_maxrss)
    tree_peak_kb: int  # largest sum over the process tree, sampled every 50 ms
    returncode: int
    cpu_seconds: float = 0.0  # user + system time of the command and the processes it waited for


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
) -> Run:
    """Run a command to completion (or stop it after `limit` seconds); wall time, peak memory
    and exit code. Its output goes to logfile (stdout to its own file if given)."""
    env = bench_env()
    with logfile.open("ab") as out, (stdout or logfile).open("ab") as std:
        out.write(f"$ {' '.join(command)}\n".encode())
        out.flush()
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=std, stderr=out, start_new_session=True
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


# --- The corpus and its two configurations -----------------------------------------------------


@dataclass
class Corpus:
    root: Path
    size: int
    pages: int
    article: str  # URL path of the article page measured in the browser
    query: str  # a word a reader searches for, in the default language
    base: str  # the path of site_url ("/winkelvloer/")
    slugs: tuple[str, ...] = ()  # the articles, by file name without language or .md
    hugo_languages: tuple[hugo.HugoLanguage, ...] = ()


def prepare(work: Path, size: int) -> Corpus:
    root = work / f"corpus-{size}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides", ignore=ignore_caches)
    pages = bench_corpus.write_corpus(REPO, root / "docs", size)
    config = bench_corpus.load_yaml(REPO / "mkdocs.yml")
    slugs = sorted(
        p.stem for p in (root / "docs" / "artikelen").glob("*.md") if p.stem.count(".") == 0
    )
    write_default_config(root, config, slugs)
    languages = bench_corpus.load_languages(REPO / "mkdocs.yml")
    site_url = str(config.get("site_url") or "/")
    hugo_languages = hugo.languages_of(config)
    site_name = str(config.get("site_name") or "Site")
    hugo.write_site(root / "docs", root / HUGO_DIR, hugo_languages, site_name, site_url)
    return Corpus(
        root,
        size,
        pages,
        f"artikelen/{slugs[0]}/",
        query_word(languages[0]),
        url_path(site_url),
        tuple(slugs),
        tuple(hugo_languages),
    )


def ignore_caches(_folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n == "__pycache__"]


def url_path(site_url: str) -> str:
    rest = site_url.split("://", 1)[-1]
    path = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
    return path if path.endswith("/") else path + "/"


def query_word(language: bench_corpus.Language) -> str:
    """A frequent, meaningful word: the commonest one of seven letters or more."""
    return next((w for w in language.vocabulary if len(w) >= 7), language.vocabulary[0])


def write_default_config(root: Path, config: dict[str, Any], slugs: list[str]) -> None:
    """MkDocs + Material + static-i18n as documented, every article in the nav, none of the
    site's own steps."""
    languages = [default_language_entry(e) for e in bench_corpus.i18n_languages(config)]
    default = next((e["locale"] for e in languages if e.get("default")), "en")
    theme_dir = root / "default-overrides"
    theme_dir.mkdir(exist_ok=True)
    # The home page asks for template: home.html; the default site renders it as a plain page.
    (theme_dir / "home.html").write_text('{% extends "main.html" %}\n', encoding="utf-8")
    settings = {
        "site_name": config.get("site_name", "Site"),
        "site_url": str(config.get("site_url") or ""),
        "docs_dir": "docs",
        "site_dir": "site-default",
        "theme": {"name": "material", "language": default, "custom_dir": "default-overrides"},
        "plugins": [
            "search",
            "tags",
            {"i18n": {"docs_structure": "suffix", "languages": languages}},
        ],
        "markdown_extensions": [
            "attr_list",
            "admonition",
            "md_in_html",
            {"toc": {"permalink": True}},
            "pymdownx.smartsymbols",
        ],
        "nav": [
            {"Home": "index.md"},
            {"Artikelen": [f"artikelen/{slug}.md" for slug in slugs]},
            {"Tags": "tags.md"},
        ],
    }
    text = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
    (root / "mkdocs.default.yml").write_text(text, encoding="utf-8")


def default_language_entry(entry: dict[str, Any]) -> dict[str, Any]:
    keep = ("locale", "name", "default", "build", "site_name", "nav_translations")
    return {key: entry[key] for key in keep if key in entry}


# --- The measurements --------------------------------------------------------------------------


@dataclass
class SizeResult:
    corpus: Corpus
    default_build: Series = field(default_factory=Series)
    full_build: Series = field(default_factory=Series)  # ours, one process
    parallel_build: Series = field(default_factory=Series)  # ours, one process per core
    hugo_build: Series = field(default_factory=Series)
    hugo_missing: list[str] = field(default_factory=list)  # article pages Hugo did not write
    check: Series = field(default_factory=Series)  # with its cache filled
    check_cold: Series = field(default_factory=Series)  # --no-cache, as in CI
    site_check: Series = field(default_factory=Series)
    linkchecker: Series = field(default_factory=Series)
    linkchecker_urls: str = ""
    linkchecker_stopped: bool = False  # ran past LINKCHECKER_LIMIT: its time is a lower bound
    default_visit: Visit | None = None
    full_visit: Visit | None = None
    floor: bench_floor.Floor | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def build(self) -> Series:
        """The project's build as it runs: on every core when it can, else in one process."""
        return self.parallel_build if self.parallel_build.ok else self.full_build


def mkdocs(config: str, site: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", site]


def cores() -> int:
    """The cores the builds may use (fewer than the machine's in a limited container)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parallel_build_exists() -> bool:
    return importlib.util.find_spec(PARALLEL_BUILD) is not None


def our_build(site: str, jobs: int, parallel: bool | None = None) -> list[str] | None:
    """The project's build on `jobs` processes (None: that build does not exist yet)."""
    if parallel if parallel is not None else parallel_build_exists():
        command = [sys.executable, "-m", PARALLEL_BUILD, "--jobs", str(jobs)]
        return [*command, "-q", "-f", "mkdocs.yml", "-d", site]
    return mkdocs("mkdocs.yml", site) if jobs == 1 else None


def measure_builds(
    result: SizeResult, repeats: int, logfile: Path, default_runs: int = DEFAULT_BUILD_RUNS
) -> None:
    """Interleaved, so a busy moment of the machine hits every build alike."""
    root = result.corpus.root
    parallel = our_build("site-full", cores())
    hugo_site = root / HUGO_DIR
    has_hugo = shutil.which(hugo.HUGO) is not None
    for number in range(repeats):
        log(f"{result.corpus.size}: builds {number + 1}/{repeats}")
        if number < default_runs:
            result.default_build.runs.append(
                measure(mkdocs("mkdocs.default.yml", "site-default"), root, logfile)
            )
        result.full_build.runs.append(measure(our_build("site-full", 1) or [], root, logfile))
        if parallel and cores() > 1:
            result.parallel_build.runs.append(measure(parallel, root, logfile))
        if has_hugo:
            result.hugo_build.runs.append(measure(hugo.hugo_command(hugo_site), root, logfile))
    build_notes(result, logfile, has_hugo, parallel is not None)


def build_notes(result: SizeResult, logfile: Path, has_hugo: bool, parallel: bool) -> None:
    for name, series in (
        ("default", result.default_build),
        ("project (one process)", result.full_build),
        (f"project ({cores()} processes)", result.parallel_build),
        ("Hugo", result.hugo_build),
    ):
        if series.failed:
            result.notes.append(f"{series.failed} {name} build(s) failed; see {logfile}")
    if not parallel:
        result.notes.append(
            f"`python -m {PARALLEL_BUILD}` does not exist yet: the build on every core was not "
            "measured, and the targets judge the one-process build"
        )
    if not has_hugo:
        result.notes.append(f"Hugo is not installed (`{hugo.INSTALL_HUGO}`): no Hugo figures")
    elif result.hugo_build.ok:
        public = result.corpus.root / HUGO_DIR / hugo.PUBLIC
        result.hugo_missing = hugo.missing_pages(
            public, result.corpus.slugs, result.corpus.hugo_languages
        )
        if result.hugo_missing:
            result.notes.append(
                f"Hugo left out {len(result.hugo_missing)} article pages, such as "
                f"{result.hugo_missing[0]}: its time is not of the same work"
            )


def measure_checks(
    result: SizeResult, repeats: int, logfile: Path, linkchecker: bool = True
) -> None:
    root = result.corpus.root
    log(f"{result.corpus.size}: make check x{repeats}")
    check = [sys.executable, "-m", "winkelvloer.cli.check"]
    result.check_cold = repeat(repeats, [*check, "--no-cache"], root, logfile)
    measure(check, root, logfile)  # fills the cache, as an editor's earlier run would
    result.check = repeat(repeats, check, root, logfile)
    if result.check.failed:
        result.notes.append(f"winkelvloer.cli.check exited non-zero ({check_hint(logfile)})")
    log(f"{result.corpus.size}: check_site x{repeats}")
    command = [sys.executable, "-m", "winkelvloer.cli.check_site", "site-full", "-f", "mkdocs.yml"]
    result.site_check = repeat(repeats, command, root, logfile)
    if result.site_check.failed:
        result.notes.append(f"check_site found errors in the built corpus; see {logfile}")
    if linkchecker:
        measure_linkchecker(result, logfile)


def check_hint(logfile: Path) -> str:
    tail = logfile.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
    return tail[0][:160] if tail else "no output"


def measure_linkchecker(result: SizeResult, logfile: Path) -> None:
    if shutil.which(LINKCHECKER) is None:
        result.notes.append(f"LinkChecker is not installed: `{INSTALL_LINKCHECKER}`")
        log(f"LinkChecker not found; install it with: {INSTALL_LINKCHECKER}")
        return
    log(f"{result.corpus.size}: LinkChecker (once)")
    rc = write_linkchecker_config()
    out = result.corpus.root / "linkchecker.txt"
    try:
        with serve(result.corpus.root / "site-full", result.corpus.base) as served:
            command = linkchecker_command(rc, served.url)
            out.unlink(missing_ok=True)
            run = measure(command, result.corpus.root, logfile, out, limit=LINKCHECKER_LIMIT)
            result.linkchecker.runs.append(run)
    finally:
        rc.unlink(missing_ok=True)
    if run.seconds >= LINKCHECKER_LIMIT:
        result.linkchecker_stopped = True
        result.notes.append(f"LinkChecker was stopped after {LINKCHECKER_LIMIT:.0f} s")
    result.linkchecker_urls = linkchecker_summary(out)


def write_linkchecker_config() -> Path:
    """Anchors on, external links off. World-readable: LinkChecker drops root to nobody."""
    handle, name = tempfile.mkstemp(prefix="linkcheckerrc-", suffix=".ini")
    os.close(handle)
    path = Path(name)
    path.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
    path.chmod(0o644)
    return path


def linkchecker_command(rc: Path, url: str) -> list[str]:
    return [LINKCHECKER, "-f", str(rc), "--no-status", "-o", "text", url]


def linkchecker_summary(out: Path) -> str:
    if not out.exists():
        return ""
    for line in reversed(out.read_text(encoding="utf-8", errors="replace").splitlines()):
        if "checked" in line and "link" in line:
            return line.strip()
    return ""


def measure_browser(results: list[SizeResult]) -> None:
    if not CHROMIUM.exists():
        for result in results:
            result.notes.append(f"Chromium not found at {CHROMIUM}: `{INSTALL_CHROMIUM}`")
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for result in results:
                result.default_visit = browse(browser, result, "site-default")
                result.full_visit = browse(browser, result, "site-full")
        finally:
            browser.close()


def browse(browser: Any, result: SizeResult, site: str) -> Visit | None:
    corpus = result.corpus
    if not (corpus.root / site / "index.html").exists():
        return None
    log(f"{corpus.size}: Chromium on {site}/{corpus.article} searching {corpus.query!r}")
    with serve(corpus.root / site, corpus.base) as served:
        found = visit(browser, served, corpus.article, corpus.query)
    if found.error:
        result.notes.append(f"{site}: {found.error}")
    return found


# --- Where the build's time goes ---------------------------------------------------------------


def profile_build(corpus: Corpus, top: int = 15) -> list[tuple[str, float]]:
    """Run the project's build once under cProfile; own time per package or hook file."""
    out = corpus.root / "build.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs"]
    command += ["build", "-q", "-f", "mkdocs.yml", "-d", "site-profile"]
    subprocess.run(command, cwd=corpus.root, env=bench_env(), capture_output=True, check=False)
    if not out.exists():
        return []
    stats = pstats.Stats(str(out))
    totals: dict[str, float] = defaultdict(float)
    # Stats.stats holds the measurements; typeshed leaves the attribute out.
    for (filename, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        totals[owner(filename, name)] += row[2]
    return sorted(totals.items(), key=lambda item: -item[1])[:top]


def owner(filename: str, name: str) -> str:
    """Who a profiled function belongs to: a package, a project hook or a builtin."""
    if filename == "~":
        if "poll" in name or "waitpid" in name:
            return "waiting for subprocesses (Pagefind)"
        return "builtin " + name.strip("<>{}").replace("built-in method ", "")[:50]
    path = Path(filename)
    if "hooks" in path.parts:
        return f"hook {path.name}"
    if "site-packages" in path.parts:
        return "package " + path.parts[path.parts.index("site-packages") + 1].removesuffix(".py")
    module = path.parent.name if path.stem == "__init__" else path.stem
    return f"stdlib {module.strip('<>').removeprefix('frozen ')}"


# --- The report --------------------------------------------------------------------------------


def kb(value: float) -> str:
    return f"{value / KB:,.1f} KB"


def seconds(series: Series) -> str:
    if not series.ok:
        return "n/a"
    return f"{series.median:.2f} s ({series.spread})"


def ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}x" if denominator else "n/a"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def build_section(results: list[SizeResult]) -> list[str]:
    rows = [
        [
            f"{r.corpus.size} x 4 ({r.corpus.pages} article pages)",
            seconds(r.default_build),
            seconds(r.full_build),
            seconds(r.parallel_build),
            seconds(r.hugo_build),
            share_of(r.build, r.default_build),
            share_of(r.build, r.hugo_build),
        ]
        for r in results
    ]
    lines = ["## 1. Build time", ""]
    lines += [
        "Median of the repetitions, (min-max) after it; the builds take turns, so a busy "
        "moment of the machine hits them alike. *Default*: MkDocs + Material + static-i18n, "
        "Material's search plugin, every article in the nav, none of the site's own steps; a "
        f"reference built {DEFAULT_BUILD_RUNS}x per size. *Ours*: the project's mkdocs.yml (the "
        "site's own steps, Pagefind index), in one process and with "
        f"`python -m {PARALLEL_BUILD} --jobs {cores()}`. "
        "*Hugo*: Debian's `hugo` on the same Markdown, with a minimal layout (a page template, "
        "a list template, the same four languages; winkelvloer/bench/hugo.py). The ratios "
        f"take ours on {cores()} processes when that build exists.",
        "",
    ]
    header = [
        "corpus",
        "default",
        "ours, 1 process",
        f"ours, {cores()} processes",
        "Hugo",
        "ours / default",
        "ours / Hugo",
    ]
    lines += table(header, rows)
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = [
            ["default", growth_of(first.default_build, last.default_build)],
            ["ours, 1 process", growth_of(first.full_build, last.full_build)],
            [f"ours, {cores()} processes", growth_of(first.parallel_build, last.parallel_build)],
            ["Hugo", growth_of(first.hugo_build, last.hugo_build)],
        ]
        lines += [
            f"Growth from {first.corpus.size} to {last.corpus.size} articles "
            f"({last.corpus.size / first.corpus.size:.0f}x the content):",
            "",
        ]
        lines += table(["build", "growth"], growth)
    return lines


def measure_floor(result: SizeResult) -> None:
    log(f"{result.corpus.size}: the least this stack can do")
    result.floor = bench_floor.measure_floor(result.corpus.root, result.corpus.root / "site-full")


def floor_section(results: list[SizeResult]) -> list[str]:
    measured = [r for r in results if r.floor is not None]
    if not measured:
        return []
    lines = [
        "## The least this stack can do",
        "",
        "CPU seconds the libraries that cannot be left out spend on the corpus alone "
        "(winkelvloer/bench/floor.py): markdown-it-py parsing every Markdown file, as "
        "`make check` parses it; Python-Markdown with the extensions of mkdocs.yml converting "
        "every page's body, as the build renders it (MkDocs, Material's templates, static-i18n "
        "and the site's own steps come on top); Pagefind indexing the built site. Divided by "
        "the cores, the sums are wall times no "
        f"build or check on this stack can beat ({cores()} cores here).",
        "",
    ]
    header = [
        "corpus",
        "files",
        "markdown-it",
        "Python-Markdown",
        "Pagefind",
        f"check at least, {cores()} cores",
        f"build at least, {cores()} cores",
        "ours, build",
    ]
    rows = [floor_row(r) for r in measured]
    return lines + table(header, rows)


def floor_row(result: SizeResult) -> list[str]:
    floor = result.floor
    assert floor is not None
    build = floor.build_seconds(cores())
    return [
        f"{result.corpus.size} x 4",
        str(floor.pages),
        f"{floor.markdown_it:.2f} s CPU",
        f"{floor.python_markdown:.2f} s CPU",
        f"{floor.pagefind:.2f} s CPU" if floor.pagefind is not None else "n/a",
        f"{floor.check_seconds(cores()):.2f} s",
        f"{build:.2f} s" if build is not None else "n/a",
        seconds(result.build),
    ]


def share_of(ours: Series, other: Series) -> str:
    return ratio(ours.median, other.median) if ours.ok and other.ok else "n/a"


def growth_of(small: Series, large: Series) -> str:
    return ratio(large.median, small.median) if small.ok and large.ok else "n/a"


def checks_section(results: list[SizeResult]) -> list[str]:
    rows = []
    for r in results:
        speedup = (
            ratio(r.linkchecker.median, r.site_check.median)
            if r.linkchecker.ok and r.site_check.ok
            else "n/a"
        )
        rows.append(
            [
                f"{r.corpus.size} x 4",
                seconds(r.check_cold),
                seconds(r.check),
                seconds(r.site_check),
                ("> " if r.linkchecker_stopped else "") + seconds(r.linkchecker),
                ("≥ " if r.linkchecker_stopped else "") + speedup,
            ]
        )
    lines = ["## 2. Checks", ""]
    lines += [
        "Wall time of the whole command, Python start-up included. *make check*: "
        "`python -m winkelvloer.cli.check` on the corpus, cold (`--no-cache`, as in CI) and with "
        "its cache filled (an editor's next run). LinkChecker runs once "
        "per size against the built site on a local server (127.0.0.1, anchors checked, "
        "no external links), at the sizes `--linkchecker` names (by default the smallest).",
        "",
    ]
    lines += table(
        [
            "corpus",
            "make check, cold",
            "make check, cached",
            "check_site",
            "LinkChecker",
            "LinkChecker / check_site",
        ],
        rows,
    )
    summaries = [
        f"- {r.corpus.size} x 4: LinkChecker said: {r.linkchecker_urls}"
        for r in results
        if r.linkchecker_urls
    ]
    summaries += [check_cpu_line(r) for r in results if r.check_cold.ok]
    return lines + summaries + ([""] if summaries else [])


def check_cpu_line(result: SizeResult) -> str:
    """What bounds the cold check: its CPU time, shared by at most one process per core."""
    series = result.check_cold
    pages = result.corpus.pages
    return (
        f"- {result.corpus.size} x 4: make check, cold, used {series.cpu_median:.2f} s of CPU, "
        f"{1000 * series.cpu_median / pages:.1f} ms per article page (reading, front matter, "
        "markdown-it and Python-Markdown with the site's extensions); on "
        f"{cores()} cores its wall time cannot go below {series.cpu_median / cores():.2f} s."
    )


def search_section(results: list[SizeResult]) -> list[str]:
    rows = []
    for r in results:
        for name, found in (("default", r.default_visit), ("ours", r.full_visit)):
            if found is not None or name == "ours":
                rows.append([f"{r.corpus.size} x 4", name, *search_cells(found)])
    lines = ["## 3. Search", ""]
    lines += [
        "Bytes one query costs a reader on an article page, in Chromium: every search file "
        "the page loads up front (Material's worker, lunr and search_index.json) plus all "
        "that opening the search and typing the query fetches (Pagefind's script, "
        "WebAssembly, index chunks, fragments of the results shown). The reader opens the "
        "search by keyboard (Ctrl+K on ours, / on the default site) and types the query one "
        "key at a time, "
        f"{min(TYPING_GAPS_MS)}-{max(TYPING_GAPS_MS)} ms apart (about 60 words a minute). "
        "*Wire* is what the server sent, gzip-compressed like GitHub Pages; *raw* is decoded.",
        "",
    ]
    lines += table(["corpus", "site", "wire", "raw", "files", "how", "results"], rows)
    return lines + search_breakdown(results[-1])


def search_breakdown(result: SizeResult) -> list[str]:
    """Which files one search of ours downloads, largest first."""
    found = result.full_visit
    if found is None or found.error or not found.search_method:
        return []
    sizes: dict[str, tuple[int, int]] = {}
    for fetch in found.search_files():
        name = urlsplit(fetch.url).path.rsplit("/pagefind/", 1)[-1]
        sizes[name] = (fetch.wire, fetch.raw)
    rows = [
        [f"`{name}`", kb(wire), kb(raw)]
        for name, (wire, raw) in sorted(sizes.items(), key=lambda item: -item[1][0])
    ]
    intro = f"What one search of ours downloads at {result.corpus.size} x 4:"
    excerpts = sum(wire for name, (wire, _) in sizes.items() if name.startswith("fragment/"))
    total = sum(wire for wire, _ in sizes.values())
    split = (
        f"Before the first excerpt (Pagefind's code, the language's metadata and the index "
        f"chunks the query needs): {kb(total - excerpts)}; the excerpts of the results "
        f"shown ({found.search_results}, one fragment each): {kb(excerpts)}."
    )
    return [intro, "", *table(["file", "wire", "raw"], rows), split, ""]


def search_cells(found: Visit | None) -> list[str]:
    if found is None or found.error:
        return ["n/a", "n/a", "", found.error if found else "not built", ""]
    wire, raw = found.search_bytes()
    how = {"ui": "typed in the search box", "api": "Pagefind API"}.get(found.search_method, "none")
    files = len({f.url for f in found.search_files()})
    return [kb(wire), kb(raw), str(files), how, str(found.search_results)]


WEIGHT_KINDS = (
    ("HTML", ("document",)),
    ("CSS", ("stylesheet",)),
    ("JS", ("script",)),
    ("fonts", ("font",)),
    ("HTML+CSS+JS+fonts", ("document", "stylesheet", "script", "font")),
    ("everything", None),
)


def weight_section(results: list[SizeResult]) -> list[str]:
    rows = []
    for r in results:
        for name, found in (("default", r.default_visit), ("ours", r.full_visit)):
            rows.append([f"{r.corpus.size} x 4", name, *weight_cells(found)])
    header = ["corpus", "site", *(label for label, _ in WEIGHT_KINDS), "third-party requests"]
    lines = ["## 4. Page weight", ""]
    lines += [
        "First visit to an article page with an empty cache, in Chromium, until the "
        "network is idle. Wire bytes (gzip), raw bytes in brackets. *Everything* adds "
        "what else the page fetched (images, the default site's search index).",
        "",
    ]
    return lines + table(header, rows)


def weight_cells(found: Visit | None) -> list[str]:
    if found is None or found.error:
        return ["n/a"] * len(WEIGHT_KINDS) + [""]
    cells = []
    for _label, kinds in WEIGHT_KINDS:
        wire, raw = found.weight(kinds)
        cells.append(f"{kb(wire)} ({kb(raw)})")
    return [*cells, str(len(found.third_party))]


def memory_section(results: list[SizeResult]) -> list[str]:
    rows = []
    for r in results:
        for name, series in (
            ("build, default", r.default_build),
            ("build, ours, 1 process", r.full_build),
            (f"build, ours, {cores()} processes", r.parallel_build),
            ("build, Hugo", r.hugo_build),
            ("make check, cold", r.check_cold),
            ("check_site", r.site_check),
            ("LinkChecker", r.linkchecker),
        ):
            if series.ok:
                rows.append(
                    [
                        f"{r.corpus.size} x 4",
                        name,
                        f"{series.peak_mb:,.0f} MB",
                        f"{series.tree_peak_mb:,.0f} MB",
                    ]
                )
    lines = ["## 5. Peak memory", ""]
    lines += [
        "*Largest process*: ru_maxrss from wait4 (the biggest single process of the "
        "command's tree). *Whole tree*: the largest sum of RSS over the command and its "
        "children at once, sampled from /proc every 50 ms.",
        "",
    ]
    return lines + table(["corpus", "command", "largest process", "whole tree"], rows)


def targets(results: list[SizeResult]) -> list[Target]:
    last = results[-1]
    size = f"{last.corpus.size} x 4"
    return [
        build_target(last, size),
        hugo_target(last, size),
        share_target(last, size),
        growth_target(results),
        hugo_memory_target(last, size),
        memory_target(last, size),
        *weight_targets(last, size),
        search_target(last, size),
        time_target(f"make check ≤ {CHECK_SECONDS:.0f} s, cold ({size})", last.check_cold,
                    CHECK_SECONDS),
        time_target(f"site check ≤ {SITE_CHECK_SECONDS:.0f} s ({size})", last.site_check,
                    SITE_CHECK_SECONDS),
        speedup_target(results),
    ]  # fmt: skip


def processes(result: SizeResult) -> str:
    count = cores() if result.parallel_build.ok else 1
    return f"{count} process" + ("es" if count > 1 else "")


def time_target(label: str, series: Series, limit: float) -> Target:
    if not series.ok:
        return unmeasured(label)
    return Target(label, seconds(series), series.median, limit)


def build_target(result: SizeResult, size: str) -> Target:
    label = f"build ≤ {BUILD_SECONDS:.0f} s ({size}, {processes(result)})"
    return time_target(label, result.build, BUILD_SECONDS)


def hugo_target(result: SizeResult, size: str) -> Target:
    label = f"build ≤ {BUILD_TIMES_HUGO:.0f}x Hugo's time, same run ({size})"
    ours, theirs = result.build, result.hugo_build
    if not (ours.ok and theirs.ok):
        return unmeasured(label)
    times = ours.median / theirs.median
    measured = f"{times:.2f}x ({ours.median:.2f} s / {theirs.median:.2f} s)"
    return Target(label, measured, times, BUILD_TIMES_HUGO, unit="x")


def share_target(result: SizeResult, size: str) -> Target:
    label = f"build ≤ 1/3 of default ({size})"
    ours, default = result.build, result.default_build
    if not (ours.ok and default.ok):
        return unmeasured(label)
    share = ours.median / default.median
    return Target(label, f"{share:.2f}x of default", share, BUILD_SHARE_OF_DEFAULT, unit="x")


def growth_target(results: list[SizeResult]) -> Target:
    first, last = results[0], results[-1]
    label = f"build growth ≤ {BUILD_GROWTH}x ({first.corpus.size}→{last.corpus.size})"
    pairs = [(first.parallel_build, last.parallel_build), (first.full_build, last.full_build)]
    measured = [(small, large) for small, large in pairs if small.ok and large.ok]
    if len(results) < 2 or not measured:
        return unmeasured(label)
    small, large = measured[0]
    growth = large.median / small.median
    return Target(label, f"{growth:.2f}x", growth, BUILD_GROWTH, unit="x")


def hugo_memory_target(result: SizeResult, size: str) -> Target:
    label = f"peak memory of the build's whole tree ≤ Hugo's, same run ({size})"
    ours, theirs = result.build, result.hugo_build
    if not (ours.ok and theirs.ok):
        return unmeasured(label)
    measured = f"{ours.tree_peak_mb:,.0f} MB, Hugo {theirs.tree_peak_mb:,.0f} MB"
    return Target(label, measured, ours.tree_peak_mb, theirs.tree_peak_mb, unit=" MB")


def memory_target(result: SizeResult, size: str) -> Target:
    label = f"peak memory ≤ {PEAK_MB} MB, build and checks ({size})"
    series = [s for s in (result.build, result.check_cold, result.site_check) if s.ok]
    if not series:
        return unmeasured(label)
    peak = max(s.tree_peak_mb for s in series)
    return Target(label, f"{peak:,.0f} MB", peak, PEAK_MB, unit=" MB")


def weight_targets(result: SizeResult, size: str) -> list[Target]:
    found = result.full_visit
    html_label = f"article HTML ≤ {ARTICLE_HTML_KB} KB ({size})"
    visit_label = f"first visit ≤ {FIRST_VISIT_KB} KB, no third-party request ({size})"
    if found is None or found.error:
        return [unmeasured(html_label), unmeasured(visit_label)]
    html, _ = found.weight(("document",))
    total, _ = found.weight(WEIGHT_KINDS[4][1])
    third = len(found.third_party)
    return [
        Target(html_label, kb(html), html / KB, ARTICLE_HTML_KB, unit=" KB"),
        Target(
            visit_label,
            f"{kb(total)}, {third} third-party",
            total / KB,
            FIRST_VISIT_KB,
            unit=" KB",
            also_missed=f"{third} third-party request(s)" if third else "",
        ),
    ]


def search_target(result: SizeResult, size: str) -> Target:
    found = result.full_visit
    label = f"≤ {SEARCH_KB} KB per search ({size})"
    if found is None or found.error or not found.search_method:
        return unmeasured(label)
    wire, _ = found.search_bytes()
    return Target(label, kb(wire), wire / KB, SEARCH_KB, unit=" KB")


def speedup_target(results: list[SizeResult]) -> Target:
    """At the largest size LinkChecker ran at (by default the smallest: --linkchecker)."""
    measured = [r for r in results if r.linkchecker.ok and r.site_check.ok]
    result = measured[-1] if measured else results[-1]
    label = (
        f"site check ≥ {SITE_CHECK_SPEEDUP:.0f}x faster than LinkChecker ({result.corpus.size} x 4)"
    )
    if not measured:
        return unmeasured(label)
    speed = result.linkchecker.median / result.site_check.median
    at_least = "≥ " if result.linkchecker_stopped else ""
    return Target(
        label, f"{at_least}{speed:.1f}x", speed, SITE_CHECK_SPEEDUP, unit="x", at_least=True
    )


def machine(load_before: tuple[float, ...]) -> list[str]:
    versions = ", ".join(
        f"{name} {package_version(name)}"
        for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pagefind-bin")
    )
    return [
        f"- Date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {os.cpu_count()} cores, {cpu_model()}, {platform.platform(terse=True)}",
        f"- Python {platform.python_version()}; {versions}",
        f"- LinkChecker: {tool_version([LINKCHECKER, '--version'])}; "
        f"Chromium: {tool_version([str(CHROMIUM), '--version'])}; "
        f"Hugo: {tool_version([hugo.HUGO, 'version'])}",
        f"- The builds may use {cores()} cores",
        f"- Load average (1 min) before the run {load_before[0]:.2f}, after it "
        f"{os.getloadavg()[0]:.2f}: timings are of a shared machine when these are high",
    ]


def package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def tool_version(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        return "not installed"
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = [ln for ln in (done.stdout + done.stderr).splitlines() if ln and "WARNING" not in ln]
    return lines[0].strip() if lines else "unknown"


def command_line(args: argparse.Namespace) -> str:
    words = ["python -m winkelvloer.bench", "--sizes", *map(str, args.sizes)]
    words += ["--repeat", str(args.repeat)]
    if args.linkchecker != "smallest":
        words += ["--linkchecker", args.linkchecker]
    return " ".join(words)


def render(
    results: list[SizeResult], args: argparse.Namespace, profile: list[tuple[str, float]]
) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `{command_line(args)}` (`make bench` runs the defaults) in "
        f"{(time.monotonic() - args.started) / 60:.0f} min, the preview section below not "
        "counted. Do not edit by hand: run the command again to refresh this file.",
        "",
        *machine(args.load_before),
        "",
        "Corpus: N generated articles in Dutch with English, German and French translations "
        "(N x 4 article pages), shaped like docs/artikelen/ (front matter, 5-7 numbered sections, "
        "closing section, 'read also' links), with the home and tags pages.",
        "",
        "## Targets",
        "",
        *table(HEADER, [target.row() for target in targets(results)]),
        *build_section(results),
        *floor_section(results),
        *checks_section(results),
        *search_section(results),
        *weight_section(results),
        *memory_section(results),
    ]
    if profile:
        lines += [
            "## Where the build's time goes",
            "",
            f"One build of ours at {results[-1].corpus.size} x 4 under cProfile "
            "(own time per package or hook; profiling slows it down):",
            "",
        ]
        lines += table(["where", "own time"], [[name, f"{sec:.2f} s"] for name, sec in profile])
    notes = [f"- {r.corpus.size} x 4: {note}" for r in results for note in r.notes]
    if notes:
        lines += ["## Notes", "", *notes, ""]
    return "\n".join(lines).rstrip() + "\n"


# --- Command line ------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m winkelvloer.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[250, 1000], help="articles per language"
    )
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each timing")
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep the corpora and sites")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument(
        "--preview-only",
        action="store_true",
        help="only the preview's save-to-browser time (scripts/winkelvloer/bench/preview.py)",
    )
    parser.add_argument(
        "--only",
        choices=("cards", "hugo", "search"),
        help="run one measurement alone: cards (at the largest size; updates its section of "
        "--out), hugo (our builds beside Hugo's at every size) or search (our build at the "
        "largest size, one query in Chromium); hugo and search print their section and leave "
        "--out alone",
    )
    parser.add_argument(
        "--linkchecker",
        choices=LINKCHECKER_SIZES,
        default="smallest",
        help="the sizes LinkChecker runs at (default: the smallest; it takes about 13 minutes "
        "at 1000 x 4, more than half of a full run)",
    )
    parser.add_argument(
        "--profile",
        choices=("auto", "always", "never"),
        default="auto",
        help="cProfile one build (auto: when a build target is missed)",
    )
    args = parser.parse_args(argv)
    args.sizes = sorted(set(args.sizes))
    if min(args.sizes) < 2 or args.repeat < 1:
        parser.error("sizes must be ≥ 2 and --repeat ≥ 1")
    return args


def run_size(work: Path, size: int, args: argparse.Namespace) -> SizeResult:
    log(f"{size}: generating the corpus")
    result = SizeResult(prepare(work, size))
    logfile = result.corpus.root / "bench.log"
    measure_builds(result, args.repeat, logfile)
    measure_floor(result)
    linkchecker = runs_linkchecker(args.linkchecker, size, args.sizes)
    measure_checks(result, args.repeat, logfile, linkchecker)
    return result


def runs_linkchecker(policy: str, size: int, sizes: Sequence[int]) -> bool:
    """--linkchecker smallest (the default), all or none."""
    return policy == "all" or (policy == "smallest" and size == min(sizes))


def needs_profile(results: list[SizeResult], mode: str) -> bool:
    if mode != "auto":
        return mode == "always"
    last = results[-1]
    size = f"{last.corpus.size} x 4"
    return False in (build_target(last, size).passed, share_target(last, size).passed)


KEPT_MARK = "<!-- Measured by other scripts; make bench keeps what follows. -->"


def kept_sections(path: Path) -> str:
    """The sections other benchmark scripts wrote below KEPT_MARK, kept as they are."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    _, mark, rest = text.partition(KEPT_MARK)
    return f"\n{mark}{rest}" if mark else ""


def run(args: argparse.Namespace, work: Path) -> str:
    results = [run_size(work, size, args) for size in args.sizes]
    if not args.no_browser:
        measure_browser(results)
    profile = []
    if needs_profile(results, args.profile):
        log("profiling one build")
        profile = profile_build(results[-1].corpus)
    return render(results, args, profile)


def run_cards_alone(args: argparse.Namespace, work: Path) -> None:
    """Feeds and cards (winkelvloer/bench/cards.py): its section below KEPT_MARK is replaced."""
    from winkelvloer.bench import cards as bench_cards

    cards = bench_cards.measure_cards(prepare(work, args.sizes[-1]), args.repeat)
    sizes = " ".join(str(size) for size in args.sizes)
    command = f"python -m winkelvloer.bench --only cards --sizes {sizes} --repeat {args.repeat}"
    old = args.out.read_text(encoding="utf-8") if args.out.is_file() else "# Benchmarks\n"
    if KEPT_MARK not in old:
        old = old.rstrip() + f"\n\n{KEPT_MARK}\n"
    args.out.write_text(
        bench_cards.replace_section(old, bench_cards.section(cards, command)), encoding="utf-8"
    )


def run_hugo_alone(args: argparse.Namespace, work: Path) -> str:
    """Our builds beside Hugo's at every size, without the rest of the bench."""
    results = []
    for size in args.sizes:
        log(f"{size}: generating the corpus")
        result = SizeResult(prepare(work, size))
        measure_builds(result, args.repeat, result.corpus.root / "bench.log", default_runs=0)
        measure_floor(result)
        results.append(result)
    last = results[-1]
    size = f"{last.corpus.size} x 4"
    chosen = [
        build_target(last, size),
        hugo_target(last, size),
        growth_target(results),
        hugo_memory_target(last, size),
    ]
    command = f"python -m winkelvloer.bench --only hugo --sizes {' '.join(map(str, args.sizes))}"
    lines = [
        f"Measured by `{command} --repeat {args.repeat}`; load average (1 min) before "
        f"{args.load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}; {cores()} cores.",
        "",
        *table(HEADER, [target.row() for target in chosen]),
        *build_section(results),
        *floor_section(results),
        *memory_section(results),
    ]
    notes = [f"- {r.corpus.size} x 4: {note}" for r in results for note in r.notes]
    return "\n".join(lines + notes).rstrip() + "\n"


def run_search_alone(args: argparse.Namespace, work: Path) -> str:
    """One build of ours at the largest size and one query typed on it, in Chromium."""
    size = args.sizes[-1]
    log(f"{size}: generating the corpus")
    result = SizeResult(prepare(work, size))
    log(f"{size}: building")
    build = our_build("site-full", cores()) or our_build("site-full", 1) or []
    run = measure(build, result.corpus.root, result.corpus.root / "bench.log")
    if run.returncode != 0:
        return f"the build failed (exit {run.returncode}): see {result.corpus.root / 'bench.log'}\n"
    measure_browser([result])
    command = f"python -m winkelvloer.bench --only search --sizes {size}"
    label = f"{size} x 4"
    lines = [
        f"Measured by `{command}`; load average (1 min) before {args.load_before[0]:.2f}, "
        f"after {os.getloadavg()[0]:.2f}.",
        "",
        *table(HEADER, [search_target(result, label).row()]),
        *search_section([result]),
    ]
    notes = [f"- {label}: {note}" for note in result.notes]
    return "\n".join(lines + notes).rstrip() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.started = time.monotonic()
    preview = ["--out", str(args.out), "--sizes", "today", str(min(args.sizes))]
    if args.preview_only:
        return bench_preview.main(preview)
    args.load_before = os.getloadavg()
    if shutil.which(LINKCHECKER) is None:
        log(f"LinkChecker is not installed; to compare with it: {INSTALL_LINKCHECKER}")
    if shutil.which(hugo.HUGO) is None:
        log(f"Hugo is not installed; to compare with it: {hugo.INSTALL_HUGO}")
    if not parallel_build_exists():
        log(f"python -m {PARALLEL_BUILD} does not exist yet: only the one-process build runs")
    work = args.keep or Path(tempfile.mkdtemp(prefix="winkelvloer-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.only == "cards":
            run_cards_alone(args, work.resolve())
            log(f"wrote {args.out}")
            return 0
        if args.only == "hugo":
            print(run_hugo_alone(args, work.resolve()), end="")
            return 0
        if args.only == "search":
            print(run_search_alone(args, work.resolve()), end="")
            return 0
        report = run(args, work.resolve())
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(report + kept_sections(args.out), encoding="utf-8")
    log(f"wrote {args.out}")
    status = bench_preview.main(preview)
    log(f"done in {(time.monotonic() - args.started) / 60:.1f} min")
    return status


if __name__ == "__main__":
    sys.exit(main())
