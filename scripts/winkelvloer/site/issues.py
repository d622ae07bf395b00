"""An issue: what a rule found in the built site, before it is placed in a source file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Issue:
    code: str  # a site rule of core.rules, which gives the severity
    message: str
    html: str  # the HTML file (site-relative), or "" for issues in the sitemap or a feed
    url: str = ""  # the link as written, to find its line in the Markdown source
    file: str = ""  # for issues in another file than a page (the sitemap, a feed)
    line: int = 0  # the line in that file


def display(path: Path, cwd: Path | None = None) -> str:
    """A path relative to the working directory where possible (cwd: resolved, if known)."""
    try:
        return path.resolve().relative_to(cwd or Path.cwd().resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a symbolic link loop
        return path.as_posix()
