"""Hook: leave out a page whose front matter uses YAML anchors or aliases (rule FM008).

A few lines of aliases that repeat each other expand into billions of values; MkDocs would
read them before any check runs. The page is logged as an error (the strict build fails)
and never read.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from i18n_pages import is_outermost_build

# The rule is shared with the editors' checks in scripts/.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from scripts.content.front_matter import anchor_or_alias
from scripts.freshness import FENCE_OPEN, front_matter_bounds

log = logging.getLogger("mkdocs.hooks.front_matter_guard")


def _problem(file: File) -> tuple[int, int, str] | None:
    try:
        text = Path(file.abs_src_path or "").read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].rstrip(" \t") != FENCE_OPEN:
        return None
    bounds = front_matter_bounds(lines)
    end = bounds[1] if bounds else len(lines)
    found = anchor_or_alias("\n".join(lines[1:end]))
    return (found[0] + 2, found[1] + 1, found[2]) if found else None


# Before static-i18n (priority 0) sorts the files into languages, and before MkDocs reads them.
@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    report = log.error if is_outermost_build(config) else log.debug
    for file in list(files.documentation_pages()):
        problem = _problem(file)
        if problem is None:
            continue
        line, col, what = problem
        where = os.path.relpath(file.abs_src_path or "", Path(config.docs_dir).parent)
        report(
            "%s:%d:%d: FM008 front matter uses the YAML %s; write the value out instead "
            "(left out of the site)",
            where.replace(os.sep, "/"), line, col, what,
        )  # fmt: skip
        files.remove(file)
    return files
