"""axe-core in Chromium and the Nu HTML Checker on built pages, shared by the tests and CI.

The test suite runs them on every page of the site (tests/test_accessibility.py,
tests/test_html_valid.py); the content gate of a pull request runs them on the pages it
changed, in every language (winkelvloer.cli.page_checks). Both use what is here, so they
judge a page alike: the same axe rules, colour schemes and widths, the same Chromium flags,
the same Nu options.

Chromium is Debian's (``CHROMIUM``, default /usr/bin/chromium), driven by Playwright; axe-core
comes with axe-playwright-python; vnu.jar from npm (node_modules/vnu-jar) is run by Java.
These are development tools (requirements/dev.lock): the build never imports this module.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

Scheme = Literal["light", "dark"]

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
)
# Every WCAG 2.0-2.2 level A and AA rule, plus Deque's best practices.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
# Width and height of each window size the pages are checked in.
VIEWPORTS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {"desktop": (1280, 900), "phone": (390, 844)}
)
SCHEMES: tuple[Scheme, ...] = ("light", "dark")
SCHEME_ATTRIBUTE = MappingProxyType({"light": "default", "dark": "slate"})
# The reader's own switch: the visible toggle label (works with the search dialog open too).
TOGGLE_SCHEME = """wanted => {
  if (document.body.dataset.mdColorScheme !== wanted) {
    document.querySelector('[data-md-component="palette"] label:not([hidden])').click();
  }
}"""
NU_SECONDS = 300


# Serving a built site
# -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class PagesHandler(QuietHandler):
    """As GitHub Pages serves a site: a missing file is answered with the root 404.html."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serving(folder: Path, port: int) -> Iterator[str]:
    """`folder` served on 127.0.0.1 at `port` (from free_port) for the block, a missing file
    answered as GitHub Pages does; its base URL."""
    handler = functools.partial(PagesHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# axe-core
# -----------------------------------------------------------------------------------------


def viewport_size(name: str) -> ViewportSize:
    width, height = VIEWPORTS[name]
    return {"width": width, "height": height}


def axe_options() -> dict[str, Any]:
    return {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}


def open_tab(browser: Browser, scheme: Scheme, viewport: str, *, bypass_csp: bool = False) -> Page:
    from axe_playwright_python.base import AXE_SCRIPT

    context = browser.new_context(
        color_scheme=scheme, viewport=viewport_size(viewport), bypass_csp=bypass_csp
    )
    context.add_init_script(AXE_SCRIPT)
    return context.new_page()


def start_axe(tab: Page) -> None:
    """Start axe in the tab without waiting, so tabs (renderer processes) check in parallel."""
    tab.evaluate("options => { window.__wvAxe = axe.run(document, options); }", axe_options())


def axe_violations(tab: Page, where: str) -> list[str]:
    result = tab.evaluate("() => window.__wvAxe")
    return [
        f"{where}: {v['id']} ({v['impact']}) {', '.join(map(str, node['target']))}: "
        f"{node.get('failureSummary', '').splitlines()[-1].strip()}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


def set_scheme(tab: Page, scheme: str) -> None:
    tab.evaluate(TOGGLE_SCHEME, SCHEME_ATTRIBUTE[scheme])
    tab.wait_for_function(
        "wanted => document.body.dataset.mdColorScheme === wanted", arg=SCHEME_ATTRIBUTE[scheme]
    )


def in_every_mode(tabs: dict[str, Page], where: str) -> list[str]:
    """axe on a page loaded once per width (a tab each), in the light and the dark scheme."""
    found: list[str] = []
    for scheme in SCHEMES:
        for tab in tabs.values():
            set_scheme(tab, scheme)
            start_axe(tab)
        for viewport, tab in tabs.items():
            found += axe_violations(tab, f"{where} [{scheme}, {viewport}]")
    return found


def axe_pages(base_url: str, paths: Sequence[str]) -> dict[str, list[str]]:
    """axe's violations on each page (a path below `base_url`), in every scheme and width."""
    from playwright.sync_api import sync_playwright

    found: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            tabs = {viewport: open_tab(browser, "light", viewport) for viewport in VIEWPORTS}
            for path in paths:
                for tab in tabs.values():
                    tab.goto(base_url + path)
                found[path] = in_every_mode(tabs, f"/{path}")
        finally:
            browser.close()
    return found


# The Nu HTML Checker
# -----------------------------------------------------------------------------------------


def vnu_jar(root: Path) -> Path:
    """Where `npm ci` (make install) puts the checker in the project at `root`."""
    return root / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_command(root: Path) -> list[str] | str:
    """The command that runs the checker, or what is missing for it."""
    java = shutil.which("java")
    jar = vnu_jar(root)
    missing = [name for name, ok in (("java", java), (str(jar), jar.exists())) if not ok]
    if missing:
        return f"{', '.join(missing)} not found: `make install` and Java run the HTML checker"
    return [str(java), "-Xss8m", "-jar", str(jar)]


def nu_errors(command: Sequence[str], *paths: Path) -> list[str]:
    """The checker's errors in the HTML files or folders `paths`, one line each."""
    result = subprocess.run(
        [*command, "--errors-only", "--skip-non-html", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=NU_SECONDS,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
