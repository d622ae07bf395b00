"""The sharing and search-engine rules: what a page tells link previews (Open Graph, Twitter) and
search engines (JSON-LD, canonical URL, robots) is valid, complete, in the page's language and
the same everywhere it is said (S040-S048).

The page's language is the <html lang> of the page its canonical URL names: its own, or, for an
untranslated page shown in another language's build (canonical to its source), the source's.
"""

from __future__ import annotations

import datetime
import json
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from selectolax.lexbor import LexborHTMLParser

from winkelvloer.site.config import SiteInfo
from winkelvloer.site.issues import Issue
from winkelvloer.site.urls import Resolver, page_url

if TYPE_CHECKING:
    from winkelvloer.site.pages import HtmlPage

JSON_LD_INVALID = "S040"
ARTICLE_DATA_INCOMPLETE = "S041"
STRUCTURED_DATA_MISSING = "S042"
OTHER_LANGUAGE = "S043"
OTHER_LANGUAGE_SITE = "S044"
METADATA_DISAGREES = "S045"
NO_SHARED_IMAGE = "S046"
NO_ARTICLE_TIMES = "S047"
INDEXABLE = "S048"

JSON_LD_TYPE = "application/ld+json"
ARTICLE_TYPES = frozenset({"Article", "BlogPosting", "NewsArticle", "Report", "TechArticle"})
PAGE_TYPES = frozenset({"WebPage", "CollectionPage", "AboutPage", "ItemPage", "ContactPage"})
ARTICLE_PROPERTIES = (
    "headline",
    "image",
    "datePublished",
    "dateModified",
    "inLanguage",
    "url",
    "author",
    "publisher",
)
ARTICLE_TIMES = ("article:published_time", "article:modified_time")
NOT_INDEXED = frozenset({"noindex", "none"})
NOT_FOUND_PAGE = "404.html"

Node = dict[str, Any]


@dataclass(frozen=True)
class HeadMeta:
    """What a page tells search engines and link previews, as written."""

    lang: str = ""  # <html lang>
    canonical: str = ""
    robots: frozenset[str] = frozenset()  # the directives of <meta name="robots">, lower case
    properties: Mapping[str, str] = field(default_factory=dict)  # <meta property>: og:*, article:*
    names: Mapping[str, str] = field(default_factory=dict)  # <meta name>: twitter:*, ...
    json_ld: tuple[str, ...] = ()  # the text of each <script type="application/ld+json">


def head_meta(doc: LexborHTMLParser) -> HeadMeta:
    """The first value of each meta property and name in <head>, and every JSON-LD block."""
    root = doc.css_first("html")
    lang = (root.attributes.get("lang") or "").strip() if root else ""
    scripts = tuple(
        node.text(deep=True)
        for node in doc.css("script[type]")
        if (node.attributes.get("type") or "").strip().lower() == JSON_LD_TYPE
    )
    head = doc.head
    if head is None:
        return HeadMeta(lang=lang, json_ld=scripts)
    properties: dict[str, str] = {}
    names: dict[str, str] = {}
    for node in head.css("meta[property], meta[name]"):
        content = (node.attributes.get("content") or "").strip()
        if node.attributes.get("property"):
            properties.setdefault(node.attributes.get("property") or "", content)
        else:
            names.setdefault((node.attributes.get("name") or "").lower(), content)
    canonical = ""
    for link in head.css("link[rel][href]"):
        if "canonical" in (link.attributes.get("rel") or "").lower().split():
            canonical = (link.attributes.get("href") or "").strip()
            break
    robots = frozenset(
        word.strip() for word in names.get("robots", "").lower().split(",") if word.strip()
    )
    return HeadMeta(lang, canonical, robots, properties, names, scripts)


def check_metadata(
    page: HtmlPage, pages: Mapping[str, HtmlPage], resolver: Resolver, site: SiteInfo
) -> list[Issue]:
    """Every sharing and search-engine rule for one page."""
    meta = page.meta
    nodes, errors = structured_nodes(meta.json_ld)
    found = [(JSON_LD_INVALID, message) for message in errors]
    original = canonical_page(page, pages, resolver)
    lang = pages[original].meta.lang if original else meta.lang
    found += [(INDEXABLE, message) for message in indexable(page, original)]
    found += [(STRUCTURED_DATA_MISSING, message) for message in missing_data(page, nodes, site)]
    for article in of_types(nodes, ARTICLE_TYPES):
        found += [(ARTICLE_DATA_INCOMPLETE, message) for message in incomplete_article(article)]
    found += [(NO_ARTICLE_TIMES, message) for message in missing_article_times(meta)]
    found += [(OTHER_LANGUAGE, message) for message in other_language(meta, nodes, lang)]
    found += [(OTHER_LANGUAGE_SITE, message) for message in other_site(meta, nodes, lang, site)]
    found += [(METADATA_DISAGREES, message) for message in disagreements(meta, nodes)]
    if shared(meta) and not meta.properties.get("og:image"):
        found.append((NO_SHARED_IMAGE, "Open Graph tags but no og:image: previews show no picture"))
    return [Issue(code, message, page.rel) for code, message in found]


# --- Reading the JSON-LD ------------------------------------------------------------------------


def structured_nodes(texts: tuple[str, ...]) -> tuple[list[Node], list[str]]:
    """The top-level objects of every JSON-LD block (a @graph's items among them), and a
    message for each block that is not JSON or holds something else than objects."""
    nodes: list[Node] = []
    errors: list[str] = []
    for text in texts:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            errors.append(f"JSON-LD is not valid JSON: {error}")
            continue
        items = data if isinstance(data, list) else [data]
        if not items or not all(isinstance(item, dict) for item in items):
            errors.append("JSON-LD must be an object or a list of objects")
            continue
        for item in items:
            graph = item.get("@graph")
            nodes += [n for n in graph if isinstance(n, dict)] if isinstance(graph, list) else [item]
    return nodes, errors


def types_of(node: Node) -> set[str]:
    value = node.get("@type")
    if isinstance(value, str):
        return {value}
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()


def of_types(nodes: list[Node], wanted: frozenset[str]) -> list[Node]:
    return [node for node in nodes if types_of(node) & wanted]


def websites(nodes: list[Node]) -> list[Node]:
    """Every WebSite: at the top level, or the one a page is part of."""
    parts = [node.get("isPartOf") for node in nodes]
    candidates = nodes + [part for part in parts if isinstance(part, dict)]
    return of_types(candidates, frozenset({"WebSite"}))


def text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def first_url(value: object) -> str:
    """An image or page given as a URL, an object with a url, or a list of either."""
    if isinstance(value, list):
        return first_url(value[0]) if value else ""
    if isinstance(value, dict):
        return text(value.get("url") or value.get("@id"))
    return text(value)


def iso_date(value: object) -> datetime.date | None:
    try:
        return datetime.datetime.fromisoformat(text(value)).date()
    except ValueError:
        return None


# --- The rules ----------------------------------------------------------------------------------


def canonical_page(page: HtmlPage, pages: Mapping[str, HtmlPage], resolver: Resolver) -> str:
    """The other page of the site the canonical URL names ("" if it names this one or none)."""
    if not page.meta.canonical:
        return ""
    target = resolver.resolve(page.directory, page.meta.canonical)
    if target.kind != "internal" or target.path == page.rel or target.path not in pages:
        return ""
    return target.path


def indexable(page: HtmlPage, original: str) -> Iterator[str]:
    """A 404 page, and a copy of another page, stay out of search results."""
    if page.meta.robots & NOT_INDEXED:
        return
    noindex = '<meta name="robots" content="noindex">'
    if posixpath.basename(page.rel) == NOT_FOUND_PAGE:
        yield f"a 404 page without {noindex}: opened at its own address, it could be indexed"
    elif original:
        yield f"its canonical URL names another page ({page_url(original)}) but it has no {noindex}"


def home_pages(site: SiteInfo) -> set[str]:
    return {"index.html", *(f"{lang}/index.html" for lang in site.languages)}


def missing_data(page: HtmlPage, nodes: list[Node], site: SiteInfo) -> Iterator[str]:
    """An article page describes an Article; a home page the WebSite."""
    if page.meta.properties.get("og:type") == "article" and not of_types(nodes, ARTICLE_TYPES):
        yield 'og:type is "article" but no JSON-LD describes an Article'
    if page.rel in home_pages(site) and not websites(nodes):
        yield "a home page without a WebSite in its JSON-LD"


def incomplete_article(article: Node) -> Iterator[str]:
    missing = [key for key in ARTICLE_PROPERTIES if not article.get(key)]
    publisher = article.get("publisher")
    if isinstance(publisher, dict):
        missing += [f"publisher.{key}" for key in ("name", "url") if not text(publisher.get(key))]
    if missing:
        yield f"the Article's JSON-LD has no {', '.join(missing)}"
    dates = {key: article.get(key) for key in ("datePublished", "dateModified") if key in article}
    for key, value in dates.items():
        if iso_date(value) is None:
            yield f"the Article's {key} {value!r} is not an ISO 8601 date"
    published, modified = iso_date(dates.get("datePublished")), iso_date(dates.get("dateModified"))
    if published and modified and modified < published:
        yield f"the Article's dateModified {modified} is before its datePublished {published}"


def missing_article_times(meta: HeadMeta) -> Iterator[str]:
    if meta.properties.get("og:type") == "article":
        missing = [name for name in ARTICLE_TIMES if not meta.properties.get(name)]
        if missing:
            yield f'og:type is "article" but the head has no {" or ".join(missing)}'


def same_language(one: str, other: str) -> bool:
    return one.replace("_", "-").lower() == other.replace("_", "-").lower()


def primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def other_language(meta: HeadMeta, nodes: list[Node], lang: str) -> Iterator[str]:
    """JSON-LD inLanguage and og:locale name the page's language."""
    if not lang:
        return
    for node in nodes + websites(nodes):
        value = node.get("inLanguage")
        if isinstance(value, str) and not same_language(value, lang):
            kind = "/".join(sorted(types_of(node))) or "JSON-LD"
            yield f"{kind} inLanguage is {value!r}; the page is in {lang!r}"
    locale = meta.properties.get("og:locale", "")
    if locale and primary(locale) != primary(lang):
        yield f"og:locale is {locale!r}; the page is in {lang!r}"


def as_name(value: object) -> str:
    """A name as written in mkdocs.yml: typographic apostrophes and no-break spaces undone."""
    return text(value).replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")


def other_site(meta: HeadMeta, nodes: list[Node], lang: str, site: SiteInfo) -> Iterator[str]:
    """The publisher and the WebSite are the home and the name of the page's language."""
    home, name = site.home_url(lang), site.site_name(lang)
    publishers = [a.get("publisher") for a in of_types(nodes, ARTICLE_TYPES)]
    named = [("publisher", p) for p in publishers if isinstance(p, dict)]
    named += [("WebSite", w) for w in websites(nodes)]
    for label, node in named:
        url = text(node.get("url"))
        if home and url and url != home:
            yield f"{label} url is {url}; the home of the page's language ({lang!r}) is {home}"
        if name and node.get("name") and as_name(node.get("name")) != name:
            yield f"{label} name is {node.get('name')!r}; the site's name in {lang!r} is {name!r}"
    og_name = meta.properties.get("og:site_name", "")
    if name and og_name and as_name(og_name) != name:
        yield f"og:site_name is {og_name!r}; the site's name in {lang!r} is {name!r}"


def disagreements(meta: HeadMeta, nodes: list[Node]) -> Iterator[str]:
    """What is said twice (Open Graph, Twitter, JSON-LD, the canonical URL) is said alike."""
    og, twitter = meta.properties, meta.names
    pairs = [
        ("og:url", og.get("og:url"), "the canonical URL", meta.canonical),
        ("twitter:image", twitter.get("twitter:image"), "og:image", og.get("og:image")),
        ("twitter:title", twitter.get("twitter:title"), "og:title", og.get("og:title")),
        (
            "twitter:description",
            twitter.get("twitter:description"),
            "og:description",
            og.get("og:description"),
        ),
    ]
    for article in of_types(nodes, ARTICLE_TYPES):
        pairs += [
            ("the Article's url", article.get("url"), "the canonical URL", meta.canonical),
            ("the Article's headline", article.get("headline"), "og:title", og.get("og:title")),
            ("the Article's image", first_url(article.get("image")), "og:image", og.get("og:image")),
        ]
        for key, name in zip(("datePublished", "dateModified"), ARTICLE_TIMES, strict=True):
            if iso_date(article.get(key)) != iso_date(og.get(name)):
                pairs.append((f"the Article's {key}", article.get(key), name, og.get(name)))
    for node in of_types(nodes, PAGE_TYPES):
        pairs.append(("the WebPage's url", node.get("url"), "the canonical URL", meta.canonical))
    for said, value, other, other_value in pairs:
        if text(value) and text(other_value) and text(value) != text(other_value):
            yield f"{said} is {text(value)!r} but {other} is {text(other_value)!r}"


def shared(meta: HeadMeta) -> bool:
    """A page made to be shared: it has Open Graph tags."""
    return any(name.startswith("og:") for name in meta.properties)
