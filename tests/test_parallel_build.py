"""The parallel build (one process per language) makes the site the single-process one makes."""

from __future__ import annotations

import gzip
import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import CONFIG, REPO, UNTRANSLATED, tree
from winkelvloer.build import parallel
from winkelvloer.build.sitemap import sitemap_entries, sitemap_xml
from winkelvloer.cli import build as build_cli

LOCALES = ("nl", "en", "de", "fr")


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
    docs = Path(shutil.copytree(REPO / "docs", tmp_path / "docs"))
    slug, lang = UNTRANSLATED
    (docs / "artikelen" / f"{slug}.{lang}.md").unlink()
    # Each build draws its own cards: nothing is shared between the two but the sources.
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path / "cache"))
    return docs


def single_process(docs: Path, site: Path) -> Path:
    config = load_config(config_file=str(CONFIG), docs_dir=str(docs), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return site


def in_parallel(docs: Path, site: Path, jobs: int = 2) -> list[parallel.Outcome]:
    options = parallel.Options(config_file=str(CONFIG), docs_dir=str(docs))
    return parallel.build_site(options, site, LOCALES, "nl", jobs)


def test_parallel_build_makes_the_same_site(corpus: Path, tmp_path: Path) -> None:
    expected = single_process(corpus, tmp_path / "one")
    outcomes = in_parallel(corpus, tmp_path / "parallel")
    assert [o.lang for o in outcomes] == list(LOCALES)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    actual = tmp_path / "parallel"
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
    assert not list(tmp_path.glob(".parallel-parts-*")), "the parts are cleaned up"
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
    (two / "extra.json").write_text("{}", encoding="utf-8")
    assert differences(one, two) == [
        "missing: robots.txt",
        "extra: extra.json",
        "differs: en/index.html",
    ]


def test_a_failing_language_fails_the_build_with_its_own_message(
    corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    page = corpus / "artikelen" / f"{UNTRANSLATED[0]}.en.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n[Broken](bestaat-niet.md)\n", encoding="utf-8"
    )
    site = tmp_path / "site"
    outcomes = in_parallel(corpus, site)
    failed = [o for o in outcomes if not o.ok]
    assert [o.lang for o in failed] == ["en"]
    assert "strict mode" in (failed[0].error or "")
    assert "Traceback" not in (failed[0].error or "")
    assert not site.exists() or not any(site.iterdir()), "no half-merged site"
    with caplog.at_level(logging.INFO):
        assert build_cli.report(outcomes, LOCALES) == 1
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("bestaat-niet.md" in message for message in warnings), warnings
    assert "Build failed in en:" in caplog.records[-1].getMessage()


# --- The pure parts ---------------------------------------------------------------------------


def test_build_order_and_job_count() -> None:
    assert parallel.build_order(["en", "nl", "de"], "nl") == ["nl", "en", "de"]
    assert parallel.job_count(None, 4, 2) == 2
    assert parallel.job_count(8, 4, 2) == 4
    assert parallel.job_count(1, 4, 16) == 1
    assert parallel.job_count(None, 4, None) == 1


def test_messages_shown_once_without_the_parts_own_folders() -> None:
    shared = (logging.ERROR, "docs/x.exe: FIL001 not a page (left out of the site)")
    outcomes = [
        parallel.Outcome("nl", "", messages=[(logging.INFO, "Cleaning site directory"), shared]),
        parallel.Outcome("en", "", error="Aborted", messages=[shared]),
    ]
    assert parallel.shown_messages(outcomes) == [shared]
    assert parallel.failure_summary(outcomes) == "Build failed in en: Aborted"


def test_merge_replaces_in_build_order_but_keeps_the_default_404_and_merges_sitemaps(
    tmp_path: Path,
) -> None:
    parts = []
    for lang in ("nl", "en"):
        part = tmp_path / lang
        folder = part if lang == "nl" else part / lang
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(lang, encoding="utf-8")
        (part / "404.html").write_text(f"404 {lang}", encoding="utf-8")
        (part / "shared.txt").write_text(lang, encoding="utf-8")
        (part / "assets" / "cards" / lang).mkdir(parents=True)
        (part / "assets" / "cards" / lang / "a.png").write_bytes(lang.encode())
        url = "https://x.test/" + ("" if lang == "nl" else f"{lang}/")
        (part / "sitemap.xml").write_bytes(sitemap_xml({url: {lang: url}}))
        parts.append((lang, part))
    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.html").write_text("from an earlier build", encoding="utf-8")
    parallel.merge_parts(parts, site)
    assert sorted(tree(site)) == [
        "404.html",
        "assets/cards/en/a.png",
        "assets/cards/nl/a.png",
        "en/index.html",
        "index.html",
        "shared.txt",
        "sitemap.xml",
        "sitemap.xml.gz",
    ]
    assert (site / "404.html").read_text(encoding="utf-8") == "404 nl"
    assert (site / "shared.txt").read_text(encoding="utf-8") == "en"  # the last build's
    assert sitemap_entries((site / "sitemap.xml").read_bytes()) == {
        "https://x.test/": {"nl": "https://x.test/"},
        "https://x.test/en/": {"en": "https://x.test/en/"},
    }


def test_the_command_reads_the_languages_and_site_dir_from_mkdocs_yml() -> None:
    from winkelvloer.core.config import load_yaml_config

    settings = load_yaml_config(CONFIG)
    assert build_cli.languages(CONFIG) == (list(LOCALES), "nl")
    assert build_cli.site_dir(CONFIG, settings, None) == REPO / "site"
    assert build_cli.site_dir(CONFIG, settings, "elsewhere") == Path("elsewhere")
