"""favicon.ico and apple-touch-icon.png at the site's root, rendered offline from
theme.favicon (an SVG) on every build, so they never drift from it."""

from __future__ import annotations

import io

import resvg_py
from PIL import Image

FAVICON_SIZES = (16, 32, 48)
TOUCH_SIZE = 180
TOUCH_PADDING = 24  # iOS puts the icon on a rounded square: keep the glyph off its edges
TOUCH_BACKGROUND = "#ffffff"


def render(svg: str, size: int) -> Image.Image:
    png = bytes(resvg_py.svg_to_bytes(svg_string=svg, width=size, height=size))
    return Image.open(io.BytesIO(png)).convert("RGBA")


def favicon_ico(svg: str) -> bytes:
    """One .ico with each size rendered from the SVG (not scaled down from the largest)."""
    images = [render(svg, size) for size in FAVICON_SIZES]
    out = io.BytesIO()
    images[-1].save(out, "ICO", sizes=[(s, s) for s in FAVICON_SIZES], append_images=images[:-1])
    return out.getvalue()


def touch_icon(svg: str) -> bytes:
    """An opaque square: iOS fills transparency with black."""
    glyph = render(svg, TOUCH_SIZE - 2 * TOUCH_PADDING)
    icon = Image.new("RGB", (TOUCH_SIZE, TOUCH_SIZE), TOUCH_BACKGROUND)
    icon.paste(glyph, (TOUCH_PADDING, TOUCH_PADDING), glyph)
    out = io.BytesIO()
    icon.save(out, "PNG", optimize=True)
    return out.getvalue()
