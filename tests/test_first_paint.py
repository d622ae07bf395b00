"""What a phone waits for before it shows a page: the stylesheets in <head>, no script file.

Lighthouse (mobile, simulated throttling) counts every script that is not deferred as
render-blocking, also at the end of <body>; ACCESSIBILITY.md has the scores.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import parse
from winkelvloer.render.finished_page import conform

NOT_RUN_BEFORE_PARSING = ("defer", "async")


def render_blocking_scripts(page: Path) -> list[str]:
    """The script files of a page that the first paint waits for."""
    blocking = []
    for script in parse(page).css("script[src]"):
        attributes = script.attributes
        if attributes.get("type") == "module":
            continue
        if not any(name in attributes for name in NOT_RUN_BEFORE_PARSING):
            blocking.append(attributes["src"] or "")
    return blocking


def test_no_built_page_waits_for_a_script_file(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    blocking = {
        page.relative_to(site).as_posix(): scripts
        for page in pages
        if (scripts := render_blocking_scripts(page))
    }
    assert blocking == {}


@pytest.mark.parametrize(
    "script",
    [
        "<script>start()</script>",
        '<script type="application/json" id="__config">{"a": 1}</script>',
        '<script type="module" src="m.js"></script>',
        '<script async src="a.js"></script>',
    ],
)
def test_what_is_not_a_blocking_script_file_stays_as_it_was(script: str) -> None:
    page = f"<html><head></head><body>{script}</body></html>"
    assert conform(page) == page


def test_script_files_keep_their_order_when_deferred() -> None:
    page = (
        '<html><head></head><body><script src="first.js"></script>'
        '<script type="text/javascript" src="second.js"></script></body></html>'
    )
    scripts = LexborHTMLParser(conform(page)).css("script")
    assert [(s.attributes["src"], "defer" in s.attributes) for s in scripts] == [
        ("first.js", True),
        ("second.js", True),
    ]
