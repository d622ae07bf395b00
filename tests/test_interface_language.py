"""Every word of the interface is in the page's language, and typeset the way that language is.

A string that appears, identically, on the pages of two languages is a string nobody
translated ("Permanent link" on Dutch pages, "Footer" on Dutch and English ones), unless the
two languages really spell it the same; those few are listed in SAME_IN_BOTH.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import jinja2
import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from conftest import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    PREFIX,
    REPO,
    as_written,
    heading_text,
    site_name,
    word,
)
from winkelvloer.core.config import material_templates
from winkelvloer.core.typography import (
    curly_apostrophes,
    french_spacing,
    typeset,
    uses_curly_quotes,
)
from winkelvloer.render.permalinks import name_permalinks

# Words two languages write the same way, with the languages that share them.
SAME_IN_BOTH = {
    "Home": {"nl", "en"},
    "Tags": {"nl", "en"},
    "Articles": {"en", "fr"},
    "Navigation": {"en", "de", "fr"},
    "Marketing": {"nl", "en", "de", "fr"},
}
# What a reader hears: accessible names and descriptions, tooltips, placeholders, alt text.
SPOKEN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description")
# Interface inside the article: everything else there is the editors' text.
ARTICLE_CHROME = (
    ".wv-byline",
    ".wv-notice",
    ".wv-related__label",
    ".wv-toc > summary",
    ".wv-listing__heading",
    ".wv-card__meta",
)
NOT_READ = ("script", "style", "svg", "template")


def pages_of(site: Path, lang: str) -> list[Path]:
    """The built pages of one language (the default language's sit at the root)."""
    elsewhere = {"assets", "pagefind", *(other for other in LANGUAGES if other != DEFAULT_LANGUAGE)}
    root = site / PREFIX[lang]
    return [
        path for path in root.rglob("*.html") if not elsewhere & set(path.relative_to(root).parts)
    ]


def in_language(node: LexborNode | None, lang: str) -> bool:
    """Whether the node's text is meant to be in `lang` (the nearest lang attribute)."""
    while node is not None and node.tag != "-undef":
        if node.attributes.get("lang"):
            return node.attributes["lang"] == lang
        node = node.parent
    return True


def lang_of(node: LexborNode, inherited: str) -> str:
    return node.attributes.get("lang") or inherited


def interface_strings(html: str, lang: str) -> set[str]:
    """Visible text and spoken attributes, less the editors' text and other languages."""
    tree = LexborHTMLParser(html)
    found: set[str] = set()
    title = tree.css_first("title")
    # An untranslated page is titled with the original's title; the rest must still fit.
    if title and not tree.css_first('[data-wv-notice="untranslated"]'):
        found.add(title.text())
    collect(tree.body, lang, lang, editorial=False, found=found)
    return {" ".join(s.split()) for s in found if re.search(r"[^\W\d_]{2}", s)}


def collect(
    node: LexborNode | None, page_lang: str, lang: str, editorial: bool, found: set[str]
) -> None:
    if node is None or node.tag in NOT_READ:
        return
    lang = lang_of(node, lang)
    if lang != page_lang:
        return
    if node.tag == "article":
        editorial = True
    if editorial and any(node.css_matches(selector) for selector in ARTICLE_CHROME):
        editorial = False
    for attribute in SPOKEN_ATTRIBUTES:
        if value := node.attributes.get(attribute):
            found.add(value)
    if not editorial:
        text = node.text(deep=False).strip()
        if text:
            found.add(text)
    for child in node.iter():
        collect(child, page_lang, lang, editorial, found)


def test_no_interface_string_is_shared_with_another_language(variant_site: Path) -> None:
    seen: dict[str, dict[str, str]] = defaultdict(dict)
    for lang in LANGUAGES:
        for path in pages_of(variant_site, lang):
            for string in interface_strings(path.read_text(encoding="utf-8"), lang):
                seen[string].setdefault(lang, path.relative_to(variant_site).as_posix())
    shared = {
        string: where
        for string, where in seen.items()
        if len(where) > 1 and not set(where) <= SAME_IN_BOTH.get(string, set())
    }
    assert not shared, "\n".join(f"{s!r}: {w}" for s, w in shared.items())


def test_the_check_catches_an_untranslated_string() -> None:
    """The comparison above can fail: a Dutch toggle name on an English page is found."""
    page = '<html lang="{0}"><body><label title="Donkere modus">x</label></body></html>'
    assert "Donkere modus" in interface_strings(page.format("en"), "en")
    assert "Donkere modus" in interface_strings(page.format("nl"), "nl")
    quoted = '<html lang="en"><body><p lang="nl" title="Nederlands">Nederlands</p></body></html>'
    assert interface_strings(quoted, "en") == set()


def material_word(lang: str, key: str) -> str:
    """A word of Material's own translation for a language ("" if it has none)."""
    templates = material_templates()
    assert templates, "Material for MkDocs is not installed"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=False)
    try:
        partial = env.get_template(f"partials/languages/{lang}.html")
    except jinja2.TemplateNotFound:
        return ""
    return str(partial.module.t(key)).strip()  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reading_time_says_what_readers_know_from_material(lang: str) -> None:
    """Material's community translations name the reading time the way readers of the language
    say it ("7 min leestijd", not "7 min lezen"); the byline and the cards use the same words."""
    known = material_word(lang, "readtime.other")
    if not known or known == "readtime.other":
        pytest.skip(f"Material has no reading time for {lang}")
    assert word(lang, "reading_time").format(minutes=7) == known.replace("#", "7")


# ---------- Typography ----------

FIXTURES = REPO / "tests" / "fixtures" / "typography"


@pytest.mark.parametrize(
    "case", sorted(p.name.removesuffix(".in.txt") for p in FIXTURES.glob("*.in.txt"))
)
def test_typography_fixtures(case: str) -> None:
    lang = case.split("-", 1)[0]
    source = (FIXTURES / f"{case}.in.txt").read_text(encoding="utf-8")
    expected = (FIXTURES / f"{case}.out.txt").read_text(encoding="utf-8")
    assert typeset(source, lang, uses_curly_quotes(source)) == expected


def test_french_spacing_leaves_urls_and_times_alone() -> None:
    text = "Voir https://exemple.fr/?q=1 à 10:30"
    assert french_spacing(text) == text
    assert french_spacing("Vraiment ?") == "Vraiment\u202f?"
    assert french_spacing("« oui »") == "«\u00a0oui\u00a0»"
    assert french_spacing(french_spacing("Voilà : fini !")) == "Voilà\u00a0: fini\u202f!"


def test_apostrophes_but_not_quotes() -> None:
    assert curly_apostrophes("l'ami, it's, foto's") == "l’ami, it’s, foto’s"  # noqa: RUF001
    assert uses_curly_quotes("“Hallo”") and not uses_curly_quotes('"Hallo"')
    assert uses_curly_quotes("No quotes at all, so it's typeset")


def text_nodes(html: str, lang: str) -> list[str]:
    tree = LexborHTMLParser(html)
    article = tree.css_first("article")
    if article is None:
        return []
    return [
        node.text(deep=False)
        for node in article.css("*")
        if node.tag not in (*NOT_READ, "code", "pre") and in_language(node, lang)
    ]


def test_french_pages_use_french_spacing(variant_site: Path) -> None:
    loose = re.compile(r"\w [;:!?»]|« \w")
    wrong = [
        f"{path.relative_to(variant_site)}: {text.strip()[:60]}"
        for path in pages_of(variant_site, "fr")
        for text in text_nodes(path.read_text(encoding="utf-8"), "fr")
        if loose.search(text)
    ]
    assert wrong == []


def test_no_straight_apostrophes_in_articles(variant_site: Path) -> None:
    wrong = [
        f"{path.relative_to(variant_site)}: {text.strip()[:60]}"
        for lang in LANGUAGES
        for path in pages_of(variant_site, lang)
        for text in text_nodes(path.read_text(encoding="utf-8"), lang)
        if re.search(r"\w'\w", text)
    ]
    assert wrong == []


def test_english_dates_are_british(variant_site: Path) -> None:
    html = (variant_site / "en" / "index.html").read_text(encoding="utf-8")
    dates = [node.text() for node in LexborHTMLParser(html).css("time")]
    assert dates
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", d.strip()) for d in dates), dates


# ---------- Titles, byline, language selector ----------

# Between page and site name in <title>: an en dash with spaces.
DASH = " \u2013 "


def page_tree(site: Path, lang: str, path: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / PREFIX[lang] / path).read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_titles_name_the_page_once(variant_site: Path, lang: str) -> None:
    name, not_found_title = site_name(lang), word(lang, "not_found_title")
    assert page_tree(variant_site, lang, "index.html").css_first("title").text() == name
    not_found = page_tree(variant_site, lang, "404.html")
    assert not_found.css_first("title").text() == f"{not_found_title}{DASH}{name}"
    assert not_found.css_first("h1").text() == not_found_title
    article = page_tree(variant_site, lang, "artikelen/waarom-je-restaurant-leeg-is/index.html")
    h1 = article.css_first("article h1").text(deep=False).strip()
    assert article.css_first("title").text() == f"{h1}{DASH}{name}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_has_no_next_page_footer(variant_site: Path, lang: str) -> None:
    assert page_tree(variant_site, lang, "index.html").css(".md-footer__link") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_byline_names_the_author(variant_site: Path, lang: str) -> None:
    tree = page_tree(variant_site, lang, "artikelen/waarom-je-restaurant-leeg-is/index.html")
    assert tree.css_first(".wv-byline .wv-byline__author").text() == word(lang, "author")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_selector_shows_the_current_language(variant_site: Path, lang: str) -> None:
    tree = page_tree(variant_site, lang, "index.html")
    assert tree.css_first(".wv-lang__code").text().strip() == lang.upper()
    current = tree.css('.md-select__link[aria-current="true"]')
    assert [link.attributes["hreflang"] for link in current] == [lang]
    names = {link.attributes["lang"] for link in tree.css(".md-select__link")}
    assert names == set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_read_also_boxes_have_distinct_names(variant_site: Path, lang: str) -> None:
    tree = page_tree(variant_site, lang, "artikelen/nieuwe-klanten-werven/index.html")
    names = [
        " ".join(
            tree.css_first(f"#{ref}").text() for ref in aside.attributes["aria-labelledby"].split()
        )
        for aside in tree.css("aside.wv-related")
    ]
    assert len(names) == 3
    assert len(set(names)) == len(names)


# ---------- Permalinks and the page outline ----------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_permalinks_are_named_apart_from_their_headings(variant_site: Path, lang: str) -> None:
    """Each section heading is named by its own text (aria-labelledby); its permalink's "¶"
    is hidden from screen readers, which hear the link's name in the page's language."""
    doc = page_tree(variant_site, lang, "artikelen/waarom-je-restaurant-leeg-is/index.html")
    headings = doc.css("article h2[id]")
    assert headings
    for heading in headings:
        name = doc.css_first(f'[id="{heading.attributes.get("aria-labelledby")}"]')
        assert name is not None and " ".join(name.text().split()) == heading_text(heading)
        link = heading.css_first("a.headerlink")
        assert link is not None
        assert [n.text() for n in link.css('[aria-hidden="true"]')] == ["¶"]
        label = link.css_first(".wv-visually-hidden")
        assert label is not None and as_written(label.text()) == word(lang, "permalink")


def test_permalink_names_keep_ids_unique_and_text_escaped() -> None:
    html = (
        '<h1 id="t">T<a class="headerlink" href="#t">¶</a></h1>'
        '<h2 id="a">Kop &amp; <em>x</em><a class="headerlink" href="#a">¶</a></h2>'
        '<p id="a--name">taken</p>'
    )
    doc = LexborHTMLParser(name_permalinks(html, "Link <naar>", "nl"))
    assert doc.css_first("h1").attributes.get("aria-labelledby") is None
    h2 = doc.css_first("h2")
    assert h2 is not None and h2.attributes.get("aria-labelledby") == "a--name-2"
    name = doc.css_first('[id="a--name-2"]')
    assert name is not None and name.html == '<span id="a--name-2">Kop &amp; <em>x</em></span>'
    label = doc.css_first(".wv-visually-hidden")
    assert label is not None and label.text() == "Link <naar>"
    assert label.attributes.get("lang") == "nl"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_empty_banner(variant_site: Path, lang: str) -> None:
    """Material writes its announcement bar whenever the block is not empty; a bar with
    nothing in it is a black strip and an empty landmark."""
    for path in pages_of(variant_site, lang):
        doc = LexborHTMLParser(path.read_text(encoding="utf-8"))
        assert [b for b in doc.css(".md-banner") if not b.text().strip()] == [], path
