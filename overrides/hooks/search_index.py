"""Hook: a Pagefind search index per language, each next to its language's pages.

Each language build starts Pagefind on its own output in the background, so indexing one
language overlaps with building the next; the outermost build waits for all of them.
The search dialog loads the bundle of the page's language (partials/site-search.html).
Pagefind stems by <html lang>. Only real articles carry data-pagefind-body (main.html), so
an untranslated fallback is never indexed as, say, English.
"""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from pagefind_bin import get_executable

from i18n_pages import (
    current_language,
    default_language,
    i18n_plugin,
    is_article,
    is_fallback,
    is_outermost_build,
)

log = logging.getLogger("mkdocs.hooks.search_index")
BUNDLE_DIR = "pagefind"
_jobs: dict[str, subprocess.Popen[str]] = {}


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    context["searchable"] = is_article(page) and not is_fallback(page, config)
    return context


# Runs after static-i18n (priority -100): a language's own build is done here, and in the
# outermost (default language) build, every other language is too.
@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    outermost = is_outermost_build(config)
    # static-i18n leaves current_language at the last language it built.
    lang = default_language(config) if outermost else current_language(config)
    site = Path(config.site_dir)
    # One Pagefind at a time: each holds its whole index in memory. The previous one has
    # usually finished while this language was being built.
    finish_indexes()
    if lang == default_language(config):
        _jobs[lang] = start_pagefind(site, glob=default_language_glob(site, config))
    else:
        _jobs[lang] = start_pagefind(site / language_folder(config, lang))
    if outermost:
        finish_indexes()
        log.info("Search indexes written for %s", ", ".join(languages(config)))


def finish_indexes() -> None:
    outputs = {lang: job.communicate()[0] for lang, job in _jobs.items()}
    failures = {lang: outputs[lang] for lang, job in _jobs.items() if job.returncode != 0}
    _jobs.clear()
    if failures:
        raise PluginError(f"Pagefind failed: {failures}")


def start_pagefind(site: Path, glob: str | None = None) -> subprocess.Popen[str]:
    command = [str(get_executable()), "--site", str(site), "--output-subdir", BUNDLE_DIR]
    if glob:
        command += ["--glob", glob]
    # Material's heading permalinks ("¶") are not text a reader searches for.
    command += ["--exclude-selectors", ".headerlink", "--quiet"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def languages(config: MkDocsConfig) -> list[str]:
    return [lang.locale for lang in i18n_plugin(config).config.languages if lang.build]


def language_folder(config: MkDocsConfig, lang: str) -> str:
    for language in i18n_plugin(config).config.languages:
        if language.locale == lang:
            return language.link.strip("/")
    return lang


def default_language_glob(site: Path, config: MkDocsConfig) -> str:
    """Every page at the top level, but not the other languages' folders."""
    others = {language_folder(config, lang) for lang in languages(config)} - {""}
    skip = others | {BUNDLE_DIR, "assets"}
    patterns = [
        f"{entry.name}/**/*.html" if entry.is_dir() else entry.name
        for entry in sorted(site.iterdir())
        if entry.name not in skip and (entry.is_dir() or entry.suffix == ".html")
    ]
    return "{" + ",".join(patterns) + "}"
