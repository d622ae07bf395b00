"""The content gate's checks of the changed pages: which built pages, and axe and Nu on them."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from conftest import CONFIG, LANGUAGES, PREFIX, REPO, SITE, require_chromium
from winkelvloer.cli.page_checks import check_pages
from winkelvloer.site import browser_checks
from winkelvloer.site.changed_pages import built_pages, changed_bases, page_url

SLUG = "nieuwe-klanten-werven"


@pytest.mark.parametrize(
    ("changed", "bases"),
    [
        ([f"docs/artikelen/{SLUG}.en.md"], [f"artikelen/{SLUG}.md"]),
        ([f"docs/artikelen/{SLUG}.md", f"docs/artikelen/{SLUG}.fr.md"], [f"artikelen/{SLUG}.md"]),
        (["docs/index.de.md", "docs/tags.md"], ["index.md", "tags.md"]),
        (["docs/assets/favicon.svg", "mkdocs.yml", "docs/artikelen/x.es.md"], []),
        (["docs/artikelen/een 'rare' naam.md"], ["artikelen/een 'rare' naam.md"]),
    ],
)
def test_changed_files_map_to_their_dutch_pages(changed: list[str], bases: list[str]) -> None:
    assert changed_bases(SITE, changed) == bases


def test_each_page_in_every_language(tmp_path: Path) -> None:
    site = dataclasses.replace(SITE, docs_dir=(tmp_path / "docs").resolve(), root=tmp_path)
    articles = site.docs_dir / "artikelen"
    articles.mkdir(parents=True)
    for name in (f"{SLUG}.md", f"{SLUG}.en.md"):
        (articles / name).write_text("x", encoding="utf-8")
    pages = {p.lang: p for p in built_pages(site, tmp_path / "site", [f"artikelen/{SLUG}.md"])}
    assert set(pages) == set(LANGUAGES)
    assert pages["nl"].url == f"artikelen/{SLUG}/"
    assert pages["en"].url == f"en/artikelen/{SLUG}/"
    assert pages["en"].source == f"artikelen/{SLUG}.en.md"
    assert pages["de"].source == f"artikelen/{SLUG}.md"  # shown in Dutch, with a notice
    assert (page_url("index.md"), page_url("tags.md")) == ("", "tags/")


@pytest.mark.browser
def test_axe_and_nu_find_what_is_wrong_on_a_changed_page(site: Path, tmp_path: Path) -> None:
    """A copy of the real site with one language's page broken: only that one is reported,
    on its Markdown file, by both checkers."""
    require_chromium()
    if isinstance(browser_checks.nu_command(REPO), str):
        pytest.skip("needs Java and vnu.jar (make install)")
    copy = Path(shutil.copytree(site, tmp_path / "site"))
    page = copy / PREFIX["en"] / "artikelen" / SLUG / "index.html"
    html = page.read_text(encoding="utf-8")
    broken = '<p><img src="x.png"></p><span id="twice"></span><span id="twice"></span><article'
    page.write_text(html.replace("<article", broken, 1), encoding="utf-8")
    assert CONFIG.parent == REPO
    findings, checked = check_pages(SITE, copy, [f"docs/artikelen/{SLUG}.md"])
    assert checked == len(LANGUAGES)
    assert {f.path for f in findings} == {f"docs/artikelen/{SLUG}.en.md"}
    assert {f.code for f in findings} == {"axe", "html"}
    assert any("image-alt" in f.message for f in findings if f.code == "axe")
    assert any("Duplicate ID" in f.message for f in findings if f.code == "html")
    assert check_pages(SITE, site, [f"docs/artikelen/{SLUG}.md"])[0] == []
