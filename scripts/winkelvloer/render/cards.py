"""Related-article cards: each aside the Markdown extension marked becomes a card.

The editor writes one plain line, "Lees ook: [Title](page.md)"; the reader gets a card with
the target's title, description and reading time in the reader's language
(overrides/partials/related-card.html). A card needs its target's summary, so the marked
asides are swapped for cards once every page has been read. Since a card vouches for where its
link goes, it is drawn only for a relative link that stays on the site (same_site_path).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from winkelvloer.core.read_also import READ_ALSO_MARK


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


# What a browser strips from a URL or reads as "/" (so "\\host" is another host), and
# control characters: an href holding any of them is not one the site's Markdown wrote.
NOT_IN_SITE_HREF = re.compile(r"[\x00-\x20\x7f-\x9f\\]")
DOT_SEGMENTS = frozenset({".", ".."})


def same_site_path(base_url: str, href: str) -> str | None:
    """The site-relative URL `href` leads to from the page at `base_url`, if it is a relative
    link that stays on the site; None for anything a browser could take elsewhere: a scheme,
    a host ("//host"), a path from the host's root ("/x", another site where the site lives
    under a path), a path climbing above the site, or an encoded dot segment ("%2e%2e", which
    browsers climb with and posixpath does not)."""
    if NOT_IN_SITE_HREF.search(href):
        return None
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or parts.query or parts.path.startswith("/"):
        return None
    segments = parts.path.split("/")
    if any(unquote(s) in DOT_SEGMENTS and s not in DOT_SEGMENTS for s in segments):
        return None
    resolved = resolve(base_url, parts.path)
    return None if resolved == ".." or resolved.startswith("../") else resolved


def resolve(base_url: str, href: str) -> str:
    """The site-relative URL a page-relative href points to (directory URLs)."""
    path = href.split("#", 1)[0]
    base_dir = base_url if base_url.endswith("/") or not base_url else posixpath.dirname(base_url)
    joined = posixpath.normpath(posixpath.join(base_dir, path))
    joined = "" if joined == "." else joined
    return joined + "/" if path.endswith("/") and joined else joined
