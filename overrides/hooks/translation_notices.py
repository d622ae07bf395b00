"""Hook: tell readers when a page is not translated yet, or its translation is behind the source.

Outdated means what `make check` reports: the section hashes recorded in the translation's
`translated_from` front matter no longer match the Dutch source (winkelvloer/core/freshness.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from winkelvloer.build.i18n_pages import (
    alternates,
    default_language,
    i18n_plugin,
    is_fallback,
    page_language,
)
from winkelvloer.core.freshness import outdated_sections


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    context["translation_notice"] = notice(page, config)
    return context


def notice(page: Page, config: MkDocsConfig) -> dict[str, Any] | None:
    source_lang = default_language(config)
    source = alternates(page).get(source_lang)
    if source is None or source.locale != source_lang:
        return None
    if is_fallback(page, config):
        return {"kind": "untranslated", "source_url": source.url, "source_lang": source_lang}
    if page_language(page) == source_lang:
        return None
    source_text = Path(source.abs_src_path or "").read_text(encoding="utf-8-sig")
    changed = outdated_sections(
        source_text, page.meta.get("translated_from"), closing_names(config)
    )
    if not changed:
        return None
    return {
        "kind": "outdated",
        "source_url": source.url,
        "source_lang": source_lang,
        "sections": changed,
    }


def closing_names(config: MkDocsConfig) -> set[str]:
    languages = i18n_plugin(config).config.languages
    return {lang.extra["strings"]["closing_section"] for lang in languages if lang.extra}
