"""Hook: a Pagefind search index per language, each next to its language's home page.

Each language build starts Pagefind on its own output as soon as it is written, so indexing
one language overlaps with building the next (search_jobs.py); search_index_wait.py waits
for the last one. The search dialog loads the bundle of the page's language
(partials/site-search.html). Pagefind stems by <html lang>. Only real articles carry
data-pagefind-body (main.html), so an untranslated fallback is never indexed as, say, English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from winkelvloer.render import preview_state, search_jobs
from winkelvloer.render.i18n_pages import (
    current_language,
    default_language,
    i18n_plugin,
    is_article,
    is_fallback,
    language_folder,
)


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    context["searchable"] = is_article(page) and not is_fallback(page, config)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    # Runs before static-i18n (priority -100) builds the other languages from the default
    # language's post-build, so only this language's files are complete on disk.
    lang = current_language(config)
    site = Path(config.site_dir)
    # The preview's quick builds re-index in the background (the search says it may lag).
    start = search_jobs.refresh_in_background if preview_state.quick_build() else search_jobs.start
    if lang == default_language(config):
        start(lang, site, glob=default_language_glob(site, config))
    else:
        start(lang, site / language_folder(config, lang))


def default_language_glob(site: Path, config: MkDocsConfig) -> str:
    """Every page at the top level, but not the other languages' folders."""
    languages = i18n_plugin(config).config.languages
    others = {language_folder(config, language.locale) for language in languages} - {""}
    skip = others | {search_jobs.BUNDLE_DIR, "assets"}
    patterns = [
        f"{entry.name}/**/*.html" if entry.is_dir() else entry.name
        for entry in sorted(site.iterdir())
        if entry.name not in skip and (entry.is_dir() or entry.suffix == ".html")
    ]
    return "{" + ",".join(patterns) + "}"
