"""Every front matter value and every interface string of mkdocs.yml is escaped where a
template writes it.

MkDocs' Jinja does not autoescape. Autoescape is turned on for every template of overrides/
and for the theme's templates that write tag names or navigation items; the theme's other
templates (header, footer, tag listings) get page titles that are already escaped HTML text,
since they write page.title as it is.
"""

from __future__ import annotations

from pathlib import Path

# Material templates that only write text values, escaped as they are: tag names and URLs,
# and the navigation, which writes a page's `subtitle` and `status` front matter into every
# page's sidebar (its titles arrive as Markup, so they are not escaped twice). Translators'
# strings of mkdocs.yml are text too: the site name in the navigation's title and the colour
# toggles' names in attributes (the copyright has its own template in overrides/).
THEME_TEXT_TEMPLATES = frozenset(
    {
        *("partials/tags.html", "fragments/tags/default/tag.html", "partials/nav-item.html"),
        *("partials/nav.html", "partials/palette.html"),
    }
)


def escaped_templates(custom_dir: Path) -> frozenset[str]:
    own = (p.relative_to(custom_dir).as_posix() for p in custom_dir.rglob("*.html"))
    return frozenset(own) | THEME_TEXT_TEMPLATES


def loader_path(name: str | None) -> str:
    """The file a template name loads: Jinja's loaders ignore empty and "." parts, so
    "/fragments/tags/default/tag.html" (a tag listing's `layout` in a Markdown comment) is
    the same file as "fragments/tags/default/tag.html" and must be escaped the same way."""
    return "/".join(part for part in (name or "").split("/") if part not in ("", "."))
