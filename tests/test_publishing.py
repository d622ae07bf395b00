"""Drafts and scheduled posts: the predicate, and what the published and preview builds show."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Literal

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import LANGUAGES, PREFIX, as_written, build_site, page_path, word
from winkelvloer.core import publishing

TODAY = datetime.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("source", "own", "state"),
    [
        ({"date": "2026-11-30"}, {"draft": True}, "draft"),
        ({"date": "2026-11-30"}, {"draft": False}, "published"),
        ({"date": "2026-11-30"}, None, "published"),
        ({"date": "2026-11-30", "draft": True}, {}, "draft"),
        ({"date": "2026-12-01"}, {"draft": True}, "scheduled"),
    ],
)
def test_a_translation_may_be_a_draft_on_its_own(
    source: dict[str, object], own: dict[str, object] | None, state: str
) -> None:
    assert publishing.language_status(source, own, TODAY) == state


@pytest.mark.parametrize(
    ("meta", "published"),
    [
        ({"date": "2026-11-30"}, True),
        ({"date": datetime.date(2026, 11, 29)}, True),
        ({"date": datetime.date(2026, 12, 1)}, False),
        ({"date": datetime.datetime(2026, 12, 1, 8, 0)}, False),
        ({"date": "2026-11-30", "draft": True}, False),
        ({"date": "2026-11-30", "draft": False}, True),
        ({"date": "2026-11-30", "draft": "yes"}, True),  # not a boolean: FM006 reports it
        ({}, True),
    ],
)
def test_is_published(meta: dict[str, object], published: bool) -> None:
    assert publishing.is_published(meta, TODAY) is published


def test_today_can_be_fixed_for_a_preview_of_a_later_day() -> None:
    assert publishing.today({"PUBLISH_TODAY": "2027-01-02"}) == datetime.date(2027, 1, 2)
    with pytest.raises(ValueError, match="PUBLISH_TODAY"):
        publishing.today({"PUBLISH_TODAY": "tomorrow"})


def test_front_matter_of_broken_files_is_empty() -> None:
    assert publishing.front_matter("no front matter") == {}
    assert publishing.front_matter("---\ntitle: [unclosed\n---\n") == {}
    assert publishing.front_matter("---\ndraft: true\n---\n# T\n") == {"draft": True}


ARTICLE = """---
title: {title}
description: Nog niet voor lezers bedoeld, want de pagina is een concept of verschijnt pas later.
date: {date}
tags:
  - Verkoop
author: Redactie
{extra}---

# {title}

Een inleiding.

## 1. Eerst dit

Tekst.

## Slotgedachte

Tekst.
"""


@pytest.fixture(scope="module")
def unpublished_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from conftest import REPO

    docs = Path(shutil.copytree(REPO / "docs", tmp_path_factory.mktemp("docs") / "docs"))
    articles = docs / "artikelen"
    draft = ARTICLE.format(title="Een concept", date="2026-11-01", extra="draft: true\n")
    (articles / "een-concept.md").write_text(draft, encoding="utf-8")
    english = (
        draft.replace("draft: true\n", "")
        .replace("Een concept", "A draft")
        .replace("- Verkoop", "- Sales")
        .replace("## Slotgedachte", "## Final thought")
    )
    (articles / "een-concept.en.md").write_text(english, encoding="utf-8")
    later = ARTICLE.format(title="Later stuk", date="2999-01-01", extra="")
    (articles / "later-stuk.md").write_text(later, encoding="utf-8")
    german = articles / f"{DRAFT_TRANSLATION}.de.md"
    text = german.read_text(encoding="utf-8")
    german.write_text(text.replace("\nauthor: ", "\ndraft: true\nauthor: ", 1), encoding="utf-8")
    return docs


def build_into(site_dir: Path, docs: Path, command: Literal["build", "serve"] | None) -> Path:
    return build_site(site_dir, docs, preview=command == "serve")


@pytest.fixture(scope="module")
def published(unpublished_docs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_into(tmp_path_factory.mktemp("published") / "site", unpublished_docs, "build")


@pytest.fixture(scope="module")
def preview(unpublished_docs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_into(tmp_path_factory.mktemp("preview") / "site", unpublished_docs, "serve")


SLUGS = ("een-concept", "later-stuk")
# A published article whose German translation is still a draft (as make translate writes it).
DRAFT_TRANSLATION = "nieuwe-klanten-werven"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_published_build_leaves_drafts_and_scheduled_posts_out(published: Path, lang: str) -> None:
    for slug in SLUGS:
        assert not page_path(published, lang, f"artikelen/{slug}").exists()
    listing = page_path(published, lang, "").read_text(encoding="utf-8")
    tags = page_path(published, lang, "tags").read_text(encoding="utf-8")
    for slug in SLUGS:
        assert slug not in listing
        assert slug not in tags


def test_published_sitemap_and_search_leave_them_out(published: Path) -> None:
    sitemap = (published / "sitemap.xml").read_text(encoding="utf-8")
    assert not [slug for slug in SLUGS if slug in sitemap]
    indexed = b"".join(p.read_bytes() for p in published.rglob("pagefind/**/*") if p.is_file())
    assert indexed  # the search index exists ...
    assert b"een-concept" not in indexed  # ... and has no draft (fragments are compressed,
    # so this also relies on the page not being built at all, asserted above)


def test_a_draft_translation_is_not_published(published: Path) -> None:
    """Its language shows the Dutch page, as for a page not translated yet; the other
    languages keep their translations."""
    doc = LexborHTMLParser(
        page_path(published, "de", f"artikelen/{DRAFT_TRANSLATION}").read_text("utf-8")
    )
    assert doc.css_first('[data-wv-notice="untranslated"]') is not None
    assert doc.css_first('div[lang="nl"] h1') is not None
    assert doc.css_first('meta[name="robots"]').attributes["content"].startswith("noindex")
    assert doc.css_first("[data-pagefind-body]") is None
    english = LexborHTMLParser(
        page_path(published, "en", f"artikelen/{DRAFT_TRANSLATION}").read_text("utf-8")
    )
    assert english.css_first("[data-wv-notice]") is None
    sitemap = (published / "sitemap.xml").read_text(encoding="utf-8")
    assert f"/de/artikelen/{DRAFT_TRANSLATION}/" not in sitemap
    assert f"/en/artikelen/{DRAFT_TRANSLATION}/" in sitemap
    assert not [url for url in feed_entries(published, "de") if DRAFT_TRANSLATION in url]
    assert [url for url in feed_entries(published, "en") if DRAFT_TRANSLATION in url]


def feed_entries(site: Path, lang: str) -> list[str]:
    """The address of each entry of a language's feed."""
    atom = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(site / PREFIX[lang] / "feed.xml").getroot()
    return [link.get("href", "") for link in root.findall("a:entry/a:link", atom)]


def test_the_preview_shows_a_draft_translation_with_its_banner(preview: Path) -> None:
    kind, text = banner(preview, "de", DRAFT_TRANSLATION)
    assert kind == "draft"
    assert as_written(text) == word("de", "draft")
    doc = LexborHTMLParser(
        page_path(preview, "de", f"artikelen/{DRAFT_TRANSLATION}").read_text("utf-8")
    )
    assert doc.css_first('[data-wv-notice="untranslated"]') is None


def banner(site: Path, lang: str, slug: str) -> tuple[str, str]:
    doc = LexborHTMLParser(page_path(site, lang, f"artikelen/{slug}").read_text("utf-8"))
    node = doc.css_first(".md-banner [data-wv-publishing]")
    assert node is not None, (lang, slug)
    return node.attributes["data-wv-publishing"] or "", node.text().strip()


def test_preview_shows_drafts_with_a_banner_in_the_page_language(preview: Path) -> None:
    kinds = {lang: banner(preview, lang, "een-concept") for lang in LANGUAGES}
    assert {kind for kind, _ in kinds.values()} == {"draft"}
    assert {lang: as_written(text) for lang, (_, text) in kinds.items()} == {
        lang: word(lang, "draft") for lang in LANGUAGES
    }
    assert kinds["nl"][1].startswith("Concept")


def test_preview_shows_the_date_of_a_scheduled_post(preview: Path) -> None:
    kind, text = banner(preview, "en", "later-stuk")
    assert kind == "scheduled"
    assert "1 January 2999" in text


def test_preview_keeps_unpublished_pages_out_of_the_search(preview: Path) -> None:
    doc = LexborHTMLParser(page_path(preview, "nl", "artikelen/een-concept").read_text("utf-8"))
    assert doc.css_first("[data-pagefind-body]") is None


def test_published_pages_have_no_banner(preview: Path, site: Path) -> None:
    for built in (preview, site):
        slug = "waarom-verkopen-geen-hardloopwedstrijd-is"
        text = page_path(built, "nl", f"artikelen/{slug}").read_text("utf-8")
        assert "data-wv-publishing" not in text


def test_only_the_preview_search_warns_that_it_may_lag(preview: Path, site: Path) -> None:
    slug = "waarom-verkopen-geen-hardloopwedstrijd-is"
    assert "wv-search__preview" in page_path(preview, "en", f"artikelen/{slug}").read_text("utf-8")
    assert "wv-search__preview" not in page_path(site, "en", f"artikelen/{slug}").read_text("utf-8")


def test_a_scheduled_post_appears_on_its_day(
    unpublished_docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLISH_TODAY", "2999-01-01")
    site = build_into(tmp_path / "site", unpublished_docs, None)
    assert page_path(site, "nl", "artikelen/later-stuk").exists()
    assert not page_path(site, "nl", "artikelen/een-concept").exists()
