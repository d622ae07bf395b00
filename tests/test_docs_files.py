"""Only content is published from docs/: the build refuses what `make check` refuses (FIL rules,
and pages it cannot read safely: FM008, MDX001).

The rules themselves are tested against their fixtures (tests/fixtures/check/fil*); here a
real strict build of the site gets the same kinds of files and must fail without
publishing any of them.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from conftest import REPO, build_report
from winkelvloer.content.files import svg_problem

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg">'
HOSTILE = {
    "x.html": b"<script>alert(1)</script>",
    "assets/javascripts/site-search.js": b"alert(1)",
    "assets/images/favicon.png": b"\x89PNG\r\n\x1a\n",
    "img/evil.svg": f"{SVG_OPEN}<script>alert(1)</script></svg>".encode(),
    "img/foto.png": b"<html><script>alert(1)</script></html>",
}
LINKS = {"img/passwd.png": "/etc/passwd", "buiten": "/etc"}
ALIAS_BOMB = "\n".join(
    [
        "---",
        'title: &a ["x","x","x","x","x","x","x","x","x"]',
        *(
            f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "tags: [*i]",
        "---",
        "",
        "# Bom",
    ]
)


class Collecting(logging.Handler):
    """Keeps the messages it is handed."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def refused_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("hostile")
    docs = Path(shutil.copytree(REPO / "docs", root / "docs"))
    for path, data in HOSTILE.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_bytes(data)
    for path, target in LINKS.items():
        (docs / path).symlink_to(target)
    (docs / "bom.md").write_text(ALIAS_BOMB, encoding="utf-8")
    (docs / "haken.md").write_text("# Haken\n\n" + "[" * 20_000 + "\n", encoding="utf-8")
    handler = Collecting(logging.ERROR)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        assert not build_report(root / "strict", docs_dir=docs).ok
        assert not (root / "strict").exists(), "a strict build with errors publishes nothing"
    finally:
        logger.removeHandler(handler)
    # Without --strict the rest of the site is published; what the check refused is not.
    assert build_report(root / "site", docs_dir=docs, strict=False).ok
    return root / "site", "\n".join(handler.messages)


def test_the_strict_build_fails_with_the_rule_codes(refused_build: tuple[Path, str]) -> None:
    _, log = refused_build
    for path in HOSTILE:
        assert f"docs/{path}:1:1: FIL00" in log, log
    for path in LINKS:
        assert f"docs/{path}:1:1: FIL005" in log, log
    assert "docs/bom.md:2:8: FM008" in log, log
    assert "docs/haken.md:3:1: MDX001" in log, log


def test_refused_files_are_not_published(refused_build: tuple[Path, str]) -> None:
    site, _ = refused_build
    assert (site / "index.html").exists()
    for path, data in HOSTILE.items():
        published = site / path
        # A refused file at a theme file's path leaves the theme's own file in place.
        assert not published.exists() or published.read_bytes() != data, path
    assert (site / "assets/javascripts/site-search.js").exists()
    assert (site / "assets/images/favicon.png").exists()
    for path in LINKS:
        assert not (site / path).exists() and not (site / path).is_symlink(), path
    assert not list(site.rglob("passwd*"))
    assert not list(site.rglob("bom*")) and not list(site.rglob("haken*"))


def test_the_site_s_own_svg_is_a_plain_drawing() -> None:
    for svg in (REPO / "docs").rglob("*.svg"):
        assert svg_problem(svg.read_bytes()) is None, svg


@pytest.mark.parametrize(
    "svg",
    [
        f"{SVG_OPEN}<script>alert(1)</script></svg>",
        f'{SVG_OPEN}<rect onclick="alert(1)"/></svg>',
        f'{SVG_OPEN}<rect ONLOAD="alert(1)"/></svg>',
        f'{SVG_OPEN}<image href="https://example.org/track.png"/></svg>',
        f'{SVG_OPEN}<circle fill="url( https://example.org/a.svg#p )"/></svg>',
        f'{SVG_OPEN}<circle style="background:url(&#x68;ttps://example.org/a)"/></svg>',
        '<!DOCTYPE svg SYSTEM "https://example.org/x.dtd"><svg/>',
        f"{SVG_OPEN}<x:script xmlns:x='http://www.w3.org/2000/svg'>alert(1)</x:script></svg>",
        f'{SVG_OPEN}<animate attributeName="href" values="javascript:alert(1)"/></svg>',
        f'{SVG_OPEN}<rect style="fill: u\\72l(https://example.org/a.svg#p)"/></svg>',
        f'{SVG_OPEN}<rect fill="\\75 rl(https://example.org/a.svg#p)"/></svg>',
        f"{SVG_OPEN}<rect style=\"background: image-set('https://example.org/a.png' 1x)\"/></svg>",
        "<svg><script>alert(1)</script></svg>",
        "",
        "\x00",
    ],
)
def test_active_svg_is_refused(svg: str) -> None:
    assert svg_problem(svg.encode()) is not None


@pytest.mark.parametrize(
    "svg",
    [
        f'{SVG_OPEN}<rect fill="url(#p)" transform="translate(2 3) rotate(45)"/></svg>',
        f'{SVG_OPEN}<rect style="fill: rgb(0 128 128); width: calc(100% - 2px)"/></svg>',
    ],
)
def test_plain_drawing_styles_pass(svg: str) -> None:
    assert svg_problem(svg.encode()) is None
