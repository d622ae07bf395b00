"""Writing and reading files so that a failure never leaves half of one behind.

Every tool that writes a file an editor owns (a new page, a translation, a translated_from
record), a cache entry or a file of the built site writes it with `write_atomically`: the bytes go
to a temporary file in the same folder, are flushed to the disk, and the temporary file is
renamed over the target in one step. A reader, a crash, a kill or a full disk sees the old file
or the new one, never a mixture, and the temporary file is removed on every failure it can see.
A kill that leaves no chance to clean up (SIGKILL, a power cut) leaves at most a temporary file
whose name says so; the next write to the same file removes it.

`read_regular` is the matching read: only a regular file is opened, so a FIFO or a device in
place of a file is refused at once instead of blocking the reader forever.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

TEMPORARY_SUFFIX = ".tmp"
# The permissions of a new file before the umask, as open() gives them.
NEW_FILE_MODE = 0o666


class WriteFailed(OSError):
    """A file could not be written; it is as it was before (or absent, if it was new)."""

    def __init__(self, path: Path, cause: OSError | str) -> None:
        reason = cause if isinstance(cause, str) else (cause.strerror or str(cause))
        code = cause.errno if isinstance(cause, OSError) else None
        super().__init__(code, reason, str(path))
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}"


class FileExists(WriteFailed):
    """`exclusive` was asked and the file exists: it was left as it is."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "it already exists")


def temporary_name(path: Path, pid: int | None = None) -> Path:
    """The name of a temporary file for `path`: hidden, in the same folder, naming the process."""
    return path.with_name(f".{path.name}.{pid or os.getpid()}.{secrets.token_hex(4)}.tmp")


def write_atomically(
    path: Path, data: bytes, *, exclusive: bool = False, tidy: bool = False, durable: bool = True
) -> None:
    """Put `data` into `path` in one step, or raise WriteFailed and leave `path` unchanged.

    `exclusive`: create the file, never replace one (FileExists if it exists, even when it
    appeared meanwhile). A replaced file keeps its permissions; a new one gets the umask's.
    `tidy`: first remove what killed writers of this file left (worth it for an editor's file;
    a cache folder with thousands of entries is not searched on every write).
    `durable=False`: not flushed to disk before the rename, for files whose damage is found and
    repaired anyway (cache entries, checked on every read) or that are published all at once
    later (the build's new site): thousands of flushes were a large part of a build's time.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(path, exclusive)
    except WriteFailed:
        raise
    except OSError as error:
        raise WriteFailed(path, error) from error
    if tidy:
        remove_stale_temporaries(path)
    temporary = temporary_name(path)
    try:
        _write_new(temporary, data, mode, durable)
        if exclusive:
            _link_new(temporary, path)
        else:
            temporary.replace(path)
        if durable:
            _sync_folder(folder)
    except FileExists:
        raise
    except OSError as error:
        raise WriteFailed(path, error) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _mode_for(path: Path, exclusive: bool) -> int:
    try:
        info = path.lstat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return NEW_FILE_MODE & ~umask
    if exclusive:
        raise FileExists(path)
    if not stat.S_ISREG(info.st_mode):
        raise WriteFailed(path, "it is not a regular file")
    return stat.S_IMODE(info.st_mode)


def _write_new(temporary: Path, data: bytes, mode: int, durable: bool = True) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(temporary, flags, 0o600)
    try:
        view = memoryview(data)
        while view:
            written = os.write(handle, view)
            view = view[written:]
        os.fchmod(handle, mode)
        if durable:
            os.fsync(handle)
    finally:
        os.close(handle)


def _link_new(temporary: Path, path: Path) -> None:
    """Give the complete file its name only if that name is free (a hard link does that in one
    step); where links are not supported, a rename after a last look."""
    try:
        os.link(temporary, path)
    except FileExistsError as error:
        raise FileExists(path) from error
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        if path.exists() or path.is_symlink():
            raise FileExists(path) from error
        temporary.replace(path)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every system can open a folder for that."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files for `path` left by a process that no longer runs."""
    prefix = f".{path.name}."
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            name = entry.name
            if not (name.startswith(prefix) and name.endswith(TEMPORARY_SUFFIX)):
                continue
            pid = name[len(prefix) :].split(".", 1)[0]
            if pid.isdigit() and not _running(int(pid)):
                with contextlib.suppress(OSError):
                    Path(entry.path).unlink()


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, and belongs to someone else
        return True
    return True


def clear_for_file(path: Path) -> None:
    """Remove what stands where a cache wants to write a file and is no file: a FIFO, a
    socket, a link, an empty folder (an editor's file is never cleared this way)."""
    with contextlib.suppress(OSError):
        info = path.lstat()
        if stat.S_ISDIR(info.st_mode):
            path.rmdir()
        elif not stat.S_ISREG(info.st_mode):
            path.unlink()


# Reading
# -----------------------------------------------------------------------------------------


class NotRegular(OSError):
    """The path names something else than a regular file (a folder, a FIFO, a device)."""


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file (at most `limit`); never blocks on a FIFO or a device.

    Raises OSError (NotRegular for anything but a regular file)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(path, flags)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(errno.EINVAL, "not a regular file", str(path))
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return stream.read() if limit is None else stream.read(limit)
    finally:
        os.close(handle)


class ChangedMeanwhile(Exception):
    """The file no longer holds what was read from it: nothing was written."""


def replace_unchanged(path: Path, read: bytes, data: bytes) -> None:
    """write_atomically, if `path` still holds `read` (what the caller based `data` on), so an
    edit saved meanwhile (in an editor, by another command) is never overwritten."""
    if path.read_bytes() != read:
        raise ChangedMeanwhile(f"{path} changed since it was read; nothing was written to it")
    write_atomically(path, data)
