"""Every text transform takes time in proportion to its input, or refuses it with a finding.

No test here measures time. Where the work can be counted (the measurements a social card
makes to wrap a title), the count is compared with the input's size; where it cannot (a
regular expression), the transform runs on an input far beyond any page in a process of its
own, and a generous timeout only detects a hang: a quadratic transform takes hours on it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PIL import Image, ImageDraw

from conftest import CHECK_FIXTURES, REPO
from winkelvloer.content.files import icon_problem, svg_problem
from winkelvloer.core.typography import french_spacing
from winkelvloer.render import site_logo
from winkelvloer.render.social_card import (
    HEIGHT,
    TITLE_FONT,
    TITLE_MAX_LINES,
    WIDTH,
    Card,
    CardStyle,
    draw,
    font,
    wrap,
)

HANG = 60  # seconds: a hang detector, far above what any of these takes
USE_BOMB = CHECK_FIXTURES / "fil006-fail-use-bomb" / "docs" / "img" / "icon.svg"
FILTERED = CHECK_FIXTURES / "fil006-fail-filtered-use-tree" / "docs" / "img" / "icon.svg"


def finishes(code: str) -> None:
    """Run `code` in a fresh interpreter; fail if it raises or does not finish."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=HANG,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- French typography -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "typeset"),
    [
        ("Bonjour : vous", "Bonjour\u00a0: vous"),
        ("Vraiment ?", "Vraiment\u202f?"),
        ("Oui\t\t!", "Oui\u202f!"),
        ("« Non »", "«\u00a0Non\u00a0»"),
        ("«Non»", "«\u00a0Non\u00a0»"),
        ("à 10:30", "à 10:30"),
        ("https://exemple.fr", "https://exemple.fr"),
        ("fin »", "fin\u00a0»"),
    ],
)
def test_french_spacing(text: str, typeset: str) -> None:
    assert french_spacing(text) == typeset


def test_french_spacing_of_huge_runs_of_spaces_finishes() -> None:
    finishes(
        """
        from winkelvloer.core.typography import french_spacing
        for run in ("\\t", " ", "\\u00a0", " \\t\\u202f"):
            spaces = run * 300_000
            assert french_spacing("a" + spaces + "b") == "a" + spaces + "b"
            assert french_spacing("a" + spaces + "!") == "a\\u202f!"
            assert french_spacing("«" + spaces + "x" + spaces + "»") == "«\\u00a0x\\u00a0»"
        """
    )


# --- The social card's wrapping -----------------------------------------------------------------


class CountingPen:
    """A drawing context that counts the characters it is asked to measure."""

    def __init__(self) -> None:
        self.pen = ImageDraw.Draw(Image.new("L", (10, 10)))
        self.measured = 0

    def textlength(self, text: str, font: Any) -> float:
        self.measured += len(text)
        return float(self.pen.textlength(text, font=font))


@pytest.mark.parametrize(
    "title",
    [
        "Waarom " * 2_500,  # 17,500 characters in words
        "W" * 15_000,  # one word of 15,000 characters
        "Een titel van gewone lengte, zoals een redacteur hem schrijft",
    ],
)
def test_wrapping_measures_each_character_a_bounded_number_of_times(title: str) -> None:
    pen = CountingPen()
    lines = wrap(pen, title, font(TITLE_FONT, 48), TITLE_MAX_LINES)  # type: ignore[arg-type]
    assert 1 <= len(lines) <= TITLE_MAX_LINES
    assert pen.measured <= 50 * len(title) + 1_000  # cutting one character at a time: 10^8


def test_a_cut_title_ends_in_an_ellipsis_and_fits() -> None:
    pen = CountingPen()
    face = font(TITLE_FONT, 48)
    lines = wrap(pen, "Waarom " * 200, face, TITLE_MAX_LINES)  # type: ignore[arg-type]
    assert len(lines) == TITLE_MAX_LINES
    assert lines[-1].endswith("…") and not lines[-1].endswith(" …")
    assert all(pen.pen.textlength(line, font=face) <= 1200 - 2 * 80 for line in lines)


def test_a_card_draws_any_title() -> None:
    """A word wider than the card is cut too: drawn whole, 200,000 letters are a bitmap too
    large to make."""
    style = CardStyle("#00796b", "#ffffff", "#bf360c")
    for title in ("x" * 200_000, "Waarom " * 2_500, "Kort"):
        image = draw(Card(title, "Winkelvloer", "nl", subtitle=title), style, "")
        assert image.size == (WIDTH, HEIGHT)


# --- The readability scan --------------------------------------------------------------------


def test_the_readability_scan_of_huge_pages_finishes() -> None:
    finishes(
        """
        from winkelvloer.content.rendered import complexity_problem

        def problem_in_text(text):
            lines = text.split("\\n")
            return complexity_problem(lines, 1)

        front = "---\\ntitle: x\\n---\\n"
        for body in (
            "\\t" * 1_000_000,
            " " * 1_000_000 + "x",
            "- " * 500_000,
            "> " * 500_000,
            "1. " * 300_000,
            "a\\n" * 500_000,
            "[" * 1_000_000,
            "&a " * 300_000,
        ):
            problem_in_text(front + body)
            problem_in_text(body)
        """
    )


# --- The site's icon --------------------------------------------------------------------------


@pytest.mark.parametrize("svg", [USE_BOMB, FILTERED], ids=["use bomb", "filtered use tree"])
def test_an_icon_that_would_hang_or_crash_the_drawing_is_refused(svg: Path) -> None:
    data = svg.read_bytes()
    assert svg_problem(data) is None  # plain drawing, as FIL003 sees it
    assert icon_problem(data) is not None


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        ('<path id="a" d="M0 0h1v1z"/><use href="#a"/><use href="#a"/>', False),
        ('<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>', True),
        ('<g id="a"><use href="#a"/></g>', True),
        ('<pattern id="p"><rect fill="url(#p)"/></pattern>', True),
        ('<rect style="filter: blur(2px)"/>', True),
        ("<g>" * 70 + "</g>" * 70, True),
        ('<rect width="1" height="1"/>' * 2_001, True),
    ],
)
def test_what_an_icon_may_hold(body: str, refused: bool) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">{body}</svg>'
    assert (icon_problem(svg.encode()) is not None) is refused


def test_the_real_icon_can_be_drawn() -> None:
    assert icon_problem((REPO / "docs" / "assets" / "favicon.svg").read_bytes()) is None


def fake_config(docs: Path, favicon: str) -> Any:
    theme = SimpleNamespace(get=lambda key, default=None: favicon if key == "favicon" else default)
    theme.dirs = []
    return SimpleNamespace(theme=theme, docs_dir=str(docs))


def test_the_build_never_draws_a_refused_icon(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    shutil.copyfile(USE_BOMB, tmp_path / "img" / "icon.svg")
    assert site_logo.logo_svg(fake_config(tmp_path, "img/icon.svg")) == ""
    shutil.copyfile(REPO / "docs" / "assets" / "favicon.svg", tmp_path / "img" / "plain.svg")
    assert "<path" in site_logo.logo_svg(fake_config(tmp_path, "img/plain.svg"))


# --- Whole builds -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site with control characters in an article's description and author."""
    root = tmp_path_factory.mktemp("bounded") / "project"
    shutil.copytree(REPO / "docs", root / "docs")
    (root / "overrides").symlink_to(REPO / "overrides", target_is_directory=True)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    article = root / "docs" / "artikelen" / "nieuwe-klanten-werven.md"
    text = article.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    replaced = {
        "description:": 'description: "Klanten\\x1b[31m werven\\x07, stap voor stap."',
        "author:": 'author: "Red\\x00actie"',
    }
    head = "\n".join(
        next((new for key, new in replaced.items() if line.startswith(key)), line)
        for line in head.splitlines()
    )
    article.write_text(f"{head}\n---\n{body}", encoding="utf-8")
    return root


def build(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "winkelvloer.cli.build", "--jobs", "1", "-q", *arguments],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_control_characters_fail_the_build_as_they_fail_the_check(hostile_project: Path) -> None:
    result = build(hostile_project, "--strict")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    found = [line for line in result.stderr.splitlines() if " FM006 " in line]
    assert any("'description' contains the control character U+001B" in line for line in found)
    assert any("'author' contains the control character U+0000" in line for line in found)


def test_the_feed_writer_drops_control_characters() -> None:
    """Whatever reaches it, the feed is written: a page the check refuses never does."""
    from feedgen.feed import FeedGenerator

    from winkelvloer.core.text import xml_text

    feed = FeedGenerator()
    feed.id("https://x.example/")
    feed.title(xml_text("Klanten\x1b[31m werven\x07, stap voor stap"))
    feed.link(href="https://x.example/", rel="alternate")
    feed.description("x")
    text = feed.atom_str().decode("utf-8")
    assert "Klanten[31m werven, stap voor stap" in text
    assert "\x1b" not in text and "\x07" not in text


def test_the_check_refuses_those_control_characters(hostile_project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "winkelvloer.cli.check", "docs/artikelen"],
        cwd=hostile_project,
        capture_output=True,
        text=True,
        timeout=HANG,
        check=False,
    )
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if " FM006 " in line]
    assert any("'description' contains the control character U+001B" in line for line in lines)
    assert any("'author' contains the control character U+0000" in line for line in lines)


def test_a_refused_icon_fails_the_build_as_it_fails_the_check(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO / "docs", root / "docs")
    (root / "overrides").symlink_to(REPO / "overrides", target_is_directory=True)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copyfile(USE_BOMB, root / "docs" / "assets" / "favicon.svg")
    result = build(root, "--strict")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "docs/assets/favicon.svg:1:1: FIL006 the site's icon cannot be drawn" in result.stderr
