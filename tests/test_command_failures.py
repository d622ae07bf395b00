"""Bad invocations and broken settings: every command says what is wrong in one line, with a
non-zero exit status and no traceback, and the status and the build agree with the check."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CHECK_BASE, REPO

# Every command, with arguments that would otherwise work in the check's small site.
COMMANDS = {
    "check": [],
    "status": [],
    "build": ["--jobs", "1"],
    "new_page": ["article", "--title", "Titel", "--tags", "Verkoop", "--description", "Tekst."],
    "check_site": ["site"],
    "preview": ["--dev-addr", "127.0.0.1:0"],
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = Path(shutil.copytree(CHECK_BASE, tmp_path / "project"))
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("<!doctype html><title>x</title>", "utf-8")
    return root


def run(root: Path, name: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", f"winkelvloer.cli.{name}", *arguments],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,  # a hang detector only
        check=False,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("name", COMMANDS)
def test_a_syntax_error_in_mkdocs_yml_is_one_line(project: Path, name: str) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("site_name: Proefwinkel", "site_name: [P"),
        encoding="utf-8",
    )
    line = one_line(run(project, name, *COMMANDS[name]))
    assert "mkdocs.yml" in line
    assert "line 3" in line or "mkdocs.yml:3:" in line


@pytest.mark.parametrize("name", ["check", "status", "build", "new_page"])
def test_a_missing_docs_folder_is_one_line(project: Path, name: str) -> None:
    shutil.rmtree(project / "docs")
    line = one_line(run(project, name, *COMMANDS[name]))
    assert "docs_dir 'docs' is not a folder" in line


def test_a_site_folder_that_is_a_file_is_one_line(project: Path) -> None:
    (project / "afile").write_text("", encoding="utf-8")
    for jobs in ("1", "2"):
        line = one_line(run(project, "build", "-d", "afile", "--jobs", jobs))
        assert "afile" in line and "is a file" in line


def test_the_preview_on_a_port_in_use_is_one_line(project: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = run(project, "preview", "--dev-addr", f"127.0.0.1:{port}")
    line = one_line(result)
    assert f"127.0.0.1:{port} is already in use" in line
    assert f"PORT={port + 1}" in line


def test_an_empty_site_folder_fails_the_site_check(project: Path) -> None:
    (project / "site" / "index.html").unlink()
    line = one_line(run(project, "check_site", "site"))
    assert "site has no HTML page" in line


# --- A language removed from mkdocs.yml while its files remain ------------------------------------


def without_french(config: Path) -> None:
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("        - locale: fr")], encoding="utf-8")


def test_the_status_reports_pages_of_a_removed_language(project: Path) -> None:
    without_french(project / "mkdocs.yml")
    check = run(project, "check")
    status = run(project, "status")
    assert status.returncode == 1
    assert "Traceback" not in status.stderr
    reported = [line for line in status.stderr.splitlines() if "PAR002" in line]
    assert reported
    assert set(reported) <= set(check.stdout.splitlines())  # the same line as the check's


def test_the_build_fails_on_pages_of_a_removed_language(tmp_path: Path) -> None:
    root = tmp_path / "site-repo"
    shutil.copytree(REPO / "docs", root / "docs")
    (root / "overrides").symlink_to(REPO / "overrides", target_is_directory=True)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    without_french(root / "mkdocs.yml")
    result = run(root, "build", "--strict", "--jobs", "1", "-q")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "docs/index.fr.md:1:1: PAR002 'fr' is not a configured language" in result.stderr
