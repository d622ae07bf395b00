"""Hook: give pages on the home template every article of their language, newest first."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from winkelvloer.render.i18n_pages import ArticleSummary, is_article, summarize

_articles: list[Page] = []


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    _articles[:] = [
        file.page for file in files.documentation_pages() if file.page and is_article(file.page)
    ]
    return env


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    if page.meta.get("template") == "home.html":
        context["articles"] = newest_first([summarize(p, config) for p in _articles])
    return context


def newest_first(articles: list[ArticleSummary]) -> list[ArticleSummary]:
    return sorted(articles, key=lambda article: (article.date, article.title), reverse=True)
