"""Benchmarks on a generated corpus; writes BENCHMARKS.md.

    python -m winkelvloer.bench [--sizes 250 1000] [--repeat 3] [--out BENCHMARKS.md] [--keep DIR]
                                [--linkchecker smallest|all|none]
                                [--only cards|hugo|search|incremental]

The defaults take about 40 minutes on a 2-core machine, most of them the clean builds.
`--only hugo` measures the builds beside the bare stack's and Hugo's alone and prints that
section; `--only search` builds the largest size once and prints the search section (a few
minutes at 1000 x 4); `--only incremental` times the rebuilds after one edit at the largest
size and prints that section.

For each size N it generates N articles in every language (winkelvloer/bench/corpus.py) next to a
copy of mkdocs.yml and overrides/, then measures, `--repeat` times where timing varies, the
wall time and the CPU time of each command's whole process tree (winkelvloer/bench/process.py):

1. build time: the project's build on every core with an empty build cache (cold) and again
   with the cache kept (warm); the bare stack, stock MkDocs + Material + static-i18n with the
   site's mkdocs.yml minus everything of ours, then Pagefind (winkelvloer/bench/bare.py); and
   Hugo on the same Markdown (winkelvloer/bench/hugo.py; Debian's `hugo`, left out with a note
   when missing);
2. checks: `python -m winkelvloer.cli.check`, `... cli.check_site` and LinkChecker (at the
   smallest size only unless --linkchecker all: it takes about 13 minutes at 1000 x 4);
3. search: bytes one query costs a reader who opens the search by keyboard and types it, in
   Chromium;
4. page weight: bytes of an article page on a first visit, in Chromium;
5. peak memory of the builds and the checks;
6. rebuilds after one small edit, at every size (winkelvloer/bench/incremental.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from winkelvloer.bench import bare, build_profile, hugo
from winkelvloer.bench import corpus as bench_corpus
from winkelvloer.bench import floor as bench_floor
from winkelvloer.bench import incremental as bench_incremental
from winkelvloer.bench import preview as bench_preview
from winkelvloer.bench.browser import TYPING_GAPS_MS, Visit, launch, serve, visit
from winkelvloer.bench.process import KB, REPO, Series, cores, log, measure, repeat
from winkelvloer.bench.report import cpu, cpu_ratio, kb, ratio, seconds, table
from winkelvloer.bench.targets import (
    HEADER,
    Target,
    cpu_share_target,
    time_target,
    unmeasured,
    wall_share_target,
)

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

# The project's build, on every core.
BUILD_MODULE = "winkelvloer.cli.build"
SITE = "site-full"
# LinkChecker takes about 13 minutes at 1000 x 4: by default it runs at the smallest size only.
LINKCHECKER_SIZES = ("smallest", "all", "none")

# Targets, checked at the largest size measured.
BUILD_SECONDS = 15.0
BUILD_TIMES_HUGO = 6.0
WARM_CPU_TIMES_BARE = 1.25
COLD_CPU_TIMES_BARE = 1.6
BUILD_GROWTH = 4.2
PEAK_MB = 300
ARTICLE_HTML_KB = 30
FIRST_VISIT_KB = 300
SEARCH_KB = 150
CHECK_SECONDS = 2.0
SITE_CHECK_SECONDS = 5.0
SITE_CHECK_SPEEDUP = 10.0


# --- The corpus and its configurations -----------------------------------------------------------


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
    bare.write_config(root)
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


# --- The measurements --------------------------------------------------------------------------


@dataclass
class SizeResult:
    corpus: Corpus
    cold_build: Series = field(default_factory=Series)  # ours, an empty build cache
    warm_build: Series = field(default_factory=Series)  # ours again, the cache kept
    bare_build: Series = field(default_factory=Series)  # the bare stack, then Pagefind
    hugo_build: Series = field(default_factory=Series)
    hugo_missing: list[str] = field(default_factory=list)  # article pages Hugo did not write
    check: Series = field(default_factory=Series)  # with its cache filled
    check_cold: Series = field(default_factory=Series)  # --no-cache, as in CI
    site_check: Series = field(default_factory=Series)
    linkchecker: Series = field(default_factory=Series)
    linkchecker_urls: str = ""
    linkchecker_stopped: bool = False  # ran past LINKCHECKER_LIMIT: its time is a lower bound
    bare_visit: Visit | None = None
    full_visit: Visit | None = None
    floor: bench_floor.Floor | None = None
    incremental: bench_incremental.IncrementalResult | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def build(self) -> Series:
        """The project's build as an editor's next one or a CI run with its cache restored."""
        return self.warm_build


def our_build(site: str = SITE, config: str = "mkdocs.yml") -> list[str]:
    """The project's build, as `make build` runs it, on every core."""
    command = [sys.executable, "-m", BUILD_MODULE, "--strict", "--jobs", str(cores())]
    return [*command, "-q", "-f", config, "-d", site]


def build_cache(root: Path) -> Path:
    """The builds' SITE_CACHE_DIR: beside the corpus, never inside it (the build refuses that)."""
    return root.parent / f"{root.name}-build-cache"


def measure_builds(result: SizeResult, repeats: int, logfile: Path) -> None:
    """Interleaved, so a busy moment of the machine hits every build alike. Ours builds twice
    into a fresh site folder: first with an empty cache, then with the cache it filled."""
    root = result.corpus.root
    cache = build_cache(root)
    env = {"SITE_CACHE_DIR": str(cache)}
    hugo_site = root / HUGO_DIR
    has_hugo = shutil.which(hugo.HUGO) is not None
    for number in range(repeats):
        log(f"{result.corpus.size}: builds {number + 1}/{repeats}")
        result.bare_build.runs.append(measure(bare.command(), root, logfile))
        shutil.rmtree(cache, ignore_errors=True)
        for series in (result.cold_build, result.warm_build):
            shutil.rmtree(root / SITE, ignore_errors=True)
            series.runs.append(measure(our_build(), root, logfile, env=env))
        if has_hugo:
            result.hugo_build.runs.append(measure(hugo.hugo_command(hugo_site), root, logfile))
    build_notes(result, logfile, has_hugo)


def build_notes(result: SizeResult, logfile: Path, has_hugo: bool) -> None:
    for name, series in (
        ("project (cold cache)", result.cold_build),
        ("project (warm cache)", result.warm_build),
        ("bare stack", result.bare_build),
        ("Hugo", result.hugo_build),
    ):
        if series.failed:
            result.notes.append(f"{series.failed} {name} build(s) failed; see {logfile}")
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
    command = [sys.executable, "-m", "winkelvloer.cli.check_site", SITE, "-f", "mkdocs.yml"]
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
        with serve(result.corpus.root / SITE, result.corpus.base) as served:
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
                result.bare_visit = browse(browser, result, bare.SITE)
                result.full_visit = browse(browser, result, SITE)
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


# --- The report --------------------------------------------------------------------------------


def builds(result: SizeResult) -> list[tuple[str, Series]]:
    return [
        ("ours, cold cache", result.cold_build),
        ("ours, warm cache", result.warm_build),
        ("bare stack + Pagefind", result.bare_build),
        ("Hugo", result.hugo_build),
    ]


def build_rows(result: SizeResult) -> list[list[str]]:
    corpus = f"{result.corpus.size} x 4 ({result.corpus.pages} article pages)"
    return [
        [corpus, name, seconds(series), cpu(series), cpu_ratio(series, result.bare_build),
         wall_ratio(series, result.hugo_build)]
        for name, series in builds(result)
    ]  # fmt: skip


def build_section(results: list[SizeResult]) -> list[str]:
    lines = ["## 1. Build time", ""]
    lines += [
        "*Wall*: the median of the repetitions, (min-max) after it. *CPU*: the median user + "
        "system time of the command's whole process tree, every process it started and waited "
        "for included (the language builds, Pagefind; winkelvloer/bench/process.py). The builds "
        "take turns, so a busy moment of the machine hits them alike. *Ours, cold*: "
        f"`python -m {BUILD_MODULE} --strict --jobs {cores()}` on the project's mkdocs.yml with "
        "an empty build cache (a fresh `SITE_CACHE_DIR`) and no site folder; *ours, warm*: the "
        "same again with the cache the cold build filled, into a fresh site folder, as an "
        "editor's next build or a CI run that restores its cache. *Bare stack*: stock MkDocs + "
        "Material + mkdocs-static-i18n on the same docs, with the site's mkdocs.yml minus all "
        "that is ours (the winkelvloer plugin, overrides/ as custom_dir, our CSS and "
        "JavaScript): the same languages, Markdown extensions and tags plugin, the articles "
        "`not_in_nav` as on the site, Material's search plugin off as on the site; then "
        "Pagefind over the built site, in the same command (winkelvloer/bench/bare.py). "
        "*Hugo*: Debian's `hugo` on the same Markdown, with a minimal layout (a page template, "
        "a list template, the same four languages; winkelvloer/bench/hugo.py). The targets "
        "that name no cache judge the warm build.",
        "",
    ]
    rows = [row for result in results for row in build_rows(result)]
    lines += table(["corpus", "build", "wall", "CPU", "CPU / bare", "wall / Hugo"], rows)
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = [
            [name, growth_of(small, large), cpu_growth_of(small, large)]
            for (name, small), (_, large) in zip(builds(first), builds(last), strict=True)
        ]
        lines += [
            f"Growth from {first.corpus.size} to {last.corpus.size} articles "
            f"({last.corpus.size / first.corpus.size:.0f}x the content):",
            "",
        ]
        lines += table(["build", "wall", "CPU"], growth)
    return lines


def measure_floor(result: SizeResult) -> None:
    log(f"{result.corpus.size}: the least this stack can do")
    result.floor = bench_floor.measure_floor(result.corpus.root, result.corpus.root / SITE)


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


def wall_ratio(ours: Series, other: Series) -> str:
    return ratio(ours.median, other.median) if ours.ok and other.ok else "n/a"


def growth_of(small: Series, large: Series) -> str:
    return ratio(large.median, small.median) if small.ok and large.ok else "n/a"


def cpu_growth_of(small: Series, large: Series) -> str:
    return ratio(large.cpu_median, small.cpu_median) if small.ok and large.ok else "n/a"


def check_rows(result: SizeResult) -> list[list[str]]:
    stopped = "> " if result.linkchecker_stopped else ""
    return [
        [f"{result.corpus.size} x 4", name, mark + seconds(series), mark + cpu(series)]
        for name, series, mark in (
            ("make check, cold", result.check_cold, ""),
            ("make check, cached", result.check, ""),
            ("check_site", result.site_check, ""),
            ("LinkChecker", result.linkchecker, stopped),
        )
        if series.ok
    ]


def checks_section(results: list[SizeResult]) -> list[str]:
    lines = ["## 2. Checks", ""]
    lines += [
        "Wall time of the whole command, Python start-up included, and the CPU time of its "
        "process tree, as for the builds. *make check*: "
        "`python -m winkelvloer.cli.check` on the corpus, cold (`--no-cache`, as in CI) and with "
        "its cache filled (an editor's next run). LinkChecker runs once "
        "per size against the built site on a local server (127.0.0.1, anchors checked, "
        "no external links), at the sizes `--linkchecker` names (by default the smallest).",
        "",
    ]
    rows = [row for result in results for row in check_rows(result)]
    lines += table(["corpus", "command", "wall", "CPU"], rows)
    summaries = [linkchecker_line(r) for r in results if r.linkchecker.ok and r.site_check.ok]
    summaries += [check_cpu_line(r) for r in results if r.check_cold.ok]
    return lines + summaries + ([""] if summaries else [])


def linkchecker_line(result: SizeResult) -> str:
    at_least = "at least " if result.linkchecker_stopped else ""
    speedup = ratio(result.linkchecker.median, result.site_check.median)
    said = f"; LinkChecker said: {result.linkchecker_urls}" if result.linkchecker_urls else ""
    return (
        f"- {result.corpus.size} x 4: LinkChecker took {at_least}{speedup} the wall time of "
        f"check_site{said}"
    )


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
    rows = [[f"{r.corpus.size} x 4", *search_cells(r.full_visit)] for r in results]
    lines = ["## 3. Search", ""]
    lines += [
        "Bytes one query costs a reader on an article page of ours, in Chromium: all that "
        "opening the search and typing the query fetches (Pagefind's script, WebAssembly, "
        "index chunks, fragments of the results shown). The reader opens the search by "
        "keyboard (Ctrl+K) and types the query one key at a time, "
        f"{min(TYPING_GAPS_MS)}-{max(TYPING_GAPS_MS)} ms apart (about 60 words a minute). "
        "*Wire* is what the server sent, gzip-compressed like GitHub Pages; *raw* is decoded. "
        "The bare stack has no search box (Material's search plugin is off, as on the site).",
        "",
    ]
    lines += table(["corpus", "wire", "raw", "files", "how", "results"], rows)
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
        for name, found in (("bare stack", r.bare_visit), ("ours", r.full_visit)):
            rows.append([f"{r.corpus.size} x 4", name, *weight_cells(found)])
    header = ["corpus", "site", *(label for label, _ in WEIGHT_KINDS), "third-party requests"]
    lines = ["## 4. Page weight", ""]
    lines += [
        "First visit to an article page with an empty cache, in Chromium, until the "
        "network is idle. Wire bytes (gzip), raw bytes in brackets. *Everything* adds "
        "what else the page fetched (images). *Bare stack*: stock Material's page of the same "
        "article (section 1).",
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
            *((f"build, {name}", series) for name, series in builds(r)),
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
        *bare_targets(last, size),
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
        *(t for r in results if r.incremental for t in bench_incremental.targets(r.incremental)),
    ]  # fmt: skip


def build_target(result: SizeResult, size: str) -> Target:
    label = f"build ≤ {BUILD_SECONDS:.0f} s ({size}, warm cache, {cores()} cores)"
    return time_target(label, result.build, BUILD_SECONDS)


def hugo_target(result: SizeResult, size: str) -> Target:
    label = f"build ≤ {BUILD_TIMES_HUGO:.0f}x Hugo's time, same run ({size})"
    return wall_share_target(label, result.build, result.hugo_build, BUILD_TIMES_HUGO)


def bare_targets(result: SizeResult, size: str) -> list[Target]:
    """CPU time, not wall time: on a shared machine wall time mostly measures the neighbours."""
    warm = f"build CPU ≤ {WARM_CPU_TIMES_BARE}x the bare stack's, warm cache ({size})"
    cold = f"build CPU ≤ {COLD_CPU_TIMES_BARE}x the bare stack's, cold cache ({size})"
    return [
        cpu_share_target(warm, result.warm_build, result.bare_build, WARM_CPU_TIMES_BARE),
        cpu_share_target(cold, result.cold_build, result.bare_build, COLD_CPU_TIMES_BARE),
    ]


def growth_target(results: list[SizeResult]) -> Target:
    first, last = results[0], results[-1]
    label = f"build growth ≤ {BUILD_GROWTH}x ({first.corpus.size}→{last.corpus.size})"
    if len(results) < 2 or not (first.build.ok and last.build.ok):
        return unmeasured(label)
    growth = last.build.median / first.build.median
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
    results: list[SizeResult], args: argparse.Namespace, profile: dict[str, build_profile.Profile]
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
        *incremental_section(results),
    ]
    lines += build_profile.section(profile, results[-1].corpus.size)
    notes = [f"- {r.corpus.size} x 4: {note}" for r in results for note in r.notes]
    if notes:
        lines += ["## Notes", "", *notes, ""]
    return "\n".join(lines).rstrip() + "\n"


def incremental_section(results: list[SizeResult]) -> list[str]:
    return bench_incremental.section([r.incremental for r in results if r.incremental])


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
        choices=("cards", "hugo", "search", "incremental"),
        help="run one measurement alone: cards (at the largest size; updates its section of "
        "--out), hugo (our builds beside the bare stack's and Hugo's at every size), search "
        "(our build at the largest size, one query in Chromium) or incremental (rebuilds "
        "after one edit at the largest size, beside Hugo's full build); hugo, search and "
        "incremental print their section and leave --out alone",
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
        help="cProfile our build in one process, cold then warm (auto: when a build target is "
        "missed)",
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
    chosen = [build_target(last, size), *bare_targets(last, size)]
    return False in (target.passed for target in chosen)


KEPT_MARK = "<!-- Measured by other scripts; make bench keeps what follows. -->"


def kept_sections(path: Path) -> str:
    """The sections other benchmark scripts wrote below KEPT_MARK, kept as they are."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    _, mark, rest = text.partition(KEPT_MARK)
    return f"\n{mark}{rest}" if mark else ""


def measure_incremental(result: SizeResult, repeats: int) -> bench_incremental.IncrementalResult:
    corpus = result.corpus
    hugo_site = corpus.root / HUGO_DIR
    found = bench_incremental.measure_incremental(corpus.root, hugo_site, corpus.size, repeats)
    result.incremental = found
    result.notes += found.notes
    return found


def run(args: argparse.Namespace, work: Path) -> str:
    results = [run_size(work, size, args) for size in args.sizes]
    for result in results:
        measure_incremental(result, args.repeat)
    if not args.no_browser:
        measure_browser(results)
    profile = {}
    if needs_profile(results, args.profile):
        log("profiling our build in one process, cold and warm")
        profile = build_profile.profile_build(results[-1].corpus.root)
        if len(profile) < len(build_profile.RUNS):
            log_file = results[-1].corpus.root / "profile.log"
            results[-1].notes.append(f"a profiled build failed; see {log_file}")
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
        measure_builds(result, args.repeat, result.corpus.root / "bench.log")
        measure_floor(result)
        results.append(result)
    last = results[-1]
    size = f"{last.corpus.size} x 4"
    chosen = [
        build_target(last, size),
        hugo_target(last, size),
        *bare_targets(last, size),
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
    env = {"SITE_CACHE_DIR": str(build_cache(result.corpus.root))}
    run = measure(our_build(), result.corpus.root, result.corpus.root / "bench.log", env=env)
    if run.returncode != 0:
        return f"the build failed (exit {run.returncode}): see {result.corpus.root / 'bench.log'}\n"
    measure_browser([result])
    target = search_target(result, f"{size} x 4")
    return part_alone(args, f"--only search --sizes {size}", result, [target],
                      search_section([result]))  # fmt: skip


def run_incremental_alone(args: argparse.Namespace, work: Path) -> str:
    """Rebuilds after one edit at the largest size, beside Hugo's full build."""
    size = args.sizes[-1]
    log(f"{size}: generating the corpus")
    result = SizeResult(prepare(work, size))
    found = measure_incremental(result, args.repeat)
    flags = f"--only incremental --sizes {size} --repeat {args.repeat}"
    return part_alone(args, flags, result, bench_incremental.targets(found),
                      bench_incremental.section([found]))  # fmt: skip


def part_alone(args: argparse.Namespace, flags: str, result: SizeResult, targets: list[Target],
               section: list[str]) -> str:  # fmt: skip
    """The report of one part measured alone: how, its targets, its section and notes."""
    lines = [
        f"Measured by `python -m winkelvloer.bench {flags}`; load average (1 min) before "
        f"{args.load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}; {cores()} cores.",
        "",
        *table(HEADER, [target.row() for target in targets]),
        *section,
    ]
    notes = [f"- {result.corpus.size} x 4: {note}" for note in result.notes]
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
        if args.only == "incremental":
            print(run_incremental_alone(args, work.resolve()), end="")
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
