"""Front matter YAML cannot read: one line per mistake, at the mistake, in an editor's words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CHECK_BASE
from winkelvloer.cli.check import main
from winkelvloer.content.front_matter import read_front_matter

PAGE = "docs/artikelen/alpha.md"


def alpha() -> list[str]:
    return (CHECK_BASE / PAGE).read_text(encoding="utf-8").split("\n")


def changed(old: str, new: str) -> list[str]:
    lines = alpha()
    index = lines.index(old)
    return [*lines[:index], *new.split("\n"), *lines[index + 1 :]]


def without_closing_fence() -> list[str]:
    lines = alpha()
    del lines[lines.index("---", 1)]
    return lines


def rule_in_the_text() -> list[str]:
    """No closing ---, but a rule (---) further down the text, which YAML takes for it."""
    lines = without_closing_fence()
    return [*lines, "", "---", "", "Nog wat tekst."]


# (the page's lines, line, column, code, what the message must say)
MISTAKES = {
    "tab": (
        changed("  - Verkoop", "\t- Verkoop"),
        6,
        1,
        "FM001",
        "a tab at the start of line 6: indent with spaces",
    ),
    "colon": (
        changed("title: Alfa voor beginners", "title: Alfa: voor beginners"),
        2,
        12,
        "FM001",
        "put the title in quotes: it contains ': ' (title: \"Alfa: voor beginners\")",
    ),
    "quote not closed": (
        changed("title: Alfa voor beginners", 'title: "Alfa voor beginners'),
        2,
        8,
        "FM001",
        "the title starts with a quote that is not closed",
    ),
    "quote then text": (
        changed("title: Alfa voor beginners", 'title: "Alfa" voor beginners'),
        2,
        8,
        "FM001",
        'the title starts with a quote, so YAML reads only "Alfa" as the title',
    ),
    "no closing fence": (
        without_closing_fence(),
        7,
        1,
        "FM004",
        "the front matter has no closing ---: add a line with --- after line 7",
    ),
    "rule in the text": (
        rule_in_the_text(),
        7,
        1,
        "FM004",
        "the front matter has no closing ---: add a line with --- after line 7",
    ),
    "stray indent": (
        changed("author: Redactie", " author: Redactie"),
        7,
        1,
        "FM001",
        "line 7 starts with spaces",
    ),
    "line without key": (
        changed("author: Redactie", "Redactie"),
        7,
        1,
        "FM001",
        "line 7 is not a 'key: value' line",
    ),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_each_mistake_is_one_line_at_its_place(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines, line, col, code, words = MISTAKES[name]
    root = Path(shutil.copytree(CHECK_BASE, tmp_path / "site"))
    (root / PAGE).write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert main(["--no-cache", PAGE]) == 1
    output = capsys.readouterr().out.splitlines()
    assert output[0].startswith(f"{PAGE}:{line}:{col}: {code} "), output
    assert words in output[0]
    assert output[1:] == ["1 error, 0 warnings in 1 file"]


@pytest.mark.parametrize("name", MISTAKES)
def test_no_message_speaks_the_parsers_language(name: str) -> None:
    lines = MISTAKES[name][0]
    (found,) = read_front_matter(lines, PAGE, "article").findings
    for jargon in ("scanning", "simple key", "block end", "<scalar>", "mapping values"):
        assert jargon not in found.message


@pytest.mark.parametrize(
    "value",
    [
        "title: '\"Nee\" zeggen werkt'",
        'title: "Alfa voor\n  beginners"',
        "title: Alfa:voor beginners",
        "title: Alfa # voor beginners",
    ],
)
def test_what_yaml_reads_is_no_mistake(value: str) -> None:
    lines = changed("title: Alfa voor beginners", value)
    assert not [
        f
        for f in read_front_matter(lines, PAGE, "article").findings
        if f.code in ("FM001", "FM004")
    ]
