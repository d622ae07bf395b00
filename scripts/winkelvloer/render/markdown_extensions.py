"""The site's additions to a page's Markdown tree, as one Python-Markdown extension.

What they need to know about the page being rendered (its language, its byline, ...) is in
a `PageWork` the plugin fills in before each page (on_page_markdown); nothing is kept in
the module. Their places among Python-Markdown's own tree processors:

- read-also lines become marked asides (15): after inline parsing (20) made the <a>, before
  MkDocs resolves links (0), so the card's link is resolved and validated like any other;
- the byline goes under the H1 (15);
- typography (4): after "toc" (5) made the heading ids from the source text, before raw HTML
  is put back (0), so ids and what `make check` verifies stay those of the source;
- the in-article contents list (3): after typography, so it lists the headings as printed.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from winkelvloer.core.read_also import READ_ALSO_MARK, is_read_also
from winkelvloer.core.typography import typeset

UNTOUCHED = frozenset({"code", "pre", "kbd", "samp", "script", "style"})


@dataclass
class PageWork:
    """The page being rendered, as the extensions need it; None turns a step off."""

    read_also_label: str | None = None
    byline: etree.Element | None = None
    lang: str | None = None  # the language to typeset in
    curly: bool = False
    contents_title: str | None = None


class _MarkReadAlso(Treeprocessor):
    """Replace a "<label>: <a>" paragraph by a marked <aside> around the same link."""

    def __init__(self, md: Markdown, work: PageWork) -> None:
        super().__init__(md)
        self.work = work

    def run(self, root: etree.Element) -> None:
        label = self.work.read_also_label
        for index, paragraph in enumerate(root):
            if paragraph.tag == "p" and label and is_read_also(paragraph, label):
                link = paragraph[0]
                link.tail = None
                root[index] = etree.Element("aside", {"class": "wv-related", READ_ALSO_MARK: ""})
                root[index].append(link)


class _InsertByline(Treeprocessor):
    def __init__(self, md: Markdown, work: PageWork) -> None:
        super().__init__(md)
        self.work = work

    def run(self, root: etree.Element) -> None:
        byline = self.work.byline
        for index, child in enumerate(root):
            if byline is not None and child.tag == "h1":
                root.insert(index + 1, byline)
                return


class _Typeset(Treeprocessor):
    def __init__(self, md: Markdown, work: PageWork) -> None:
        super().__init__(md)
        self.work = work

    def run(self, root: etree.Element) -> None:
        lang, curly = self.work.lang, self.work.curly
        if lang is None:
            return
        walk(root, lambda text: typeset(text, lang, curly))
        for token in flatten(getattr(self.md, "toc_tokens", [])):
            token["name"] = typeset(token["name"], lang, curly)


def walk(element: etree.Element, change: Callable[[str], str]) -> None:
    if element.tag in UNTOUCHED:
        return
    if element.text and not isinstance(element.text, AtomicString):
        element.text = change(element.text)
    for child in element:
        walk(child, change)
        if child.tail and not isinstance(child.tail, AtomicString):
            child.tail = change(child.tail)


def flatten(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t for token in tokens for t in (token, *flatten(token.get("children", [])))]


class _InsertContents(Treeprocessor):
    def __init__(self, md: Markdown, work: PageWork) -> None:
        super().__init__(md)
        self.work = work

    def run(self, root: etree.Element) -> None:
        title = self.work.contents_title
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
        return list(tokens[0].get("children", []))
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


class SiteExtension(Extension):
    """The four steps, each registered only when its feature is on."""

    def __init__(self, work: PageWork, *, cards: bool, byline: bool, typography: bool,
                 contents: bool) -> None:  # fmt: skip
        super().__init__()
        self.work = work
        self.steps = {"cards": cards, "byline": byline, "typography": typography,
                      "contents": contents}  # fmt: skip

    def extendMarkdown(self, md: Markdown) -> None:
        register = md.treeprocessors.register
        if self.steps["cards"]:
            register(_MarkReadAlso(md, self.work), "wv_read_also", 15)
        if self.steps["byline"]:
            register(_InsertByline(md, self.work), "wv_byline", 15)
        if self.steps["typography"]:
            register(_Typeset(md, self.work), "wv_typography", 4)
        if self.steps["contents"]:
            register(_InsertContents(md, self.work), "wv_contents", 3)
