"""Hook: an Atom feed per language (/feed.xml, /en/feed.xml, ...) and its link in every head.

Each feed lists the published articles written in its language, newest first, with the full
text: untranslated fallbacks, drafts and articles dated in the future stay out (a translation
follows its Dutch source, winkelvloer.core.publishing). The text is the page's, without its
title and byline, sanitized and with every link made absolute, since a feed reader shows it
elsewhere.
"""

from __future__ import annotations

import datetime
import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import nh3
from feedgen.feed import FeedGenerator
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from selectolax.lexbor import LexborHTMLParser
from selectolax.lexbor import LexborNode as Node

from winkelvloer.build.build_cache import cache_dir, cached_text, content_key
from winkelvloer.build.html_policy import sanitize_page
from winkelvloer.build.i18n_pages import (
    absolute_url,
    alternates,
    current_language,
    default_language,
    is_article,
    is_fallback,
    is_outermost_build,
    language_folder,
    strings,
)
from winkelvloer.core.atomic import write_atomically
from winkelvloer.core.publishing import is_published, read_meta, today
from winkelvloer.core.text import xml_text

FEED_FILE = "feed.xml"
FEED_TYPE = "application/atom+xml"
# Page parts that are not the article's text: its title and byline (the entry has both) and
# Material's heading permalinks.
NOT_TEXT = "h1, .wv-byline, .headerlink"
# A "read also" card (partials/related-card.html) goes back to the line the editor wrote: feed
# readers do not have the site's styles.
RELATED_CARD = "aside.wv-related"
# Bump when feed_html changes, so cached entries are made again.
FEED_HTML_VERSION = "2"
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})

_articles: list[Page] = []
_source_meta: dict[str, Mapping[str, Any]] = {}  # the default language's front matter, by file


def on_pre_build(config: MkDocsConfig) -> None:
    _articles.clear()
    if is_outermost_build(config):
        _source_meta.clear()


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # A global rather than page context: the 404 page is rendered without a page.
    env.globals["feed"] = {"url": feed_url(config), "type": FEED_TYPE, "title": config.site_name}
    return env


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    if is_article(page) and not is_fallback(page, config):
        if current_language(config) == default_language(config):
            _source_meta[page.file.abs_src_path or ""] = page.meta
        _articles.append(page)
    return context


def feed_url(config: MkDocsConfig) -> str:
    folder = language_folder(config, current_language(config))
    return absolute_url(config, posixpath.join(folder, FEED_FILE))


def on_post_build(config: MkDocsConfig) -> None:
    # Runs in each language's build, before static-i18n starts the next one (priority -100).
    day = today()
    published = [page for page in _articles if is_published(source_meta(page, config), day)]
    folder = Path(config.site_dir) / language_folder(config, current_language(config))
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / FEED_FILE, atom_feed(newest_first(published), config))


def source_meta(page: Page, config: MkDocsConfig) -> Mapping[str, Any]:
    """The front matter that decides whether a page is published: its Dutch source's."""
    source = alternates(page).get(default_language(config))
    if source is None or source.locale != default_language(config) or not source.abs_src_path:
        return page.meta
    known = _source_meta.get(source.abs_src_path)
    if known is None:  # this language is built on its own (build/parallel.py)
        # As hooks/unpublished_pages.py read it (cached), which decided what is built.
        known = _source_meta[source.abs_src_path] = read_meta(source.abs_src_path)
    return known


def newest_first(pages: list[Page]) -> list[Page]:
    return sorted(pages, key=lambda page: (page.meta["date"], page.url), reverse=True)


def atom_feed(pages: list[Page], config: MkDocsConfig) -> bytes:
    lang = current_language(config)
    home = absolute_url(config, language_folder(config, lang) + "/")
    feed = FeedGenerator()
    feed.id(home)
    feed.title(xml_text(config.site_name))
    feed.subtitle(xml_text(config.site_description or config.site_name))
    feed.language(lang)
    feed.link(href=home, rel="alternate", type="text/html")
    feed.link(href=feed_url(config), rel="self", type=FEED_TYPE)
    feed.icon(absolute_url(config, "apple-touch-icon.png"))
    feed.author(name=xml_text(strings(config)["author"]))
    feed.rights(xml_text(config.copyright or ""))
    feed.updated(moment(max((updated(page) for page in pages), default=today())))
    for page in pages:
        add_entry(feed, page, config)
    return feed.atom_str(pretty=True)


def add_entry(feed: FeedGenerator, page: Page, config: MkDocsConfig) -> None:
    url = absolute_url(config, page.url)
    entry = feed.add_entry(order="append")
    entry.id(url)
    # xml_text: what the check refuses (a control character, FM006) never stops the build.
    entry.title(xml_text(str(page.meta.get("title") or page.title)))
    entry.link(href=url, rel="alternate", type="text/html")
    entry.published(moment(page.meta["date"]))
    entry.updated(moment(updated(page)))
    entry.author(name=xml_text(str(page.meta.get("author") or strings(config)["author"])))
    entry.summary(xml_text(str(page.meta.get("description", ""))))
    entry.content(xml_text(entry_html(page, url, config)), type="html")
    for tag in page.meta.get("tags", []):
        entry.category(term=xml_text(str(tag)))


def updated(page: Page) -> datetime.date:
    value = page.meta.get("updated", page.meta["date"])
    return value if isinstance(value, datetime.date) else page.meta["date"]


def moment(day: datetime.date) -> datetime.datetime:
    if isinstance(day, datetime.datetime):
        return day if day.tzinfo else day.replace(tzinfo=datetime.UTC)
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


def entry_html(page: Page, url: str, config: MkDocsConfig) -> str:
    """feed_html of the page, from the cache when the page has not changed since."""
    content = page.content or ""
    key = content_key(FEED_HTML_VERSION, url, content)
    folder = cache_dir(config, "feed-entries")
    return cached_text(folder, key, lambda: feed_html(content, url))


def feed_html(content: str, page_url: str) -> str:
    """The article's text as a feed carries it: no title or byline, absolute links, sanitized."""
    tree = LexborHTMLParser(content)
    for node in tree.css(NOT_TEXT):
        node.decompose()
    for card in tree.css(RELATED_CARD):
        read_also_line(card)
    body = (tree.body.html or "") if tree.body else ""
    return sanitize(body.removeprefix("<body>").removesuffix("</body>"), page_url)


def read_also_line(card: Node) -> None:
    """Turn a card, <aside><a><span>Label</span><span>Title</span>…</a></aside>, back into
    "Label: <a>Title</a>"."""
    label = card.css_first(".wv-related__label")
    link = card.css_first("a")
    for node in card.css(".wv-related__description, .wv-related__meta"):
        node.decompose()
    if label is None or link is None:
        return
    text = label.text(strip=True)
    label.decompose()
    link.insert_before(f"{text}: ")
    for title in link.css(".wv-related__title"):
        title.unwrap()


def sanitize(html: str, base_url: str) -> str:
    """The pages' own allowlist (html_policy.py), then every URL made absolute (to base_url)."""

    def absolute(tag: str, attribute: str, value: str) -> str | None:
        return urljoin(base_url, value) if attribute in URL_ATTRIBUTES else value

    return nh3.clean(sanitize_page(html), attribute_filter=absolute)
