"""The content check's judgement of the docs folder: every finding of every page.

`make check` (cli/check.py) reports it; the build (plugin/) asks the same function, so the
two never disagree about a page: what the check passes is built, what it rejects is not.
The rules of one page alone run in content/page.py; here are those that compare pages
(links, read-also titles, translations, publishing) and the docs folder's files (FIL).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

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
from winkelvloer.core.findings import Finding
from winkelvloer.core.rules import finding


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


def folder_findings(corpus: Corpus) -> list[Finding]:
    """FIL rules: what in docs/ must not be published (the site's icon included)."""
    site = corpus.site
    return check_docs_folder(site.docs_dir, site.theme_dirs, corpus.display, site.icon)


def check_pages(
    corpus: Corpus, selected: Sequence[str], today: datetime.date | None = None
) -> list[Finding]:
    """Every finding of the pages `selected` (docs-relative), sorted causes first."""
    corpus.load(corpus.pages)
    day, memo = today or publishing.today(), dict[str, bool]()
    findings: list[Finding] = []
    for path in sources_first(selected, corpus):
        findings += page_findings(path, corpus, day, memo)
    corpus.save_cache()
    return findings


def check_folder(corpus: Corpus, today: datetime.date | None = None) -> CheckResult:
    """Every finding of the site's content: the interface strings of mkdocs.yml, the docs
    folder's files and all its pages."""
    found = interface_string_findings(corpus.site) + folder_findings(corpus)
    found += check_pages(corpus, corpus.pages, today)
    return CheckResult(causes_first(found, corpus), len(corpus.pages))
