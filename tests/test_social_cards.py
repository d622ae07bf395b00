"""Social cards: one per page and language, of the stated size, showing the page's own title,
with an alt text in the page's language; drawn once and then taken from the cache."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin
from selectolax.lexbor import LexborHTMLParser

from conftest import (
    CONFIG,
    LANGUAGES,
    REPO,
    UNTRANSLATED,
    article_slugs,
    build_report,
    build_site,
    page_path,
)
from test_feeds import site_names
from winkelvloer.render import build_cache
from winkelvloer.render.social_card import (
    HEIGHT,
    WIDTH,
    Card,
    CardStyle,
    card_text,
    draw,
    missing_glyphs,
)
from winkelvloer.render.social_cards import CardPlanner
from winkelvloer.site.config import load_site_info

CARD_PAGES = ["", "tags", *(f"artikelen/{slug}" for slug in article_slugs())]
STYLE = CardStyle("#009485", "#ffffff", "#ff6e42")
LOGO = (REPO / "docs" / "assets" / "favicon.svg").read_text(encoding="utf-8")


def head_meta(path: Path) -> dict[str, str]:
    head = LexborHTMLParser(path.read_text(encoding="utf-8")).head
    assert head is not None
    found: dict[str, str] = {}
    for node in head.css("meta[property], meta[name]"):
        key = node.attributes.get("property") or node.attributes.get("name") or ""
        found.setdefault(key, node.attributes.get("content") or "")
    return found


def card_file(site: Path, url: str, site_url: str) -> Path:
    assert url.startswith(site_url), f"og:image {url} is not an absolute URL of {site_url}"
    return site / url.removeprefix(site_url)


def page_title(path: Path) -> str:
    h1 = LexborHTMLParser(path.read_text(encoding="utf-8")).css_first("article h1")
    return h1.text(deep=False).strip()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("url_path", CARD_PAGES)
def test_page_has_a_card_with_its_own_title(site: Path, lang: str, url_path: str) -> None:
    path = page_path(site, lang, url_path)
    meta = head_meta(path)
    image = card_file(site, meta["og:image"], load_site_info(CONFIG).site_url)
    assert image.is_file(), f"{meta['og:image']} does not exist"
    with Image.open(image) as card:
        assert card.size == (int(meta["og:image:width"]), int(meta["og:image:height"]))
        assert card.size == (1200, 630)
    text = card_text(image)
    title = page_title(path)
    assert text["Title"] == title
    assert isinstance(text["Title"], PngImagePlugin.iTXt)
    assert text["Title"].lang == lang
    assert text["Site"] == site_names()[lang]
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("url_path", CARD_PAGES)
def test_card_alt_text_names_the_site_and_what_the_card_says(
    site: Path, lang: str, url_path: str
) -> None:
    """The site's name, then the card's title, or on the home card (whose title is the site's
    name) the site's description: never the name twice. French puts a space before the colon."""
    meta = head_meta(page_path(site, lang, url_path))
    alt, name = meta["og:image:alt"], site_names()[lang]
    says = meta["og:description"] if url_path == "" else page_title(page_path(site, lang, url_path))
    separator = "\u00a0: " if lang == "fr" else ": "
    assert alt == f"{name}{separator}{says}"
    assert alt.count(name) == 1, alt
    assert meta["twitter:image:alt"] == alt


def test_every_page_with_open_graph_tags_has_a_card(site: Path) -> None:
    site_url = load_site_info(CONFIG).site_url
    shared = 0
    for path in site.rglob("*.html"):
        meta = head_meta(path)
        if "og:title" in meta:
            shared += 1
            assert card_file(site, meta["og:image"], site_url).is_file(), path
    assert shared == len(LANGUAGES) * len(CARD_PAGES)


def test_every_card_is_a_different_picture(site: Path) -> None:
    """The title is drawn, not only written into the metadata: no two cards look alike."""
    cards = sorted((site / "assets" / "cards").rglob("*.png"))
    assert len(cards) == len(LANGUAGES) * len(CARD_PAGES)
    pixels = {Image.open(card).convert("RGB").tobytes() for card in cards}
    assert len(pixels) == len(cards)


def test_untranslated_page_shares_its_source_s_card(
    variant_docs: Path, site_builder: Callable[..., Path]
) -> None:
    site = site_builder(variant_docs)
    slug, lang = UNTRANSLATED
    fallback = head_meta(page_path(site, lang, f"artikelen/{slug}"))
    source = head_meta(page_path(site, "nl", f"artikelen/{slug}"))
    assert fallback["og:image"] == source["og:image"]
    assert fallback["og:image:alt"] == source["og:image:alt"]


# --- The cache ---------------------------------------------------------------------------------


def snapshot(cache: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in (cache / "cards").glob("*.png")}


def test_unchanged_pages_are_not_drawn_again(
    tmp_path: Path, docs_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("SITE_CACHE_DIR", str(cache))
    first = build_site(tmp_path / "first")
    drawn = snapshot(cache)
    assert len(drawn) == len(LANGUAGES) * len(CARD_PAGES)

    second = build_site(tmp_path / "second")
    assert snapshot(cache) == drawn
    for card in (first / "assets" / "cards").rglob("*.png"):
        rel = card.relative_to(first)
        assert (second / rel).read_bytes() == card.read_bytes(), rel

    slug = article_slugs()[0]
    source = docs_copy / "artikelen" / f"{slug}.en.md"
    text = source.read_text(encoding="utf-8")
    old_title = page_title(page_path(first, "en", f"artikelen/{slug}"))
    text = text.replace(f"title: {old_title}", "title: A new title", 1)
    source.write_text(text.replace(f"# {old_title}\n", "# A new title\n", 1), "utf-8")
    third = build_site(tmp_path / "third", docs_dir=docs_copy)
    after = snapshot(cache)
    assert {name: after[name] for name in drawn} == drawn
    assert len(after) == len(drawn) + 1
    changed = third / "assets" / "cards" / "en" / "artikelen" / f"{slug}.png"
    assert card_text(changed)["Title"] == "A new title"


def test_the_site_holds_copies_checked_against_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cards in site/ are files of their own: damaging the cache changes no built site, and a
    damaged entry is drawn again rather than published."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("SITE_CACHE_DIR", str(cache))
    first = build_site(tmp_path / "first")
    cards = sorted((first / "assets" / "cards").rglob("*.png"))
    assert cards and all(card.stat().st_nlink == 1 for card in cards)
    published = {card: card.read_bytes() for card in cards}
    for entry in (cache / "cards").glob("*.png"):
        with entry.open("r+b") as handle:  # damaged in place, as a disk or a tool would
            handle.seek(entry.stat().st_size // 2)
            handle.write(b"damage")
    assert {card: card.read_bytes() for card in cards} == published
    second = build_site(tmp_path / "second")
    for card, data in published.items():
        assert (second / card.relative_to(first)).read_bytes() == data


# --- Drawing -----------------------------------------------------------------------------------


def test_a_long_title_is_cut_to_fit() -> None:
    title = " ".join(["Eine ziemlich lange Überschrift"] * 12)
    image = draw(Card(title, "Ladentheke", "de"), STYLE, LOGO)
    assert image.size == (WIDTH, HEIGHT)
    right_margin = image.convert("RGB").crop((WIDTH - 70, 0, WIDTH, HEIGHT))
    assert right_margin.getcolors() == [(70 * HEIGHT, (0x00, 0x94, 0x85))]


def test_cards_use_only_the_site_colours() -> None:
    image = draw(Card("Côté boutique", "Côté boutique", "fr", "Sous-titre"), STYLE, LOGO)
    counted = image.convert("RGB").getcolors(1 << 16)
    assert counted is not None
    colours = {colour for _, colour in counted if isinstance(colour, tuple)}
    assert {(0x00, 0x94, 0x85), (0xFF, 0xFF, 0xFF), (0xFF, 0x6E, 0x42)} <= colours
    # Antialiasing blends background into text; the accent bar stands alone.
    for r, g, b in colours - {(0xFF, 0x6E, 0x42)}:
        share = r / 0xFF
        assert abs(g - (0x94 + share * (0xFF - 0x94))) <= 1
        assert abs(b - (0x85 + share * (0xFF - 0x85))) <= 1


def test_missing_glyphs_are_named() -> None:
    assert missing_glyphs("Prix : 5 € \u2013 ça va ? Straße „gut“ 字") == ["字"]


def test_a_title_the_font_cannot_draw_fails_the_build(
    tmp_path: Path, docs_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    name = f"artikelen/{article_slugs()[0]}.fr.md"
    text = (docs_copy / name).read_text(encoding="utf-8")
    text = text.replace("title: ", "title: 漢字 ", 1).replace("\n# ", "\n# 漢字 ", 1)
    (docs_copy / name).write_text(text, encoding="utf-8")
    assert not build_report(tmp_path / "site", docs_dir=docs_copy).ok
    (message,) = [r.getMessage() for r in caplog.records if "glyph" in r.getMessage()]
    assert message.startswith(f"{name}: ")
    assert "字 漢" in message


def test_cache_lives_outside_the_tracked_files() -> None:
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").split()
    assert "/.cache/" in ignored


def test_cards_missing_from_the_cache_are_drawn_once(tmp_path: Path) -> None:
    card = Card("Titel", "Winkelvloer", "nl")
    planner = CardPlanner(tmp_path, STYLE, LOGO)
    planner.plan("artikelen/x.md", card, "assets/cards/nl/artikelen/x.png")
    planner.plan("artikelen/x.md", card, "assets/cards/nl/artikelen/x.png")
    assert planner.draw_missing() == 1
    cached, _ = planner.planned["assets/cards/nl/artikelen/x.png"]
    png = build_cache.load(cached)  # kept with its digest
    assert png is not None
    with Image.open(io.BytesIO(png)) as image:
        assert getattr(image, "text", {})["Title"] == "Titel"
    assert planner.png("assets/cards/nl/artikelen/x.png") == png
    again = CardPlanner(tmp_path, STYLE, LOGO)
    again.plan("artikelen/x.md", card, "assets/cards/nl/artikelen/x.png")
    assert again.draw_missing() == 0
