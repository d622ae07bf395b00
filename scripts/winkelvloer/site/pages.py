"""Reading the built site: its files, and each HTML page parsed once into the facts the rules
use (anchors, URLs, hreflang alternates, scripts, og:image, what the guards found, what the head
tells search engines and link previews)."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from winkelvloer.core.atomic import read_regular
from winkelvloer.site.guards import guards
from winkelvloer.site.metadata import HeadMeta, head_meta


class SharedImage(NamedTuple):
    """A page's og:image and the size its head states (as written, "" if absent)."""

    url: str
    width: str
    height: str


class Link(NamedTuple):
    """One URL in a page and the element and attribute it came from."""

    attr: str
    url: str
    tag: str


@dataclass(slots=True)
class HtmlPage:
    rel: str  # "en/artikelen/x/index.html"
    ids: frozenset[str]
    links: list[Link]  # each URL once, where it first occurs
    alternates: list[tuple[str, str]]  # (hreflang, href) of <link rel=alternate> in <head>
    guards: list[tuple[str, str]] = field(default_factory=list)  # (code, message) of S03x
    scripts: list[str] = field(default_factory=list)  # src of every <script src>
    image: SharedImage | None = None  # og:image
    meta: HeadMeta = field(default_factory=HeadMeta)  # Open Graph, Twitter, JSON-LD, robots
    directory: str = field(init=False)  # "en/artikelen/x"

    def __post_init__(self) -> None:
        self.directory = posixpath.dirname(self.rel)


def site_files(site_dir: Path) -> set[str]:
    """Every regular file of the site, as posix paths relative to site_dir (one walk)."""
    return walk_site(site_dir)[0]


def walk_site(site_dir: Path) -> tuple[set[str], set[str]]:
    """(regular files, everything else: symbolic links, FIFOs, devices, sockets) of the site,
    as posix paths relative to site_dir. Links are never followed, so a loop is just a link."""
    found: set[str] = set()
    others: set[str] = set()
    pending = [("", str(site_dir))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((rel + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    found.add(rel)
                else:
                    others.add(rel)
    return found, others


def srcset_urls(value: str) -> Iterator[str]:
    for candidate in value.split(","):
        parts = candidate.split()
        if parts:
            yield parts[0]


def parse_page(rel: str, html: str | bytes) -> HtmlPage:
    """Parse one HTML file once: its anchors, its URLs and its hreflang alternates."""
    doc = LexborHTMLParser(html)
    ids = {node.attrs.get("id") or "" for node in doc.css("[id]")}
    ids.update(node.attrs.get("name") or "" for node in doc.css("a[name]"))
    links: dict[str, Link] = {}
    for attr in ("href", "src"):
        for node in doc.css(f"[{attr}]"):
            value = node.attrs.get(attr)
            if value is not None and value not in links:
                links[value] = Link(attr, value, node.tag or "")
    for node in doc.css("[srcset]"):
        for url in srcset_urls(node.attrs.get("srcset") or ""):
            links.setdefault(url, Link("srcset", url, node.tag or ""))
    alternates = []
    head = doc.head
    for node in head.css("link[hreflang]") if head else ():
        attrs = node.attributes
        if "alternate" in (attrs.get("rel") or "").lower().split():
            alternates.append(((attrs.get("hreflang") or "").strip(), attrs.get("href") or ""))
    ids.discard("")
    scripts = [node.attrs.get("src") or "" for node in doc.css("script[src]")]
    image = shared_image(head) if head else None
    return HtmlPage(
        rel,
        frozenset(ids),
        list(links.values()),
        alternates,
        guards(doc),
        scripts,
        image,
        head_meta(doc),
    )


def shared_image(head: LexborNode) -> SharedImage | None:
    properties = {
        node.attributes.get("property"): node.attributes.get("content") or ""
        for node in head.css('meta[property^="og:image"]')
    }
    if "og:image" not in properties:
        return None
    return SharedImage(
        properties["og:image"].strip(),
        properties.get("og:image:width", ""),
        properties.get("og:image:height", ""),
    )


def load_pages(site_dir: Path, files: Iterable[str]) -> dict[str, HtmlPage]:
    """Parse every HTML file of the site, once."""
    rels = sorted(f for f in files if f.endswith(".html"))
    return {rel: load_page(rel, read_regular(site_dir / rel)) for rel in rels}


# An HTML parser's time grows with the square of the nesting depth (100,000 nested <div>s take
# minutes): a page nested deeper than any real page is reported, not parsed. Nesting can only
# be that deep where there are that many tags, so most pages are not even measured.
MAX_NESTING = 1_000
NESTING_CHECKED_FROM = 5_000  # "<" in a page; fewer cannot nest deep enough to be slow
TOO_DEEP = "S036"


def load_page(rel: str, html: bytes) -> HtmlPage:
    if html.count(b"<") > NESTING_CHECKED_FROM and nesting_depth(html, MAX_NESTING) > MAX_NESTING:
        message = f"elements nested more than {MAX_NESTING} deep; the page was not checked further"
        return HtmlPage(rel, frozenset(), [], [], [(TOO_DEEP, message)])
    return parse_page(rel, html)


VOID_ELEMENTS = frozenset(
    {
        *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"),
        *("source", "track", "wbr", "param", "keygen", "frame", "basefont", "bgsound"),
    }
)
RAW_TEXT_ELEMENTS = frozenset({"script", "style", "textarea", "title", "xmp", "iframe"})


def nesting_depth(html: bytes, limit: int) -> int:
    """How deep the elements of `html` nest at most, by counting start and end tags (more than
    a parser would find where end tags are left out); stops counting beyond `limit`. One pass:
    every search starts where the last one ended."""
    text = html.lower()
    depth = deepest = 0
    close = -1  # the first ">" at or after the current tag
    position = text.find(b"<")
    while position != -1 and deepest <= limit:
        if text.startswith(b"<!--", position):
            end = text.find(b"-->", position + 4)
            position = text.find(b"<", end + 3) if end != -1 else -1
            continue
        following = text[position + 1 : position + 2]
        if following == b"/":
            depth = max(depth - 1, 0)
        elif following.isalpha():
            name = _tag_name(text, position + 1)
            if name in RAW_TEXT_ELEMENTS:
                end = text.find(b"</" + name.encode(), position)
                position = text.find(b"<", end + 2) if end != -1 else -1
                continue
            if close < position:
                close = text.find(b">", position)
                if close == -1:
                    close = len(text)
            if name not in VOID_ELEMENTS and text[close - 1 : close] != b"/":
                depth += 1
                deepest = max(deepest, depth)
        position = text.find(b"<", position + 1)
    return deepest


def _tag_name(html: bytes, start: int) -> str:
    end = start
    while end < len(html) and end - start < 16 and html[end : end + 1].isalnum():
        end += 1
    return html[start:end].decode("ascii", "replace").lower()
