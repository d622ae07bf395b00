"""Hook: robots.txt at the site's root, pointing crawlers at the sitemap by its absolute URL.

Crawlers read it only at the root of a host: under a path (a GitHub Pages project site) it
says so and has no effect; the README's "Deploying a fork" explains what to do instead.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from winkelvloer.build.build_cache import write_atomically
from winkelvloer.build.i18n_pages import is_outermost_build
from winkelvloer.build.seo_data import robots_txt


def on_post_build(config: MkDocsConfig) -> None:
    if is_outermost_build(config):
        text = robots_txt(config.site_url or "/")
        write_atomically(Path(config.site_dir) / "robots.txt", text.encode("utf-8"))
