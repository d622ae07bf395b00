"""Hook: tell readers when a page is not translated yet, or its translation is behind the source.

Outdated means what `make check` reports: the section hashes recorded in the translation's
`translated_from` front matter no longer match the Dutch source (winkelvloer/core/freshness.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown_it
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from winkelvloer.render.build_cache import cache_dir, code_version, memoized
from winkelvloer.render.i18n_pages import (
    alternates,
    default_language,
    i18n_plugin,
    is_fallback,
    page_language,
)
from winkelvloer.core import freshness
from winkelvloer.core.freshness import SectionHash, outdated, sections


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
    changed = outdated(source_sections(source_text, config), page.meta.get("translated_from"))
    if not changed:
        return None
    return {
        "kind": "outdated",
        "source_url": source.url,
        "source_lang": source_lang,
        "sections": changed,
    }


def source_sections(source_text: str, config: MkDocsConfig) -> list[SectionHash]:
    """The source's hashed sections; each language's build asks for the same source, and in a
    parallel build they are other processes, so the result is kept in the build cache."""
    names = closing_names(config)
    version = "\0".join([code_version(freshness), markdown_it.__version__, *sorted(names)])
    rows = memoized(
        cache_dir(config, "sections"),
        version,
        source_text,
        lambda: [[s.key, s.label, s.hash] for s in sections(source_text, names)],
    )
    return [SectionHash(*row) for row in rows]


def closing_names(config: MkDocsConfig) -> set[str]:
    languages = i18n_plugin(config).config.languages
    return {lang.extra["strings"]["closing_section"] for lang in languages if lang.extra}
