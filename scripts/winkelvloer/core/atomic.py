"""Writing an editor's file: all of it or none of it, and never over someone else's change.

`write_atomic` writes a temporary file in the same folder, flushes it to disk and renames it
over the file, so an interrupted write leaves the old file and no temporary one.
`replace_unchanged` first checks that the file still holds what the tool read, so an edit
saved meanwhile (in an editor, by another command) is never overwritten.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class ChangedMeanwhile(Exception):
    """The file no longer holds what was read from it: nothing was written."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and os.replace, keeping the mode."""
    mode = stat.S_IMODE(path.stat().st_mode)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def replace_unchanged(path: Path, read: bytes, data: bytes) -> None:
    """write_atomic, if `path` still holds `read` (what the caller based `data` on)."""
    if path.read_bytes() != read:
        raise ChangedMeanwhile(f"{path} changed since it was read; nothing was written to it")
    write_atomic(path, data)
