"""Add one read-also line to an article and all its translations at once.

    python -m winkelvloer.cli.read_also SLUG TARGET [--section N|intro|closing]

`make read-also SLUG=x TARGET=y SECTION=2` calls this. The line goes at the end of the
section (default: the closing section) of the Dutch article and of each translation that
exists, with each language's label and the target's title in that language; where the
target has no translation yet, its Dutch title, and a note says so (readers of that
language get the Dutch page, LNK006). A page that already has a read-also line to the
target in that section is left as it is. A translation that matched the Dutch source
before stays marked up to date: its ``translated_from`` hash of that section follows the
source's. Every file is read first and written only if it still holds what was read (an
edit saved meanwhile is never overwritten), each atomically.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from winkelvloer.cli.command import BAD_INPUT, Failure, UsageError, run_command
from winkelvloer.cli.new_page import label_line
from winkelvloer.cli.status import replace_record
from winkelvloer.content.corpus import Corpus
from winkelvloer.content.translations import normalized_target
from winkelvloer.core.atomic import ChangedMeanwhile, replace_unchanged
from winkelvloer.core.config import Language, SiteConfig, load_site_config
from winkelvloer.core.freshness import (
    CLOSING_KEY,
    INTRO_KEY,
    RECORD_KEY,
    parse_blocks,
    section_hashes,
    section_number,
    strip_attr_list,
)
from winkelvloer.core.i18n import localized
from winkelvloer.core.publishing import front_matter


class Refused(Exception):
    """What the editor asked cannot be done (exit status 1)."""


@dataclass
class Edit:
    """One file: what it held when read, and what it will hold."""

    path: Path
    language: Language
    read: bytes
    new_text: str | None = None
    line: int = 0  # 1-based line of the added read-also line
    note: str = ""


# Where the line goes
# -----------------------------------------------------------------------------------------


def section_ends(lines: Sequence[str], closing_names: frozenset[str]) -> dict[str, int]:
    """Index (0-based, exclusive) where each section's lines end, by section key."""
    tokens = parse_blocks(lines)
    starts: list[tuple[str, int]] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2" and token.level == 0:
            heading = strip_attr_list(tokens[index + 1].content)[0]
            number = section_number(heading)
            key = str(number) if number is not None else heading
            key = CLOSING_KEY if heading in closing_names else key
            starts.append((key, (token.map or (0, 0))[0]))
    ends = {INTRO_KEY: starts[0][1] if starts else len(lines)}
    for position, (key, _) in enumerate(starts):
        ends[key] = starts[position + 1][1] if position + 1 < len(starts) else len(lines)
    return ends


def insert_line(
    text: str, section: str, line: str, closing_names: frozenset[str]
) -> tuple[str, int]:
    """`text` with `line` as a paragraph of its own at the end of `section`; its line number."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.removeprefix(bom).replace("\r\n", "\n").split("\n")
    ends = section_ends(lines, closing_names)
    if section not in ends:
        raise Refused(f"has no section {_section_name(section)}")
    last = ends[section] - 1
    while last > 0 and not lines[last].strip():
        last -= 1
    lines[last + 1 : last + 1] = ["", line]
    return bom + newline.join(lines), last + 3


def _section_name(key: str) -> str:
    return {INTRO_KEY: "'intro'", CLOSING_KEY: "'closing'"}.get(key, key)


# The pages
# -----------------------------------------------------------------------------------------


def _article(site: SiteConfig, slug: str) -> str:
    base = f"{site.articles_dir}/{slug.strip().removesuffix('.md')}.md"
    if not (site.docs_dir / base).is_file():
        raise UsageError(f"there is no Dutch article {os.path.relpath(site.docs_dir / base)}")
    return base


def _section_key(wanted: str, source_text: str, site: SiteConfig) -> str:
    key = {"": CLOSING_KEY, "closing": CLOSING_KEY, "intro": INTRO_KEY}.get(wanted, wanted)
    known = section_hashes(source_text, site.closing_names)
    if key not in known or key == "title":
        numbers = [k for k in known if k.isdigit()]
        raise UsageError(
            f"SECTION={wanted}: the article has no such section; use one of "
            f"{', '.join(numbers)}, intro or closing"
        )
    return key


def _has_line(corpus: Corpus, page: str, section: str, target: str) -> bool:
    facts = corpus.facts(page)
    if facts is None:
        return False
    return any(
        item.section == section and normalized_target(item.href, page, corpus.site) == target
        for item in facts.read_also
    )


def _title(corpus: Corpus, target: str, language: Language) -> tuple[str, str]:
    """The target's title in `language` (its Dutch one where it has no translation), and a
    note when it is the Dutch one."""
    facts = corpus.facts(localized(target, language.locale)) if not language.is_default else None
    if facts is not None and facts.title:
        return facts.title, ""
    dutch = corpus.facts(target)
    title = dutch.title if dutch and dutch.title else target
    if language.is_default:
        return title, ""
    return title, (
        f"{target} has no {language.english_name} translation yet: the link text is its Dutch "
        "title, and readers get the Dutch page until it is translated"
    )


def plan(site: SiteConfig, slug: str, target_slug: str, wanted: str) -> list[Edit]:
    """The read-also line for the article and each of its translations, not yet written."""
    base, target = _article(site, slug), _article(site, target_slug)
    if base == target:
        raise UsageError("TARGET is the article itself")
    corpus = Corpus(site, use_cache=False)
    corpus.load(corpus.pages)
    source_bytes = (site.docs_dir / base).read_bytes()
    section = _section_key(wanted, source_bytes.decode("utf-8-sig"), site)
    href = Path(target).name  # both are in the articles folder
    edits = []
    for language in site.languages:
        page = base if language.is_default else localized(base, language.locale)
        path = site.docs_dir / page
        if not path.is_file():
            continue
        edit = Edit(path, language, path.read_bytes())
        if _has_line(corpus, page, section, target):
            edit.note = f"already has a read-also line to {target} in that section; left as it is"
        else:
            title, edit.note = _title(corpus, target, language)
            line = label_line(language, title, href)
            try:
                edit.new_text, edit.line = insert_line(
                    edit.read.decode("utf-8"), section, line, site.closing_names
                )
            except (Refused, UnicodeDecodeError) as exc:
                reason = exc if isinstance(exc, Refused) else "is not valid UTF-8"
                raise Refused(f"{os.path.relpath(path)} {reason}; nothing was written") from exc
        edits.append(edit)
    _keep_records_in_step(edits, site, section)
    return edits


def _keep_records_in_step(edits: list[Edit], site: SiteConfig, section: str) -> None:
    """A translation that matched the old source and got the same line matches the new one."""
    source = edits[0]
    if source.new_text is None:
        return
    before = section_hashes(source.read.decode("utf-8-sig"), site.closing_names)
    after = section_hashes(source.new_text.removeprefix("\ufeff"), site.closing_names)
    for edit in edits[1:]:
        if edit.new_text is None:
            continue
        record = front_matter(edit.new_text).get(RECORD_KEY)
        if not isinstance(record, dict) or str(record.get(section, "")) != before[section]:
            continue
        updated = {str(key): str(value) for key, value in record.items()}
        updated[section] = after[section]
        edit.new_text = replace_record(edit.new_text, updated)


def apply(edits: Sequence[Edit]) -> None:
    """Write every planned change, if no file changed since it was read."""
    for edit in edits:
        if edit.path.read_bytes() != edit.read:
            raise Refused(
                f"{os.path.relpath(edit.path)} changed since it was read; nothing was written, "
                "run the command again"
            )
    for edit in edits:
        if edit.new_text is not None:
            try:
                replace_unchanged(edit.path, edit.read, edit.new_text.encode("utf-8"))
            except (ChangedMeanwhile, OSError) as exc:
                raise Refused(f"{os.path.relpath(edit.path)} was not written: {exc}") from exc


# Command line
# -----------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m winkelvloer.cli.read_also",
        description="Add a read-also line to an article and all its translations (make read-also).",
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE")
    parser.add_argument("slug", help="the article that gets the line")
    parser.add_argument("target", help="the article it points to")
    parser.add_argument(
        "--section",
        default="",
        help="a section number, intro or closing (default: the closing section)",
    )
    return parser


def _run(args: argparse.Namespace) -> int:
    site = load_site_config(args.config_file)
    edits = plan(site, args.slug, args.target, args.section.strip())
    apply(edits)
    for edit in edits:
        shown = os.path.relpath(edit.path)
        if edit.new_text is not None:
            print(f"{shown}:{edit.line}: added the read-also line")
        if edit.note:
            print(f"{shown}: note: {edit.note}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    refused = Failure((Refused,), status=1, with_prog=False)
    return run_command(build_parser(), _run, argv, (*BAD_INPUT, refused))


if __name__ == "__main__":
    sys.exit(main())
