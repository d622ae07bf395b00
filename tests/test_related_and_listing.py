"""'Lees ook' cards and the home page listing, in every language of the built site."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    REPO,
    article_slugs,
    attribute,
    page_path,
    parse,
    read_also_targets,
    word,
)
from winkelvloer.render.cards import same_site_path


def resolve(page: Path, href: str) -> Path:
    target = (page.parent / href.split("#")[0]).resolve()
    return target / "index.html" if target.is_dir() else target


def language_of(site: Path, built: Path) -> str:
    first = built.relative_to(site.resolve()).parts[0]
    return first if first in LANGUAGES else DEFAULT_LANGUAGE


def page_title(path: Path) -> str:
    return parse(path).css_first("article h1").text(deep=True).rstrip("¶").strip()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("slug", article_slugs())
def test_every_card_leads_to_its_article_in_the_same_language(
    site: Path, lang: str, slug: str
) -> None:
    page = page_path(site, lang, f"artikelen/{slug}")
    cards = parse(page).css("aside.wv-related")
    assert len(cards) == len(read_also_targets(REPO / "docs", f"artikelen/{slug}.md"))
    for card in cards:
        assert card.css_first(".wv-related__label").text().strip() == word(lang, "read_also")
        target = resolve(page, attribute(card.css_first("a"), "href"))
        assert target.is_file(), target
        assert language_of(site, target) == lang
        assert card.css_first(".wv-related__title").text().strip() == page_title(target)
        assert card.css_first(".wv-related__description").text().strip()
        assert any(ch.isdigit() for ch in card.css_first(".wv-related__meta").text())


def test_owner_article_cards_sit_where_the_owner_put_them(site: Path) -> None:
    doc = parse(page_path(site, "nl", "artikelen/waarom-verkopen-geen-hardloopwedstrijd-is"))
    body = doc.css_first("article")
    order = [
        node.text().strip().rstrip("¶")[:2] if node.tag == "h2" else "card"
        for node in body.css("h2, aside.wv-related")
    ]
    assert order == ["1.", "card", "2.", "3.", "4.", "card", "5.", "6.", "Sl", "card"]


def test_no_lees_ook_line_is_left_unconverted(site: Path) -> None:
    for lang in LANGUAGES:
        for slug in article_slugs():
            doc = parse(page_path(site, lang, f"artikelen/{slug}"))
            texts = [p.text().strip() for p in doc.css("article p")]
            assert not [t for t in texts if t.startswith(word(lang, "read_also"))], (lang, slug)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_lists_every_article_of_its_language_newest_first(site: Path, lang: str) -> None:
    home = page_path(site, lang, "")
    cards = parse(home).css("li.wv-card")
    assert len(cards) == len(article_slugs())
    dates = [date.fromisoformat(attribute(c.css_first("time"), "datetime")) for c in cards]
    assert dates == sorted(dates, reverse=True)
    for card in cards:
        target = resolve(home, attribute(card.css_first("a"), "href"))
        assert language_of(site, target) == lang
        assert card.css_first(".wv-card__title").text().strip() == page_title(target)
        assert card.css_first(".wv-card__description").text().strip()
        assert card.css_first("time").text().strip()


def test_home_dates_are_localized(site: Path) -> None:
    # Sample month names per language, as readers write them (the articles are from October).
    months = {"nl": "oktober", "en": "October", "de": "Oktober", "fr": "octobre"}
    for lang, month in months.items():
        labels = [t.text() for t in parse(page_path(site, lang, "")).css("li.wv-card time")]
        assert any(month in label for label in labels), (lang, labels)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tag_index_lists_the_articles_of_its_language(site: Path, lang: str) -> None:
    tags_page = page_path(site, lang, "tags")
    links = [a.attributes.get("href") or "" for a in parse(tags_page).css("article a")]
    targets = {resolve(tags_page, h) for h in links if "artikelen" in h}
    assert len(targets) == len(article_slugs())
    assert {language_of(site, t) for t in targets} == {lang}


def test_article_links_stay_in_their_language(site: Path) -> None:
    """Only the language switcher and hreflang may cross languages."""
    for lang in LANGUAGES:
        for slug in article_slugs():
            page = page_path(site, lang, f"artikelen/{slug}")
            doc = parse(page)
            for link in doc.css("a[href]"):
                href = attribute(link, "href")
                if "md-select__link" in (link.attributes.get("class") or ""):
                    continue
                if href.startswith(("http", "#", "mailto:")):
                    continue
                target = resolve(page, href)
                if "assets" in target.parts or target.suffix not in ("", ".html"):
                    continue
                assert language_of(site, target) == lang, (page, href)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_cards_are_headed_below_the_listing(site: Path, lang: str) -> None:
    """The listing's heading is an h2, each card's title one level below it."""
    doc = parse(page_path(site, lang, ""))
    heading = doc.css_first(".wv-listing__heading")
    assert heading is not None and heading.tag == "h2"
    titles = doc.css(".wv-card__title")
    assert titles and {title.tag for title in titles} == {"h3"}


# --- A card never lies about where its link goes --------------------------------------------------


@pytest.mark.parametrize(
    ("base", "href", "path"),
    [
        ("artikelen/x/", "../nieuwe-klanten-werven/", "artikelen/nieuwe-klanten-werven/"),
        ("artikelen/x/", "../nieuwe-klanten-werven/#2-vraag", "artikelen/nieuwe-klanten-werven/"),
        ("en/artikelen/x/", "../y/", "en/artikelen/y/"),
        ("", "artikelen/y/", "artikelen/y/"),
        ("artikelen/x/", "../met%20spatie/", "artikelen/met%20spatie/"),
    ],
)
def test_a_relative_link_of_the_site_leads_to_its_page(base: str, href: str, path: str) -> None:
    assert same_site_path(base, href) == path


@pytest.mark.parametrize(
    ("base", "href"),
    [
        # Read as a path, each of these lands on artikelen/nieuwe-klanten-werven/.
        ("over/", "https://evil.example/a/../../../../artikelen/nieuwe-klanten-werven/"),
        ("", "\\\\evil.example/../artikelen/nieuwe-klanten-werven/"),
        ("over/", " //evil.example/../../../artikelen/nieuwe-klanten-werven/"),
        ("over/", "\t//evil.example/../../../artikelen/nieuwe-klanten-werven/"),
        ("artikelen/x/", "%2e%2e/../../nieuwe-klanten-werven/"),
        ("artikelen/x/", "%2E./../../nieuwe-klanten-werven/"),
        # Another host, the host's root or above the site (another site where this one lives
        # under a path), another scheme.
        ("", "//evil.example/artikelen/nieuwe-klanten-werven/"),
        ("artikelen/x/", "/artikelen/nieuwe-klanten-werven/"),
        ("artikelen/x/", "../../../artikelen/nieuwe-klanten-werven/"),
        ("artikelen/x/", "javascript:alert(1)"),
        ("artikelen/x/", "mailto:redactie@example.org"),
    ],
)
def test_a_link_a_browser_could_take_elsewhere_gets_no_card(base: str, href: str) -> None:
    assert same_site_path(base, href) is None


# From a page one folder deep (over/, en/over/), four ".." climb out of "https:/evil.example/a/"
# and the page's folder: read as a path, the link lands on an article of the page's language.
FORGED_CARD = (
    '<aside data-wv-card><a href="https://evil.example/a/../../../../artikelen/'
    'nieuwe-klanten-werven/">elders</a></aside>'
)
# A read-also line right after an HTML block: markdown-it reads it as part of the block.
HIDDEN_READ_ALSO = (
    "<div>\n</div>\nLees ook: [Nieuwe klanten werven](https://evil.example/b/../../../../"
    "artikelen/nieuwe-klanten-werven/)"
)
# In an article (two folders deep), one ".." more; its feed entry carries it too.
ARTICLE_ATTACK = FORGED_CARD.replace("../../../../", "../../../../../")
ATTACKED_ARTICLE = "waarom-je-restaurant-leeg-is"


@pytest.fixture(scope="module")
def forged_cards_site(
    tmp_path_factory: pytest.TempPathFactory, site_builder: Callable[..., Path]
) -> Path:
    """The preview's build (which builds pages the check refuses) of a site with both attacks
    on a page of its own, shown in every language, and the first in an article."""
    docs = Path(shutil.copytree(REPO / "docs", tmp_path_factory.mktemp("docs") / "docs"))
    page = "---\ntitle: Over\ndescription: Over deze site.\n---\n\n# Over\n\n"
    (docs / "over.md").write_text(f"{page}{FORGED_CARD}\n\n{HIDDEN_READ_ALSO}\n", "utf-8")
    article = docs / "artikelen" / f"{ATTACKED_ARTICLE}.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\n## 1.", f"\n{ARTICLE_ATTACK}\n\n## 1.", 1), "utf-8")
    return site_builder(docs, preview=True, strict=False)


def off_site_card_links(html: str) -> list[str]:
    """The links of the cards the site drew (title, description and all) that leave it."""
    links = [attribute(a, "href") for a in LexborHTMLParser(html).css("a.wv-related__link")]
    return [href for href in links if urlsplit(href).scheme or urlsplit(href).netloc]


def evil_link_texts(html: str) -> list[str]:
    doc = LexborHTMLParser(html)
    return [a.text(strip=True) for a in doc.css('a[href^="https://evil.example/"]')]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_card_is_drawn_for_a_link_to_another_site(forged_cards_site: Path, lang: str) -> None:
    html = page_path(forged_cards_site, lang, "over").read_text(encoding="utf-8")
    assert off_site_card_links(html) == []
    # Both links are still there, as the editor wrote them: plain links, not cards.
    assert sorted(evil_link_texts(html)) == ["Nieuwe klanten werven", "elders"]


def test_no_card_for_another_site_in_an_article_or_its_feed(forged_cards_site: Path) -> None:
    article = page_path(forged_cards_site, "nl", f"artikelen/{ATTACKED_ARTICLE}")
    html = article.read_text(encoding="utf-8")
    assert off_site_card_links(html) == []
    assert evil_link_texts(html) == ["elders"]
    feed = LexborHTMLParser((forged_cards_site / "feed.xml").read_text(encoding="utf-8"))
    entries = "".join(node.text() for node in feed.css("entry content"))
    assert evil_link_texts(entries) == ["elders"]
