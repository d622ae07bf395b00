"""Which translations are up to date, outdated or missing, and recording that one is updated.

    python -m winkelvloer.cli.status [-f mkdocs.yml] [--format text|json|markdown] [--no-changes]
    python -m winkelvloer.cli.status --mark-updated docs/artikelen/x.en.md [...]
    python -m winkelvloer.cli.status --mark-updated --slug x

A translation stores the hashes of the source sections it matches in its front matter
(``translated_from``, see winkelvloer/core/freshness.py). For an outdated one the table is
followed by what changed in those sections of the source since (old and new text, found in
the git history by content/history.py). ``--mark-updated`` rewrites only that field, in
place and atomically, after a translator brought the file up to date; ``--slug`` names
every translation of one article.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

from winkelvloer.cli.command import UsageError, run_command
from winkelvloer.content.corpus import Corpus
from winkelvloer.content.front_matter import anchor_or_alias, jsonable_mapping
from winkelvloer.content.history import (
    Unavailable,
    diff_lines,
    recorded_version,
    section_changes,
)
from winkelvloer.content.page import RECORD_MISSING, RECORD_PRESENT
from winkelvloer.content.rendered import site_markdown
from winkelvloer.content.translations import unknown_language_finding
from winkelvloer.core import publishing
from winkelvloer.core.atomic import WriteFailed, read_regular, write_atomically
from winkelvloer.core.config import SiteConfig, existing_docs_dir, load_site_config
from winkelvloer.core.freshness import FENCE_CLOSE, FENCE_OPEN, RECORD_KEY, compare, section_hashes
from winkelvloer.core.i18n import localized, split_name
from winkelvloer.core.text import make_command, printable

UP_TO_DATE, OUTDATED, MISSING, UNRECORDED, INVALID, NO_SOURCE = (
    "up to date",
    "outdated",
    "missing",
    "not recorded",
    "unreadable",
    "no source",
)
MARKDOWN_ICONS = MappingProxyType(
    {
        UP_TO_DATE: "✅",
        OUTDATED: "⚠️",
        MISSING: "❌",
        UNRECORDED: "❔",
        INVALID: "❗",
        NO_SOURCE: "❗",
    }
)
PLAIN_KEY = frozenset("abcdefghijklmnopqrstuvwxyz_")


class MarkError(Exception):
    """--mark-updated refuses a file (exit status 1)."""


# Status table
# -----------------------------------------------------------------------------------------


@dataclass
class Change:
    """A section of the Dutch source that changed since the translation was marked."""

    section: str
    old: str
    new: str
    lines: list[str]  # '- ' old and '+ ' new lines (history.diff_lines)


@dataclass
class Cell:
    status: str
    path: str | None = None
    sections: list[str] = field(default_factory=list)
    # For an outdated translation: what changed, and the version it was marked against, or
    # `history` says why that cannot be shown.
    changes: list[Change] = field(default_factory=list)
    history: str = ""


@dataclass
class Row:
    page: str
    source: str | None
    translations: dict[str, Cell]


def _cell(corpus: Corpus, path: str, source: str | None, *, with_changes: bool) -> Cell:
    facts = corpus.facts(path)
    display = corpus.display(path)
    source_facts = corpus.facts(source) if source else None
    if source_facts is None:
        return Cell(NO_SOURCE, display)
    if facts is None or not facts.readable or not source_facts.readable:
        return Cell(INVALID, display)
    if facts.record_status == RECORD_MISSING:
        return Cell(UNRECORDED, display)
    if facts.record_status != RECORD_PRESENT or facts.record is None:
        return Cell(INVALID, display)
    changed = compare(source_facts.sections, facts.record)
    if not changed:
        return Cell(UP_TO_DATE, display)
    cell = Cell(OUTDATED, display, changed)
    if with_changes and source is not None:
        _add_changes(cell, corpus.site, source, facts.record)
    return cell


def _add_changes(cell: Cell, site: SiteConfig, source: str, record: Mapping[str, str]) -> None:
    """What changed in the source since `record` was written, from the git history."""
    path = site.docs_dir / source
    found = recorded_version(path, record, site.closing_names)
    if isinstance(found, Unavailable):
        cell.history = found.reason
        return
    current = path.read_text(encoding="utf-8-sig")
    cell.history = f"the version of {found.date} (commit {found.commit[:10]})"
    cell.changes = [
        Change(change.label, change.old, change.new, diff_lines(change))
        for change in section_changes(found.text, current, site.closing_names)
    ]


def status_rows(
    corpus: Corpus, *, with_changes: bool = False, bases: Iterable[str] | None = None
) -> list[Row]:
    """A row per page (or per page of `bases`, docs-relative Dutch paths); `with_changes`:
    what changed in the source of each outdated translation, from the git history."""
    site = corpus.site
    translated = [lang.locale for lang in site.languages if not lang.is_default]
    every = {corpus.name(p).base for p in corpus.pages if not corpus.name(p).unknown}
    bases = sorted(every if bases is None else every & set(bases))
    corpus.load(corpus.pages)
    rows = []
    for base in bases:
        source = corpus.source_of(base)
        cells = {}
        for locale in translated:
            path = localized(base, locale)
            cells[locale] = (
                _cell(corpus, path, source, with_changes=with_changes)
                if path in corpus.files
                else Cell(MISSING)
            )
        rows.append(Row(base, corpus.display(source) if source else None, cells))
    corpus.save_cache()
    return rows


def _totals(rows: Sequence[Row]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in rows:
        for cell in row.translations.values():
            totals[cell.status] = totals.get(cell.status, 0) + 1
    return totals


def _summary(rows: Sequence[Row]) -> str:
    totals = _totals(rows)
    order = [UP_TO_DATE, OUTDATED, UNRECORDED, MISSING, NO_SOURCE, INVALID]
    return ", ".join(f"{totals[s]} {s}" for s in order if s in totals) or "no translations"


def _short(cell: Cell) -> str:
    return f"{cell.status} ({len(cell.sections)})" if cell.status == OUTDATED else cell.status


def _outdated(rows: Sequence[Row]) -> list[Cell]:
    return [cell for row in rows for cell in row.translations.values() if cell.status == OUTDATED]


def _change_lines(cell: Cell) -> list[str]:
    """What changed in the Dutch source since the translation was marked, as text lines."""
    if not cell.changes:
        return [cell.history] if cell.history else []
    out = [f"changed in the Dutch source since {cell.history}, '-' then, '+' now:"]
    for change in cell.changes:
        out.append(f"  {change.section}:")
        out += [f"    {line}" for line in change.lines]
    return out


def render_text(rows: Sequence[Row], languages: Sequence[str]) -> str:
    table = [["page", *languages]]
    table += [
        [
            printable(r.page.removesuffix(".md")),
            *(_short(r.translations[lang]) for lang in languages),
        ]
        for r in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    out = [
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in table
    ]
    for cell in _outdated(rows):
        out.append(printable(f"{cell.path}: outdated sections: {'; '.join(cell.sections)}"))
        out += [printable(f"  {line}") for line in _change_lines(cell)]
    out += _next_steps(rows, languages)
    out.append(_summary(rows))
    out.append(LEGEND)
    return "\n".join(out) + "\n"


LEGEND = """Statuses (CONTRIBUTING.md explains them):
  up to date    matches its Dutch source, as recorded in its translated_from
  outdated      the source changed since (readers see a notice); n = changed sections
  not recorded  no translated_from yet: nobody has confirmed it matches the source
  missing       no translation: readers get the Dutch page with a notice
  unreadable    the file or its source has errors: run make check
  no source     a translation whose Dutch page does not exist: run make check"""


def _next_steps(rows: Sequence[Row], languages: Sequence[str]) -> list[str]:
    """The exact command for every cell that needs one."""
    steps = []
    for row in rows:
        for lang in languages:
            cell = row.translations[lang]
            if cell.status in (OUTDATED, UNRECORDED):
                when = "after updating it" if cell.status == OUTDATED else "once it matches"
                command = make_command("mark-updated", FILE=cell.path or "")
                steps.append(f"{cell.path}: {when}, run: {command}")
            elif cell.status == MISSING and row.page.startswith("artikelen/"):
                slug = row.page.removeprefix("artikelen/").removesuffix(".md")
                command = make_command("translate", SLUG=slug, LANG=lang)
                steps.append(f"{row.page} ({lang}): to start it, run: {command}")
    return [printable(step) for step in steps]


def render_markdown(rows: Sequence[Row], languages: Sequence[str]) -> str:
    out = ["## Translation status", "", f"| Page | {' | '.join(languages)} |"]
    out.append("|---|" + "---|" * len(languages))
    for row in rows:
        cells = [
            f"{MARKDOWN_ICONS[row.translations[lang].status]} {_short(row.translations[lang])}"
            for lang in languages
        ]
        out.append(f"| `{row.page}` | {' | '.join(cells)} |")
    outdated = _outdated(rows)
    if outdated:
        out += ["", "Outdated sections:", ""]
        out += [f"- `{cell.path}`: {'; '.join(cell.sections)}" for cell in outdated]
        out += [line for cell in outdated if cell.history for line in _markdown_changes(cell)]
    out += ["", _summary(rows), ""]
    return "\n".join(out)


def _markdown_changes(cell: Cell) -> list[str]:
    """The changes of one translation's source, folded, in a diff block (the text is the
    editors', so it stays text: the fence is longer than any run of backticks in it)."""
    path = html.escape(cell.path or "")
    if not cell.changes:
        return ["", f"- `{cell.path}`: {cell.history}"]
    lines = [
        line
        for change in cell.changes
        for line in (f"@@ {change.section} @@", *(f"{x[0]}{x[1:]}" for x in change.lines))
    ]
    fence = "`" * max(3, 1 + max((_longest_backticks(line) for line in lines), default=0))
    summary = (
        f"What changed in the Dutch source for <code>{path}</code> since "
        f"{html.escape(cell.history)}"
    )
    return [
        "",
        f"<details><summary>{summary}</summary>",
        "",
        f"{fence}diff",
        *lines,
        fence,
        "",
        "</details>",
    ]


def _longest_backticks(line: str) -> int:
    longest = run = 0
    for char in line:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest


def render_json(rows: Sequence[Row], languages: Sequence[str]) -> str:
    document = {
        "languages": list(languages),
        "pages": [asdict(row) for row in rows],
        "summary": _totals(rows),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


RENDERERS = MappingProxyType(
    {"text": render_text, "json": render_json, "markdown": render_markdown}
)


# --mark-updated
# -----------------------------------------------------------------------------------------


def _split_lines(text: str) -> list[str]:
    """Lines with their own line endings, so joining them gives back `text` exactly."""
    parts = text.split("\n")
    lines = [f"{part}\n" for part in parts[:-1]]
    return [*lines, parts[-1]] if parts[-1] else lines


def _bare(line: str) -> str:
    return line.rstrip("\r\n").rstrip(" \t")


def _yaml_key(key: str) -> str:
    plain = set(key) <= PLAIN_KEY and key not in {
        "y",
        "n",
        "yes",
        "no",
        "on",
        "off",
        "true",
        "false",
        "null",
    }
    return key if plain and key else json.dumps(key, ensure_ascii=False)


def render_record(hashes: Mapping[str, str], newline: str) -> list[str]:
    lines = [f"{RECORD_KEY}:{newline}"]
    lines += [f"  {_yaml_key(k)}: {json.dumps(v)}{newline}" for k, v in hashes.items()]
    return lines


def _record_extent(lines: Sequence[str], start: int, close: int) -> int:
    """End (exclusive) of the top-level key starting at `start`: its indented lines."""
    end = start + 1
    while end < close:
        line = lines[end]
        if line[:1] in {" ", "\t"}:
            end += 1
            continue
        if not line.strip():
            following = next((x for x in lines[end:close] if x.strip()), "")
            if following[:1] in {" ", "\t"}:
                end += 1
                continue
        break
    return end


def replace_record(text: str, hashes: Mapping[str, str]) -> str:
    """`text` with its translated_from block replaced (or inserted); nothing else changes."""
    lines = _split_lines(text)
    if not lines or _bare(lines[0].removeprefix("\ufeff")) != FENCE_OPEN:
        raise MarkError("has no front matter (a --- block at the top)")
    close = next((i for i in range(1, len(lines)) if _bare(lines[i]) in FENCE_CLOSE), None)
    if close is None:
        raise MarkError("its front matter is not closed with a --- line")
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    block = render_record(hashes, newline)
    start = next((i for i in range(1, close) if lines[i].startswith(f"{RECORD_KEY}:")), None)
    if start is None:
        lines[close:close] = block
    else:
        lines[start : _record_extent(lines, start, close)] = block
    return "".join(lines)


# What reading a YAML value can raise besides YAMLError: an impossible date (ValueError), a
# tag with a value its constructor does not know ("!!bool maybe": KeyError, "!!timestamp x":
# AttributeError), deep nesting.
UNREADABLE_YAML = (
    yaml.YAMLError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    RecursionError,
)


def _front_matter_data(text: str) -> dict:
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    close = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip(" \t") in FENCE_CLOSE), len(lines)
    )
    text = "\n".join(lines[1:close])
    if anchor_or_alias(text):
        raise MarkError("its front matter uses a YAML anchor or alias (FM008); write it out first")
    data = yaml.safe_load(text)
    return jsonable_mapping(data) if isinstance(data, dict) else {}


def _readable_front_matter(text: str) -> dict:
    try:
        return _front_matter_data(text)
    except UNREADABLE_YAML as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        message = f"has front matter that cannot be read ({reason}); run make check and fix it"
        raise MarkError(message) from exc


def _verify(old: str, new: str, hashes: Mapping[str, str]) -> None:
    after = _readable_front_matter(new)
    if after.get(RECORD_KEY) != dict(hashes):
        raise MarkError("could not write the translated_from record; edit the front matter by hand")
    try:
        before = _front_matter_data(old)
    except UNREADABLE_YAML:
        return  # a broken record, which the new one replaces
    before.pop(RECORD_KEY, None)
    after.pop(RECORD_KEY, None)
    if before != after:
        raise MarkError("updating translated_from would change other keys; edit by hand")


def _read_text(path: Path) -> str:
    try:
        return read_regular(path).decode("utf-8")
    except OSError as exc:
        raise MarkError(f"cannot be read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise MarkError("is not valid UTF-8") from exc


def _source_for(path: Path, site: SiteConfig) -> Path:
    resolved = path.resolve()
    if not resolved.is_file():
        raise MarkError("does not exist")
    if not resolved.is_relative_to(site.docs_dir) or resolved.suffix != ".md":
        raise MarkError(f"is not a Markdown page in {site.docs_dir}")
    name = split_name(
        resolved.relative_to(site.docs_dir).as_posix(), site.locales, site.default.locale
    )
    if name.unknown:
        raise MarkError(f"has the unknown language suffix '{name.suffix}'")
    if name.suffix is None or name.lang == site.default.locale:
        raise MarkError(
            "is a source page, not a translation; only translations record translated_from"
        )
    for candidate in (name.base, localized(name.base, site.default.locale)):
        if (site.docs_dir / candidate).is_file():
            return site.docs_dir / candidate
    raise MarkError(f"has no source: {name.base} does not exist")


def mark_updated(path: Path, site: SiteConfig) -> dict[str, str]:
    """Record in `path` that it matches the current version of its source."""
    source = _source_for(path, site)
    text = _read_text(path)
    hashes = section_hashes(_read_text(source), site.closing_names)
    new_text = replace_record(text, hashes)
    _verify(text, new_text, hashes)
    if new_text != text:
        try:
            write_atomically(path, new_text.encode("utf-8"), tidy=True)
        except WriteFailed as exc:
            raise MarkError(f"could not be written ({exc.reason}); it is unchanged") from exc
    return hashes


# Command line
# -----------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m winkelvloer.cli.status",
        description="Show which translations are up to date, outdated or missing, or record "
        "that translations were brought up to date.",
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE")
    parser.add_argument("--format", choices=tuple(RENDERERS), default="text")
    parser.add_argument(
        "--mark-updated",
        nargs="*",
        metavar="PATH",
        help="record that these translations match their Dutch source now",
    )
    parser.add_argument(
        "--slug",
        metavar="SLUG",
        help="with --mark-updated: every translation of the article docs/<articles>/SLUG.md",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="ignore the cache of earlier checks"
    )
    parser.add_argument(
        "--no-changes",
        action="store_true",
        help="do not show what changed in the Dutch source of outdated translations",
    )
    return parser


def translations_of(slug: str, site: SiteConfig) -> list[Path]:
    """The translations of the article SLUG that exist, in the languages' order."""
    base = f"{site.articles_dir}/{slug.strip().removesuffix('.md')}.md"
    if not (site.docs_dir / base).is_file():
        raise UsageError(f"SLUG={slug}: there is no Dutch article {site.docs_dir / base}")
    found = [
        site.docs_dir / localized(base, lang.locale)
        for lang in site.languages
        if not lang.is_default
    ]
    found = [path for path in found if path.is_file()]
    if not found:
        raise UsageError(f"SLUG={slug}: the article has no translations yet (make translate)")
    return found


def _mark_all(paths: Sequence[str], site: SiteConfig) -> int:
    status = 0
    for given in paths:
        try:
            mark_updated(Path(given), site)
        except MarkError as exc:
            print(printable(f"{given}: not marked: it {exc}"), file=sys.stderr)
            status = 1
            continue
        if publishing.is_draft(publishing.read_meta(given)):
            print(printable(f"{given}: still a draft: remove the line 'draft: true' to publish it"))
        else:
            print(printable(f"{given}: marked up to date with its source"))
    return status


def _run(args: argparse.Namespace) -> int:
    site = load_site_config(args.config_file)
    existing_docs_dir(site)
    site_markdown(site)
    if args.mark_updated is not None or args.slug:
        paths = list(args.mark_updated or [])
        if args.slug:
            paths += [os.path.relpath(p) for p in translations_of(args.slug, site)]
        if not paths:
            raise UsageError("--mark-updated needs the translations to mark, or --slug")
        return _mark_all(paths, site)
    corpus = Corpus(site, use_cache=not args.no_cache)
    rows = status_rows(corpus, with_changes=not args.no_changes)
    languages = [lang.locale for lang in site.languages if not lang.is_default]
    sys.stdout.write(RENDERERS[args.format](rows, languages))
    # Pages of a language mkdocs.yml no longer lists are in no row: the build refuses them too.
    unknown = [
        unknown_language_finding(corpus.display(p), corpus.name(p).suffix or "", site.locales)
        for p in corpus.pages
        if corpus.name(p).unknown
    ]
    for found in unknown:
        print(found.as_text(), file=sys.stderr)
    return 1 if unknown else 0


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(build_parser(), _run, argv)


if __name__ == "__main__":
    sys.exit(main())
