"""The site's SVG icon (theme.favicon), for the social cards and the PNG icons (imported, not a
hook). Looked up in docs/, then in the theme's custom folder; "" when the site has none."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig


def logo_svg(config: MkDocsConfig) -> str:
    favicon = str(config.theme.get("favicon") or "")
    if not favicon.endswith(".svg"):
        return ""
    folders = [Path(config.docs_dir), *(Path(d) for d in config.theme.dirs)]
    for folder in folders:
        path = folder / favicon
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""
