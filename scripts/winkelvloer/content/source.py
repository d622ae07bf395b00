"""A page of docs/ as the site reads it: the one reader of a page's file and front matter.

`read_source` turns a file's bytes into a `SourcePage`: its name in the suffix layout
(language, source page), its text, its front matter (parsed once, validated against the
schema) and its body, with the findings about those steps. The build, `make check`, `make
status`, the preview and `check_site` all take pages from here, so none of them reads a
page's file or its front matter in a way of its own.

`Sources` is the docs folder: which files and folders it holds, and each page read on first
use and kept for the rest of the process.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from winkelvloer.content.files import walk
from winkelvloer.content.front_matter import FrontMatter, read_front_matter
from winkelvloer.core.atomic import read_regular
from winkelvloer.core.config import SiteConfig
from winkelvloer.core.findings import Finding
from winkelvloer.core.freshness import normalize_newlines
from winkelvloer.core.i18n import FileName, localized, split_name
from winkelvloer.core.rules import finding

BOM = "\ufeff"
# Python-Markdown's time grows much faster than the text for some shapes of text; beyond
# this size a page is refused before anything parses it (content/rendered.py has the rest).
MAX_PAGE_BYTES = 2_000_000
PAGE_SUFFIX = ".md"


@dataclass(frozen=True, slots=True)
class SourcePage:
    """One Markdown file of docs/, read once."""

    path: str  # relative to docs_dir, with / separators: "artikelen/x.en.md"
    name: FileName
    display: str  # relative to the repository root, as findings name it
    digest: str  # of the file's bytes
    text: str | None  # None when the bytes are no usable text (ENC001, ENC004, MDX001)
    front: FrontMatter = field(default_factory=FrontMatter)
    findings: tuple[Finding, ...] = ()

    @property
    def lang(self) -> str:
        """The language the page is written in."""
        return self.name.lang

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n") if self.text is not None else []

    @property
    def body_start(self) -> int:
        """0-based index of the first line after the front matter."""
        return self.front.bounds[1] + 1 if self.front.bounds else 0

    @property
    def body_line(self) -> int:
        """1-based line the body starts on."""
        return self.body_start + 1

    @property
    def body(self) -> str:
        """The text after the front matter, the front matter blanked: line N is the file's."""
        lines = self.lines
        start = self.body_start
        return "\n" * start + "\n".join(lines[start:]) if start else "\n".join(lines)

    @property
    def markdown(self) -> str:
        """The text after the front matter, as MkDocs hands a page's Markdown to plugins."""
        return "\n".join(self.lines[self.body_start :])

    @property
    def meta(self) -> dict[str, Any]:
        """The front matter's known keys with the values YAML gives (dates as dates); a copy
        the caller may change. Empty when the front matter is missing or broken."""
        return dict(self.front.values or {})

    @property
    def words(self) -> int:
        """Words of the body, for the reading time (markup is too little to matter)."""
        return len(self.markdown.split())

    def is_article(self, site: SiteConfig) -> bool:
        return is_article(self.name, site)


def is_article(name: FileName, site: SiteConfig) -> bool:
    return name.base.startswith(f"{site.articles_dir}/")


# Bytes to text
# -----------------------------------------------------------------------------------------


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def decode(data: bytes, path: str) -> tuple[str | None, list[Finding]]:
    """UTF-8 text with LF line endings and no BOM, plus findings about the raw bytes."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        bad = data[exc.start : exc.start + 1].hex()
        message = f"file is not valid UTF-8 (byte 0x{bad}); save it with UTF-8 encoding"
        return None, [finding("ENC001", path, line, col, message)]
    found: list[Finding] = []
    if text.startswith(BOM):
        found.append(finding("ENC002", path, 1, 1, "file starts with a byte order mark; remove it"))
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        found.append(
            finding("ENC003", path, line, 1, "Windows (CRLF) line endings; save with LF endings")
        )
    text = normalize_newlines(text)
    if not text.strip():
        return None, [*found, finding("ENC004", path, 1, 1, "file is empty")]
    return text, found


def digest_of(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_source(data: bytes, name: FileName, display: str, site: SiteConfig) -> SourcePage:
    """A page from its bytes: text, front matter (validated) and the findings about them."""
    digest = digest_of(data)
    if len(data) > MAX_PAGE_BYTES:
        message = (
            f"the page cannot be checked or built in reasonable time: it is larger than "
            f"{MAX_PAGE_BYTES // 1_000_000} MB; split it"
        )
        return SourcePage(
            name.path,
            name,
            display,
            digest,
            None,
            findings=(finding("MDX001", display, 1, 1, message),),
        )
    text, found = decode(data, display)
    if text is None:
        return SourcePage(name.path, name, display, digest, None, findings=tuple(found))
    kind = "article" if is_article(name, site) else "page"
    front = read_front_matter(text.split("\n"), display, kind)
    return SourcePage(name.path, name, display, digest, text, front, (*found, *front.findings))


# The docs folder
# -----------------------------------------------------------------------------------------


def scan(docs_dir: Path) -> tuple[set[str], set[str]]:
    """Files and folders under docs_dir (relative, with /), skipping dot-files like MkDocs.

    Symbolic links and special files are left out: they are never read (FIL005 reports them).
    """
    files: set[str] = set()
    dirs: set[str] = set()
    for entry in walk(docs_dir):
        if entry.is_link:
            continue
        if entry.is_dir:
            dirs.add(entry.path)
        elif entry.is_regular:
            files.add(entry.path)
    return files, dirs


class Sources:
    """The docs folder: its files, and each page read on first use, once per process."""

    def __init__(self, site: SiteConfig) -> None:
        self.site = site
        self.files, self.dirs = scan(site.docs_dir)
        self.pages = sorted(f for f in self.files if f.endswith(PAGE_SUFFIX))
        self._names: dict[str, FileName] = {}
        self._read: dict[str, SourcePage | None] = {}

    def name(self, path: str) -> FileName:
        if path not in self._names:
            self._names[path] = split_name(path, self.site.locales, self.site.default.locale)
        return self._names[path]

    def display(self, path: str) -> str:
        return os.path.relpath(self.site.docs_dir / path, self.site.root).replace(os.sep, "/")

    def source_of(self, path: str) -> str | None:
        """The Dutch page a page is translated from (itself for a Dutch page)."""
        base = self.name(path).base
        default = self.site.default.locale
        return next((p for p in (base, localized(base, default)) if p in self.files), None)

    def translations(self, source: str) -> dict[str, str]:
        """The pages of each language written from the Dutch page `source`, itself included."""
        base = self.name(source).base
        found = {}
        for lang in self.site.languages:
            for candidate in (localized(base, lang.locale), base):
                if candidate in self.files and self.name(candidate).lang == lang.locale:
                    found[lang.locale] = candidate
                    break
        return found

    def bytes_of(self, path: str) -> bytes | None:
        try:
            return read_regular(self.site.docs_dir / path)
        except OSError:
            return None

    def page(self, path: str) -> SourcePage | None:
        """The page at docs-relative `path`, read on first use; None if it cannot be read."""
        if path not in self._read:
            data = self.bytes_of(path) if path in self.files else None
            self._read[path] = (
                None
                if data is None
                else read_source(data, self.name(path), self.display(path), self.site)
            )
        return self._read[path]

    def add(self, page: SourcePage) -> None:
        """Keep a page read elsewhere (a worker process) as this folder's reading of it."""
        self._read[page.path] = page
