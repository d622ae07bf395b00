"""The preview (make serve): each save rebuilds the site as `make build` would, drafts and
mistakes included; a page with a mistake shows what `make check` says about it, at its top,
and every other page keeps working."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    LANGUAGES,
    PREFIX,
    REPO,
    free_port,
    require_chromium,
    word,
)
from winkelvloer.cli.preview import Preview, main

SLUG = "waarom-je-restaurant-leeg-is"
BROKEN_LINK = "\n[Een kapotte link](bestaat-niet.md)\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "docs", root / "docs")
    (root / "overrides").symlink_to(REPO / "overrides", target_is_directory=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture
def preview(project: Path) -> Iterator[Preview]:
    preview = Preview(str(project / "mkdocs.yml"), f"127.0.0.1:{free_port()}", jobs=1)
    try:
        preview.build()
        yield preview
    finally:
        shutil.rmtree(preview.folder, ignore_errors=True)


def page(preview: Preview, lang: str, path: str = f"artikelen/{SLUG}") -> LexborHTMLParser:
    built = preview.site_dir / PREFIX[lang] / path / "index.html"
    return LexborHTMLParser(built.read_text(encoding="utf-8"))


def add_to(preview: Preview, name: str, text: str) -> int:
    """Append `text` to a page of the preview's docs; the line it starts on."""
    source = Path(preview.watched[0]) / "artikelen" / name
    before = source.read_text(encoding="utf-8")
    source.write_text(before + text, encoding="utf-8")
    return before.count("\n") + text.count("\n", 0, len(text) - len(text.lstrip("\n"))) + 1


def test_a_save_shows_the_saved_text(preview: Preview) -> None:
    source = Path(preview.watched[0]) / "artikelen" / f"{SLUG}.en.md"
    text = source.read_text(encoding="utf-8")
    at = text.index("\n## 2. ")
    source.write_text(f"{text[:at]}\nA paragraph just saved.\n{text[at:]}", encoding="utf-8")
    preview.build()
    assert "A paragraph just saved." in page(preview, "en").text()
    assert "A paragraph just saved." not in page(preview, "de").text()


def test_the_preview_search_says_it_may_lag(preview: Preview) -> None:
    notice = page(preview, "de").css_first(".wv-search__preview")
    assert notice is not None and "Sekunden" in notice.text()


def test_a_broken_link_shows_a_banner_in_the_page_language_until_fixed(preview: Preview) -> None:
    line = add_to(preview, f"{SLUG}.en.md", BROKEN_LINK)
    preview.build()
    banner = page(preview, "en").css_first(".wv-findings")
    assert banner is not None
    assert word("en", "preview_findings") in banner.text()
    (item,) = banner.css("[data-wv-finding]")
    assert item.attributes["data-wv-finding"] == "LNK001"
    assert f"{word('en', 'line')} {line}:" in item.text()
    for lang in LANGUAGES:  # every other page is built as before
        assert page(preview, lang, "").css_first("h1") is not None
        if lang != "en":
            assert page(preview, lang).css_first(".wv-findings") is None
    source = Path(preview.watched[0]) / "artikelen" / f"{SLUG}.en.md"
    source.write_text(source.read_text(encoding="utf-8").replace(BROKEN_LINK, ""), "utf-8")
    preview.build()
    assert page(preview, "en").css_first(".wv-findings") is None


def test_a_page_with_broken_front_matter_shows_its_findings_without_its_text(
    preview: Preview,
) -> None:
    source = Path(preview.watched[0]) / "artikelen" / f"{SLUG}.de.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("\ntitle: ", "\ntitle: [nicht geschlossen ", 1), "utf-8")
    preview.build()
    broken = page(preview, "de")
    codes = [i.attributes["data-wv-finding"] for i in broken.css("[data-wv-finding]")]
    assert codes[:1] == ["FM001"]
    assert word("de", "preview_findings") in broken.css_first(".wv-findings").text()
    assert page(preview, "en").css_first(".wv-findings") is None


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--dev-addr", "no-port"], "--dev-addr must be host:port"),
        (["-f", "missing.yml"], "missing.yml"),
    ],
)
def test_a_bad_start_is_one_line(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and says in err, err


def test_a_port_in_use_is_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = main(["-f", str(project / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"])
    assert status == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"127.0.0.1:{port} is already in use" in err, err


# --- In the browser, as an editor sees it -------------------------------------------------------


@pytest.mark.browser
def test_the_banner_comes_and_goes_with_the_mistake_in_chromium(project: Path) -> None:
    require_chromium()
    from playwright.sync_api import sync_playwright

    preview = Preview(str(project / "mkdocs.yml"), f"127.0.0.1:{free_port()}", jobs=1)
    server = preview.start()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{preview.port}{preview.mount_path}"
    article = f"artikelen/{SLUG}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            tab = browser.new_page()
            tab.goto(f"{base}en/{article}")
            assert tab.locator(".wv-findings").count() == 0
            add_to(preview, f"{SLUG}.en.md", BROKEN_LINK)
            tab.wait_for_selector(".wv-findings", timeout=60_000)  # live reload
            assert "LNK001" in tab.locator(".wv-findings").inner_text()
            for lang in LANGUAGES:
                other = browser.new_page()
                answer = other.goto(f"{base}{PREFIX[lang]}")
                assert answer is not None and answer.status == 200
                assert other.locator("h1").count() == 1
                other.close()
            source = Path(preview.watched[0]) / "artikelen" / f"{SLUG}.en.md"
            source.write_text(source.read_text("utf-8").replace(BROKEN_LINK, ""), "utf-8")
            deadline = time.monotonic() + 60
            while tab.locator(".wv-findings").count() and time.monotonic() < deadline:
                tab.wait_for_timeout(200)
            assert tab.locator(".wv-findings").count() == 0
            browser.close()
    finally:
        server.shutdown()
        thread.join(timeout=10)
        shutil.rmtree(preview.folder, ignore_errors=True)
