"""hreflang, sitemap, 404s, notices, metadata and search indexes, as built."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

import conftest
from conftest import (
    CONFIG,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    PREFIX,
    SITE,
    STALE,
    TRANSLATED_LANGUAGES,
    article_slugs,
    as_written,
    attribute,
    page_path,
    parse,
    read_also_targets,
    word,
)
from winkelvloer.site.config import load_site_info

SITE_URL = "https://example.org/winkelvloer/"
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}
UNTRANSLATED, UNTRANSLATED_LANG = conftest.UNTRANSLATED


def hreflang(doc: LexborHTMLParser) -> dict[str, str]:
    return {
        attribute(link, "hreflang"): attribute(link, "href")
        for link in doc.css('head link[rel="alternate"][hreflang]')
    }


def url_to_file(site: Path, url: str) -> Path:
    path = urlsplit(url).path.removeprefix(urlsplit(SITE_URL).path)
    return site / path / "index.html"


@pytest.fixture(scope="module")
def variant(variant_docs: Path, site_builder: Callable[..., Path]) -> Path:
    return site_builder(variant_docs, site_url=SITE_URL)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hreflang_is_absolute_reciprocal_with_x_default(variant: Path, lang: str) -> None:
    for slug in article_slugs():
        page = page_path(variant, lang, f"artikelen/{slug}")
        links = hreflang(parse(page))
        if slug == UNTRANSLATED and lang == UNTRANSLATED_LANG:
            assert links == {}
            continue
        assert all(href.startswith(SITE_URL) for href in links.values()), links
        assert links["x-default"] == links[DEFAULT_LANGUAGE]
        expected = set(LANGUAGES) - ({UNTRANSLATED_LANG} if slug == UNTRANSLATED else set())
        assert set(links) - {"x-default"} == expected
        assert url_to_file(variant, links[lang]) == page
        for other, href in links.items():
            assert hreflang(parse(url_to_file(variant, href))) == links, (page, other)


def test_sitemap_alternates_agree_with_the_head(variant: Path) -> None:
    root = ET.parse(variant / "sitemap.xml").getroot()
    entries = root.findall("s:url", SITEMAP_NS)
    assert entries
    locs = set()
    for entry in entries:
        loc = entry.findtext("s:loc", namespaces=SITEMAP_NS)
        assert loc is not None
        locs.add(loc)
        page = url_to_file(variant, loc)
        assert page.is_file(), loc
        alternates = {
            link.get("hreflang"): link.get("href") for link in entry.findall("x:link", SITEMAP_NS)
        }
        assert alternates == hreflang(parse(page)), loc
    assert f"{SITE_URL}de/artikelen/{UNTRANSLATED}/" not in locs
    assert f"{SITE_URL}en/artikelen/{UNTRANSLATED}/" in locs


def test_untranslated_page_is_honest(variant: Path, variant_docs: Path) -> None:
    page = page_path(variant, "de", f"artikelen/{UNTRANSLATED}")
    doc = parse(page)
    notice = doc.css_first('[data-wv-notice="untranslated"]')
    assert notice is not None
    assert "noch nicht übersetzt" in notice.text()
    link = attribute(notice.css_first("a"), "href")
    assert (page.parent / link).resolve() == page_path(
        variant, "nl", f"artikelen/{UNTRANSLATED}"
    ).parent.resolve()
    assert doc.css_first("html").attributes["lang"] == "de"
    assert doc.css_first('div[lang="nl"] h1') is not None
    assert doc.css_first('meta[name="robots"]').attributes["content"].startswith("noindex")
    canonical = doc.css_first('link[rel="canonical"]').attributes["href"]
    assert canonical == f"{SITE_URL}artikelen/{UNTRANSLATED}/"
    assert doc.css_first("[data-pagefind-body]") is None
    cards = doc.css("aside.wv-related")
    assert len(cards) == len(read_also_targets(variant_docs, f"artikelen/{UNTRANSLATED}.md"))
    assert {card.attributes["lang"] for card in cards} == {"de"}
    assert {card.css_first(".wv-related__label").text() for card in cards} == {"Lies auch"}


def test_translated_pages_have_no_notice(variant: Path) -> None:
    doc = parse(page_path(variant, "de", "artikelen/waarom-verkopen-geen-hardloopwedstrijd-is"))
    assert doc.css_first("[data-wv-notice]") is None
    assert doc.css_first('meta[name="robots"]') is None


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_outdated_translation_says_so_in_its_language(variant: Path, lang: str) -> None:
    doc = parse(page_path(variant, lang, f"artikelen/{STALE}"))
    notice = doc.css_first('[data-wv-notice="outdated"]')
    assert notice is not None
    assert word(lang, "outdated") in as_written(notice.text())
    assert notice.css_first("a").attributes["hreflang"] == DEFAULT_LANGUAGE


def test_real_content_has_no_outdated_notice(site: Path) -> None:
    for lang in LANGUAGES:
        for slug in article_slugs():
            doc = parse(page_path(site, lang, f"artikelen/{slug}"))
            assert doc.css_first("[data-wv-notice]") is None, (lang, slug)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_404_page_per_language(site: Path, lang: str) -> None:
    path = site / PREFIX[lang] / "404.html"
    doc = parse(path)
    assert doc.css_first("html").attributes["lang"] == lang
    home = doc.css_first("a.md-button--primary").attributes["href"]
    assert home.rstrip("/").endswith("" if lang == DEFAULT_LANGUAGE else f"/{lang}")
    assert doc.css_first("button[data-wv-search-open]") is not None


def test_no_page_refers_to_another_host_for_what_it_loads(site: Path) -> None:
    for html in site.rglob("*.html"):
        doc = parse(html)
        for node in doc.css("link[href], script[src], img[src]"):
            url = node.attributes.get("href") or node.attributes.get("src") or ""
            rel = node.attributes.get("rel") or ""
            if rel in ("canonical", "alternate"):
                continue
            assert not url.startswith(("http:", "https:", "//")), (html, url)


def head_meta(doc: LexborHTMLParser) -> dict[str, str]:
    """The first content of each meta property or name in <head>."""
    found: dict[str, str] = {}
    for node in doc.css("head meta[property], head meta[name]"):
        key = node.attributes.get("property") or node.attributes.get("name") or ""
        found.setdefault(key, node.attributes.get("content") or "")
    return found


def json_ld(doc: LexborHTMLParser) -> dict[str, Any]:
    (script,) = doc.css('script[type="application/ld+json"]')
    data = json.loads(script.text())
    assert isinstance(data, dict)
    return data


def home_url(lang: str, site_url: str) -> str:
    return f"{site_url}{PREFIX[lang]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_article_metadata(site: Path, lang: str) -> None:
    doc = parse(page_path(site, lang, "artikelen/waarom-verkopen-geen-hardloopwedstrijd-is"))
    title = doc.css_first("article h1").text().rstrip("¶").strip()
    meta = {
        m.attributes.get("property") or m.attributes.get("name"): m.attributes.get("content")
        for m in doc.css("head meta")
    }
    assert meta["description"]
    assert meta["og:title"] == title
    assert meta["og:description"] == meta["description"]
    assert meta["og:type"] == "article"
    assert meta["twitter:card"] == "summary_large_image"
    data = json.loads(doc.css_first('script[type="application/ld+json"]').text())
    assert data["@type"] == "Article"
    assert data["headline"] == title
    assert data["inLanguage"] == lang
    related = data.get("workTranslation") or [data.get("translationOfWork")]
    others = {other for other in LANGUAGES if other != lang}
    source = {DEFAULT_LANGUAGE}
    assert {r["inLanguage"] for r in related} == (others if lang == DEFAULT_LANGUAGE else source)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_article_shares_its_card_dates_and_publisher_in_its_language(site: Path, lang: str) -> None:
    """Search engines and link previews get one story, in the article's language."""
    site_url = load_site_info(CONFIG).site_url
    for slug in article_slugs():
        doc = parse(page_path(site, lang, f"artikelen/{slug}"))
        meta, data = head_meta(doc), json_ld(doc)
        canonical = attribute(doc.css_first('link[rel="canonical"]'), "href")
        published = attribute(doc.css_first(".wv-byline time"), "datetime")
        assert data["url"] == data["mainEntityOfPage"] == meta["og:url"] == canonical
        assert data["image"] == meta["og:image"] == meta["twitter:image"]
        assert data["image"].startswith(site_url)
        assert data["datePublished"] == meta["article:published_time"] == published
        assert data["dateModified"] == meta["article:modified_time"]
        assert data["dateModified"] >= data["datePublished"]
        assert data["inLanguage"] == lang == attribute(doc.css_first("html"), "lang")
        assert data["publisher"] == {
            "@type": "Organization",
            "name": conftest.site_name(lang),
            "url": home_url(lang, site_url),
        }
        assert meta["og:site_name"] == conftest.site_name(lang)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("url_path", ["", "tags"])
def test_home_and_tags_pages_describe_the_site_in_their_language(
    site: Path, lang: str, url_path: str
) -> None:
    site_url = load_site_info(CONFIG).site_url
    doc = parse(page_path(site, lang, url_path))
    data = json_ld(doc)
    website = data if url_path == "" else data["isPartOf"]
    assert website["@type"] == "WebSite"
    assert website["name"] == conftest.site_name(lang)
    assert website["url"] == home_url(lang, site_url)
    assert website["inLanguage"] == data["inLanguage"] == lang
    assert "potentialAction" not in website  # the search has no URL a search engine could use
    canonical = attribute(doc.css_first('link[rel="canonical"]'), "href")
    assert data["url"] == head_meta(doc)["og:url"] == canonical
    assert head_meta(doc)["og:site_name"] == conftest.site_name(lang)


def test_untranslated_page_describes_its_source(variant: Path) -> None:
    """A fallback is a copy of its Dutch source: its metadata speak of the source, in Dutch."""
    doc = parse(page_path(variant, UNTRANSLATED_LANG, f"artikelen/{UNTRANSLATED}"))
    source = parse(page_path(variant, DEFAULT_LANGUAGE, f"artikelen/{UNTRANSLATED}"))
    meta, data = head_meta(doc), json_ld(doc)
    assert data["inLanguage"] == DEFAULT_LANGUAGE
    assert data["url"] == f"{SITE_URL}artikelen/{UNTRANSLATED}/"
    assert data["publisher"]["url"] == SITE_URL
    assert data["publisher"]["name"] == meta["og:site_name"] == conftest.site_name(DEFAULT_LANGUAGE)
    assert meta["og:locale"] == SITE.by_locale[DEFAULT_LANGUAGE].og_locale
    assert meta["og:image"] == head_meta(source)["og:image"]


def test_no_tags_json_of_one_language(site: Path) -> None:
    """Material's tags export would leave the last-built language's tags at the root."""
    assert list(site.rglob("tags.json")) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_404_page_is_not_indexed(site: Path, lang: str) -> None:
    doc = parse(site / PREFIX[lang] / "404.html")
    robots = attribute(doc.css_first('head meta[name="robots"]'), "content")
    assert "noindex" in robots.replace(" ", "").split(",")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_graph_locale_is_the_languages_date_locale(site: Path, lang: str) -> None:
    doc = parse(page_path(site, lang, "artikelen/waarom-verkopen-geen-hardloopwedstrijd-is"))
    locale = doc.css_first('meta[property="og:locale"]').attributes["content"]
    alternates = {m.attributes["content"] for m in doc.css('meta[property="og:locale:alternate"]')}
    og_locales = {code: SITE.by_locale[code].date_locale for code in LANGUAGES}
    assert locale == og_locales[lang]
    assert alternates == {og_locales[code] for code in LANGUAGES if code != lang}


def test_open_graph_locales_of_the_owners_languages() -> None:
    """Open Graph wants language_TERRITORY: British English, and the languages' home countries."""
    expected = {"nl": "nl_NL", "en": "en_GB", "de": "de_DE", "fr": "fr_FR"}
    assert {code: SITE.by_locale[code].og_locale for code in expected} == expected


def test_search_index_per_language_without_fallbacks(variant: Path) -> None:
    counts = {}
    for lang in LANGUAGES:
        bundle = variant / PREFIX[lang] / "pagefind" / "pagefind-entry.json"
        entry = json.loads(bundle.read_text(encoding="utf-8"))
        counts[lang] = {code: info["page_count"] for code, info in entry["languages"].items()}
    articles = len(article_slugs())
    assert counts == {lang: {lang: articles - (lang == UNTRANSLATED_LANG)} for lang in LANGUAGES}


# Pagefind's fragment files: gzip of this marker followed by the page's record as JSON.
PAGEFIND_MARKER = b"pagefind_dcd"


def indexed_text(site: Path, lang: str) -> dict[str, str]:
    """The text Pagefind keeps of each page in a language's index, by the page's path."""
    texts = {}
    for fragment in (site / PREFIX[lang] / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(PAGEFIND_MARKER), fragment
        record = json.loads(data.removeprefix(PAGEFIND_MARKER))
        texts[record["url"]] = " ".join(record["content"].split())
    return texts


def words_of(node: LexborNode | None, deep: bool = True) -> str:
    assert node is not None
    return " ".join(node.text(deep=deep, separator=" ").split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_index_leaves_out_the_contents_list_and_tags(variant: Path, lang: str) -> None:
    """The contents list repeats the headings and the tags sit above the title: indexed, they
    would show up in excerpts as text the article does not have there."""
    texts = indexed_text(variant, lang)
    for slug in article_slugs():
        doc = parse(page_path(variant, lang, f"artikelen/{slug}"))
        if doc.css_first("[data-pagefind-body]") is None:  # not a translation: not indexed
            continue
        text = texts[f"/artikelen/{slug}/"]
        contents = doc.css_first(".wv-toc")
        summary, first = words_of(contents.css_first("summary")), words_of(contents.css_first("li"))
        assert f"{summary} {first}" not in text, slug
        assert words_of(doc.css_first(".md-tags")) not in text, slug
        assert words_of(doc.css_first("[data-pagefind-body] h1"), deep=False) in text, slug


def test_root_404_carries_every_languages_message(site: Path) -> None:
    """GitHub Pages serves the root 404.html for any missing address: it holds each
    language's message, its own shown, the others hidden and marked with their language,
    and the script that picks one by the address (the browser test follows it there)."""
    doc = parse(site / "404.html")
    messages = {attribute(m, "data-wv-not-found"): m for m in doc.css("[data-wv-not-found]")}
    assert list(messages) == list(LANGUAGES)
    for lang, message in messages.items():
        own = lang == DEFAULT_LANGUAGE
        assert ("hidden" in message.attributes) is not own, lang
        assert message.attributes.get("lang") == (None if own else lang)
        h1 = message.css_first("h1")
        assert h1 is not None and as_written(h1.text()) == word(lang, "not_found_title")
        home = attribute(message.css_first("a.md-button--primary"), "href")
        assert home.rstrip("/").endswith("" if own else f"/{lang}")
        assert as_written(attribute(message, "data-title")).startswith(
            word(lang, "not_found_title")
        )
    assert [s.attributes.get("src", "") for s in doc.css('script[src$="not-found.js"]')]


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_other_404_pages_carry_their_own_message_only(site: Path, lang: str) -> None:
    doc = parse(site / PREFIX[lang] / "404.html")
    assert [attribute(m, "data-wv-not-found") for m in doc.css("[data-wv-not-found]")] == [lang]
    assert doc.css('script[src$="not-found.js"]') == []


def test_not_found_messages_follow_the_languages_of_the_config() -> None:
    from winkelvloer.render.not_found import not_found_messages

    root = not_found_messages(SITE, DEFAULT_LANGUAGE)
    assert [m.lang for m in root] == list(LANGUAGES)
    assert [m.folder for m in root] == [PREFIX[lang] for lang in LANGUAGES]
    assert [m.lang for m in not_found_messages(SITE, TRANSLATED_LANGUAGES[0])] == [
        TRANSLATED_LANGUAGES[0]
    ]
    french = next(m for m in root if m.lang == "fr")
    # Typeset as the French pages are: no-break space before a colon, curly apostrophes.
    assert "'" not in french.text and "\u2019" in french.text
