"""Hook: turn "Lees ook: [Title](page.md)" paragraphs into related-article cards.

The editor writes one plain line; the reader gets a card with the target's title,
description and reading time in the reader's language (overrides/partials/related-card.html).

Two steps, because a card needs the target page, which may not be rendered yet:
while the Markdown is converted, a tree processor marks each well-formed line (its link is
still resolved and validated by MkDocs); once every page is rendered, each mark becomes a card.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from typing import Any

from jinja2 import Environment
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from selectolax.lexbor import LexborHTMLParser

from winkelvloer.render.i18n_pages import (
    current_language,
    page_language,
    pages_by_url,
    strings,
    strings_of,
    summarize,
)

MARK = "data-wv-card"
_state: dict[str, Any] = {}


class _MarkReadAlso(Treeprocessor):
    """Replace a "<label>: <a>" paragraph by a marked <aside> around the same link."""

    def run(self, root: etree.Element) -> None:
        label = _state.get("label")
        for index, paragraph in enumerate(root):
            if paragraph.tag == "p" and label and is_read_also(paragraph, label):
                link = paragraph[0]
                link.tail = None
                root[index] = etree.Element("aside", {"class": "wv-related", "data-wv-card": ""})
                root[index].append(link)


class ReadAlsoExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After inline parsing (20) made the <a>, before MkDocs resolves links (0).
        md.treeprocessors.register(_MarkReadAlso(md), "wv_read_also", 15)


def is_read_also(paragraph: etree.Element, label: str) -> bool:
    lead = (paragraph.text or "").strip()
    return (
        len(paragraph) == 1
        and paragraph[0].tag == "a"
        and not (paragraph[0].tail or "").strip()
        and lead.endswith(":")
        and lead.rstrip(":").strip() == label
    )


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not any(isinstance(e, ReadAlsoExtension) for e in config.markdown_extensions):
        # MkDocs takes Extension objects as well as names; its type says names only.
        config.markdown_extensions.append(ReadAlsoExtension())  # type: ignore[arg-type]
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # An untranslated page is written in its own language, so its lines carry that label.
    _state["label"] = strings_of(config, page_language(page))["read_also"]
    return markdown


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    _state["env"] = env
    _state["pages"] = pages_by_url(files)
    _state["cards"] = {}
    return env


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    if page.content and MARK in page.content:
        page.content = render_cards(page, config)
    return context


def render_cards(page: Page, config: MkDocsConfig) -> str:
    """Swap each marked <aside> for the rendered card, found with an HTML parser."""
    doc = LexborHTMLParser(page.content or "")
    for marked in doc.css("aside[data-wv-card]"):
        link = marked.css_first("a[href]")
        rendered = card(link.attributes.get("href") or "", page, config) if link else None
        aside = LexborHTMLParser(rendered).css_first("aside") if rendered is not None else None
        if aside is not None:
            marked.replace_with(aside)
    return (doc.body.inner_html or "") if doc.body else ""


def card(href: str, page: Page, config: MkDocsConfig) -> str | None:
    """The card for the page `href` leads to; None if it leads to no page of the site."""
    target = _state["pages"].get(resolve(page.url, href))
    if target is None:  # MkDocs has already warned about the broken link.
        return None
    # Pages of one folder link an article with the same href: its card is made once.
    key = (target.url, href)
    if key not in _state["cards"]:
        _state["cards"][key] = render_card(target, href, config)
    return str(_state["cards"][key])


def render_card(target: Page, href: str, config: MkDocsConfig) -> str:
    article = summarize(target, config)
    return (
        _state["env"]
        .get_template("partials/related-card.html")
        .render(
            label=strings(config)["read_also"],
            article=article,
            href=href,
            lang=current_language(config),
            reading_time=strings(config)["reading_time"].format(minutes=article.minutes),
        )
    )


def resolve(base_url: str, href: str) -> str:
    """The site-relative URL a page-relative href points to (directory URLs)."""
    path = href.split("#", 1)[0]
    base_dir = base_url if base_url.endswith("/") or not base_url else posixpath.dirname(base_url)
    joined = posixpath.normpath(posixpath.join(base_dir, path))
    joined = "" if joined == "." else joined
    return joined + "/" if path.endswith("/") and joined else joined
