"""What the site makes of a page: the body rendered by Python-Markdown with the site's own
extensions (as MkDocs loads them), read back with an HTML5 parser.

This is the checks' source of truth for headings (levels, text, ids), links and images,
and anything unsafe: markdown-it (CommonMark) reads some Markdown differently (headings
without a space, seven #, indented code under lists, setext headings over two lines, HTML
comments, very deep nesting), and the reader gets what Python-Markdown produces.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import xml.etree.ElementTree as etree
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from selectolax.lexbor import LexborHTMLParser, LexborNode

from winkelvloer.core.config import ConfigError, SiteConfig
from winkelvloer.core.read_also import READ_ALSO_MARK, is_read_also

HEADINGS = MappingProxyType({f"h{level}": level for level in range(1, 7)})
# Embedded documents; inline <svg> and <math> can animate an attribute into a script URL.
EMBED_TAGS = frozenset(
    {"iframe", "object", "embed", "frame", "frameset", "applet", "portal", "svg", "math"}
)
# Elements that act on the page or the reader's input rather than show content.
PAGE_TAGS = frozenset(
    {"base", "meta", "link", "style", "form", "input", "button", "textarea", "select", "template"}
)
# Attributes that restyle the page, or are the build's own mark of a read-also card (the build
# draws the card it stands for: content must not forge one).
PAGE_ATTRIBUTES = frozenset({"style", READ_ALSO_MARK})
SCRIPT_SCHEMES = ("javascript:", "vbscript:")
NEUTRAL_ANCESTORS = frozenset({"html", "body"})
READ_ALSO_LINKS = "wv_read_also_links"


@dataclass(frozen=True, slots=True)
class RenderedHeading:
    level: int
    anchor: str
    text: str
    top: bool


@dataclass(frozen=True, slots=True)
class RenderedLink:
    kind: str  # "link" or "image"
    href: str
    text: str


@dataclass(frozen=True, slots=True)
class Unsafe:
    code: str
    tag: str
    attribute: str  # "" for the element itself
    value: str


@dataclass(slots=True)
class Rendered:
    headings: list[RenderedHeading] = field(default_factory=list)
    links: list[RenderedLink] = field(default_factory=list)
    unsafe: list[Unsafe] = field(default_factory=list)
    raw_html: list[str] = field(default_factory=list)  # raw HTML chunks, as written
    ids: list[str] = field(default_factory=list)  # every id a link's #fragment can reach
    read_also: list[str] = field(default_factory=list)  # the href of each read-also line


def is_script_url(url: str) -> bool:
    """True for javascript:/vbscript: URLs, however they are spaced or capitalised."""
    if ":" not in url:
        return False
    compact = "".join(ch for ch in url if ch > " " and ch != "\x7f").lower()
    return compact.startswith(SCRIPT_SCHEMES)


# Limits
# -----------------------------------------------------------------------------------------

# Python-Markdown's time grows much faster than the text for deep nesting and for many
# brackets or angle brackets in one paragraph (2,000 "[" take seconds, 20,000 hours): beyond
# these limits a page is refused before anything parses it. Real writing stays far below.
MAX_INDENT = 120  # columns of leading white space (a tab counts 4)
MAX_MARKER_DEPTH = 30  # quote and list markers at the start of one line ("> > 1. - ...")
MAX_PER_BLOCK = MappingProxyType({"[": 300, "<": 1000})
MAX_PER_PAGE = MappingProxyType({"[": 3000, "<": 5000})
LIST_MARKERS = ("-", "*", "+", ">")
MAX_BLOCK_OPENERS = 200  # admonitions ("!!!") and details ("???") per page
BLOCK_OPENERS = ("!!!", "???")


def _indent(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _marker_depth(line: str) -> int:
    """Quote and list markers a line starts with, such as "> > - 1. text" (4)."""
    depth = 0
    for word in line.split(maxsplit=MAX_MARKER_DEPTH + 1)[: MAX_MARKER_DEPTH + 1]:
        if word in LIST_MARKERS or set(word) == {">"}:
            depth += len(word) if word[0] == ">" else 1
        elif word[:-1].isdigit() and word[-1:] in {".", ")"}:
            depth += 1
        else:
            break
    return depth


def complexity_problem(lines: Sequence[str], body_line: int) -> tuple[int, str] | None:
    """(line, reason) when the body is beyond what the site's Markdown renders in time."""
    in_block = dict.fromkeys(MAX_PER_BLOCK, 0)
    in_page = dict.fromkeys(MAX_PER_PAGE, 0)
    block_start, openers = body_line, 0
    for number in range(max(body_line, 1), len(lines) + 1):
        line = lines[number - 1]
        if not line.strip():
            in_block, block_start = dict.fromkeys(MAX_PER_BLOCK, 0), number + 1
            continue
        openers += line.lstrip().startswith(BLOCK_OPENERS)
        if openers > MAX_BLOCK_OPENERS:
            return number, f"the page has more than {MAX_BLOCK_OPENERS} admonitions"
        # Most lines start with a word, where neither of the next two can apply.
        first = line[0]
        if first in LIST_MARKERS or first.isdigit() or first.isspace():
            if _indent(line) > MAX_INDENT:
                return number, f"it is indented more than {MAX_INDENT} columns"
            if _marker_depth(line) > MAX_MARKER_DEPTH:
                return number, f"quotes or lists are nested more than {MAX_MARKER_DEPTH} deep"
        for char, limit in MAX_PER_BLOCK.items():
            in_block[char] += line.count(char)
            in_page[char] += line.count(char)
            if in_block[char] > limit:
                return block_start, f"one paragraph has more than {limit} '{char}'"
            if in_page[char] > MAX_PER_PAGE[char]:
                return number, f"the page has more than {MAX_PER_PAGE[char]} '{char}'"
    return None


# Python-Markdown as the site configures it
# -----------------------------------------------------------------------------------------


def _checker_settings(name: str, settings: dict[str, Any]) -> dict[str, Any]:
    if name in {"toc", "markdown.extensions.toc"}:
        # Permalink anchors are the theme's decoration, not the editor's links.
        return {**settings, "permalink": False, "anchorlink": False}
    return settings


class _ReadAlsoLinks(Treeprocessor):
    """Notes the link of each paragraph the build turns into a read-also card, read by the
    build's own rule (core/read_also.py) at the build's moment (after inline parsing, 20),
    with any language's label: markdown-it misses some (a line right after an HTML block)."""

    def __init__(self, md: markdown.Markdown, labels: Collection[str]) -> None:
        super().__init__(md)
        self.labels = labels
        self.hrefs: list[str] = []

    def run(self, root: etree.Element) -> None:
        self.hrefs = [
            paragraph[0].get("href", "")
            for paragraph in root
            if paragraph.tag == "p" and any(is_read_also(paragraph, label) for label in self.labels)
        ]


class _ReadAlsoReading(Extension):
    def __init__(self, labels: Collection[str]) -> None:
        super().__init__()
        self.labels = labels

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_ReadAlsoLinks(md, self.labels), READ_ALSO_LINKS, 15)


def _markdown(site: SiteConfig) -> markdown.Markdown:
    try:
        return markdown.Markdown(
            extensions=[
                *(name for name, _ in site.markdown_extensions),
                _ReadAlsoReading(tuple(site.read_also_labels.values())),
            ],
            extension_configs={
                name: _checker_settings(name, settings)
                for name, settings in site.markdown_extensions
            },
        )
    except Exception as exc:  # an extension missing or misconfigured in mkdocs.yml
        raise ConfigError(f"markdown_extensions cannot be loaded: {exc}") from exc


def site_markdown(site: SiteConfig) -> markdown.Markdown:
    """The configuration's Python-Markdown instance, made once and reset between pages."""
    made = site.made.get("markdown")
    if not isinstance(made, markdown.Markdown):
        made = site.made["markdown"] = _markdown(site)
    return made


# Reading the HTML
# -----------------------------------------------------------------------------------------


def _text(node: LexborNode) -> str:
    return " ".join((node.text(deep=True) or "").split())


def _is_top(node: LexborNode) -> bool:
    """Not nested in a list, quote, admonition or HTML block."""
    parent = node.parent
    return parent is None or parent.tag in NEUTRAL_ANCESTORS


def _element_findings(node: LexborNode) -> list[Unsafe]:
    tag = node.tag or ""
    found = []
    if tag == "script":
        found.append(Unsafe("SAF001", tag, "", ""))
    elif tag in EMBED_TAGS:
        found.append(Unsafe("SAF002", tag, "", ""))
    elif tag in PAGE_TAGS:
        found.append(Unsafe("SAF006", tag, "", ""))
    for name, value in node.attributes.items():
        lowered = name.lower()
        if lowered.startswith("on"):
            found.append(Unsafe("SAF003", tag, name, value or ""))
        elif value and is_script_url(value):
            found.append(Unsafe("SAF004", tag, name, value))
        elif lowered in PAGE_ATTRIBUTES or lowered.startswith("data-pagefind"):
            found.append(Unsafe("SAF006", tag, name, value or ""))
    return found


def read_html(html: str) -> Rendered:
    result = Rendered()
    tree = LexborHTMLParser(html)
    for node in tree.root.traverse() if tree.root else ():
        tag = node.tag or ""
        if node.attributes.get("id"):
            result.ids.append(node.attributes["id"] or "")
        if tag in HEADINGS:
            level = HEADINGS[tag]
            anchor = node.attributes.get("id") or ""
            result.headings.append(RenderedHeading(level, anchor, _text(node), _is_top(node)))
        elif tag == "a" and "href" in node.attributes:
            result.links.append(RenderedLink("link", node.attributes["href"] or "", _text(node)))
        elif tag == "img" and "src" in node.attributes:
            alt = node.attributes.get("alt") or ""
            result.links.append(RenderedLink("image", node.attributes["src"] or "", alt))
        result.unsafe += _element_findings(node)
    return result


def _is_code_block(chunk: str) -> bool:
    """fenced_code stashes its own <pre><code> output beside the editor's raw HTML."""
    return chunk.startswith("<pre") and chunk.endswith("</code></pre>") and chunk.count("<") == 4


def _raw_chunks(stash: Sequence[object]) -> list[str]:
    """Raw HTML passed through as the editor wrote it (md_in_html blocks as their tag)."""
    return [
        c if isinstance(c, str) else f"<{getattr(c, 'tag', 'div')}>"
        for c in stash
        if not (isinstance(c, str) and _is_code_block(c))
    ]


class RenderTimeout(Exception):
    """Python-Markdown did not finish in RENDER_SECONDS."""


RENDER_SECONDS = 20


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """A backstop for text that is slow to render in a way the limits above do not know."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise RenderTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render(site: SiteConfig, body: str) -> Rendered:
    """The page body (front matter blanked) as the site renders it."""
    md = site_markdown(site)
    md.reset()
    with _time_limit(RENDER_SECONDS):
        html = md.convert(body)
    result = read_html(html)
    result.raw_html = _raw_chunks(md.htmlStash.rawHtmlBlocks)
    read_also = md.treeprocessors[READ_ALSO_LINKS]
    assert isinstance(read_also, _ReadAlsoLinks)
    result.read_also = read_also.hrefs
    md.reset()
    return result
