"""One way to build: in one process or in forked ones, the same site; a failed build
publishes nothing and leaves the previous site as it was."""

from __future__ import annotations

import gzip
import logging
import os
import shutil
from pathlib import Path

import pytest

from conftest import UNTRANSLATED, build_report, build_site, tree
from winkelvloer.plugin import driver
from winkelvloer.plugin import plugin as site_plugin
from winkelvloer.plugin.driver import LanguageResult, merge_part, shown_messages
from winkelvloer.plugin.publish import Staging
from winkelvloer.render.sitemap import sitemap_entries


def differences(expected: Path, actual: Path) -> list[str]:
    """What differs between two built sites, file by file.

    No normalisation: both builds must give every file byte for byte, including the sitemaps
    (sorted by URL), Pagefind's bundles (named by content), the feeds and the cards. Nothing
    in a build depends on the order the languages are built in or on the time of day (feeds
    date entries by their front matter; sitemap.xml.gz is written with mtime 0).
    """
    want, got = tree(expected), tree(actual)
    found = [f"missing: {path}" for path in sorted(want.keys() - got.keys())]
    found += [f"extra: {path}" for path in sorted(got.keys() - want.keys())]
    found += [f"differs: {p}" for p in sorted(want.keys() & got.keys()) if want[p] != got[p]]
    return found


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real content with one translation missing: a fallback page (and its Dutch card)
    in a non-default language's part, as well as every kind of site-wide file."""
    docs = Path(shutil.copytree(Path(__file__).parents[1] / "docs", tmp_path / "docs"))
    slug, lang = UNTRANSLATED
    (docs / "artikelen" / f"{slug}.{lang}.md").unlink()
    # Each build draws its own cards: nothing is shared between the two but the sources.
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path / "cache"))
    return docs


def test_forked_languages_make_the_site_one_process_makes(corpus: Path, tmp_path: Path) -> None:
    expected = build_site(tmp_path / "one" / "site", corpus, jobs=1)
    actual = build_site(tmp_path / "forked" / "site", corpus, jobs=2)
    # What each part alone would get wrong, so the comparison below covers the merge.
    slug, lang = UNTRANSLATED
    assert (actual / lang / "artikelen" / slug / "index.html").is_file()
    assert (actual / "assets" / "cards" / "nl" / "artikelen" / f"{slug}.png").is_file()
    sitemap = sitemap_entries((actual / "sitemap.xml").read_bytes())
    assert {loc.split("/")[4] for loc in sitemap} >= {"en", "de", "fr", "artikelen"}
    assert (
        gzip.decompress((actual / "sitemap.xml.gz").read_bytes())
        == (actual / "sitemap.xml").read_bytes()
    )
    assert 'lang="nl"' in (actual / "404.html").read_text(encoding="utf-8")
    assert 'lang="en"' in (actual / "en" / "404.html").read_text(encoding="utf-8")
    assert not list((tmp_path / "forked").glob(".site.*-*")), "parts and new folder cleaned up"
    assert differences(expected, actual) == []


def test_the_comparison_finds_a_missing_extra_or_different_file(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for root in (one, two):
        (root / "en").mkdir(parents=True)
        (root / "index.html").write_text("<p>hallo</p>", encoding="utf-8")
        (root / "en" / "index.html").write_text("<p>hello</p>", encoding="utf-8")
    assert differences(one, two) == []
    (two / "en" / "index.html").write_text("<p>hello!</p>", encoding="utf-8")
    (one / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    (two / "feed.xml").write_text("<feed/>", encoding="utf-8")
    assert differences(one, two) == [
        "missing: robots.txt",
        "extra: feed.xml",
        "differs: en/index.html",
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_crashing_language_fails_in_one_line_and_the_site_stays(
    corpus: Path, tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = build_site(tmp_path / "site", corpus, jobs=1)
    before = tree(site)
    real = site_plugin.WinkelvloerPlugin.on_post_build

    def crash_in_english(self: site_plugin.WinkelvloerPlugin, *, config: object) -> None:
        if self.language is not None and self.language.lang == "en":
            raise RuntimeError("the disk is on fire")
        real(self, config=config)  # type: ignore[arg-type]

    monkeypatch.setattr(site_plugin.WinkelvloerPlugin, "on_post_build", crash_in_english)
    report = build_report(site, corpus, jobs=jobs, use_cache=False)  # nothing changed but code
    assert not report.ok
    failed = [r for r in report.results if not r.ok]
    assert [r.lang for r in failed] == ["en"]
    assert failed[0].error == "RuntimeError: the disk is on fire"
    assert tree(site) == before, "the previous site is untouched"
    assert not list(site.parent.glob(".site.*-*")), "nothing of the failed build is left"


def test_a_page_the_check_rejects_fails_the_strict_build_and_is_never_published(
    corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    page = corpus / "artikelen" / "waarom-je-restaurant-leeg-is.en.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    lines.append("[Broken](bestaat-niet.md)")
    page.write_text("\n".join(lines), encoding="utf-8")
    with caplog.at_level(logging.INFO):
        report = build_report(tmp_path / "site", corpus)
    assert not report.ok
    (broken,) = [f for f in report.findings if f.code == "LNK001"]
    assert broken.path.endswith("artikelen/waarom-je-restaurant-leeg-is.en.md")
    assert broken.line == len(lines)
    assert broken.as_text() in caplog.text
    assert not (tmp_path / "site").exists(), "nothing is published"
    lenient = build_report(tmp_path / "lenient", corpus, strict=False)
    assert lenient.ok
    english = tmp_path / "lenient" / "en" / "artikelen" / "waarom-je-restaurant-leeg-is"
    # The English page is left out: English readers get the Dutch page, with the notice.
    assert 'data-wv-notice="untranslated"' in (english / "index.html").read_text("utf-8")


def test_what_a_killed_build_left_is_removed_by_the_next(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    killed = Staging(site)  # as a build leaves it when killed before publishing
    (killed.folder / "half.html").write_text("<p>half</p>", encoding="utf-8")
    killed.close()
    assert len(list(tmp_path.glob(".site.*-*"))) == 2
    build_site(site, corpus, jobs=1)
    assert not list(tmp_path.glob(".site.*-*"))
    assert not (site / "half.html").exists()


# --- The pure parts ---------------------------------------------------------------------------


def test_messages_shown_once_without_the_parts_own_folders() -> None:
    shared = (logging.WARNING, "a warning about a file every language reads")
    results = [
        LanguageResult("nl", messages=[(logging.INFO, "Cleaning site directory"), shared]),
        LanguageResult("en", error="Aborted", messages=[shared]),
    ]
    assert shown_messages(results) == [shared]


def test_a_file_two_languages_write_is_a_collision_never_an_overwrite(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    nl, en = tmp_path / "nl", tmp_path / "en"
    for part, folder in ((nl, nl), (en, en / "en")):
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(part.name, encoding="utf-8")
        (part / "404.html").write_text(f"404 {part.name}", encoding="utf-8")
    (nl / "en").mkdir()
    (nl / "en" / "index.html").write_text("a Dutch page at the English home", encoding="utf-8")
    assert merge_part(nl, site, "") == []
    assert merge_part(en, site, "en") == ["en/index.html"]
    kept = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert kept == "a Dutch page at the English home"
    assert not (site / "404.html").exists(), "the driver writes each language's 404 page"


def test_default_jobs_is_the_usable_cores_but_one_for_a_small_site() -> None:
    cores = len(os.sched_getaffinity(0))
    assert driver.default_jobs(driver.SMALL_SITE) == cores
    assert driver.default_jobs(driver.SMALL_SITE - 1) == 1
