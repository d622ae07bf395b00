"""Hook: two spots where Material's page markup is not valid HTML, corrected on the built page.

- `autocomplete` on its drawer and search checkboxes (allowed on text-like inputs only).
- The contents title is a `<label for="__toc">`; that checkbox only exists when the page is in
  the navigation, and articles are not (mkdocs.yml, not_in_nav).
Both are outside any template block, so they are fixed here rather than by copying base.html.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from selectolax.lexbor import LexborHTMLParser


# Before other post-page hooks, which may rely on the final markup.
@event_priority(100)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return conform(output)


# The 404 pages are templates, not pages; hooks/not_found_pages.py keeps what this returns.
@event_priority(100)
def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return conform(output) if template_name.endswith(".html") else output


def conform(output: str) -> str:
    tree = LexborHTMLParser(output)
    changed = False
    for box in tree.css('input[type="checkbox"][autocomplete]'):
        del box.attrs["autocomplete"]
        changed = True
    for label in tree.css("label[for]"):
        if tree.css_first(f'[id="{label.attrs["for"]}"]') is None:
            del label.attrs["for"]
            changed = True
    return (tree.html or output) if changed else output
