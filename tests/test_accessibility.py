"""WCAG 2.2 AA in Chromium: axe-core on every built page of every language, in both colour
schemes, at desktop and at 320 px (where no page may scroll sideways) and with the search
dialog open; and the states axe never sees: what a keyboard user meets (the phone menu and
the language menu open, a visible focus at every stop in light, dark and forced colours, the
contents on a phone), large text, the 404 page of each language as GitHub Pages serves it,
and print."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from PIL import Image, ImageChops

from conftest import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    LANGUAGES,
    PREFIX,
    REPORT_CSP_VIOLATIONS,
    as_written,
    free_port,
    require_chromium,
    serving,
    site_name,
    word,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

Scheme = Literal["light", "dark"]

pytestmark = pytest.mark.browser

# Every WCAG 2.0-2.2 level A and AA rule, plus Deque's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
    # The narrowest width WCAG 1.4.10 asks a page to fit without scrolling sideways.
    "narrow": {"width": 320, "height": 640},
}
AXE_VIEWPORTS = ("desktop", "narrow")
SCHEMES: tuple[Scheme, ...] = ("light", "dark")
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


def open_tab(
    browser: Browser, scheme: Scheme, viewport: str, *, bypass_csp: bool = False, axe: bool = False
) -> Page:
    context = browser.new_context(
        color_scheme=scheme, viewport=VIEWPORTS[viewport], bypass_csp=bypass_csp
    )
    if axe:
        context.add_init_script(AXE_SCRIPT)
    return context.new_page()


# The dark scheme changes the colours and nothing else: the rules about colour run again.
AXE_COLOUR_OPTIONS = {
    "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
    "resultTypes": ["violations"],
}


def start_axe(tab: Page, options: dict[str, Any] = AXE_OPTIONS) -> None:
    """Start axe in the tab without waiting, so tabs (renderer processes) check in parallel."""
    tab.evaluate("options => { window.__wvAxe = axe.run(document, options); }", options)


def axe_violations(tab: Page, where: str) -> list[str]:
    result = tab.evaluate("() => window.__wvAxe")
    return [
        f"{where}: {v['id']} ({v['impact']}) {', '.join(map(str, node['target']))}: "
        f"{node.get('failureSummary', '').splitlines()[-1].strip()}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


SCHEME_ATTRIBUTE = {"light": "default", "dark": "slate"}
# The reader's own switch: the visible toggle label (works with the search dialog open too).
TOGGLE_SCHEME = """wanted => {
  if (document.body.dataset.mdColorScheme !== wanted) {
    document.querySelector('[data-md-component="palette"] label:not([hidden])').click();
  }
}"""


def set_scheme(tab: Page, scheme: str) -> None:
    tab.evaluate(TOGGLE_SCHEME, SCHEME_ATTRIBUTE[scheme])
    tab.wait_for_function(
        "wanted => document.body.dataset.mdColorScheme === wanted", arg=SCHEME_ATTRIBUTE[scheme]
    )


def in_every_mode(tabs: dict[str, Page], where: str) -> list[str]:
    """axe on a page loaded once per width (a tab each), in the light and the dark scheme
    (there, the rules about colour)."""
    found: list[str] = []
    for scheme in SCHEMES:
        for tab in tabs.values():
            set_scheme(tab, scheme)
            start_axe(tab, AXE_OPTIONS)
        for viewport, tab in tabs.items():
            found += axe_violations(tab, f"{where} [{scheme}, {viewport}]")
    return found


# What does not fit: the page wider than the window, the site's name in the header cut off.
OVERFLOW = """() => {
  const found = [];
  const page = document.documentElement;
  if (page.scrollWidth > innerWidth) found.push(`page ${page.scrollWidth} px wide`);
  const name = document.querySelector(".md-header__topic:first-child .md-ellipsis");
  if (name && name.scrollWidth > name.clientWidth) {
    found.push(`site name cut: ${name.textContent.trim()}`);
  }
  return found;
}"""


def overflow(tab: Page, where: str) -> list[str]:
    return [f"{where}: {problem}" for problem in tab.evaluate(OVERFLOW)]


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
    """Each page of the language, checked light and dark, desktop and 320 px, where it must
    fit the width (WCAG 1.4.10); then an article with the search dialog open and its results
    shown."""
    base_url, site = served
    others = tuple(PREFIX[o] for o in LANGUAGES if o != lang and PREFIX[o])
    pages = [
        p for p in built_pages(site) if p.startswith(PREFIX[lang]) and not p.startswith(others)
    ]
    assert len(pages) >= 7
    tabs = {viewport: open_tab(chromium, "light", viewport, axe=True) for viewport in AXE_VIEWPORTS}
    found: list[str] = []
    for path in pages:
        for tab in tabs.values():
            tab.goto(base_url + path)
        found += overflow(tabs["narrow"], f"/{path} [320 px]")
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


@pytest.mark.parametrize("viewport", ["phone", "narrow"])
def test_header_keeps_its_edge_in_forced_colours(chromium, served, viewport: str) -> None:
    """Forced colours drop the sticky header's shadow: with the article scrolled under it,
    its lowest row of pixels is a line, at 3:1 or more against the header, all the way across."""
    base_url, _ = served
    context = chromium.new_context(forced_colors="active", viewport=VIEWPORTS[viewport])
    tab = context.new_page()
    tab.goto(base_url + "fr/" + ARTICLE)
    tab.mouse.wheel(0, 900)
    tab.wait_for_function("() => scrollY > 0")
    header = tab.locator("header.md-header").bounding_box()
    assert header is not None
    width = VIEWPORTS[viewport]["width"]
    above = {"x": 0, "y": header["y"] + header["height"] - 1, "width": width, "height": 1}
    edge = shot(tab, above).tobytes()
    background = tab.locator("header.md-header").evaluate(
        "h => getComputedStyle(h).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)"
    )
    context.close()
    line = [pixel(edge, index) for index in range(width)]
    assert all(contrast(p, tuple(background)) >= CONTRAST for p in line), line[:5]


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


def test_phone_readers_get_the_contents_by_keyboard(chromium, served) -> None:
    base_url, _ = served
    tab = open_tab(chromium, "light", "phone")
    for lang in LANGUAGES:
        tab.goto(base_url + PREFIX[lang] + ARTICLE)
        sections = tab.locator("article h2[id]").count()
        assert sections > 0
        summary = tab.locator("details.wv-toc > summary")
        for _ in range(40):
            tab.keyboard.press("Tab")
            if summary.evaluate("s => s === document.activeElement"):
                break
        else:
            pytest.fail(f"Tab never reaches the contents ({lang})")
        tab.keyboard.press("Enter")
        links = tab.locator("details.wv-toc a")
        assert links.count() == sections
        tab.keyboard.press("Tab")
        tab.keyboard.press("Enter")
        first = tab.locator("article h2[id]").first.get_attribute("id")
        tab.wait_for_url(f"**#{first}")
    tab.context.close()


# The element that has focus and the box that shows it (a radio button the theme hides behind
# its label shows its focus on that label); whether it is inside `within` (a selector).
ACTIVE = """within => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return {what: el.outerHTML.slice(0, 120), inside: !!(within && el.closest(within))};
}"""


def active(tab: Page, within: str | None = None) -> dict[str, Any] | None:
    result: dict[str, Any] | None = tab.evaluate(ACTIVE, within)
    return result


def is_focused(locator: Any) -> bool:
    return bool(locator.evaluate("el => el === document.activeElement"))


def test_phone_menu_keeps_focus_inside_until_escape(chromium, served) -> None:
    """Opened with Enter, the drawer takes focus; Tab and Shift+Tab go round its links and
    never reach the page under the overlay; Escape closes it and focus is on the button."""
    base_url, _ = served
    tab = open_tab(chromium, "light", "phone")
    tab.goto(base_url + "en/" + ARTICLE)
    menu = tab.locator("[data-wv-drawer-button]")
    drawer = ".md-sidebar--primary"
    stops = tab.locator(f"{drawer} a[href]")
    assert not stops.first.is_visible()
    menu.focus()
    tab.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    stops.first.wait_for(state="visible")
    walk = [active(tab, drawer)]
    for key in ["Tab"] * (stops.count() + 2) + ["Shift+Tab"] * (stops.count() + 2):
        tab.keyboard.press(key)
        walk.append(active(tab, drawer))
    outside = [stop for stop in walk if not (stop and stop["inside"])]
    assert outside == [], outside
    assert len({stop["what"] for stop in walk if stop}) == stops.count()
    tab.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert is_focused(menu)
    stops.first.wait_for(state="hidden")
    tab.context.close()


def test_language_menu_is_a_disclosure(chromium, served) -> None:
    """The language button opens its list on Enter or Space, not on focus; Tab goes through
    the languages, and on out of the list, which closes; Escape closes it and focus is on
    the button again."""
    base_url, _ = served
    tab = open_tab(chromium, "light", "phone")
    tab.goto(base_url + "de/" + ARTICLE)
    button = tab.locator("button.wv-lang")
    links = tab.locator(".md-select__link")
    button.focus()
    assert button.get_attribute("aria-expanded") == "false"
    assert not links.first.is_visible()
    tab.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    links.first.wait_for(state="visible")
    for index in range(links.count()):
        tab.keyboard.press("Tab")
        assert is_focused(links.nth(index)), active(tab)
        assert links.nth(index).is_visible()
    tab.keyboard.press("Shift+Tab")
    tab.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert is_focused(button)
    tab.keyboard.press(" ")
    assert button.get_attribute("aria-expanded") == "true"
    for _ in range(links.count() + 1):
        tab.keyboard.press("Tab")
    assert not (active(tab, ".md-select") or {}).get("inside")
    assert button.get_attribute("aria-expanded") == "false"
    assert not links.first.is_visible()
    tab.context.close()


PALETTE_STATE = """() => {
  const input = document.activeElement;
  const label = document.querySelector('[data-md-component="palette"] label:not([hidden])');
  return {name: input.getAttribute("aria-label"), shown: label.getAttribute("title"),
          scheme: document.body.dataset.mdColorScheme};
}"""


def test_colour_toggle_is_named_for_what_it_does(chromium, served) -> None:
    """In the dark scheme too, Tab reaches the toggle that is shown, named for what Enter
    does (Material leaves its radio buttons unchecked, and Tab lands on the light one)."""
    base_url, _ = served
    tab = open_tab(chromium, "dark", "phone")
    tab.goto(base_url + PREFIX[LANGUAGES[0]] + ARTICLE)
    tab.locator("[data-wv-drawer-button]").focus()
    tab.keyboard.press("Tab")
    before = tab.evaluate(PALETTE_STATE)
    assert before["scheme"] == "slate"
    assert before["name"] == before["shown"], before
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")
    after = tab.evaluate(PALETTE_STATE)
    assert after["name"] == after["shown"] != before["name"], after
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


# Where focus is, and whether a reader can see it there: on screen, and not under anything
# (the sticky header). A radio button the theme hides behind its label (the colour scheme
# toggle) shows its focus on that label. `kind` tells stops that look alike apart.
FOCUS_STOP = """within => {
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  window.__wvFocused = el;
  const what = el.outerHTML.slice(0, 160);
  const outside = !!within && !el.closest(within);
  const hiddenInput = el.matches("input") && Number(getComputedStyle(el).opacity) === 0;
  if (hiddenInput && el.nextElementSibling?.matches("label")) el = el.nextElementSibling;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  // Uncovered at the middle of one of its boxes (a link may wrap onto two lines).
  const uncovered = [...el.getClientRects()].some(part => {
    const x = Math.min(Math.max(part.left + part.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(part.top + part.height / 2, 0), innerHeight - 1);
    return el.contains(document.elementFromPoint(x, y));
  });
  const seen = box.width > 1 && box.height > 1 && style.visibility !== "hidden"
    && Number(style.opacity) > 0 && box.bottom > 0 && box.right > 0
    && box.top < innerHeight && box.left < innerWidth && uncovered;
  const region = el.closest("header, nav, .md-select, .md-sidebar, article, .md-content, footer");
  const classes = [...el.classList].filter(c => c !== "focus-visible").join(".");
  const kind = `${region?.className ?? ""} ${el.tagName}.${classes}`;
  return {seen, what, kind, outside,
          box: {x: box.x, y: box.y, width: box.width, height: box.height}};
}"""
# Transitions would make a just-focused element look hidden for a few frames.
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"
# Around the focused element, where an outline or ring is drawn.
RING_ROOM = 6
CONTRAST = 3.0


def relative_luminance(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


LUMINANCE = [relative_luminance(channel) for channel in range(256)]


def luminance(pixel: tuple[int, int, int]) -> float:
    red, green, blue = pixel
    return 0.2126 * LUMINANCE[red] + 0.7152 * LUMINANCE[green] + 0.0722 * LUMINANCE[blue]


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def shot(tab: Page, clip: dict[str, float]) -> Image.Image:
    png = tab.screenshot(clip=clip, animations="disabled", caret="hide")  # type: ignore[arg-type]
    return Image.open(io.BytesIO(png)).convert("RGB")


def indicator_pixels(tab: Page, box: dict[str, float], viewport: ViewportSize) -> int:
    """How many pixels around and on the focused element change, by at least 3:1, between
    it focused and not (WCAG 1.4.11 and 2.4.7: an indicator that can be seen, measured)."""
    left, top = max(box["x"] - RING_ROOM, 0), max(box["y"] - RING_ROOM, 0)
    right = min(box["x"] + box["width"] + RING_ROOM, viewport["width"])
    bottom = min(box["y"] + box["height"] + RING_ROOM, viewport["height"])
    if right - left < 1 or bottom - top < 1:
        return 0
    clip = {"x": left, "y": top, "width": right - left, "height": bottom - top}
    focused = shot(tab, clip)
    tab.evaluate("() => window.__wvFocused.blur()")
    plain = shot(tab, clip)
    tab.evaluate("() => window.__wvFocused.focus()")
    on, off = focused.tobytes(), plain.tobytes()
    moved = ImageChops.difference(focused, plain).convert("L").tobytes()
    return sum(
        1
        for index, change in enumerate(moved)
        if change and contrast(pixel(on, index), pixel(off, index)) >= CONTRAST
    )


def pixel(rgb: bytes, index: int) -> tuple[int, int, int]:
    start = 3 * index
    return rgb[start], rgb[start + 1], rgb[start + 2]


Mode = Literal["light", "dark", "forced"]
MODES: tuple[Mode, ...] = ("light", "dark", "forced")
# The reader's scheme, switched as the toggle does (Material follows its radio buttons'
# change), without moving focus; on the toggle itself, focus goes where Tab now lands.
SWITCH_SCHEME = """scheme => {
  const input = document.querySelector(`.md-option[data-md-color-scheme="${scheme}"]`);
  if (document.body.dataset.mdColorScheme !== scheme) {
    input.checked = true;
    input.dispatchEvent(new Event("change", {bubbles: true}));
  }
  if (document.activeElement?.matches(".md-option")) input.focus();
  window.__wvFocused = document.activeElement;
}"""


def show_in(tab: Page, mode: Mode) -> None:
    tab.emulate_media(forced_colors="active" if mode == "forced" else "none")
    scheme = SCHEME_ATTRIBUTE["dark" if mode == "dark" else "light"]
    tab.evaluate(SWITCH_SCHEME, scheme)
    tab.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=scheme)


def focus_walk(
    tab: Page,
    viewport: ViewportSize,
    where: str,
    measured: set[str],
    key: str = "Tab",
    within: str | None = None,
) -> list[str]:
    """Tab (or Shift+Tab) through the page from where focus is until it comes round again
    (or leaves `within`): every stop must be seen, and each kind of stop show, in light,
    dark and forced colours, an indicator of at least 3:1 over a length of its width plus
    its height (half its outline, 1 px wide)."""
    problems: list[str] = []
    first = None
    for _ in range(150):
        tab.keyboard.press(key)
        stop = tab.evaluate(FOCUS_STOP, within)
        if stop is None or stop["what"] == first or stop["outside"]:
            break
        first = first or stop["what"]
        if not stop["seen"]:
            problems.append(f"{where}: cannot be seen: {stop['what']}")
        elif stop["kind"] not in measured:
            measured.add(stop["kind"])
            box = stop["box"]
            for mode in MODES:
                show_in(tab, mode)
                if indicator_pixels(tab, box, viewport) < box["width"] + box["height"]:
                    problems.append(f"{where} [{mode}]: no focus indicator of 3:1: {stop['what']}")
            show_in(tab, "light")
    return problems


def open_page(browser: Browser, viewport: str) -> Page:
    # The test's own style sheet (NO_MOTION) is inline, which the site's CSP refuses.
    context = browser.new_context(viewport=VIEWPORTS[viewport], bypass_csp=True)
    return context.new_page()


def load(tab: Page, url: str) -> None:
    tab.goto(url)
    tab.add_style_tag(content=NO_MOTION)


# Opened with Enter at phone width, and walked while focus is inside.
OPEN_STATES = {"[data-wv-drawer-button]": None, "button.wv-lang": ".md-select"}


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_focus_stop_can_be_seen(chromium, served, viewport: str) -> None:
    """Tab through the home page, an article and the tags page, and Shift+Tab back up the
    article (clear of the sticky header); at phone width also through the open menu and the
    open language list, and the other languages' home page and article (their headers hold
    other names). Each kind of stop is measured once, in light, dark and forced colours."""
    base_url, _ = served
    size = VIEWPORTS[viewport]
    tab = open_page(chromium, viewport)
    measured: set[str] = set()
    problems: list[str] = []
    home = PREFIX[LANGUAGES[0]]
    for path in ("", ARTICLE, "tags/"):
        where = f"/{home}{path} [{viewport}]"
        load(tab, base_url + home + path)
        problems += focus_walk(tab, size, where, measured)
        if path == ARTICLE:
            problems += focus_walk(tab, size, f"{where} backwards", measured, "Shift+Tab")
    if viewport == "phone":
        for opener, within in OPEN_STATES.items():
            load(tab, base_url + home + ARTICLE)
            tab.locator(opener).focus()
            tab.keyboard.press("Enter")
            where = f"/{home}{ARTICLE} [{viewport}] {opener} open"
            problems += focus_walk(tab, size, where, measured, within=within)
        for lang in LANGUAGES[1:]:
            for path in ("", ARTICLE):
                load(tab, base_url + PREFIX[lang] + path)
                where = f"/{PREFIX[lang]}{path} [{viewport}]"
                problems += focus_walk(tab, size, where, measured)
    tab.context.close()
    assert not problems, "\n".join(problems)


# Everything on the page but the skip link, hidden; and the skip link's box, inside its corners.
HIDE_ALL_BUT_SKIP_LINK = """() => {
  const skip = document.querySelector(".md-skip");
  for (const el of document.body.children) if (!el.contains(skip)) el.style.visibility = "hidden";
}"""
SKIP_LINK_INSIDE = """() => {
  const box = document.querySelector(".md-skip").getBoundingClientRect();
  return {x: box.x + 3, y: box.y + 3, width: box.width - 6, height: box.height - 6};
}"""


@pytest.mark.parametrize("mode", MODES)
def test_nothing_shows_through_the_skip_link(chromium, served, mode: Mode) -> None:
    """The skip link, the first Tab stop, lies over the header's menu button and the site's
    name on a phone: what is under it must not show through."""
    base_url, _ = served
    tab = open_tab(chromium, "dark" if mode == "dark" else "light", "phone", bypass_csp=True)
    tab.emulate_media(forced_colors="active" if mode == "forced" else "none")
    load(tab, base_url + PREFIX[LANGUAGES[0]])
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.matches('.md-skip')")
    clip = tab.evaluate(SKIP_LINK_INSIDE)
    over_the_header = shot(tab, clip)
    tab.evaluate(HIDE_ALL_BUT_SKIP_LINK)
    alone = shot(tab, clip)
    tab.context.close()
    assert ImageChops.difference(over_the_header, alone).getbbox() is None


# The header's controls that are shown, each with its box.
HEADER_CONTROLS = """() => [...document.querySelectorAll(
    ".md-header__inner > .md-header__button, .md-header__option .md-header__button")]
  .filter(el => getComputedStyle(el).display !== "none" && !el.hidden)
  .map(el => {
    const box = el.getBoundingClientRect();
    return {what: el.outerHTML.slice(0, 80), left: box.left, right: box.right};
  })"""


def test_large_text_keeps_every_header_control_on_screen(chromium, served) -> None:
    """Text at 200 % (the browser's default font size doubled, as a phone's text-size
    setting does) at 390 px: every header control on screen, nothing cut or scrolling
    sideways (WCAG 1.4.4)."""
    base_url, _ = served
    tab = open_tab(chromium, "light", "phone")
    session = tab.context.new_cdp_session(tab)
    session.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    problems: list[str] = []
    for lang in LANGUAGES:
        for path in ("", ARTICLE):
            tab.goto(base_url + PREFIX[lang] + path)
            where = f"/{PREFIX[lang]}{path} [200 %, 390 px]"
            controls = tab.evaluate(HEADER_CONTROLS)
            assert len(controls) >= 4, controls
            width = VIEWPORTS["phone"]["width"]
            problems += [
                f"{where}: off screen: {c['what']}"
                for c in controls
                if c["left"] < 0 or c["right"] > width
            ]
            problems += overflow(tab, where)
    tab.context.close()
    assert not problems, "\n".join(problems)


# The accessible names Chromium gives a page's headings (level 2 and below) and links.
NAMES = """nodes => nodes
  .filter(n => !n.ignored && ["heading", "link"].includes(n.role?.value))
  .map(n => ({role: n.role.value, name: n.name?.value ?? "",
              level: (n.properties ?? []).find(p => p.name === "level")?.value?.value}))"""


def test_headings_are_named_by_their_text_alone(chromium, served) -> None:
    """A section's name is its title, not "title ¶"; its permalink is named in the page's
    language."""
    base_url, _ = served
    tab = open_tab(chromium, "light", "desktop")
    session = tab.context.new_cdp_session(tab)
    for lang in LANGUAGES:
        tab.goto(base_url + PREFIX[lang] + ARTICLE)
        named = tab.evaluate(NAMES, session.send("Accessibility.getFullAXTree")["nodes"])
        texts = tab.locator("article h2").evaluate_all(
            "hs => hs.map(h => [...h.childNodes]"
            ".filter(n => !n.classList?.contains('headerlink'))"
            ".map(n => n.textContent).join('').replace(/\\s+/g, ' ').trim())"
        )
        headings = [n["name"].strip() for n in named if n["role"] == "heading" and n["level"] == 2]
        assert headings and headings == texts, lang
        assert [n["name"] for n in named if n["role"] == "link" and "¶" in n["name"]] == []
        label = word(lang, "permalink")
        assert sum(1 for n in named if as_written(n["name"]) == label) >= len(texts), lang
    tab.context.close()


MISSING = "artikelen/bestaat-niet/"


def csp_reporting_tab(browser: Browser, *, javascript: bool = True) -> tuple[Page, list[str]]:
    context = browser.new_context(java_script_enabled=javascript)
    problems: list[str] = []
    context.expose_function("reportCspViolation", lambda text: problems.append(f"CSP: {text}"))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    tab = context.new_page()
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return tab, problems


NOT_FOUND_STATE = """() => {
  const shown = [...document.querySelectorAll("main h1")].filter(h => h.checkVisibility());
  const home = shown[0]?.closest("div, article").querySelector("a.md-button--primary");
  return {lang: document.documentElement.lang, title: document.title,
          headings: shown.map(h => h.textContent.trim()), home: home?.href ?? "",
          bundle: document.querySelector("[data-wv-search]")?.dataset.bundle ?? ""};
}"""


def test_missing_pages_say_so_in_their_language(chromium, served) -> None:
    """Served as GitHub Pages serves a missing page (the root 404.html, status 404): under
    each language's folder, that language's message, title, home link and search, and its
    <html lang>, within the Content-Security-Policy; without script, the Dutch page."""
    base_url, _ = served
    tab, problems = csp_reporting_tab(chromium)
    for lang in LANGUAGES:
        response = tab.goto(base_url + PREFIX[lang] + MISSING)
        assert response is not None and response.status == 404
        state = tab.evaluate(NOT_FOUND_STATE)
        title = as_written(word(lang, "not_found_title"))
        assert state["lang"] == lang, state
        assert [as_written(h) for h in state["headings"]] == [title], state
        assert as_written(state["title"]) == f"{title} \u2013 {as_written(site_name(lang))}"
        assert state["home"] == base_url + PREFIX[lang]
        assert state["bundle"].endswith(f"/{PREFIX[lang]}pagefind/"), state
    tab.context.close()
    assert problems == []
    tab, problems = csp_reporting_tab(chromium, javascript=False)
    response = tab.goto(base_url + PREFIX["de"] + MISSING)
    assert response is not None and response.status == 404
    state = tab.evaluate(NOT_FOUND_STATE)
    assert state["lang"] == LANGUAGES[0]
    assert state["headings"] == [word(LANGUAGES[0], "not_found_title")]
    tab.context.close()


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
