"""Every rule against its fixtures: tests/fixtures/check/<code>-<pass|fail>-<case>/.

Each case folder holds the files it adds to (or replaces in) the small site in
tests/fixtures/check/_base, and expected.txt: the findings the check must report, one
``path:line[:col] CODE`` per line. Passing cases have an empty expected.txt: no finding at
all, of any rule.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import CHECK_BASE, CHECK_FIXTURES, FIXTURE_EXPECTED, assemble_fixture, fixture_lines
from winkelvloer.cli.check import run
from winkelvloer.core.findings import Finding
from winkelvloer.core.rules import CONTENT_RULES

CASES = sorted(p.name for p in CHECK_FIXTURES.iterdir() if p.is_dir() and p.name[0] not in "_.")
# INT001 reports a crash of the checker itself; tests/test_check_units.py provokes one.
WITHOUT_FIXTURES = {"INT001"}


def build_site(tmp_path: Path, case: str | None) -> Path:
    return assemble_fixture(CHECK_BASE, CHECK_FIXTURES / case if case else None, tmp_path / "site")


def expected_lines(case: str) -> list[str]:
    return fixture_lines(CHECK_FIXTURES / case / FIXTURE_EXPECTED)


def short_key(location: str, code: str) -> str:
    path, line = location.split(":")[:2]
    return f"{path}:{line} {code}"


def full_key(finding: Finding) -> str:
    return f"{finding.path}:{finding.line}:{finding.col} {finding.code}"


def test_base_site_has_no_findings(tmp_path: Path) -> None:
    assert run(build_site(tmp_path, None) / "mkdocs.yml", use_cache=False) == []


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: str, tmp_path: Path) -> None:
    findings = run(build_site(tmp_path, case) / "mkdocs.yml", use_cache=False)
    expected = expected_lines(case)
    wanted = Counter(short_key(*line.split(" ")) for line in expected)
    got = Counter(short_key(f"{f.path}:{f.line}", f.code) for f in findings)
    assert got == wanted, "\n".join(f.as_text() for f in findings)
    assert not [f for f in findings if "\n" in f.message or "\r" in f.message]
    full = {full_key(f) for f in findings}
    for line in expected:
        location, code = line.split(" ")
        if location.count(":") == 2:
            assert f"{location} {code}" in full, f"column of {line}: " + ", ".join(sorted(full))


def test_fail_cases_report_their_own_rule() -> None:
    for case in CASES:
        code = case.split("-")[0].upper()
        kind = case.split("-")[1]
        codes = {line.split(" ")[1] for line in expected_lines(case)}
        if kind == "fail":
            assert code in codes, case
        else:
            assert kind == "pass", case
            assert not codes, case


@pytest.mark.parametrize("code", sorted(set(CONTENT_RULES) - WITHOUT_FIXTURES))
def test_every_rule_has_a_passing_and_a_failing_case(code: str) -> None:
    prefixes = {case.rsplit("-", maxsplit=case.count("-") - 1)[0] for case in CASES}
    assert f"{code.lower()}-pass" in prefixes
    assert f"{code.lower()}-fail" in prefixes
