"""Unsafe content: scripts, embedded frames and objects, event handlers, javascript: URLs,
elements that act on the page, and (in articles) raw HTML.

The findings come from the page as the site renders it (scripts/winkelvloer/content/rendered.py), so
what markdown-it would call code or a comment cannot hide anything from them; each is then
located in the source (scripts/winkelvloer/content/source_map.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from html.parser import HTMLParser

from winkelvloer.content.rendered import Rendered, Unsafe, is_script_url
from winkelvloer.content.source_map import SourceMap
from winkelvloer.core.findings import Finding
from winkelvloer.core.read_also import READ_ALSO_MARK
from winkelvloer.core.rules import finding

__all__ = ("check_rendered", "is_script_url", "start_tags")


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def start_tags(content: str) -> list[str]:
    """Names of the start tags in a piece of HTML, in order (comments have none)."""
    collector = _TagCollector()
    collector.feed(content)
    collector.close()
    return collector.tags


def _message(item: Unsafe) -> str:
    tag, attribute = item.tag, item.attribute
    if item.code == "SAF001":
        return "raw <script> is not allowed in content"
    if item.code == "SAF002" and tag in {"svg", "math"}:
        return f"inline <{tag}> is not allowed in content; use an image file (docs/img/...)"
    if item.code == "SAF002":
        return f"<{tag}> embeds third-party content; remove it"
    if item.code == "SAF003":
        return f"event handler attribute {attribute}= on <{tag}>"
    if item.code == "SAF004":
        where = f"a {'link' if tag == 'a' else 'image'}" if attribute in {"href", "src"} else ""
        where = where or f"{attribute}= on <{tag}>"
        return f"javascript: URL in {where}: {' '.join(item.value.split())[:60]}"
    if attribute.lower() == READ_ALSO_MARK:
        mark = f"{attribute}= on <{tag}> is the site's own mark of a read-also card"
        return f"{mark}; write a read-also line"
    if attribute:
        return f"{attribute}= on <{tag}> is not allowed in content; write plain Markdown"
    return f"<{tag}> is not allowed in content: it acts on the whole page; remove it"


def _needles(item: Unsafe) -> list[str]:
    if not item.attribute:
        return [f"<{item.tag}"]
    if item.code == "SAF004":
        compact = "".join(item.value.split())
        return [item.value, compact, f"<{item.tag}"]
    return [item.attribute]


def _locate(item: Unsafe, source: SourceMap, after: tuple[int, int]) -> tuple[int, int, int]:
    """(line, column to report, column found) of the item, searching forward from `after`."""
    needles = _needles(item)
    spot = next((s for n in needles if (s := source.find(n, after))), None)
    spot = spot or next((s for n in needles if (s := source.find(n))), None)
    if spot is None:
        return source.body_line, 1, 1
    line, col = spot
    return line, source.opening(line, col + 1, "<[{") if item.attribute else col, col


def check_rendered(
    path: str, rendered: Rendered, source: SourceMap, article: bool
) -> list[Finding]:
    found: list[Finding] = []
    cursor = (0, 0)  # the items come in document order, so each is searched after the last
    for item in rendered.unsafe:
        line, col, at = _locate(item, source, cursor)
        cursor = (line, at + 1)
        found.append(finding(item.code, path, line, col, _message(item)))
    if article:
        found += _raw_html(path, rendered.raw_html, source)
    return found


def _raw_html(path: str, chunks: Sequence[str], source: SourceMap) -> list[Finding]:
    found: list[Finding] = []
    after = (0, 0)
    for chunk in chunks:
        tags = start_tags(chunk)
        if not tags:
            continue
        first = next((line.strip() for line in chunk.splitlines() if line.strip()), chunk)
        spot = source.find(first, after) or source.find(f"<{tags[0]}", after)
        line, col = spot or (source.body_line, 1)
        after = (line, col + 1)
        message = f"raw HTML <{tags[0]}> in an article; write plain Markdown instead"
        found.append(finding("SAF005", path, line, col, message))
    return found
