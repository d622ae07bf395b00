"""MkDocs pages that take their Markdown and front matter from the build's session.

MkDocs reads each page's file and parses its front matter with a YAML reader of its own;
static-i18n builds every language from the same files, so a Dutch page was read once per
language. A `SourcePageView` is created for each page before MkDocs would create its own
(MkDocs then uses it), and reads nothing: its text and front matter are those of the
page's `SourcePage` (content/source.py), read once by the build. Its metadata holds only
the front matter keys the site knows (core/front-matter.schema.json): the theme acts on
some others (`icon` names a template), and `make check` warns that they have no effect.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from winkelvloer.content.source import SourcePage
from winkelvloer.plugin.page_cache import KEPT_TEMPLATE, PageCache, RenderedPage, recorded_warnings


class SourcePageView(Page):
    def __init__(
        self,
        title: str | None,
        file: File,
        config: MkDocsConfig,
        source: SourcePage,
        *,
        usable: bool = True,
        cache: PageCache | None = None,
    ) -> None:
        super().__init__(title, file, config)
        self.source = source
        self.usable = usable
        self.cache = cache
        self.key: str | None = None  # in the page cache
        self.kept: RenderedPage | None = None  # the page as an earlier build wrote it
        self.warnings: list[tuple[str, int, str]] = []  # what rendering it warned of

    def read_source(self, config: MkDocsConfig) -> None:
        if self.usable:
            self.markdown, self.meta = self.source.markdown, self.source.meta
        else:  # the preview shows the page with its findings, and nothing it cannot read
            self.markdown, self.meta = "", {}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """The page's HTML: as an earlier build made it if nothing it is made of changed."""
        if self.cache is not None:
            self.key = self.cache.key(self, config)
            self.kept = self.cache.get(self.key)
        if self.kept is not None:
            self.kept.restore(self, files)
            # MkDocs picks the template by the page's metadata: the page is written already.
            self.meta = {**self.meta, "template": KEPT_TEMPLATE}
            return
        with recorded_warnings() as warnings:
            super().render(config, files)
        self.warnings = warnings

    def keep(self, output: str, indexed: str) -> None:
        """Keep the page as it is written, for the next build."""
        if self.cache is None or self.key is None or self.kept is not None:
            return
        anchors = sorted(self.present_anchor_ids or ())
        links = {f.src_uri: dict(a) for f, a in (self.links_to_anchors or {}).items()}
        entry = RenderedPage(output, self.content or "", self._title_from_render, anchors, links,
                             indexed, self.warnings)  # fmt: skip
        self.cache.put(self.key, entry)


def kept(page: Page) -> bool:
    """Whether the page is written as an earlier build wrote it."""
    return isinstance(page, SourcePageView) and page.kept is not None


def nav_titles(config: MkDocsConfig) -> dict[str, str]:
    """The title mkdocs.yml's nav gives a page, by the page's path ("index.md": "Home")."""
    titles: dict[str, str] = {}
    _collect(config.nav or [], titles)
    return titles


def _collect(items: Any, titles: dict[str, str]) -> None:
    for item in items if isinstance(items, list) else [items]:
        if not isinstance(item, dict):
            continue
        for title, target in item.items():
            if isinstance(target, str):
                titles[target] = str(title)
            else:
                _collect(target, titles)


def nav_title(file: File, titles: dict[str, str]) -> str | None:
    """A page's nav title; a translation takes its source's (static-i18n translates it)."""
    return titles.get(getattr(file, "norm_src_uri", file.src_uri))
