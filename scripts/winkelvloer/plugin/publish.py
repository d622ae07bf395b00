"""The published folder changes only when a whole build succeeded, and all at once.

A build writes into a new folder beside the site (`.site.new-…`), each language first into a
part of its own (`.site.parts-…`). Only when every language built is the new folder swapped
in for the site: one atomic exchange of the two folders on Linux (renameat2), else two
renames. A build that fails or is killed leaves the site as it was; what it left behind is
removed by the next build, which holds a lock so two builds never share a folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO

RENAME_EXCHANGE = 2
AT_FDCWD = -100


class PublishError(Exception):
    """The site folder cannot be written (a file in its place, no permission, ...)."""


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where that is not available."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        renameat2 = ctypes.CDLL(libc_name, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(first))


class Staging:
    """The folders of one build next to `site`: the new site and the languages' parts."""

    def __init__(self, site: Path) -> None:
        self.site = site.absolute()
        if self.site.exists() and not self.site.is_dir():
            raise PublishError(f"{site} is a file, not a folder: cannot build the site into it")
        parent = self.site.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.lock: IO[bytes] = (parent / f".{self.site.name}.lock").open("ab")
        except OSError as error:
            raise PublishError(f"cannot write beside {site}: {error.strerror}") from error
        fcntl.flock(self.lock, fcntl.LOCK_EX)  # released when the build's process ends
        self.remove_leftovers()
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.site.name}.new-", dir=parent))
        self.parts = Path(tempfile.mkdtemp(prefix=f".{self.site.name}.parts-", dir=parent))

    def leftovers(self) -> list[Path]:
        name = self.site.name
        prefixes = (f".{name}.new-", f".{name}.parts-", f".{name}.old-", f".{name}-parts-")
        return [p for p in self.site.parent.iterdir() if p.name.startswith(prefixes)]

    def remove_leftovers(self) -> None:
        """What a killed build left; safe, since this build holds the lock."""
        for path in self.leftovers():
            shutil.rmtree(path, ignore_errors=True)

    def part(self, lang: str) -> Path:
        return self.parts / lang

    def publish(self) -> None:
        """Put the new site in place of the old one, atomically where the system can."""
        shutil.rmtree(self.parts, ignore_errors=True)
        self.folder.chmod(0o755)  # mkdtemp makes it private; a site is served
        if self.site.is_dir() and not self.site.is_symlink():
            if exchange(self.folder, self.site):
                shutil.rmtree(self.folder, ignore_errors=True)
                return
            old = Path(tempfile.mkdtemp(prefix=f".{self.site.name}.old-", dir=self.site.parent))
            self.site.replace(old / self.site.name)
            self.folder.replace(self.site)
            shutil.rmtree(old, ignore_errors=True)
            return
        with contextlib.suppress(FileNotFoundError):
            self.site.unlink()  # a dangling link, or nothing
        self.folder.replace(self.site)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        shutil.rmtree(self.parts, ignore_errors=True)

    def close(self) -> None:
        self.lock.close()
