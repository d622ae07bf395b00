"""`python -m winkelvloer.cli.check` through main(argv): exit codes, formats, the job summary."""

from __future__ import annotations

import json
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


def break_link(site: Path) -> None:
    """An error (LNK001, line 12 of gamma.md) and a warning (LNK009, line 14)."""
    (site / "docs/artikelen/gamma.md").write_text(
        "---\ntitle: Gamma\ndescription: Een derde pagina.\ndate: 2026-11-02\ntags: [Horeca]\n"
        "author: Redactie\n---\n\n# Gamma\n\nInleiding.\n"
        "Zie [weg](weg.md).\n\n"
        "Zie <http://example.com/>.\n\n## 1. Een\n\nTekst.\n\n## Slotgedachte\n\nSlot.\n",
        encoding="utf-8",
    )


def add_warning(site: Path) -> None:
    """Only a warning: LNK009 on line 12 of gamma.md."""
    (site / "docs/artikelen/gamma.md").write_text(
        "---\ntitle: Gamma\ndescription: Een derde pagina.\ndate: 2026-11-02\ntags: [Horeca]\n"
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
