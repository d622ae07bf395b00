"""make new, make translate and make mark-updated: what they write passes the check, they
never overwrite a file, and every command a message suggests runs as written."""

from __future__ import annotations

import datetime
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, TRANSLATED_LANGUAGES
from winkelvloer.cli import new_page
from winkelvloer.cli.check import run
from winkelvloer.core.config import load_site_config

SLUG = "een-klacht-is-een-tweede-kans"
TITLE = "Een klacht is een tweede kans"
DESCRIPTION = (
    "Hoe je van een boze klant iemand maakt die terugkomt, je aanbeveelt en er zelf over vertelt."
)
RELATED = "waarom-je-restaurant-leeg-is"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The content, configuration, scripts and Makefile, without a .venv of its own."""
    root = tmp_path / "project"
    for name in ("docs", "scripts", "requirements", "overrides"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "Makefile", "pyproject.toml"):
        shutil.copy2(REPO / name, root / name)
    return root


def new_article(root: Path, **values: str) -> Path:
    site = load_site_config(root / "mkdocs.yml")
    arguments = {"title": TITLE, "slug": None, "tags": "klantcontact, Winkel"} | values
    return new_page.new_article(
        site,
        title=arguments["title"],
        slug=arguments["slug"],
        tags=arguments["tags"],
        description=DESCRIPTION,
        sections=3,
        draft=False,
        reader=None,
        today=datetime.date(2026, 11, 30),
    )


def errors(root: Path) -> list[str]:
    return [f.as_text() for f in run(root / "mkdocs.yml", use_cache=False) if f.is_error]


def test_new_article_passes_the_check(project: Path) -> None:
    path = new_article(project)
    assert path == project / "docs" / "artikelen" / f"{SLUG}.md"
    text = path.read_text(encoding="utf-8")
    assert f"# {TITLE}\n" in text
    assert "date: 2026-11-30\n" in text
    assert "  - Klantcontact\n  - Winkel\n" in text
    assert "## 1. " in text and "## Slotgedachte" in text
    assert errors(project) == []


def test_new_article_refuses_to_overwrite(project: Path) -> None:
    path = new_article(project)
    path.write_text(path.read_text(encoding="utf-8") + "\nMijn tekst.\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(new_page.NewPageError, match="already exists"):
        new_article(project)
    assert path.read_bytes() == before


def test_new_article_names_the_tag_it_did_not_know(project: Path) -> None:
    with pytest.raises(new_page.NewPageError, match="did you mean 'Klantcontact'"):
        new_article(project, tags="Klantkontact")
    assert not (project / "docs" / "artikelen" / f"{SLUG}.md").exists()


@pytest.mark.parametrize("description", ["Kort.", "Lang. " * 30])
def test_new_article_refuses_a_description_the_check_would_refuse(
    project: Path, description: str
) -> None:
    site = load_site_config(project / "mkdocs.yml")
    with pytest.raises(new_page.NewPageError, match="one sentence of 80 to 160 characters"):
        new_page.new_article(
            site, title=TITLE, slug=None, tags="Winkel", description=description, sections=3,
            draft=False, reader=None, today=datetime.date(2026, 11, 30),
        )  # fmt: skip
    assert not (project / "docs" / "artikelen" / f"{SLUG}.md").exists()


def test_translations_fill_in_everything_but_the_prose(project: Path) -> None:
    path = new_article(project)
    text = path.read_text(encoding="utf-8")
    read_also = f"Lees ook: [Waarom je restaurant leeg is]({RELATED}.md)"
    path.write_text(text.replace("## 2. ", f"{read_also}\n\n## 2. ", 1), encoding="utf-8")
    site = load_site_config(project / "mkdocs.yml")
    written = new_page.translate(site, SLUG, ["en", "de", "fr"])
    assert [p.name for p in written] == [f"{SLUG}.{lang}.md" for lang in ("en", "de", "fr")]
    french = written[2].read_text(encoding="utf-8")
    assert "author: La rédaction" in french
    assert "  - Relation client\n  - Commerce\n" in french
    assert "## Le mot de la fin" in french
    french_title = (
        (project / "docs" / "artikelen" / f"{RELATED}.fr.md")
        .read_text(encoding="utf-8")
        .split("\ntitle: ", 1)[1]
        .split("\n", 1)[0]
    )
    assert f"À lire aussi : [{french_title}]({RELATED}.md)" in french
    assert "translated_from" not in french
    assert "\ndraft: true\n" in french


def test_a_fresh_translation_fails_the_check_until_translated(project: Path) -> None:
    new_article(project)
    site = load_site_config(project / "mkdocs.yml")
    (english,) = new_page.translate(site, SLUG, ["en"])
    found = [f for f in run(project / "mkdocs.yml", use_cache=False) if f.path.endswith(".en.md")]
    assert [f.code for f in found if f.is_error] == ["PAR007"]
    assert "PUB001" in {f.code for f in found}
    translate_by_hand(english, "en")
    found = [f for f in run(project / "mkdocs.yml", use_cache=False) if f.path.endswith(".en.md")]
    assert [f.code for f in found] == ["FRS001"]


def translate_by_hand(path: Path, lang: str) -> None:
    """What a translator does to a new translation: every line of text in the language (here
    marked with its code), the title with it, and the draft line gone."""
    closing = load_site_config(REPO / "mkdocs.yml").by_locale[lang].closing_section
    lines = path.read_text(encoding="utf-8").split("\n")
    end = lines.index("---", 1)
    out = [line for line in lines[: end + 1] if line != "draft: true"]
    out = [f"{line} ({lang})" if line.startswith("title: ") else line for line in out]
    for line in lines[end + 1 :]:
        keep = not line.strip() or line == f"## {closing}"
        out.append(line if keep else f"{line} ({lang})")
    path.write_text("\n".join(out), encoding="utf-8")


def test_a_fresh_translation_is_not_built_until_translated(project: Path, tmp_path: Path) -> None:
    """The skeleton fails the strict build as it fails the check; without --strict its
    language shows the Dutch page. Once translated (and the draft line removed) it shows the
    translation."""
    from conftest import build_report, build_site, page_path

    new_article(project)
    site = load_site_config(project / "mkdocs.yml")
    new_page.translate(site, SLUG, ["en"])
    other = new_article(project, title="Een tweede klacht", slug="een-tweede-klacht")
    (done,) = new_page.translate(site, other.stem, ["en"])
    translate_by_hand(done, "en")
    strict = build_report(tmp_path / "strict", project / "docs")
    assert not strict.ok
    assert {f.code for f in strict.findings if f.is_error} == {"PAR007"}
    built = build_site(tmp_path / "site", project / "docs", strict=False)
    skeleton = page_path(built, "en", f"artikelen/{SLUG}").read_text(encoding="utf-8")
    assert 'data-wv-notice="untranslated"' in skeleton
    assert 'meta name="robots" content="noindex' in skeleton
    translated = page_path(built, "en", f"artikelen/{other.stem}").read_text(encoding="utf-8")
    assert "data-wv-notice" not in translated
    assert "Een tweede klacht (en)" in translated


def test_translate_refuses_to_overwrite(project: Path) -> None:
    new_article(project)
    site = load_site_config(project / "mkdocs.yml")
    (english,) = new_page.translate(site, SLUG, ["en"])
    english.write_text("my translation\n", encoding="utf-8")
    with pytest.raises(new_page.NewPageError, match="already exists"):
        new_page.translate(site, SLUG, ["en"])
    assert english.read_text(encoding="utf-8") == "my translation\n"


def make(root: Path, *arguments: str, env: dict[str, str] | None = None) -> str:
    """`make` in the copy, with this repository's .venv standing in for its own."""
    venv = Path(sys.prefix)
    # That .venv is installed (the test skips otherwise): never reinstall it from the copy,
    # whose files may look newer than its stamps.
    installed = [f"--assume-old={venv}/{stamp}" for stamp in (".installed-site", ".installed")]
    environ = {**os.environ, **(env or {})}
    result = subprocess.run(
        ["make", "--no-print-directory", f"VENV={venv}", *installed, *arguments],
        cwd=root,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


@needs_make
def test_the_make_commands_run_as_written(project: Path) -> None:
    installed = Path(sys.prefix) / ".installed-site"
    if not installed.exists():
        pytest.skip("the make targets need an installed .venv (make install)")
    make(project, "new", env={"TITLE": TITLE, "TAGS": "Verkoop", "DESCRIPTION": DESCRIPTION})
    # The shell's own LANG is a locale, not a choice of language: all languages are written.
    printed = make(project, "translate", f"SLUG={SLUG}", env={"LANG": "en_US.UTF-8"})
    for lang in TRANSLATED_LANGUAGES:
        path = project / "docs" / "artikelen" / f"{SLUG}.{lang}.md"
        translate_by_hand(path, lang)
    findings = run(project / "mkdocs.yml", use_cache=False)
    suggested = [f.message.split("run ", 1)[1] for f in findings if "run make " in f.message]
    assert len(suggested) == len(TRANSLATED_LANGUAGES)
    make(project, *shlex.split(suggested[0])[1:])
    assert len(run(project / "mkdocs.yml", use_cache=False)) == len(TRANSLATED_LANGUAGES) - 1
    # make translate's own last step marks them all at once.
    whole_article = shlex.split(printed.rsplit("then: ", 1)[1])
    assert whole_article == ["make", "mark-updated", f"SLUG={SLUG}"]
    make(project, *whole_article[1:])
    assert run(project / "mkdocs.yml", use_cache=False) == []
    status = make(project, "status")
    assert "not recorded" not in status.split("Statuses")[0]
    make(project, "read-also", f"SLUG={SLUG}", f"TARGET={RELATED}", "SECTION=1")
    assert run(project / "mkdocs.yml", use_cache=False) == []
    english = (project / "docs" / "artikelen" / f"{SLUG}.en.md").read_text(encoding="utf-8")
    assert f"]({RELATED}.md)" in english


@needs_make
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_make_hooks_installs_the_pre_commit_hook(project: Path, tmp_path: Path) -> None:
    """CONTRIBUTING's one command for the hook, after make serve or make check alike."""
    if not (Path(sys.prefix) / ".installed").exists():
        pytest.skip("make hooks needs the installed dev lock (make install)")
    shutil.copy(REPO / ".pre-commit-config.yaml", project)
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    make(project, "hooks", env={"PRE_COMMIT_HOME": str(tmp_path / "pre-commit")})
    hook = project / ".git" / "hooks" / "pre-commit"
    assert hook.is_file() and os.access(hook, os.X_OK)
    assert "pre-commit" in hook.read_text(encoding="utf-8")
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "make hooks" in contributing
    assert "pre-commit install" not in contributing


# --- Hostile names and values -----------------------------------------------------------------

# A file name and values that run a command if a shell or make reads them as code.
HOSTILE_SUFFIX = "x`touch${IFS}PWNED`$(touch${IFS}PWNED2)$(shell touch PWNED3)y"
HOSTILE_VALUE = (
    "Quote ' and \" and `touch PWNED` and $(touch PWNED) and $HOME and\nline two, which makes "
    "it as long as a description"
)


def pwned(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("PWNED*"))


def hostile_translation(project: Path) -> Path:
    """An article whose name holds commands, with an English translation that has no
    translated_from record (FRS001) and no German or French one (make translate)."""
    articles = project / "docs" / "artikelen"
    shutil.copyfile(articles / f"{RELATED}.md", articles / f"{HOSTILE_SUFFIX}.md")
    english = (articles / f"{RELATED}.en.md").read_text(encoding="utf-8")
    front, rest = english.split("translated_from:")[0], english.split("---\n", 2)[2]
    hostile = articles / f"{HOSTILE_SUFFIX}.en.md"
    hostile.write_text(front.rstrip("\n") + "\n---\n" + rest, encoding="utf-8")
    return hostile


def pasted(root: Path, line: str) -> subprocess.CompletedProcess[str]:
    """A command as an editor pastes it into a shell, with make only echoing what it would
    run (-n), so the test sees what reaches the shell and make."""
    return subprocess.run(
        ["sh", "-c", line.replace("make ", "make -n --no-print-directory ", 1)],
        cwd=root, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@needs_make
def test_printed_commands_run_only_themselves(project: Path) -> None:
    hostile_translation(project)
    findings = run(project / "mkdocs.yml", use_cache=False)
    commands = [
        f.message.split("run ", 1)[1]
        for f in findings
        if f.code == "FRS001" and HOSTILE_SUFFIX in f.message
    ]
    status = subprocess.run(
        [sys.executable, "-m", "winkelvloer.cli.status"],
        cwd=project, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    commands += [
        line.split("run: ", 1)[1] for line in status.stdout.splitlines() if "run: make" in line
    ]
    assert sum(HOSTILE_SUFFIX in command for command in commands) >= 3  # FRS001, status
    for command in commands:
        assert shlex.split(command)[0] == "make"
        result = pasted(project, command)
        assert result.returncode == 0, result.stderr
    assert pwned(project) == []


@needs_make
def test_the_makefile_passes_values_as_text(project: Path) -> None:
    """Whatever TITLE holds reaches the article's front matter as typed; a SLUG with
    commands is refused as a slug, and runs nothing."""
    installed = Path(sys.prefix) / ".installed-site"
    if not installed.exists():
        pytest.skip("the make targets need an installed .venv (make install)")
    title = HOSTILE_VALUE.replace("\n", " ")
    make(project, "new", f"TITLE={title}", f"SLUG={SLUG}", "TAGS=Verkoop",
         f"DESCRIPTION={HOSTILE_VALUE}")  # fmt: skip
    written = (project / "docs" / "artikelen" / f"{SLUG}.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(written.split("---\n")[1])
    assert meta["title"] == title
    assert meta["description"] == HOSTILE_VALUE.strip()
    for target, variable in (("translate", "SLUG"), ("mark-updated", "FILE"), ("new", "SLUG")):
        result = subprocess.run(
            ["make", "--no-print-directory", f"VENV={Path(sys.prefix)}",
             f"--assume-old={Path(sys.prefix)}/.installed-site", target,
             f"{variable}={HOSTILE_SUFFIX}", f"TITLE={TITLE}"],
            cwd=project, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode != 0
        assert "Traceback" not in result.stderr
    assert pwned(project) == []


def test_commands_in_messages_are_quoted_for_the_shell(project: Path) -> None:
    hostile_translation(project)
    findings = run(project / "mkdocs.yml", use_cache=False)
    (message,) = [f.message for f in findings if f.code == "FRS001" and HOSTILE_SUFFIX in f.path]
    command = message.split("run ", 1)[1]
    assert shlex.split(command) == [
        "make",
        "mark-updated",
        f"FILE=docs/artikelen/{HOSTILE_SUFFIX}.en.md",
    ]
