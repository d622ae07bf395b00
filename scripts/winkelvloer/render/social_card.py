"""Social card images: a page's title and the site's name in the site's colours, 1200 x 630.

Drawn offline with Pillow and the font shipped in fonts/ beside this file (social_cards.py
decides which pages get one and caches them). Every card is two colours on one background, so it is
drawn as an 8-bit image whose palette blends background into foreground: a third of the bytes
of RGB to draw and compress, and the same antialiased text.

The PNG carries what it shows as text chunks (Title, Site, in the page's language), so a test
or a tool can tell which title a card shows without reading pixels.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import resvg_py
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from winkelvloer.core.text import xml_text
from winkelvloer.render import build_cache

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
# Bump when the layout changes, so every cached card is drawn again.
LAYOUT_VERSION = "1"
FONTS = Path(__file__).resolve().parent / "fonts"
TITLE_FONT = FONTS / "SourceSans3-Bold.ttf"
NAME_FONT = FONTS / "SourceSans3-Semibold.ttf"
TITLE_SIZES = (76, 68, 60, 54, 48)
TITLE_MAX_LINES = 4
SUBTITLE_SIZE = 34
SUBTITLE_MAX_LINES = 3
NAME_SIZE = 40
LOGO_SIZE = 64
ACCENT = 255  # palette index of the accent colour; 0..254 blend background into foreground
INK = ACCENT - 1


@dataclass(frozen=True)
class CardStyle:
    """The site's colours, as #rrggbb."""

    background: str
    foreground: str
    accent: str


@dataclass(frozen=True)
class Card:
    """What one card shows (without what no text can carry: control characters, which the
    check refuses in front matter, never stop the build)."""

    title: str
    site_name: str
    lang: str
    subtitle: str = ""

    def __post_init__(self) -> None:
        for name in ("title", "site_name", "subtitle"):
            object.__setattr__(self, name, xml_text(getattr(self, name)))


def cache_key(card: Card, style: CardStyle, logo_svg: str) -> str:
    """Changes whenever anything drawn on the card changes: text, colours, logo, fonts, layout."""
    digest = hashlib.sha256(build_cache.ENTRY_MARK)  # the format the cache keeps it in
    fields = {"layout": LAYOUT_VERSION, "card": asdict(card), "style": asdict(style)}
    digest.update(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode())
    digest.update(logo_svg.encode())
    digest.update(fonts_digest().encode())
    return digest.hexdigest()[:32]


@functools.cache
def fonts_digest() -> str:
    return hashlib.sha256(TITLE_FONT.read_bytes() + NAME_FONT.read_bytes()).hexdigest()


@functools.cache
def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` the card fonts cannot draw (they would show as empty boxes)."""
    return sorted({ch for ch in set(text) if not ch.isspace() and not has_glyph(ch)})


# Asked for every character of every uncached card's title: each is drawn once per process.
@functools.lru_cache(maxsize=4096)
def has_glyph(ch: str) -> bool:
    title_font = font(TITLE_FONT, TITLE_SIZES[-1])
    return glyph_signature(title_font, ch) != glyph_signature(title_font, "\ue000")


def glyph_signature(face: ImageFont.FreeTypeFont, ch: str) -> tuple[object, bytes]:
    mask = face.getmask(ch)
    return mask.size, bytes(mask)


def draw(card: Card, style: CardStyle, logo_svg: str) -> Image.Image:
    """The card as a palette image."""
    ink = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(ink)
    top = MARGIN
    if logo_svg:
        ink.paste(INK, (MARGIN, top), logo_mask(logo_svg, LOGO_SIZE))
    if card.title != card.site_name:
        name_font = font(NAME_FONT, NAME_SIZE)
        middle = top + LOGO_SIZE // 2
        pen.text((MARGIN + LOGO_SIZE + 24, middle), card.site_name, INK, name_font, anchor="lm")
    title_font, lines = fit_title(pen, card.title)
    sub_font = font(NAME_FONT, SUBTITLE_SIZE)
    sub_lines = wrap(pen, card.subtitle, sub_font, SUBTITLE_MAX_LINES) if card.subtitle else []
    title_step = round(title_font.size * 1.12)
    sub_step = round(SUBTITLE_SIZE * 1.3)
    block = len(lines) * title_step + (len(sub_lines) * sub_step + 24 if sub_lines else 0)
    y = top + LOGO_SIZE + (HEIGHT - 2 * MARGIN - LOGO_SIZE - 40 - block) // 2 + 10
    for line in lines:
        pen.text((MARGIN, y), line, INK, title_font)
        y += title_step
    y += 24
    for line in sub_lines:
        pen.text((MARGIN, y), line, INK, sub_font)
        y += sub_step
    pen.rectangle((MARGIN, HEIGHT - MARGIN - 12, MARGIN + 200, HEIGHT - MARGIN), fill=ACCENT)
    image = Image.frombytes("P", ink.size, ink.tobytes())
    image.putpalette(palette(style))
    return image


def fit_title(pen: ImageDraw.ImageDraw, title: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits in TITLE_MAX_LINES lines (cut with … if not)."""
    for size in TITLE_SIZES:
        lines = wrap(pen, title, font(TITLE_FONT, size), None)
        if len(lines) <= TITLE_MAX_LINES:
            return font(TITLE_FONT, size), lines
    smallest = font(TITLE_FONT, TITLE_SIZES[-1])
    return smallest, wrap(pen, title, smallest, TITLE_MAX_LINES)


def wrap(
    pen: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, max_lines: int | None
) -> list[str]:
    """Greedy word wrap to the card's width; with max_lines, the last line ends in …"""
    width = WIDTH - 2 * MARGIN
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and pen.textlength(candidate, font=face) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    if max_lines is not None and len(lines) > max_lines:
        last = fitting_prefix(pen, " ".join(lines[max_lines - 1 : max_lines + 1]), face, width)
        lines = [*lines[: max_lines - 1], last + "…"]
    # A word wider than the card has a line of its own: cut it too (drawn whole, a word of
    # 200,000 letters is a bitmap too large to make).
    return [
        line
        if " " in line or line.endswith("…") or pen.textlength(line, font=face) <= width
        else fitting_prefix(pen, line, face, width) + "…"
        for line in lines
    ]


def fitting_prefix(
    pen: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int
) -> str:
    """The longest start of `text` that fits in `width` with "…" after it, found by halving
    (a few measurements, however long the text), without trailing space."""
    fits, too_long = 0, len(text) + 1
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if pen.textlength(text[:middle].rstrip() + "…", font=face) <= width:
            fits = middle
        else:
            too_long = middle
    return text[:fits].rstrip()


@functools.lru_cache(maxsize=8)
def logo_mask(svg: str, size: int) -> Image.Image:
    """The logo's coverage (its alpha), scaled to the ink range; its own colours are ignored."""
    png = bytes(resvg_py.svg_to_bytes(svg_string=svg, width=size, height=size))
    alpha = Image.open(io.BytesIO(png)).convert("RGBA").getchannel("A")
    return alpha.point(lambda value: value * INK // 255)


def palette(style: CardStyle) -> list[int]:
    background, foreground = rgb(style.background), rgb(style.foreground)
    colours: list[int] = []
    for index in range(INK + 1):
        share = index / INK
        colours += [round(b + (f - b) * share) for b, f in zip(background, foreground, strict=True)]
    return colours + list(rgb(style.accent))


def rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def png_bytes(image: Image.Image, card: Card) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Title", card.title, lang=card.lang)
    info.add_itxt("Site", card.site_name, lang=card.lang)
    out = io.BytesIO()
    # Level 1: four times faster than the default for a few KB more on a flat image.
    image.save(out, "PNG", pnginfo=info, compress_level=1)
    return out.getvalue()


def render_to(path: Path, card: Card, style: CardStyle, logo_svg: str) -> bytes:
    """Draw a card and keep it in the build cache at `path` (with its digest); its PNG."""
    data = png_bytes(draw(card, style, logo_svg), card)
    build_cache.store(path, data)
    return data


def card_png(path: Path, card: Card, style: CardStyle, logo_svg: str) -> bytes:
    """The card's PNG: from the cache at `path` when it is there and intact, else drawn now."""
    cached = build_cache.load(path)
    return cached if cached is not None else render_to(path, card, style, logo_svg)


def render_batch(jobs: Iterable[tuple[str, Card, CardStyle, str]]) -> int:
    """Draw several cards (path, card, style, logo); for a worker process. Returns the count."""
    count = 0
    for path, card, style, logo_svg in jobs:
        render_to(Path(path), card, style, logo_svg)
        count += 1
    return count


def card_text(path: Path) -> dict[str, str]:
    """The text chunks a card was written with (Title, Site); each has the language as `.lang`."""
    with Image.open(path) as image:
        image.load()
        return dict(getattr(image, "text", {}))
