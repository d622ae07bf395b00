"""The workflow's split: which jobs a pull request's changes call for (core/changes.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from winkelvloer.cli import ci_plan
from winkelvloer.core.changes import Change, parse_hunks, parse_name_status, plan, read_changes

M, A, D = "M", "A", "D"


@pytest.mark.parametrize(
    ("changes", "full_suite"),
    [
        ([Change(M, "docs/artikelen/x.en.md")], False),
        ([Change(A, "docs/artikelen/nieuw.md"), Change(A, "docs/assets/nieuw/foto.webp")], False),
        ([Change(D, "docs/artikelen/oud.md")], False),
        ([Change("R", "docs/artikelen/nieuw.md", "docs/artikelen/oud.md")], False),
        ([Change(M, "docs/artikelen/a b \"c\" 'd'.md")], False),
        ([Change(M, "docs/artikelen/x.md"), Change(M, "scripts/winkelvloer/core/rules.py")], True),
        ([Change(M, "mkdocs.yml")], True),
        ([Change(M, ".github/workflows/ci.yml")], True),
        ([Change(M, "overrides/main.html")], True),
        ([Change(D, "tests/test_x.py")], True),
        # A file moved out of docs/ or into it changes something outside docs/.
        ([Change("R", "scripts/x.md", "docs/artikelen/x.md")], True),
        ([Change("R", "docs/artikelen/x.md", "scripts/x.md")], True),
        ([Change(M, "docs/../Makefile")], True),
        ([Change(M, "docs.md")], True),
        ([], False),
    ],
)
def test_only_content_changes_skip_the_full_suite(changes: list[Change], full_suite: bool) -> None:
    assert plan(changes).full_suite is full_suite


def test_every_run_that_is_no_pull_request_runs_everything() -> None:
    assert plan([Change(M, "docs/index.md")], pull_request=False).full_suite


def test_changes_git_cannot_list_run_everything() -> None:
    assert plan(None).full_suite


def test_git_names_come_through_whatever_they_hold() -> None:
    odd = 'docs/artikelen/een "rare"\nnaam, met komma.md'
    output = (
        f"M\0{odd}\0R087\0docs/oud.md\0scripts/nieuw.md\0D\0docs/weg met spatie.md\0"
    ).encode()
    assert parse_name_status(output) == [
        Change(M, odd),
        Change("R", "scripts/nieuw.md", "docs/oud.md"),
        Change(D, "docs/weg met spatie.md"),
    ]


def test_changed_lines_from_the_hunk_headers() -> None:
    output = (
        b"diff --git a/x b/x\n@@ -3 +3 @@\n-a\n+b\n@@ -10,0 +11,2 @@\n+c\n+d\n@@ -20,2 +21,0 @@\n"
    )
    assert parse_hunks(output) == ((3, 3), (11, 12))


# With git: the command as the workflow runs it
# -----------------------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(root: Path, *arguments: str) -> str:
    identity = ["-c", "user.name=Redactie", "-c", "user.email=redactie@example.org"]
    done = subprocess.run(
        ["git", *identity, *arguments], cwd=root, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    root = tmp_path / "repo"
    (root / "docs" / "artikelen").mkdir(parents=True)
    (root / "scripts").mkdir()
    (root / "docs" / "artikelen" / "x.md").write_text("een\ntwee\ndrie\nvier\n", encoding="utf-8")
    (root / "docs" / "artikelen" / "oud.md").write_text("oud\n", encoding="utf-8")
    (root / "scripts" / "tool.py").write_text("print(1)\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start")
    monkeypatch.chdir(root)
    return root, git(root, "rev-parse", "HEAD")


def run_plan(root: Path, *arguments: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    output = root.parent / "github_output"
    output.write_text("", encoding="utf-8")
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    assert ci_plan.main([*arguments, "--changes-out", str(root.parent / "changes.json")]) == 0
    lines = output.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines)


@needs_git
def test_a_content_pull_request_runs_the_content_gate_alone(
    repository: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, base = repository
    articles = root / "docs" / "artikelen"
    (articles / "x.md").write_text("een\nTWEE\ndrie\nvier\nvijf\n", encoding="utf-8")
    odd = articles / "een 'rare' \"naam\".md"
    odd.write_text("nieuw\n", encoding="utf-8")
    git(root, "mv", "docs/artikelen/oud.md", "docs/artikelen/verhuisd.md")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Content")
    outputs = run_plan(root, "--base", base, monkeypatch=monkeypatch)
    assert outputs == {"full_suite": "false", "content_changed": "true"}
    changes = {c.path: c for c in read_changes(root.parent / "changes.json")}
    assert changes["docs/artikelen/x.md"].lines == ((2, 2), (5, 5))
    assert changes[f"docs/artikelen/{odd.name}"].status == "A"
    assert changes["docs/artikelen/verhuisd.md"].old_path == "docs/artikelen/oud.md"


@needs_git
def test_a_code_change_runs_the_full_suite_too(
    repository: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, base = repository
    (root / "scripts" / "tool.py").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Code")
    assert run_plan(root, "--base", base, monkeypatch=monkeypatch) == {
        "full_suite": "true",
        "content_changed": "false",
    }
    document = json.loads((root.parent / "changes.json").read_text(encoding="utf-8"))
    assert document["changes"] == [
        {"status": "D", "path": "scripts/tool.py", "old_path": None, "lines": []}
    ]


@needs_git
@pytest.mark.parametrize("base", ["0" * 40, "1234567890abcdef1234567890abcdef12345678", ""])
def test_a_base_git_does_not_know_runs_everything(
    repository: tuple[Path, str], base: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = repository
    assert run_plan(root, "--base", base, monkeypatch=monkeypatch)["full_suite"] == "true"


@needs_git
def test_main_and_the_daily_build_run_everything(
    repository: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, base = repository
    (root / "docs" / "artikelen" / "x.md").write_text("anders\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "Content")
    assert run_plan(root, "--base", base, "--full", monkeypatch=monkeypatch)["full_suite"] == "true"


def test_the_plan_runs_before_anything_is_installed() -> None:
    """CI's planning job has no .venv: the command needs the standard library only."""
    import os
    import sys

    from conftest import REPO

    done = subprocess.run(
        [sys.executable, "-S", "-m", "winkelvloer.cli.ci_plan", "--help"],
        env={**os.environ, "PYTHONPATH": str(REPO / "scripts")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--base" in done.stdout


# The workflow that uses it
# -----------------------------------------------------------------------------------------


def workflow_jobs() -> dict[str, dict]:
    import yaml

    from conftest import REPO

    text = (REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    jobs: dict[str, dict] = yaml.safe_load(text)["jobs"]
    return jobs


def commands(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) for step in job["steps"])


def test_a_content_pull_request_waits_for_the_content_gate_only() -> None:
    jobs = workflow_jobs()
    gate, suite = jobs["content"], jobs["test"]
    assert "needs" not in gate and "if" not in gate  # every run, at once
    assert suite["needs"] == "plan"
    assert suite["if"] == "needs.plan.outputs.full_suite == 'true'"
    assert ".ci/run" in commands(suite)
    assert "winkelvloer.cli.ci_plan" in (Path(__file__).parents[1] / ".ci" / "plan").read_text()
    assert ".ci/plan" in commands(jobs["plan"])
    assert set(jobs["build"]["needs"]) == {"content", "test"}  # no deploy without both


def test_the_content_gate_runs_every_check_of_a_content_change() -> None:
    gate = commands(workflow_jobs()["content"])
    for command in (
        "--changes-out",
        'make check CHECK_FLAGS="--format github --changed-files',
        "make build",
        "winkelvloer.cli.check_site site",
        "winkelvloer.cli.page_checks site",
        "winkelvloer.cli.pr_summary",
    ):
        assert command in gate, command
    uploads = [
        s for s in workflow_jobs()["content"]["steps"] if "upload-artifact" in s.get("uses", "")
    ]
    assert [s["with"]["path"] for s in uploads] == ["site"]


def test_every_build_and_site_check_knows_the_repositorys_address() -> None:
    """check_site without SITE_URL judges the site against mkdocs.yml's address (in a fork,
    about 40 errors the editor cannot act on)."""
    for name, job in workflow_jobs().items():
        for step in job["steps"]:
            run = str(step.get("run", ""))
            if "check_site" in run or "make build" in run:
                environment = {**job.get("env", {}), **step.get("env", {})}
                assert "github.repository_owner" in environment.get("SITE_URL", ""), (name, run)


def test_the_ci_scripts_are_executable() -> None:
    import os

    for name in ("run", "install", "plan"):
        assert os.access(Path(__file__).parents[1] / ".ci" / name, os.X_OK), name
