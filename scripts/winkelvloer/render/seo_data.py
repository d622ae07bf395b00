"""What search engines and link previews read in a page's head: Open Graph, Twitter and JSON-LD
(schema.org), all in the language the page is written in and agreeing with one another.

The pure part works on plain facts (`SiteFacts`, `PageFacts`); `head_metadata` gathers those
facts from a MkDocs page for the plugin's on_page_context, and partials/seo.html writes the
result. The social card of a page (its file, text and alt text) is decided here too, so the
card social_cards.py draws is the one the head and the JSON-LD name.

An untranslated page shown in another language's build (a fallback) is a copy of its source:
its canonical URL is the source's, it is not indexed, and everything it tells search engines and
link previews describes the source, in the source's language, under that language's site name.
"""

from __future__ import annotations

import dataclasses
import datetime
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from winkelvloer.core.config import Language
from winkelvloer.core.typography import NBSP, uses_french_spacing
from winkelvloer.render.i18n_pages import (
    absolute_url,
    default_language,
    hreflang_links,
    is_article,
    is_fallback,
    language_folder,
    page_language,
    site_name_of,
    strings,
    translation_urls,
)
from winkelvloer.render.social_card import HEIGHT, WIDTH, Card

PageKind = Literal["article", "home", "page"]
CARDS_DIR = "assets/cards"
SCHEMA_ORG = "https://schema.org"
NOINDEX = "noindex, follow"


@dataclass(frozen=True)
class SiteFacts:
    """The site as one language presents it."""

    lang: str
    name: str
    home: str  # the absolute URL of the language's home page
    og_locale: str  # language_TERRITORY


@dataclass(frozen=True)
class PageFacts:
    """What a page tells the world about itself, in the language it is written in."""

    kind: PageKind
    lang: str
    url: str  # the canonical URL, absolute
    title: str
    description: str
    image: str = ""  # the absolute URL of its social card
    author: str = ""
    published: datetime.date | None = None
    modified: datetime.date | None = None
    tags: tuple[str, ...] = ()
    # Its versions in the other languages (language -> absolute URL), and the source language.
    translations: Mapping[str, str] = field(default_factory=dict)
    source_lang: str = ""


# --- Dates --------------------------------------------------------------------------------------


def date_modified(published: datetime.date, updated: object) -> datetime.date:
    """The front matter's `updated`, else the publication date; never before the latter."""
    if isinstance(updated, datetime.date) and updated > published:
        return updated
    return published


# --- Structured data (JSON-LD) ------------------------------------------------------------------


def structured_data(page: PageFacts, site: SiteFacts) -> dict[str, Any]:
    """The schema.org description of a page: an Article, the WebSite (home), or a WebPage."""
    if page.kind == "article":
        return article_data(page, site)
    if page.kind == "home":
        return {"@context": SCHEMA_ORG, **website_data(site), "description": page.description}
    return {
        "@context": SCHEMA_ORG,
        "@type": "WebPage",
        "name": page.title,
        "description": page.description,
        "url": page.url,
        "inLanguage": page.lang,
        "isPartOf": website_data(site),
    }


def website_data(site: SiteFacts) -> dict[str, Any]:
    # No SearchAction: the search runs in the browser, with no URL a search engine could fill in.
    return {"@type": "WebSite", "name": site.name, "url": site.home, "inLanguage": site.lang}


def article_data(page: PageFacts, site: SiteFacts) -> dict[str, Any]:
    published = page.published or datetime.date.min
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "Article",
        "headline": page.title,
        "description": page.description,
        "image": page.image,
        "datePublished": published.isoformat(),
        "dateModified": (page.modified or published).isoformat(),
        "inLanguage": page.lang,
        "url": page.url,
        "mainEntityOfPage": page.url,
        "author": {"@type": "Organization", "name": page.author},
        "publisher": {"@type": "Organization", "name": site.name, "url": site.home},
        "keywords": ", ".join(page.tags),
    }
    data.update(translation_data(page))
    return data


def translation_data(page: PageFacts) -> dict[str, Any]:
    """A source names its translations; a translation names its source."""
    others = {lang: url for lang, url in page.translations.items() if lang != page.lang}
    if page.lang == page.source_lang and others:
        work = [{"@type": "Article", "inLanguage": lg, "url": url} for lg, url in others.items()]
        return {"workTranslation": work}
    if page.lang != page.source_lang and page.source_lang in others:
        source = {"@type": "Article", "inLanguage": page.source_lang}
        return {"translationOfWork": {**source, "url": others[page.source_lang]}}
    return {}


def json_ld(data: Mapping[str, Any]) -> Markup:
    """JSON that is safe inside <script>: no <, >, & or ' in it."""
    return htmlsafe_json_dumps(data, ensure_ascii=False)


# --- Open Graph ---------------------------------------------------------------------------------


def article_properties(page: PageFacts) -> list[tuple[str, str]]:
    """Open Graph's article:* properties, the same dates and tags as the JSON-LD."""
    if page.kind != "article" or page.published is None:
        return []
    modified = page.modified or page.published
    properties = [
        ("article:published_time", page.published.isoformat()),
        ("article:modified_time", modified.isoformat()),
    ]
    return properties + [("article:tag", tag) for tag in page.tags]


# --- Social cards -------------------------------------------------------------------------------


def source_stem(src_uri: str) -> str:
    """The page, whatever its language: artikelen/x.en.md -> artikelen/x."""
    stem = posixpath.splitext(src_uri)[0]
    head, _, tail = stem.rpartition("/")
    name = tail.split(".", 1)[0]
    return f"{head}/{name}" if head else name


def card_path(lang: str, src_uri: str) -> str:
    """Where a page's card is in the site: one per page and language of its text."""
    return f"{CARDS_DIR}/{lang}/{source_stem(src_uri)}.png"


def card_alt(card: Card, typography: bool = True) -> str:
    """What the card shows, as text: the site's name and the card's title, or the site's
    description on a card whose title is the site's name (the home page's). `typography`:
    French spacing before the colon (the plugin's feature)."""
    text = card.subtitle if card.title == card.site_name else card.title
    if not text:
        return card.site_name
    colon = f"{NBSP}:" if typography and uses_french_spacing(card.lang) else ":"
    return f"{card.site_name}{colon} {text}"


# --- From a MkDocs page -------------------------------------------------------------------------


def page_kind(page: Page) -> PageKind:
    if is_article(page):
        return "article"
    return "home" if source_stem(page.file.src_uri) == "index" else "page"


def page_card(page: Page, config: MkDocsConfig) -> Card:
    """The card of a page, in the language of its text (a fallback shows its source's card).
    Pages other than articles have their description under the title."""
    lang = page_language(page)
    title = str(page.meta.get("title") or page.title or "")
    article = page_kind(page) == "article"
    subtitle = "" if article else str(page.meta.get("description") or "")
    return Card(title=title, site_name=site_name_of(config, lang), lang=lang, subtitle=subtitle)


def card_facts(page: Page, config: MkDocsConfig, *, typography: bool = True) -> dict[str, Any]:
    """The card's address, size and alt text, for the head (partials/seo.html)."""
    card = page_card(page, config)
    return {
        "url": absolute_url(config, card_path(card.lang, page.file.src_uri)),
        "width": WIDTH,
        "height": HEIGHT,
        "alt": card_alt(card, typography),
    }


def site_facts(config: MkDocsConfig, lang: str, languages: Mapping[str, Language]) -> SiteFacts:
    """`languages`: mkdocs.yml's, by locale (SiteConfig.by_locale)."""
    language = languages.get(lang)
    return SiteFacts(
        lang=lang,
        name=site_name_of(config, lang),
        home=absolute_url(config, posixpath.join(language_folder(config, lang), "")),
        og_locale=language.og_locale if language else lang,
    )


def page_facts(page: Page, config: MkDocsConfig) -> PageFacts:
    lang = page_language(page)
    versions = translation_urls(page, config)
    source_lang = default_language(config)
    fallback = is_fallback(page, config)
    url = versions.get(source_lang) if fallback else None
    facts = PageFacts(
        kind=page_kind(page),
        lang=lang,
        url=url or absolute_url(config, page.url),
        title=str(page.meta.get("title") or page.title or ""),
        description=str(page.meta.get("description") or config.site_description or ""),
        image=absolute_url(config, card_path(lang, page.file.src_uri)),
        translations=versions,
        source_lang=source_lang,
    )
    if facts.kind != "article":
        return facts
    published = page.meta["date"]
    return dataclasses.replace(
        facts,
        author=str(page.meta.get("author") or strings(config)["author"]),
        published=published,
        modified=date_modified(published, page.meta.get("updated")),
        tags=tuple(str(tag) for tag in page.meta.get("tags", ())),
    )


def head_metadata(
    page: Page, config: MkDocsConfig, languages: Mapping[str, Language]
) -> dict[str, Any]:
    """Everything partials/seo.html writes for a page; `languages` as for site_facts."""
    facts = page_facts(page, config)
    site = site_facts(config, facts.lang, languages)
    versions = translation_urls(page, config)
    return {
        "canonical": facts.url,
        "noindex": is_fallback(page, config),
        "alternates": hreflang_links(page, config),
        "title": facts.title,
        "description": facts.description,
        "site_name": site.name,
        "og_type": "article" if facts.kind == "article" else "website",
        "og_locale": site.og_locale,
        "og_locale_alternates": [
            site_facts(config, lang, languages).og_locale for lang in versions if lang != facts.lang
        ],
        "article": article_properties(facts),
        "json_ld": json_ld(structured_data(facts, site)),
    }


# --- robots.txt ---------------------------------------------------------------------------------


def robots_txt(site_url: str) -> str:
    """Allow everything and name the sitemap. Crawlers read robots.txt only at the root of a
    host: a site served under a path says so, since its robots.txt is never read there."""
    base = site_url.split("://", 1)[-1]
    path = "/" + base.split("/", 1)[1] if "/" in base else "/"
    note = ""
    if path != "/":
        root = site_url[: len(site_url) - len(path)] + "/"
        note = (
            f"# Crawlers read robots.txt only at the root of a host ({root}robots.txt),\n"
            f"# not here under {path}: this file takes effect only if the site is served\n"
            "# at the root of its host. The pages' noindex tags apply wherever they are.\n"
        )
    sitemap = site_url.rstrip("/") + "/sitemap.xml"
    return f"{note}User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"
