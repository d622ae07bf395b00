"""The live preview behind `make serve`: every language, drafts included, fast after a save.

    python -m winkelvloer.cli.preview [-f mkdocs.yml] [--dev-addr 127.0.0.1:8000] [--jobs N]

A full build (the first one, and after mkdocs.yml, overrides/ or a file list changed) builds
each language in a process of its own, as `make build` does (--jobs 1: in this process).

It serves with MkDocs' own live-reload server, but rebuilds only what a save changed:

- a translation (``x.en.md``): only that language, and in it only that page;
- a Dutch page (``x.md``): that page in every language (its translations' "outdated" notices
  and the untranslated fallbacks depend on it);
- anything else (mkdocs.yml, overrides/, a file added or removed, an image): everything.

Pages that are not re-rendered keep their HTML from before, so a changed title shows on cards
and listings of other pages after the next full build (restart `make serve`). The search
index of the changed language is refreshed in the background; the search dialog says its
results may lag behind. `make build` is unaffected: it always builds everything.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.livereload import LiveReloadServer, _serve_url
from mkdocs.structure.files import File, Files, set_exclusions
from mkdocs.structure.pages import Page

from winkelvloer.build import parallel, preview_state
from winkelvloer.build.i18n_pages import i18n_plugin
from winkelvloer.cli.command import BAD_INPUT, Failure, run_command
from winkelvloer.content.corpus import Corpus
from winkelvloer.content.links import landing_page
from winkelvloer.core.config import load_site_config
from winkelvloer.core.i18n import split_name

QUICK_BUILD_VARIABLE = (
    "WINKELVLOER_QUICK_BUILD"  # read by scripts/winkelvloer/build/preview_state.py
)
POLLING_INTERVAL = 0.1  # seconds between looks at the watched files
LATER_LANGUAGES_DELAY = 1.0  # seconds between a Dutch page and its other languages

log = logging.getLogger("mkdocs.preview")


class _DirtyWarningFilter(logging.Filter):
    """MkDocs warns that a dirty build is for development; the preview is exactly that."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


Snapshot = dict[str, int]


def snapshot(folder: Path) -> Snapshot:
    """Modification time of every file under `folder`, by path relative to it."""
    found: Snapshot = {}
    for current, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            path = Path(current, name)
            with contextlib.suppress(OSError):
                found[path.relative_to(folder).as_posix()] = path.stat().st_mtime_ns
    return found


def changed_files(before: Snapshot, after: Snapshot) -> tuple[set[str], bool]:
    """Changed paths, and whether a file was added or removed."""
    changed = {p for p, mtime in after.items() if before.get(p) != mtime}
    return changed, set(before) != set(after)


@dataclass
class Plan:
    """What a save needs rebuilt: everything, or some pages of some languages."""

    full: bool
    languages: list[str] = field(default_factory=list)
    pages: set[str] = field(default_factory=set)  # docs-relative sources to re-render


def plan(changed: set[str], added_or_removed: bool, locales: Sequence[str], default: str) -> Plan:
    if added_or_removed or not changed or any(not p.endswith(".md") for p in changed):
        return Plan(full=True)
    languages: list[str] = []
    for path in sorted(changed):
        stem = path.removesuffix(".md")
        suffix = stem.rpartition(".")[2] if "." in Path(stem).name else ""
        wanted = list(locales) if suffix not in locales or suffix == default else [suffix]
        languages += [lang for lang in wanted if lang not in languages]
    ordered = [lang for lang in locales if lang in languages]
    return Plan(full=False, languages=ordered, pages=set(changed))


class Preview:
    def __init__(self, config_file: str, dev_addr: str | None, jobs: int | None = None) -> None:
        self.config_file = config_file
        self.jobs = jobs or parallel.default_jobs()
        self.dev_addr = dev_addr
        self.site_dir = tempfile.mkdtemp(prefix="winkelvloer-preview-")
        config = self.load()
        self.docs_dir = Path(config.docs_dir)
        self.config_path = Path(config.config_file_path or config_file).resolve()
        self.overrides = Path(config.theme.custom_dir or self.config_path.parent / "overrides")
        host, port = config.dev_addr
        self.mount_path = urlsplit(config.site_url or "/").path
        self.serve_url = _serve_url(host, port, self.mount_path)
        i18n = i18n_plugin(config)
        self.locales = [lang.locale for lang in i18n.config.languages if lang.build]
        self.default = i18n.default_language
        self.host, self.port = host, port
        self.state: Snapshot = {}
        self.config = config
        self.last_build_seconds = 0.0
        self.pending: Plan | None = None
        self._quick_config: MkDocsConfig | None = None
        self.server: LiveReloadServer | None = None

    # Builds -----------------------------------------------------------------------------

    def load(self) -> MkDocsConfig:
        options: dict[str, Any] = {"site_dir": self.site_dir}
        if self.dev_addr:
            options["dev_addr"] = self.dev_addr
        return load_config(config_file=self.config_file, **options)

    def watched(self) -> Snapshot:
        state = {f"docs/{p}": t for p, t in snapshot(self.docs_dir).items()}
        state |= {f"overrides/{p}": t for p, t in snapshot(self.overrides).items()}
        with contextlib.suppress(OSError):
            state["mkdocs.yml"] = self.config_path.stat().st_mtime_ns
        return state

    def full_build(self, config: MkDocsConfig | None = None) -> None:
        config = config or self.load()
        config.site_url = self.serve_url
        self.state = self.watched()
        self.pending = None
        self._quick_config = None
        _theme_listing.clear()
        if self.jobs == 1:
            build(config, serve_url=self.serve_url)
            return
        # Each language in a process of its own; the quick builds after a save stay here.
        options = parallel.Options(
            config_file=str(self.config_path),
            site_url=self.serve_url,
            serve_url=self.serve_url,
            command="serve",
        )
        jobs = parallel.job_count(None, len(self.locales), self.jobs)
        outcomes = parallel.build_site(
            options, Path(self.site_dir), self.locales, self.default, jobs
        )
        for level, message in parallel.shown_messages(outcomes):
            log.log(level, message)
        if not all(outcome.ok for outcome in outcomes) or len(outcomes) < len(self.locales):
            raise Abort(parallel.failure_summary(outcomes))

    def quick_config(self) -> MkDocsConfig:
        """One configuration for all quick builds, as static-i18n itself reuses one for all
        languages of a build; loaded again after mkdocs.yml or overrides/ changed."""
        if self._quick_config is None:
            config = self.load()
            config.site_url = self.serve_url
            self._quick_config = config
        return self._quick_config

    def pages_needed(self, saved: set[str]) -> set[str]:
        """Base names (x.md for x.en.md) of the pages a quick build reads: the saved ones,
        the pages they link to (their URLs and cards), and the navigation's pages."""
        site = load_site_config(self.config_path)
        corpus = Corpus(site, use_cache=False)
        needed = set(nav_paths(self.quick_config().nav))
        for path in saved:
            name = corpus.name(path)
            needed.add(name.base)
            facts = corpus.facts(path)
            for link in facts.links if facts else ():
                landing = landing_page(link.href, path, name.lang, corpus.link_context)
                if landing and landing.endswith(".md"):
                    needed.add(corpus.name(landing).base)
        return needed

    def quick_build(self, work: Plan) -> None:
        for source in work.pages:
            self.forget_outputs(source, work.languages)
        config = self.quick_config()
        needed = self.pages_needed(work.pages)
        site = load_site_config(self.config_path)
        base = functools.partial(base_name, locales=site.locales, default=site.default.locale)
        with quick_build_environment(), quick_build_shortcuts(config, needed, base):
            for lang in work.languages:
                i18n = i18n_plugin(config)
                i18n.current_language = lang
                i18n.building = True  # static-i18n then builds this language only
                build(config, serve_url=self.serve_url, dirty=True)

    def forget_outputs(self, source: str, languages: Sequence[str]) -> None:
        """Remove the HTML built from a saved page, so the dirty build renders it again even
        when the save came in while the previous build was writing (MkDocs compares times).
        A Dutch source's HTML goes in every language (fallbacks, "outdated" notices)."""
        stem = Path(source.removesuffix(".md"))
        suffix = stem.suffix.lstrip(".")
        if suffix in self.locales:  # a translation: only its own language's page
            stem, languages = stem.with_suffix(""), [lang for lang in languages if lang == suffix]
        output = stem.parent if stem.name == "index" else stem
        for lang in languages:
            folder = Path(self.site_dir) / ("" if lang == self.default else lang)
            with contextlib.suppress(OSError):
                (folder / output / "index.html").unlink()

    def next_work(self) -> Plan | None:
        """What to build now: the saved changes, plus what an earlier save left for later."""
        after = self.watched()
        changed, added_or_removed = changed_files(self.state, after)
        pending, self.pending = self.pending, None
        if not changed and not added_or_removed:
            return pending
        self.state = after
        outside_docs = any(not p.startswith("docs/") for p in changed)
        pages = {p.removeprefix("docs/") for p in changed}
        work = plan(pages, added_or_removed or outside_docs, self.locales, self.default)
        if pending and not work.full:
            work.pages |= pending.pages
            work.languages = [g for g in self.locales if g in {*work.languages, *pending.languages}]
        return work

    def rebuild(self) -> None:
        started = time.monotonic()
        work = self.next_work()
        if work is None:
            return
        if work.full:
            log.info("Rebuilding everything")
            self.full_build()
        else:
            # A Dutch page first: the browsers reload as soon as it is written, and the
            # other languages follow in a second round.
            now = [self.default] if self.default in work.languages else work.languages
            later = [lang for lang in work.languages if lang not in now]
            log.info("Rebuilding %s in %s", ", ".join(sorted(work.pages)), ", ".join(now))
            self.quick_build(Plan(False, now, work.pages))
            if later:
                self.pending = Plan(False, later, work.pages)
                self.request_rebuild()
        self.last_build_seconds = time.monotonic() - started
        log.info("Preview updated in %.2f s", self.last_build_seconds)

    def request_rebuild(self) -> None:
        """Ask MkDocs' server for another round (it has no public call for this), a moment
        later: the browsers reload the page just written first."""
        server = self.server
        if server is None:
            return

        def ask() -> None:
            with server._rebuild_cond:
                server._want_rebuild = True
                server._rebuild_cond.notify_all()

        timer = threading.Timer(LATER_LANGUAGES_DELAY, ask)
        timer.daemon = True
        timer.start()

    # Serving ----------------------------------------------------------------------------

    def serve(self) -> None:
        try:
            ensure_free(self.host, self.port)
        except PortInUse:
            shutil.rmtree(self.site_dir, ignore_errors=True)
            raise
        logging.getLogger("mkdocs").addFilter(_DirtyWarningFilter())
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarningFilter())
        preview_state.choose_serve_nonce()
        self.config.plugins.on_startup(command="serve", dirty=False)
        server = LiveReloadServer(
            builder=self.rebuild,
            host=self.host,
            port=self.port,
            root=self.site_dir,
            mount_path=self.mount_path,
            polling_interval=POLLING_INTERVAL,
        )
        server.build_delay = 0.05
        server.error_handler = self.error_page
        self.server = server
        try:
            self.full_build(self.config)
            server.watch(str(self.docs_dir))
            server.watch(str(self.config_path))
            server.watch(str(self.overrides))
            # As `mkdocs serve` does: hooks may adapt the server (the live-reload script's
            # nonce for the Content-Security-Policy).
            server = self.config.plugins.on_serve(server, config=self.config, builder=self.rebuild)
            self.server = server
            try:
                server.serve()
            except OSError as error:  # taken between the first look and now
                raise PortInUse(port_message(self.host, self.port, error)) from error
            except KeyboardInterrupt:
                log.info("Shutting down...")
            finally:
                server.shutdown()
        finally:
            self.config.plugins.on_shutdown()
            shutil.rmtree(self.site_dir, ignore_errors=True)

    def error_page(self, code: int) -> bytes | None:
        page = Path(self.site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None


_theme_listing: dict[tuple[object, ...], list[str]] = {}


def nav_paths(nav: object) -> Iterator[str]:
    """The Markdown files named in mkdocs.yml's nav."""
    if isinstance(nav, str) and nav.endswith(".md"):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_paths(item)


def base_name(path: str, locales: frozenset[str], default: str) -> str:
    return split_name(path, locales, default).base


def docs_files(config: MkDocsConfig, keep: Callable[[str], bool]) -> Files:
    """MkDocs' get_files, reading only the Markdown pages `keep` wants (and every other file)."""
    docs, found = config["docs_dir"], []
    for folder, dirs, names in os.walk(docs, followlinks=True):
        dirs.sort()
        relative = Path(folder).relative_to(docs)
        for name in sorted(names):
            path = (relative / name).as_posix()
            if path.endswith(".md") and not keep(path):
                continue
            found.append(File(path, docs, config["site_dir"], config["use_directory_urls"]))
    set_exclusions(found, config)
    return Files(found)


@contextlib.contextmanager
def quick_build_shortcuts(
    config: MkDocsConfig, needed: set[str], base: Callable[[str], str]
) -> Iterator[None]:
    """What every MkDocs build repeats that a quick build of the preview can skip:

    - reading every page of docs/: it reads the saved pages and those they need (`needed`,
      as base names); the others keep their HTML from before;
    - listing and filtering every file of the theme (Material has thousands): the theme
      does not change between full builds, so quick builds list it once;
    - rendering the theme's page-independent templates (404.html, sitemap.xml): the full
      build wrote them.
    """
    list_templates = jinja2.Environment.list_templates
    build_theme_template = mkdocs_build._build_theme_template
    get_files = mkdocs_build.get_files
    populate_page = mkdocs_build._populate_page
    navigation = {base(path) for path in nav_paths(config.nav)}

    def populate(page: Page, config: MkDocsConfig, files: Files, dirty: bool = False) -> None:
        # The navigation's pages (home, tags index) are read, not written: the tags plugin
        # links each page's tags to the tags index only when it has read that page.
        reread = dirty and base(page.file.src_uri) in navigation
        populate_page(page, config, files, dirty and not reread)

    def listing(
        self: jinja2.Environment,
        extensions: Collection[str] | None = None,
        filter_func: Callable[[str], bool] | None = None,
    ) -> list[str]:
        paths = tuple(dict.fromkeys(str(p) for p in getattr(self.loader, "searchpath", ())))
        key = (
            paths,
            extensions is None,
            filter_func is None,
            *sorted(config.theme.static_templates),
        )
        if key not in _theme_listing:
            _theme_listing[key] = list_templates(self, extensions, filter_func)
        return _theme_listing[key]

    # Patched on the class: MkDocs makes a new Environment for every template it renders.
    jinja2.Environment.list_templates = listing  # type: ignore[method-assign]
    mkdocs_build._build_theme_template = lambda *args, **kwargs: None
    mkdocs_build.get_files = lambda config: docs_files(config, lambda path: base(path) in needed)
    mkdocs_build._populate_page = populate
    try:
        yield
    finally:
        mkdocs_build._populate_page = populate_page
        jinja2.Environment.list_templates = list_templates  # type: ignore[method-assign]  # restored
        mkdocs_build._build_theme_template = build_theme_template
        mkdocs_build.get_files = get_files


@contextlib.contextmanager
def quick_build_environment() -> Iterator[None]:
    os.environ[QUICK_BUILD_VARIABLE] = "1"
    try:
        yield
    finally:
        os.environ.pop(QUICK_BUILD_VARIABLE, None)


class PortInUse(Exception):
    """The preview's address cannot be served on (exit status 1)."""


def port_message(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"{host}:{port} is already in use (another make serve?); stop that one, or choose "
            f"another port: make serve PORT={port + 1}"
        )
    return f"cannot serve on {host}:{port}: {error.strerror or error}"


def ensure_free(host: str, port: int) -> None:
    """Fail before the first build, not after it, when the address is taken."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as error:
        raise PortInUse(port_message(host, port, error)) from error


def _run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    Preview(args.config_file, args.dev_addr, args.jobs).serve()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m winkelvloer.cli.preview", description=__doc__)
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-a", "--dev-addr", help="host:port to serve on (default: mkdocs.yml)")
    parser.add_argument(
        "-j", "--jobs", type=int, help="languages built at once in a full build (default: cores)"
    )
    # mkdocs.yml is read by MkDocs here, which says what is wrong with it in its own words.
    bad_config = Failure((ConfigurationError,), status=2)
    taken = Failure((PortInUse,), status=1, with_prog=False)
    return run_command(parser, _run, argv, (*BAD_INPUT, bad_config, taken))


if __name__ == "__main__":
    sys.exit(main())
