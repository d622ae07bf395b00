"""What the 404 pages say, per language (overrides/404.html shows it).

GitHub Pages answers every missing address with the site's root 404.html, whatever language
the address was in. So the root page (the default language's) carries every language's
message: its own shown, the others hidden and marked with their language;
assets/javascripts/not-found.js shows the one of the language the missing address belongs
to. Every other language's 404.html carries its own message only.
"""

from __future__ import annotations

from dataclasses import dataclass

from winkelvloer.core.config import Language, SiteConfig
from winkelvloer.core.typography import typeset


@dataclass(frozen=True)
class NotFoundMessage:
    """One language's "page not found": the words, and where its home and search are."""

    lang: str
    folder: str  # the language's home, relative to the site: "" or "en/"
    title: str
    text: str
    home: str
    search: str
    search_input: str
    search_close: str
    page_title: str  # the <title>: this title, a dash and the site's name


def not_found_messages(
    site: SiteConfig, current: str, *, typography: bool = True
) -> list[NotFoundMessage]:
    """The messages of the 404 page built in `current`: its own first, and on the default
    language's page (the site's root 404.html) every other language's after it.
    `typography`: each language's typography on the words (the plugin's feature)."""
    own = site.by_locale[current]
    others = [lang for lang in site.languages if lang is not own] if own.is_default else []
    return [message(lang, typography) for lang in (own, *others)]


def message(lang: Language, typography: bool = True) -> NotFoundMessage:
    def word(name: str) -> str:
        text = lang.word(name) or ""
        return typeset(text, lang.locale, True) if typography else text

    title = word("not_found_title")
    return NotFoundMessage(
        lang=lang.locale,
        folder=lang.folder,
        title=title,
        text=word("not_found_text"),
        home=word("home"),
        search=word("search"),
        search_input=word("search_input"),
        search_close=word("search_close"),
        page_title=f"{title} \u2013 {lang.site_name or ''}",
    )
