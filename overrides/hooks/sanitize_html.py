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

from winkelvloer.render.html_policy import anchor_id, sanitize_content, sanitize_page, text_only


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
    clean_contents(page.toc)
    return context


def clean_contents(items: Iterable[AnchorLink]) -> None:
    """Material writes the contents' titles and ids unescaped; the tag listing puts raw tag
    names in the titles, attr_list any text in the ids."""
    for item in items:
        item.title = text_only(item.title)
        item.id = anchor_id(item.id)
        clean_contents(item.children)
