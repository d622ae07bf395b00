"""WCAG 2.2 AA in Chromium: axe-core on every built page of every language, in both colour
schemes, at desktop and phone width and with the search dialog open; and what a keyboard
user meets (contents on a phone, nothing focusable that cannot be seen, print)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pytest

from conftest import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    LANGUAGES,
    PREFIX,
    as_written,
    free_port,
    require_chromium,
    serving,
    word,
)
from winkelvloer.site.browser_checks import (
    VIEWPORTS,
    in_every_mode,
    open_tab,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

Scheme = Literal["light", "dark"]

pytestmark = pytest.mark.browser

ARTICLE = "artikelen/waarom-verkopen-geen-hardloopwedstrijd-is/"
SEARCH_QUERY = "restaurant"
# Material moves the contents into the right sidebar from this width (76.25em).
SIDEBAR_WIDTH = 1220


@pytest.fixture(scope="module")
def served(variant_docs: Path, site_builder: Callable[..., Path]) -> Iterator[tuple[str, Path]]:
    """The variant site (one untranslated, one outdated page) on 127.0.0.1, and its folder."""
    require_chromium()
    # The site is built for the address it is served at, so it needs the port first.
    port = free_port()
    site = site_builder(variant_docs, site_url=f"http://127.0.0.1:{port}/")
    with serving(site, port) as url:
        yield url, site


@pytest.fixture(scope="module")
def chromium(served: tuple[str, Path]) -> Iterator[Browser]:
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


# The search dialog has said how many results it found (or that there are none).
SEARCH_DONE = """() => {
  const dialog = document.querySelector("dialog[data-wv-search]");
  const said = dialog.querySelector("[data-wv-search-status]").textContent;
  return said !== "" && said !== dialog.dataset.loading;
}"""


def open_search(tab: Page, query: str) -> None:
    tab.keyboard.press("Control+k")
    field = tab.locator("[data-wv-search-input]")
    field.wait_for()
    field.fill(query)
    tab.locator(".wv-search__result a[href]").first.wait_for()
    tab.wait_for_function(SEARCH_DONE)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_nothing(chromium, served, lang: str) -> None:
    """Each page of the language, checked light and dark, desktop and phone; then an
    article with the search dialog open and its results shown."""
    base_url, site = served
    others = tuple(PREFIX[o] for o in LANGUAGES if o != lang and PREFIX[o])
    pages = [
        p for p in built_pages(site) if p.startswith(PREFIX[lang]) and not p.startswith(others)
    ]
    assert len(pages) >= 7
    tabs = {viewport: open_tab(chromium, "light", viewport) for viewport in VIEWPORTS}
    found: list[str] = []
    for path in pages:
        for tab in tabs.values():
            tab.goto(base_url + path)
        found += in_every_mode(tabs, f"/{path}")
    for tab in tabs.values():
        tab.goto(base_url + PREFIX[lang] + ARTICLE)
        open_search(tab, SEARCH_QUERY)
    found += in_every_mode(tabs, f"/{PREFIX[lang]}{ARTICLE} with search open")
    for tab in tabs.values():
        tab.context.close()
    assert not found, "\n".join(found)


def test_dark_system_setting_gives_the_dark_scheme(chromium, served) -> None:
    """The scheme switch above is the reader's toggle; the first visit follows the system."""
    base_url, _ = served
    tab = open_tab(chromium, "dark", "phone")
    tab.goto(base_url + "fr/")
    assert tab.evaluate("document.body.dataset.mdColorScheme") == "slate"
    tab.context.close()


# The search dialog's own words, results left out: those are articles.
DIALOG_STRINGS = """() => {
  const dialog = document.querySelector("dialog[data-wv-search]");
  const found = [];
  const walker = document.createTreeWalker(dialog, NodeFilter.SHOW_ELEMENT);
  for (let el = dialog; el; el = walker.nextNode()) {
    if (el.closest(".wv-search__result")) continue;
    for (const name of ["aria-label", "title", "placeholder"]) {
      if (el.getAttribute(name)) found.push(el.getAttribute(name));
    }
    for (const node of el.childNodes) {
      if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) {
        found.push(node.textContent.trim());
      }
    }
  }
  return found.map(s => s.replace(/\\s+/g, " ").replace(/\\d+/g, "N").replace(/restaurant/gi, "Q"));
}"""


# Every word the dialog shows or reads out, each from the page language's strings (mkdocs.yml).
DIALOG_WORDS = {
    "[data-wv-search-input]": {"aria-label": "search_input", "placeholder": "search_placeholder"},
    "[data-wv-search-clear]": {"text": "search_clear"},
    "[data-wv-search-close]": {"aria-label": "search_close", "title": "search_close"},
    "[data-wv-search-more]": {"text": "search_more"},
    "#wv-search-title": {"text": "search"},
    "[data-wv-search-open]": {"aria-label": "search", "title": "search_shortcut"},
}


def test_search_dialog_speaks_the_page_language(chromium, served) -> None:
    """Every word of the dialog is the language's own, and no word is shared with another
    language."""
    base_url, _ = served
    tab = open_tab(chromium, "light", "phone")
    words: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        tab.goto(base_url + PREFIX[lang] + ARTICLE)
        open_search(tab, SEARCH_QUERY)
        for selector, wanted in DIALOG_WORDS.items():
            element = tab.locator(selector).first
            for name, key in wanted.items():
                shown = element.text_content() if name == "text" else element.get_attribute(name)
                assert as_written((shown or "").strip()) == word(lang, key), (lang, selector, name)
        words[lang] = {w for w in tab.evaluate(DIALOG_STRINGS) if any(c.isalpha() for c in w)}
    tab.context.close()
    assert all(len(w) >= 5 for w in words.values()), words
    shared = {(a, b): words[a] & words[b] for a in LANGUAGES for b in LANGUAGES if a < b}
    assert not any(shared.values()), shared


def test_search_dialog_keeps_its_edge_in_forced_colours(chromium, served) -> None:
    """Forced colours drop box shadows: the open dialog needs a border to stand out."""
    base_url, _ = served
    context = chromium.new_context(forced_colors="active", viewport=VIEWPORTS["phone"])
    tab = context.new_page()
    tab.goto(base_url + ARTICLE)
    open_search(tab, SEARCH_QUERY)
    edges = tab.locator("dialog[data-wv-search]").evaluate(
        """dialog => ["Top", "Right", "Bottom", "Left"].map(side => {
          const style = getComputedStyle(dialog);
          return [style[`border${side}Style`], parseFloat(style[`border${side}Width`]),
                  style[`border${side}Color`], style.backgroundColor];
        })"""
    )
    context.close()
    for style, width, colour, background in edges:
        assert style == "solid" and width >= 1 and colour != background, edges


def test_cards_line_up_with_the_headings(chromium, served) -> None:
    base_url, _ = served
    tab = open_tab(chromium, "light", "desktop")
    tab.goto(base_url + "fr/")
    heading = tab.locator(".wv-listing__heading").bounding_box()
    card = tab.locator(".wv-card__link").first.bounding_box()
    assert heading is not None and card is not None
    assert abs(card["x"] - heading["x"]) < 1
    tab.goto(base_url + "de/" + ARTICLE)
    h1 = tab.locator("article h1")
    assert h1.locator(".headerlink").is_hidden()
    tab.context.close()


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
    # The test's own style sheet (NO_MOTION) is inline, which the site's CSP refuses.
    tab = open_tab(chromium, "light", viewport, bypass_csp=True)
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
    for chrome in (
        ".md-header",
        ".md-sidebar--primary",
        "aside.wv-related",
        ".md-footer",
        ".md-tags",
    ):
        assert not tab.locator(chrome).first.is_visible(), chrome
    # A link in the text prints with its full address.
    tab.evaluate(
        """() => {
          const link = Object.assign(document.createElement("a"), {href: "../other/"});
          link.textContent = "a link";
          document.querySelector("article p").append(link);
          window.dispatchEvent(new Event("beforeprint"));
        }"""
    )
    after = tab.evaluate(
        """() => getComputedStyle(document.querySelector("article p a:last-child"), "::after")
          .content"""
    )
    assert f"{base_url}en/artikelen/other/" in after
    tab.context.close()
