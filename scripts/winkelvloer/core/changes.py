"""What a pull request changes, and which CI jobs that calls for.

The workflow asks git itself (`git diff` against the pull request's base), so no third-party
action decides what runs. A change only to content (``docs/``) is answered by the content
gate alone: the content check, the strict build, the check of the built site, and axe and
the Nu HTML Checker on the changed pages. Any other change (code, templates, configuration,
the workflow, tests) runs the full test suite too. So does every run that is no pull request
(main before a deploy, the daily build), and a pull request whose changes git cannot list.

The standard library only: CI's planning job runs this before anything is installed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

CONTENT_DIR = "docs/"
# git diff --name-status: A added, C copied, D deleted, M modified, R renamed, T type changed.
KNOWN_STATUSES = frozenset("ACDMRTUX")


@dataclass(frozen=True, slots=True)
class Change:
    """One changed file: `path` as it is now (for D: as it was), `old_path` for R and C."""

    status: str
    path: str
    old_path: str | None = None
    lines: tuple[tuple[int, int], ...] = ()  # first and last line of each changed block, now

    @property
    def paths(self) -> tuple[str, ...]:
        return (self.path,) if self.old_path is None else (self.old_path, self.path)

    @property
    def deleted(self) -> bool:
        return self.status == "D"


@dataclass(frozen=True, slots=True)
class Plan:
    full_suite: bool
    reason: str
    content_changed: bool
    changes: list[Change] = field(default_factory=list)


def is_content(path: str) -> bool:
    return path.startswith(CONTENT_DIR) and ".." not in path.split("/")


def plan(changes: Sequence[Change] | None, *, pull_request: bool = True) -> Plan:
    """Which jobs run. `changes` None: git could not list them (run everything)."""
    listed = list(changes or [])
    content = any(is_content(path) for change in listed for path in change.paths)
    if not pull_request:
        return Plan(True, "main before a deploy, or the daily build", content, listed)
    if changes is None:
        return Plan(True, "the changes could not be listed", content, listed)
    outside = sorted({p for change in listed for p in change.paths if not is_content(p)})
    if outside:
        more = f" and {len(outside) - 1} more" if len(outside) > 1 else ""
        return Plan(True, f"changes outside {CONTENT_DIR}: {outside[0]}{more}", content, listed)
    return Plan(False, f"only {CONTENT_DIR} changed: the content gate answers it", content, listed)


# Reading git's output
# -----------------------------------------------------------------------------------------


def parse_name_status(output: bytes) -> list[Change]:
    """`git diff --name-status -z` output: status, then one path (two for R and C), each
    NUL-terminated, so any character a file name may hold comes through unchanged."""
    fields = output.decode("utf-8", "surrogateescape").split("\0")
    changes: list[Change] = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index][:1]
        if status not in KNOWN_STATUSES:
            raise ValueError(f"unexpected git diff status {fields[index]!r}")
        if status in "RC":
            changes.append(Change(status, fields[index + 2], fields[index + 1]))
            index += 3
        else:
            changes.append(Change(status, fields[index + 1]))
            index += 2
    return changes


def parse_hunks(output: bytes) -> tuple[tuple[int, int], ...]:
    """The changed line ranges (first, last), as the file is now, of one file's
    `git diff -U0` output (its hunk headers "@@ -a,b +c,d @@"); pure deletions have none."""
    found = []
    for raw in output.split(b"\n"):
        if not raw.startswith(b"@@ "):
            continue
        new = raw.split(b" ")[2]  # "+start[,count]"
        start, _, count = new[1:].decode("ascii").partition(",")
        size = int(count) if count else 1
        if size:
            found.append((int(start), int(start) + size - 1))
    return tuple(found)


def with_lines(change: Change, lines: tuple[tuple[int, int], ...]) -> Change:
    return Change(change.status, change.path, change.old_path, lines)


# The file the later steps read
# -----------------------------------------------------------------------------------------


def write_changes(path: Path, changes: Sequence[Change]) -> None:
    document = {"changes": [asdict(change) for change in changes]}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read_changes(path: Path) -> list[Change]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return [
        Change(
            str(item["status"]),
            str(item["path"]),
            item.get("old_path"),
            tuple((int(a), int(b)) for a, b in item.get("lines", ())),
        )
        for item in document["changes"]
    ]


def changed_content(changes: Iterable[Change]) -> list[str]:
    """The content files that exist after the change (added, modified, renamed to), in order."""
    return [c.path for c in changes if not c.deleted and is_content(c.path)]
