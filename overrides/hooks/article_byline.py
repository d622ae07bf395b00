"""Hook: an article's author, date and reading time under its title, in the reader's language."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from winkelvloer.render.i18n_pages import (
    current_language,
    date_label,
    is_article,
    is_fallback,
    reading_minutes,
    strings,
)

_state: dict[str, Any] = {}


class _InsertByline(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        byline = _state.get("byline")
        for index, child in enumerate(root):
            if byline is not None and child.tag == "h1":
                root.insert(index + 1, byline)
                return


class BylineExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_InsertByline(md), "wv_byline", 15)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not any(isinstance(e, BylineExtension) for e in config.markdown_extensions):
        # MkDocs takes Extension objects as well as names; its type says names only.
        config.markdown_extensions.append(BylineExtension())  # type: ignore[arg-type]
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _state["byline"] = byline(page, config) if is_article(page) else None
    return markdown


def byline(page: Page, config: MkDocsConfig) -> etree.Element:
    lang = current_language(config)
    published = page.meta["date"]
    element = etree.Element("p", {"class": "wv-byline", "lang": lang})
    author = etree.SubElement(element, "span", {"class": "wv-byline__author"})
    author.text = author_name(page, config)
    author.tail = " · "
    time = etree.SubElement(element, "time", {"datetime": published.isoformat()})
    time.text = date_label(published, config)
    time.tail = " · " + strings(config)["reading_time"].format(minutes=reading_minutes(page))
    return element


def author_name(page: Page, config: MkDocsConfig) -> str:
    """The article's author; on an untranslated page, the editorial team in the reader's words."""
    author = page.meta.get("author")
    if isinstance(author, str) and author and not is_fallback(page, config):
        return author
    return strings(config)["author"]
