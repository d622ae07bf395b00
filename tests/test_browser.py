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
    word,
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


DIALOG = "dialog[data-wv-search]"
FIELD = "[data-wv-search-input]"
RESULT_LINKS = ".wv-search__result a[href]"
STATUS = "[data-wv-search-status]"
# The article each language's search for SHARED_WORD must find: the word is in its title.
RESTAURANT_ARTICLE = "artikelen/waarom-je-restaurant-leeg-is/"


def search(page, query: str) -> list[str]:
    """Open the dialog with Ctrl+K, type the query, and wait until its results are shown."""
    page.keyboard.press("Control+k")
    field = page.locator(FIELD)
    field.wait_for()
    field.fill("")
    field.press_sequentially(query)
    page.locator(RESULT_LINKS).first.wait_for()
    return page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")


# The status region's text as mkdocs.yml writes it (conftest.as_written) equals the argument.
STATUS_READS = """expected => {
  const text = document.querySelector("[data-wv-search-status]").textContent;
  return text.replace(/\u2019/g, "'").replace(/[\u00a0\u202f]/g, " ") === expected;
}"""


def in_language(url: str, base_url: str, lang: str) -> bool:
    path = url.removeprefix(base_url)
    others = [PREFIX[o] for o in LANGUAGES if o != lang and PREFIX[o]]
    return path.startswith(PREFIX[lang]) and not any(path.startswith(p) for p in others)


def dialog_open(page) -> bool:
    return bool(page.locator(DIALOG).evaluate("d => d.open && d.matches(':modal')"))


def focus_in_dialog(page) -> bool:
    inside = f"document.querySelector('{DIALOG}').contains(document.activeElement)"
    return bool(page.evaluate(inside))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_returns_only_this_language(page, base_url: str, lang: str) -> None:
    page.goto(base_url + PREFIX[lang] + ARTICLE)
    results = search(page, SHARED_WORD)
    assert base_url + PREFIX[lang] + RESTAURANT_ARTICLE in results
    assert [url for url in results if not in_language(url, base_url, lang)] == []
    assert page.locator(".wv-search__result mark").count() > 0


@pytest.mark.parametrize("lang", sorted(INFLECTED))
def test_search_finds_inflected_forms(page, base_url: str, lang: str) -> None:
    query, inflected = INFLECTED[lang]
    page.goto(base_url + PREFIX[lang] + ARTICLE)
    search(page, query)
    exact = re.compile(rf"^\W*{inflected}\W*$", re.IGNORECASE)
    page.locator(".wv-search__result mark", has_text=exact).first.wait_for()


def test_each_result_is_a_titled_link_with_an_excerpt(page, base_url: str) -> None:
    page.goto(base_url + "en/" + ARTICLE)
    search(page, SHARED_WORD)
    link = page.locator(RESULT_LINKS).first
    title = link.inner_text().strip()
    excerpt = page.locator(".wv-search__result").first.locator("p")
    assert excerpt.locator("mark").count() > 0
    assert excerpt.evaluate("p => [...p.children].every(child => child.tagName === 'MARK')")
    link.click()
    page.wait_for_load_state()
    assert page.locator("article h1").inner_text().rstrip("¶").strip() == title


PAGEFIND = """() => {
  const dialog = document.querySelector("dialog[data-wv-search]");
  return import(new URL("pagefind.js", new URL(dialog.dataset.bundle, location.href)));
}"""
# How many pages Pagefind itself finds, and the plural form the page's language gives that number.
PAGEFIND_COUNT = f"""async (query) => {{
  const pagefind = await ({PAGEFIND})();
  const count = (await pagefind.search(query)).results.length;
  return [count, new Intl.PluralRules(document.documentElement.lang).select(count)];
}}"""
# A word of the article that Pagefind finds in it alone (several: in it and others too),
# among its longest words.
WORD_OF_THE_ARTICLE = f"""async (several) => {{
  const pagefind = await ({PAGEFIND})();
  const words = new Set(document.querySelector("article").innerText.split(/[^\\p{{L}}]+/u));
  const longest = [...words].sort((a, b) => b.length - a.length).slice(0, 60);
  for (const word of longest) {{
    if (((await pagefind.search(word)).results.length > 1) === several) return word;
  }}
  return null;
}}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_result_count_is_announced_in_the_page_language(page, base_url: str, lang: str) -> None:
    """The count in the polite status region, in the plural form of the language: for a word
    found in one article, and for one found in several."""
    page.goto(base_url + PREFIX[lang] + RESTAURANT_ARTICLE)
    assert page.locator(STATUS).get_attribute("role") == "status"
    forms = [announced_form(page, lang, SHARED_WORD)]
    for several in (False, True):
        page.keyboard.press("Escape")
        query = page.evaluate(WORD_OF_THE_ARTICLE, several)
        assert query, f"no word of the article is found in {'several' if several else 'one'}"
        forms.append(announced_form(page, lang, query))
    assert forms[1:] == ["one", "other"]


def announced_form(page, lang: str, query: str) -> str:
    """Search in the dialog; the plural form of the count it announces, once it has."""
    search(page, query)
    count, form = page.evaluate(PAGEFIND_COUNT, query)
    expected = word(lang, f"search_results_{form}").replace("{count}", str(count))
    page.wait_for_function(STATUS_READS, arg=expected)
    return str(form)


def test_search_button_opens_the_dialog(page, base_url: str) -> None:
    page.goto(base_url + ARTICLE)
    button = page.locator("[data-wv-search-open]").first
    button.click()
    assert dialog_open(page)
    page.keyboard.press("Escape")
    assert not page.locator(DIALOG).evaluate("d => d.open")


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_no_single_key_opens_the_search(page, base_url: str, key: str) -> None:
    """WCAG 2.1.4: a one-key shortcut cannot be turned off here, so there is none ("/" was
    ours; "s" and "f" are Material's, should its search ever come back)."""
    page.goto(base_url + ARTICLE)
    page.keyboard.press(key)
    page.wait_for_timeout(300)
    assert not page.locator(DIALOG).evaluate("d => d.open")
    assert page.evaluate("document.activeElement === document.body")
    assert page.url == base_url + ARTICLE


@pytest.mark.parametrize("keys", ["Control+k", "Meta+k"])
def test_ctrl_or_cmd_k_opens_the_search_in_its_field(page, base_url: str, keys: str) -> None:
    page.goto(base_url + "de/" + ARTICLE)
    page.keyboard.press(keys)
    assert dialog_open(page)
    page.wait_for_function(f"document.activeElement === document.querySelector('{FIELD}')")


def test_focus_stays_in_the_dialog_and_returns_to_the_button(page, base_url: str) -> None:
    page.goto(base_url + "fr/" + ARTICLE)
    button = page.locator("[data-wv-search-open]").first
    button.focus()
    page.keyboard.press("Enter")
    assert dialog_open(page)
    search_field = page.locator(FIELD)
    search_field.press_sequentially(SHARED_WORD)
    page.locator(RESULT_LINKS).first.wait_for()
    stops = page.locator(f"{DIALOG} :is(a[href], button:not([hidden]), input)").count()
    for key in ("Tab", "Shift+Tab"):
        for _ in range(stops + 2):
            page.keyboard.press(key)
            assert focus_in_dialog(page), f"{key} left the dialog"
    page.keyboard.press("Escape")
    page.wait_for_function("b => document.activeElement === b", arg=button.element_handle())
    assert not page.locator(DIALOG).evaluate("d => d.open")


def test_escape_closes_the_dialog_with_text_in_the_field(page, base_url: str) -> None:
    page.goto(base_url + "en/" + ARTICLE)
    page.keyboard.press("Control+k")
    page.locator(FIELD).press_sequentially(SHARED_WORD)
    page.keyboard.press("Escape")
    page.wait_for_function(f"!document.querySelector('{DIALOG}').open")


def test_clear_button_empties_the_field_and_the_results(page, base_url: str) -> None:
    page.goto(base_url + ARTICLE)
    search(page, SHARED_WORD)
    page.locator("[data-wv-search-clear]").click()
    assert page.locator(FIELD).input_value() == ""
    assert page.locator(RESULT_LINKS).count() == 0
    assert page.evaluate(f"document.activeElement === document.querySelector('{FIELD}')")


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
