"""Interface strings are text: what a translator writes in mkdocs.yml for a language (site name,
copyright, description, the language's name, the colour toggles' names, navigation titles, the
words under extra.strings) reaches every page of that language as text, never as markup, and
the check reports markup in them (CFG001).

The site is built from the real content and a copy of mkdocs.yml in which each such string of
the English entry ends in the same hostile markup: a frame, an image from another site, an
inline style and the characters that end an attribute.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from conftest import CONFIG, REPO, build_site

HOSTILE = (
    '<iframe src="https://evil.example/frame"></iframe>'
    '<img src="https://evil.example/pixel.png"><b style="color:red">X</b>"\'&'
)
LANG = "en"
# The English entry's strings that pages show, by where they are in the entry; read_also,
# closing_section and reading_time stay: the content's structure depends on them.
STRINGS = (
    ("site_name",),
    ("copyright",),
    ("site_description",),
    ("name",),
    ("theme", "palette", 0, "toggle", "name"),
    ("theme", "palette", 1, "toggle", "name"),
    ("nav_translations", "Home"),
    ("nav_translations", "Tags"),
    *(("extra", "strings", word) for word in ("search", "articles", "contents", "home")),
    *(("extra", "strings", word) for word in ("published", "untranslated", "permalink")),
    *(("extra", "strings", word) for word in ("search_input", "search_close", "outdated")),
    *(("extra", "strings", word) for word in ("not_found_title", "not_found_text")),
)


def child(node: yaml.Node, key: str | int) -> yaml.Node:
    if isinstance(key, int):
        assert isinstance(node, yaml.SequenceNode)
        return node.value[key]
    assert isinstance(node, yaml.MappingNode)
    return next(value for name, value in node.value if name.value == key)


def hostile_config() -> str:
    """The real mkdocs.yml with HOSTILE after each of STRINGS in the English entry. Composed,
    not loaded, so its tags (!ENV, the slugify function) are written back as they were."""
    root = yaml.compose(CONFIG.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert root is not None
    plugins = child(root, "plugins")
    assert isinstance(plugins, yaml.SequenceNode)
    i18n = next(
        child(item, "i18n")
        for item in plugins.value
        if isinstance(item, yaml.MappingNode) and item.value[0][0].value == "i18n"
    )
    languages = child(i18n, "languages")
    assert isinstance(languages, yaml.SequenceNode)
    entry = next(e for e in languages.value if child(e, "locale").value == LANG)
    for path in STRINGS:
        node = entry
        for key in path:
            node = child(node, key)
        assert isinstance(node, yaml.ScalarNode)
        node.value, node.style = node.value + HOSTILE, '"'
    return yaml.serialize(root, Dumper=yaml.SafeDumper, allow_unicode=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("interface-strings")
    (root / "mkdocs.yml").write_text(hostile_config(), encoding="utf-8")
    (root / "overrides").symlink_to(REPO / "overrides", target_is_directory=True)
    shutil.copytree(REPO / "docs", root / "docs")
    return root


@pytest.fixture(scope="module")
def english_pages(project: Path) -> dict[str, LexborHTMLParser]:
    """The site built without --strict: the strict build refuses it (CFG001, as the check
    does), and what the escaping holds is seen only in a site that was written."""
    command = [sys.executable, "-m", "winkelvloer.cli.build", "--jobs", "1", "-q", "--strict"]
    strict = subprocess.run(
        command, cwd=project, capture_output=True, text=True, timeout=600, check=False
    )
    assert strict.returncode == 1 and "CFG001" in strict.stderr, strict.stderr
    assert not (project / "site").exists()
    build_site(project / "site", config_file=project / "mkdocs.yml", strict=False)
    site = project / "site" / LANG
    pages = {
        path.relative_to(site).as_posix(): LexborHTMLParser(path.read_text(encoding="utf-8"))
        for path in sorted(site.rglob("*.html"))
    }
    assert len(pages) >= 5
    return pages


def test_no_string_becomes_markup(english_pages: dict[str, LexborHTMLParser]) -> None:
    for name, page in english_pages.items():
        assert page.css("iframe") == [], name
        assert [img for img in page.css("img") if "evil" in (img.attributes.get("src") or "")] == []
        styled = [n.tag for n in page.css("[style]") if "red" in (n.attributes.get("style") or "")]
        assert styled == [], name


def texts(page: LexborHTMLParser, selector: str) -> list[str]:
    return [node.text(deep=True) for node in page.css(selector)]


def attributes(page: LexborHTMLParser, selector: str, name: str) -> list[str]:
    return [node.attributes.get(name) or "" for node in page.css(selector)]


def test_every_string_is_shown_as_typed(english_pages: dict[str, LexborHTMLParser]) -> None:
    home = english_pages["index.html"]
    shown = {
        "copyright": texts(home, ".md-copyright__highlight"),
        "site name, navigation": texts(home, "label.md-nav__title"),
        "site name, header": texts(home, ".md-header__topic .md-ellipsis"),
        "toggle names": attributes(home, "input.md-option", "aria-label"),
        "toggle titles": attributes(home, "label.md-header__button[for^=__palette]", "title"),
        "navigation titles": texts(home, ".md-nav__link"),
    }
    not_found = english_pages["404.html"]  # no front matter: the site's own words
    shown |= {
        "site description": attributes(not_found, 'meta[name="description"]', "content"),
        "page title": texts(not_found, "title"),
        "words": texts(not_found, "h1"),
    }
    for where, values in shown.items():
        assert any(HOSTILE in value for value in values), (where, values)


def test_the_check_reports_each_string(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "winkelvloer.cli.check"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    reported = [line for line in result.stdout.splitlines() if " CFG001 " in line]
    assert len(reported) == len(STRINGS)
    assert all(line.startswith("mkdocs.yml:") and f"language '{LANG}'" in line for line in reported)
