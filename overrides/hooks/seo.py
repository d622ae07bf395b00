"""Hook: absolute hreflang links with x-default, canonical URLs, Open Graph and JSON-LD.

Material's own hreflang links are relative and list untranslated pages as translations;
this hook gives the template (partials/seo.html) what a search engine should see instead,
in the page's language (winkelvloer.build.seo_data).
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from winkelvloer.build.seo_data import head_metadata


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    context["seo"] = head_metadata(page, config)
    return context
