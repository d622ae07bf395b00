"""The sitemap rules: sitemap.xml exists, is XML, and its <loc>s and hreflang alternates are
pages of the site that agree with the pages' own <head> (S020-S024)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from winkelvloer.core.atomic import read_regular
from winkelvloer.site.issues import Issue
from winkelvloer.site.urls import Resolver, absolute_page, page_url

SITEMAP = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"

SITEMAP_MISSING = "S020"
SITEMAP_BROKEN_LOC = "S021"
SITEMAP_BROKEN_ALTERNATE = "S022"
SITEMAP_DISAGREES = "S023"
SITEMAP_INVALID = "S024"


@dataclass
class SitemapUrl:
    loc: str
    line: int
    alternates: list[tuple[str, str, int]] = field(default_factory=list)  # hreflang, href, line


def parse_sitemap(data: bytes) -> list[SitemapUrl]:
    """The <url> entries of a sitemap with their xhtml:link alternates and line numbers."""
    parser = expat.ParserCreate(namespace_separator=" ")
    urls: list[SitemapUrl] = []
    text: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        text.clear()
        if name == f"{SITEMAP_NS} url":
            urls.append(SitemapUrl("", parser.CurrentLineNumber))
        elif name == f"{XHTML_NS} link" and urls and attrs.get("rel") == "alternate":
            alternate = (attrs.get("hreflang", ""), attrs.get("href", ""), parser.CurrentLineNumber)
            urls[-1].alternates.append(alternate)

    def end(name: str) -> None:
        if name == f"{SITEMAP_NS} loc" and urls:
            urls[-1].loc = "".join(text).strip()
            urls[-1].line = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append
    parser.Parse(data, True)
    return urls


def check_sitemap(
    site_dir: Path, resolver: Resolver, alternates: dict[str, dict[str, str]], label: str
) -> list[Issue]:
    if SITEMAP not in resolver.files:
        return [Issue(SITEMAP_MISSING, "no sitemap.xml at the site root", "", file=label)]
    try:
        urls = parse_sitemap(read_regular(site_dir / SITEMAP))
    except expat.ExpatError as error:
        return [Issue(SITEMAP_INVALID, f"not valid XML: {error}", "", file=label)]
    issues = []
    for url in urls:
        issues += check_sitemap_url(url, resolver, alternates, label)
    return issues


def check_sitemap_url(
    url: SitemapUrl, resolver: Resolver, alternates: dict[str, dict[str, str]], label: str
) -> list[Issue]:
    page = absolute_page(url.loc, resolver)
    if page is None:
        message = f"<loc> {url.loc} does not map to a file of the site"
        return [Issue(SITEMAP_BROKEN_LOC, message, "", file=label, line=url.line)]
    issues = []
    listed: dict[str, str] = {}
    broken: set[str] = set()
    for lang, href, line in url.alternates:
        target = absolute_page(href, resolver)
        if target is None:
            broken.add(lang)
            message = f"alternate hreflang {lang!r} {href} (of {url.loc}) does not map to a file"
            issues.append(Issue(SITEMAP_BROKEN_ALTERNATE, message, page, file=label, line=line))
        else:
            listed.setdefault(lang, target)
    if url.alternates:
        head = {k: v for k, v in alternates.get(page, {}).items() if k not in broken}
        for message in disagreements(listed, head):
            issue = Issue(
                SITEMAP_DISAGREES, f"{url.loc}: {message}", page, file=label, line=url.line
            )
            issues.append(issue)
    return issues


def disagreements(sitemap: dict[str, str], head: dict[str, str]) -> Iterator[str]:
    for lang in sorted(set(sitemap) | set(head)):
        in_map, in_head = sitemap.get(lang), head.get(lang)
        if in_map == in_head:
            continue
        if in_head is None:
            yield f"the sitemap lists hreflang {lang!r} ({page_url(in_map or '')}), <head> does not"
        elif in_map is None:
            yield f"<head> lists hreflang {lang!r} ({page_url(in_head)}), the sitemap does not"
        else:
            yield (
                f"hreflang {lang!r} is {page_url(in_map)} in the sitemap "
                f"but {page_url(in_head)} in the page's <head>"
            )
