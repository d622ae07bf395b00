"""Notices above a page: not translated yet, or a translation behind its Dutch source; and,
in the preview only, a draft or scheduled page.

Outdated means what `make check` reports: the section hashes recorded in the translation's
`translated_from` front matter no longer match the Dutch source (core/freshness.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from winkelvloer.core.freshness import SectionHash, outdated
from winkelvloer.render.i18n_pages import (
    alternates,
    default_language,
    is_fallback,
    page_language,
)


def translation_notice(
    page: Page, config: MkDocsConfig, source_sections: Callable[[str], list[SectionHash]]
) -> dict[str, Any] | None:
    """The notice of a page; source_sections(path) hashes a Dutch page's sections."""
    source_lang = default_language(config)
    source = alternates(page).get(source_lang)
    if source is None or source.locale != source_lang:
        return None
    if is_fallback(page, config):
        return {"kind": "untranslated", "source_url": source.url, "source_lang": source_lang}
    if page_language(page) == source_lang:
        return None
    changed = outdated(source_sections(source.src_uri), page.meta.get("translated_from"))
    if not changed:
        return None
    return {
        "kind": "outdated",
        "source_url": source.url,
        "source_lang": source_lang,
        "sections": changed,
    }


def publishing_notice(state: str, text: Mapping[str, str], date_label: str) -> dict[str, str]:
    """The preview's banner of a draft or scheduled page, in the page's language."""
    words = text["draft"] if state == "draft" else text["scheduled"].format(date=date_label)
    return {"kind": state, "text": words}
