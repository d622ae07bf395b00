"""Pagefind: one search index per language, each beside its language's home page.

The build starts Pagefind on a language as soon as that language's pages are written, so
indexing one language overlaps with building the next. One Pagefind runs at a time: each
holds its language's whole index in memory. Pagefind stems by <html lang>; only real
articles carry data-pagefind-body (overrides/main.html), so an untranslated fallback is
never indexed as, say, English.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pagefind_bin import get_executable


def command(site: Path, output_subdir: str, exclude_selectors: Sequence[str]) -> list[str]:
    found = [str(get_executable()), "--site", str(site), "--output-subdir", output_subdir]
    for selector in exclude_selectors:
        found += ["--exclude-selectors", selector]
    return [*found, "--quiet"]


@dataclass
class Indexer:
    """Pagefind runs, one at a time, in the background of whatever the build does next."""

    output_subdir: str
    exclude_selectors: Sequence[str]
    running: tuple[str, subprocess.Popen[str]] | None = None
    failures: dict[str, str] = field(default_factory=dict)

    def start(self, lang: str, folder: Path) -> None:
        """Index `folder` (a language's pages) into folder/<output_subdir>."""
        self.wait()
        job = subprocess.Popen(
            command(folder, self.output_subdir, self.exclude_selectors),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.running = (lang, job)

    def wait(self) -> None:
        """Wait for the running index, and note whether Pagefind failed."""
        if self.running is None:
            return
        lang, job = self.running
        output = job.communicate()[0]
        if job.returncode != 0:
            self.failures[lang] = " ".join(output.split())[:300] or f"exit {job.returncode}"
        self.running = None

    def stop(self) -> None:
        """Stop a running index (the build failed or was interrupted)."""
        if self.running is not None:
            self.running[1].kill()
            self.running[1].communicate()
            self.running = None
