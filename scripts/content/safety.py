"""Unsafe content: scripts, embedded frames and objects, event handlers, javascript: URLs.

Raw HTML comes from markdown-it's html_block and html_inline tokens and is read with the
standard library's tolerant HTML parser; Markdown link and image targets are checked too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html.parser import HTMLParser

from scripts.content.markdown import HtmlChunk, Link
from scripts.content.rules import finding
from scripts.findings import Finding

EMBED_TAGS = frozenset({"iframe", "object", "embed"})
SCRIPT_SCHEMES = ("javascript:", "vbscript:")


def is_script_url(url: str) -> bool:
    """True for javascript:/vbscript: URLs, however they are spaced or capitalised."""
    compact = "".join(ch for ch in url if ch > " " and ch != "\x7f").lower()
    return compact.startswith(SCRIPT_SCHEMES)


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]], int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        self.tags.append((tag, attrs, line, offset))


def start_tags(content: str) -> list[tuple[str, list[tuple[str, str | None]], int, int]]:
    """(tag, attributes, 1-based line within content, 0-based column) of every start tag."""
    collector = _TagCollector()
    collector.feed(content)
    collector.close()
    return collector.tags


def _tag_findings(
    path: str, tag: str, attrs: Iterable[tuple[str, str | None]], line: int, col: int
) -> list[Finding]:
    found = []
    if tag == "script":
        found.append(finding("SAF001", path, line, col, "raw <script> is not allowed in content"))
    elif tag in EMBED_TAGS:
        found.append(
            finding("SAF002", path, line, col, f"<{tag}> embeds third-party content; remove it")
        )
    for name, value in attrs:
        if name.startswith("on"):
            found.append(
                finding("SAF003", path, line, col, f"event handler attribute {name}= on <{tag}>")
            )
        elif value and is_script_url(value):
            found.append(
                finding("SAF004", path, line, col, f"javascript: URL in {name}= on <{tag}>")
            )
    return found


def check_html(path: str, chunks: Sequence[HtmlChunk], article: bool) -> list[Finding]:
    found: list[Finding] = []
    for chunk in chunks:
        tags = start_tags(chunk.content)
        for tag, attrs, line, offset in tags:
            col = chunk.col + offset if line == 1 else offset + 1
            found += _tag_findings(path, tag, attrs, chunk.line + line - 1, col)
        if article and tags:
            found.append(
                finding(
                    "SAF005",
                    path,
                    chunk.line,
                    chunk.col,
                    f"raw HTML <{tags[0][0]}> in an article; write plain Markdown instead",
                )
            )
    return found


def check_link_urls(path: str, links: Iterable[Link]) -> list[Finding]:
    return [
        finding(
            "SAF004", path, link.line, link.col, f"javascript: URL in a {link.kind}: {link.href}"
        )
        for link in links
        if is_script_url(link.href)
    ]
