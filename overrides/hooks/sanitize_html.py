"""Hook: the HTML of every page's content goes through the allowlist of html_policy.py.

Python-Markdown passes raw HTML through and attr_list accepts any attribute, so the rendered
Markdown is sanitized once it is complete, and the page content again once the site's own
markup (related cards, tag listings) is in, together with the table of contents' titles.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from winkelvloer.build.html_policy import sanitize_content, sanitize_page, text_only


# Last, so nothing another plugin or hook does to the rendered Markdown escapes it.
@event_priority(-100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return sanitize_content(html)


# After the cards (hooks/related_cards.py) and the tag listings are rendered into the content.
@event_priority(-100)
def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    if page.content:
        page.content = sanitize_page(page.content)
    clean_titles(page.toc)
    return context


def clean_titles(items: Iterable[AnchorLink]) -> None:
    """Material writes these titles unescaped; the tag listing puts raw tag names in them."""
    for item in items:
        item.title = text_only(item.title)
        clean_titles(item.children)
