"""Hook: favicon.ico and apple-touch-icon.png at the site root, rendered from theme.favicon.

Browsers and platforms that do not take the SVG icon ask for these; they are rendered offline
from the same SVG on every build (a few milliseconds), so they never drift from it.
"""

from __future__ import annotations

import io
from pathlib import Path

import resvg_py
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from PIL import Image

from winkelvloer.build.i18n_pages import is_outermost_build
from winkelvloer.build.site_logo import logo_svg
from winkelvloer.core.atomic import write_atomically

FAVICON_SIZES = (16, 32, 48)
TOUCH_SIZE = 180
TOUCH_PADDING = 24  # iOS puts the icon on a rounded square: keep the glyph off its edges
TOUCH_BACKGROUND = "#ffffff"


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # partials/seo.html links the PNG icons only when this hook writes them.
    env.globals["png_icons"] = bool(logo_svg(config))
    return env


def on_post_build(config: MkDocsConfig) -> None:
    if not is_outermost_build(config):
        return
    svg = logo_svg(config)
    if not svg:  # no SVG icon to render; the theme's own favicon stays
        return
    site = Path(config.site_dir)
    write_atomically(site / "favicon.ico", favicon_ico(svg))
    write_atomically(site / "apple-touch-icon.png", touch_icon(svg))


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
