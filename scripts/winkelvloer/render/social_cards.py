"""Which social cards a language's pages show, and drawing the ones the cache lacks.

Every page gets a card in the language of its text (an untranslated page shows its source's
card; render/seo_data.py decides what a card shows). Cards are drawn offline by
social_card.py into the build cache, named by a hash of everything drawn on them, so an
unchanged card is never drawn again. partials/seo.html puts the card's absolute URL, size and
alt text into og:image and twitter:*. The build copies each card from the cache into the site
(plugin/driver.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from winkelvloer.render.social_card import (
    Card,
    CardStyle,
    cache_key,
    card_png,
    missing_glyphs,
    render_to,
)


@dataclass
class CardPlanner:
    """The cards of one language's pages: where each goes in the site, and its cached image."""

    cache: Path
    style: CardStyle
    logo: str
    # site-relative file -> its cached image and what it shows
    planned: dict[str, tuple[Path, Card]] = field(default_factory=dict)
    missing: dict[Path, Card] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def plan(self, src_uri: str, card: Card, rel: str) -> None:
        """A page's card, to be at `rel` in the site; queued for drawing if not cached."""
        if rel not in self.planned:
            self.planned[rel] = (self.request(card, src_uri), card)

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

    def png(self, rel: str) -> bytes:
        """The PNG of a planned card, checked against its digest (drawn again if damaged)."""
        cached, card = self.planned[rel]
        return card_png(cached, card, self.style, self.logo)
