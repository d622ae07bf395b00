"""Hook: every word of a page in the language it is written in.

- The heading permalinks' title comes from the `toc` extension's configuration, which is one
  for all languages; each language build sets it from its own strings (mkdocs.yml). The same
  words name each permalink, apart from its heading's name (winkelvloer/build/permalinks.py).
- On an untranslated page, the parts of the theme that repeat the page's (source-language)
  headings are marked with that language, and its source-language tags stay out of this
  language's tags index.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from selectolax.lexbor import LexborHTMLParser

from winkelvloer.build.i18n_pages import current_language, is_fallback, page_language, strings
from winkelvloer.build.permalinks import name_permalinks

# The contents sidebar and the page title in the header.
FALLBACK_TEXT = '.md-sidebar--secondary .md-nav__list, [data-md-component="header-topic"]'


# After static-i18n (-100) has put in the strings of the language being built.
@event_priority(-150)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = strings(config)["permalink"]
    return config


# Before Material's tags plugin (-50) collects the page's tags. The permalink title is set
# again per page: a preview's quick rebuild renders pages without running on_config.
@event_priority(0)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    on_config(config)
    if is_fallback(page, config) and page.meta.get("tags"):
        page.meta["tags"] = []
    return markdown


# After hooks/sanitize_html.py (-100): this markup is the site's, not the editor's.
@event_priority(-110)
def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    if page.content:
        other = current_language(config) if is_fallback(page, config) else None
        page.content = name_permalinks(page.content, strings(config)["permalink"], other)
    return context


# Before the other post-page hooks, which may rely on the final markup.
@event_priority(90)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """On an untranslated page, the headings in the contents sidebar and the header are in
    the source language too: say so, for screen readers and hyphenation."""
    if not is_fallback(page, config):
        return output
    tree = LexborHTMLParser(output)
    for node in tree.css(FALLBACK_TEXT):
        node.attrs["lang"] = page_language(page)
    return tree.html or output
