"""Hook: per-language typography on the text readers get (scripts/winkelvloer/core/typography.py).

Runs on the Markdown tree after the table of contents is built, so heading ids (and the
links to them that `make check` verifies) stay those of the source text. Code is untouched.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from winkelvloer.render.i18n_pages import current_language, page_language
from winkelvloer.core.typography import typeset, uses_curly_quotes

_state: dict[str, Any] = {}
UNTOUCHED = frozenset({"code", "pre", "kbd", "samp", "script", "style"})


class _Typeset(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        lang, curly = _state.get("lang"), _state.get("curly", False)
        if lang is None:
            return
        walk(root, lambda text: typeset(text, lang, curly))
        for token in flatten(getattr(self.md, "toc_tokens", [])):
            token["name"] = typeset(token["name"], lang, curly)


def walk(element: etree.Element, change: Any) -> None:
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


class TypographyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After "toc" (5): ids come from the source text; before unescaping raw HTML (0).
        md.treeprocessors.register(_Typeset(md), "wv_typography", 4)


# After static-i18n (-100) has put in the strings of the language being built.
@event_priority(-150)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not any(isinstance(e, TypographyExtension) for e in config.markdown_extensions):
        # MkDocs takes Extension objects as well as names; its type says names only.
        config.markdown_extensions.append(TypographyExtension())  # type: ignore[arg-type]
    typeset_strings(config)
    return config


def typeset_strings(config: MkDocsConfig) -> None:
    """The interface words of this language follow the same rules (curly apostrophes always).
    Idempotent; run again per page, since a preview's quick rebuild skips on_config."""
    lang = current_language(config)
    words = config.extra.get("strings", {})
    config.extra["strings"] = {key: typeset(value, lang, True) for key, value in words.items()}


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    typeset_strings(config)
    lang = page_language(page)
    curly = uses_curly_quotes(markdown)
    _state.update(lang=lang, curly=curly)
    # Titles and descriptions go to <title>, cards, the header and the search index.
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = typeset(page.meta[key], lang, curly)
    return markdown
