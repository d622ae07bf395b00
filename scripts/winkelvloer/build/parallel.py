"""Build the languages in parallel processes, one per language, and merge them into one site.

static-i18n builds every other language from inside the default language's post-build, one
after the other, in one process. Here each language is built in a process of its own (at most
one per core at a time), into a folder of its own next to the site: static-i18n is told it
is building that one language (as it tells itself before each of its nested builds), and the
hooks treat that build as outermost (i18n_pages.build_alone), so each part holds its
language's pages, feed, search bundle, cards, 404 page and a sitemap of its pages.

The parts are then merged into the site the single-process build makes (tests/
test_parallel_build.py compares the two file by file):

- in static-i18n's build order (default language first), a later part's file replacing an
  earlier one's, as a later build overwrites what an earlier one wrote (the theme's files,
  which every part has alike);
- except the files the default language's outermost build writes last, after every other
  language: the root 404.html (hooks/not_found_pages.py) and the sitemaps, which list every
  language's pages (merged here from the parts' sitemaps).

static-i18n's own `build_only_locale` is no use here: it makes the one language the default,
built at the site's root, its untranslated pages falling back to itself.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Literal

log = logging.getLogger("mkdocs.parallel")

# Files at the root of the site that the default language's outermost build writes after all
# the other languages (so a non-default part's copy is not the site's); sitemaps are merged.
DEFAULT_LANGUAGE_ROOT_FILES = frozenset({"404.html"})
# What a part's build logs about its own folder; the merged build says it once for the site.
PART_MESSAGES = (
    "Cleaning site directory",
    "Building documentation to directory",
    "mkdocs_static_i18n: Building '",
    "Documentation built in",
)


@dataclass(frozen=True)
class Options:
    """What a language's process needs to build its part, as `mkdocs build` takes it."""

    config_file: str
    docs_dir: str | None = None
    strict: bool | None = None
    site_url: str | None = None
    serve_url: str | None = None  # the preview's full build (scripts' preview server)
    # "serve" in the preview: drafts shown, the server's nonce.
    command: Literal["build", "serve"] = "build"
    # Pagefind holds a language's whole index in memory: one runs at a time (search_jobs.py).
    index_lock: str | None = None


@dataclass
class Outcome:
    """How a language's build went, with what it logged (level, message)."""

    lang: str
    part: str
    error: str | None = None
    messages: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


# --- Pure functions ----------------------------------------------------------------------------


def build_order(locales: Sequence[str], default: str) -> list[str]:
    """static-i18n's order: the default language, then the others as configured."""
    return [default, *(lang for lang in locales if lang != default)]


def job_count(requested: int | None, languages: int, cores: int | None) -> int:
    """Processes at once: as requested (default: one per core), never more than languages."""
    wanted = requested if requested is not None else (cores or 1)
    return max(1, min(wanted, languages))


def shown_messages(outcomes: Iterable[Outcome]) -> list[tuple[int, str]]:
    """Every language's messages once: a problem in a shared file is reported by each."""
    seen: set[tuple[int, str]] = set()
    shown = []
    for outcome in outcomes:
        for level, message in outcome.messages:
            if message.startswith(PART_MESSAGES) or (level, message) in seen:
                continue
            seen.add((level, message))
            shown.append((level, message))
    return shown


def failure_summary(outcomes: Iterable[Outcome]) -> str:
    """One line naming each failed language and why it failed."""
    failed = [f"{o.lang}: {o.error}" for o in outcomes if not o.ok]
    return "Build failed in " + "; ".join(failed)


# --- Merging the parts -------------------------------------------------------------------------


def merge_parts(parts: Sequence[tuple[str, Path]], site: Path) -> None:
    """Move the parts (in build order, default language first) into an emptied `site`."""
    from winkelvloer.build.sitemap import SITEMAP_FILES, merged_sitemap, write_sitemap

    sitemap = merged_sitemap(
        (part / "sitemap.xml").read_bytes() for _, part in parts if (part / "sitemap.xml").is_file()
    )
    empty_folder(site)
    for index, (_, part) in enumerate(parts):
        skip = frozenset(SITEMAP_FILES) | (DEFAULT_LANGUAGE_ROOT_FILES if index else frozenset())
        move_into(part, site, skip)
    write_sitemap(site, sitemap)


def move_into(source: Path, target: Path, skip: frozenset[str] = frozenset()) -> None:
    """Move everything in `source` into `target`; a file already in `target` is replaced."""
    for entry in sorted(source.iterdir()):
        if entry.name in skip:
            continue
        destination = target / entry.name
        if entry.is_dir() and not entry.is_symlink() and destination.is_dir():
            move_into(entry, destination)
        else:
            if destination.is_dir() and not destination.is_symlink():
                shutil.rmtree(destination)
            entry.replace(destination)


def empty_folder(folder: Path) -> None:
    """Remove what is in `folder`, keeping the folder (a server may be serving it)."""
    folder.mkdir(parents=True, exist_ok=True)
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


# --- The processes -----------------------------------------------------------------------------


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append((record.levelno, record.getMessage()))


def build_language(options: Options, lang: str, part: str) -> Outcome:
    """Build one language into `part`; runs in a process of its own (see build_site)."""
    import click
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from winkelvloer.build import search_jobs
    from winkelvloer.build.i18n_pages import build_alone

    started = time.monotonic()
    collect = _Collect()
    root = logging.getLogger()
    root.addHandler(collect)
    root.setLevel(logging.INFO)
    outcome = Outcome(lang, part)
    try:
        overrides: dict[str, Any] = {"site_dir": part}
        if options.docs_dir is not None:
            overrides["docs_dir"] = options.docs_dir
        if options.strict is not None:
            overrides["strict"] = options.strict
        if options.site_url is not None:
            overrides["site_url"] = options.site_url
        config = load_config(config_file=options.config_file, **overrides)
        i18n: Any = config.plugins["i18n"]
        i18n.current_language = lang
        i18n.building = True  # static-i18n then builds this language only
        build_alone(lang)
        if options.index_lock:
            search_jobs.take_turns(Path(options.index_lock))
        config.plugins.on_startup(command=options.command, dirty=False)
        try:
            build(config, serve_url=options.serve_url)
        finally:
            config.plugins.on_shutdown()
    except click.ClickException as error:  # MkDocs' own: an editor's mistake, said plainly
        outcome.error = error.format_message()
    except Exception:  # a bug: its traceback is what helps
        outcome.error = traceback.format_exc()
    finally:
        root.removeHandler(collect)
    outcome.messages = collect.messages
    outcome.seconds = time.monotonic() - started
    return outcome


def build_site(
    options: Options, site_dir: Path, locales: Sequence[str], default: str, jobs: int
) -> list[Outcome]:
    """Build every language in its own process, `jobs` at a time, and merge them into
    `site_dir` if all succeeded. The outcomes come back in build order."""
    order = build_order(locales, default)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # Next to the site, so the parts move into it by renaming.
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-parts-", dir=site_dir.parent))
    try:
        parts = {lang: work / lang for lang in order}
        options = dataclasses.replace(options, index_lock=str(work / "pagefind.lock"))
        outcomes = run_processes(options, [(lang, str(parts[lang])) for lang in order], jobs)
        if all(o.ok for o in outcomes):
            merge_parts([(lang, parts[lang]) for lang in order], site_dir)
        return outcomes
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_processes(
    options: Options, jobs_list: Sequence[tuple[str, str]], jobs: int
) -> list[Outcome]:
    """Each (language, part) in a fresh process, at most `jobs` at once; after a failure the
    languages not started yet are not built."""
    # spawn: a fresh interpreter per language, as `mkdocs build` would start (no threads or
    # hook state inherited); one language per process, so its memory is returned at its end.
    context = get_context("spawn")
    outcomes: dict[str, Outcome] = {}
    waiting = list(jobs_list)
    with ProcessPoolExecutor(jobs, mp_context=context, max_tasks_per_child=1) as pool:
        running: dict[Future[Outcome], str] = {}
        while waiting or running:
            failed = any(not o.ok for o in outcomes.values())
            while waiting and len(running) < jobs and not failed:
                lang, part = waiting.pop(0)
                running[pool.submit(build_language, options, lang, part)] = lang
            if not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                lang = running.pop(future)
                outcomes[lang] = collect_outcome(future, lang)
                log.info("Built '%s' in %.1f s", lang, outcomes[lang].seconds)
    return [outcomes[lang] for lang, _ in jobs_list if lang in outcomes]


def collect_outcome(future: Future[Outcome], lang: str) -> Outcome:
    try:
        return future.result()
    except Exception as error:  # the process died (killed, out of memory)
        return Outcome(lang, "", error=f"the build process stopped: {error!r}")


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
