"""What a reader downloads, measured in Chromium against a built site on 127.0.0.1.

The site is served under its site_url path (e.g. /winkelvloer/) with gzip, as GitHub Pages
serves it; requests to any other host are blocked and counted as third-party requests.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
COMPRESSIBLE: tuple[str, ...] = ("text/", "application/javascript", "application/json")
COMPRESSIBLE += ("image/svg+xml", "application/xml", "application/manifest+json")
SEARCH_URL_PARTS = ("/pagefind/", "search_index.json", "/workers/search", "/lunr/")
SEARCH_INPUTS = "[data-wv-search] input, .pagefind-ui__search-input, .md-search__input"
SEARCH_RESULTS = ".wv-search__result, .pagefind-ui__result, .md-search-result__item"
# The keys that open a site's search: ours (Ctrl+K), then stock Material's ("/").
OPEN_SEARCH_KEYS = ("Control+k", "/")
# A reader typing one word without stopping, about 60 words a minute: the gaps between keys
# (ms), uneven as real typing is, each shorter than the search's wait for a pause (300 ms).
TYPING_GAPS_MS = (170, 230, 140, 260, 190, 210, 150, 240)
TIMEOUT_MS = 15_000
OPEN_TIMEOUT_MS = 3_000


# --- A local server that behaves like GitHub Pages --------------------------------------------


class SiteHandler(BaseHTTPRequestHandler):
    """Serves one directory under a base path, gzip-compressing text like GitHub Pages does."""

    root: Path
    base: str
    cache: dict[str, tuple[bytes, bytes | None, str]]
    sent: dict[str, int]  # URL path -> bytes of the last body sent for it

    def do_GET(self) -> None:
        self.respond(with_body=True)

    def do_HEAD(self) -> None:
        self.respond(with_body=False)

    def respond(self, *, with_body: bool) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.base):
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        rel = path[len(self.base) :]
        target = self.root / rel
        if target.is_dir() and rel and not rel.endswith("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file() or not target.resolve().is_relative_to(self.root):
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        raw, packed, kind = self.load(target)
        use_gzip = packed is not None and "gzip" in self.headers.get("Accept-Encoding", "")
        body = packed if use_gzip and packed is not None else raw
        self.sent[path] = len(body)
        self.send_response(HTTPStatus.OK)
        # Lets LinkChecker go above its default 10 requests per second to one host.
        self.send_header("LinkChecker", "allowed")
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def load(self, target: Path) -> tuple[bytes, bytes | None, str]:
        key = str(target)
        if key not in self.cache:
            raw = target.read_bytes()
            kind = content_type(target)
            packed = gzip.compress(raw, 6, mtime=0) if kind.startswith(COMPRESSIBLE) else None
            self.cache[key] = (raw, packed, kind)
        return self.cache[key]

    def log_message(self, format: str, *args: Any) -> None:
        return


def content_type(path: Path) -> str:
    if path.suffix == ".wasm":
        return "application/wasm"
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind


@dataclass(frozen=True)
class Served:
    url: str  # http://127.0.0.1:<port><base>
    sent: dict[str, int]  # URL path -> bytes sent, gzip included


@contextmanager
def serve(site_dir: Path, base: str = "/") -> Iterator[Served]:
    """Serve site_dir at http://127.0.0.1:<port><base> while the block runs."""
    sent: dict[str, int] = {}
    attrs = {"root": site_dir.resolve(), "base": base, "cache": {}, "sent": sent}
    handler = type("Handler", (SiteHandler,), attrs)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(f"http://127.0.0.1:{server.server_address[1]}{base}", sent)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- Measuring in Chromium ---------------------------------------------------------------------


@dataclass(frozen=True)
class Fetch:
    url: str
    kind: str  # Playwright's resource type: document, stylesheet, script, font, fetch, ...
    wire: int  # bytes on the wire (gzip where the server compressed)
    raw: int  # bytes after decoding
    phase: str  # "load" or "search"


@dataclass
class Visit:
    """One first visit to a page, then one search typed into its search box."""

    fetches: list[Fetch] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    search_method: str = ""  # "ui", "api" or "" when no search could be run
    search_results: int = 0
    error: str = ""

    def weight(self, kinds: tuple[str, ...] | None = None) -> tuple[int, int]:
        """(wire, raw) bytes of the first visit, for some resource kinds or all."""
        chosen = [f for f in self.fetches if f.phase == "load" and (not kinds or f.kind in kinds)]
        return sum(f.wire for f in chosen), sum(f.raw for f in chosen)

    def search_bytes(self) -> tuple[int, int]:
        """(wire, raw) of everything one query costs: search files loaded up front, then all
        that the query itself fetched."""
        chosen = {
            f.url: f
            for f in self.fetches
            if f.phase == "search" or any(p in f.url for p in SEARCH_URL_PARTS)
        }
        return sum(f.wire for f in chosen.values()), sum(f.raw for f in chosen.values())

    def search_files(self) -> list[Fetch]:
        return [f for f in self.fetches if f.phase == "search" or is_search_url(f.url)]


def is_search_url(url: str) -> bool:
    return any(part in url for part in SEARCH_URL_PARTS)


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def visit(browser: Any, served: Served, path: str, query: str) -> Visit:
    """Open a page in a fresh context (empty cache), then search for query."""
    result = Visit()
    base_url = served.url
    context = browser.new_context()
    responses: list[tuple[Any, str]] = []
    phase = ["load"]
    context.route(lambda u: not u.startswith((base_url, "data:")), partial(block, result))
    context.on("response", lambda r: responses.append((r, phase[0])))
    try:
        page = context.new_page()
        page.goto(base_url + path, wait_until="load", timeout=TIMEOUT_MS)
        settle(page)
        phase[0] = "search"
        run_search(page, query, result)
        settle(page)
        result.fetches = [f for r, p in responses if (f := to_fetch(r, p, served.sent))]
    except Exception as error:  # a page that cannot be measured is reported, not fatal
        result.error = f"{type(error).__name__}: {error}".splitlines()[0]
    finally:
        context.close()
    return result


def block(result: Visit, route: Any) -> None:
    result.third_party.append(route.request.url)
    route.abort()


def settle(page: Any) -> None:
    try:
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
    except Exception:  # networkidle can time out on long-polling pages; sizes stay valid
        page.wait_for_timeout(500)
    page.wait_for_timeout(300)


def run_search(page: Any, query: str, result: Visit) -> None:
    """Open the search by keyboard and type the query the way a reader does; fall back to
    Pagefind's API if the UI fails."""
    try:
        open_search_box(page)
        type_like_a_reader(page, query)
        page.locator(SEARCH_RESULTS).first.wait_for(timeout=TIMEOUT_MS)
        settle(page)
        result.search_results = page.locator(SEARCH_RESULTS).count()
        result.search_method = "ui"
    except Exception:
        result.search_results = pagefind_api_search(page, query)
        result.search_method = "api" if result.search_results >= 0 else ""


def open_search_box(page: Any) -> None:
    """Press each site's search key in turn until a search box has the focus."""
    focused = page.locator(f":is({SEARCH_INPUTS}):focus")
    for key in OPEN_SEARCH_KEYS:
        page.keyboard.press(key)
        try:
            focused.wait_for(timeout=OPEN_TIMEOUT_MS)
            return
        except Exception:  # not this site's key: try the next one
            continue
    raise LookupError("no key opened a search box")


def type_like_a_reader(page: Any, query: str) -> None:
    """One key at a time into the focused search box, at TYPING_GAPS_MS."""
    for index, character in enumerate(query):
        if index:
            page.wait_for_timeout(TYPING_GAPS_MS[(index - 1) % len(TYPING_GAPS_MS)])
        page.keyboard.type(character)


PAGEFIND_API = """
async ([query]) => {
  const link = document.querySelector("[data-bundle]");
  const bundle = link ? new URL(link.dataset.bundle, location.href).href
                      : new URL("pagefind/", document.baseURI).href;
  const pagefind = await import(bundle + "pagefind.js");
  const search = await pagefind.search(query);
  await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
  return search.results.length;
}
"""


def pagefind_api_search(page: Any, query: str) -> int:
    """Pagefind's own API, loading what its UI would for the first five results; -1 if none."""
    try:
        return int(page.evaluate(PAGEFIND_API, [query]))
    except Exception:
        return -1


def to_fetch(response: Any, phase: str, sent: dict[str, int]) -> Fetch | None:
    """Sizes of one response; bytes on the wire as the server counted them."""
    try:
        raw = len(response.body())
    except Exception:  # redirects and aborted requests have no body
        return None
    path = urlsplit(response.url).path
    wire = sent.get(path, raw)
    return Fetch(response.url, response.request.resource_type, wire, raw, phase)
