"""Check the Markdown content: links, front matter, structure, translations and safety.

    python -m winkelvloer.cli.check [-f mkdocs.yml] [--format text|json|github] [--strict]
                                    [PATHS...]

Without PATHS every page under docs_dir is checked; with PATHS (as pre-commit passes them)
only those pages are reported on, while links and translations are still resolved against
the whole docs folder. RULES.md explains every code. Exit status: 0 no errors, 1 errors
(or warnings with --strict), 2 usage error.

Each page is parsed once; the result is cached by content hash in the user's cache folder,
outside the repository (--no-cache ignores it), so a run after editing a few pages only
parses those. `run()` is the same check as a function, for benchmarks and tests.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from winkelvloer.cli.command import UsageError, report_findings, run_command
from winkelvloer.content.corpus import Corpus
from winkelvloer.content.files import check_docs_folder
from winkelvloer.content.interface_strings import interface_string_findings
from winkelvloer.content.links import check_link, landing_page
from winkelvloer.content.page import PageFacts
from winkelvloer.content.translations import (
    check_source_record,
    check_translation,
    check_unknown_language,
)
from winkelvloer.core import publishing
from winkelvloer.core.config import SiteConfig, existing_docs_dir, load_site_config
from winkelvloer.core.findings import Finding, add_output_arguments
from winkelvloer.core.rules import finding

SUMMARY_TITLE = "Content check"


@dataclass
class CheckResult:
    findings: list[Finding]
    files_checked: int


# Rules that need more than one file
# -----------------------------------------------------------------------------------------


def _link_findings(facts: PageFacts, corpus: Corpus) -> list[Finding]:
    found: list[Finding] = []
    for link in facts.links:
        found += check_link(
            link, facts.name.path, facts.name.lang, facts.display, corpus.link_context
        )
    return found


def _read_also_titles(facts: PageFacts, corpus: Corpus) -> list[Finding]:
    """STR011: the link text of a read-also line is the title of the page it opens."""
    found = []
    for item in facts.read_also:
        landing = landing_page(item.href, facts.name.path, facts.name.lang, corpus.link_context)
        target = corpus.facts(landing) if landing else None
        if target is None or target.title is None or target.name.lang != facts.name.lang:
            continue
        if " ".join(item.text.split()) != " ".join(target.title.split()):
            message = (
                f"link text '{item.text}' differs from the title of {landing}: '{target.title}'"
            )
            found.append(finding("STR011", facts.display, item.line, item.col, message))
    return found


def _publishing_findings(facts: PageFacts, corpus: Corpus, today: datetime.date) -> list[Finding]:
    """PUB002: a published page must not link to a page the published site leaves out."""
    if not corpus.published(facts.name.path, today):
        return []
    found = []
    for link in facts.links:
        if link.kind != "link":
            continue
        landing = landing_page(link.href, facts.name.path, facts.name.lang, corpus.link_context)
        if not landing or not landing.endswith(".md") or corpus.published(landing, today):
            continue
        source = corpus.facts(corpus.source_of(landing) or landing)
        state = "a draft" if source and source.draft else f"scheduled for {source and source.date}"
        message = (
            f"{landing} is {state}, so the published site leaves it out and this link would "
            "break; remove the link until that page is published"
        )
        found.append(finding("PUB002", facts.display, link.line, link.col, message))
    return found


def own_findings(path: str, corpus: Corpus, today: datetime.date) -> list[Finding]:
    """The findings about the page itself, without comparing it to its source."""
    facts = corpus.facts(path)
    if facts is None:
        return []
    found = list(facts.findings)
    if facts.readable:
        found += _link_findings(facts, corpus)
        found += _read_also_titles(facts, corpus)
        found += _publishing_findings(facts, corpus, today)
    return found


def _translation_findings(
    facts: PageFacts, corpus: Corpus, today: datetime.date, memo: dict[str, bool]
) -> list[Finding]:
    name = facts.name
    if name.unknown:
        return check_unknown_language(facts, corpus.site)
    if name.suffix is None or name.lang == corpus.site.default.locale:
        return check_source_record(facts)
    source = corpus.source_of(name.path)
    if source is not None and source not in memo:
        memo[source] = not any(f.is_error for f in own_findings(source, corpus, today))
    return check_translation(
        facts,
        corpus.facts(source) if source else None,
        corpus.site,
        source_ok=memo.get(source or "", True),
    )


def page_findings(
    path: str,
    corpus: Corpus,
    today: datetime.date | None = None,
    memo: dict[str, bool] | None = None,
) -> list[Finding]:
    """Every finding for the page at docs-relative `path`."""
    day = today or publishing.today()
    facts = corpus.facts(path)
    if facts is None:
        return []
    memo = {} if memo is None else memo
    found = own_findings(path, corpus, day)
    if corpus.source_of(path) == path:  # its translations ask whether it has errors
        memo[path] = not any(f.is_error for f in found)
    found += _translation_findings(facts, corpus, day, memo)
    return found


def sources_first(paths: Sequence[str], corpus: Corpus) -> list[str]:
    """Source pages before translations: each source's findings are then made once, and
    its translations reuse whether it has errors (the report is sorted afterwards)."""
    return sorted(paths, key=lambda path: corpus.source_of(path) != path)


def causes_first(findings: list[Finding], corpus: Corpus) -> list[Finding]:
    """Sorted per article, its Dutch source before its translations (the languages in
    mkdocs.yml order), so a mistake in the source comes before what it causes."""
    root_prefix = corpus.display("_")[:-1]
    order = {lang.locale: index for index, lang in enumerate(corpus.site.languages)}

    def key(f: Finding) -> tuple:
        relative = f.path.removeprefix(root_prefix) if root_prefix else f.path
        name = corpus.name(relative) if relative.endswith(".md") else None
        if name is None:
            return (f.path, 0, f.line, f.col, f.code, f.message)
        return (name.base, order.get(name.lang, len(order)), f.line, f.col, f.code, f.message)

    return sorted(set(findings), key=key)


# Selecting pages
# -----------------------------------------------------------------------------------------


def select_pages(
    site: SiteConfig, corpus: Corpus, paths: Sequence[str | os.PathLike[str]]
) -> list[str]:
    """Docs-relative Markdown pages named by `paths` (files or folders)."""
    selected: list[str] = []
    for given in paths:
        if Path(given).is_symlink():
            continue  # never read through a link; FIL005 reports it
        path = Path(given).resolve()
        if not path.exists():
            raise UsageError(f"{given}: no such file or folder")
        if not path.is_relative_to(site.docs_dir):
            raise UsageError(f"{given} is not inside the docs folder {site.docs_dir}")
        relative = path.relative_to(site.docs_dir).as_posix()
        if path.is_dir():
            prefix = "" if relative == "." else f"{relative}/"
            selected += [p for p in corpus.pages if p.startswith(prefix)]
        elif relative in corpus.files and relative.endswith(".md"):
            selected.append(relative)
    return sorted(set(selected))


def folder_findings(
    site: SiteConfig, corpus: Corpus, paths: Sequence[str | os.PathLike[str]] | None
) -> list[Finding]:
    """FIL rules: what in docs/ must not be published (only for `paths`, when given)."""
    found = check_docs_folder(site.docs_dir, site.theme_dirs, corpus.display, site.icon)
    if not paths:
        return found
    wanted = [Path(p).absolute() for p in paths]
    return [f for f in found if any((site.root / f.path).is_relative_to(w) for w in wanted)]


def check(
    config_path: str | os.PathLike[str] = "mkdocs.yml",
    paths: Sequence[str | os.PathLike[str]] | None = None,
    *,
    use_cache: bool = True,
    jobs: int | None = None,
) -> CheckResult:
    site = load_site_config(config_path)
    existing_docs_dir(site)
    corpus = Corpus(site, use_cache=use_cache, jobs=jobs)
    selected = corpus.pages if not paths else select_pages(site, corpus, paths)
    corpus.load(corpus.pages if not paths else selected)
    findings = folder_findings(site, corpus, paths)
    if not paths:  # mkdocs.yml is checked with the whole site, not with a few pages
        findings += interface_string_findings(site)
    today, memo = publishing.today(), dict[str, bool]()
    for path in sources_first(selected, corpus):
        findings += page_findings(path, corpus, today, memo)
    corpus.save_cache()
    return CheckResult(causes_first(findings, corpus), len(selected))


def run(
    config_path: str | os.PathLike[str] = "mkdocs.yml",
    paths: Sequence[str | os.PathLike[str]] | None = None,
    *,
    use_cache: bool = True,
) -> list[Finding]:
    """All findings for the site configured in `config_path` (or only for `paths`)."""
    return check(config_path, paths, use_cache=use_cache).findings


# Command line
# -----------------------------------------------------------------------------------------


def positive(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m winkelvloer.cli.check",
        description="Check links, front matter, structure, translations and safety of the "
        "Markdown pages. Rule codes are explained in RULES.md.",
    )
    parser.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        metavar="FILE",
        help="the MkDocs configuration to read (default: mkdocs.yml)",
    )
    add_output_arguments(parser)
    parser.add_argument(
        "--no-cache", action="store_true", help="analyse every page again, ignoring the cache"
    )
    parser.add_argument(
        "--jobs",
        type=positive,
        metavar="N",
        help="processes that analyse pages (default: one per core; 1 for a single process)",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATHS", help="pages or folders to check (default: all pages)"
    )
    return parser


def _run(args: argparse.Namespace) -> int:
    result = check(args.config_file, args.paths, use_cache=not args.no_cache, jobs=args.jobs)
    return report_findings(
        args, result.findings, result.files_checked, title=SUMMARY_TITLE, presorted=True
    )


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(build_parser(), _run, argv)


if __name__ == "__main__":
    sys.exit(main())
