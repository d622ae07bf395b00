"""Each page as it was written, kept between builds under a digest of everything it is made of.

Articles are not in the nav, so a page depends on a small, known set of inputs, all listed in
`page_inputs` and nowhere else. An unchanged page is then not converted, templated, sanitized
or hashed again: MkDocs still goes through its events (the tags plugin collects its tags, the
sitemap, the feed and the social cards their entries), but the page's text comes from the
cache and its template is an empty one (`KEPT_TEMPLATE`), the written page the kept one.

What MkDocs' own rendering warned of (a link to a missing file, ...) is kept with the page and
said again when it is reused, so a kept page fails `--strict` exactly as a new one would.
Entries follow the build cache's rules (render/build_cache.py): digests checked on read, kept
outside the checkout, copied into the site, never linked.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from winkelvloer.render.build_cache import content_key, load, store
from winkelvloer.render.i18n_pages import current_language, is_fallback

if TYPE_CHECKING:
    from winkelvloer.plugin.session import BuildSession

KEPT_TEMPLATE = "winkelvloer/kept-page.html"
ENTRY_VERSION = "page-1"


@dataclass
class RenderedPage:
    """A page as the build wrote it, and what other steps read of it."""

    output: str  # the file written to the site
    content: str  # page.content once the site's steps are done (the feed reads it)
    title: str | None  # the title MkDocs took from the page's first heading
    anchors: list[str]  # ids in the page, for MkDocs' check of links to its anchors
    links_to_anchors: dict[str, dict[str, str]]  # docs path -> anchor -> the link
    indexed: str  # a digest of what Pagefind reads of it (render/search_index.py)
    warnings: list[tuple[str, int, str]] = field(default_factory=list)  # logger, level, text

    @classmethod
    def from_json(cls, payload: bytes) -> RenderedPage | None:
        try:
            data = json.loads(payload)
            return cls(
                output=str(data["output"]),
                content=str(data["content"]),
                title=None if data["title"] is None else str(data["title"]),
                anchors=[str(a) for a in data["anchors"]],
                links_to_anchors={
                    str(path): {str(k): str(v) for k, v in links.items()}
                    for path, links in data["links_to_anchors"].items()
                },
                indexed=str(data["indexed"]),
                warnings=[(str(n), int(lv), str(t)) for n, lv, t in data["warnings"]],
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def restore(self, page: Page, files: Files) -> None:
        """Give `page` what MkDocs' rendering would have."""
        page.content = self.content
        page._title_from_render = self.title
        page.present_anchor_ids = set(self.anchors)
        links = {}
        for path, anchors in self.links_to_anchors.items():
            target = files.get_file_from_path(path)
            if target is not None:
                links[target] = dict(anchors)
        page.links_to_anchors = links
        for name, level, text in self.warnings:
            logging.getLogger(name).log(level, text)


def page_inputs(page: Page, config: MkDocsConfig, session: BuildSession) -> list[str]:
    """Everything one page's output is made from: the one list the cache's key is made of."""
    src = page.file.src_uri
    source = session.sources.source_of(src) or src
    inputs = [
        ENTRY_VERSION,
        session.settings_digest or "",  # code, templates, mkdocs.yml, packages, date, request
        current_language(config),  # the language being built
        src,
        page.file.dest_uri,
        str(is_fallback(page, config)),  # a Dutch page shown in another language
        session.text_digest(src),  # the page's own text and front matter
        session.structure_digest(),  # every page's front matter, status and reading time
        session.sections_digest(source) if source != src else "",  # the Dutch source's sections
    ]
    if session.preview:  # the preview shows the page's findings, and its nonce in each page
        inputs += [repr(session.by_page.get(src, [])), session.serve_nonce or ""]
    return inputs


class PageCache:
    """The kept pages of one language's build."""

    def __init__(self, folder: Path, session: BuildSession) -> None:
        self.folder = folder
        self.session = session

    def key(self, page: Page, config: MkDocsConfig) -> str:
        return content_key(*page_inputs(page, config, self.session))

    def get(self, key: str) -> RenderedPage | None:
        payload = load(self.folder / f"{key}.json")
        return RenderedPage.from_json(payload) if payload is not None else None

    def put(self, key: str, entry: RenderedPage) -> None:
        store(self.folder / f"{key}.json", json.dumps(asdict(entry)).encode("utf-8"))


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


@contextlib.contextmanager
def recorded_warnings() -> Iterator[list[tuple[str, int, str]]]:
    """The warnings MkDocs logs in the block (they are shown as well)."""
    handler = _Kept()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
