"""`make check` on several processes reports exactly what it reports on one.

The pages of every failing rule fixture, renamed so that they sit side by side in one site,
are checked in one process and then in worker processes handed one page at a time (so they
finish out of order): the findings, their messages and their order must be the same.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from winkelvloer.cli.check import check, main
from winkelvloer.content import corpus

FIXTURES = Path(__file__).parent / "fixtures" / "check"
FAILING = sorted(
    case
    for case in FIXTURES.iterdir()
    if "-fail-" in case.name and not (case / "links.txt").exists()
)


def messy_site(tmp_path: Path) -> Path:
    """The base site plus every failing fixture's pages, each renamed after its case."""
    site = Path(shutil.copytree(FIXTURES / "_base", tmp_path / "site"))
    for case in FAILING:
        docs = case / "docs"
        for page in sorted(docs.rglob("*.md")) if docs.is_dir() else ():
            relative = page.relative_to(docs)
            target = site / "docs" / relative.parent / f"{case.name}-{relative.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, target)
    return site


def test_workers_report_what_one_process_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = messy_site(tmp_path)
    monkeypatch.chdir(site)
    one = check("mkdocs.yml", use_cache=False, jobs=1)
    monkeypatch.setattr(corpus, "PARALLEL_MINIMUM", 2)
    monkeypatch.setattr(corpus, "CHUNK_PAGES", 1)
    several = check("mkdocs.yml", use_cache=False, jobs=3)
    assert several.files_checked == one.files_checked > 60
    assert several.findings == one.findings
    assert [f.message for f in several.findings] == [f.message for f in one.findings]
    assert len({f.code for f in one.findings}) >= 20  # the site really is full of mistakes


def test_jobs_are_bounded_by_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus, "usable_cores", lambda: 2)
    assert corpus.worker_count(None) == 2
    assert corpus.worker_count(1) == 1
    assert corpus.worker_count(64) == corpus.MAX_WORKERS


def test_jobs_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--jobs", "0"]) == 2
    assert "--jobs: expected a whole number of at least 1, got '0'" in capsys.readouterr().err
