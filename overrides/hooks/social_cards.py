"""Hook: a social card image for every article and home page, in the page's own language.

Cards are drawn offline (winkelvloer.build.social_card, with its own font) into a cache
outside the site, named by a hash of everything drawn on them, so an unchanged page is never drawn
again; each build copies its cards into site/assets/cards/<lang>/ (never a link: the site does
not change with the cache), each checked against its digest first and drawn again if it does
not match. Cards missing from the cache are drawn in worker processes while the pages are still
being rendered.
partials/seo.html puts the card's absolute URL, size and alt text into og:image and twitter:*.

The cache is cards/ in the build cache, outside the repository (build_cache.py).
"""

from __future__ import annotations

import logging
import os
import posixpath
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from winkelvloer.build.build_cache import cache_dir
from winkelvloer.build.i18n_pages import (
    absolute_url,
    building_alone,
    i18n_plugin,
    is_article,
    is_outermost_build,
    page_language,
)
from winkelvloer.build.site_logo import logo_svg
from winkelvloer.build.social_card import (
    HEIGHT,
    WIDTH,
    Card,
    CardStyle,
    cache_key,
    card_png,
    missing_glyphs,
    render_batch,
)
from winkelvloer.core.atomic import write_atomically

CARDS_DIR = "assets/cards"
BATCH = 48  # cards per worker task; fewer misses than this are drawn in the build's process

log = logging.getLogger(f"mkdocs.hooks.{__name__}")
Job = tuple[str, Card, CardStyle, str]


class Painter:
    """Draws the cards the cache lacks: in batches on worker processes, or in-process if few."""

    def __init__(self) -> None:
        self.waiting: list[Job] = []
        self.pool: ProcessPoolExecutor | None = None
        self.running: list[Future[int]] = []
        self.drawn = 0

    def add(self, job: Job) -> None:
        self.waiting.append(job)
        if len(self.waiting) >= BATCH:
            self.submit()

    def submit(self) -> None:
        if building_alone():  # the other cores build the other languages
            return
        if self.pool is None:
            # spawn, not fork: the build process runs threads (Pagefind's, the server's).
            workers = max(1, os.cpu_count() or 1)
            self.pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
        self.running.append(self.pool.submit(render_batch, self.waiting))
        self.waiting = []

    def finish(self) -> int:
        try:
            if self.pool is None:
                self.drawn += render_batch(self.waiting)
            else:
                if self.waiting:
                    self.submit()
                self.drawn += sum(job.result() for job in self.running)
        except Exception as error:  # a worker's error, re-raised here
            raise PluginError(f"Could not draw the social cards: {error}") from error
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
            self.pool, self.waiting, self.running = None, [], []
        return self.drawn


_planned: dict[str, Job] = {}  # site-relative card file -> its cached image and what it shows
_painter = Painter()


def on_pre_build(config: MkDocsConfig) -> None:
    global _painter
    if is_outermost_build(config):
        _planned.clear()
        _painter = Painter()


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    if is_article(page) or is_home(page):
        context["card"] = plan_card(page, config)
    return context


def is_home(page: Page) -> bool:
    return source_stem(page.file.src_uri) == "index"


def source_stem(src_uri: str) -> str:
    """The page, whatever its language: artikelen/x.en.md -> artikelen/x."""
    stem = posixpath.splitext(src_uri)[0]
    head, _, tail = stem.rpartition("/")
    name = tail.split(".", 1)[0]
    return f"{head}/{name}" if head else name


def plan_card(page: Page, config: MkDocsConfig) -> dict[str, Any]:
    """The card of a page (an untranslated page shows its source's card), for the template."""
    lang = page_language(page)
    title = str(page.meta.get("title") or page.title or "")
    subtitle = str(page.meta.get("description", "")) if is_home(page) else ""
    card = Card(title=title, site_name=site_name_of(config, lang), lang=lang, subtitle=subtitle)
    rel = f"{CARDS_DIR}/{lang}/{source_stem(page.file.src_uri)}.png"
    if rel not in _planned:
        _planned[rel] = request(card, page, config)
    return {
        "url": absolute_url(config, rel),
        "width": WIDTH,
        "height": HEIGHT,
        "alt": f"{card.site_name}: {title}",
    }


def request(card: Card, page: Page, config: MkDocsConfig) -> Job:
    """The cached image of a card, queued for drawing if it is not in the cache yet."""
    style = card_style(config)
    logo = logo_svg(config)
    cached = cache_dir(config, "cards") / f"{cache_key(card, style, logo)}.png"
    if not cached.is_file():
        missing = missing_glyphs(card.title + card.site_name + card.subtitle)
        if missing:
            log.warning(
                f"{page.file.src_uri}: the social card's font has no glyph for "
                f"{' '.join(missing)}; the card would show empty boxes"
            )
        _painter.add((str(cached), card, style, logo))
    return (str(cached), card, style, logo)


def site_name_of(config: MkDocsConfig, lang: str) -> str:
    """The site's name in a language (an untranslated page keeps its source's name)."""
    plugin = i18n_plugin(config)
    for language in plugin.config.languages:
        if language.locale == lang and language.site_name:
            return str(language.site_name)
    return str(plugin.original_configs.get("site_name", config.site_name))


def card_style(config: MkDocsConfig) -> CardStyle:
    colours = config.theme["colours"]
    return CardStyle(colours["primary"], colours["on_primary"], colours["accent"])


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    """After the last language: draw what the cache lacked, then put every card in place."""
    if not is_outermost_build(config):
        return
    drawn = _painter.finish()
    site = Path(config.site_dir)
    for rel, job in _planned.items():
        place(job, site / rel)
    log.debug(f"social cards: {len(_planned)}, {drawn} drawn, {len(_planned) - drawn} cached")


def place(job: Job, target: Path) -> None:
    cached, card, style, logo = job
    write_atomically(target, card_png(Path(cached), card, style, logo))
