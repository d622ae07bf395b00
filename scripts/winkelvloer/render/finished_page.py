"""The finished page, as the theme wrote it: the last changes before it is written.

- `autocomplete` on Material's drawer and search checkboxes is taken out (HTML allows it on
  text-like inputs only).
- The contents title is a `<label for="__toc">`; that checkbox only exists when the page is in
  the navigation, and articles are not (mkdocs.yml, not_in_nav): the `for` goes.
- Every script file is deferred. They all sit at the end of `<body>`, so they already run
  after the page is parsed, in order, before DOMContentLoaded; deferred, they run at that same
  point, but the first paint no longer waits for them to download and run (Lighthouse counted
  Material's bundle and ours as render-blocking; ACCESSIBILITY.md, "Lighthouse").
- On an untranslated page, the parts of the theme that repeat the page's (source-language)
  headings, the contents sidebar and the header's page title, carry that language.
These are outside any template block, so they are made here rather than by copying
Material's base.html.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

# A module script is deferred already; other types are not run.
CLASSIC_SCRIPT_TYPES = frozenset({None, "", "text/javascript"})
# The contents sidebar and the page title in the header.
FALLBACK_TEXT = '.md-sidebar--secondary .md-nav__list, [data-md-component="header-topic"]'


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
    for script in tree.css("script[src]:not([defer]):not([async])"):
        if script.attrs.get("type") in CLASSIC_SCRIPT_TYPES:
            script.attrs["defer"] = None
            changed = True
    return (tree.html or output) if changed else output


def mark_fallback_language(output: str, lang: str) -> str:
    """The theme's repeats of an untranslated page's headings, marked with their language."""
    tree = LexborHTMLParser(output)
    for node in tree.css(FALLBACK_TEXT):
        node.attrs["lang"] = lang
    return tree.html or output
