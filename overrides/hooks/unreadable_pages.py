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

from winkelvloer.render.build_cache import cache_dir
from winkelvloer.render.i18n_pages import is_outermost_build
from winkelvloer.render.readable import Problem, cached_problem
from winkelvloer.content.rendered import MAX_PAGE_BYTES

log = logging.getLogger("mkdocs.hooks.unreadable_pages")


def problem(file: File, cache: Path) -> Problem | None:
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
def _problem_in(path: Path, _mtime_ns: int, _size: int, cache: Path) -> Problem | None:
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    return cached_problem(text, cache)


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
