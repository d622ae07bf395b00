"""The hostile corpus: every attack in tests/hostile/ is tried against check, build and Chromium.

A case is a folder tests/hostile/<attack-group>/<case-name>/ holding files laid over the small,
valid site in tests/hostile/_site/docs/ (at their path relative to docs/, e.g.
artikelen/x.md, x.html, assets/evil.svg), and a case.yml:

    expect_check: [SAF001, ...]  # codes `make check` must report; [] when it may pass
    symlinks: {relative/path: target}  # optional, made in docs/ at test time

Each case goes through every layer, and each layer must hold on its own:
1. `make check` reports at least the expected codes, without crashing or hanging.
   (The check and the build run in this process, each stopped by an alarm if it hangs.)
2. The preview's build, which builds every page it can read whatever the check says (the
   published build leaves out every page with an error), either refuses the case or produces
   a site that check_site's output guards pass (no handler, javascript: URL, foreign or
   unhashed script, <base>, refresh).
3. Every page the case changes, and every new SVG, loads in Chromium with no dialog, no
   request or navigation off 127.0.0.1, no Content-Security-Policy violation, and no live
   handler or javascript: URL in the DOM once the site's scripts have run and the pointer
   has rested on each element with a title. If the case's
   Markdown mentions "hostile", the search is run for that word too, so the search dialog
   renders whatever the case put into the index.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import io
import json
import shutil
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from conftest import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    REPO,
    REPORT_CSP_VIOLATIONS,
    build_report,
    free_port,
    require_chromium,
)
from winkelvloer.plugin.request import BuildFailed

if TYPE_CHECKING:
    from playwright.sync_api import Dialog

CORPUS = Path(__file__).parent / "hostile"
BASE_DOCS = CORPUS / "_site" / "docs"
CHECK_SECONDS = 60
BUILD_SECONDS = 180
# The codes of check_site's output guards (S003 javascript: URL, S030-S035).
GUARD_CODES = frozenset({"S003", "S030", "S031", "S032", "S033", "S034", "S035"})
SEARCH_WORD = "hostile"


def case_dirs() -> list[Path]:
    return sorted(
        case
        for group in CORPUS.iterdir()
        if group.is_dir() and not group.name.startswith("_")
        for case in group.iterdir()
        if (case / "case.yml").is_file()
    )


CASES = case_dirs()


def case_id(case: Path) -> str:
    return f"{case.parent.name}/{case.name}"


# --- Putting a case's site together --------------------------------------------------------------


PORT = free_port()
BASE_URL = f"http://127.0.0.1:{PORT}/"


def config_for(root: Path, case: Path | None) -> Path:
    """The real mkdocs.yml, with its theme found in the repository from `root`.

    The base site is written in Dutch and English; German and French would only be fallback
    copies of the Dutch pages, so they are built only for a case that writes in them.
    """
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    replacements = {
        "custom_dir: overrides": f"custom_dir: {REPO / 'overrides'}",
    }
    for lang in sorted(set(LANGUAGES) - {DEFAULT_LANGUAGE, "en"}):
        if case is None or not any(case.rglob(f"*.{lang}.md")):
            entry = f"        - locale: {lang}\n"
            replacements[entry] = f"{entry}          build: false\n"
    for old, new in replacements.items():
        assert old in text, f"mkdocs.yml no longer has {old!r}; update tests/test_hostile.py"
        text = text.replace(old, new)
    config = root / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def lay_out(case: Path | None, root: Path) -> Path:
    """docs/ of the base site with the case's files over it, and mkdocs.yml beside it."""
    docs = Path(shutil.copytree(BASE_DOCS, root / "docs"))
    if case is not None:
        for source in sorted(case.rglob("*")):
            rel = source.relative_to(case)
            if source.is_file() and rel.as_posix() != "case.yml":
                (docs / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, docs / rel)
        for path, target in (settings(case).get("symlinks") or {}).items():
            link = docs / path
            link.parent.mkdir(parents=True, exist_ok=True)
            link.unlink(missing_ok=True)
            link.symlink_to(target)
    config_for(root, case)
    return docs


def settings(case: Path) -> dict[str, Any]:
    return yaml.safe_load((case / "case.yml").read_text(encoding="utf-8")) or {}


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Stop what runs inside after `seconds`: a hang is a failure, not a stuck test run."""

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"stopped after {seconds}s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_check(root: Path) -> tuple[int, str]:
    """`make check` on the case's files, in this process: (exit status, JSON output)."""
    from winkelvloer.cli.check import main

    output = io.StringIO()
    with time_limit(CHECK_SECONDS), contextlib.chdir(root), contextlib.redirect_stdout(output):
        status = main(["-f", "mkdocs.yml", "--format", "json"])
    return status, output.getvalue()


def build(root: Path) -> tuple[bool, str]:
    """The preview's build of the case: (built, why not). A refusal is a failed report or
    a configuration the build cannot start with; any other exception is a crash and fails
    the test."""
    try:
        with time_limit(BUILD_SECONDS):
            report = build_report(
                root / "site", site_url=BASE_URL, config_file=root / "mkdocs.yml",
                preview=True, strict=False,
            )  # fmt: skip
    except BuildFailed as error:
        return False, str(error)
    return report.ok, "; ".join(report.errors)


def html_digests(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in site.rglob("*")
        if path.is_file() and not path.is_symlink() and path.suffix in (".html", ".svg")
    }


@dataclass
class Outcome:
    case: Path
    root: Path
    built: bool
    log: str
    changed: list[str] = field(default_factory=list)  # site-relative pages and SVGs to visit


@pytest.fixture(scope="session")
def base_digests(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("hostile-base")
    lay_out(None, root)
    built, why = build(root)
    assert built, why
    return html_digests(root / "site")


_outcomes: dict[Path, Outcome] = {}


@pytest.fixture
def outcome(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    base_digests: dict[str, str],
) -> Outcome:
    """The case built once, however many tests look at it."""
    case: Path = request.param
    if case not in _outcomes:
        root = tmp_path_factory.mktemp(case.name)
        lay_out(case, root)
        built, log = build(root)
        digests = html_digests(root / "site") if built else {}
        changed = sorted(rel for rel, d in digests.items() if base_digests.get(rel) != d)
        _outcomes[case] = Outcome(case, root, built, log, changed)
    return _outcomes[case]


# --- Layer 1: the checker ------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_checker_reports_the_expected_codes(case: Path, tmp_path: Path) -> None:
    expected = set(settings(case).get("expect_check") or [])
    lay_out(case, tmp_path)
    status, output = run_check(tmp_path)
    assert status in (0, 1)
    reported = {finding["code"] for finding in json.loads(output)["findings"]}
    assert expected <= reported, f"missing {sorted(expected - reported)}; got {sorted(reported)}"


# --- Layer 2: the build and the output guards ----------------------------------------------------


@pytest.mark.parametrize("outcome", CASES, ids=case_id, indirect=True)
def test_build_refuses_or_output_guards_pass(outcome: Outcome) -> None:
    if not outcome.built:
        # Refused with MkDocs' own error (a crash or a hang fails while building).
        assert outcome.log
        return
    from winkelvloer.site.check_site import Options, check_site

    report = check_site(Options(outcome.root / "site", outcome.root / "mkdocs.yml"))
    guarded = [f.as_text() for f in report.findings if f.code in GUARD_CODES]
    assert guarded == []


# --- Layer 3: Chromium ---------------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class SiteServer:
    """One server for the session, on 127.0.0.1; each case points it at its own site."""

    directory: Path | None = None

    def handler(self, *args: Any, **kwargs: Any) -> _Handler:
        return _Handler(*args, directory=str(self.directory), **kwargs)


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    site = SiteServer()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), site.handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield site
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


# What is left in the DOM once the theme's and the search's scripts have run.
LIVE_SCRIPT_IN_DOM = """() => {
  const found = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster"];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\u0000-\\u0020\\u007f]/g, "").toLowerCase();
      if (name.startsWith("on")) found.push(`${element.tagName} ${name}`);
      if (urlAttributes.includes(name) && /^(javascript|vbscript|data):/.test(value)
          && !(element.tagName === "IMG" && value.startsWith("data:image/")))
        found.push(`${element.tagName} ${name}=${attribute.value}`);
    }
  }
  if (document.querySelector("base")) found.push("<base>");
  if (document.querySelector("meta[http-equiv='refresh' i]")) found.push("meta refresh");
  return found;
}"""


# The search dialog has said how many results it found (or that there are none).
SEARCH_DONE = """() => {
  const dialog = document.querySelector("dialog[data-wv-search]");
  const said = dialog.querySelector("[data-wv-search-status]").textContent;
  return said !== "" && said !== dialog.dataset.loading;
}"""


def mentions_search_word(case: Path) -> bool:
    return any(
        SEARCH_WORD in path.read_text(encoding="utf-8", errors="replace").lower()
        for path in case.rglob("*.md")
        if path.is_file()
    )


def hover_titles(tab) -> None:
    """Point at what has a title: a theme may render it (as its tooltips did, as HTML)."""
    from playwright.sync_api import Error as PlaywrightError

    for element in tab.query_selector_all("article [title]")[:10]:
        with contextlib.suppress(PlaywrightError):  # hidden, or gone: nothing to point at
            element.hover(timeout=1000)
            tab.wait_for_timeout(50)


def trouble_in_chromium(browser, pages: list[str], search: bool) -> list[str]:
    """Everything that shows script ran or the reader was taken elsewhere, on these pages."""
    context = browser.new_context()
    problems: list[str] = []
    context.expose_function("reportCspViolation", lambda text: problems.append(f"CSP: {text}"))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    tab = context.new_page()
    visiting: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    tab.on("dialog", dismiss)
    tab.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((BASE_URL, "data:", "blob:"))
            else problems.append(f"request off 127.0.0.1: {r.url}")
        ),
    )
    tab.on(
        "framenavigated",
        lambda frame: (
            None
            if frame != tab.main_frame or frame.url.split("#")[0] in visiting[-1:]
            else problems.append(f"navigated to {frame.url} from {visiting[-1:]}")
        ),
    )
    try:
        for rel in pages:
            url = BASE_URL + rel.removesuffix("index.html")
            visiting.append(url)
            tab.goto(url, wait_until="load")
            tab.wait_for_timeout(100)  # autofocus and refresh act right after load
            hover_titles(tab)
            problems += [f"{rel}: {found}" for found in tab.evaluate(LIVE_SCRIPT_IN_DOM)]
        if search:
            visiting.append(BASE_URL)
            tab.goto(BASE_URL, wait_until="load")
            tab.keyboard.press("Control+k")
            tab.locator("[data-wv-search-input]").fill(SEARCH_WORD)
            tab.wait_for_function(SEARCH_DONE)
            tab.wait_for_timeout(500)
            problems += [f"search: {found}" for found in tab.evaluate(LIVE_SCRIPT_IN_DOM)]
    finally:
        context.close()
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("outcome", CASES, ids=case_id, indirect=True)
def test_nothing_runs_in_chromium(outcome: Outcome, server: SiteServer, browser) -> None:
    if not outcome.built:  # nothing was published: nothing can run
        assert outcome.log, "a refused build says why"
        return
    server.directory = outcome.root / "site"
    search = mentions_search_word(outcome.case)
    assert trouble_in_chromium(browser, outcome.changed, search) == []


LIVE_PAYLOADS = """<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="refresh" content="1;url=https://evil.example/"></head>
<body><img src="missing.png" onerror="alert('onerror')"><a href="javascript:void(0)">x</a>
<img src="https://evil.example/pixel.png" alt=""></body></html>"""


@pytest.mark.browser
def test_chromium_layer_sees_live_payloads(server: SiteServer, browser, tmp_path: Path) -> None:
    """The browser layer can fail: a page without the site's defences trips every detector."""
    (tmp_path / "index.html").write_text(LIVE_PAYLOADS, encoding="utf-8")
    server.directory = tmp_path
    found = "\n".join(trouble_in_chromium(browser, ["index.html"], search=False))
    for detector in ("dialog: onerror", "off 127.0.0.1", "IMG onerror", "A href=", "meta refresh"):
        assert detector in found
