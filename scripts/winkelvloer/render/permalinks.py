"""Heading permalinks that keep out of the heading's name.

The toc extension ends each heading with a link whose text is "¶", so a screen reader names
every section "Title ¶" and announces the link as "pilcrow". Whatever name the link gets
inside the heading would become part of the heading's name too (a name is computed from the
content, links included). So the heading is named by its own text alone (aria-labelledby, to
a span around that text), and the link by words in the page's language, read and not shown;
the glyph is hidden from assistive technology.

The h1's permalink is not shown (site.css), so it is left as it is.
"""

from __future__ import annotations

from html import escape

from selectolax.lexbor import LexborHTMLParser

HEADINGS = ", ".join(f"h{level}[id] > a.headerlink" for level in range(2, 7))
# The span's id: the heading's own plus this (numbered on, should the page have that id too).
NAME_SUFFIX = "--name"


def name_permalinks(html: str, label: str, label_lang: str | None = None) -> str:
    """`html` (a page's content) with each h2-h6 permalink named `label`, apart from its
    heading's name; `label_lang` marks the label's language where the content has another."""
    if "headerlink" not in html:
        return html
    tree = LexborHTMLParser(html)
    body = tree.body
    if body is None:
        return html
    taken = {node.attributes.get("id") for node in body.css("[id]")}
    lang = f' lang="{escape(label_lang)}"' if label_lang else ""
    for link in body.css(HEADINGS):
        heading = link.parent
        if heading is None or "aria-labelledby" in heading.attributes:
            continue
        name_id = unique_id(f"{heading.attributes.get('id')}{NAME_SUFFIX}", taken)
        taken.add(name_id)
        text = "".join(
            child.html or "" for child in heading.iter(include_text=True) if child != link
        )
        link.inner_html = (
            f'<span aria-hidden="true">{escape(link.text())}</span>'
            f'<span class="wv-visually-hidden"{lang}>{escape(label)}</span>'
        )
        heading.inner_html = f'<span id="{escape(name_id)}">{text}</span>{link.html}'
        heading.attrs["aria-labelledby"] = name_id
    return body.inner_html or html


def unique_id(wanted: str, taken: set[str | None]) -> str:
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate
