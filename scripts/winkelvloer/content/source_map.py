"""Mapping what the site renders back to lines and columns of the Markdown source.

Python-Markdown keeps no source positions. Its headings and links are paired with the ones
markdown-it found (which know their line) in document order; what only Python-Markdown
sees is found by searching the source forward from the previous match, so findings keep
their order and never point above the front matter.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar
from urllib.parse import unquote

from winkelvloer.content.markdown import Heading, Link
from winkelvloer.content.rendered import RenderedHeading, RenderedLink
from winkelvloer.core.freshness import strip_attr_list

A = TypeVar("A")
B = TypeVar("B")


def folded(text: str) -> str:
    """Letters and digits only, case-folded: how a heading's text is compared to its source."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def pair(
    rendered: Sequence[A],
    parsed: Sequence[B],
    key_a: Callable[[A], Hashable],
    key_b: Callable[[B], Hashable],
) -> list[tuple[A, B | None]]:
    """Each rendered item with the parsed item it corresponds to (in order), or None."""
    matcher = difflib.SequenceMatcher(
        None, [key_a(a) for a in rendered], [key_b(b) for b in parsed], autojunk=False
    )
    partner: dict[int, B] = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            partner[block.a + offset] = parsed[block.b + offset]
    return [(item, partner.get(index)) for index, item in enumerate(rendered)]


class SourceMap:
    """Forward search over the body lines of a page (1-based lines and columns)."""

    def __init__(self, lines: Sequence[str], body_line: int) -> None:
        self.lines = lines
        self.body_line = max(body_line, 1)
        self.lowered = [line.casefold() for line in lines]

    def find(self, needle: str, after: tuple[int, int] = (0, 0)) -> tuple[int, int] | None:
        """(line, col) of the first case-insensitive `needle` at or after `after`."""
        if not needle or "\n" in needle:
            return None
        needle = needle.casefold()
        line, col = max(after, (self.body_line, 1))
        for index in range(line - 1, len(self.lines)):
            start = col - 1 if index == line - 1 else 0
            position = self.lowered[index].find(needle, start)
            if position >= 0:
                return index + 1, position + 1
        return None

    def find_first(
        self, needles: Sequence[str], after: tuple[int, int] = (0, 0)
    ) -> tuple[int, int] | None:
        """The nearest match of any of `needles` (earliest position wins)."""
        found = [spot for needle in needles if (spot := self.find(needle, after))]
        return min(found) if found else None

    def line_with(self, text: str, after: int) -> int | None:
        """First line at or after `after` whose letters and digits contain those of `text`."""
        wanted = folded(text)
        if not wanted:
            return None
        for index in range(max(after, self.body_line) - 1, len(self.lines)):
            if wanted in folded(self.lines[index]):
                return index + 1
        return None

    def opening(self, line: int, col: int, marks: str = "<[") -> int:
        """Column of the nearest `marks` character at or before (line, col) on that line."""
        text = self.lines[line - 1][: col - 1] if 0 < line <= len(self.lines) else ""
        positions = [text.rfind(mark) for mark in marks]
        best = max(positions)
        return best + 1 if best >= 0 else col


# Headings and links as the site has them, at the lines the editor wrote them
# -----------------------------------------------------------------------------------------


def heading_source(line: str) -> str:
    """The Markdown of a heading line without its # marks and trailing attribute list."""
    text = line.strip()
    if text.startswith("#"):
        text = text.lstrip("#").strip().rstrip("#").strip()
    return strip_attr_list(text)[0]


def site_headings(
    rendered: Sequence[RenderedHeading], parsed: Sequence[Heading], source: SourceMap
) -> list[Heading]:
    """Every heading the site shows, with the line the editor wrote it on."""
    pairs = pair(
        rendered, parsed, lambda r: (r.level, folded(r.text)), lambda p: (p.level, folded(p.text))
    )
    found, after = [], source.body_line
    for heading, partner in pairs:
        if partner is not None:
            line, markdown_source = partner.line, partner.source
        else:
            line = source.line_with(heading.text, after) or after
            markdown_source = heading_source(
                source.lines[line - 1] if line <= len(source.lines) else ""
            )
        found.append(
            Heading(heading.level, heading.text, markdown_source, line, heading.anchor, heading.top)
        )
        after = line + 1
    return found


def _link_key(kind: str, href: str) -> tuple[str, str]:
    return kind, unquote(href).strip()


def site_links(
    rendered: Sequence[RenderedLink],
    parsed: Sequence[Link],
    source: SourceMap,
    section_at: Callable[[int], str],
) -> list[Link]:
    """Every link and image the site has, with the line and column the editor wrote it at."""
    pairs = pair(
        rendered, parsed, lambda r: _link_key(r.kind, r.href), lambda p: _link_key(p.kind, p.href)
    )
    found: list[Link] = []
    after = (source.body_line, 1)
    for link, partner in pairs:
        if partner is None:
            spot = source.find_first([link.href, unquote(link.href)], after) or after
            col = source.opening(*spot, marks="[<")
            partner = Link(link.kind, link.href, link.text, spot[0], col, section_at(spot[0]))
            after = (spot[0], spot[1] + 1)
        else:
            after = (partner.line, partner.col + 1)
        found.append(partner)
    return found
