"""Check the Markdown content: links, front matter, structure, translations and safety.

    python -m winkelvloer.cli.check [-f mkdocs.yml] [--format text|json|github] [--strict]
                                    [--with-translations] [PATHS...]

Without PATHS every page under docs_dir is checked; with PATHS (as pre-commit passes them)
only those pages are reported on, while links and translations are still resolved against
the whole docs folder; --with-translations adds the translations of the Dutch pages named
(the pre-commit hook uses it: a change to a source can outdate or break its translations).
RULES.md explains every code. Exit status: 0 no errors, 1 errors (or warnings with
--strict), 2 usage error.

Each page is parsed once; the result is cached by content hash in the user's cache folder,
outside the repository (--no-cache ignores it), so a run after editing a few pages only
parses those. `run()` is the same check as a function, for benchmarks and tests.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from winkelvloer.cli.command import UsageError, report_findings, run_command
from winkelvloer.content import check as content_check
from winkelvloer.content.check import CheckResult
from winkelvloer.content.corpus import Corpus
from winkelvloer.core.config import SiteConfig, existing_docs_dir, load_site_config
from winkelvloer.core.findings import Finding, add_output_arguments
from winkelvloer.core.i18n import localized

SUMMARY_TITLE = "Content check"


# Selecting pages
# -----------------------------------------------------------------------------------------


def with_translations(pages: Sequence[str], corpus: Corpus) -> list[str]:
    """`pages` and the translations of each Dutch page among them: a change to a source can
    make them outdated or break them (as the pre-commit hook checks a commit)."""
    site = corpus.site
    found = set(pages)
    for page in pages:
        if corpus.source_of(page) != page:
            continue
        base = corpus.name(page).base
        found |= {
            path
            for lang in site.languages
            if not lang.is_default and (path := localized(base, lang.locale)) in corpus.files
        }
    return sorted(found)


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
    """FIL rules, only for `paths` when given."""
    found = content_check.folder_findings(corpus)
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
    translations: bool = False,
) -> CheckResult:
    """`translations`: with `paths`, check the translations of the Dutch pages named too."""
    site = load_site_config(config_path)
    existing_docs_dir(site)
    corpus = Corpus(site, use_cache=use_cache, jobs=jobs)
    if not paths:
        return content_check.check_folder(corpus)
    selected = select_pages(site, corpus, paths)
    if translations:
        selected = with_translations(selected, corpus)
    findings = folder_findings(site, corpus, paths) + content_check.check_pages(corpus, selected)
    return CheckResult(content_check.causes_first(findings, corpus), len(selected))


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
        "--with-translations",
        action="store_true",
        help="with PATHS: check the translations of the Dutch pages named as well",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATHS", help="pages or folders to check (default: all pages)"
    )
    return parser


def _run(args: argparse.Namespace) -> int:
    result = check(
        args.config_file,
        args.paths,
        use_cache=not args.no_cache,
        jobs=args.jobs,
        translations=args.with_translations,
    )
    return report_findings(
        args, result.findings, result.files_checked, title=SUMMARY_TITLE, presorted=True
    )


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(build_parser(), _run, argv)


if __name__ == "__main__":
    sys.exit(main())
