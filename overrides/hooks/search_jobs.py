"""The Pagefind runs of one build, shared by hooks/search_index.py and search_index_wait.py.

Imported, not a hook. One Pagefind runs at a time, in the background: each holds its whole
index in memory, and the previous one has usually finished while the next language built.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from pagefind_bin import get_executable

BUNDLE_DIR = "pagefind"
_running: dict[str, subprocess.Popen[str]] = {}


def start(lang: str, site: Path, glob: str | None = None) -> None:
    """Index `site` (or the pages matching `glob` in it) into site/pagefind."""
    finish()
    command = [str(get_executable()), "--site", str(site), "--output-subdir", BUNDLE_DIR]
    if glob:
        command += ["--glob", glob]
    # Material's heading permalinks ("¶") and the byline are not text a reader searches for.
    # (A selector, not data-pagefind-ignore: content may carry no data-pagefind-* attribute.)
    command += ["--exclude-selectors", ".headerlink", "--exclude-selectors", ".wv-byline"]
    command += ["--quiet"]
    _running[lang] = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def finish() -> None:
    """Wait for the running index; fail the build if Pagefind failed."""
    outputs = {lang: job.communicate()[0] for lang, job in _running.items()}
    failures = {lang: outputs[lang] for lang, job in _running.items() if job.returncode != 0}
    _running.clear()
    if failures:
        raise PluginError(f"Pagefind failed: {failures}")
