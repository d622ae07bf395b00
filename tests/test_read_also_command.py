"""make read-also: one read-also line in an article and all its translations at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import CHECK_BASE
from winkelvloer.cli import read_also
from winkelvloer.cli.check import run
from winkelvloer.core.config import load_site_config

ARTICLES = Path("docs/artikelen")
LANGUAGES = ("nl", "en", "de", "fr")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = Path(shutil.copytree(CHECK_BASE, tmp_path / "site"))
    monkeypatch.chdir(root)
    return root


def page(lang: str, slug: str = "alpha") -> Path:
    return ARTICLES / (f"{slug}.md" if lang == "nl" else f"{slug}.{lang}.md")


def title(root: Path, lang: str, slug: str) -> str:
    text = (root / page(lang, slug)).read_text(encoding="utf-8")
    return str(yaml.safe_load(text.split("---\n")[1])["title"])


def label(root: Path, lang: str) -> str:
    word = load_site_config(root / "mkdocs.yml").by_locale[lang].read_also
    return f"{word} :" if lang == "fr" else f"{word}:"


def lines_of(root: Path, lang: str, slug: str = "alpha") -> list[str]:
    return (root / page(lang, slug)).read_text(encoding="utf-8").split("\n")


def test_every_language_gets_its_label_and_the_targets_title(site: Path) -> None:
    titles = {lang: title(site, lang, "beta") for lang in LANGUAGES}
    before = {lang: lines_of(site, lang) for lang in LANGUAGES}
    assert read_also.main(["beta", "alpha", "--section", "1"]) == 0
    for lang in LANGUAGES:
        beta = lines_of(site, lang, "beta")
        expected = f"{label(site, lang)} [{title(site, lang, 'alpha')}](alpha.md)"
        assert beta.count(expected) == 2, lang  # the closing section had it already
        at = beta.index(expected)
        heading = next(line for line in beta[at:] if line.startswith("## "))
        assert heading.startswith("## 2. "), lang  # at the end of section 1
        assert beta[at - 1] == beta[at + 1] == "", lang
        assert lines_of(site, lang) == before[lang]  # the target is not touched
    assert titles == {lang: title(site, lang, "beta") for lang in LANGUAGES}
    # The translations matched their source before, and still do: no FRS002, nothing else.
    assert run(site / "mkdocs.yml", use_cache=False) == []


def test_the_closing_section_by_default(site: Path) -> None:
    for lang in LANGUAGES:  # beta's closing section loses its line to alpha
        path = site / page(lang, "beta")
        kept = [line for line in lines_of(site, lang, "beta") if "(alpha.md)" not in line]
        path.write_text("\n".join(kept), encoding="utf-8")
    assert read_also.main(["beta", "alpha"]) == 0
    for lang in LANGUAGES:
        text = [line for line in lines_of(site, lang, "beta") if line.strip()]
        assert text[-1] == f"{label(site, lang)} [{title(site, lang, 'alpha')}](alpha.md)"


def test_missing_translations_are_skipped_or_named(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / page("de", "alpha")).unlink()  # the article has no German translation
    (site / page("fr", "beta")).unlink()  # the target has no French one
    assert read_also.main(["alpha", "beta", "--section", "2"]) == 0
    out = capsys.readouterr().out
    assert not (site / page("de", "alpha")).exists()
    french = lines_of(site, "fr")
    assert f"{label(site, 'fr')} [{title(site, 'nl', 'beta')}](beta.md)" in french
    assert f"{page('fr')}: note: artikelen/beta.md has no French translation yet" in out


def test_a_page_that_has_the_line_is_left_as_it_is(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert read_also.main(["beta", "alpha", "--section", "1"]) == 0
    capsys.readouterr()
    after = {lang: lines_of(site, lang, "beta") for lang in LANGUAGES}
    assert read_also.main(["beta", "alpha", "--section", "1"]) == 0
    assert {lang: lines_of(site, lang, "beta") for lang in LANGUAGES} == after
    assert capsys.readouterr().out.count("already has a read-also line") == len(LANGUAGES)


def test_an_edit_saved_meanwhile_is_never_overwritten(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    german = site / page("de", "beta")
    planned = read_also.plan

    def editor_saves_meanwhile(*arguments: object) -> list[read_also.Edit]:
        edits = planned(*arguments)  # type: ignore[arg-type]
        german.write_text(german.read_text(encoding="utf-8") + "\nNeuer Satz.\n")
        return edits

    monkeypatch.setattr(read_also, "plan", editor_saves_meanwhile)
    before = {lang: lines_of(site, lang, "beta") for lang in ("nl", "en", "fr")}
    assert read_also.main(["beta", "alpha", "--section", "1"]) == 1
    assert "changed since it was read; nothing was written" in capsys.readouterr().err
    assert {lang: lines_of(site, lang, "beta") for lang in ("nl", "en", "fr")} == before
    assert german.read_text(encoding="utf-8").endswith("\nNeuer Satz.\n")
    assert not [p for p in german.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["beta", "alpha", "--section", "9"], "SECTION=9: the article has no such section"),
        (["nergens", "alpha"], "there is no Dutch article docs/artikelen/nergens.md"),
        (["beta", "nergens"], "there is no Dutch article docs/artikelen/nergens.md"),
        (["beta", "beta"], "TARGET is the article itself"),
    ],
)
def test_bad_input_is_one_line(
    site: Path, arguments: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = {p: p.read_bytes() for p in (site / "docs").rglob("*") if p.is_file()}
    assert read_also.main(arguments) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and words in error
    assert {p: p.read_bytes() for p in (site / "docs").rglob("*") if p.is_file()} == snapshot
