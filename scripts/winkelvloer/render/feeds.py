"""An Atom feed per language (/feed.xml, /en/feed.xml, ...), linked from every page's head.

Each feed lists the published articles written in its language, newest first, with the full
text: untranslated fallbacks, drafts and articles dated in the future stay out (a translation
follows its Dutch source, core/publishing.py). The text is the page's, without its title and
byline, sanitized and with every link made absolute, since a feed reader shows it elsewhere.
"""

from __future__ import annotations

import datetime
import posixpath
from pathlib import Path
from urllib.parse import urljoin

import nh3
from feedgen.feed import FeedGenerator
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from selectolax.lexbor import LexborHTMLParser
from selectolax.lexbor import LexborNode as Node

from winkelvloer.core.text import xml_text
from winkelvloer.render.build_cache import cached_text, content_key
from winkelvloer.render.html_policy import sanitize_page
from winkelvloer.render.i18n_pages import (
    absolute_url,
    current_language,
    language_folder,
    strings,
)
from winkelvloer.render.seo_data import date_modified

FEED_TYPE = "application/atom+xml"
# Page parts that are not the article's text: its title and byline (the entry has both), its
# contents list (render/markdown_extensions.py; a feed reader shows the entry in one piece) and
# Material's heading permalinks.
NOT_TEXT = "h1, .wv-byline, .wv-toc, .headerlink"
# A "read also" card (partials/related-card.html) goes back to the line the editor wrote: feed
# readers do not have the site's styles.
RELATED_CARD = "aside.wv-related"
# Bump when feed_html changes, so cached entries are made again.
FEED_HTML_VERSION = "3"
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})


def feed_url(config: MkDocsConfig, file_name: str) -> str:
    folder = language_folder(config, current_language(config))
    return absolute_url(config, posixpath.join(folder, file_name))


def newest_first(pages: list[Page]) -> list[Page]:
    return sorted(pages, key=lambda page: (page.meta["date"], page.url), reverse=True)


def atom_feed(
    pages: list[Page], config: MkDocsConfig, file_name: str, today: datetime.date, cache: Path
) -> bytes:
    lang = current_language(config)
    home = absolute_url(config, language_folder(config, lang) + "/")
    feed = FeedGenerator()
    feed.id(home)
    feed.title(xml_text(config.site_name))
    feed.subtitle(xml_text(config.site_description or config.site_name))
    feed.language(lang)
    feed.link(href=home, rel="alternate", type="text/html")
    feed.link(href=feed_url(config, file_name), rel="self", type=FEED_TYPE)
    feed.icon(absolute_url(config, "apple-touch-icon.png"))
    feed.author(name=xml_text(strings(config)["author"]))
    feed.rights(xml_text(config.copyright or ""))
    feed.updated(moment(max((updated(page) for page in pages), default=today)))
    for page in pages:
        add_entry(feed, page, config, cache)
    return feed.atom_str(pretty=True)


def add_entry(feed: FeedGenerator, page: Page, config: MkDocsConfig, cache: Path) -> None:
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
    entry.content(xml_text(entry_html(page.content or "", url, cache)), type="html")
    for tag in page.meta.get("tags", []):
        entry.category(term=xml_text(str(tag)))


def updated(page: Page) -> datetime.date:
    return date_modified(page.meta["date"], page.meta.get("updated"))


def moment(day: datetime.date) -> datetime.datetime:
    if isinstance(day, datetime.datetime):
        return day if day.tzinfo else day.replace(tzinfo=datetime.UTC)
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


def entry_html(content: str, url: str, cache: Path) -> str:
    """feed_html of the page, from the cache when the page has not changed since."""
    key = content_key(FEED_HTML_VERSION, url, content)
    return cached_text(cache, key, lambda: feed_html(content, url))


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
