"""Hook: wait for the last language's search index before the build is reported done."""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from winkelvloer.render import search_jobs
from winkelvloer.render.i18n_pages import is_outermost_build

log = logging.getLogger("mkdocs.hooks.search_index")


# After static-i18n (priority -100) has built every other language.
@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    if is_outermost_build(config):
        search_jobs.finish()
        log.info("Search indexes written to each language's %s/", search_jobs.BUNDLE_DIR)
