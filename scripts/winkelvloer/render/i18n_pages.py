"""What the plugin asks of MkDocs' pages about languages, articles and translations."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from babel.dates import format_date
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from winkelvloer.core.typography import typeset, uses_curly_quotes

ARTICLES_DIR = "artikelen/"
WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class ArticleSummary:
    """What a card shows about an article, in the language it is shown in."""

    url: str
    title: str
    description: str
    date: date
    date_label: str
    minutes: int
    lang: str
    tags: tuple[str, ...]


def i18n_plugin(config: MkDocsConfig) -> Any:
    return config.plugins["i18n"]


def current_language(config: MkDocsConfig) -> str:
    return i18n_plugin(config).current_language


def default_language(config: MkDocsConfig) -> str:
    return i18n_plugin(config).default_language


def strings(config: MkDocsConfig) -> dict[str, str]:
    """The template words of the language being built (mkdocs.yml, extra.strings)."""
    return config.extra["strings"]


def strings_of(config: MkDocsConfig, lang: str) -> dict[str, str]:
    """The template words of any configured language."""
    for language in i18n_plugin(config).config.languages:
        if language.locale == lang and language.extra:
            return language.extra["strings"]
    return strings(config)


def site_name_of(config: MkDocsConfig, lang: str) -> str:
    """The site's name in a language (an untranslated page keeps its source's name)."""
    plugin = i18n_plugin(config)
    for language in plugin.config.languages:
        if language.locale == lang and language.site_name:
            return str(language.site_name)
    return str(plugin.original_configs.get("site_name", config.site_name))


def language_folder(config: MkDocsConfig, lang: str) -> str:
    """Where a language's pages are written, relative to site_dir ("" for the default)."""
    for language in i18n_plugin(config).config.languages:
        if language.locale == lang:
            return language.link.strip("/")
    return lang


def is_article(page: Page) -> bool:
    return page.file.src_uri.startswith(ARTICLES_DIR) and "date" in page.meta


class I18nFile(File):
    """A page's File as mkdocs-static-i18n hands it to the plugin, with the language it is
    written in and its versions per language (fallbacks included). For type checking only."""

    locale: str
    alternates: dict[str, I18nFile]


def i18n_file(file: File) -> I18nFile:
    return cast(I18nFile, file)


def alternates(page: Page) -> dict[str, I18nFile]:
    """The page's version per language; a fallback is the Dutch file."""
    return i18n_file(page.file).alternates


def page_language(page: Page) -> str:
    """The language the page's text is written in (a fallback page is Dutch)."""
    return i18n_file(page.file).locale


def is_fallback(page: Page, config: MkDocsConfig) -> bool:
    """A page shown in this language's build but written in another one."""
    return page_language(page) != current_language(config)


def translations(page: Page) -> dict[str, I18nFile]:
    """The real versions of this page per language, fallbacks left out."""
    return {lang: file for lang, file in alternates(page).items() if file.locale == lang}


def absolute_url(config: MkDocsConfig, url: str) -> str:
    base = config.site_url or "/"
    return base if url in ("", ".", "./") else base.rstrip("/") + "/" + url.lstrip("/")


def translation_urls(page: Page, config: MkDocsConfig) -> dict[str, str]:
    """Absolute URLs of the page's real translations, by language."""
    return {lang: absolute_url(config, f.url) for lang, f in sorted(translations(page).items())}


def hreflang_links(page: Page, config: MkDocsConfig) -> dict[str, str]:
    """Absolute URLs of the page's real translations plus x-default; empty for a fallback.

    The head (render/seo_data.py) and the sitemap (render/sitemap.py) both use this, so they
    agree.
    """
    if is_fallback(page, config):
        return {}
    links = translation_urls(page, config)
    source = default_language(config)
    if source in links:
        links["x-default"] = links[source]
    return links


def pages_by_url(files: Files) -> dict[str, Page]:
    return {file.page.url: file.page for file in files.documentation_pages() if file.page}


def reading_minutes(words: int) -> int:
    """Minutes at WORDS_PER_MINUTE, at least one."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def date_label(day: date, config: MkDocsConfig) -> str:
    """A date as readers of the language being built write it (en_GB: 5 October 2026)."""
    return _long_date(day, config.extra.get("date_locale") or current_language(config))


# Every card and listing shows dates, and a site has far fewer days than cards.
@functools.lru_cache(maxsize=4096)
def _long_date(day: date, locale: str) -> str:
    return format_date(day, format="long", locale=locale)


def summarize(
    page: Page, config: MkDocsConfig, words: int, *, typography: bool = True
) -> ArticleSummary:
    """Card data for a page; `words` counts its Markdown (content/source.py). `typography`:
    the language's typography on its title and description (the plugin's feature)."""
    lang = page_language(page)
    published = page.meta["date"]
    # Typeset here too: a preview's quick rebuild summarizes pages it did not render again.
    curly = uses_curly_quotes(page.markdown or "")

    def printed(text: str) -> str:
        return typeset(text, lang, curly) if typography else text

    return ArticleSummary(
        url=page.url,
        title=printed(page.meta.get("title") or page.title or ""),
        description=printed(page.meta.get("description", "")),
        date=published,
        # In the reader's language, even on a card for an untranslated page.
        date_label=date_label(published, config),
        minutes=reading_minutes(words),
        lang=lang,
        tags=tuple(page.meta.get("tags", ())),
    )
