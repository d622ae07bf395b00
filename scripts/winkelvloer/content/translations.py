"""A translation against its Dutch source: it exists, it is complete in structure (same
numbered sections, read-also links and images) and it is up to date (freshness)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from urllib.parse import unquote

from winkelvloer.content.files import walk
from winkelvloer.content.links import resolve, split_url
from winkelvloer.content.page import RECORD_MISSING, RECORD_PRESENT, PageFacts
from winkelvloer.content.tags import check_translated
from winkelvloer.core.config import SiteConfig
from winkelvloer.core.findings import Finding, plural
from winkelvloer.core.freshness import CLOSING_KEY, INTRO_KEY, RECORD_KEY, compare
from winkelvloer.core.i18n import split_name
from winkelvloer.core.rules import finding
from winkelvloer.core.text import make_command


def _section_name(key: str) -> str:
    if key == INTRO_KEY:
        return "the intro"
    if key == CLOSING_KEY:
        return "the closing section"
    return f"section {key}" if key.isdigit() else f"section '{key}'"


def normalized_target(href: str, page: str, site: SiteConfig) -> str:
    """A link target as a docs-relative path without language suffix, for comparing."""
    parts = split_url(href)
    if parts is None or parts.scheme or parts.netloc or href.startswith("/"):
        return href
    path = resolve(page, unquote(parts.path))
    return split_name(path, site.locales, site.default.locale).base


def _first_difference(left: Sequence[object], right: Sequence[object]) -> int | None:
    for index, (a, b) in enumerate(zip(left, right, strict=False)):
        if a != b:
            return index
    return None if len(left) == len(right) else min(len(left), len(right))


# Parity
# -----------------------------------------------------------------------------------------


def check_sections(page: PageFacts, source: PageFacts) -> list[Finding]:
    if page.numbered == source.numbered:
        return []
    message = (
        f"{plural(page.numbered, 'numbered section')}; the Dutch source {source.display} "
        f"has {source.numbered}: translate every section, no more and no less"
    )
    return [finding("PAR003", page.display, page.h1_line, 1, message)]


def check_read_also(page: PageFacts, source: PageFacts, site: SiteConfig) -> list[Finding]:
    """The first read-also line that differs from the source, found by aligning the two lists,
    so one line added to (or left out of) a section is reported where it is or belongs, not
    as a difference at every later line."""
    ours = [(r.section, normalized_target(r.href, page.name.path, site)) for r in page.read_also]
    theirs = [
        (r.section, normalized_target(r.href, source.name.path, site)) for r in source.read_also
    ]
    matcher = difflib.SequenceMatcher(a=ours, b=theirs, autojunk=False)
    change = next((op for op in matcher.get_opcodes() if op[0] != "equal"), None)
    if change is None:
        return []
    kind, i, _, j, _ = change
    if kind == "insert":
        section, target = theirs[j]
        line, where = _end_of_section(page, section)
        message = (
            f"read-also link to {target} in {_section_name(section)} is missing; the Dutch "
            f"source has it on line {source.read_also[j].line}: add it {where}"
        )
    elif kind == "delete":
        section, target = ours[i]
        line = page.read_also[i].line
        message = (
            f"read-also link to {target} in {_section_name(section)} is not in the Dutch source"
        )
    elif ours[i][1] == theirs[j][1]:
        line = page.read_also[i].line
        message = (
            f"read-also link to {ours[i][1]} is in {_section_name(ours[i][0])}; the Dutch "
            f"source has it in {_section_name(theirs[j][0])} (line {source.read_also[j].line}): "
            "move it there"
        )
    else:
        line = page.read_also[i].line
        message = (
            f"read-also link {i + 1} goes to {ours[i][1]} in {_section_name(ours[i][0])}; the "
            f"Dutch source has {theirs[j][1]} in {_section_name(theirs[j][0])} "
            f"(line {source.read_also[j].line})"
        )
    return [finding("PAR004", page.display, line, 1, message)]


def _end_of_section(page: PageFacts, section: str) -> tuple[int, str]:
    """(line, words): where a read-also line of `section` goes in the page: above the next
    section's heading, or at the end of the page."""
    starts = page.section_starts
    index = next((n for n, (_, key) in enumerate(starts) if key == section), None)
    if section == INTRO_KEY and starts:
        return starts[0][0], f"at the end of the intro, above line {starts[0][0]}"
    if index is not None and index + 1 < len(starts):
        following = starts[index + 1][0]
        return following, f"at the end of {_section_name(section)}, above line {following}"
    if index is None:
        return page.end_line, f"to {_section_name(section)}"
    return page.end_line, f"at the end of {_section_name(section)}, the end of the page"


def check_images(page: PageFacts, source: PageFacts, site: SiteConfig) -> list[Finding]:
    ours = [link for link in page.links if link.kind == "image"]
    theirs = [link for link in source.links if link.kind == "image"]
    mine = [normalized_target(i.href, page.name.path, site) for i in ours]
    original = [normalized_target(i.href, source.name.path, site) for i in theirs]
    index = _first_difference(mine, original)
    if index is None:
        return []
    if index >= len(mine):
        line, col = page.end_line, 1
        message = (
            f"image {original[index]} of the Dutch source (line {theirs[index].line}) is missing"
        )
    else:
        line, col = ours[index].line, ours[index].col
        expected = (
            f"the Dutch source has {original[index]}"
            if index < len(original)
            else ("the Dutch source has no image here")
        )
        message = f"image {mine[index]} differs from the Dutch source: {expected}"
    return [finding("PAR005", page.display, line, col, message)]


def check_date(page: PageFacts, source: PageFacts) -> list[Finding]:
    if not page.date or not source.date or page.date == source.date:
        return []
    line = page.key_lines.get("date", 1)
    message = f"date {page.date} differs from the Dutch source's {source.date}; use the same date"
    return [finding("PAR006", page.display, line, 1, message)]


# Freshness
# -----------------------------------------------------------------------------------------


def check_freshness(page: PageFacts, source: PageFacts) -> list[Finding]:
    if page.record_status == RECORD_MISSING:
        message = (
            f"translation has no {RECORD_KEY} record; once it matches the Dutch source, "
            f"run {make_command('mark-updated', FILE=page.display)}"
        )
        return [finding("FRS001", page.display, 1, 1, message)]
    if page.record_status != RECORD_PRESENT or page.record is None:
        return []
    changed = compare(source.sections, page.record)
    if not changed:
        return []
    names = ", ".join(f"'{label}'" for label in changed)
    message = (
        f"outdated: the Dutch source changed in {names}; update those parts, "
        f"then run {make_command('mark-updated', FILE=page.display)}"
    )
    return [finding("FRS002", page.display, page.key_lines.get(RECORD_KEY, 1), 1, message)]


def check_source_record(page: PageFacts) -> list[Finding]:
    if RECORD_KEY not in page.key_lines:
        return []
    message = f"{RECORD_KEY} belongs in translations only; remove it from this source page"
    return [finding("FRS003", page.display, page.key_lines[RECORD_KEY], 1, message)]


def check_draft(page: PageFacts) -> list[Finding]:
    """PUB001: a translation marked as a draft is not published; its language shows the Dutch
    page until the translator removes the line. `draft: false` does nothing in a translation."""
    if "draft" not in page.key_lines:
        return []
    line = page.key_lines["draft"]
    language = page.name.lang
    if page.draft:
        message = (
            f"this translation is a draft: the '{language}' site shows the Dutch page (with a "
            "notice) instead; once it is translated, remove the line 'draft: true'"
        )
    else:
        message = (
            "remove 'draft' unless it is 'draft: true': a translation is published with its "
            "Dutch source; only 'draft: true' holds it back"
        )
    return [finding("PUB001", page.display, line, 1, message)]


def check_untranslated(page: PageFacts, source: PageFacts) -> list[Finding]:
    """PAR007: paragraphs and headings that are still the source's text, word for word."""
    original = {digest for _, digest in source.prose}
    lines = [line for line, digest in page.prose if digest in original]
    if not lines:
        return []
    count = plural(len(lines), "paragraph or heading")
    more = (
        f" (also line{'s' if len(lines) > 2 else ''} {_line_list(lines[1:])})" if lines[1:] else ""
    )
    message = (
        f"{count} still the Dutch text, word for word{more}: translate "
        f"{'it' if len(lines) == 1 else 'them'}"
    )
    return [finding("PAR007", page.display, lines[0], 1, message)]


def _line_list(lines: Sequence[int], shown: int = 5) -> str:
    listed = ", ".join(map(str, lines[:shown]))
    return listed + (f" and {len(lines) - shown} more" if len(lines) > shown else "")


def check_tags(page: PageFacts, source: PageFacts, site: SiteConfig) -> list[Finding]:
    return check_translated(
        page.display,
        page.tags,
        page.key_lines.get("tags", 1),
        source.tags,
        page.name.lang,
        site,
    )


def check_translation(
    page: PageFacts, source: PageFacts | None, site: SiteConfig, *, source_ok: bool = True
) -> list[Finding]:
    """Parity and freshness of a translation (a page with a language suffix).

    While the source has errors (`source_ok` False), the comparisons with it are held back:
    the source's own messages name the mistake, and the translations are compared again
    once it is fixed.
    """
    if source is None:
        expected = page.name.base
        message = f"translation without a Dutch source: {expected} does not exist"
        return [finding("PAR001", page.display, 1, 1, message)]
    if not page.readable:
        return []
    found = check_draft(page)
    if not source.readable or not source_ok:
        return found
    return [
        *found,
        *check_sections(page, source),
        *check_read_also(page, source, site),
        *check_images(page, source, site),
        *check_date(page, source),
        *check_tags(page, source, site),
        *check_untranslated(page, source),
        *check_freshness(page, source),
    ]


def check_unknown_language(page: PageFacts, site: SiteConfig) -> list[Finding]:
    return [unknown_language_finding(page.display, page.name.suffix or "", site.locales)]


def unknown_language_finding(display: str, suffix: str, locales: Iterable[str]) -> Finding:
    """PAR002, as the check, the status and the build report it."""
    configured = ", ".join(sorted(locales))
    message = (
        f"'{suffix}' is not a configured language ({configured}); the file is not "
        f"published. Rename it or add the language to mkdocs.yml"
    )
    return finding("PAR002", display, 1, 1, message)


def unknown_language_files(
    docs_dir: Path, locales: frozenset[str], default: str, display: Callable[[str], str]
) -> list[Finding]:
    """PAR002 for every page under docs_dir whose language suffix mkdocs.yml does not list
    (a language removed while its files remain): the build and the status report these."""
    found = []
    for entry in walk(docs_dir):
        if entry.is_regular and entry.path.endswith(".md"):
            name = split_name(entry.path, locales, default)
            if name.unknown:
                found.append(
                    unknown_language_finding(display(entry.path), name.suffix or "", locales)
                )
    return found
