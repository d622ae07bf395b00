"""Each feature of the site's plugin can be turned off in mkdocs.yml, and then its output is gone.

Every feature in plugin/config.py is turned off on its own, in a copy of mkdocs.yml
(`- winkelvloer: {<feature>: {enabled: false}}`), and the content with an untranslated and an
outdated page is built with it: the build succeeds, and what the feature adds, found in the
site built with every feature on, is nowhere in it. A setting the plugin does not have stops
the build with one line naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from mkdocs.config import config_options as c
from selectolax.lexbor import LexborHTMLParser

from conftest import (
    CONFIG,
    DEFAULT_LANGUAGE,
    PREFIX,
    build_report,
    build_site,
    config_tree,
    one_line_failure,
    parse,
    plugin_entries,
    plugin_name,
    project_with,
    word,
)
from winkelvloer.plugin.config import WinkelvloerConfig
from winkelvloer.plugin.driver import BuildFailed

FEATURES = tuple(
    name for name, option in vars(WinkelvloerConfig).items() if isinstance(option, c.SubConfig)
)
READ_ALSO_PAGE = "artikelen/nieuwe-klanten-werven/index.html"
CARDS = "assets/cards/"  # where the social cards are published
TYPESET = frozenset("\u2019\u202f\u00a0")  # apostrophe, narrow and plain no-break spaces


def config_with_plugin_settings(settings: str) -> yaml.MappingNode:
    """mkdocs.yml with `- winkelvloer: <settings>` (YAML) for its `- winkelvloer` entry."""
    config = config_tree()
    entries = plugin_entries(config)
    index = next(i for i, e in enumerate(entries.value) if plugin_name(e) == "winkelvloer")
    assert isinstance(entries.value[index], yaml.ScalarNode), "winkelvloer has settings now"
    entries.value[index] = yaml.compose(f"winkelvloer: {settings}", Loader=yaml.SafeLoader)
    return config


# --- What each feature leaves in the site ------------------------------------------------


def pages(site: Path) -> Iterator[tuple[str, LexborHTMLParser]]:
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), parse(path)


def files(site: Path, *names: str) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for name in names for p in site.rglob(name))


def elements(site: Path, selector: str) -> list[str]:
    """The pages with an element that matches `selector`."""
    return [path for path, page in pages(site) if page.css_first(selector) is not None]


def typeset_text(site: Path) -> list[str]:
    """The pages with a typographic apostrophe or a French no-break space: neither is in the
    content or in mkdocs.yml as they are written (test_the_content_is_typed_plainly)."""
    return [
        path.relative_to(site).as_posix()
        for path in sorted(site.rglob("*.html"))
        if TYPESET.intersection(path.read_text(encoding="utf-8"))
    ]


HOME_PAGES = tuple(f"{PREFIX[lang]}index.html" for lang in PREFIX)
TRACES: dict[str, Callable[[Path], list[str]]] = {
    "cards": lambda site: elements(site, "aside.wv-related"),
    "listing": lambda site: [
        p for p in elements(site, ".wv-listing, .wv-listing__heading") if p in HOME_PAGES
    ],
    "byline": lambda site: elements(site, ".wv-byline"),
    "contents": lambda site: elements(site, ".wv-toc"),
    "notices": lambda site: elements(site, ".wv-notice[data-wv-notice]"),
    "typography": typeset_text,
    "seo": lambda site: elements(
        site,
        'link[rel="canonical"], link[rel="alternate"][hreflang], meta[property^="og:"], '
        'script[type="application/ld+json"]',
    ),
    "sitemap": lambda site: files(site, "sitemap.xml", "sitemap.xml.gz"),
    "not_found": lambda site: files(site, "404.html"),
    "feeds": lambda site: [
        *files(site, "feed.xml"),
        *elements(site, 'link[rel="alternate"][type="application/atom+xml"]'),
    ],
    "social_cards": lambda site: [
        *(p for p in files(site, "*.png") if p.startswith(CARDS)),
        *elements(site, 'meta[property="og:image"]'),
    ],
    "icons": lambda site: [
        *files(site, "favicon.ico", "apple-touch-icon.png"),
        *elements(site, 'link[rel="apple-touch-icon"]'),
    ],
    "robots": lambda site: files(site, "robots.txt"),
    "search": lambda site: [*files(site, "pagefind"), *elements(site, "[data-pagefind-body]")],
}


def test_every_feature_is_tested() -> None:
    assert sorted(TRACES) == sorted(FEATURES)


def test_the_content_is_typed_plainly(variant_docs: Path) -> None:
    for source in [CONFIG, *variant_docs.rglob("*.md")]:
        assert not TYPESET.intersection(source.read_text(encoding="utf-8")), source


# --- Each feature off -------------------------------------------------------------------


@pytest.mark.parametrize("feature", FEATURES)
def test_a_feature_turned_off_leaves_nothing_in_the_site(
    feature: str, variant_site: Path, variant_docs: Path, tmp_path: Path
) -> None:
    traces = TRACES[feature]
    assert traces(variant_site), f"the site with every feature on has no {feature}"
    config = config_with_plugin_settings(f"{{{feature}: {{enabled: false}}}}")
    project = project_with(tmp_path / "project", config, variant_docs)
    site = build_site(project / "site", config_file=project / "mkdocs.yml")
    assert traces(site) == []
    if feature == "cards":  # the read-also line is left as the editor wrote it
        label = word(DEFAULT_LANGUAGE, "read_also")
        lines = [
            p for p in parse(site / READ_ALSO_PAGE).css("p") if p.text().startswith(f"{label}:")
        ]
        assert lines and all(p.css_first("a[href]") is not None for p in lines)


# --- Settings the plugin does not have ----------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ("{colour: teal}", "'colour'"),
        ("{cards: {enabeld: false}}", "'enabeld'"),
        ("{feeds: {enabled: sometimes}}", "'enabled'"),
    ],
    ids=["unknown setting", "unknown setting of a feature", "not a yes or no"],
)
def test_a_setting_the_plugin_does_not_have_stops_the_build_in_one_line(
    settings: str, named: str, tmp_path: Path
) -> None:
    project = project_with(tmp_path / "project", config_with_plugin_settings(settings))
    line = one_line_failure(project)
    assert "winkelvloer" in line and named in line


def test_a_misspelt_setting_stops_a_build_that_is_not_strict(tmp_path: Path) -> None:
    """The preview (`make serve`) does not build strictly: MkDocs would only warn there, and
    the preview would show the cards it was asked to leave out."""
    config = config_with_plugin_settings("{cards: {enabeld: false}}")
    project = project_with(tmp_path / "project", config)
    with pytest.raises(BuildFailed, match="'enabeld'"):
        build_report(project / "site", config_file=project / "mkdocs.yml", strict=False)
