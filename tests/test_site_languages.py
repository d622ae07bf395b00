"""The owner's article and its translations, as readers get them in the built site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    REPO,
    TRANSLATED_LANGUAGES,
    article_slugs,
    attribute,
    heading_text,
    page_path,
    parse,
    site_name,
    word,
)

OWNER_SLUG = "waarom-verkopen-geen-hardloopwedstrijd-is"
SEED = REPO / "tests" / "fixtures" / "owner-article.txt"


def normalize(text: str) -> str:
    return " ".join(text.split())


def numbered_sections(doc: LexborHTMLParser) -> list[str]:
    headings = [heading_text(h) for h in doc.css("article h2")]
    return [h for h in headings if re.match(r"\d+\. ", h)]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("slug", article_slugs())
def test_article_is_published_in_every_language(site: Path, lang: str, slug: str) -> None:
    path = page_path(site, lang, f"artikelen/{slug}")
    assert path.is_file(), f"missing {path.relative_to(site)}"
    assert parse(path).css_first("html").attributes["lang"] == lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_keeps_the_reader_on_the_article(site: Path, lang: str) -> None:
    doc = parse(page_path(site, lang, f"artikelen/{OWNER_SLUG}"))
    links = {attribute(a, "hreflang"): attribute(a, "href") for a in doc.css("a.md-select__link")}
    assert sorted(links) == sorted(LANGUAGES)
    here = page_path(site, lang, f"artikelen/{OWNER_SLUG}").parent
    for other, href in links.items():
        target = (here / href).resolve() / "index.html"
        assert target == page_path(site, other, f"artikelen/{OWNER_SLUG}").resolve(), other


def test_the_owners_languages() -> None:
    """Dutch is the source at /, with English, German and French beside it (the owner's
    choice); any other language mkdocs.yml adds comes on top."""
    assert DEFAULT_LANGUAGE == "nl"
    assert page_path(Path("site"), "nl", "") == Path("site/index.html")
    assert {"en", "de", "fr"} <= set(TRANSLATED_LANGUAGES)
    assert word("nl", "read_also") == "Lees ook"


def seed_paragraphs() -> list[str]:
    """The owner's body text: every paragraph but the title lines, headings and "Lees ook"."""
    blocks = [normalize(b) for b in SEED.read_text(encoding="utf-8").split("\n\n")]
    title = blocks[0]
    return [
        b
        for b in blocks
        if b and b.lower() != title.lower() and not b.startswith("Lees ook") and len(b) > 60
    ]


def test_dutch_page_contains_every_paragraph_of_the_owners_text(site: Path) -> None:
    doc = parse(page_path(site, "nl", f"artikelen/{OWNER_SLUG}"))
    published = {normalize(p.text()) for p in doc.css("article p")}
    paragraphs = seed_paragraphs()
    assert len(paragraphs) >= 15
    missing = [p for p in paragraphs if p not in published]
    assert not missing


def test_dutch_headings_match_the_owners_headings_up_to_case(site: Path) -> None:
    blocks = [normalize(b) for b in SEED.read_text(encoding="utf-8").split("\n\n")]
    seed_headings = [b for b in blocks if re.match(r"\d+\. ", b)] + ["Slotgedachte"]
    doc = parse(page_path(site, "nl", f"artikelen/{OWNER_SLUG}"))
    headings = [heading_text(h) for h in doc.css("article h2")]
    assert [h.lower() for h in headings] == [h.lower() for h in seed_headings]


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
@pytest.mark.parametrize("slug", article_slugs())
def test_translation_has_as_many_numbered_sections_as_the_source(
    site: Path, lang: str, slug: str
) -> None:
    source = numbered_sections(parse(page_path(site, "nl", f"artikelen/{slug}")))
    translation = numbered_sections(parse(page_path(site, lang, f"artikelen/{slug}")))
    assert source, "an article has numbered sections (STR005 makes sure)"
    assert [h.split(".")[0] for h in translation] == [h.split(".")[0] for h in source]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_site_name_and_navigation(site: Path, lang: str) -> None:
    doc = parse(page_path(site, lang, ""))
    assert site_name(lang) in doc.css_first("title").text()
    nav_labels = {normalize(a.text()) for a in doc.css("nav.md-nav--primary a.md-nav__link")}
    assert word(lang, "tags_title") in nav_labels


def test_articles_stay_out_of_the_sidebar(site: Path) -> None:
    doc = parse(page_path(site, "en", f"artikelen/{OWNER_SLUG}"))
    sidebar = " ".join(a.attributes.get("href") or "" for a in doc.css("nav.md-nav--primary a"))
    assert "artikelen" not in sidebar


def test_no_instant_navigation(site: Path) -> None:
    config = parse(page_path(site, "nl", "")).css_first("#__config").text()
    assert "navigation.instant" not in config
