"""One page analysed once: its Markdown, the rules that need only this file, and the facts
the cross-file rules (links, parity, freshness) work from.

`analyse` is a pure function of a page as content/source.py read it (its bytes, its name) and
the site configuration, so its result can be cached per file content and computed in worker
processes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token

from winkelvloer.content import markdown, rendered, safety, structure
from winkelvloer.content import tags as tag_rules
from winkelvloer.content.front_matter import FrontMatter
from winkelvloer.content.markdown import Heading, Link
from winkelvloer.content.read_also import (
    ReadAlso,
    check_read_also,
    check_rendered_read_also,
    matched_label,
)
from winkelvloer.content.source import SourcePage, is_article
from winkelvloer.content.source_map import SourceMap, site_headings, site_links
from winkelvloer.core.config import SiteConfig
from winkelvloer.core.findings import Finding, Severity
from winkelvloer.core.freshness import (
    INTRO_KEY,
    RECORD_KEY,
    SectionHash,
    section_number,
    sections_from_tokens,
    text_hash,
)
from winkelvloer.core.i18n import FileName
from winkelvloer.core.rules import finding

RECORD_PRESENT, RECORD_MISSING, RECORD_BROKEN = "present", "missing", "broken"
# A paragraph, list item or heading of this many words or more, word for word the same in a
# translation and its source, was not translated (PAR007). Shorter ones may well be the same
# in both languages: a name, "Marketing", a product.
PROSE_WORDS = 6


@dataclass(slots=True)
class PageFacts:
    name: FileName
    display: str  # path relative to the repository root, as findings show it
    findings: list[Finding] = field(default_factory=list)
    readable: bool = False
    title: str | None = None
    date: str | None = None
    record: dict[str, str] | None = None
    record_status: str = RECORD_BROKEN
    key_lines: dict[str, int] = field(default_factory=dict)
    anchors: frozenset[str] = frozenset()
    links: list[Link] = field(default_factory=list)
    read_also: list[ReadAlso] = field(default_factory=list)
    sections: list[SectionHash] = field(default_factory=list)
    numbered: int = 0
    h1_line: int = 1
    end_line: int = 1
    tags: list[tuple[str, int]] = field(default_factory=list)
    draft: bool = False
    section_starts: list[tuple[int, str]] = field(default_factory=list)  # (H2 line, key)
    # (line, text hash) of each paragraph, list item or heading long enough to be prose
    prose: list[tuple[int, str]] = field(default_factory=list)
    # Rendering ran out of time (MDX001): a verdict on the machine's load as much as on the
    # page, so these facts are never cached (content/corpus.py) and not in the record.
    timed_out: bool = False

    def to_record(self) -> tuple:
        """Plain lists, dicts, text and numbers only (for the JSON cache)."""
        return (
            tuple(self.name),
            self.display,
            [(f.path, f.line, f.col, f.code, str(f.severity), f.message) for f in self.findings],
            self.readable,
            self.title,
            self.date,
            self.record,
            self.record_status,
            self.key_lines,
            sorted(self.anchors),
            [tuple(link) for link in self.links],
            [tuple(item) for item in self.read_also],
            [tuple(section) for section in self.sections],
            self.numbered,
            self.h1_line,
            self.end_line,
            [tuple(tag) for tag in self.tags],
            self.draft,
            [tuple(start) for start in self.section_starts],
            [tuple(block) for block in self.prose],
        )

    @classmethod
    def from_record(cls, record: Sequence[Any]) -> PageFacts:
        (name, display, found, readable, title, date, translated, status, key_lines, anchors,
         links, read_also, sections, numbered, h1_line, end_line, tags, draft,
         section_starts, prose) = record  # fmt: skip
        return cls(
            FileName(*name),
            display,
            [Finding(p, ln, c, code, Severity(sev), m) for p, ln, c, code, sev, m in found],
            readable,
            title,
            date,
            translated,
            status,
            key_lines,
            frozenset(anchors),
            [Link(*link) for link in links],
            [ReadAlso(*item) for item in read_also],
            [SectionHash(*section) for section in sections],
            numbered,
            h1_line,
            end_line,
            [(str(tag), int(line)) for tag, line in tags],
            bool(draft),
            [(int(line), str(key)) for line, key in section_starts],
            [(int(line), str(digest)) for line, digest in prose],
        )


# Walking the tokens
# -----------------------------------------------------------------------------------------


class _Walk:
    """One pass over the block tokens: links, images and read-also lines, as markdown-it
    reads them (the site's own reading, in rendered.py, decides which of them exist)."""

    def __init__(
        self, facts: PageFacts, site: SiteConfig, lines: Sequence[str], env: dict,
        h2_keys: Sequence[str],
    ) -> None:  # fmt: skip
        self.facts, self.site, self.lines, self.env = facts, site, lines, env
        self.labels = site.read_also_labels
        self.prefixes = [label.casefold() for label in self.labels.values()]
        self.section, self.keys = INTRO_KEY, iter(h2_keys)
        self.links: list[Link] = []
        self.read_also: list[ReadAlso] = []
        self.findings: list[Finding] = []
        self.section_starts: list[tuple[int, str]] = []
        self.prose: list[tuple[int, str]] = []

    def run(self, tokens: Sequence[Token]) -> _Walk:
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and token.tag == "h2" and token.level == 0:
                self.section = next(self.keys, self.section)
                self.section_starts.append(((token.map or (0, 0))[0] + 1, self.section))
            elif token.type == "inline":
                opened = tokens[index - 1].type if index > 0 else ""
                self.inline(token, opened == "paragraph_open")
                if opened in ("paragraph_open", "heading_open"):
                    self.remember_prose(token)
        return self

    def remember_prose(self, token: Token) -> None:
        """Text a translation must not keep word for word (PAR007): paragraphs, list items
        and headings of at least PROSE_WORDS words."""
        words = token.content.split()
        if len(words) >= PROSE_WORDS:
            line = (token.map or (0, 0))[0] + 1
            self.prose.append((line, text_hash(" ".join(words))))

    def children(self, token: Token) -> list[Token] | None:
        if not token.children and markdown.needs_inline(token.content, self.prefixes):
            token.children = markdown.parse_inline(token.content, self.env)
        return token.children or None

    def inline(self, token: Token, paragraph: bool) -> None:
        children = self.children(token)
        if children is None:
            return
        first = (token.map or (0, 0))[0] + 1
        if paragraph and matched_label(token.content, self.labels):
            self.check_read_also(children, first)
        for position, line, _child in markdown.inline_items(children, first):
            link = markdown.make_link(children, position, line, self.lines, self.section)
            self.links.append(link)

    def section_at(self, line: int) -> str:
        """The section key of a source line."""
        return next(
            (key for start, key in reversed(self.section_starts) if start <= line), INTRO_KEY
        )

    def check_read_also(self, children: Sequence[Token], line: int) -> None:
        names = {lang.locale: lang.english_name for lang in self.site.languages}
        item, problems = check_read_also(
            self.facts.display, children, line, self.lines[line - 1], self.facts.name.lang,
            self.labels, names, self.section,
        )  # fmt: skip
        self.findings += problems
        if item:
            self.read_also.append(item)


# Analysis
# -----------------------------------------------------------------------------------------


def _record(front: FrontMatter) -> tuple[dict[str, str] | None, str]:
    if front.data is None:
        return None, RECORD_BROKEN
    value = front.data.get(RECORD_KEY)
    if value is None and RECORD_KEY not in front.data:
        return None, RECORD_MISSING
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return value, RECORD_PRESENT
    return None, RECORD_BROKEN


def _apply_front_matter(facts: PageFacts, front: FrontMatter, lines: Sequence[str]) -> None:
    data = front.data or {}
    facts.title = data.get("title") if isinstance(data.get("title"), str) else None
    facts.date = data.get("date") if isinstance(data.get("date"), str) else None
    facts.record, facts.record_status = _record(front)
    facts.key_lines = front.key_lines
    facts.draft = data.get("draft") is True
    facts.tags = _tag_lines(data.get("tags"), facts.key_lines.get("tags", 1), lines)


def _template_findings(facts: PageFacts, front: FrontMatter, site: SiteConfig) -> list[Finding]:
    """FM009: `template:` names a page template of the site, or the theme would use any file
    (Material's redirect.html writes front matter into a script; an unknown name crashes)."""
    template = (front.data or {}).get("template")
    allowed_names = site.page_templates
    if not isinstance(template, str) or allowed_names is None or template in allowed_names:
        return []
    allowed = ", ".join(allowed_names) or "none"
    message = (
        f"template '{template}' is not a page template of this site; use one of {allowed}, "
        "or leave template out"
    )
    line = facts.key_lines.get("template", 1)
    return [finding("FM009", facts.display, line, 1, message)]


def _tag_lines(tags: object, tags_line: int, lines: Sequence[str]) -> list[tuple[str, int]]:
    """Each tag with its line: block lists have one item per line below the key."""
    if not isinstance(tags, list):
        return []
    found, index = [], tags_line  # lines[tags_line] is the line after the key
    for tag in tags:
        if not isinstance(tag, str):
            continue
        line = tags_line
        for probe in range(index, min(len(lines), index + 50)):
            stripped = lines[probe].strip()
            if not stripped.startswith("-"):
                break
            if stripped[1:].strip().strip("\"'") == tag:
                line, index = probe + 1, probe + 1
                break
        found.append((tag, line))
    return found


def _structure_findings(
    facts: PageFacts, heads: Sequence[Heading], site: SiteConfig, article: bool, body_line: int
) -> list[Finding]:
    path = facts.display
    found = structure.check_h1(path, heads, facts.title, facts.key_lines.get("title", 1), body_line)
    found += structure.check_levels(path, heads)
    if article:
        language = site.by_locale.get(facts.name.lang)
        closing = language.closing_section if language else None
        others = {
            lang.closing_section: lang.english_name
            for lang in site.languages
            if lang.closing_section and lang.closing_section != closing
        }
        found += structure.check_sections(path, heads, closing, others, facts.end_line)
    return found


def _body(lines: Sequence[str], front_end: int | None) -> str:
    """The text Python-Markdown gets: the front matter blanked, so the lines stay the file's."""
    if front_end is None:
        return "\n".join(lines)
    return "\n" * (front_end + 1) + "\n".join(lines[front_end + 1 :])


def _read_markdown(
    facts: PageFacts, lines: list[str], front_end: int | None, site: SiteConfig
) -> tuple[list[Heading], _Walk, rendered.Rendered, SourceMap]:
    """Parse the body once; fill in the facts other pages need (anchors, links, sections).

    markdown-it gives line numbers and sections; Python-Markdown, as the site runs it,
    decides which headings and links exist (winkelvloer/content/source_map.py pairs the two).
    """
    tokens, env = markdown.parse(lines, front_end)
    parsed = markdown.headings(tokens, env, site.slugify, site.separator, site.smart_symbols)
    sections = sections_from_tokens(lines, tokens, site.closing_names)
    walk = _Walk(facts, site, lines, env, [s.key for s in sections[2:]]).run(tokens)
    on_site = rendered.render(site, _body(lines, front_end))
    source = SourceMap(lines, front_end + 2 if front_end is not None else 1)
    heads = site_headings(on_site.headings, parsed, source)
    facts.anchors = frozenset(on_site.ids)
    facts.sections = [SectionHash(s.key, s.label, s.hash) for s in sections]
    facts.links = site_links(on_site.links, walk.links, source, walk.section_at)
    facts.read_also = walk.read_also
    facts.section_starts = walk.section_starts
    facts.prose = walk.prose
    top_h2 = [h for h in heads if h.level == 2 and h.top]
    facts.numbered = sum(1 for h in top_h2 if section_number(h.source) is not None)
    facts.h1_line = next((h.line for h in heads if h.level == 1), 1)
    facts.end_line = len(lines) - (1 if lines and not lines[-1] else 0)
    return heads, walk, on_site, source


def analyse(source: SourcePage, site: SiteConfig) -> PageFacts:
    """Everything the checks need from one page, and the findings about that page alone."""
    name, display = source.name, source.display
    facts = PageFacts(name, display, list(source.findings))
    if source.text is None:
        return facts
    lines = source.lines
    article = is_article(name, site)
    front = source.front
    _apply_front_matter(facts, front, lines)
    facts.findings += _template_findings(facts, front, site)
    end = front.bounds[1] if front.bounds else None
    too_complex = rendered.complexity_problem(lines, end + 2 if end is not None else 1)
    if too_complex is not None:
        line, reason = too_complex
        message = f"the page cannot be checked or built in reasonable time: {reason}; simplify it"
        facts.findings.append(finding("MDX001", display, line, 1, message))
        return facts
    try:
        heads, walk, on_site, source_map = _read_markdown(facts, lines, end, site)
    except (rendered.RenderTimeout, RecursionError) as error:
        facts.timed_out = isinstance(error, rendered.RenderTimeout)
        reason = f"rendering it took more than {rendered.RENDER_SECONDS} seconds or nested too deep"
        message = f"the page cannot be checked or built in reasonable time: {reason}; simplify it"
        facts.findings.append(
            finding("MDX001", display, end + 2 if end is not None else 1, 1, message)
        )
        return facts
    facts.findings += _structure_findings(facts, heads, site, article, source_map.body_line)
    facts.findings += walk.findings
    facts.findings += check_rendered_read_also(
        display, on_site.read_also, walk.read_also, source_map
    )
    if article:
        facts.findings += tag_rules.check_vocabulary(display, facts.tags, name.lang, site)
    facts.findings += safety.check_rendered(display, on_site, source_map, article)
    facts.readable = True
    return facts
