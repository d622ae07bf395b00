"""Where the build keeps what it made in earlier builds.

Everything in it is named by a hash of what it was made from, so a stale entry is never used;
deleting the folder only makes the next build slower. It lives in the user's cache folder
(`$XDG_CACHE_HOME` or `~/.cache`, then winkelvloer-build/), never in the repository: a file
there could come from a pull request, and a planted entry would put its own HTML in a page or
a feed. SITE_CACHE_DIR moves it, but not into the project: such a setting is ignored, with a
warning, and the build uses a fresh folder of its own.

No entry is trusted: each starts with the digest of what follows it, checked on every read.
An entry that is damaged, cut short, not a regular file or unreadable is made again, with a
warning; a cache that cannot be written only makes the build slower. The warnings name the
folder, not the entry, so that the build (plugin/driver.py), which shows a message once, says
each once however many entries it concerns.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from winkelvloer.core.atomic import clear_for_file, read_regular, write_atomically

if TYPE_CHECKING:  # the build's commands ask the cache before they load MkDocs
    from mkdocs.config.defaults import MkDocsConfig

CACHE_VARIABLE = "SITE_CACHE_DIR"
CACHE_APP = "winkelvloer-build"
# An entry: this marker, the SHA-256 of the payload in hex, a newline, the payload.
ENTRY_MARK = b"wv-cache-1 "
DIGEST_LENGTH = 64
# Not a logger of MkDocs': a damaged cache is worth a warning, not a failed strict build.
log = logging.getLogger("winkelvloer.build_cache")


def cache_dir(config: MkDocsConfig, kind: str) -> Path:
    """The folder for one kind of cached file ("pages", "search", "cards", "feed-entries")."""
    environ = os.environ
    root = cache_root(
        environ.get(CACHE_VARIABLE, ""), environ.get("XDG_CACHE_HOME", ""), config_dir(config)
    )
    return root / kind


# Asked for every page: the paths are worked out once per setting.
@functools.lru_cache(maxsize=16)
def cache_root(configured: str, xdg_cache_home: str, project: Path) -> Path:
    """SITE_CACHE_DIR when set, else the user's cache folder; should either lie inside the
    project (or the project inside it), a folder of this process's own (the build is slower,
    never fooled)."""
    if configured:
        chosen = Path(configured).absolute()
        if not _overlaps(chosen, project):
            return chosen
        log.warning(
            f"{CACHE_VARIABLE}={configured} is inside the project, where a pull request could "
            "put files; it is ignored and this build keeps its cache in a folder of its own"
        )
        return Path(tempfile.mkdtemp(prefix=f"{CACHE_APP}-"))
    base = (Path(xdg_cache_home) if xdg_cache_home else Path.home() / ".cache").absolute()
    if _overlaps(base, project) or project.is_relative_to(base / CACHE_APP):
        return Path(tempfile.mkdtemp(prefix=f"{CACHE_APP}-"))
    return base / CACHE_APP


def _overlaps(folder: Path, project: Path) -> bool:
    resolved = _resolved(folder)
    return resolved.is_relative_to(project) or project.is_relative_to(resolved)


def _resolved(folder: Path) -> Path:
    try:
        return folder.resolve()
    except (OSError, RuntimeError):
        return folder


def config_dir(config: MkDocsConfig) -> Path:
    return _folder_of(config.config_file_path)


# Asked for every page; resolving the path each time is most of a warm build's cache look-up.
@functools.lru_cache(maxsize=16)
def _folder_of(config_file: str) -> Path:
    return Path(config_file).resolve().parent


def content_key(*parts: str) -> str:
    digest = hashlib.sha256(ENTRY_MARK)  # entries of another format have other names
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


# Entries
# -----------------------------------------------------------------------------------------


def store(path: Path, payload: bytes) -> None:
    """Keep `payload` at `path`, with its digest; a cache that cannot be written is skipped."""
    digest = hashlib.sha256(payload).hexdigest().encode()
    clear_for_file(path)
    try:
        write_atomically(path, ENTRY_MARK + digest + b"\n" + payload, durable=False)
    except OSError as error:
        log.warning(
            f"the build cache {path.parent} cannot be written ({error.strerror or error}); "
            "the build is slower, its result the same"
        )


def load(path: Path) -> bytes | None:
    """The payload kept at `path`, if it is there and its digest agrees with it; None (and a
    warning, the first time) for anything else, which is then made again."""
    try:
        data = read_regular(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        _damaged(path, error.strerror or type(error).__name__)
        return None
    header, newline, payload = data.partition(b"\n")
    digest = header.removeprefix(ENTRY_MARK)
    if (
        not newline
        or not header.startswith(ENTRY_MARK)
        or len(digest) != DIGEST_LENGTH
        or hashlib.sha256(payload).hexdigest().encode() != digest
    ):
        _damaged(path, "it does not match its digest")
        return None
    return payload


def _damaged(path: Path, reason: str) -> None:
    log.warning(
        f"the build cache {path.parent} has a damaged entry ({reason}); what it held is made again"
    )


def code_version(*modules: ModuleType) -> str:
    """A digest of the modules' source files, for keys of what that code computes: a result
    cached by an older version of the code is never used."""
    return _code_version(tuple(sorted(module.__name__ for module in modules)))


@functools.lru_cache(maxsize=64)
def _code_version(names: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for name in names:
        source = getattr(sys.modules[name], "__file__", None)
        digest.update(Path(source).read_bytes() if source else name.encode())
    return digest.hexdigest()[:16]


def memoized(folder: Path, version: str, text: str, compute: Callable[[], Any]) -> Any:
    """What `compute` returns for `text` (JSON data), kept in `folder` between builds and
    between the processes of a parallel build. `version` names the code that computes it
    (code_version) and whatever else the result depends on besides `text`."""
    path = folder / f"{content_key(version, text)}.json"
    payload = load(path)
    if payload is not None:
        try:
            return json.loads(payload)
        except (ValueError, RecursionError):
            _damaged(path, "it is not JSON")
    value = compute()
    store(path, json.dumps(value).encode())
    return value


def cached_text(folder: Path, key: str, compute: Callable[[], str]) -> str:
    """A text `compute` makes, kept in `folder` under `key` (a content_key)."""
    path = folder / f"{key}.txt"
    payload = load(path)
    if payload is not None:
        try:
            return payload.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            _damaged(path, "it is not UTF-8")
    text = compute()
    store(path, text.encode("utf-8", "surrogatepass"))
    return text
