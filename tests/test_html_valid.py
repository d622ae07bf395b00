"""Every built page is valid HTML, by the W3C Nu HTML Checker (vnu.jar from npm, run by Java)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def checker() -> list[str]:
    java = shutil.which("java")
    missing = [name for name, ok in (("java", java), (str(VNU), VNU.exists())) if not ok]
    if missing:
        message = f"{', '.join(missing)} not found: `make install` and Java run the HTML checker"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return [str(java), "-Xss8m", "-jar", str(VNU)]


def nu_errors(command: list[str], *folders: Path) -> list[str]:
    result = subprocess.run(
        [*command, "--errors-only", "--skip-non-html", "--format", "json", *map(str, folders)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


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
