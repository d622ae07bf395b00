"""What every command shares: parse the arguments, run, print, return the exit status.

A command is a parser and a function from the parsed arguments to an exit status:

    def main(argv: Sequence[str] | None = None) -> int:
        return run_command(build_parser(), _run, argv)

Input the command cannot work with raises an exception listed in `failures`; the editor then
gets one line on stderr and the failure's exit status, never a traceback. The default,
`BAD_INPUT`, covers a broken mkdocs.yml (`ConfigError`) and bad arguments (`UsageError`):
"<prog>: error: <message>", status 2, as argparse says it. A command with failures of its
own adds a `Failure` for them. Commands that report findings end with `report_findings`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from winkelvloer.core.config import ConfigError
from winkelvloer.core.findings import Finding, read_changed, report


class UsageError(Exception):
    """Bad command-line input, e.g. a path that does not exist (exit status 2)."""


@dataclass(frozen=True)
class Failure:
    """Exceptions that end a command with one line on stderr and `status`.

    `with_prog`: start the line with "<prog>: " (argparse's style, for bad input); without it
    the line is "error: <message>", for what an editor asked that cannot be done."""

    errors: tuple[type[Exception], ...]
    status: int
    with_prog: bool = True

    def line(self, prog: str, error: Exception) -> str:
        prefix = f"{prog}: " if self.with_prog else ""
        return f"{prefix}error: {error}"


BAD_INPUT = (Failure((ConfigError, UsageError), status=2),)


def run_command(
    parser: argparse.ArgumentParser,
    body: Callable[[argparse.Namespace], int],
    argv: Sequence[str] | None = None,
    failures: Sequence[Failure] = BAD_INPUT,
) -> int:
    """Parse `argv`, run `body` and return its exit status (argparse's own on bad usage)."""
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error argparse has already printed
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    try:
        return body(args)
    except Exception as error:
        failure = next((f for f in failures if isinstance(error, f.errors)), None)
        if failure is None:
            raise
        print(failure.line(parser.prog, error), file=sys.stderr)
        return failure.status


def report_findings(
    args: argparse.Namespace,
    findings: Sequence[Finding],
    files_checked: int,
    *,
    title: str,
    presorted: bool = False,
) -> int:
    """Print the findings in `args.format` to stdout; the exit status under `args.strict`
    (the arguments `core.findings.add_output_arguments` defines)."""
    try:
        changed = read_changed(getattr(args, "changed_files", None))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"--changed-files: cannot read {args.changed_files}: {exc}") from exc
    return report(
        findings,
        files_checked,
        output_format=args.format,
        strict=args.strict,
        title=title,
        stream=sys.stdout,
        presorted=presorted,
        changed=changed,
    )
