"""Pagefind: one search index per language, each beside its language's home page.

The build starts Pagefind on a language as soon as that language's pages are written, so
indexing one language overlaps with building the next. One Pagefind runs at a time: each
holds its language's whole index in memory. Pagefind stems by <html lang>; only real
articles carry data-pagefind-body (overrides/main.html), so an untranslated fallback is
never indexed as, say, English.

A language whose pages are byte for byte those of an earlier build, indexed by the same
Pagefind with the same options, gets that build's index back from the build cache (a tar
file checked against its digest, unpacked into the site): one changed article re-indexes
its own language only.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import shutil
import subprocess
import tarfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pagefind_bin import get_executable
from selectolax.lexbor import LexborHTMLParser

from winkelvloer.render.build_cache import load, store


def command(site: Path, output_subdir: str, exclude_selectors: Sequence[str]) -> list[str]:
    found = [str(get_executable()), "--site", str(site), "--output-subdir", output_subdir]
    for selector in exclude_selectors:
        found += ["--exclude-selectors", selector]
    return [*found, "--quiet"]


def indexed_part(output: str, exclude_selectors: Sequence[str]) -> str:
    """What Pagefind reads of a page: its language, the parts marked data-pagefind-body
    without what the options exclude, and every element with a data-pagefind-* setting.
    Empty for a page with none of them, which Pagefind leaves out of the index."""
    if "data-pagefind-" not in output:
        return ""
    tree = LexborHTMLParser(output)
    root = tree.css_first("html")
    parts = [root.attributes.get("lang") or "" if root is not None else ""]
    marked = tree.css("[data-pagefind-meta], [data-pagefind-filter], [data-pagefind-sort]")
    parts += [node.html or "" for node in marked]
    for selector in exclude_selectors:
        for node in tree.css(f"[data-pagefind-body] {selector}"):
            node.decompose()
    parts += [node.html or "" for node in tree.css("[data-pagefind-body]")]
    return "\0".join(parts)


def index_key(pages: Mapping[str, str], output_subdir: str, options: Sequence[str]) -> str:
    """A language's index: what Pagefind reads of each page (by URL: indexed_digest), with
    Pagefind's version and options."""
    digest = hashlib.blake2b(digest_size=20)
    version = importlib.metadata.version("pagefind_bin")
    digest.update("\0".join([version, output_subdir, *options]).encode())
    for url in sorted(pages):
        digest.update(f"\0{url}\0{pages[url]}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def indexed_digest(output: str, exclude_selectors: Sequence[str]) -> str:
    part = indexed_part(output, exclude_selectors)
    return hashlib.blake2b(part.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def bundle(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                tar.add(path, arcname=path.relative_to(folder).as_posix(), recursive=False)
    return buffer.getvalue()


def unpack(payload: bytes, folder: Path) -> bool:
    """Unpack a kept index into `folder`; False (and nothing left) if it is not one."""
    try:
        with tarfile.open(fileobj=io.BytesIO(payload), mode="r:") as tar:
            members = tar.getmembers()
            if not all(m.isfile() for m in members):
                return False
            tar.extractall(folder, filter="data")  # no path outside `folder`
        return True
    except (tarfile.TarError, OSError, ValueError):
        shutil.rmtree(folder, ignore_errors=True)
        return False


@dataclass
class Indexer:
    """Pagefind runs, one at a time, in the background of whatever the build does next."""

    output_subdir: str
    exclude_selectors: Sequence[str]
    cache: Path | None = None  # where indexes are kept between builds; None: never
    running: tuple[str, subprocess.Popen[str], Path, str | None] | None = None
    failures: dict[str, str] = field(default_factory=dict)
    reused: list[str] = field(default_factory=list)

    def start(self, lang: str, folder: Path, pages: Mapping[str, str] | None = None) -> None:
        """Index `folder` (a language's pages) into folder/<output_subdir>, or put back the
        index an earlier build made of the same `pages` (URL: indexed_digest, every page of
        the language; None: do not keep the index)."""
        self.wait()
        key = None
        if self.cache is not None and pages is not None:
            key = index_key(pages, self.output_subdir, self.exclude_selectors)
        if key is not None and self.cache is not None:
            payload = load(self.cache / f"{key}.tar")
            if payload is not None and unpack(payload, folder / self.output_subdir):
                self.reused.append(lang)
                return
        job = subprocess.Popen(
            command(folder, self.output_subdir, self.exclude_selectors),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.running = (lang, job, folder, key)

    def wait(self) -> None:
        """Wait for the running index, note whether Pagefind failed, keep what it made."""
        if self.running is None:
            return
        lang, job, folder, key = self.running
        output = job.communicate()[0]
        self.running = None
        if job.returncode != 0:
            self.failures[lang] = " ".join(output.split())[:300] or f"exit {job.returncode}"
        elif key is not None and self.cache is not None:
            store(self.cache / f"{key}.tar", bundle(folder / self.output_subdir))

    def stop(self) -> None:
        """Stop a running index (the build failed or was interrupted)."""
        if self.running is not None:
            self.running[1].kill()
            self.running[1].communicate()
            self.running = None
