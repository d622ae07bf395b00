"""Parsing a page with markdown-it-py, once, for line numbers, sections and read-also lines.

Which headings and links the page has is decided by the site's own renderer
(scripts/winkelvloer/content/rendered.py); source_map.py pairs them with what this module finds.

Block structure is always parsed. Inline content is parsed where it can matter: headings,
and paragraphs that contain ``[`` or ``<`` (no link, image or HTML without one of them)
or start with a read-also label. Line numbers come from ``token.map``; inside a paragraph
the line advances with every soft or hard line break.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin

from winkelvloer.core.freshness import strip_attr_list

TEXT_TYPES = frozenset({"text", "text_special", "code_inline"})
BREAK_TYPES = frozenset({"softbreak", "hardbreak"})
INLINE_TRIGGERS = ("[", "<")


@dataclass(slots=True)
class Heading:
    level: int
    text: str  # as rendered, markup removed: what the TOC and the H1 show
    source: str  # the Markdown of the heading without a trailing {: attr list}
    line: int
    anchor: str
    top: bool  # not nested in a list, quote or admonition


class Link(NamedTuple):
    kind: str  # "link" or "image"
    href: str
    text: str
    line: int
    col: int
    section: str


# Parser
# -----------------------------------------------------------------------------------------


def _keep_every_link(url: str) -> bool:
    """markdown-it drops javascript: links; keep them so the safety rule can see them."""
    return True


@functools.cache
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    md.use(admon_plugin)
    md.core.ruler.disable(["inline", "text_join"])
    # markdown-it-py's way to change which links it accepts: replace the method.
    md.validateLink = _keep_every_link  # type: ignore[method-assign]
    return md


def parse(lines: Sequence[str], front_matter_end: int | None) -> tuple[list[Token], dict]:
    """Block tokens; front matter lines are blanked so `token.map` is the file's line."""
    if front_matter_end is not None:
        lines = [""] * (front_matter_end + 1) + list(lines[front_matter_end + 1 :])
    env: dict = {}
    return parser().parse("\n".join(lines), env), env


def parse_inline(text: str, env: dict) -> list[Token]:
    children: list[Token] = []
    md = parser()
    md.inline.parse(text, md, env, children)
    return children


def needs_inline(content: str, prefixes: Sequence[str]) -> bool:
    if any(trigger in content for trigger in INLINE_TRIGGERS):
        return True
    folded = content[:40].casefold()
    return any(folded.startswith(p) for p in prefixes)


# Headings
# -----------------------------------------------------------------------------------------


@functools.cache
def _smart_symbols() -> list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]]:
    """pymdownx.smartsymbols replacements, which run before the TOC makes its ids."""
    from pymdownx import smartsymbols

    compiled = []
    for _, pattern, replace in smartsymbols.REPL.values():
        if pattern == smartsymbols.RE_ORDINAL_NUMBERS[1]:
            continue  # 1<sup>st</sup> loses its tags again before slugifying
        repl = replace if callable(replace) else (lambda _m, r=replace: r)
        compiled.append((re.compile(pattern), repl))
    return compiled


def _unescaped(replace: Callable[[re.Match[str]], str], match: re.Match[str]) -> str:
    return html.unescape(replace(match))


def apply_smart_symbols(text: str) -> str:
    # Every pattern needs "(" ((c), (tm), (r)), "/" (fractions, +/-, =/=, c/o) or "--" (arrows).
    if "(" not in text and "/" not in text and "--" not in text:
        return text
    for pattern, replace in _smart_symbols():
        text = pattern.sub(functools.partial(_unescaped, replace), text)
    return text


def plain_text(children: Sequence[Token], smart_symbols: bool = False) -> str:
    """Rendered text of inline tokens with the tags stripped, as the TOC computes it."""
    parts = []
    for child in children:
        if child.type == "code_inline":
            parts.append(child.content)
        elif child.type in TEXT_TYPES:
            parts.append(apply_smart_symbols(child.content) if smart_symbols else child.content)
        elif child.type in BREAK_TYPES:
            parts.append("\n")
    return "".join(parts)


def explicit_id(attributes: str) -> str | None:
    """The id of a Python-Markdown attr_list such as "#my-id .class", if it has one."""
    from markdown.extensions.attr_list import get_attrs_and_remainder

    attrs, remainder = get_attrs_and_remainder(attributes)
    if remainder:
        return None
    ids = [value for key, value in attrs if key == "id" and value]
    return ids[-1] if ids else None


def headings(
    tokens: Sequence[Token],
    env: dict,
    slugify: Callable[[str, str], str],
    separator: str,
    smart_symbols: bool = False,
) -> list[Heading]:
    """Every heading with the id Python-Markdown's toc gives it (attr_list ids win)."""
    from markdown.extensions.toc import unique

    found: list[tuple[Heading, bool]] = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        source, attributes = strip_attr_list(inline.content)
        anchor = explicit_id(attributes) if attributes else None
        inline.children = parse_inline(source, env)
        text = plain_text(inline.children, smart_symbols).strip()
        line = (token.map or (0, 0))[0] + 1
        heading = Heading(int(token.tag[1]), text, source, line, anchor or "", token.level == 0)
        found.append((heading, anchor is not None))
    used = {h.anchor for h, explicit in found if explicit}
    counters: dict[str, int] = {}
    for heading, explicit in found:
        if not explicit:
            heading.anchor = unique(slugify(heading.text, separator), used, counters)
    return [h for h, _ in found]


# Inline walking
# -----------------------------------------------------------------------------------------


def column(source_line: str, needles: Sequence[str]) -> int:
    for needle in needles:
        if needle:
            position = source_line.find(needle)
            if position >= 0:
                return position + 1
    return 1


def link_text(children: Sequence[Token], start: int) -> str:
    """Text of the link that opens at children[start]."""
    depth, parts = 0, []
    for child in children[start:]:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
            if depth == 0:
                break
        elif child.type in TEXT_TYPES:
            parts.append(child.content)
        elif child.type in BREAK_TYPES:
            parts.append(" ")
    return "".join(parts)


def inline_items(children: Sequence[Token], first_line: int) -> Iterator[tuple[int, int, Token]]:
    """(index, 1-based line, token) of every link and image."""
    line = first_line
    for index, child in enumerate(children):
        if child.type in BREAK_TYPES:
            line += 1
        elif child.type in {"link_open", "image"}:
            yield index, line, child
        elif child.type == "html_inline":
            line += child.content.count("\n")


def make_link(
    children: Sequence[Token], index: int, line: int, lines: Sequence[str], section: str
) -> Link:
    token = children[index]
    if token.type == "image":
        href, text, prefix = str(token.attrGet("src") or ""), token.content, "!["
    else:
        href, text, prefix = str(token.attrGet("href") or ""), link_text(children, index), "["
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    needles = [f"{prefix}{text}", f"<{href}", href] if text else [f"<{href}", href]
    kind = "image" if token.type == "image" else "link"
    return Link(kind, href, text, line, column(source_line, needles), section)
