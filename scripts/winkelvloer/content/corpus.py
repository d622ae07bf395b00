"""All pages of the docs folder: analysed once, in parallel when there are many, and cached.

The cache maps each page's path and content hash to its analysis, as JSON, with a digest
of that analysis that is checked before it is used (a damaged entry is analysed again). It
lives in the user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``), one file per docs
folder, never in the repository: a pull request cannot bring its own "already checked"
results. It is invalidated as a whole when the checking code, the schema or the relevant
configuration changes. A page whose rendering ran out of time (MDX001) is not cached: on a busy
machine that says as much about the load as about the page, so the next run renders it again.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from winkelvloer.content.links import LinkContext
from winkelvloer.content.page import PageFacts, analyse
from winkelvloer.content.rendered import site_markdown
from winkelvloer.content.source import SourcePage, Sources
from winkelvloer.core import publishing
from winkelvloer.core.atomic import clear_for_file, read_regular, write_atomically
from winkelvloer.core.config import SiteConfig
from winkelvloer.core.i18n import FileName
from winkelvloer.core.rules import finding
from winkelvloer.core.text import printable

CACHE_APP = "winkelvloer-check"
CACHE_FORMAT = 3
PARALLEL_MINIMUM = 50  # pages; below it, starting workers costs more than it saves
MAX_WORKERS = 8
CHUNK_PAGES = 50
CODE_DIR = Path(__file__).resolve().parent
CORE_DIR = CODE_DIR.parent / "core"
CODE_FILES = (
    *sorted(CODE_DIR.glob("*.py")),
    *sorted(CORE_DIR.glob("*.py")),
    CORE_DIR / "front-matter.schema.json",
)

_worker_corpus: tuple[Corpus, list[SourcePage]] | None = None


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Loading thousands of small records is much faster without cyclic GC passes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _fingerprint(site: SiteConfig) -> str:
    digest = hashlib.blake2b(f"{CACHE_FORMAT}{site.fingerprint()}".encode(), digest_size=16)
    for path in CODE_FILES:
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_file(site: SiteConfig) -> Path | None:
    """Where the cache of this docs folder lives: outside the repository, or nowhere."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache").absolute()
    if base.is_relative_to(site.root) or site.root.is_relative_to(base):
        return None  # a cache inside the work tree could come from a pull request
    key = hashlib.blake2b(str(site.docs_dir).encode(), digest_size=8).hexdigest()
    return base / CACHE_APP / f"{key}.json"


def record_digest(path: str, content: str, text: str) -> str:
    """What an entry says about itself: its page, that page's content hash and its analysis."""
    entry = "\0".join((path, content, text)).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(entry, digest_size=16).hexdigest()


class FactsCache:
    """The analyses of earlier runs, each entry checked before it is used.

    An entry is (the page's content hash, its analysis as JSON text, the digest of both and
    of the page's path):
    a changed byte anywhere in an entry makes it disagree with itself, and the page is
    analysed again. A cache that cannot be read, is not what this code writes, or cannot be
    written costs time and one warning on stderr, never a wrong result or a crash.
    """

    def __init__(self, file: Path, fingerprint: str) -> None:
        self.file = file
        self.fingerprint = fingerprint
        self.entries: dict[str, Sequence[Any]] = {}  # path: (content hash, record, digest)
        self.dirty = False
        self.warned = False
        self._load()

    def warn(self, problem: str) -> None:
        """One line on stderr, the first time something is wrong with the cache."""
        if not self.warned:
            self.warned = True
            print(
                printable(
                    f"warning: the check's cache {self.file} {problem}; the pages "
                    "concerned were checked again and the cache is written anew"
                ),
                file=sys.stderr,
            )

    def _load(self) -> None:
        try:
            stored = json.loads(read_regular(self.file))
        except FileNotFoundError:
            return
        except (OSError, ValueError, RecursionError) as error:
            self.dirty = True
            self.warn(f"cannot be read ({type(error).__name__})")
            return
        if not isinstance(stored, dict):
            self.dirty = True
            self.warn("is not a cache of this check")
            return
        if stored.get("fingerprint") != self.fingerprint:
            return  # written by other code or settings: none of it applies
        pages = stored.get("pages")
        if isinstance(pages, dict):
            self.entries = pages
        else:
            self.dirty = True
            self.warn("is not a cache of this check")

    def get(self, path: str, digest: str) -> PageFacts | None:
        entry = self.entries.get(path)
        if entry is None:
            return None
        if not (isinstance(entry, list | tuple) and len(entry) == 3):
            return self._damaged(path)
        content, text, check = entry
        if not all(isinstance(part, str) for part in entry):
            return self._damaged(path)
        if record_digest(path, content, text) != check:
            return self._damaged(path)
        if content != digest:
            return None  # the page changed since
        try:
            return PageFacts.from_record(json.loads(text))
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError):
            return self._damaged(path)

    def _damaged(self, path: str) -> PageFacts | None:
        """Forget a damaged entry (the page is analysed again); None, for `get`."""
        self.entries.pop(path, None)
        self.dirty = True
        self.warn("has damaged entries")
        return None

    def put(self, path: str, digest: str, facts: PageFacts) -> None:
        # ASCII: a lone surrogate (a YAML "\\ud800") is written as an escape, not as bytes.
        text = json.dumps(facts.to_record(), separators=(",", ":"))
        self.entries[path] = (digest, text, record_digest(path, digest, text))
        self.dirty = True

    def save(self, keep: Iterable[str]) -> None:
        kept = set(keep)
        if set(self.entries) - kept:
            self.entries = {p: e for p, e in self.entries.items() if p in kept}
            self.dirty = True
        if not self.dirty:
            return
        document = {"fingerprint": self.fingerprint, "pages": self.entries}
        data = json.dumps(document, separators=(",", ":")).encode()
        clear_for_file(self.file)
        try:
            write_atomically(self.file, data)
        except OSError as error:
            self.warn(f"cannot be written ({describe_os_error(error)})")
        self.dirty = False


def describe_os_error(error: OSError) -> str:
    return error.strerror or type(error).__name__


class Corpus:
    """The docs folder (content/source.py) with each page's analysis, made on demand."""

    def __init__(
        self,
        site: SiteConfig,
        *,
        use_cache: bool = True,
        jobs: int | None = None,
        sources: Sources | None = None,
    ) -> None:
        self.site = site
        self.jobs = jobs
        site_markdown(site)  # a broken markdown_extensions entry is a ConfigError, once
        self.sources = sources if sources is not None else Sources(site)
        self.files, self.dirs = self.sources.files, self.sources.dirs
        self.folded = {f.lower(): f for f in sorted(self.files, reverse=True)}
        self.pages = self.sources.pages
        self._facts: dict[str, PageFacts | None] = {}
        with gc_paused():
            file = cache_file(site) if use_cache else None
            self.cache = FactsCache(file, _fingerprint(site)) if file else None
        self.link_context = LinkContext(
            site, self.files, self.folded, self.dirs, self.anchors, self.section_headings
        )

    # Names ------------------------------------------------------------------------------

    def name(self, path: str) -> FileName:
        return self.sources.name(path)

    def display(self, path: str) -> str:
        return self.sources.display(path)

    def source_of(self, path: str) -> str | None:
        """The Dutch page a translation is translated from."""
        return self.sources.source_of(path)

    def published(self, path: str, today: datetime.date) -> bool:
        """Whether the published site has this page: its Dutch source is neither a draft nor
        dated after `today` (scripts/winkelvloer/core/publishing.py)."""
        facts = self.facts(self.source_of(path) or path)
        if facts is None:
            return True
        return publishing.is_published({"draft": facts.draft, "date": facts.date}, today)

    # Analyses ---------------------------------------------------------------------------

    def _analyse(self, source: SourcePage) -> PageFacts:
        try:
            return analyse(source, self.site)
        except Exception as exc:  # one odd file must not stop the others
            message = f"the file could not be checked ({type(exc).__name__}: {exc}); please report"
            display = source.display
            return PageFacts(source.name, display, [finding("INT001", display, 1, 1, message)])

    def load(self, paths: Iterable[str]) -> None:
        """Analyse `paths` (cached ones come from the cache, the rest in parallel)."""
        with gc_paused():
            self._load(paths)

    def _load(self, paths: Iterable[str]) -> None:
        todo: list[SourcePage] = []
        for path in paths:
            if path in self._facts:
                continue
            source = self.sources.page(path)
            if source is None:
                self._facts[path] = None
                continue
            cached = self.cache.get(path, source.digest) if self.cache else None
            if cached is not None:
                self._facts[path] = cached
            else:
                todo.append(source)
        for source, facts in zip(todo, self._analyse_many(todo), strict=True):
            self._facts[source.path] = facts
            if self.cache and not facts.timed_out:  # a busy machine's verdict is not kept
                self.cache.put(source.path, source.digest, facts)

    def _analyse_many(self, todo: list[SourcePage]) -> Iterable[PageFacts]:
        workers = worker_count(self.jobs)
        if len(todo) < PARALLEL_MINIMUM or workers < 2 or not _can_fork():
            return [self._analyse(source) for source in todo]
        return _parallel(self, todo, workers)

    def facts(self, path: str) -> PageFacts | None:
        if path not in self._facts:
            self.load([path])
        return self._facts.get(path)

    def anchors(self, path: str) -> frozenset[str] | None:
        facts = self.facts(path) if path.endswith(".md") else None
        return facts.anchors if facts and facts.readable else None

    def section_headings(self, path: str) -> list[tuple[str, str]] | None:
        facts = self.facts(path) if path.endswith(".md") else None
        if not facts or not facts.readable:
            return None
        return [(s.key, s.label) for s in facts.sections if s.key not in ("title", "intro")]

    def save_cache(self) -> None:
        if self.cache:
            self.cache.save(p for p in self.pages if p in self.cache.entries)


# Worker processes
# -----------------------------------------------------------------------------------------


def worker_count(jobs: int | None) -> int:
    """Processes for analysing pages: `jobs` if given, else one per usable core."""
    return max(1, min(jobs or usable_cores(), MAX_WORKERS))


def usable_cores() -> int:
    """The cores this process may run on (fewer than the machine's in a limited container)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _analyse_in_worker(index: int) -> PageFacts:
    assert _worker_corpus is not None
    corpus, todo = _worker_corpus
    return corpus._analyse(todo[index])


def _warm_up() -> None:
    """Import and compile everything once in the parent, so forked workers inherit it."""
    from markdown.extensions.toc import unique  # noqa: F401

    from winkelvloer.content.front_matter import validator
    from winkelvloer.content.markdown import parser

    parser()  # site_markdown() is built in Corpus.__init__, before the workers fork
    validator("article")
    validator("page")


def _parallel(corpus: Corpus, todo: list[SourcePage], workers: int) -> list[PageFacts]:
    """The pages are read already: forked workers inherit them and get only an index."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _worker_corpus
    _warm_up()
    _worker_corpus = (corpus, todo)
    # Small chunks: a worker slowed by a busy neighbour leaves little for the others to wait on.
    chunk = max(1, min(CHUNK_PAGES, len(todo) // (workers * 4)))
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(_analyse_in_worker, range(len(todo)), chunksize=chunk))
    finally:
        _worker_corpus = None
