"""What changed in a Dutch source since a translation was marked up to date.

A translation's ``translated_from`` records only a hash per section of its source
(core/freshness.py). The text those hashes were made from is found in the git history: the
source's committed versions are read newest first, and the first whose section hashes are
exactly the record is the version the translator worked from. Its sections, beside the
current ones, show what changed. Without git, outside a repository, in a shallow clone that
lacks the version, or when no version matches (the record was written by hand, or the file
was renamed), `recorded_version` says why in one line instead.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from winkelvloer.core.freshness import TITLE_KEY, Section, section_hashes, sections

MAX_VERSIONS = 500  # commits of one file looked at, newest first
GIT_SECONDS = 30


@dataclass(frozen=True, slots=True)
class Version:
    """The source as it was when the translation was marked: its text and where it is from."""

    text: str
    commit: str  # the newest commit with exactly this version of the file
    date: str  # that commit's date, YYYY-MM-DD


@dataclass(frozen=True, slots=True)
class Unavailable:
    """Why the earlier text cannot be shown (one line for the editor)."""

    reason: str


@dataclass(frozen=True, slots=True)
class SectionChange:
    key: str
    label: str
    old: str  # "" when the section is new
    new: str  # "" when the section is gone


def recorded_version(
    source: Path, record: Mapping[str, object], closing_names: Iterable[str]
) -> Version | Unavailable:
    """The newest committed version of `source` whose section hashes equal `record`."""
    wanted = {str(key): str(value) for key, value in record.items()}
    names = frozenset(closing_names)
    shown = os.path.relpath(source)
    try:
        versions = list(_committed_versions(source.resolve()))
    except GitUnavailable as exc:
        return Unavailable(f"the earlier Dutch text cannot be shown: {exc}")
    for text, commit, date in versions:
        if section_hashes(text, names) == wanted:
            return Version(text, commit, date)
    if not versions:
        return Unavailable(
            f"the earlier Dutch text cannot be shown: {shown} has no committed version here "
            "(a new file, or a shallow clone)"
        )
    return Unavailable(
        f"the earlier Dutch text cannot be shown: none of the {len(versions)} committed "
        f"versions of {shown} matches the translation's translated_from record; see "
        f"git log -p {shown}"
    )


def section_changes(
    old_text: str, new_text: str, closing_names: Iterable[str]
) -> list[SectionChange]:
    """The sections whose text differs, in the current source's order, then removed ones."""
    old = {s.key: s for s in sections(old_text, closing_names)}
    new = sections(new_text, closing_names)
    changes = [
        SectionChange(s.key, s.label, _text(old.get(s.key)), _text(s))
        for s in new
        if s.key not in old or old[s.key].hash != s.hash
    ]
    keys = {s.key for s in new}
    changes += [
        SectionChange(key, s.label, _text(s), "") for key, s in old.items() if key not in keys
    ]
    return changes


def _text(section: Section | None) -> str:
    if section is None:
        return ""
    if section.key == TITLE_KEY:
        return section.text  # title and description, one per line
    return section.text.strip("\n")


def diff_lines(change: SectionChange) -> list[str]:
    """The changed lines of a section: '- ' the old text, '+ ' the new, blank lines left out."""
    old = [line for line in change.old.splitlines() if line.strip()]
    new = [line for line in change.new.splitlines() if line.strip()]
    out = []
    for line in difflib.unified_diff(old, new, lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        out.append(f"{line[0]} {line[1:]}")
    return out


# Git
# -----------------------------------------------------------------------------------------


class GitUnavailable(Exception):
    """No git, or no repository around the file."""


def _git(root: Path, *arguments: str, stdin: bytes | None = None) -> bytes:
    git = shutil.which("git")
    if git is None:
        raise GitUnavailable("git is not installed")
    try:
        result = subprocess.run(
            [git, "-C", str(root), *arguments],
            input=stdin,
            capture_output=True,
            timeout=GIT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitUnavailable(f"git failed ({type(exc).__name__})") from exc
    if result.returncode != 0:
        first = result.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
        raise GitUnavailable(first[0] if first else "git failed")
    return result.stdout


def _committed_versions(source: Path) -> Iterator[tuple[str, str, str]]:
    """(text, commit, date) of each committed version of `source`, newest first."""
    folder = source.parent
    if not folder.is_dir():
        raise GitUnavailable(f"{folder} does not exist")
    try:
        log = _git(
            folder, "log", f"--max-count={MAX_VERSIONS}", "--format=%H %cs", "--", source.name
        )
    except GitUnavailable as exc:
        if "not a git repository" in str(exc):
            raise GitUnavailable("this folder has no git history") from exc
        raise
    commits = [line.split(" ", 1) for line in log.decode().splitlines() if " " in line]
    if not commits:
        return
    requests = "".join(f"{commit}:./{source.name}\n" for commit, _ in commits).encode()
    blobs = _git(folder, "cat-file", "--batch", stdin=requests)
    for (commit, date), data in zip(commits, _batch_contents(blobs, len(commits)), strict=True):
        if data is not None:
            yield data.decode("utf-8", "replace"), commit, date


def _batch_contents(output: bytes, count: int) -> Sequence[bytes | None]:
    """The objects `git cat-file --batch` printed, None for each one it reported missing."""
    found: list[bytes | None] = []
    position = 0
    for _ in range(count):
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) != 3:
            found.append(None)  # "<name> missing" (the file did not exist in that commit)
            continue
        size = int(header[2])
        found.append(output[position : position + size])
        position += size + 1
    return found
