"""The Pagefind runs of one build, shared by hooks/search_index.py and search_index_wait.py.

Imported, not a hook. One Pagefind runs at a time, in the background: each holds its whole
index in memory, and the previous one has usually finished while the next language built.
When the languages are built in processes of their own (build/parallel.py), they take turns
through a lock file, so the build still holds one index in memory at a time.
"""

from __future__ import annotations

import fcntl
import subprocess
import threading
import time
from pathlib import Path
from typing import IO

from mkdocs.exceptions import PluginError
from pagefind_bin import get_executable

BUNDLE_DIR = "pagefind"
# Not text a reader searches for: Material's heading permalinks ("¶"), the byline, and what
# repeats words found elsewhere on the page (the contents list, hooks/article_contents.py,
# its headings; the tag links) and would show them twice in an excerpt. Selectors, not
# data-pagefind-ignore: content may carry no data-pagefind-* attribute.
EXCLUDED = (".headerlink", ".wv-byline", ".wv-toc", ".md-tags")
REFRESH_DELAY = 2.0  # seconds after a quick build of the preview before re-indexing
_running: dict[str, subprocess.Popen[str]] = {}
_turns: dict[str, Path] = {}  # the lock file the processes of a parallel build share
_holding: list[IO[bytes]] = []


def take_turns(lock_file: Path) -> None:
    """From now on, index only while holding `lock_file` (shared with other processes)."""
    _turns["lock"] = lock_file


def command(site: Path, glob: str | None = None) -> list[str]:
    found = [str(get_executable()), "--site", str(site), "--output-subdir", BUNDLE_DIR]
    if glob:
        found += ["--glob", glob]
    for selector in EXCLUDED:
        found += ["--exclude-selectors", selector]
    return [*found, "--quiet"]


def start(lang: str, site: Path, glob: str | None = None) -> None:
    """Index `site` (or the pages matching `glob` in it) into site/pagefind."""
    finish()
    if "lock" in _turns:
        held = _turns["lock"].open("ab")
        fcntl.flock(held, fcntl.LOCK_EX)  # released by finish(), or when the process ends
        _holding.append(held)
    _running[lang] = subprocess.Popen(
        command(site, glob), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


# The preview's quick builds do not wait for the index: one background thread re-indexes the
# languages that were saved, one at a time, latest request per language.
_requests: dict[str, list[str]] = {}
_lock = threading.Lock()
_worker: list[threading.Thread] = []


def refresh_in_background(lang: str, site: Path, glob: str | None = None) -> None:
    with _lock:
        _requests[lang] = command(site, glob)
        if _worker and _worker[0].is_alive():
            return
        _worker[:] = [threading.Thread(target=_refresh_all, daemon=True)]
        _worker[0].start()


def _refresh_all() -> None:
    # Wait until the browsers have reloaded the saved page: Pagefind would slow that down.
    time.sleep(REFRESH_DELAY)
    while True:
        with _lock:
            if not _requests:
                return
            lang = next(iter(_requests))
            job = _requests.pop(lang)
        # A failure leaves the previous index in place; the next full build reports it.
        subprocess.run(job, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def finish() -> None:
    """Wait for the running index; fail the build if Pagefind failed."""
    outputs = {lang: job.communicate()[0] for lang, job in _running.items()}
    failures = {lang: outputs[lang] for lang, job in _running.items() if job.returncode != 0}
    _running.clear()
    for held in _holding:
        held.close()
    _holding.clear()
    if failures:
        raise PluginError(f"Pagefind failed: {failures}")
