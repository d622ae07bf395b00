"""axe and the Nu HTML Checker on the built pages a pull request changed, in every language.

    python -m winkelvloer.cli.page_checks SITE_DIR --changed-files FILE [-f mkdocs.yml]
                                          [--format text|json|github]
    python -m winkelvloer.cli.page_checks SITE_DIR docs/artikelen/x.md [...]

The content gate's last check (the full test suite runs both on every page). Each changed
page of docs/ is served from SITE_DIR on 127.0.0.1 and checked in every language that
builds it: axe-core in Chromium, light and dark, desktop and phone width (as
tests/test_accessibility.py), and the Nu HTML Checker (as tests/test_html_valid.py); both
come from winkelvloer/site/browser_checks.py. A finding is reported on the Markdown file
the page is made from. Exit status: 0 nothing found, 1 findings, 2 bad input or a missing
tool (Chromium, Java, vnu.jar from `make install`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from winkelvloer.cli.command import UsageError, report_findings, run_command
from winkelvloer.core.changes import changed_content, read_changes
from winkelvloer.core.config import SiteConfig, load_site_config
from winkelvloer.core.findings import Finding, Severity, add_output_arguments
from winkelvloer.site import browser_checks
from winkelvloer.site.changed_pages import BuiltPage, built_pages, changed_bases

SUMMARY_TITLE = "Changed pages: axe and the Nu HTML Checker"


def _shown(site: SiteConfig, page: BuiltPage) -> str:
    """The Markdown file a finding on the built page is reported on."""
    source = page.source or page.base
    return (site.docs_dir / source).relative_to(site.root).as_posix()


def axe_findings(site: SiteConfig, site_dir: Path, pages: Sequence[BuiltPage]) -> list[Finding]:
    if not browser_checks.CHROMIUM.exists():
        raise UsageError(
            f"{browser_checks.CHROMIUM} not found: install Debian's chromium (apt-get install "
            "chromium) for the accessibility check"
        )
    with browser_checks.serving(site_dir, browser_checks.free_port()) as base_url:
        found = browser_checks.axe_pages(base_url, [page.url for page in pages])
    return [
        Finding(_shown(site, page), 1, 1, "axe", Severity.ERROR, message)
        for page in pages
        for message in found.get(page.url, [])
    ]


def nu_findings(site: SiteConfig, pages: Sequence[BuiltPage]) -> list[Finding]:
    command = browser_checks.nu_command(site.root)
    if isinstance(command, str):
        raise UsageError(command)
    by_file = {page.file.resolve(): page for page in pages}
    found = []
    for line in browser_checks.nu_errors(command, *(page.file for page in pages)):
        url, _, rest = line.partition(".html:")
        page = by_file.get(Path(unquote(urlsplit(f"{url}.html").path)).resolve())
        where = f"/{page.url}index.html" if page else f"{url}.html"
        target = _shown(site, page) if page else "site"
        found.append(Finding(target, 1, 1, "html", Severity.ERROR, f"{where} line {rest}"))
    return found


def check_pages(
    site: SiteConfig, site_dir: Path, changed: Sequence[str]
) -> tuple[list[Finding], int]:
    """Findings on the built pages of the changed files, and how many pages were checked."""
    pages = [p for p in built_pages(site, site_dir, changed_bases(site, changed)) if p.built]
    if not pages:
        return [], 0
    return [*axe_findings(site, site_dir, pages), *nu_findings(site, pages)], len(pages)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m winkelvloer.cli.page_checks",
        description="axe and the Nu HTML Checker on the built pages of changed docs files.",
    )
    parser.add_argument("site_dir", metavar="SITE_DIR", help="the built site (make build)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE")
    add_output_arguments(parser)
    parser.add_argument("paths", nargs="*", metavar="PATHS", help="changed files (docs/...)")
    return parser


def _run(args: argparse.Namespace) -> int:
    site = load_site_config(args.config_file)
    site_dir = Path(args.site_dir)
    if not (site_dir / "index.html").is_file():
        raise UsageError(f"{site_dir} holds no built site; run make build first")
    changed = list(args.paths)
    if args.changed_files:
        try:
            changed += changed_content(read_changes(Path(args.changed_files)))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"--changed-files: cannot read {args.changed_files}: {exc}") from exc
    findings, checked = check_pages(site, site_dir, changed)
    print(
        f"checked {checked} built page{'' if checked == 1 else 's'} of {len(changed)} changed files"
    )
    return report_findings(args, findings, checked, title=SUMMARY_TITLE)


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(build_parser(), _run, argv)


if __name__ == "__main__":
    sys.exit(main())
