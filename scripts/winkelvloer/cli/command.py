"""What every command shares: parse the arguments, run, print, return the exit status.

A command is a parser and a function from the parsed arguments to an exit status:

    def main(argv: Sequence[str] | None = None) -> int:
        return run_command(build_parser(), _run, argv)

Input the command cannot work with raises an exception listed in `failures`; the editor then
gets one line on stderr and the failure's exit status, never a traceback. The default,
`BAD_INPUT`, covers a broken mkdocs.yml (`ConfigError`) and bad arguments (`UsageError`):
"<prog>: error: <message>", status 2, as argparse says it. A file that cannot be read or
written (`OSError`) is "error: <message>", status 1; an interrupt (Ctrl+C, SIGTERM) is one
line and status 130 or 143. A command with failures of its own adds a `Failure` for them.
Every such line is one line, whatever the message held. Commands that report findings end
with `report_findings`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import FrameType, MappingProxyType

from winkelvloer.core.config import ConfigError
from winkelvloer.core.findings import Finding, read_changed, report
from winkelvloer.core.text import one_line


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
        return one_line(f"{prefix}error: {describe(error)}")


def describe(error: Exception) -> str:
    """What went wrong, for the editor: an OSError as "<file>: <reason>", not "[Errno 2] ..."."""
    if isinstance(error, OSError) and type(error).__str__ is OSError.__str__ and error.strerror:
        return f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    return str(error)


class Terminated(BaseException):
    """SIGTERM, turned into an exception so that what is being written is cleaned up."""


BAD_INPUT = (Failure((ConfigError, UsageError), status=2),)
# Appended to every command's failures: a file the command cannot read or write.
FILE_FAILURE = Failure((OSError,), status=1, with_prog=False)
INTERRUPTED = MappingProxyType(
    {KeyboardInterrupt: 128 + signal.SIGINT, Terminated: 128 + signal.SIGTERM}
)


@contextlib.contextmanager
def terminated_as_exception() -> Iterator[None]:
    """While the command runs, SIGTERM raises Terminated in this process (not in a worker
    process forked from it, which ends as it would have)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    owner = os.getpid()

    def terminate(signum: int, _frame: FrameType | None) -> None:
        if os.getpid() != owner:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_command(
    parser: argparse.ArgumentParser,
    body: Callable[[argparse.Namespace], int],
    argv: Sequence[str] | None = None,
    failures: Sequence[Failure] = BAD_INPUT,
) -> int:
    """Parse `argv`, run `body` and return its exit status (argparse's own on bad usage)."""
    if threading.current_thread() is threading.main_thread():  # see winkelvloer/cli/__init__.py
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with terminated_as_exception():
            return _parse_and_run(parser, body, argv, failures)
    except (KeyboardInterrupt, Terminated) as interrupt:
        print(f"{parser.prog}: interrupted; stopped", file=sys.stderr)
        return INTERRUPTED[type(interrupt)]


def _parse_and_run(
    parser: argparse.ArgumentParser,
    body: Callable[[argparse.Namespace], int],
    argv: Sequence[str] | None,
    failures: Sequence[Failure],
) -> int:
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error argparse has already printed
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    try:
        return body(args)
    except Exception as error:
        known = (*failures, FILE_FAILURE)
        failure = next((f for f in known if isinstance(error, f.errors)), None)
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
