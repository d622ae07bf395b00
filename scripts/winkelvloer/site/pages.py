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
    """Every file of the site, as posix paths relative to site_dir (one walk, no stat per link)."""
    return walk_site(site_dir)[0]


def walk_site(site_dir: Path) -> tuple[set[str], set[str]]:
    """(regular files, symbolic links) of the site, as posix paths relative to site_dir."""
    found: set[str] = set()
    links: set[str] = set()
    pending = [("", str(site_dir))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_symlink():
                    links.add(rel)
                elif entry.is_dir():
                    pending.append((rel + "/", entry.path))
                else:
                    found.add(rel)
    return found, links


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
    return {rel: parse_page(rel, (site_dir / rel).read_bytes()) for rel in rels}
