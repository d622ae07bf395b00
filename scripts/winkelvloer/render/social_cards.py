"""Which social cards a language's pages show, and drawing the ones the cache lacks.

Every article and home page gets a card in its own language (an untranslated page shows its
source's card), drawn offline by social_card.py into the build cache and named by a hash of
everything drawn on it, so an unchanged card is never drawn again. partials/seo.html puts the
card's absolute URL, size and alt text into og:image and twitter:*. The build copies each
card from the cache into the site (plugin/driver.py).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from winkelvloer.render.social_card import (
    HEIGHT,
    WIDTH,
    Card,
    CardStyle,
    cache_key,
    missing_glyphs,
    render_to,
)


def source_stem(src_uri: str) -> str:
    """The page, whatever its language: artikelen/x.en.md -> artikelen/x."""
    stem = posixpath.splitext(src_uri)[0]
    head, _, tail = stem.rpartition("/")
    name = tail.split(".", 1)[0]
    return f"{head}/{name}" if head else name


def is_home(src_uri: str) -> bool:
    return source_stem(src_uri) == "index"


@dataclass
class CardPlanner:
    """The cards of one language's pages: where each goes in the site, and its cached image."""

    folder: str  # in the site: assets/cards
    cache: Path
    style: CardStyle
    logo: str
    planned: dict[str, Path] = field(default_factory=dict)  # site-relative file -> cached image
    missing: dict[Path, Card] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def plan(self, src_uri: str, lang: str, title: str, subtitle: str, site_name: str) -> str:
        """The site-relative file of a page's card; queued for drawing if not cached."""
        card = Card(title=title, site_name=site_name, lang=lang, subtitle=subtitle)
        rel = f"{self.folder}/{lang}/{source_stem(src_uri)}.png"
        if rel not in self.planned:
            self.planned[rel] = self.request(card, src_uri)
        return rel

    def request(self, card: Card, src_uri: str) -> Path:
        cached = self.cache / f"{cache_key(card, self.style, self.logo)}.png"
        if not cached.is_file() and cached not in self.missing:
            missing = missing_glyphs(card.title + card.site_name + card.subtitle)
            if missing:
                self.warnings.append(
                    f"{src_uri}: the social card's font has no glyph for "
                    f"{' '.join(missing)}; the card would show empty boxes"
                )
            self.missing[cached] = card
        return cached

    def draw_missing(self) -> int:
        for cached, card in self.missing.items():
            render_to(cached, card, self.style, self.logo)
        drawn, self.missing = len(self.missing), {}
        return drawn


def template_data(url: str, site_name: str, title: str) -> dict[str, Any]:
    return {"url": url, "width": WIDTH, "height": HEIGHT, "alt": f"{site_name}: {title}"}
