"""WCAG 2.2 AA in Chromium: axe-core on every built page of every language, in both colour
schemes, at desktop and phone width and with the search dialog open; and what a keyboard
user meets (contents on a phone, nothing focusable that cannot be seen, print)."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from test_browser import CHROMIUM, CHROMIUM_FLAGS, PREFIX, QuietHandler, free_port

from conftest import LANGUAGES

pytestmark = pytest.mark.browser

# Every WCAG 2.0-2.2 level A and AA rule, plus Deque's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")
ARTICLE = "artikelen/waarom-verkopen-geen-hardloopwedstrijd-is/"
SEARCH_QUERY = "restaurant"
# Material moves the contents into the right sidebar from this width (76.25em).
SIDEBAR_WIDTH = 1220


@pytest.fixture(scope="module")
def served(variant_docs: Path, site_builder: Callable[..., Path]) -> Iterator[tuple[str, Path]]:
    """The variant site (one untranslated, one outdated page) on 127.0.0.1, and its folder."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium to run the browser tests"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = site_builder(variant_docs, site_url=url)
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url, site
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def chromium(served: tuple[str, Path]) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def built_pages(site: Path) -> list[str]:
    """Every HTML page a reader can reach, as a path below the site's root."""
    skip = {"assets", "pagefind", "search"}
    return sorted(
        path.relative_to(site).as_posix().removesuffix("index.html")
        for path in site.rglob("*.html")
        if not skip & set(path.relative_to(site).parts)
    )


def open_tab(browser: object, scheme: str, viewport: str) -> object:
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS[viewport])
    context.add_init_script(AXE_SCRIPT)
    return context.new_page()


def violations(tab: object, where: str) -> list[str]:
    result = tab.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{where}: {v['id']} ({v['impact']}) {', '.join(map(str, node['target']))}: "
        f"{node.get('failureSummary', '').splitlines()[-1].strip()}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


def open_search(tab: object, query: str) -> None:
    tab.keyboard.press("/")
    field = tab.locator(".pagefind-ui__search-input")
    field.wait_for()
    field.fill(query)
    tab.locator(".pagefind-ui__result").first.wait_for()
    tab.locator("[data-wv-search-status]:not(:empty)").wait_for(state="attached")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_nothing(chromium, served, scheme: str, viewport: str) -> None:
    base_url, site = served
    pages = built_pages(site)
    assert len(pages) >= 7 * len(LANGUAGES)
    tab = open_tab(chromium, scheme, viewport)
    found: list[str] = []
    for path in pages:
        tab.goto(base_url + path)
        tab.wait_for_load_state("load")
        found += violations(tab, f"/{path} [{scheme}, {viewport}]")
    for lang in LANGUAGES:
        tab.goto(base_url + PREFIX[lang] + ARTICLE)
        open_search(tab, SEARCH_QUERY)
        found += violations(tab, f"/{PREFIX[lang]}{ARTICLE} search open [{scheme}, {viewport}]")
    tab.context.close()
    assert found == []


def test_search_announces_the_result_count_in_the_page_language(chromium, served) -> None:
    base_url, _ = served
    tab = open_tab(chromium, "light", "phone")
    counts = {}
    for lang in LANGUAGES:
        tab.goto(base_url + PREFIX[lang] + ARTICLE)
        open_search(tab, SEARCH_QUERY)
        field = tab.locator(".pagefind-ui__search-input")
        assert field.get_attribute("aria-label")
        status = tab.locator("[data-wv-search-status]")
        assert status.get_attribute("role") == "status"
        counts[lang] = status.inner_text().strip()
        assert SEARCH_QUERY in counts[lang]
    tab.context.close()
    assert len(set(counts.values())) == len(LANGUAGES), counts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_phone_readers_get_the_contents_by_keyboard(chromium, served, lang: str) -> None:
    base_url, _ = served
    tab = open_tab(chromium, "light", "phone")
    tab.goto(base_url + PREFIX[lang] + ARTICLE)
    sections = tab.locator("article h2[id]").count()
    assert sections > 0
    summary = tab.locator("details.wv-toc > summary")
    for _ in range(40):
        tab.keyboard.press("Tab")
        if summary.evaluate("s => s === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reaches the contents")
    tab.keyboard.press("Enter")
    links = tab.locator("details.wv-toc a")
    assert links.count() == sections
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    first = tab.locator("article h2[id]").first.get_attribute("id")
    tab.wait_for_url(f"**#{first}")
    tab.context.close()


def test_phone_menu_opens_and_closes_by_keyboard(chromium, served) -> None:
    base_url, _ = served
    tab = open_tab(chromium, "light", "phone")
    tab.goto(base_url + "en/" + ARTICLE)
    menu = tab.locator("[data-wv-drawer-button]")
    home = tab.locator(".md-sidebar--primary a.md-nav__link").first
    assert not home.is_visible()
    menu.focus()
    tab.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    home.wait_for(state="visible")
    tab.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.evaluate("b => b === document.activeElement")
    tab.context.close()


def test_wide_screens_show_the_sidebar_contents_only(chromium, served) -> None:
    base_url, _ = served
    context = chromium.new_context(viewport={"width": SIDEBAR_WIDTH + 60, "height": 900})
    tab = context.new_page()
    tab.goto(base_url + ARTICLE)
    assert not tab.locator("details.wv-toc").is_visible()
    assert not tab.locator("[data-wv-drawer-button]").is_visible()
    assert tab.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()
    context.close()


# Where focus is, and whether a reader can see it there. A radio button that the theme hides
# behind its label (the colour scheme toggle) shows its focus on that label.
FOCUS_IS_VISIBLE = """() => {
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  const what = el.outerHTML.slice(0, 160);
  const hiddenInput = el.matches("input") && Number(getComputedStyle(el).opacity) === 0;
  if (hiddenInput && el.nextElementSibling?.matches("label")) el = el.nextElementSibling;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const seen = box.width > 1 && box.height > 1 && style.visibility !== "hidden"
    && Number(style.opacity) > 0 && box.bottom > 0 && box.right > 0
    && box.top < innerHeight && box.left < innerWidth;
  return {seen, what};
}"""
# Transitions would make a just-focused element look hidden for a few frames.
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_focus_stop_can_be_seen(chromium, served, viewport: str) -> None:
    base_url, _ = served
    tab = open_tab(chromium, "light", viewport)
    unseen: list[str] = []
    for lang in LANGUAGES:
        for path in ("", ARTICLE):
            tab.goto(base_url + PREFIX[lang] + path)
            tab.add_style_tag(content=NO_MOTION)
            first = None
            for _ in range(120):
                tab.keyboard.press("Tab")
                focus = tab.evaluate(FOCUS_IS_VISIBLE)
                if focus is None or focus["what"] == first:
                    break
                first = first or focus["what"]
                if not focus["seen"]:
                    unseen.append(f"/{PREFIX[lang]}{path} [{viewport}]: {focus['what']}")
    tab.context.close()
    assert not unseen, "\n".join(unseen)


def test_print_shows_the_article_without_site_chrome(chromium, served) -> None:
    base_url, _ = served
    tab = open_tab(chromium, "light", "desktop")
    tab.goto(base_url + "en/" + ARTICLE)
    tab.emulate_media(media="print")
    assert tab.locator("article h1").is_visible()
    for chrome in (".md-header", ".md-sidebar--primary", "aside.wv-related", ".md-footer"):
        assert not tab.locator(chrome).first.is_visible(), chrome
    tab.context.close()
