"""The build: one way to build the site, in one process or several, for `make build`,
`make serve`, the tests and the benchmarks.

1. Load mkdocs.yml once (MkDocs, its plugins, this site's plugin) and check the settings
   the site's templates need (core/config.py).
2. Read every page once and judge the docs folder as `make check` does (plugin/session.py);
   report each finding with the check's code, line and message.
3. Build each language with MkDocs into a part of its own, static-i18n told it builds that
   one language. With --jobs 1 the languages are built one after the other in this process;
   otherwise each in a process forked from this one, which has already loaded everything,
   at most one per core at a time. Either way the steps are the same.
4. As each language is done, index it with Pagefind (one index at a time).
5. Put the parts together (a file two parts both write is an error, never overwritten), and
   write what belongs to the whole site: the sitemap, the 404 pages, the social cards, the
   icons and robots.txt.
6. Swap the new site in only if everything succeeded (plugin/publish.py).

static-i18n's own way, building the other languages from inside the default language's
post-build, is not used: the plugin refuses to build outside this driver.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from winkelvloer.core.atomic import write_atomically
from winkelvloer.core.config import (
    ConfigError,
    SiteConfig,
    existing_docs_dir,
    load_site_config,
    validate_strings,
)
from winkelvloer.core.findings import Finding
from winkelvloer.plugin.build_inputs import (
    PreviousBuild,
    build_inputs,
    previous_build,
    say_unchanged,
)
from winkelvloer.plugin.config import WinkelvloerConfig
from winkelvloer.plugin.plugin import WinkelvloerPlugin
from winkelvloer.plugin.publish import PublishError, Staging
from winkelvloer.plugin.request import BuildFailed, BuildRequest
from winkelvloer.plugin.session import BuildSession, start_session, with_docs_dir
from winkelvloer.render.build_cache import cache_dir
from winkelvloer.render.search_index import Indexer
from winkelvloer.render.seo_data import robots_txt
from winkelvloer.render.site_files import favicon_ico, touch_icon
from winkelvloer.render.site_logo import logo_svg
from winkelvloer.render.sitemap import sitemap_xml, write_sitemap
from winkelvloer.render.social_cards import CardPlanner

log = logging.getLogger("mkdocs.build")
PLUGIN_NAME = "winkelvloer"
I18N_NAME = "i18n"
# What a language's build logs about its own folder; the build says it once for the site.
PART_MESSAGES = (
    "Cleaning site directory",
    "Building documentation to directory",
    "mkdocs_static_i18n: Building '",
    "Documentation built in",
)
# Files at the root of every part that belong to the whole site, made once by the driver.
SITE_FILES = frozenset({"sitemap.xml", "sitemap.xml.gz", "404.html"})


@dataclass
class LanguageResult:
    """How a language's build went, and what it made for the whole site."""

    lang: str
    error: str | None = None
    messages: list[tuple[int, str]] = field(default_factory=list)
    sitemap: dict[str, dict[str, str]] = field(default_factory=dict)
    not_found: str | None = None
    social: CardPlanner | None = None  # the language's cards: where each goes, and its image
    indexed: dict[str, str] | None = None  # what Pagefind reads of each page, by URL
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class BuildReport:
    findings: list[Finding]
    results: list[LanguageResult]
    errors: list[str]
    unchanged: bool = False  # nothing changed since the site was built: it was left as it is
    search_reused: list[str] = field(default_factory=list)  # languages whose index was kept
    # What the build warned of, said again when nothing changed.
    messages: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and all(r.ok for r in self.results)


# --- Loading the configuration -----------------------------------------------------------


class _Collect(logging.Handler):
    def __init__(self, level: int = logging.INFO) -> None:
        super().__init__(level)
        self.messages: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append((record.levelno, record.getMessage()))


@contextlib.contextmanager
def collected(level: int = logging.INFO) -> Iterator[_Collect]:
    """Every log record of the block, kept instead of shown."""
    collect = _Collect(level)
    root, mkdocs_log = logging.getLogger(), logging.getLogger("mkdocs")
    saved = (root.level, list(root.handlers), mkdocs_log.propagate, list(mkdocs_log.handlers))
    root.handlers, mkdocs_log.handlers = [collect], []
    root.setLevel(min(root.level, level))
    mkdocs_log.propagate = True
    try:
        yield collect
    finally:
        root.setLevel(saved[0])
        root.handlers = saved[1]
        mkdocs_log.propagate = saved[2]
        mkdocs_log.handlers = saved[3]


def load_mkdocs_config(request: BuildRequest) -> MkDocsConfig:
    """mkdocs.yml as MkDocs reads it; a mistake in it is one line."""
    overrides: dict[str, Any] = {
        "site_dir": request.site_dir,
        "docs_dir": request.docs_dir,
        "site_url": request.site_url,
        "strict": request.strict,
    }
    if request.docs_dir is None:  # as the checks say it, before MkDocs says it its own way
        try:
            existing_docs_dir(load_site_config(request.config_file))
        except ConfigError as error:
            raise BuildFailed(str(error)) from error
    with collected(logging.WARNING) as messages:
        try:
            config = load_config(config_file=request.config_file, **overrides)
        except (click.ClickException, ConfigurationError, OSError) as error:
            said = [m for level, m in messages.messages if level >= logging.ERROR]
            if isinstance(error, Abort):  # strict, it stops at warnings and only counts them
                said += [m for level, m in messages.messages if level == logging.WARNING]
            reason = said[0] if said else str(getattr(error, "message", error))
            raise BuildFailed(f"{request.config_file}: {reason}") from error
    return config


def site_plugin(config: MkDocsConfig) -> WinkelvloerPlugin:
    """The site's plugin; static-i18n, which it tells which language to build, is there too."""
    for name in (PLUGIN_NAME, I18N_NAME):
        if name not in config.plugins:
            raise BuildFailed(f"{config.config_file_path}: plugins has no '{name}' entry")
    plugin = config.plugins[PLUGIN_NAME]
    if not isinstance(plugin, WinkelvloerPlugin):
        raise BuildFailed(f"{config.config_file_path}: plugins has no '{PLUGIN_NAME}' entry")
    return plugin


def apply_features(plugin: WinkelvloerPlugin, features: Mapping[str, bool]) -> None:
    for name, on in features.items():
        feature = plugin.config.get(name)
        if feature is None:
            raise BuildFailed(f"the site's plugin has no feature '{name}'")
        feature.enabled = on


def site_settings(config: MkDocsConfig) -> SiteConfig:
    try:
        site = load_site_config(config.config_file_path)
        validate_strings(site)
    except ConfigError as error:
        raise BuildFailed(str(error)) from error
    return with_docs_dir(site, config.docs_dir)


# --- Building one language ---------------------------------------------------------------


def build_language(
    config: MkDocsConfig, plugin: WinkelvloerPlugin, lang: str, part: Path, serve_url: str | None
) -> LanguageResult:
    """Build one language into `part` (in this process: the caller decides which process)."""
    started = time.monotonic()
    result = LanguageResult(lang)
    i18n: Any = config.plugins[I18N_NAME]
    with collected() as messages:
        try:
            i18n.current_language = lang
            i18n.building = True  # static-i18n then builds this language only
            config.site_dir = str(part)
            build(config, serve_url=serve_url)
        except click.ClickException as error:  # MkDocs' own: an editor's mistake, said plainly
            result.error = error.format_message()
        except Exception as error:  # a bug in the build: one line, the page MkDocs named above
            result.error = f"{type(error).__name__}: {error}"
    result.messages = messages.messages
    state = plugin.language
    if state is not None:
        result.sitemap = state.sitemap
        result.not_found = state.not_found
        result.social = state.social
        result.indexed = state.indexed
    result.seconds = time.monotonic() - started
    return result


def running_reader(running: dict[Any, tuple[str, Any]], ready: object) -> Any:
    """The key of `running` that multiprocessing.connection.wait said is ready."""
    return next(reader for reader in running if reader is ready)


def _in_child(work: Callable[[], LanguageResult], writer: Any) -> None:
    try:
        result = work()
    except BaseException as error:  # nothing may escape a forked child
        result = LanguageResult("", error=f"{type(error).__name__}: {error}")
    writer.send_bytes(pickle.dumps(result))
    writer.close()


def run_forked(work: Sequence[tuple[str, Callable[[], LanguageResult]]], jobs: int,
               on_done: Callable[[LanguageResult], None]) -> list[LanguageResult]:  # fmt: skip
    """Each job in a child forked from this process, `jobs` at a time, in order."""
    context = multiprocessing.get_context("fork")
    waiting = list(work)
    running: dict[Any, tuple[str, Any]] = {}
    results: dict[str, LanguageResult] = {}
    while waiting or running:
        while waiting and len(running) < jobs and all(r.ok for r in results.values()):
            lang, job = waiting.pop(0)
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(target=_in_child, args=(job, writer), daemon=True)
            process.start()
            writer.close()
            running[reader] = (lang, process)
        if not running:
            break
        for ready in multiprocessing.connection.wait(list(running)):
            reader = running_reader(running, ready)
            lang, process = running.pop(reader)
            try:
                result = pickle.loads(reader.recv_bytes())
                result.lang = lang
            except (EOFError, OSError, pickle.UnpicklingError):
                result = LanguageResult(lang, error="the build process stopped")
            process.join()
            if process.exitcode and result.ok:
                result.error = f"the build process stopped (exit {process.exitcode})"
            results[lang] = result
            on_done(result)
    return [results[lang] for lang, _ in work if lang in results]


# --- The whole site ----------------------------------------------------------------------


def merge_part(part: Path, site: Path, own: str) -> list[str]:
    """Move a language's part into the site: the default language's (own == "") whole, but
    the files the driver makes; another language's folder only. Returns the collisions."""
    collisions: list[str] = []
    source = part / own if own else part
    target = site / own if own else site
    if not source.is_dir():
        return collisions
    for entry in sorted(source.iterdir()):
        if not own and entry.name in SITE_FILES:
            continue
        collisions += move(entry, target / entry.name, site)
    return collisions


def move(entry: Path, destination: Path, site: Path) -> list[str]:
    if entry.is_dir() and not entry.is_symlink() and destination.is_dir():
        found: list[str] = []
        for child in sorted(entry.iterdir()):
            found += move(child, destination / child.name, site)
        return found
    if destination.exists() or destination.is_symlink():
        return [destination.relative_to(site).as_posix()]
    destination.parent.mkdir(parents=True, exist_ok=True)
    entry.replace(destination)
    return []


def write_site_files(
    config: MkDocsConfig,
    settings: WinkelvloerConfig,
    folders: Mapping[str, str],
    site: Path,
    results: Sequence[LanguageResult],
) -> list[str]:
    """Sitemap, 404 pages, social cards, icons and robots.txt; the problems, one line each."""
    problems: list[str] = []
    if settings.sitemap.enabled:
        entries: dict[str, dict[str, str]] = {}
        for result in results:
            entries |= result.sitemap
        write_sitemap(site, sitemap_xml(entries))
    for result in results:
        if result.not_found is not None:
            target = site / folders.get(result.lang, "") / "404.html"
            write_atomically(target, result.not_found.encode("utf-8"), durable=False)
        for rel in result.social.planned if result.social else ():
            assert result.social is not None
            try:  # a copy checked against its digest, never a link into the cache
                write_atomically(site / rel, result.social.png(rel), durable=False)
            except OSError as error:
                problems.append(f"{rel}: the social card could not be written ({error})")
    svg = logo_svg(config)
    if settings.icons.enabled and svg:
        write_atomically(site / "favicon.ico", favicon_ico(svg))
        write_atomically(site / "apple-touch-icon.png", touch_icon(svg))
    if settings.robots.enabled:
        write_atomically(site / "robots.txt", robots_txt(config.site_url or "/").encode("utf-8"))
    return problems


def shown_messages(results: Sequence[LanguageResult]) -> list[tuple[int, str]]:
    """Every language's messages once: a problem in a shared file is reported by each."""
    seen: set[tuple[int, str]] = set()
    shown = []
    for result in results:
        for level, message in result.messages:
            if message.startswith(PART_MESSAGES) or (level, message) in seen:
                continue
            seen.add((level, message))
            shown.append((level, message))
    return shown


def report_findings(session: BuildSession) -> list[tuple[int, str]]:
    """The check's findings, as `make check` words them."""
    said = [
        (logging.ERROR if f.is_error else logging.WARNING, f.as_text()) for f in session.findings
    ]
    for level, message in said:
        log.log(level, message)
    return said


def settings_digest(request: BuildRequest, previous: PreviousBuild | None) -> str | None:
    """The code and settings pages are made with, for the page cache; None: no page is kept."""
    if not request.use_cache:
        return None
    if previous is not None:
        return previous.inputs.settings
    try:
        return build_inputs(request).settings
    except (ConfigError, OSError):
        return None


# Below this many pages a process per language costs more than it saves: each one compiles the
# templates and goes through every file again (measured on the real site: twice the CPU).
SMALL_SITE = 200


def default_jobs(pages: int) -> int:
    """One process per core, but one in all for a small site."""
    if pages < SMALL_SITE:
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def build_site(request: BuildRequest, previous: PreviousBuild | None = None) -> BuildReport:
    """Build the site as `request` says; the site folder changes only if the build succeeded,
    and not at all when nothing it is made from changed since it was built (`previous`: what
    previous_build says of this request, if the caller asked it already)."""
    previous = previous or previous_build(request)
    if previous is not None and previous.record is not None:
        say_unchanged(previous.record, log)
        return BuildReport([], [], [], unchanged=True, messages=previous.record.messages)
    config = load_mkdocs_config(request)
    site_dir = Path(config.site_dir)
    if site_dir.exists() and not site_dir.is_dir():
        raise BuildFailed(f"{site_dir} is a file, not a folder: cannot build the site into it")
    plugin = site_plugin(config)
    apply_features(plugin, request.features)
    site = site_settings(config)
    session = start_session(site, preview=request.preview, jobs=request.jobs,
                            use_cache=request.use_cache)  # fmt: skip
    session.serve_nonce = request.serve_nonce
    session.settings_digest = settings_digest(request, previous)
    said = report_findings(session)
    try:
        staging = Staging(Path(config.site_dir))
    except PublishError as error:
        raise BuildFailed(str(error)) from error
    try:
        report = build_languages(config, plugin, session, staging, request)
        report.messages = [*said, *report.messages]
        if previous is not None:
            previous.keep(report.messages) if report.ok else previous.forget()
        return report
    finally:
        staging.close()


def build_languages(config: MkDocsConfig, plugin: WinkelvloerPlugin, session: BuildSession,
                    staging: Staging, request: BuildRequest) -> BuildReport:  # fmt: skip
    languages = [lang.locale for lang in session.site.languages]
    default = session.site.default.locale
    order = [default, *(lang for lang in languages if lang != default)]
    folders = {lang.locale: lang.folder.rstrip("/") for lang in session.site.languages}
    search = plugin.config.search
    kept = cache_dir(config, "search") if session.settings_digest is not None else None
    indexer = Indexer(search.folder, list(search.exclude_selectors), kept)
    jobs = max(1, min(request.jobs or default_jobs(len(session.sources.pages)), len(order)))
    plugin.begin(session)
    config.plugins.on_startup(command="serve" if request.preview else "build", dirty=False)

    def job(lang: str) -> Callable[[], LanguageResult]:
        return lambda: build_language(config, plugin, lang, staging.part(lang), request.serve_url)

    def index(result: LanguageResult) -> None:
        if result.ok and search.enabled:
            folder = staging.part(result.lang) / folders[result.lang]
            indexer.start(result.lang, folder, result.indexed)

    try:
        if jobs == 1:
            results = []
            for lang in order:
                results.append(job(lang)())
                index(results[-1])
                if not results[-1].ok:
                    break
        else:
            results = run_forked([(lang, job(lang)) for lang in order], jobs, index)
        indexer.wait()
    finally:
        indexer.stop()
        config.plugins.on_shutdown()
        plugin.end()
    errors = [f"search index of '{lang}': {why}" for lang, why in indexer.failures.items()]
    report = BuildReport(session.findings, results, errors, search_reused=indexer.reused)
    for level, message in shown_messages(results):
        log.log(level, message)
        if level >= logging.WARNING:
            report.messages.append((level, message))
    if report.ok and len(results) == len(order):
        for result in results:
            collisions = merge_part(staging.part(result.lang), staging.folder, folders[result.lang])
            errors += [f"{path}: written by two languages' builds" for path in collisions]
        with collected() as messages:  # a cache warning for each card: each said once
            errors += write_site_files(config, plugin.config, folders, staging.folder, results)
        for level, message in dict.fromkeys(messages.messages):
            log.log(level, message)
    failed = [f"{r.lang}: {r.error}" for r in results if not r.ok]
    if failed:
        errors.append("Build failed in " + "; ".join(failed))
    if session.has_errors and config.strict:
        errors.append("the content check found errors (above): the site was not published")
    report.errors = errors
    if errors:
        staging.discard()
    else:
        staging.publish()
    return report
