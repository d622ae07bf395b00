"""Every built page is valid HTML, by the W3C Nu HTML Checker (vnu.jar from npm, run by Java)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO
from winkelvloer.site.browser_checks import nu_command, nu_errors


def checker() -> list[str]:
    command = nu_command(REPO)
    if isinstance(command, list):
        return command
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(command)
    pytest.skip(command)


def test_every_built_page_is_valid_html(
    site: Path, variant_docs: Path, site_builder: Callable[..., Path]
) -> None:
    """The real site, and a variant with an untranslated and an outdated page (notices)."""
    command = checker()
    assert nu_errors(command, site, site_builder(variant_docs)) == []


def test_the_checker_reports_invalid_html(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        '<!doctype html><html lang="en"><title>x</title>'
        '<input type="checkbox" autocomplete="off"><label for="nowhere">x</label></html>',
        encoding="utf-8",
    )
    errors = nu_errors(checker(), tmp_path)
    assert len(errors) == 2, errors
