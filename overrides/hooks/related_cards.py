"""Hook: turn "Lees ook: [Title](page.md)" paragraphs into related-article cards.

The editor writes one plain line; the reader gets a card with the target's title,
description and reading time in the reader's language (overrides/partials/related-card.html).
"""

from __future__ import annotations

import posixpath
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from selectolax.lexbor import LexborHTMLParser, LexborNode

from i18n_pages import (
    current_language,
    page_language,
    pages_by_url,
    strings,
    strings_of,
    summarize,
)

_state: dict[str, Any] = {}


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    _state["env"] = env
    _state["pages"] = pages_by_url(files)
    return env


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    # An untranslated page is written in its own language, so its lines carry that label.
    written_label = strings_of(config, page_language(page))["read_also"]
    if page.content and written_label in page.content:
        page.content = render_cards(page, config, written_label)
    return context


def render_cards(page: Page, config: MkDocsConfig, written_label: str) -> str:
    label = strings(config)["read_also"]
    template = _state["env"].get_template("partials/related-card.html")
    doc = LexborHTMLParser(page.content, is_fragment=True)
    for paragraph in doc.css("p"):
        target = read_also_target(paragraph, written_label, page)
        if target is None:
            continue
        article = summarize(target, config)
        card = template.render(
            label=label,
            article=article,
            href=link_href(paragraph),
            lang=current_language(config),
            reading_time=strings(config)["reading_time"].format(minutes=article.minutes),
        )
        new = LexborHTMLParser(card, is_fragment=True).css_first("aside")
        paragraph.replace_with(new)
    return doc.html or ""


def read_also_target(paragraph: LexborNode, label: str, page: Page) -> Page | None:
    """The page a well-formed "label: <a>" paragraph points to, else None."""
    children = [n for n in paragraph.iter(include_text=True) if not n.is_empty_text_node]
    if len(children) != 2 or children[1].tag != "a":
        return None
    lead = (children[0].text_content or "").strip()
    if lead.rstrip(":").strip() != label:
        return None
    href = link_href(paragraph)
    url = resolve(page.url, href)
    return _state["pages"].get(url)


def link_href(paragraph: LexborNode) -> str:
    link = paragraph.css_first("a")
    return (link.attributes.get("href") if link else "") or ""


def resolve(base_url: str, href: str) -> str:
    """The site-relative URL a page-relative href points to (directory URLs)."""
    path = href.split("#", 1)[0]
    base_dir = base_url if base_url.endswith("/") or not base_url else posixpath.dirname(base_url)
    joined = posixpath.normpath(posixpath.join(base_dir, path))
    joined = "" if joined == "." else joined
    return joined + "/" if path.endswith("/") and joined else joined
