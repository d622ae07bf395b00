"""How fast the preview shows a save: from writing one paragraph to seeing it in the browser.

    python -m winkelvloer.bench.preview [--sizes today 250] [--repeat 5] [--out BENCHMARKS.md]

For each corpus (today's docs/, or N generated articles in every language) it starts the
preview (`make serve`, winkelvloer/cli/preview.py) on a free port of 127.0.0.1, opens an article in
Chromium, then repeatedly adds a paragraph to the English translation and to the Dutch source
and times how long until the browser shows it (the live reload included). The figures
replace the "Preview" section of BENCHMARKS.md; `python -m winkelvloer.bench` runs this too.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from winkelvloer.bench import browser as bench_browser
from winkelvloer.bench import corpus as bench_corpus

if TYPE_CHECKING:
    from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[3]
CHROMIUM = Path(bench_browser.CHROMIUM)
CHROMIUM_ARGS = bench_browser.CHROMIUM_ARGS
START_TIMEOUT = 600.0
SHOW_TIMEOUT = 30.0
SETTLE = 3.0  # seconds between saves, for the other languages of a Dutch save
SECTION_START = "<!-- preview-bench:start -->"
SECTION_END = "<!-- preview-bench:end -->"
TARGETS = {"today": 1.0, "250": 3.0}  # seconds, from the issue that asked for the preview


@dataclass
class Case:
    corpus: str
    edited: str  # which file of the article was saved
    times: list[float] = field(default_factory=list)
    error: str = ""


def log(message: str) -> None:
    print(f"[bench_preview] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(work: Path, size: str) -> tuple[Path, str]:
    """A copy of the site with today's content or `size` generated articles; an article slug."""
    root = work / f"preview-{size}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "overrides", root / "overrides", ignore=ignore)
    if size == "today":
        shutil.copytree(REPO / "docs", root / "docs")
    else:
        bench_corpus.write_corpus(REPO, root / "docs", int(size))
    slugs = sorted(
        p.name.removesuffix(".md")
        for p in (root / "docs" / "artikelen").glob("*.md")
        if p.name.count(".") == 1
    )
    return root, slugs[len(slugs) // 2]


@contextlib.contextmanager
def preview_server(root: Path, port: int, logfile: Path) -> Iterator[str]:
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "winkelvloer.cli.preview", "-f", str(root / "mkdocs.yml")]
    command += ["--dev-addr", f"127.0.0.1:{port}"]
    with logfile.open("w") as out:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until(lambda: fetch(url) is not None, START_TIMEOUT, "the preview to start")
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def fetched_shows(url: str, marker: str) -> bool:
    return marker in (fetch(url) or "")


def gone(shown: Callable[[], bool]) -> bool:
    return not shown()


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> float:
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(0.01)
    return time.monotonic() - start


def add_paragraph(path: Path, marker: str) -> str:
    """The file's text with a paragraph before its second numbered section."""
    text = path.read_text(encoding="utf-8")
    at = text.index("\n## 2. ")
    return f"{text[:at]}\n{marker} is een nieuwe alinea.\n{text[at:]}"


def shown_in(page: Page, marker: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return bool(page.evaluate("m => document.body.innerText.includes(m)", marker))
        except Exception:  # the page is reloading: its document is being replaced
            return False

    return check


def measure_case(case: Case, page: Page | None, url: str, article: Path, repeat: int) -> None:
    original = article.read_text(encoding="utf-8")
    try:
        for run in range(repeat + 1):  # the first save warms the preview up and is not counted
            marker = f"Meetpunt{run}x{time.time_ns()}"
            text = add_paragraph(article, marker)
            start = time.monotonic()
            article.write_text(text, encoding="utf-8")
            if page is not None:
                shown = shown_in(page, marker)
            else:
                shown = functools.partial(fetched_shows, url, marker)
            wait_until(shown, SHOW_TIMEOUT, f"{marker} in the browser")
            if run:
                case.times.append(time.monotonic() - start)
            article.write_text(original, encoding="utf-8")
            # The next save starts once the preview shows the restored text and has finished
            # any other languages (a Dutch save rebuilds them after the Dutch page).
            wait_until(functools.partial(gone, shown), SHOW_TIMEOUT, f"{marker} to go")
            time.sleep(SETTLE)
    except TimeoutError as error:
        case.error = str(error)
    finally:
        article.write_text(original, encoding="utf-8")


def measure_corpus(work: Path, size: str, repeat: int) -> list[Case]:
    root, slug = prepare(work, size)
    log(f"{size}: starting the preview on {slug}")
    cases = [Case(size, "English translation"), Case(size, "Dutch source")]
    with preview_server(root, free_port(), work / f"preview-{size}.log") as url:
        for case, (lang, suffix) in zip(cases, (("en/", ".en"), ("", "")), strict=True):
            article = root / "docs" / "artikelen" / f"{slug}{suffix}.md"
            page_url = f"{url}{lang}artikelen/{slug}/"
            with browser_page(page_url) as page:
                measure_case(case, page, page_url, article, repeat)
            log(f"{size}, {case.edited}: {case.times or case.error}")
    return cases


@contextlib.contextmanager
def browser_page(url: str) -> Iterator[Page | None]:
    """The article open in Chromium; None (measure over HTTP) when there is no Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        yield None
        return
    if not CHROMIUM.exists():
        yield None
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(url, wait_until="load")
            yield page
        finally:
            browser.close()


# Report
# -----------------------------------------------------------------------------------------


def cell(case: Case) -> str:
    if case.error or not case.times:
        return f"failed: {case.error or 'no measurement'}"
    return (
        f"{statistics.median(case.times):.2f} s "
        f"({min(case.times):.2f}-{max(case.times):.2f}, n={len(case.times)})"
    )


def corpus_name(size: str) -> str:
    return "today's content (4 articles x 4)" if size == "today" else f"{size} x 4 articles"


def verdict(case: Case) -> str:
    target = TARGETS.get(case.corpus)
    if target is None or case.error or not case.times:
        return ""
    return "pass" if statistics.median(case.times) <= target else "**miss**"


def render(cases: Sequence[Case], repeat: int, load: tuple[float, float], browser: bool) -> str:
    how = "Chromium (the page reloads itself)" if browser else "HTTP polling (no Chromium)"
    lines = [
        SECTION_START,
        "## Preview: a save shown in the browser",
        "",
        f"Generated by `python -m winkelvloer.bench.preview --repeat {repeat}`. From writing one",
        "paragraph into an article to the browser showing it, with `make serve`",
        f"(winkelvloer/cli/preview.py), measured in {how}; median (min-max) of the saves after a",
        "first, uncounted one. Saving a translation rebuilds that page in its language;",
        "saving the Dutch source rebuilds it first in Dutch (the time below), then in the",
        "other languages. The search index follows in the background and says so.",
        "",
        "| corpus | saved file | shown after | target |",
        "|---|---|---|---|",
    ]
    for case in cases:
        target = TARGETS.get(case.corpus)
        goal = f"≤ {target:.0f} s {verdict(case)}" if target else ""
        lines.append(f"| {corpus_name(case.corpus)} | {case.edited} | {cell(case)} | {goal} |")
    lines += [
        "",
        f"Load average (1 min) before {load[0]:.2f}, after {load[1]:.2f}; "
        f"{os.cpu_count()} cores, shared: the figures are of a busy machine when these are high.",
        SECTION_END,
    ]
    return "\n".join(lines) + "\n"


def splice(document: str, section: str) -> str:
    """`document` with its preview section replaced by `section` (or `section` appended)."""
    if SECTION_START in document and SECTION_END in document:
        head, rest = document.split(SECTION_START, 1)
        tail = rest.split(SECTION_END, 1)[1].lstrip("\n")
        return f"{head}{section}{tail}"
    return f"{document.rstrip()}\n\n{section}" if document.strip() else section


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m winkelvloer.bench.preview", description=__doc__
    )
    parser.add_argument("--sizes", nargs="+", default=["today", "250"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it")
    args = parser.parse_args(argv)
    if any(s != "today" and not s.isdigit() for s in args.sizes) or args.repeat < 1:
        parser.error("sizes are 'today' or a number of articles; --repeat ≥ 1")
    before = os.getloadavg()[0]
    work = args.keep or Path(tempfile.mkdtemp(prefix="winkelvloer-preview-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        cases = [
            c for size in args.sizes for c in measure_corpus(work.resolve(), size, args.repeat)
        ]
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    browser = CHROMIUM.exists()
    section = render(cases, args.repeat, (before, os.getloadavg()[0]), browser)
    existing = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    args.out.write_text(splice(existing, section), encoding="utf-8")
    log(f"wrote the preview section of {args.out}")
    return 0 if all(c.times and not c.error for c in cases) else 1


if __name__ == "__main__":
    sys.exit(main())
