"""Related-article cards: each aside the Markdown extension marked becomes a card.

The editor writes one plain line, "Lees ook: [Title](page.md)"; the reader gets a card with
the target's title, description and reading time in the reader's language
(overrides/partials/related-card.html). A card needs its target's summary, so the marked
asides are swapped for cards once every page has been read.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser

from winkelvloer.render.markdown_extensions import READ_ALSO_MARK


def with_cards(content: str, card: Callable[[str], str | None]) -> str:
    """`content` with each marked aside swapped for card(href), found with an HTML parser;
    an aside whose link leads nowhere (card() gives None) stays as it is."""
    if READ_ALSO_MARK not in content:
        return content
    doc = LexborHTMLParser(content)
    for marked in doc.css(f"aside[{READ_ALSO_MARK}]"):
        link = marked.css_first("a[href]")
        rendered = card(link.attributes.get("href") or "") if link else None
        aside = LexborHTMLParser(rendered).css_first("aside") if rendered is not None else None
        if aside is not None:
            marked.replace_with(aside)
    return (doc.body.inner_html or "") if doc.body else ""


def resolve(base_url: str, href: str) -> str:
    """The site-relative URL a page-relative href points to (directory URLs)."""
    path = href.split("#", 1)[0]
    base_dir = base_url if base_url.endswith("/") or not base_url else posixpath.dirname(base_url)
    joined = posixpath.normpath(posixpath.join(base_dir, path))
    joined = "" if joined == "." else joined
    return joined + "/" if path.endswith("/") and joined else joined
