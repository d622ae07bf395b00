"""The Atom feed of each language, read as a feed reader reads it, and checked against the site."""

from __future__ import annotations

import datetime
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from conftest import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    PREFIX,
    REPO,
    SITE,
    article_slugs,
    as_written,
    site_name,
    word,
)
from winkelvloer.render.feeds import feed_html
from winkelvloer.render.seo_data import date_modified

SITE_URL = "https://feeds.example.org/sub/"
FALLBACK = ("nieuwe-klanten-werven", "de")
# A translation changed after it was published: its front matter gains `updated`.
UPDATED = ("waarom-je-restaurant-leeg-is", "en")
UPDATED_AFTER = datetime.timedelta(days=9)
DRAFT, SCHEDULED = "een-concept", "staat-gepland"


def site_names() -> dict[str, str]:
    return {lang: site_name(lang) for lang in LANGUAGES}


def front_matter(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def write_article(docs: Path, name: str, title: str, day: datetime.date, **extra: object) -> None:
    """A valid article in the language its file name says, with one tag and the closing."""
    lang = name.split(".")[-2] if name.count(".") == 2 else DEFAULT_LANGUAGE
    language = SITE.by_locale[lang]
    meta = {
        "title": title,
        "description": f"Over {title}: een artikel van deze test, {'zo lang als nodig, ' * 3}.",
        "date": day,
        "tags": [language.tag_of_key["verkoop"]],
        "author": word(lang, "author"),
        **extra,
    }
    closing = word(lang, "closing_section")
    body = f"# {title}\n\nTekst.\n\n## {closing}\n\nTekst.\n"
    text = f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\n{body}"
    (docs / "artikelen" / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def feed_site(tmp_path_factory: pytest.TempPathFactory, site_builder: Callable[..., Path]) -> Path:
    """The real content plus an untranslated page, a draft and an article scheduled for later,
    each of the last two with an English translation dated in the past."""
    docs = Path(shutil.copytree(REPO / "docs", tmp_path_factory.mktemp("feeds") / "docs"))
    slug, lang = FALLBACK
    (docs / "artikelen" / f"{slug}.{lang}.md").unlink()
    slug, lang = UPDATED
    changed = docs / "artikelen" / f"{slug}.{lang}.md"
    published = front_matter(changed)["date"]
    text = changed.read_text(encoding="utf-8")
    date_line = f"\ndate: {published.isoformat()}\n"
    assert date_line in text
    updated_line = f"\nupdated: {(published + UPDATED_AFTER).isoformat()}\n"
    changed.write_text(text.replace(date_line, date_line + updated_line[1:], 1), encoding="utf-8")
    today = datetime.date.today()
    past = today - datetime.timedelta(days=3)
    write_article(docs, f"{DRAFT}.md", "Een concept", past, draft=True)
    write_article(docs, f"{DRAFT}.en.md", "A draft", past)
    write_article(docs, f"{SCHEDULED}.md", "Staat gepland", today + datetime.timedelta(days=30))
    write_article(docs, f"{SCHEDULED}.en.md", "Scheduled", past)
    return site_builder(docs, site_url=SITE_URL)


def read_feed(site: Path, lang: str) -> Any:
    path = site / PREFIX[lang] / "feed.xml"
    assert path.is_file(), f"no feed at {path.relative_to(site)}"
    return feedparser.parse(path.read_bytes())


def page_of(site: Path, url: str) -> LexborHTMLParser:
    assert url.startswith(SITE_URL), url
    path = site / url.removeprefix(SITE_URL) / "index.html"
    assert path.is_file(), f"{url} is not a page of the site"
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def expected_articles(lang: str) -> set[str]:
    """Published articles written in `lang`, from the Markdown (not from the build)."""
    today = datetime.date.today()
    found = set()
    for slug in article_slugs():
        source = front_matter(REPO / "docs" / "artikelen" / f"{slug}.md")
        if source.get("draft") or source["date"] > today or (slug, lang) == FALLBACK:
            continue
        suffix = "" if lang == DEFAULT_LANGUAGE else f".{lang}"
        if (REPO / "docs" / "artikelen" / f"{slug}{suffix}.md").is_file():
            found.add(f"{SITE_URL}{PREFIX[lang]}artikelen/{slug}/")
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_is_valid_atom_named_after_the_language_site(feed_site: Path, lang: str) -> None:
    feed = read_feed(feed_site, lang)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == site_names()[lang]
    assert feed.feed.language == lang
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == f"{SITE_URL}{PREFIX[lang]}feed.xml"
    assert links["alternate"] == f"{SITE_URL}{PREFIX[lang]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_lists_exactly_the_published_articles_of_its_language(
    feed_site: Path, lang: str
) -> None:
    entries = read_feed(feed_site, lang).entries
    links = [entry.link for entry in entries]
    assert len(links) == len(set(links))
    assert set(links) == expected_articles(lang)
    assert not [link for link in links if DRAFT in link or SCHEDULED in link]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entries_are_newest_first(feed_site: Path, lang: str) -> None:
    published = [entry.published_parsed for entry in read_feed(feed_site, lang).entries]
    assert published == sorted(published, reverse=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_entry_matches_its_page(feed_site: Path, lang: str) -> None:
    for entry in read_feed(feed_site, lang).entries:
        page = page_of(feed_site, entry.link)
        assert page.css_first("html").attributes["lang"] == lang
        assert entry.title == page.css_first("article h1").text(deep=False).strip()
        assert entry.summary == page.css_first('meta[name="description"]').attributes["content"]
        assert entry.author == page.css_first('meta[name="author"]').attributes["content"]
        byline_date = page.css_first(".wv-byline time").attributes["datetime"]
        assert entry.published.startswith(byline_date)
        assert entry.id == entry.link


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entry_content_is_the_article_text_with_absolute_links(feed_site: Path, lang: str) -> None:
    for entry in read_feed(feed_site, lang).entries:
        page = page_of(feed_site, entry.link)
        (content,) = entry.content
        assert content.type == "text/html"
        body = LexborHTMLParser(content.value)
        first_paragraph = page.css_first("article p:not(.wv-byline)").text(strip=True)
        assert first_paragraph in body.text(strip=True)
        assert body.css_first("h1") is None  # the title is the entry's, not repeated
        for node in body.css("[href], [src]"):
            url = node.attributes.get("href") or node.attributes.get("src") or ""
            assert urlsplit(url).scheme == "https", url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entry_content_starts_with_the_text_not_the_contents_list(
    feed_site: Path, lang: str
) -> None:
    """The page's contents list links into the page; a feed reader shows the entry whole."""
    contents = as_written(word(lang, "contents"))
    for entry in read_feed(feed_site, lang).entries:
        page = page_of(feed_site, entry.link)
        assert page.css_first("details summary") is not None, entry.link  # the page has one
        body = LexborHTMLParser(entry.content[0].value).body
        assert body is not None
        first = next(body.iter(), None)
        assert first is not None and first.tag == "p", entry.link
        summaries = [as_written(node.text(strip=True)) for node in body.css("summary")]
        assert contents not in summaries, entry.link


def test_updated_is_the_modification_date_of_entry_and_page(feed_site: Path) -> None:
    slug, lang = UPDATED
    source = front_matter(REPO / "docs" / "artikelen" / f"{slug}.{lang}.md")
    published, updated = source["date"], source["date"] + UPDATED_AFTER
    (entry,) = [e for e in read_feed(feed_site, lang).entries if f"/artikelen/{slug}/" in e.link]
    assert entry.published.startswith(published.isoformat())
    assert entry.updated.startswith(updated.isoformat())
    page = page_of(feed_site, entry.link)
    modified = page.css_first('meta[property="article:modified_time"]').attributes["content"]
    data = json.loads(page.css_first('script[type="application/ld+json"]').text())
    assert data["datePublished"] == published.isoformat()
    assert data["dateModified"] == modified == updated.isoformat()


def test_an_updated_date_before_the_publication_date_is_not_a_change() -> None:
    published = datetime.date(2026, 10, 5)
    assert date_modified(published, datetime.date(2026, 10, 12)) == datetime.date(2026, 10, 12)
    assert date_modified(published, datetime.date(2026, 10, 1)) == published
    assert date_modified(published, None) == published


def test_content_is_sanitized_and_absolute() -> None:
    html = (
        '<h1 id="t">Titel</h1><p class="wv-byline">1 januari</p>'
        '<p onclick="x()">Tekst <a href="../b/#s">B</a> <img src="img.png" onerror="x()"></p>'
        '<script>alert(1)</script><iframe src="https://evil.example/"></iframe>'
        '<a href="javascript:alert(1)">j</a>'
        '<h2 id="s">Kop<a class="headerlink" href="#s">¶</a></h2>'
    )
    cleaned = LexborHTMLParser(feed_html(html, "https://x.example/a/p/"))
    assert cleaned.css_first("h1") is None
    assert cleaned.css_first(".wv-byline, script, iframe, [onclick], [onerror]") is None
    assert "¶" not in cleaned.text()
    hrefs = [a.attributes.get("href") for a in cleaned.css("a")]
    assert hrefs[0] == "https://x.example/a/b/#s"
    assert not any(href and href.startswith("javascript:") for href in hrefs)
    assert cleaned.css_first("img").attributes["src"] == "https://x.example/a/p/img.png"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_links_its_language_feed(feed_site: Path, lang: str) -> None:
    folder = feed_site / PREFIX[lang] if PREFIX[lang] else feed_site
    pages = [folder / "index.html", folder / "404.html", *folder.glob("artikelen/*/index.html")]
    for path in pages:
        head = LexborHTMLParser(path.read_text(encoding="utf-8")).head
        links = head.css('link[rel="alternate"][type="application/atom+xml"]')
        hrefs = [link.attributes["href"] for link in links]
        assert hrefs == [f"{SITE_URL}{PREFIX[lang]}feed.xml"], path
        assert links[0].attributes["title"] == site_names()[lang]
