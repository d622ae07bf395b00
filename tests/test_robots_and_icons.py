"""robots.txt, favicon.ico, apple-touch-icon and theme-color, as browsers and crawlers find them."""

from __future__ import annotations

import posixpath
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image
from selectolax.lexbor import LexborHTMLParser

from conftest import CONFIG, LANGUAGES, REPO, page_path
from winkelvloer.core.config import load_yaml_config
from winkelvloer.render.seo_data import robots_txt
from winkelvloer.site.config import load_site_info

SVG = REPO / "docs" / "assets" / "favicon.svg"
PAGES = ["", "tags", "artikelen/waarom-verkopen-geen-hardloopwedstrijd-is"]


def svg_fill() -> tuple[int, int, int]:
    """The icon's colour, from the SVG itself."""
    fills = {node.get("fill") for node in ElementTree.parse(SVG).iter() if node.get("fill")}
    (fill,) = fills
    assert fill is not None
    return int(fill[1:3], 16), int(fill[3:5], 16), int(fill[5:7], 16)


def colours(image: Image.Image) -> set[tuple[int, ...]]:
    counted = image.getcolors(1 << 20)
    assert counted is not None
    return {colour for _, colour in counted if isinstance(colour, tuple)}


def test_robots_txt_points_at_the_sitemap(site: Path) -> None:
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    sitemaps = [line.removeprefix("Sitemap: ") for line in lines if line.startswith("Sitemap:")]
    site_url = load_site_info(CONFIG).site_url
    assert sitemaps == [f"{site_url}sitemap.xml"]
    assert (site / "sitemap.xml").is_file()


def test_robots_txt_says_when_it_cannot_take_effect() -> None:
    """Crawlers read robots.txt only at a host's root: under a path the file says so."""
    under_path = robots_txt("https://owner.github.io/repo/").splitlines()
    at_root = robots_txt("https://example.org/").splitlines()
    assert "Sitemap: https://owner.github.io/repo/sitemap.xml" in under_path
    assert "Sitemap: https://example.org/sitemap.xml" in at_root
    comments = [line for line in under_path if line.startswith("#")]
    assert any("https://owner.github.io/robots.txt" in line for line in comments), comments
    assert not [line for line in at_root if line.startswith("#")]


def test_favicon_ico_has_each_size_drawn_from_the_svg(site: Path) -> None:
    with Image.open(site / "favicon.ico") as icon:
        assert icon.format == "ICO"
        assert icon.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
        # Pillow's way to pick one of an .ico file's sizes; its type calls size read-only.
        icon.size = (32, 32)  # type: ignore[misc]
        icon.load()
        rgba = icon.convert("RGBA")
    assert (*svg_fill(), 255) in colours(rgba)
    corner = rgba.getpixel((0, 0))
    assert isinstance(corner, tuple) and corner[3] == 0  # transparent around the glyph


def test_apple_touch_icon_is_opaque_and_from_the_svg(site: Path) -> None:
    with Image.open(site / "apple-touch-icon.png") as icon:
        assert icon.size == (180, 180)
        assert icon.mode == "RGB"
        assert svg_fill() in colours(icon)
        assert icon.getpixel((0, 0)) == (255, 255, 255)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("url_path", PAGES)
def test_head_links_the_icons_and_sets_theme_color(site: Path, lang: str, url_path: str) -> None:
    path = page_path(site, lang, url_path)
    head = LexborHTMLParser(path.read_text(encoding="utf-8")).head
    here = path.parent.relative_to(site).as_posix()
    targets = {}
    for rel in ("icon", "apple-touch-icon"):
        for link in head.css(f'link[rel="{rel}"]'):
            href = link.attributes["href"] or ""
            targets[href.rsplit("/", 1)[-1]] = posixpath.normpath(posixpath.join(here, href))
    assert targets["favicon.ico"] == "favicon.ico"
    assert targets["apple-touch-icon.png"] == "apple-touch-icon.png"
    assert targets["favicon.svg"] == "assets/favicon.svg"
    config = load_yaml_config(CONFIG)
    theme_color = head.css_first('meta[name="theme-color"]').attributes["content"]
    assert theme_color == config["theme"]["colours"]["primary"]
