"""A fifth language is one entry in mkdocs.yml plus its files, and no code.

The site is built from the real mkdocs.yml with the Italian entry of
tests/fixtures/fifth_language/language.yml added under plugins.i18n.languages, and the real
content with that fixture's Italian files added: the home page, the tags page and the owner's
article. The other articles have no Italian translation, so Italian readers get them with a
notice.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser, LexborNode

from conftest import CONFIG, LANGUAGES, REPO, SITE, as_written, build_site
from winkelvloer.cli.check import run as check_content
from winkelvloer.cli.check_site import main as check_site_main
from winkelvloer.core.config import SiteConfig, load_site_config
from winkelvloer.core.findings import Severity

FIXTURE = REPO / "tests" / "fixtures" / "fifth_language"
LANG = "it"
SITE_URL = SITE.site_url.rstrip("/") + "/"
TRANSLATED = "waarom-verkopen-geen-hardloopwedstrijd-is"
UNTRANSLATED = "nieuwe-klanten-werven"
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def mapping_value(node: yaml.Node | None, key: str) -> yaml.Node:
    assert isinstance(node, yaml.MappingNode)
    return next(value for name, value in node.value if name.value == key)


def config_with_language(entry_file: Path) -> str:
    """The real mkdocs.yml with one more language entry. Composed, not loaded, so its tags
    (!ENV, the slugify function) are written back as they were."""
    root = yaml.compose(CONFIG.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    plugins = mapping_value(root, "plugins")
    i18n = next(
        mapping_value(item, "i18n")
        for item in plugins.value
        if isinstance(item, yaml.MappingNode) and item.value[0][0].value == "i18n"
    )
    languages = mapping_value(i18n, "languages")
    entry = yaml.compose(entry_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    languages.value.append(entry)
    return yaml.serialize(root, Dumper=yaml.SafeDumper, allow_unicode=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the site with the fifth language: its mkdocs.yml, docs/ and overrides/."""
    root = tmp_path_factory.mktemp("fifth-language")
    (root / "mkdocs.yml").write_text(config_with_language(FIXTURE / "language.yml"), "utf-8")
    (root / "overrides").symlink_to(REPO / "overrides", target_is_directory=True)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(FIXTURE / "docs", root / "docs", dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return build_site(project / "site", config_file=project / "mkdocs.yml")


@pytest.fixture(scope="module")
def settings(project: Path) -> SiteConfig:
    return load_site_config(project / "mkdocs.yml")


def page_path(site: Path, lang: str, url_path: str) -> Path:
    """A built page, in the folder the configuration gives its language."""
    folder = load_site_config(site.parent / "mkdocs.yml").by_locale[lang].folder
    return site / folder / url_path / "index.html"


def parse(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def first(doc: LexborHTMLParser | LexborNode, selector: str) -> LexborNode:
    node = doc.css_first(selector)
    assert node is not None, selector
    return node


def attribute(node: LexborNode, name: str) -> str:
    value = node.attributes.get(name)
    assert value is not None, name
    return value


def word(settings: SiteConfig, name: str) -> str:
    value = settings.by_locale[LANG].word(name)
    assert value
    return value


def test_the_fixture_adds_one_language(settings: SiteConfig) -> None:
    assert [lang.locale for lang in settings.languages] == [*LANGUAGES, LANG]
    assert settings.default.locale == load_site_config(CONFIG).default.locale


def test_pages_are_published_under_the_language_code(site: Path) -> None:
    for url_path in ("", "tags", f"artikelen/{TRANSLATED}", f"artikelen/{UNTRANSLATED}"):
        path = page_path(site, LANG, url_path)
        assert path == site / LANG / url_path / "index.html"
        assert attribute(first(parse(path), "html"), "lang") == LANG, url_path


def test_the_switcher_lists_five_languages(site: Path) -> None:
    for lang in (*LANGUAGES, LANG):
        doc = parse(page_path(site, lang, f"artikelen/{TRANSLATED}"))
        links = {attribute(a, "hreflang"): a for a in doc.css("a.md-select__link")}
        assert sorted(links) == sorted([*LANGUAGES, LANG]), lang
        assert links[LANG].text().strip().endswith("Italiano")


def test_hreflang_and_sitemap_alternates_include_it(site: Path) -> None:
    italian = f"{SITE_URL}{LANG}/artikelen/{TRANSLATED}/"
    for lang in (*LANGUAGES, LANG):
        doc = parse(page_path(site, lang, f"artikelen/{TRANSLATED}"))
        links = {
            attribute(link, "hreflang"): attribute(link, "href")
            for link in doc.css('head link[rel="alternate"][hreflang]')
        }
        assert links[LANG] == italian, lang
    root = ET.parse(site / "sitemap.xml").getroot()
    entries = {
        entry.findtext("s:loc", namespaces=SITEMAP_NS): {
            link.get("hreflang"): link.get("href") for link in entry.findall("x:link", SITEMAP_NS)
        }
        for entry in root.findall("s:url", SITEMAP_NS)
    }
    assert entries[italian][LANG] == italian
    assert entries[f"{SITE_URL}artikelen/{TRANSLATED}/"][LANG] == italian
    # An untranslated page is no Italian page: not in the sitemap, no Italian alternate.
    assert f"{SITE_URL}{LANG}/artikelen/{UNTRANSLATED}/" not in entries
    assert LANG not in entries[f"{SITE_URL}artikelen/{UNTRANSLATED}/"]


def test_open_graph_locale_comes_from_the_entry(site: Path) -> None:
    doc = parse(page_path(site, LANG, f"artikelen/{TRANSLATED}"))
    assert attribute(first(doc, 'meta[property="og:locale"]'), "content") == "it_IT"
    dutch = parse(page_path(site, "nl", f"artikelen/{TRANSLATED}"))
    alternates = {
        attribute(m, "content") for m in dutch.css('meta[property="og:locale:alternate"]')
    }
    assert "it_IT" in alternates


def test_search_bundle_of_its_own(site: Path) -> None:
    entry = json.loads((site / LANG / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    # The translated article and the home page; the fallbacks stay out of the index.
    assert list(entry["languages"]) == [LANG]
    assert entry["languages"][LANG]["page_count"] >= 1


def test_feed_of_its_own(site: Path, settings: SiteConfig) -> None:
    feed = ET.parse(site / LANG / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == LANG
    assert feed.findtext(f"{atom}title") == settings.by_locale[LANG].site_name
    links = [
        link.get("href")
        for entry in feed.findall(f"{atom}entry")
        for link in entry.findall(f"{atom}link")
    ]
    assert f"{SITE_URL}{LANG}/artikelen/{TRANSLATED}/" in links


def test_interface_strings_are_italian(site: Path, settings: SiteConfig) -> None:
    doc = parse(page_path(site, LANG, f"artikelen/{TRANSLATED}"))
    assert first(doc, ".wv-byline__author").text() == word(settings, "author")
    assert first(doc, "time").text().strip() == "5 ottobre 2026"
    labels = {as_written(n.text().strip()) for n in doc.css(".wv-related__label")}
    assert labels == {word(settings, "read_also")}
    assert first(doc, "title").text().endswith(f" \u2013 {settings.by_locale[LANG].site_name}")
    assert "Argomenti" in {a.text().strip() for a in doc.css("nav.md-nav--primary a")}
    missing = parse(site / LANG / "404.html")
    assert first(missing, "h1").text() == word(settings, "not_found_title")


def test_search_dialog_speaks_italian(site: Path, settings: SiteConfig) -> None:
    """What the search dialog shows and reads out comes from the Italian strings alone,
    including the result count in each plural form they give."""
    dialog = first(parse(page_path(site, LANG, "")), "dialog[data-wv-search]")
    said = {
        "data-loading": "search_loading",
        "data-no-results": "search_no_results",
        "data-error": "search_error",
        "data-results-one": "search_results_one",
        "data-results-other": "search_results_other",
    }
    for name, key in said.items():
        assert as_written(attribute(dialog, name)) == word(settings, key), name
    field = first(dialog, "[data-wv-search-input]")
    assert attribute(field, "placeholder") == word(settings, "search_placeholder")
    more = first(dialog, "[data-wv-search-more]")
    assert as_written(more.text()) == word(settings, "search_more")


def test_untranslated_page_falls_back_with_an_italian_notice(
    site: Path, settings: SiteConfig
) -> None:
    page = page_path(site, LANG, f"artikelen/{UNTRANSLATED}")
    doc = parse(page)
    notice = first(doc, '[data-wv-notice="untranslated"]')
    assert word(settings, "untranslated") in as_written(notice.text())
    link = first(notice, "a")
    assert attribute(link, "hreflang") == "nl"
    assert as_written(link.text().strip()) == word(settings, "untranslated_link")
    assert doc.css_first('div[lang="nl"] h1') is not None
    assert attribute(first(doc, 'meta[name="robots"]'), "content").startswith("noindex")


def test_the_content_check_passes(project: Path) -> None:
    findings = check_content(project / "mkdocs.yml", use_cache=False)
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    # Links to articles without an Italian translation yet are fine (LNK006, a warning).
    italian = [f for f in findings if f.path.endswith(f".{LANG}.md")]
    assert {f.code for f in italian} <= {"LNK006"}


def test_the_site_check_passes(
    site: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = check_site_main([str(site), "-f", str(project / "mkdocs.yml"), "--strict"])
    assert code == 0, capsys.readouterr().out
