"""Freshness of translations: detecting outdated sections, --mark-updated, the status table."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import CHECK_BASE
from winkelvloer.cli.check import run
from winkelvloer.cli.status import main
from winkelvloer.core.freshness import outdated_sections, section_hashes

ARTICLES = Path("docs/artikelen")
TRANSLATIONS = ("alpha.en.md", "alpha.de.md", "alpha.fr.md")
CLOSING = {"Slotgedachte", "Final thought", "Schlussgedanke", "Le mot de la fin"}
OLD_PARAGRAPH = "Een [anker in beta](beta.md#1-de-basis) en een [eigen anker](#1-eerst-dit)."
NEW_PARAGRAPH = "Een [anker in beta](beta.md#1-de-basis), een [eigen anker](#1-eerst-dit) en meer."


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = Path(shutil.copytree(CHECK_BASE, tmp_path / "site"))
    monkeypatch.chdir(root)
    return root


def digest(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:10]


def section_text(markdown: str, heading: str, next_heading: str) -> str:
    """The lines from `heading` up to `next_heading`, cut by hand from the source."""
    start = markdown.index(f"\n{heading}\n") + 1
    return markdown[start : markdown.index(f"\n{next_heading}\n", start)]


def change_section_2(site: Path) -> str:
    source = site / ARTICLES / "alpha.md"
    text = source.read_text(encoding="utf-8")
    assert text.count(OLD_PARAGRAPH) == 1
    source.write_text(text.replace(OLD_PARAGRAPH, NEW_PARAGRAPH), encoding="utf-8")
    return source.read_text(encoding="utf-8")


def recorded_hashes(path: Path) -> dict[str, str]:
    """The translated_from block, read with plain string handling."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("translated_from:")
    record = {}
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        key, value = (part.strip().strip('"') for part in line.split(":", 1))
        record[key] = value
    return record


def test_changing_one_paragraph_outdates_exactly_that_section(site: Path) -> None:
    source = change_section_2(site)
    for name in TRANSLATIONS:
        recorded = recorded_hashes(site / ARTICLES / name)
        assert outdated_sections(source, recorded, CLOSING) == ["2. Dan dat"], name
    findings = run(site / "mkdocs.yml", use_cache=False)
    assert sorted((f.path, f.line, f.code) for f in findings) == [
        (f"docs/artikelen/{name}", 8, "FRS002") for name in sorted(TRANSLATIONS)
    ]
    assert all("'2. Dan dat'" in f.message and "'intro'" not in f.message for f in findings)


def test_mark_updated_changes_only_the_hash_of_that_section(site: Path) -> None:
    source = change_section_2(site)
    path = site / ARTICLES / "alpha.en.md"
    before = path.read_bytes()
    old_hash = recorded_hashes(path)["2"]
    new_hash = digest(section_text(source, "## 2. Dan dat", "## Slotgedachte"))
    assert old_hash != new_hash
    assert main(["--mark-updated", str(path)]) == 0
    expected = before.replace(f'"2": "{old_hash}"'.encode(), f'"2": "{new_hash}"'.encode())
    assert path.read_bytes() == expected
    remaining = {(f.path, f.code) for f in run(site / "mkdocs.yml", use_cache=False)}
    assert remaining == {
        ("docs/artikelen/alpha.de.md", "FRS002"),
        ("docs/artikelen/alpha.fr.md", "FRS002"),
    }


def test_mark_updated_inserts_a_missing_record_and_keeps_crlf_and_bom(site: Path) -> None:
    path = site / ARTICLES / "beta.de.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("translated_from:\n")
    end = text.index("---\n", start)
    original = ("\ufeff" + text[:start] + text[end:]).replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(original)
    assert {f.code for f in run(site / "mkdocs.yml", [path], use_cache=False)} == {
        "FRS001",
        "ENC002",
        "ENC003",
    }
    assert main(["--mark-updated", str(path)]) == 0
    updated = path.read_bytes()
    assert updated.startswith(b"\xef\xbb\xbf---\r\n")
    assert b"\n" not in updated.replace(b"\r\n", b"")
    block = text[start:end].replace("\n", "\r\n").encode("utf-8")
    assert updated.replace(block, b"") == original
    assert {f.code for f in run(site / "mkdocs.yml", [path], use_cache=False)} == {
        "ENC002",
        "ENC003",
    }


def test_mark_updated_replaces_a_flow_style_record(site: Path) -> None:
    path = site / ARTICLES / "beta.fr.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("translated_from:\n")
    end = text.index("---\n", start)
    path.write_text(
        text[:start] + 'translated_from: {intro: "0000000000"}\n' + text[end:], encoding="utf-8"
    )
    assert main(["--mark-updated", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == text


def test_mark_updated_is_atomic_and_keeps_the_mode(site: Path) -> None:
    change_section_2(site)
    path = site / ARTICLES / "alpha.fr.md"
    path.chmod(0o640)
    before = sorted(p.name for p in path.parent.iterdir())
    assert main(["--mark-updated", str(path)]) == 0
    assert sorted(p.name for p in path.parent.iterdir()) == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.parametrize(
    ("relative", "reason"),
    [
        ("docs/artikelen/alpha.md", "source page"),
        ("docs/index.md", "source page"),
        ("docs/artikelen/wees.en.md", "has no source"),
        ("docs/artikelen/alpha.es.md", "unknown language"),
        ("docs/artikelen/bestaat-niet.en.md", "does not exist"),
        ("docs/artikelen/kapot.en.md", "not valid UTF-8"),
    ],
)
def test_mark_updated_refuses(
    site: Path, relative: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "docs/artikelen/wees.en.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (site / "docs/artikelen/alpha.es.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (site / "docs/artikelen/kapot.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (site / "docs/artikelen/kapot.en.md").write_bytes(b"---\ntitle: \xff\n---\n")
    snapshot = {p: p.read_bytes() for p in (site / "docs").rglob("*") if p.is_file()}
    assert main(["--mark-updated", relative]) == 1
    assert reason in capsys.readouterr().err
    assert {p: p.read_bytes() for p in (site / "docs").rglob("*") if p.is_file()} == snapshot


def test_mark_updated_refuses_a_translation_without_front_matter(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = site / ARTICLES / "beta.de.md"
    body = "# Beta in der Praxis\n\nText.\n"
    path.write_text(body, encoding="utf-8")
    assert main(["--mark-updated", str(path)]) == 1
    assert "no front matter" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == body


def test_status_table(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change_section_2(site)
    (site / ARTICLES / "gamma.md").write_text(
        "---\ntitle: Gamma\n---\n\n# Gamma\n", encoding="utf-8"
    )
    assert main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["page", "en", "de", "fr"]
    rows = {line.split()[0]: line for line in lines[1:4]}
    assert rows["artikelen/alpha"].split()[1:] == ["outdated", "(1)"] * 3
    assert rows["artikelen/beta"].split()[1:] == ["up", "to", "date"] * 3
    assert rows["artikelen/gamma"].split()[1:] == ["missing"] * 3
    assert "docs/artikelen/alpha.en.md: outdated sections: 2. Dan dat" in lines
    assert "4 up to date, 3 outdated, 5 missing" in lines
    assert (
        "docs/artikelen/alpha.en.md: after updating it, run: "
        "make mark-updated FILE=docs/artikelen/alpha.en.md"
    ) in lines
    assert "artikelen/gamma.md (fr): to start it, run: make translate SLUG=gamma LANG=fr" in lines
    legend = lines[lines.index("Statuses (CONTRIBUTING.md explains them):") + 1 :]
    assert [line.strip().split("  ")[0] for line in legend] == [
        "up to date",
        "outdated",
        "not recorded",
        "missing",
        "unreadable",
        "no source",
    ]


def test_status_json_and_markdown(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change_section_2(site)
    assert main(["--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["languages"] == ["en", "de", "fr"]
    alpha = next(p for p in document["pages"] if p["page"] == "artikelen/alpha.md")
    assert alpha["translations"]["de"] == {
        "status": "outdated",
        "path": "docs/artikelen/alpha.de.md",
        "sections": ["2. Dan dat"],
        "changes": [],
        "history": "the earlier Dutch text cannot be shown: this folder has no git history",
    }
    assert main(["--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("## Translation status\n")
    assert "| `artikelen/beta.md` | ✅ up to date | ✅ up to date | ✅ up to date |" in markdown


def test_hashes_written_are_those_of_the_source(site: Path) -> None:
    source = (site / ARTICLES / "alpha.md").read_text(encoding="utf-8")
    assert recorded_hashes(site / ARTICLES / "alpha.de.md") == section_hashes(source, CLOSING)
    assert recorded_hashes(site / ARTICLES / "alpha.de.md")["1"] == digest(
        section_text(source, "## 1. Eerst dit", "## 2. Dan dat")
    )


# What changed, from the git history
# -----------------------------------------------------------------------------------------

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="needs git")


def git(root: Path, *arguments: str) -> None:
    identity = ["-c", "user.name=Redactie", "-c", "user.email=redactie@example.org"]
    subprocess.run(
        [GIT or "git", "-C", str(root), *identity, *arguments], check=True, capture_output=True
    )


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.fixture
def repository(site: Path) -> Path:
    """The small site as a git repository with one commit."""
    git(site, "init", "-q")
    commit_all(site, "Start")
    return site


@needs_git
def test_status_shows_the_old_and_new_text_of_each_changed_section(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change_section_2(repository)
    commit_all(repository, "Section 2 reworded")
    beta = repository / ARTICLES / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")
    commit_all(repository, "Another article changed")  # not a version of alpha.md
    assert main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("docs/artikelen/alpha.en.md: outdated sections: 2. Dan dat")
    assert lines[at + 1].startswith("  changed in the Dutch source since the version of ")
    assert lines[at + 2 : at + 5] == [
        "    2. Dan dat:",
        f"      - {OLD_PARAGRAPH}",
        f"      + {NEW_PARAGRAPH}",
    ]


@needs_git
def test_the_version_is_the_one_the_record_was_made_from(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two later versions of the source: the old text is that of the first, not the last."""
    change_section_2(repository)
    commit_all(repository, "Section 2 reworded")
    source = repository / ARTICLES / "alpha.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(NEW_PARAGRAPH, "Een derde versie."), encoding="utf-8")
    assert main(["--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    alpha = next(p for p in document["pages"] if p["page"] == "artikelen/alpha.md")
    (change,) = alpha["translations"]["fr"]["changes"]
    assert change["lines"] == [f"- {OLD_PARAGRAPH}", "+ Een derde versie."]


@needs_git
def test_a_record_no_version_matches_says_so(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    german = repository / ARTICLES / "alpha.de.md"
    text = german.read_text(encoding="utf-8")
    german.write_text(text.replace('"1": "e92e3405cc"', '"1": "0000000000"'), encoding="utf-8")
    assert main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("docs/artikelen/alpha.de.md: outdated sections: 1. Eerst dit")
    assert lines[at + 1] == (
        "  the earlier Dutch text cannot be shown: none of the 1 committed versions of "
        "docs/artikelen/alpha.md matches the translation's translated_from record; see "
        "git log -p docs/artikelen/alpha.md"
    )


def test_without_git_history_status_says_so(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change_section_2(site)
    assert main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("docs/artikelen/alpha.en.md: outdated sections: 2. Dan dat")
    assert lines[at + 1] == (
        "  the earlier Dutch text cannot be shown: this folder has no git history"
    )


# Marking several translations
# -----------------------------------------------------------------------------------------


def test_mark_updated_takes_several_files(site: Path) -> None:
    change_section_2(site)
    paths = [str(ARTICLES / name) for name in TRANSLATIONS[:2]]
    assert main(["--mark-updated", *paths]) == 0
    findings = {(f.path, f.code) for f in run(site / "mkdocs.yml", use_cache=False)}
    assert findings == {("docs/artikelen/alpha.fr.md", "FRS002")}


def test_mark_updated_takes_a_whole_article(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change_section_2(site)
    assert main(["--mark-updated", "--slug", "alpha"]) == 0
    assert run(site / "mkdocs.yml", use_cache=False) == []
    assert capsys.readouterr().out.splitlines() == [
        f"{ARTICLES / name}: marked up to date with its source" for name in TRANSLATIONS
    ]


def test_mark_updated_names_a_translation_still_a_draft(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = site / ARTICLES / "alpha.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("author:", "draft: true\nauthor:"))
    assert main(["--mark-updated", str(ARTICLES / "alpha.en.md")]) == 0
    assert "still a draft: remove the line 'draft: true'" in capsys.readouterr().out


@pytest.mark.parametrize("slug", ["gamma", "nergens"])
def test_mark_updated_refuses_an_article_without_translations(
    site: Path, slug: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / ARTICLES / "gamma.md").write_text((site / ARTICLES / "beta.md").read_text())
    assert main(["--mark-updated", "--slug", slug]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and f"SLUG={slug}" in error


def test_a_failed_write_leaves_the_file_and_no_temporary_file(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    change_section_2(site)
    path = site / ARTICLES / "alpha.en.md"
    before = path.read_bytes()
    listing = sorted(p.name for p in path.parent.iterdir())

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    assert main(["--mark-updated", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"{path}: not marked: it could not be written (No space left on device); it is unchanged\n"
    )
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == listing
