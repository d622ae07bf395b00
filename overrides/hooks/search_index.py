"""Hook: a Pagefind search index per language, built once all languages are on disk.

Pagefind groups pages by <html lang> and stems each language. Only real articles carry
data-pagefind-body (main.html), so an untranslated fallback is never indexed as English.
"""

from __future__ import annotations

import logging
import subprocess
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from pagefind_bin import get_executable

from i18n_pages import is_article, is_fallback, is_outermost_build

log = logging.getLogger("mkdocs.hooks.search_index")


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    context["searchable"] = is_article(page) and not is_fallback(page, config)
    return context


# After static-i18n (priority -100) has built the other languages.
@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    if not is_outermost_build(config):
        return
    command = [
        str(get_executable()),
        "--site",
        config.site_dir,
        # Material's heading permalinks ("¶") are not text a reader searches for.
        "--exclude-selectors",
        ".headerlink",
        "--quiet",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"Pagefind failed:\n{result.stdout}{result.stderr}")
    log.info("Search index written to %s/pagefind", config.site_dir)
