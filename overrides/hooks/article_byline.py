"""Hook: show an article's date and reading time under its title, in the reader's language."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from selectolax.lexbor import LexborHTMLParser

from i18n_pages import current_language, is_article, strings, summarize


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    if is_article(page) and page.content:
        page.content = with_byline(page, config)
    return context


def with_byline(page: Page, config: MkDocsConfig) -> str:
    article = summarize(page, config)
    doc = LexborHTMLParser(page.content, is_fragment=True)
    title = doc.css_first("h1")
    if title is None:
        return page.content or ""
    reading_time = strings(config)["reading_time"].format(minutes=article.minutes)
    byline = (
        f'<p class="wv-byline" lang="{current_language(config)}" data-pagefind-ignore>'
        f'<time datetime="{article.date.isoformat()}">'
        f"{article.date_label}</time> · {reading_time}</p>"
    )
    title.insert_after(LexborHTMLParser(byline, is_fragment=True).css_first("p"))
    return doc.html or ""
