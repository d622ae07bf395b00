"""Hook: one sitemap.xml for all languages, with the same alternates as each page's head.

static-i18n writes a sitemap per language build (the last one wins) and lists untranslated
fallbacks as translations; this one lists only pages in their own language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from winkelvloer.render.i18n_pages import (
    absolute_url,
    hreflang_links,
    is_fallback,
    is_outermost_build,
)
from winkelvloer.render.sitemap import sitemap_xml, write_sitemap

_entries: dict[str, dict[str, str]] = {}


def on_pre_build(config: MkDocsConfig) -> None:
    if is_outermost_build(config):
        _entries.clear()


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    if not is_fallback(page, config):
        _entries[absolute_url(config, page.url)] = hreflang_links(page, config)
    return context


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    if not is_outermost_build(config):
        return
    write_sitemap(Path(config.site_dir), sitemap_xml(_entries))
