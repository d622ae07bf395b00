"""The preview of a pull request, as Markdown for the workflow's job summary.

    python -m winkelvloer.cli.pr_summary --changed-files FILE [--site-dir site]
                                         [--artifact NAME] [-f mkdocs.yml]

Lists every changed page with its address in each language (and whether that language shows
the translation, the Dutch page while there is none or while the translation is a draft, or
nothing, for a draft or scheduled article), then the translation status of the changed
articles, with the old and new Dutch text of each section an outdated translation has not
caught up with (`make status` does the same). File names and texts come from the pull
request: they are escaped, and quoted text stays in code blocks.
"""

from __future__ import annotations

import argparse
import html
import sys
from collections.abc import Sequence
from pathlib import Path

from winkelvloer.cli.command import UsageError, run_command
from winkelvloer.cli.status import render_markdown, status_rows
from winkelvloer.content.corpus import Corpus
from winkelvloer.core import publishing
from winkelvloer.core.changes import Change, is_content, read_changes
from winkelvloer.core.config import SiteConfig, load_site_config
from winkelvloer.site.changed_pages import BuiltPage, built_pages, changed_bases


def _code(text: str) -> str:
    return f"<code>{html.escape(text)}</code>"


def page_state(site: SiteConfig, page: BuiltPage) -> str:
    """What a reader of the page's language gets, in a few words."""
    if page.source is None:
        return "no page"
    source_meta = publishing.read_meta(site.docs_dir / page.base)
    state = publishing.status(source_meta, publishing.today())
    if state != "published":
        return f"not published: {state}"
    if page.lang == site.default.locale:
        return "published"
    if not page.translated:
        return "the Dutch page: not translated yet"
    if publishing.is_draft(publishing.read_meta(site.docs_dir / page.source)):
        return "the Dutch page: the translation is a draft"
    return "the translation"


def changed_pages_table(site: SiteConfig, site_dir: Path, bases: Sequence[str]) -> list[str]:
    languages = [lang.locale for lang in site.languages]
    out = [
        "### Changed pages",
        "",
        "| Page | " + " | ".join(languages) + " |",
        "|---|" + "---|" * len(languages),
    ]
    pages = built_pages(site, site_dir, bases)
    for base in bases:
        cells = [
            f"{_code('/' + page.url)}<br>{html.escape(page_state(site, page))}"
            for page in pages
            if page.base == base
        ]
        out.append(f"| {_code(base)} | " + " | ".join(cells) + " |")
    return [*out, ""]


def summary(site: SiteConfig, site_dir: Path, changes: Sequence[Change], artifact: str) -> str:
    content = [c for c in changes if any(is_content(p) for p in c.paths)]
    bases = changed_bases(site, [c.path for c in content if not c.deleted])
    out = ["## Preview of this pull request", ""]
    if artifact:
        out += [
            f"The built site is the workflow artifact {_code(artifact)} (below, under "
            "Artifacts). Unzip it and run `python3 -m http.server -d site 8000`, then open "
            "<http://127.0.0.1:8000/>.",
            "",
        ]
    if not content:
        return "\n".join([*out, "No page in docs/ changed.", ""])
    if bases:
        out += changed_pages_table(site, site_dir, bases)
    removed = [c.path for c in content if c.deleted]
    if removed:
        out += ["Removed: " + ", ".join(_code(path) for path in removed), ""]
    articles = [b for b in bases if b.startswith(f"{site.articles_dir}/")]
    if articles:
        rows = status_rows(Corpus(site), with_changes=True, bases=articles)
        languages = [lang.locale for lang in site.others]
        out.append(render_markdown(rows, languages).replace("## ", "### ", 1))
    return "\n".join(out) + "\n"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m winkelvloer.cli.pr_summary",
        description="The job summary of a pull request: its pages and their translations.",
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE")
    parser.add_argument("--changed-files", required=True, metavar="FILE", help="from ci_plan")
    parser.add_argument("--site-dir", default="site", metavar="DIR", help="the built site")
    parser.add_argument("--artifact", default="", help="the name of the uploaded site artifact")
    return parser


def _run(args: argparse.Namespace) -> int:
    site = load_site_config(args.config_file)
    try:
        changes = read_changes(Path(args.changed_files))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"--changed-files: cannot read {args.changed_files}: {exc}") from exc
    sys.stdout.write(summary(site, Path(args.site_dir), changes, args.artifact))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(build_parser(), _run, argv)


if __name__ == "__main__":
    sys.exit(main())
