"""Where hooks keep what they made in earlier builds (imported, not a hook).

Everything in it is named by a hash of what it was made from, so a stale entry is never used;
deleting the folder only makes the next build slower. It lives in the user's cache folder
(`$XDG_CACHE_HOME` or `~/.cache`, then winkelvloer-build/), never in the repository: a file
there could come from a pull request, and a planted entry would put its own HTML in a feed or
let a page past the readability scan. SITE_CACHE_DIR moves it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

CACHE_VARIABLE = "SITE_CACHE_DIR"
CACHE_APP = "winkelvloer-build"


def cache_dir(config: MkDocsConfig, kind: str) -> Path:
    """The folder for one kind of cached file ("cards", "feed-entries")."""
    environ = os.environ
    root = cache_root(
        environ.get(CACHE_VARIABLE, ""), environ.get("XDG_CACHE_HOME", ""), config_dir(config)
    )
    return root / kind


# Asked for every page: the paths are worked out once per setting.
@functools.lru_cache(maxsize=16)
def cache_root(configured: str, xdg_cache_home: str, project: Path) -> Path:
    """SITE_CACHE_DIR when set, else the user's cache folder; should that lie inside the
    project, a folder of this process's own (the build is slower, never fooled)."""
    if configured:
        return Path(configured)
    base = (Path(xdg_cache_home) if xdg_cache_home else Path.home() / ".cache").absolute()
    if base.is_relative_to(project) or project.is_relative_to(base / CACHE_APP):
        return Path(tempfile.mkdtemp(prefix=f"{CACHE_APP}-"))
    return base / CACHE_APP


def config_dir(config: MkDocsConfig) -> Path:
    return _folder_of(config.config_file_path)


# Asked for every page; resolving the path each time is most of a warm build's cache look-up.
@functools.lru_cache(maxsize=16)
def _folder_of(config_file: str) -> Path:
    return Path(config_file).resolve().parent


def content_key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def write_atomically(path: Path, data: bytes) -> None:
    """A reader (or a parallel build) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(path)


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
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        pass
    value = compute()
    with contextlib.suppress(OSError):  # a read-only cache only makes the build slower
        write_atomically(path, json.dumps(value, ensure_ascii=False).encode())
    return value
