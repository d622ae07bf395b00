"""The preview summary of a pull request: its pages in every language, their translations."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CHECK_BASE
from winkelvloer.cli.pr_summary import main
from winkelvloer.core.changes import Change, write_changes

OLD = "Een [anker in beta](beta.md#1-de-basis) en een [eigen anker](#1-eerst-dit)."
NEW = "Een [anker in beta](beta.md#1-de-basis), een [eigen anker](#1-eerst-dit) en meer."


def git(root: Path, *arguments: str) -> None:
    identity = ["-c", "user.name=Redactie", "-c", "user.email=redactie@example.org"]
    subprocess.run(["git", *identity, *arguments], cwd=root, check=True, capture_output=True)


@pytest.fixture
def pull_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small site in git; then a pull request that rewords a paragraph of alpha, makes
    its German translation a draft, removes beta's French one and adds an oddly named page."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    root = Path(shutil.copytree(CHECK_BASE, tmp_path / "site"))
    monkeypatch.chdir(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start")
    articles = root / "docs" / "artikelen"
    source = articles / "alpha.md"
    source.write_text(source.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    german = articles / "alpha.de.md"
    text = german.read_text(encoding="utf-8")
    german.write_text(text.replace("author:", "draft: true\nauthor:"), encoding="utf-8")
    (articles / "beta.fr.md").unlink()
    (root / "docs" / "x <script>.md").write_text("---\ntitle: X\n---\n\n# X\n", encoding="utf-8")
    write_changes(
        tmp_path / "changes.json",
        [
            Change("M", "docs/artikelen/alpha.md", None, ((27, 27),)),
            Change("M", "docs/artikelen/alpha.de.md", None, ((7, 7),)),
            Change("D", "docs/artikelen/beta.fr.md"),
            Change("A", "docs/x <script>.md", None, ((1, 5),)),
        ],
    )
    return tmp_path / "changes.json"


def test_every_changed_page_in_every_language(
    pull_request: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--changed-files", str(pull_request), "--artifact", "site-preview"]) == 0
    out = capsys.readouterr().out
    rows = {line.split(" | ")[0]: line for line in out.splitlines() if line.startswith("| <code>")}
    alpha = rows["| <code>artikelen/alpha.md</code>"].split(" | ")[1:]
    assert alpha[0].startswith("<code>/artikelen/alpha/</code>")
    assert alpha[1].startswith("<code>/en/artikelen/alpha/</code>")
    assert "the translation is a draft" in alpha[2]
    assert alpha[3].startswith("<code>/fr/artikelen/alpha/</code>")
    assert "| <code>x &lt;script&gt;.md</code> |" in out
    assert "<script>" not in out
    assert "Removed: <code>docs/artikelen/beta.fr.md</code>" in out
    assert "<code>site-preview</code>" in out


def test_outdated_translations_show_the_old_and_new_dutch_text(
    pull_request: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--changed-files", str(pull_request)]) == 0
    out = capsys.readouterr().out
    assert "### Translation status" in out
    english = out.split("for <code>docs/artikelen/alpha.en.md</code>", 1)[1]
    block = english.split("```diff\n", 1)[1].split("\n```", 1)[0].splitlines()
    assert block == ["@@ 2. Dan dat @@", f"- {OLD}", f"+ {NEW}"]


def test_a_pull_request_without_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    changes = tmp_path / "changes.json"
    write_changes(changes, [Change("M", "scripts/winkelvloer/core/rules.py")])
    assert main(["--changed-files", str(changes), "-f", str(CHECK_BASE / "mkdocs.yml")]) == 0
    assert "No page in docs/ changed." in capsys.readouterr().out
