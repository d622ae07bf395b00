"""The content check on 200 mutated real pages (tests/fuzz_check.py; `make fuzz` runs 2,000):
no traceback, no hang, one line per finding."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fuzz_check import MUTATIONS, fuzz

INPUTS = 200


def test_the_check_survives_mutated_pages() -> None:
    failures = fuzz(INPUTS, seed=23, cli_runs=2)
    assert failures == []


def test_the_fuzzer_mutates_and_finds() -> None:
    """The fuzzer can fail: a crash in the analysis is reported, with the input that caused it."""
    assert len(MUTATIONS) == 6
    result = subprocess.run(
        [sys.executable, "-c", "import fuzz_check, winkelvloer.content.page as p\n"
         "p.analyse = lambda *a: 1 / 0\n"
         "import sys; fuzz_check.analyse = p.analyse; sys.argv = ['x', '--inputs', '3', "
         "'--cli-runs', '0']; sys.exit(fuzz_check.main())"],
        cwd=Path(__file__).parent, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "ZeroDivisionError" in result.stdout
    assert "3 inputs (seed 23): 3 failures" in result.stdout
