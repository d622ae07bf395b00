"""Hook: a page's `template:` front matter may only name a page template of the site.

Material ships templates that are not meant for content (redirect.html writes front matter
into a script), and a name outside the theme crashes the build. The page templates are the
top-level templates of overrides/ (main.html, home.html), not 404.html.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

NOT_FOR_PAGES = frozenset({"404.html"})


def page_templates(config: MkDocsConfig) -> list[str]:
    custom_dir = Path(config.theme.custom_dir or "")
    return sorted(p.name for p in custom_dir.glob("*.html") if p.name not in NOT_FOR_PAGES)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    template = page.meta.get("template")
    allowed = page_templates(config)
    if template is not None and template not in allowed:
        raise PluginError(
            f"{page.file.src_uri}: template {template!r} is not a page template of this site; "
            f"use one of {', '.join(allowed)} (or leave template out)"
        )
    return markdown
