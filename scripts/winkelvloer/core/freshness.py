"""Which sections of a translation's Dutch source changed since the translation was made.

A translation records, in its front matter, a short hash of every section of the source
it was translated from::

    translated_from:
      title: 3f2a9c01de      # front matter title + description
      intro: 9b1d0e77aa      # between the H1 and the first H2
      "1": 0c4de3b2f1        # numbered section "## 1. ..."
      closing: 5e6f7a8b9c    # the closing section

`section_hashes` computes those hashes for a source text and `outdated_sections` compares
them with a recorded set. The check, `make status` and the build import this module; it
depends on nothing but the standard library and markdown-it-py, and caches its work per
source text.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from markdown_it import MarkdownIt
from markdown_it.token import Token

HASH_LENGTH = 10
TITLE_KEY = "title"
INTRO_KEY = "intro"
CLOSING_KEY = "closing"
RECORD_KEY = "translated_from"
TITLE_FIELDS = ("title", "description")
FENCE_OPEN = "---"
FENCE_CLOSE = ("---", "...")
# Python-Markdown's attr_list syntax at the end of a heading: "## Heading {#id .class}".
_ATTR_LIST_SUFFIX = re.compile(r"[ ]+\{:?[ ]*([^}\n ][^\n]*)\}[ ]*$")


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    label: str
    text: str

    @property
    def hash(self) -> str:
        return text_hash(self.text)


class SectionHash(NamedTuple):
    key: str
    label: str
    hash: str


class _Hashed(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def hash(self) -> str: ...


# Text helpers shared with the content check
# -----------------------------------------------------------------------------------------


def text_hash(text: str) -> str:
    """First hex digits of the SHA-256 of `text` with its whitespace normalized."""
    normalized = " ".join(text.split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def normalize_newlines(text: str) -> str:
    """Drop a byte order mark and turn CRLF / CR into LF, as Python's text mode does."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def front_matter_bounds(lines: Sequence[str]) -> tuple[int, int] | None:
    """Index of the opening and closing fence lines of the front matter, if it is closed."""
    if not lines or lines[0].rstrip(" \t") != FENCE_OPEN:
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip(" \t") in FENCE_CLOSE:
            return 0, index
    return None


def strip_attr_list(heading: str) -> tuple[str, str | None]:
    """Split "Heading {#id}" into ("Heading", "#id"); other headings come back unchanged."""
    match = _ATTR_LIST_SUFFIX.search(heading)
    if not match:
        return heading.strip(), None
    return heading[: match.start()].strip(), match.group(1)


def section_number(heading: str) -> int | None:
    """The N of a numbered heading "N. Title", else None."""
    number, dot, rest = heading.partition(". ")
    if dot and number.isascii() and number.isdigit() and rest.strip():
        return int(number)
    return None


def _field_text(front_matter: Sequence[str], key: str) -> str:
    """The raw value of a top-level key, continuation lines included."""
    prefix = f"{key}:"
    for index, line in enumerate(front_matter):
        if not line.startswith(prefix):
            continue
        parts = [line[len(prefix) :]]
        for following in front_matter[index + 1 :]:
            if following.strip() and following[:1] not in {" ", "\t"}:
                break
            parts.append(following)
        value = " ".join(" ".join(parts).split())
        if len(value) > 1 and value[0] == value[-1] and value[0] in {"'", '"'}:
            value = value[1:-1]
        return value
    return ""


# Sections
# -----------------------------------------------------------------------------------------


@functools.cache
def _block_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark")
    parser.core.ruler.disable(["inline", "text_join"])
    return parser


def parse_blocks(lines: Sequence[str]) -> list[Token]:
    """Block tokens of the body; front matter lines are blanked so line numbers stay put."""
    bounds = front_matter_bounds(lines)
    if bounds is not None:
        lines = [""] * (bounds[1] + 1) + list(lines[bounds[1] + 1 :])
    return _block_parser().parse("\n".join(lines))


def _headings(tokens: Sequence[Token]) -> list[tuple[int, int, str, str]]:
    """(first line, end line, tag, text) of the top-level H1 and H2 headings."""
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.tag in {"h1", "h2"}:
            start, end = token.map or (0, 0)
            found.append((start, end, token.tag, strip_attr_list(tokens[index + 1].content)[0]))
    return found


def _h2_key(heading: str, closing_names: Iterable[str]) -> str:
    number = section_number(heading)
    if number is not None:
        return str(number)
    return CLOSING_KEY if heading in closing_names else heading


def _unique(key: str, seen: set[str]) -> str:
    candidate, count = key, 1
    while candidate in seen:
        count += 1
        candidate = f"{key}~{count}"
    seen.add(candidate)
    return candidate


def sections_from_tokens(
    lines: Sequence[str], tokens: Sequence[Token], closing_names: Iterable[str]
) -> list[Section]:
    """Title, intro and H2 sections of a page from its (already parsed) block tokens."""
    closing = frozenset(closing_names)
    bounds = front_matter_bounds(lines)
    front = lines[1 : bounds[1]] if bounds else []
    body_start = bounds[1] + 1 if bounds else 0
    title_text = "\n".join(_field_text(front, field) for field in TITLE_FIELDS)
    result = [Section(TITLE_KEY, TITLE_KEY, title_text)]
    headings = _headings(tokens)
    h2s = [h for h in headings if h[2] == "h2"]
    intro_end = h2s[0][0] if h2s else len(lines)
    h1_lines = {n for start, end, tag, _ in headings if tag == "h1" for n in range(start, end)}
    intro = [lines[n] for n in range(body_start, intro_end) if n not in h1_lines]
    result.append(Section(INTRO_KEY, INTRO_KEY, "\n".join(intro)))
    seen = {TITLE_KEY, INTRO_KEY}
    for position, (start, _, _, text) in enumerate(h2s):
        end = h2s[position + 1][0] if position + 1 < len(h2s) else len(lines)
        key = _unique(_h2_key(text, closing), seen)
        result.append(Section(key, text, "\n".join(lines[start:end])))
    return result


@functools.lru_cache(maxsize=512)
def _sections_cached(text: str, closing_names: frozenset[str]) -> tuple[Section, ...]:
    lines = normalize_newlines(text).split("\n")
    return tuple(sections_from_tokens(lines, parse_blocks(lines), closing_names))


def sections(source_markdown_text: str, closing_names: Iterable[str]) -> list[Section]:
    return list(_sections_cached(source_markdown_text, frozenset(closing_names)))


# Public API
# -----------------------------------------------------------------------------------------


def section_hashes(source_markdown_text: str, closing_names: Iterable[str]) -> dict[str, str]:
    """Hash of every section of a source page, keyed "title", "intro", "1".."N", "closing"."""
    return {s.key: s.hash for s in sections(source_markdown_text, closing_names)}


def compare(current: Sequence[_Hashed], recorded: Mapping[str, object]) -> list[str]:
    """Labels of the sections whose hash differs from the record, in page order."""
    changed = [s.label for s in current if recorded.get(s.key) != s.hash]
    keys = {s.key for s in current}
    changed += [f"{key} (no longer in the source)" for key in recorded if str(key) not in keys]
    return changed


def outdated_sections(
    source_text: str, recorded: Mapping[str, object] | None, closing_names: Iterable[str]
) -> list[str]:
    """Labels of the source sections changed since `recorded` was written.

    Labels are "title", "intro" or the source's heading ("1. Het is geen
    snelheidswedstrijd", "Slotgedachte"). A translation without a record (`recorded` is
    None or not a mapping) has nothing to compare with and gets an empty list: the content
    check reports the missing record separately.
    """
    return outdated(sections(source_text, closing_names), recorded)


def outdated(current: Sequence[_Hashed], recorded: Mapping[str, object] | None) -> list[str]:
    """outdated_sections for a source whose sections are already hashed."""
    if not isinstance(recorded, Mapping):
        return []
    return compare(current, {str(key): value for key, value in recorded.items()})
