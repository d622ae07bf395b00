"""Hook: a 404 page per language (/404.html in Dutch, /en/404.html, ...).

GitHub Pages serves the root 404.html for any missing address, so that page carries every
language's message (winkelvloer/build/not_found.py, overrides/404.html).

Every language build renders Material's 404.html to the site root, so the root page would
end up in the last-built language. Each rendering is kept and written where it belongs.

The 404 page is rendered before the language's pages, with the language switcher static-i18n
left in the config: from the third language on, that is the previous language's last page
(static-i18n restores a config it has since let the pages change). Each 404 page's switcher
leads to the languages' home pages, as the first two languages' do, however the languages
are built (one process or one each, winkelvloer/build/parallel.py).
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from winkelvloer.build.i18n_pages import (
    current_language,
    i18n_plugin,
    is_outermost_build,
    language_folder,
    site_config,
)
from winkelvloer.build.not_found import not_found_messages

_rendered: dict[str, str] = {}


# After static-i18n (priority -100) has reconfigured the theme for this language.
@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    home_links = i18n_plugin(config).extra_alternate
    if home_links:
        # An attribute, as static-i18n sets it for each page (it hides the key of that name);
        # MkDocs' type for extra declares no attributes.
        config.extra.alternate = deepcopy(home_links)  # type: ignore[attr-defined]
    return config


def on_template_context(
    context: dict[str, Any], template_name: str, config: MkDocsConfig
) -> dict[str, Any]:
    if template_name == "404.html":
        lang = current_language(config)
        context["not_found_messages"] = not_found_messages(site_config(config), lang)
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name == "404.html":
        _rendered[current_language(config)] = output
    return output


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    if not is_outermost_build(config):
        return
    site = Path(config.site_dir)
    for lang in i18n_plugin(config).config.languages:
        if lang.locale in _rendered and lang.build:
            target = site / language_folder(config, lang.locale) / "404.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_rendered[lang.locale], encoding="utf-8")
