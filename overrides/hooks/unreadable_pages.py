"""Hook: leave out pages MkDocs cannot read safely (rules FM008 and MDX001 of `make check`).

A few lines of YAML aliases that repeat each other expand into billions of values, and
Python-Markdown needs hours for some shapes of text (very deep nesting, thousands of "[" in
one paragraph). Such a page is logged as an error (the strict build fails) and never read.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from winkelvloer.build.build_cache import cache_dir, code_version, memoized
from winkelvloer.build.i18n_pages import is_outermost_build
from winkelvloer.content import front_matter, rendered
from winkelvloer.content.front_matter import anchor_or_alias
from winkelvloer.content.rendered import MAX_PAGE_BYTES, complexity_problem
from winkelvloer.core import freshness
from winkelvloer.core.freshness import FENCE_OPEN, front_matter_bounds

log = logging.getLogger("mkdocs.hooks.unreadable_pages")


def problem(file: File, cache: Path) -> tuple[int, int, str, str] | None:
    """(line, column, code, message) of what makes the page unreadable, if anything."""
    path = Path(file.abs_src_path or "")
    try:
        info = path.stat()
    except OSError:
        return None
    if info.st_size > MAX_PAGE_BYTES:
        return 1, 1, "MDX001", f"the page is larger than {MAX_PAGE_BYTES // 1_000_000} MB"
    return _problem_in(path, info.st_mtime_ns, info.st_size, cache)


# `make serve` rebuilds on every save: only changed files are read again. Every language's
# build reads every page, in a parallel build in other processes: the cache keeps the result.
@functools.lru_cache(maxsize=100_000)
def _problem_in(
    path: Path, _mtime_ns: int, _size: int, cache: Path
) -> tuple[int, int, str, str] | None:
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    version = code_version(front_matter, rendered, freshness)
    found = memoized(cache, version, text, lambda: problem_in_text(text))
    return (found[0], found[1], found[2], found[3]) if found else None


def problem_in_text(text: str) -> tuple[int, int, str, str] | None:
    lines = text.replace("\r\n", "\n").split("\n")
    bounds = front_matter_bounds(lines) if lines[0].rstrip(" \t") == FENCE_OPEN else None
    if bounds:
        found = anchor_or_alias("\n".join(lines[1 : bounds[1]]))
        if found:
            line, col, what = found
            message = f"front matter uses the YAML {what}; write the value out instead"
            return line + 2, col + 1, "FM008", message
    too_complex = complexity_problem(lines, bounds[1] + 2 if bounds else 1)
    if too_complex:
        line, reason = too_complex
        return line, 1, "MDX001", f"the page cannot be built in reasonable time: {reason}"
    return None


# Before static-i18n (priority 0) sorts the files into languages, and before MkDocs reads them.
@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    report = log.error if is_outermost_build(config) else log.debug
    root = Path(config.docs_dir).parent
    cache = cache_dir(config, "readable")
    for file in list(files.documentation_pages()):
        found = problem(file, cache)
        if found is None:
            continue
        line, col, code, message = found
        where = os.path.relpath(file.abs_src_path or "", root).replace(os.sep, "/")
        report("%s:%d:%d: %s %s (left out of the site)", where, line, col, code, message)
        files.remove(file)
    return files
