"""Which CI jobs a run needs, decided from `git diff` (core/changes.py explains the split).

    python -m winkelvloer.cli.ci_plan --base SHA [--head REF] [--full] [--changes-out FILE]

Prints the decision and its reason; in GitHub Actions it also writes ``full_suite=true|false``
and ``content_changed=true|false`` to ``$GITHUB_OUTPUT``. `--changes-out` writes the changed
files (with the changed line ranges of each content file) as JSON, for the content gate's
later steps: annotations on the changed lines first, the per-page checks, the summary.
`--full` (main before a deploy, the daily build) runs everything whatever changed; so does a
base git does not know (a first push, a force-push, a shallow history).

Runs before anything is installed (`PYTHONPATH=scripts python3 -m ...`): the standard
library and core/changes.py only. Exit status 0, or 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from winkelvloer.core.changes import (
    Change,
    Plan,
    is_content,
    parse_hunks,
    parse_name_status,
    plan,
    with_lines,
    write_changes,
)

GIT_SECONDS = 60


def git(*arguments: str) -> bytes | None:
    """git's output, or None when git fails (no such commit, no repository)."""
    try:
        result = subprocess.run(
            ["git", *arguments], capture_output=True, timeout=GIT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def changed_files(base: str, head: str) -> list[Change] | None:
    """The files that differ between `base` and `head`, or None if git cannot tell."""
    if not base.strip("0") or git("cat-file", "-e", f"{base}^{{commit}}") is None:
        return None
    output = git("diff", "--name-status", "-z", "--find-renames", base, head, "--")
    if output is None:
        return None
    changes = parse_name_status(output)
    return [_with_changed_lines(change, base, head) for change in changes]


def _with_changed_lines(change: Change, base: str, head: str) -> Change:
    if change.deleted or not is_content(change.path):
        return change
    output = git("diff", "-U0", "--no-color", "--no-ext-diff", base, head, "--", change.path)
    return with_lines(change, parse_hunks(output or b""))


def write_outputs(decision: Plan, environ: os._Environ[str] | dict[str, str]) -> None:
    target = environ.get("GITHUB_OUTPUT")
    if not target:
        return
    with Path(target).open("a", encoding="utf-8") as handle:
        handle.write(f"full_suite={str(decision.full_suite).lower()}\n")
        handle.write(f"content_changed={str(decision.content_changed).lower()}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m winkelvloer.cli.ci_plan",
        description="Decide from git diff whether CI runs the full test suite.",
    )
    parser.add_argument("--base", default="", help="the commit the changes are measured from")
    parser.add_argument("--head", default="HEAD", help="the commit checked (default: HEAD)")
    parser.add_argument(
        "--full", action="store_true", help="run everything (main before a deploy, daily build)"
    )
    parser.add_argument("--changes-out", metavar="FILE", help="write the changed files as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    changes = changed_files(args.base, args.head) if args.base else None
    decision = plan(changes, pull_request=not args.full)
    if args.changes_out:
        write_changes(Path(args.changes_out), decision.changes)
    write_outputs(decision, os.environ)
    suite = "full test suite and content gate" if decision.full_suite else "content gate only"
    print(f"{suite}: {decision.reason} ({len(decision.changes)} files changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
