"""`python -m winkelvloer.cli.check` through main(argv): exit codes, formats, the job summary."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import CHECK_BASE
from winkelvloer.cli.check import main


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = Path(shutil.copytree(CHECK_BASE, tmp_path / "site"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return root


DESCRIPTION = "Een derde pagina, lang genoeg om als echte beschrijving van een artikel te tellen."


def break_link(site: Path) -> None:
    """An error (LNK001, line 12 of gamma.md) and a warning (LNK009, line 14)."""
    (site / "docs/artikelen/gamma.md").write_text(
        "---\ntitle: Gamma\ndescription: " + DESCRIPTION + "\ndate: 2026-11-02\ntags: [Horeca]\n"
        "author: Redactie\n---\n\n# Gamma\n\nInleiding.\n"
        "Zie [weg](weg.md).\n\n"
        "Zie <http://example.com/>.\n\n## 1. Een\n\nTekst.\n\n## Slotgedachte\n\nSlot.\n",
        encoding="utf-8",
    )


def add_warning(site: Path) -> None:
    """Only a warning: LNK009 on line 12 of gamma.md."""
    (site / "docs/artikelen/gamma.md").write_text(
        "---\ntitle: Gamma\ndescription: " + DESCRIPTION + "\ndate: 2026-11-02\ntags: [Horeca]\n"
        "author: Redactie\n---\n\n# Gamma\n\nInleiding.\n"
        "Zie <http://example.com/>.\n\n## 1. Een\n\nTekst.\n\n## Slotgedachte\n\nSlot.\n",
        encoding="utf-8",
    )


def test_clean_site_exits_0(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings in 10 files\n"


def test_errors_exit_1_with_one_line_each(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_link(site)
    assert main([]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("docs/artikelen/gamma.md:12:5: LNK001 ")
    assert lines[1].startswith("docs/artikelen/gamma.md:14:5: LNK009 ")
    assert lines[2] == "1 error, 1 warning in 11 files"
    assert len(lines) == 3


def test_warnings_exit_0_unless_strict(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_warning(site)
    assert main([]) == 0
    assert main(["--strict"]) == 1
    assert "0 errors, 1 warning in 11 files" in capsys.readouterr().out


def test_output_sorted_by_path_then_line(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_link(site)
    beta = site / "docs/artikelen/beta.en.md"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace("#verder)", "#nergens)"), encoding="utf-8"
    )
    main([])
    locations = [line.split(": ")[0] for line in capsys.readouterr().out.splitlines()[:-1]]
    assert locations == [
        "docs/artikelen/beta.en.md:35:42",
        "docs/artikelen/gamma.md:12:5",
        "docs/artikelen/gamma.md:14:5",
    ]


def test_json_format(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_link(site)
    assert main(["--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["summary"] == {"errors": 1, "warnings": 1, "files": 11}
    first = document["findings"][0]
    assert {k: first[k] for k in ("path", "line", "col", "code", "severity")} == {
        "path": "docs/artikelen/gamma.md",
        "line": 12,
        "col": 5,
        "code": "LNK001",
        "severity": "error",
    }


def test_github_format(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_link(site)
    assert main(["--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "::error file=docs/artikelen/gamma.md,line=12,col=5,title=LNK001::page weg.md"
    )
    assert lines[1].startswith(
        "::warning file=docs/artikelen/gamma.md,line=14,col=5,title=LNK009::"
    )
    assert lines[-1] == "1 error, 1 warning in 11 files"


def test_step_summary_is_appended(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("## Earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    break_link(site)
    main(["--format", "github"])
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Earlier step\n## Content check\n")
    assert "1 error, 1 warning in 11 files" in text
    assert "| `docs/artikelen/gamma.md:12:5` | LNK001 | error |" in text
    capsys.readouterr()


def test_no_step_summary_without_the_variable(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([]) == 0
    assert not list(site.glob("*summary*"))


def test_paths_from_pre_commit(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_link(site)
    assert main(["docs/artikelen/alpha.md", "docs/artikelen/beta.md"]) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings in 2 files\n"
    assert main(["docs/artikelen/gamma.md"]) == 1
    assert main(["docs/artikelen"]) == 1
    assert "in 9 files" in capsys.readouterr().out


def test_config_file_option(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["-f", str(site / "mkdocs.yml")]) == 0
    assert main(["--config-file", str(site / "mkdocs.yml")]) == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "xml"],
        ["--no-such-option"],
        ["-f", "missing.yml"],
        ["docs/artikelen/bestaat-niet.md"],
        ["mkdocs.yml"],
    ],
)
def test_usage_errors_exit_2(
    site: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err


def test_broken_config_exits_2(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "mkdocs.yml").write_text("plugins: [unclosed\n", encoding="utf-8")
    assert main([]) == 2
    assert "mkdocs.yml" in capsys.readouterr().err


def test_help_exits_0(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "--strict" in capsys.readouterr().out


def drop_last_read_also(site: Path) -> None:
    """The Dutch alpha loses its last read-also line: its translations now have one too many."""
    source = site / "docs/artikelen/alpha.md"
    lines = source.read_text(encoding="utf-8").split("\n")
    last = max(i for i, line in enumerate(lines) if line.startswith("Lees ook: "))
    source.write_text("\n".join(lines[:last] + lines[last + 1 :]), encoding="utf-8")


def test_with_translations_checks_the_translations_of_a_dutch_page(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drop_last_read_also(site)
    assert main(["docs/artikelen/alpha.md"]) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings in 1 file\n"
    assert main(["--with-translations", "docs/artikelen/alpha.md"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert {line.split(":")[0] for line in out[:-1]} == {
        f"docs/artikelen/alpha.{lang}.md" for lang in ("en", "de", "fr")
    }
    assert {line.split(" ")[1] for line in out[:-1]} >= {"PAR004"}
    assert out[-1].endswith("in 4 files")


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_the_pre_commit_hook_checks_the_translations_of_a_staged_dutch_page(
    site: Path, tmp_path: Path
) -> None:
    """A commit that changes only the Dutch page fails where its translations break, as CI."""
    import subprocess
    import sys

    from conftest import REPO

    shutil.copy(REPO / ".pre-commit-config.yaml", site)
    (site / ".venv").symlink_to(Path(sys.prefix))
    environ = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit")}
    identity = ["-c", "user.name=Redactie", "-c", "user.email=redactie@example.org"]

    def git(*arguments: str) -> None:
        subprocess.run(["git", *identity, *arguments], cwd=site, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "Start")
    drop_last_read_also(site)
    git("add", "docs/artikelen/alpha.md")
    hook = subprocess.run(
        [str(Path(sys.prefix) / "bin" / "pre-commit"), "run", "content-check"],
        cwd=site,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert hook.returncode == 1, hook.stdout + hook.stderr
    assert "docs/artikelen/alpha.en.md" in hook.stdout
    assert "PAR004" in hook.stdout


def many_broken_links(site: Path, count: int) -> None:
    """`count` LNK001 errors in gamma.md, one a line from line 12 on."""
    links = "\n\n".join(f"Zie [weg {n}](weg-{n}.md)." for n in range(count))
    (site / "docs/artikelen/gamma.md").write_text(
        f"---\ntitle: Gamma\ndescription: {DESCRIPTION}\ndate: 2026-11-02\ntags: [Horeca]\n"
        f"author: Redactie\n---\n\n# Gamma\n\nInleiding.\n\n{links}\n\n"
        "## 1. Een\n\nTekst.\n\n## Slotgedachte\n\nSlot.\n",
        encoding="utf-8",
    )


def test_github_shows_ten_annotations_the_changed_lines_first(
    site: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from winkelvloer.core.changes import Change, write_changes

    many_broken_links(site, 15)
    changed = tmp_path / "changes.json"
    # The pull request changed the lines of links 12 and 13 (lines 35 and 37).
    write_changes(changed, [Change("M", "docs/artikelen/gamma.md", None, ((35, 37),))])
    assert main(["--format", "github", "--changed-files", str(changed)]) == 1
    out = capsys.readouterr().out.splitlines()
    annotations = [line for line in out if line.startswith("::error ")]
    assert len(annotations) == 10
    assert [a.split("line=")[1].split(",")[0] for a in annotations[:2]] == ["35", "37"]
    as_text = [line for line in out if line.startswith("docs/artikelen/gamma.md:")]
    assert len(as_text) == 5
    assert out[-2].startswith("5 more findings than GitHub shows as annotations")
    assert out[-1] == "15 errors, 0 warnings in 11 files"


def test_a_changes_file_that_cannot_be_read_is_one_line(
    site: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "changes.json").write_text("{", encoding="utf-8")
    assert main(["--format", "github", "--changed-files", str(tmp_path / "changes.json")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


# --- A finding is one line, whatever the page holds ------------------------------------------

# A link with an encoded newline, a title, key and tag with real ones, and text that, on a
# line of its own, would read as another finding or the summary.
FORGED = "docs/index.md:1:1: LNK001 forged%0A0 errors, 0 warnings in 1 file"


def add_hostile_page(site: Path) -> None:
    (site / "docs/artikelen/gamma.md").write_text(
        "---\n"
        'title: "Gamma\\n0 errors, 0 warnings in 24 files"\n'
        "description: Een derde pagina.\ndate: 2026-11-02\n"
        'tags: ["Horeca\\n::error::forged"]\n'
        'author: Redactie\n"key\\nwith a newline": 1\n---\n\n'
        "# Gamma\n\nInleiding.\n"
        f"Zie [weg](weg%0A0%20errors.md) en [ook weg]({FORGED.replace(' ', '%20')}.md).\n\n"
        "## 1. Een\n\nTekst \x1b[2J.\n\n## Slotgedachte\n\nSlot.\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_every_finding_is_one_line(
    site: Path, capsys: pytest.CaptureFixture[str], output_format: str
) -> None:
    add_hostile_page(site)
    assert main(["--format", output_format]) == 1
    lines = capsys.readouterr().out.splitlines()
    findings, summary = lines[:-1], lines[-1]
    assert len(findings) >= 5  # the title (STR003), the tag, the key, both links
    start = "docs/" if output_format == "text" else "::"
    assert all(line.startswith(start) for line in findings), lines
    assert all("\x1b" not in line for line in lines)
    counted = re.fullmatch(r"(\d+) errors?, (\d+) warnings? in \d+ files", summary)
    assert counted, summary
    assert int(counted[1]) + int(counted[2]) == len(findings)
    if output_format == "github":
        for line in findings:  # "::<severity> <properties>::<message>", nothing more
            assert re.fullmatch(
                r"::(error|warning) file=[^:,]+,line=\d+,col=\d+,title=\w+::.*", line
            )


def test_annotations_are_escaped_as_workflow_commands(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_hostile_page(site)
    main(["--format", "github"])
    out = capsys.readouterr().out
    tag_line = next(line for line in out.splitlines() if "TAG001" in line)
    assert "Horeca%0A::error::forged" in tag_line  # %, CR and LF escaped; nothing else read
