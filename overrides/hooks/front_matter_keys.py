"""Hook: front matter keys the site does not know have no effect on the page.

`make check` only warns about an unknown key (FM007) and says it has no effect; the theme would
otherwise act on some of them: Material writes `subtitle` and `status` into the navigation and
includes `icon` as a template, so a misspelt icon name would crash the build. Keys outside
the front-matter schema (winkelvloer/core) are taken out of the page's metadata before any
template or plugin reads it.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from winkelvloer.content.front_matter import load_schema

log = logging.getLogger("mkdocs.hooks.front_matter_keys")


def known_keys() -> frozenset[str]:
    return frozenset(load_schema()["$defs"]["page"]["properties"])


# First, before any other plugin or hook reads the metadata.
@event_priority(200)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    unknown = sorted(key for key in page.meta if key not in known_keys())
    for key in unknown:
        del page.meta[key]
    if unknown:
        log.info(
            "%s: front matter key(s) %s ignored (FM007)", page.file.src_uri, ", ".join(unknown)
        )
    return markdown
