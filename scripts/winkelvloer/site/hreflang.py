"""The hreflang rules: a page's <link rel="alternate" hreflang> are absolute, complete with
x-default, listed once and answered by the pages they name (S010-S013)."""

from __future__ import annotations

from collections.abc import Iterator

from winkelvloer.site.config import SiteInfo
from winkelvloer.site.issues import Issue
from winkelvloer.site.pages import HtmlPage
from winkelvloer.site.urls import Resolver, page_url

HREFLANG_RELATIVE = "S010"
HREFLANG_NO_X_DEFAULT = "S011"
HREFLANG_NOT_RECIPROCAL = "S012"
HREFLANG_CONFLICT = "S013"
X_DEFAULT = "x-default"


def alternate_targets(page: HtmlPage, resolver: Resolver) -> dict[str, str]:
    """hreflang -> site-relative file of each alternate that resolves inside the site."""
    found: dict[str, str] = {}
    for lang, href in page.alternates:
        target = resolver.resolve(page.directory, href)
        if target.kind == "internal" and target.exists:
            found.setdefault(lang, target.path)
    return found


def check_hreflang(
    page: HtmlPage, alternates: dict[str, dict[str, str]], site: SiteInfo
) -> list[Issue]:
    if not page.alternates:
        return []
    issues = [Issue(HREFLANG_RELATIVE, msg, page.rel) for msg in relative_alternates(page, site)]
    issues += [Issue(HREFLANG_CONFLICT, msg, page.rel) for msg in conflicts(page)]
    if X_DEFAULT not in {lang for lang, _ in page.alternates}:
        message = f'no <link rel="alternate" hreflang="{X_DEFAULT}"> in <head>'
        issues.append(Issue(HREFLANG_NO_X_DEFAULT, message, page.rel))
    for lang, other in sorted(alternates.get(page.rel, {}).items()):
        if other == page.rel or other not in alternates:
            continue
        if page.rel not in alternates[other].values():
            message = (
                f"hreflang {lang!r} points to {page_url(other)}, "
                f"whose alternates do not point back to {page_url(page.rel)}"
            )
            issues.append(Issue(HREFLANG_NOT_RECIPROCAL, message, page.rel))
    return issues


def relative_alternates(page: HtmlPage, site: SiteInfo) -> Iterator[str]:
    """One message for all the alternates of a page whose href is not an absolute URL."""
    relative = [
        (lang, href)
        for lang, href in page.alternates
        if not href.lower().startswith(("http://", "https://"))
    ]
    if relative:
        listed = ", ".join(f"{lang} {href!r}" for lang, href in relative)
        hint = f"; site_url is {site.site_url}" if site.site_url else ""
        yield f"hreflang alternates must be absolute URLs: {listed}{hint}"


def conflicts(page: HtmlPage) -> Iterator[str]:
    first: dict[str, str] = {}
    for lang, href in page.alternates:
        if not lang:
            yield f"alternate {href!r} has an empty hreflang"
        elif lang in first and first[lang] != href:
            yield f"hreflang {lang!r} is listed twice: {first[lang]!r} and {href!r}"
        first.setdefault(lang, href)
