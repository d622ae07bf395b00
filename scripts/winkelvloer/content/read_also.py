"""Read-also lines: ``Lees ook: [Title](page.md)``, a paragraph of its own.

A paragraph that starts with any language's read-also label, followed by a colon or
containing a link, is a read-also line. (An ordinary sentence such as "Lies auch die
Bewertungen." is not.) It must use the label of the page's language, then a colon
(French: optionally a space before it), one space and exactly one link to a page of the
site, and nothing else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import NamedTuple
from urllib.parse import unquote

from markdown_it.token import Token

from winkelvloer.content.links import split_url
from winkelvloer.content.markdown import BREAK_TYPES, TEXT_TYPES, column, link_text
from winkelvloer.content.source_map import SourceMap
from winkelvloer.core.findings import Finding
from winkelvloer.core.rules import finding
from winkelvloer.core.typography import uses_french_spacing

SPACES_BEFORE_COLON = ("", " ", "\u00a0", "\u202f")


class ReadAlso(NamedTuple):
    line: int
    col: int
    section: str
    href: str
    text: str


def matched_label(content: str, labels: Mapping[str, str]) -> tuple[str, str] | None:
    """(locale, label) of the read-also label `content` starts with, longest label first."""
    folded = content.casefold()
    for locale, label in sorted(labels.items(), key=lambda item: -len(item[1])):
        if folded.startswith(label.casefold()):
            following = content[len(label) : len(label) + 1]
            if not following.isalnum():
                return locale, label
    return None


def is_page_link(href: str) -> bool:
    """A relative link to a Markdown page of the site."""
    parts = split_url(href)
    if parts is None or parts.scheme or parts.netloc:
        return False
    return parts.path.endswith(".md") and not parts.path.startswith("/")


def _prefixes(label: str, locale: str) -> set[str]:
    spaces = SPACES_BEFORE_COLON if uses_french_spacing(locale) else ("",)
    return {f"{label}{space}: " for space in spaces}


def _form_problem(children: Sequence[Token], label: str, locale: str) -> str | None:
    prefix, index = "", 0
    while index < len(children) and children[index].type in TEXT_TYPES - {"code_inline"}:
        prefix += children[index].content
        index += 1
    rest = children[index:]
    links = [c for c in rest if c.type == "link_open"]
    example = f"{label}{' ' if uses_french_spacing(locale) else ''}: [Title](page.md)"
    if any(c.type in BREAK_TYPES for c in children):
        return "a read-also line must be a paragraph of its own: one line, empty lines around it"
    if prefix not in _prefixes(label, locale):
        return f"write the label, a colon and one space before the link: '{example}'"
    if len(links) != 1:
        return f"a read-also line holds exactly one link, found {len(links)}: '{example}'"
    depth, trailing = 0, []
    for child in rest:
        depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if depth == 0 and child.type not in {"link_open", "link_close"}:
            trailing.append(child)
    if rest[0].type != "link_open" or any(c.type != "text" or c.content.strip() for c in trailing):
        return f"nothing but the link may follow the label: '{example}'"
    return None


def check_read_also(
    path: str,
    children: Sequence[Token],
    line: int,
    source_line: str,
    page_locale: str,
    labels: Mapping[str, str],
    language_names: Mapping[str, str],
    section: str,
) -> tuple[ReadAlso | None, list[Finding]]:
    """Check one paragraph that starts with a read-also label."""
    text = "".join(c.content for c in children[:3] if c.type in TEXT_TYPES)
    matched = matched_label(text, labels)
    if matched is None:
        return None, []
    locale, label = matched
    after_label = text[len(label) :].lstrip(" \u00a0\u202f")
    if not after_label.startswith(":") and not any(c.type == "link_open" for c in children):
        return None, []
    own = labels.get(page_locale)
    found: list[Finding] = []
    if own and locale != page_locale:
        found.append(
            finding(
                "STR010",
                path,
                line,
                1,
                f"'{label}' is the {language_names.get(locale, locale)} label; on this "
                f"{language_names.get(page_locale, page_locale)} page write '{own}'",
            )
        )
    problem = _form_problem(children, label, locale)
    if problem:
        found.append(finding("STR009", path, line, 1, problem))
    index = next((i for i, c in enumerate(children) if c.type == "link_open"), None)
    if index is None:
        return None, found
    href = str(children[index].attrGet("href") or "")
    if not problem and not is_page_link(href):
        found.append(
            finding("STR009", path, line, 1, f"a read-also link must point to a page (.md): {href}")
        )
    col = column(source_line, ["["])
    return ReadAlso(line, col, section, href, link_text(children, index)), found


def check_rendered_read_also(
    path: str, rendered: Sequence[str], seen: Sequence[ReadAlso], source: SourceMap
) -> list[Finding]:
    """STR009 for a read-also line only the site's renderer reads as one (markdown-it took it
    for part of an HTML block, say) whose link is no page of the site: the build would mark it
    for a card all the same."""
    seen_hrefs = Counter(unquote(item.href) for item in seen)
    seen_lines = {item.line for item in seen}
    found: list[Finding] = []
    after = (0, 0)
    for href in rendered:
        if seen_hrefs[unquote(href)] > 0:
            seen_hrefs[unquote(href)] -= 1
            continue
        spot = source.find(href, after) or (source.body_line, 1)
        after = (spot[0], spot[1] + 1)
        if is_page_link(href) or spot[0] in seen_lines:
            continue
        message = f"a read-also link must point to a page (.md): {href}"
        found.append(finding("STR009", path, spot[0], 1, message))
    return found
