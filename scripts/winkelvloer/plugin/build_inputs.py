"""Everything a build is made from, as digests: when none changed, the site is left as it is.

A build's output depends on the docs folder, mkdocs.yml, the theme's custom_dir (overrides/),
this package's code, the installed packages, the environment variables mkdocs.yml reads, the
publishing date (scheduled articles appear on theirs) and what the build was asked for. The
digest of them all is kept, after a build that published the site, in a record beside the
build cache (never in the checkout), with a digest of the published folder's listing and the
warnings the build gave. When the next build's digest and the folder's listing are the same,
nothing is built: the warnings are said again and the site stays as it is.

`settings_digest` (everything but the docs) is also part of every page's key in the page
cache (plugin/page_cache.py): a change to code or settings makes every page again.

Nothing here imports MkDocs: saying "nothing changed" costs a fraction of a second.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import winkelvloer
from winkelvloer.core import publishing
from winkelvloer.core.atomic import read_regular
from winkelvloer.core.config import ConfigError, load_yaml_config, stable_repr
from winkelvloer.plugin.request import BuildRequest
from winkelvloer.render.build_cache import cache_root, content_key, load, store

RECORD_VERSION = "site-record-1"
# Variables the build reads besides those mkdocs.yml reads with !ENV (whose values are in the
# settings as mkdocs.yml is read).
READ_VARIABLES = ("SITE_URL", publishing.TODAY_VARIABLE)
SKIPPED_FOLDERS = frozenset({"__pycache__"})


def _digest() -> hashlib.blake2b:
    return hashlib.blake2b(digest_size=20)


def tree_files(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every entry under `folder` (not followed into linked folders), by relative path."""
    stack = [("", folder)]
    while stack:
        prefix, current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False) and entry.name not in SKIPPED_FOLDERS:
                stack.append((rel + "/", Path(entry.path)))
            yield rel, entry


def tree_digest(folder: Path) -> str:
    """The names and contents of every file under `folder`; a link by where it points (a
    linked folder's contents are not followed: `linked_folders` keeps such docs out)."""
    digest = _digest()
    digest.update(str(folder).encode("utf-8", "surrogateescape"))
    for rel, entry in tree_files(folder):
        digest.update(b"\0" + rel.encode("utf-8", "surrogateescape") + b"\0")
        if entry.is_symlink():
            digest.update(b"link:" + os.fsencode(Path(entry.path).readlink()))
        elif entry.is_file(follow_symlinks=False):
            try:
                digest.update(read_regular(Path(entry.path)))
            except OSError as error:
                digest.update(f"unreadable:{error.errno}".encode())
    return digest.hexdigest()


def has_links(folder: Path) -> bool:
    return any(entry.is_symlink() for _, entry in tree_files(folder))


def installed_packages() -> list[str]:
    """The installed distributions with their versions, from the names of their metadata
    folders (reading each one's metadata would cost more than the rest of this module)."""
    found: list[str] = []
    for entry in sys.path:
        folder = Path(entry or ".")
        if folder.is_dir():
            names = (p.name for p in folder.iterdir())
            found += sorted(n for n in names if n.endswith((".dist-info", ".egg-info")))
    return found


@dataclass(frozen=True)
class BuildInputs:
    """Where a build reads and writes, and the digests of what it reads."""

    config_file: Path
    docs_dir: Path
    site_dir: Path
    custom_dir: Path | None
    settings: str  # everything but the docs folder, where the site goes and `strict`
    strict: bool | None
    variables: tuple[tuple[str, str | None], ...]

    def whole(self) -> str:
        """The settings and the docs folder: the digest a site record is kept under."""
        return content_key(
            RECORD_VERSION, self.settings, str(self.site_dir), str(self.strict),
            tree_digest(self.docs_dir),
        )  # fmt: skip


def build_inputs(request: BuildRequest) -> BuildInputs:
    """The digests of what `request` would build from; ConfigError if mkdocs.yml is unusable."""
    config_file = Path(request.config_file).absolute()
    data = load_yaml_config(config_file)
    root = config_file.parent
    docs_dir = root / str(request.docs_dir or data.get("docs_dir") or "docs")
    site_dir = (
        Path(request.site_dir).absolute()
        if request.site_dir
        else root / str(data.get("site_dir") or "site")
    )
    theme = data.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    custom_dir = root / str(custom) if custom else None
    variables = tuple((name, os.environ.get(name)) for name in READ_VARIABLES)
    # Neither where the site goes, nor how many processes make it, nor whether warnings stop
    # it changes a page (a kept page's warnings are said again: plugin/page_cache.py).
    asked = replace(request, site_dir=None, jobs=None, strict=None)
    digest = _digest()
    for part in (
        json.dumps(asdict(asked), sort_keys=True, default=str),
        str(docs_dir.resolve()),
        json.dumps(variables),
        stable_repr(data),  # mkdocs.yml as read, the values of its !ENV variables in it
        publishing.today().isoformat(),
        sys.version,
        "\n".join(installed_packages()),
        tree_digest(Path(winkelvloer.__file__).parent),
        tree_digest(custom_dir) if custom_dir else "",
    ):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(read_regular(config_file))
    return BuildInputs(
        config_file, docs_dir, site_dir, custom_dir, digest.hexdigest(), request.strict, variables
    )


def site_listing(site: Path) -> str:
    """Every file of the published site by path, size and modification time: a site changed
    by hand since it was built is built again."""
    digest = _digest()
    for rel, entry in tree_files(site):
        try:
            stat = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        digest.update(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_mode}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class SiteRecord:
    """What the last build that published `site` was made from, and what it said."""

    inputs: str
    listing: str
    messages: list[tuple[int, str]]


def record_path(inputs: BuildInputs) -> Path:
    root = cache_root(
        os.environ.get("SITE_CACHE_DIR", ""), os.environ.get("XDG_CACHE_HOME", ""),
        inputs.config_file.resolve().parent,
    )  # fmt: skip
    return root / "site-records" / f"{content_key(str(inputs.site_dir.resolve()))}.json"


def read_record(inputs: BuildInputs) -> SiteRecord | None:
    payload = load(record_path(inputs))
    if payload is None:
        return None
    try:
        data = json.loads(payload)
        messages = [(int(level), str(text)) for level, text in data["messages"]]
        return SiteRecord(str(data["inputs"]), str(data["listing"]), messages)
    except (ValueError, KeyError, TypeError):
        return None


def keep_record(inputs: BuildInputs, whole: str, messages: list[tuple[int, str]]) -> None:
    record = SiteRecord(whole, site_listing(inputs.site_dir), messages)
    store(record_path(inputs), json.dumps(asdict(record)).encode())


def forget_record(inputs: BuildInputs) -> None:
    record_path(inputs).unlink(missing_ok=True)


@dataclass(frozen=True)
class PreviousBuild:
    """This build's inputs, and the record of the last build if it was made from the same."""

    inputs: BuildInputs
    whole: str
    record: SiteRecord | None

    def keep(self, messages: list[tuple[int, str]]) -> None:
        keep_record(self.inputs, self.whole, messages)

    def forget(self) -> None:
        forget_record(self.inputs)


def previous_build(request: BuildRequest) -> PreviousBuild | None:
    """None when no record is kept for builds like this one (the preview, a build without
    cache, a docs folder with links in it) or the inputs cannot be read (the build then says
    why); else the inputs, with the record when the site is as that build left it."""
    if request.preview or not request.use_cache:
        return None
    try:
        inputs = build_inputs(request)
    except (ConfigError, OSError):
        return None
    if not inputs.docs_dir.is_dir() or has_links(inputs.docs_dir):
        return None
    whole = inputs.whole()
    record = read_record(inputs) if inputs.site_dir.is_dir() else None
    if record is not None and (
        record.inputs != whole or record.listing != site_listing(inputs.site_dir)
    ):
        record = None
    return PreviousBuild(inputs, whole, record)


def say_unchanged(record: SiteRecord, log: logging.Logger) -> None:
    for level, message in record.messages:
        log.log(level, message)
    log.info("Nothing changed since the last build: the site is left as it is")
