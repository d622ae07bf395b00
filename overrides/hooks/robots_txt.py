"""Hook: robots.txt at the site root, pointing crawlers at the sitemap by its absolute URL."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from winkelvloer.build.i18n_pages import absolute_url, is_outermost_build
from winkelvloer.core.atomic import write_atomically


def on_post_build(config: MkDocsConfig) -> None:
    if is_outermost_build(config):
        text = robots_txt(absolute_url(config, "sitemap.xml"))
        write_atomically(Path(config.site_dir) / "robots.txt", text.encode("utf-8"))


def robots_txt(sitemap_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"
