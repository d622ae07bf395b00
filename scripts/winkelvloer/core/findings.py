"""Findings and how the checks report them.

A check produces `Finding`s; this module turns them into output lines, a one-line
summary, GitHub annotations, JSON, a Markdown job summary and an exit code, so every
tool in ``scripts/`` reports the same way.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import TextIO

from winkelvloer.core.changes import read_changes
from winkelvloer.core.text import printable

OUTPUT_FORMATS = ("text", "json", "github")
SUMMARY_ROW_LIMIT = 200


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem in one file; `path` is relative to the repository root."""

    path: str
    line: int
    col: int
    code: str
    severity: Severity
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_text(self) -> str:
        """One line, whatever the path or the message hold (control characters escaped)."""
        return printable(f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}")

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.col, f.code, f.message))


# Summary
# -----------------------------------------------------------------------------------------


def plural(count: int, word: str) -> str:
    """'1 error', '2 errors': English nouns that take an s."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def counts(findings: Sequence[Finding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.is_error)
    return errors, len(findings) - errors


def summary_line(findings: Sequence[Finding], files_checked: int) -> str:
    errors, warnings = counts(findings)
    return (
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')} "
        f"in {plural(files_checked, 'file')}"
    )


def exit_code(findings: Sequence[Finding], *, strict: bool = False) -> int:
    errors, warnings = counts(findings)
    return 1 if errors or (strict and warnings) else 0


# Output formats
# -----------------------------------------------------------------------------------------


def _escape_github_data(value: str) -> str:
    """A workflow command's message: %, CR and LF as GitHub reads them back; any other
    control character shown as an escape."""
    escaped = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def _escape_github_property(value: str) -> str:
    return _escape_github_data(value).replace(":", "%3A").replace(",", "%2C")


def github_annotation(finding: Finding) -> str:
    props = ",".join(
        f"{key}={_escape_github_property(str(value))}"
        for key, value in (
            ("file", finding.path),
            ("line", finding.line),
            ("col", finding.col),
            ("title", finding.code),
        )
    )
    return (
        f"::{finding.severity}{' ' if props else ''}{props}::{_escape_github_data(finding.message)}"
    )


def render_text(findings: Sequence[Finding], files_checked: int) -> str:
    lines = [f.as_text() for f in findings]
    lines.append(summary_line(findings, files_checked))
    return "\n".join(lines) + "\n"


# GitHub shows at most this many annotations of each kind (error, warning) per step.
ANNOTATIONS_PER_KIND = 10
# A file's changed lines: (first, last) ranges, as core/changes.py reads them from git.
Changed = Mapping[str, Sequence[tuple[int, int]]]


def changed_first(findings: Sequence[Finding], changed: Changed | None) -> list[Finding]:
    """The findings on changed lines, then the rest in changed files, then all others;
    each group in its given order."""
    if not changed:
        return list(findings)

    def rank(f: Finding) -> int:
        if f.path not in changed:
            return 2
        return 0 if any(first <= f.line <= last for first, last in changed[f.path]) else 1

    return sorted(findings, key=rank)


def render_github(
    findings: Sequence[Finding], files_checked: int, changed: Changed | None = None
) -> str:
    """Annotations for the first 10 errors and 10 warnings, those on the changed lines first
    (GitHub shows no more per step); the others as text lines, and all in the job summary."""
    lines, shown = [], {Severity.ERROR: 0, Severity.WARNING: 0}
    for f in changed_first(findings, changed):
        if shown[f.severity] < ANNOTATIONS_PER_KIND:
            shown[f.severity] += 1
            lines.append(github_annotation(f))
        else:
            lines.append(f.as_text())
    hidden = len(findings) - sum(shown.values())
    if hidden:
        lines.append(
            f"{plural(hidden, 'more finding')} than GitHub shows as annotations (10 errors and "
            "10 warnings per step, those on the changed lines first): above as text, and all "
            "in the job summary"
        )
    lines.append(summary_line(findings, files_checked))
    return "\n".join(lines) + "\n"


def render_json(findings: Sequence[Finding], files_checked: int) -> str:
    errors, warnings = counts(findings)
    document = {
        "findings": [f.as_dict() for f in findings],
        "summary": {"errors": errors, "warnings": warnings, "files": files_checked},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


RENDERERS = MappingProxyType({"text": render_text, "json": render_json, "github": render_github})


def _markdown_cell(text: str) -> str:
    """Text in a table cell of the job summary, as text: no markup, no code span ends."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return printable(escaped.replace("|", "\\|").replace("`", "'").replace("\n", " "))


def render_markdown_summary(title: str, findings: Sequence[Finding], files_checked: int) -> str:
    """A Markdown report for ``$GITHUB_STEP_SUMMARY``."""
    errors, _ = counts(findings)
    icon = ":x:" if errors else (":warning:" if findings else ":white_check_mark:")
    parts = [f"## {title}", "", f"{icon} {summary_line(findings, files_checked)}", ""]
    if findings:
        parts += ["| Location | Code | Severity | Message |", "|---|---|---|---|"]
        for f in findings[:SUMMARY_ROW_LIMIT]:
            location = _markdown_cell(f"{f.path}:{f.line}:{f.col}")
            parts.append(
                f"| `{location}` | {f.code} | {f.severity} | {_markdown_cell(f.message)} |"
            )
        if len(findings) > SUMMARY_ROW_LIMIT:
            parts += ["", f"… and {len(findings) - SUMMARY_ROW_LIMIT} more; see the job log."]
        parts.append("")
    return "\n".join(parts) + "\n"


def append_step_summary(
    markdown: str, environ: os._Environ[str] | dict[str, str] | None = None
) -> bool:
    """Append to the file named by GITHUB_STEP_SUMMARY, if that variable is set."""
    target = (os.environ if environ is None else environ).get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    with Path(target).open("a", encoding="utf-8") as handle:
        handle.write(markdown)
    return True


# Command line
# -----------------------------------------------------------------------------------------


def read_changed(path: str | None) -> Changed | None:
    """The changed lines from ci_plan's --changes-out file (core/changes.py), by file."""
    if not path:
        return None
    return {change.path: change.lines for change in read_changes(Path(path))}


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        default="text",
        help="text (default): one line per finding; json: machine readable; "
        "github: workflow annotations",
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail (exit 1) on warnings too, not only on errors"
    )
    parser.add_argument(
        "--changed-files",
        metavar="FILE",
        help="the changes ci_plan wrote (--changes-out): findings on those lines come first",
    )


def report(
    findings: Sequence[Finding],
    files_checked: int,
    *,
    output_format: str,
    strict: bool,
    title: str,
    stream: TextIO,
    presorted: bool = False,
    changed: Changed | None = None,
) -> int:
    """Print the findings, append the job summary when running in Actions, return the exit code.

    `presorted`: keep the caller's order (e.g. causes before what they cause). `changed`: the
    lines a pull request changed, whose findings come first in annotations and the summary."""
    ordered = list(findings) if presorted else sort_findings(findings)
    if output_format == "github":
        stream.write(render_github(ordered, files_checked, changed))
    else:
        stream.write(RENDERERS[output_format](ordered, files_checked))
    summary = changed_first(ordered, changed)
    append_step_summary(render_markdown_summary(title, summary, files_checked))
    return exit_code(ordered, strict=strict)
