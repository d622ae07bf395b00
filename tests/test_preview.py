"""The preview (make serve): what a save rebuilds, and that a quick rebuild gives the same
HTML as a full build."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import DEFAULT_LANGUAGE, LANGUAGES, PREFIX, REPO
from winkelvloer.cli.preview import Plan, Preview, _DirtyWarningFilter, plan

LOCALES = list(LANGUAGES)
SLUG = "waarom-je-restaurant-leeg-is"


def test_saving_a_translation_rebuilds_its_language() -> None:
    work = plan({f"artikelen/{SLUG}.en.md"}, False, LOCALES, DEFAULT_LANGUAGE)
    assert work == Plan(False, ["en"], {f"artikelen/{SLUG}.en.md"})


def test_saving_a_dutch_page_rebuilds_it_in_every_language() -> None:
    work = plan({f"artikelen/{SLUG}.md"}, False, LOCALES, DEFAULT_LANGUAGE)
    assert work == Plan(False, LOCALES, {f"artikelen/{SLUG}.md"})


@pytest.mark.parametrize(
    ("changed", "added_or_removed"),
    [({"assets/logo.svg"}, False), ({f"artikelen/{SLUG}.md"}, True), (set(), False)],
)
def test_anything_else_rebuilds_everything(changed: set[str], added_or_removed: bool) -> None:
    assert plan(changed, added_or_removed, LOCALES, DEFAULT_LANGUAGE).full


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Preview]:
    root = tmp_path / "project"
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000/")
    dirty = _DirtyWarningFilter()
    loggers = [logging.getLogger(name) for name in ("mkdocs", "mkdocs.commands.build")]
    for logger in loggers:
        logger.addFilter(dirty)
    preview = Preview(str(root / "mkdocs.yml"), "127.0.0.1:8000")
    preview.config.plugins.on_startup(command="serve", dirty=False)
    try:
        preview.full_build(preview.config)
        yield preview
    finally:
        preview.config.plugins.on_shutdown()
        for logger in loggers:
            logger.removeFilter(dirty)
        shutil.rmtree(preview.site_dir, ignore_errors=True)


def outputs(preview: Preview) -> dict[str, str]:
    site = Path(preview.site_dir)
    return {
        lang: (site / PREFIX[lang] / "artikelen" / SLUG / "index.html").read_text(encoding="utf-8")
        for lang in LOCALES
    }


@pytest.mark.parametrize(
    ("saved", "languages"), [(f"{SLUG}.en.md", ["en"]), (f"{SLUG}.md", LOCALES)]
)
def test_a_quick_rebuild_gives_the_html_of_a_full_build(
    preview: Preview, saved: str, languages: list[str]
) -> None:
    before = outputs(preview)
    source = Path(preview.docs_dir) / "artikelen" / saved
    os.utime(source)
    preview.quick_build(Plan(False, languages, {f"artikelen/{saved}"}))
    after = outputs(preview)
    assert after == before


def test_a_quick_rebuild_shows_the_saved_text(preview: Preview) -> None:
    source = Path(preview.docs_dir) / "artikelen" / f"{SLUG}.en.md"
    text = source.read_text(encoding="utf-8")
    at = text.index("\n## 2. ")
    source.write_text(f"{text[:at]}\nA paragraph just saved.\n{text[at:]}", encoding="utf-8")
    preview.quick_build(Plan(False, ["en"], {f"artikelen/{SLUG}.en.md"}))
    assert "A paragraph just saved." in outputs(preview)["en"]
    assert "A paragraph just saved." not in outputs(preview)["de"]


def test_the_preview_search_says_it_may_lag(preview: Preview) -> None:
    html = outputs(preview)["de"]
    assert 'class="wv-search__preview"' in html
    assert "Sekunden" in html
