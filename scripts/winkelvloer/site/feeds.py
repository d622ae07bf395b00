"""The feed rules: every language's feed.xml is Atom in its language, and each entry is a page
of the site in that language (S050-S053)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from winkelvloer.core.atomic import read_regular
from winkelvloer.site.config import SiteInfo
from winkelvloer.site.issues import Issue, display
from winkelvloer.site.urls import Resolver, absolute_page

FEED = "feed.xml"
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "http://www.w3.org/XML/1998/namespace lang"

FEED_MISSING = "S050"
FEED_INVALID = "S051"
FEED_BROKEN_ENTRY = "S052"
FEED_OTHER_LANGUAGE = "S053"


@dataclass
class Feed:
    root: str = ""  # the root element, "namespace name"
    lang: str = ""
    entries: list[tuple[str, int]] = field(default_factory=list)  # alternate link, its line


def parse_feed(data: bytes) -> Feed:
    """An Atom feed's root element, xml:lang and each entry's alternate link (with its line)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    feed = Feed()
    in_entry: list[bool] = [False]

    def start(name: str, attrs: dict[str, str]) -> None:
        if not feed.root:
            feed.root, feed.lang = name, attrs.get(XML_LANG, "")
        elif name == f"{ATOM_NS} entry":
            in_entry[0] = True
            feed.entries.append(("", parser.CurrentLineNumber))
        elif name == f"{ATOM_NS} link" and in_entry[0] and is_first_alternate(attrs):
            feed.entries[-1] = (attrs.get("href", ""), parser.CurrentLineNumber)

    def is_first_alternate(attrs: dict[str, str]) -> bool:
        return not feed.entries[-1][0] and attrs.get("rel", "alternate") == "alternate"

    def end(name: str) -> None:
        if name == f"{ATOM_NS} entry":
            in_entry[0] = False

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(data, True)
    return feed


def feed_files(site: SiteInfo) -> dict[str, str]:
    """Language -> where its feed is, site-relative."""
    feeds = {site.default_language: FEED} if site.default_language else {"": FEED}
    feeds.update({lang: f"{lang}/{FEED}" for lang in sorted(site.languages)})
    return feeds


def check_feeds(site_dir: Path, site: SiteInfo, resolver: Resolver, cwd: Path) -> list[Issue]:
    """Every language's feed: valid Atom in its language, every entry a page of that language."""
    feeds = feed_files(site)
    if not any(rel in resolver.files for rel in feeds.values()):
        return []
    issues = []
    for lang, rel in feeds.items():
        label = display(site_dir / rel, cwd)
        if rel not in resolver.files:
            message = f"no {FEED} for {lang!r}, while other languages have one"
            issues.append(Issue(FEED_MISSING, message, "", file=label))
            continue
        issues += check_feed(site_dir / rel, lang, site, resolver, label)
    return issues


def check_feed(
    path: Path, lang: str, site: SiteInfo, resolver: Resolver, label: str
) -> list[Issue]:
    try:
        feed = parse_feed(read_regular(path))
    except expat.ExpatError as error:
        message = f"not valid XML: {error}"
        return [Issue(FEED_INVALID, message, "", file=label, line=error.lineno)]
    if feed.root != f"{ATOM_NS} feed":
        message = f"not an Atom feed: the root element is {feed.root.split()[-1]!r}"
        return [Issue(FEED_INVALID, message, "", file=label)]
    issues = []
    if lang and feed.lang != lang:
        message = f"xml:lang is {feed.lang!r}, not the feed's language {lang!r}"
        issues.append(Issue(FEED_INVALID, message, "", file=label, line=1))
    for href, line in feed.entries:
        issue = check_feed_entry(href, lang, site, resolver)
        if issue:
            code, message = issue
            issues.append(Issue(code, message, "", file=label, line=line))
    return issues


def check_feed_entry(
    href: str, lang: str, site: SiteInfo, resolver: Resolver
) -> tuple[str, str] | None:
    page = absolute_page(href, resolver) if href else None
    if page is None:
        where = f"link {href}" if href else "no link"
        return FEED_BROKEN_ENTRY, f"entry with {where}: no page of the site (absolute URLs only)"
    page_lang = language_of(page, site)
    if lang and page_lang != lang:
        return FEED_OTHER_LANGUAGE, f"entry {href} is a page in {page_lang!r}, not in {lang!r}"
    return None


def language_of(rel: str, site: SiteInfo) -> str:
    first = rel.split("/", 1)[0]
    return first if first in site.languages and "/" in rel else site.default_language
