"""Hook: a table of contents inside each article, for screens without the contents sidebar.

Material shows an article's contents in the right sidebar on wide screens only; on narrower
ones it moves them into the navigation drawer, under the page's own entry. Articles are kept
out of the navigation (mkdocs.yml, not_in_nav), so there they would have none. This list is
a <details> under the byline; site.css shows it only below the sidebar's breakpoint.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from winkelvloer.render.i18n_pages import is_article, strings

_state: dict[str, Any] = {}


class _InsertContents(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        title = _state.get("title")
        sections = top_sections(getattr(self.md, "toc_tokens", []))
        if not title or not sections:
            return
        root.insert(insertion_point(root), contents_element(title, sections))


def insertion_point(root: etree.Element) -> int:
    """Right after the byline, or the H1 if there is none."""
    position = 0
    for index, child in enumerate(root):
        if child.tag == "h1" or child.get("class") == "wv-byline":
            position = index + 1
        elif position:
            break
    return position


def top_sections(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The article's sections: the H1's children, or the top level without an H1."""
    if len(tokens) == 1 and tokens[0]["level"] == 1:
        return tokens[0].get("children", [])
    return tokens


def contents_element(title: str, sections: list[dict[str, Any]]) -> etree.Element:
    details = etree.Element("details", {"class": "wv-toc"})
    summary = etree.SubElement(details, "summary")
    summary.text = title
    listing = etree.SubElement(details, "ul", {"class": "wv-toc__list"})
    for section in sections:
        item = etree.SubElement(listing, "li")
        link = etree.SubElement(item, "a", {"href": f"#{section['id']}"})
        link.text = html.unescape(section["name"])
    return details


class ContentsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After "toc" (5) and the typography (4), so it lists the headings as printed.
        md.treeprocessors.register(_InsertContents(md), "wv_contents", 3)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not any(isinstance(e, ContentsExtension) for e in config.markdown_extensions):
        # MkDocs takes Extension objects as well as names; its type says names only.
        config.markdown_extensions.append(ContentsExtension())  # type: ignore[arg-type]
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _state["title"] = strings(config)["contents"] if is_article(page) else None
    return markdown
