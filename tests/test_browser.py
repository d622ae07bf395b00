"""What a reader sees in Chromium, for every language, against the built site on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    LANGUAGES,
    PREFIX,
    REPORT_CSP_VIOLATIONS,
    STALE,
    UNTRANSLATED,
    free_port,
    require_chromium,
    serving,
)

pytestmark = pytest.mark.browser

ARTICLE = "artikelen/waarom-verkopen-geen-hardloopwedstrijd-is/"
# A word spelled the same in the four languages of the real articles, and per language a
# query with an inflected form the articles contain.
SHARED_WORD = "restaurant"
INFLECTED = {
    "nl": ("klant", "klanten"),
    "en": ("customer", "customers"),
    "de": ("Kunde", "Kunden"),
    "fr": ("client", "clients"),
}
NOTICE_WORDS = {"untranslated": "noch nicht übersetzt", "outdated": "has changed"}


@pytest.fixture(scope="module")
def base_url(variant_docs: Path, site_builder: Callable[..., Path]) -> Iterator[str]:
    require_chromium()
    # The site is built for the address it is served at, so it needs the port first.
    port = free_port()
    site = site_builder(variant_docs, site_url=f"http://127.0.0.1:{port}/")
    with serving(site, port) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url: str) -> Iterator[object]:
    """A fresh page that records anything leaving 127.0.0.1, any 4xx/5xx, console errors and
    Content-Security-Policy violations."""
    context = browser.new_context()
    problems: list[str] = []
    context.expose_function("reportCspViolation", lambda text: problems.append(f"CSP: {text}"))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    tab = context.new_page()
    tab.on(
        "request",
        lambda r: (
            problems.append(f"off-site: {r.url}")
            if not r.url.startswith((base_url, "data:"))
            else None
        ),
    )
    tab.on(
        "response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    tab.on(
        "console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None
    )
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    yield tab
    tab.wait_for_timeout(200)
    context.close()
    assert problems == []


# Pagefind shows a placeholder for each result first and fills in its link and excerpt when
# that result's data has loaded, one by one: wait until every result shown is filled in.
RESULTS_LOADED = """() => {
  const results = [...document.querySelectorAll(".pagefind-ui__result")];
  return results.length > 0 && results.every(result =>
    result.querySelector("a.pagefind-ui__result-link[href]")
    && !result.querySelector(".pagefind-ui__loading"));
}"""


def search(page, query: str) -> list[str]:
    page.keyboard.press("/")
    field = page.locator(".pagefind-ui__search-input")
    field.wait_for()
    field.fill(query)
    page.wait_for_function(RESULTS_LOADED)
    return page.locator("a.pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.href)"
    )


def in_language(url: str, base_url: str, lang: str) -> bool:
    path = url.removeprefix(base_url)
    others = [PREFIX[o] for o in LANGUAGES if o != lang and PREFIX[o]]
    return path.startswith(PREFIX[lang]) and not any(path.startswith(p) for p in others)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_returns_only_this_language(page, base_url: str, lang: str) -> None:
    page.goto(base_url + PREFIX[lang] + ARTICLE)
    results = search(page, SHARED_WORD)
    assert results
    assert [url for url in results if not in_language(url, base_url, lang)] == []
    assert page.locator(".pagefind-ui__result mark").count() > 0


@pytest.mark.parametrize("lang", sorted(INFLECTED))
def test_search_finds_inflected_forms(page, base_url: str, lang: str) -> None:
    query, inflected = INFLECTED[lang]
    page.goto(base_url + PREFIX[lang] + ARTICLE)
    search(page, query)
    exact = re.compile(rf"^\W*{inflected}\W*$", re.IGNORECASE)
    page.locator(".pagefind-ui__result mark", has_text=exact).first.wait_for()


def test_search_button_opens_the_dialog(page, base_url: str) -> None:
    page.goto(base_url + ARTICLE)
    page.locator("[data-wv-search-open]").first.click()
    assert page.locator("dialog[data-wv-search]").evaluate("d => d.open")
    page.keyboard.press("Escape")
    assert not page.locator("dialog[data-wv-search]").evaluate("d => d.open")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_keeps_the_article(page, base_url: str, lang: str) -> None:
    for target in LANGUAGES:
        if target == lang:
            continue
        page.goto(base_url + PREFIX[lang] + ARTICLE)
        page.locator("[data-wv-language-button]").click()
        page.locator(f'a.md-select__link[hreflang="{target}"]').click()
        page.wait_for_url(base_url + PREFIX[target] + ARTICLE)
        assert page.locator("html").get_attribute("lang") == target


@pytest.mark.parametrize("lang", LANGUAGES)
def test_read_also_cards_lead_to_their_article(page, base_url: str, lang: str) -> None:
    page.goto(base_url + PREFIX[lang] + ARTICLE)
    count = page.locator("aside.wv-related a").count()
    assert count == 3
    for index in range(count):
        page.goto(base_url + PREFIX[lang] + ARTICLE)
        card = page.locator("aside.wv-related a").nth(index)
        title = card.locator(".wv-related__title").inner_text().strip()
        card.focus()
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        assert page.locator("article h1").inner_text().rstrip("¶").strip() == title
        assert in_language(page.url, base_url, lang)


def test_untranslated_notice(page, base_url: str) -> None:
    slug, lang = UNTRANSLATED
    page.goto(f"{base_url}{PREFIX[lang]}artikelen/{slug}/")
    notice = page.locator('[data-wv-notice="untranslated"]')
    assert notice.is_visible()
    assert NOTICE_WORDS["untranslated"] in notice.inner_text()
    notice.locator("a").click()
    page.wait_for_url(f"{base_url}artikelen/{slug}/")


def test_outdated_notice(page, base_url: str) -> None:
    page.goto(f"{base_url}en/artikelen/{STALE}/")
    notice = page.locator('[data-wv-notice="outdated"]')
    assert notice.is_visible()
    assert NOTICE_WORDS["outdated"] in notice.inner_text()
    page.goto(f"{base_url}en/{ARTICLE}")
    assert page.locator("[data-wv-notice]").count() == 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_load_cleanly(page, base_url: str, lang: str) -> None:
    for path in ("", ARTICLE, "tags/", "404.html"):
        page.goto(base_url + PREFIX[lang] + path)
        page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_link_leads_to_the_language_feed(page, base_url: str, lang: str) -> None:
    import feedparser

    page.goto(base_url + PREFIX[lang] + ARTICLE)
    link = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert link.count() == 1
    response = page.goto(link.evaluate("l => l.href"))
    assert response is not None and response.ok
    feed = feedparser.parse(response.body())
    assert not feed.bozo
    assert feed.feed.language == lang
    assert base_url + PREFIX[lang] + ARTICLE in [entry.link for entry in feed.entries]
