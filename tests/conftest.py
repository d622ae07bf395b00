"""Shared fixtures: real builds of the site, into temporary directories."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import http.server
import importlib.util
import os
import shutil
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from selectolax.lexbor import LexborHTMLParser, LexborNode

from winkelvloer.core import publishing
from winkelvloer.core.config import SiteConfig, load_site_config

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "mkdocs.yml"
# The languages, their words and their folders come from mkdocs.yml, as in the build.
SITE: SiteConfig = load_site_config(CONFIG)
LANGUAGES = tuple(lang.locale for lang in SITE.languages)
DEFAULT_LANGUAGE = SITE.default.locale
TRANSLATED_LANGUAGES = tuple(lang.locale for lang in SITE.others)
PREFIX = {lang.locale: lang.folder for lang in SITE.languages}


def word(lang: str, name: str) -> str:
    """A word of extra.strings in mkdocs.yml, e.g. word("en", "read_also")."""
    value = SITE.by_locale[lang].word(name)
    assert value, f"mkdocs.yml has no {name} for {lang}"
    return value


def as_written(text: str) -> str:
    """Built text as mkdocs.yml writes it: typographic apostrophes and no-break spaces undone."""
    return text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")


def site_name(lang: str) -> str:
    value = SITE.by_locale[lang].site_name
    assert value
    return value


# The valid site that each content-check fixture changes (tests/fixtures/check/<case>/).
CHECK_FIXTURES = REPO / "tests" / "fixtures" / "check"
CHECK_BASE = CHECK_FIXTURES / "_base"
# Debian's Chromium, driven by Playwright in the browser tests.
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
# Reports every Content-Security-Policy violation of the page, from before its first script.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) =>
  window.reportCspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
"""


def require_chromium() -> None:
    """Skip without Debian's Chromium; fail instead where REQUIRE_BROWSER=1 (CI)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium to run the browser tests"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class PagesHandler(QuietHandler):
    """As GitHub Pages serves a site: a missing file is answered with the root 404.html."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serving(folder: Path, port: int) -> Iterator[str]:
    """`folder` served on 127.0.0.1 at `port` (from free_port) for the block, a missing file
    answered as GitHub Pages does; its base URL."""
    handler = functools.partial(PagesHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def load_hook(name: str) -> ModuleType:
    """overrides/hooks/<name>.py, loaded as MkDocs loads a hook (one module object per name)."""
    if name in sys.modules:
        return sys.modules[name]
    return load_module(REPO / "overrides" / "hooks" / f"{name}.py", name)


def load_module(path: Path, name: str) -> ModuleType:
    """The Python file at `path`, imported as the module `name`."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def parse(path: Path) -> LexborHTMLParser:
    """A built page, parsed as a browser would."""
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def heading_text(heading: LexborNode) -> str:
    """A heading's own text, without its permalink (the "¶" link and its hidden label)."""
    parts = [
        node.text(deep=True)
        for node in heading.iter(include_text=True)
        if "headerlink" not in (node.attributes.get("class") or "").split()
    ]
    return " ".join("".join(parts).split())


def attribute(node: LexborNode | None, name: str) -> str:
    """An attribute the test needs; the test fails, naming it, when it or its element is absent."""
    assert node is not None, f"no element to read {name} from"
    value = node.attributes.get(name)
    assert value is not None, f"<{node.tag}> has no {name}"
    return value


def build_site(site_dir: Path, docs_dir: Path | None = None, site_url: str | None = None) -> Path:
    """Build the site the way `make build` does (strict), into site_dir."""
    overrides: dict[str, Any] = {"site_dir": str(site_dir), "strict": True}
    if docs_dir is not None:
        overrides["docs_dir"] = str(docs_dir)
    if site_url is not None:
        overrides["site_url"] = site_url
    config = load_config(config_file=str(CONFIG), **overrides)
    build(config)
    return site_dir


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root, by its path relative to root, with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session", autouse=True)
def check_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The content check's cache of the test sites stays out of the user's cache folder."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content, built once per test session."""
    return build_site(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture
def docs_copy(tmp_path: Path) -> Path:
    """A copy of docs/ a test may break or change."""
    return Path(shutil.copytree(REPO / "docs", tmp_path / "docs"))


@pytest.fixture(scope="session")
def site_builder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Path]]:
    def _build(docs_dir: Path, **kwargs: str) -> Path:
        return build_site(tmp_path_factory.mktemp("variant") / "site", docs_dir=docs_dir, **kwargs)

    yield _build


# A variant of the real content for the notices: one missing and one outdated translation.
UNTRANSLATED = ("nieuwe-klanten-werven", "de")
STALE = "waarom-je-restaurant-leeg-is"
STALE_SECTION = "## 2. "


@pytest.fixture(scope="session")
def variant_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = Path(shutil.copytree(REPO / "docs", tmp_path_factory.mktemp("docs") / "docs"))
    slug, lang = UNTRANSLATED
    (docs / "artikelen" / f"{slug}.{lang}.md").unlink()
    source = docs / "artikelen" / f"{STALE}.md"
    text = source.read_text(encoding="utf-8")
    marker = "\n" + STALE_SECTION
    assert marker in text
    added = "\nEen nieuwe alinea die de vertalers nog niet kennen.\n"
    source.write_text(text.replace(marker, added + marker, 1), encoding="utf-8")
    return docs


def page_path(site_dir: Path, lang: str, url_path: str) -> Path:
    """The built file of a page, e.g. page_path(site, "en", "artikelen/x/")."""
    return site_dir / PREFIX[lang] / url_path / "index.html"


def article_slugs() -> list[str]:
    """Every published Dutch source article, by slug (drafts and scheduled posts left out)."""
    today = publishing.today()
    return sorted(
        p.name.removesuffix(".md")
        for p in (REPO / "docs" / "artikelen").glob("*.md")
        if p.name.count(".") == 1 and publishing.is_published(publishing.read_meta(p), today)
    )


def read_also_targets(docs_dir: Path, page: str) -> list[str]:
    """The read-also links of a page of `docs_dir`, as the content check reads them."""
    from winkelvloer.content.corpus import Corpus

    corpus = Corpus(dataclasses.replace(SITE, docs_dir=docs_dir.resolve()), use_cache=False)
    facts = corpus.facts(page)
    assert facts is not None and facts.readable, page
    return [item.href for item in facts.read_also]


# A fixture case (tests/fixtures/check/<case>/, tests/fixtures/check_site/<case>/) holds only the
# files it adds to or replaces in its base folder, and these, which are not copied:
FIXTURE_EXPECTED = "expected.txt"  # the findings, one "path:line[:col] CODE" a line
# Git cannot be trusted to keep symbolic links: "path -> target" lines, made when assembled.
FIXTURE_LINKS = "links.txt"
FIXTURE_DELETED = "deleted.txt"  # files of the base the case removes, one path a line
# Lines the case changes in files of the base: {path: [{old: text, new: text}, ...]}, where each
# old text stands exactly once in the file, so a case shows just what it changes.
FIXTURE_EDITS = "edits.yml"
FIXTURE_NOTES = frozenset({FIXTURE_EXPECTED, FIXTURE_LINKS, FIXTURE_DELETED, FIXTURE_EDITS})


def fixture_lines(path: Path) -> list[str]:
    """The non-blank lines of one of a case's notes; none if the case has no such file."""
    if not path.is_file():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def assemble_fixture(base: Path, case: Path | None, destination: Path) -> Path:
    """The base folder with a case laid over it, in destination (a new folder)."""
    root = Path(shutil.copytree(base, destination))
    if case is None:
        return root
    for source in case.rglob("*"):
        relative = source.relative_to(case)
        if source.is_file() and relative.as_posix() not in FIXTURE_NOTES:
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, root / relative)
    if (case / FIXTURE_EDITS).is_file():
        apply_edits(root, case / FIXTURE_EDITS)
    for deleted in fixture_lines(case / FIXTURE_DELETED):
        (root / deleted).unlink()
    for line in fixture_lines(case / FIXTURE_LINKS):
        link, _, target = (part.strip() for part in line.partition("->"))
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        (root / link).symlink_to(target)
    return root


def apply_edits(root: Path, edits_file: Path) -> None:
    """Each change of an edits.yml: its old text, found exactly once, becomes its new text."""
    edits: dict[str, list[dict[str, str]]] = yaml.safe_load(edits_file.read_text(encoding="utf-8"))
    for path, changes in edits.items():
        text = (root / path).read_text(encoding="utf-8")
        for change in changes:
            count = text.count(change["old"])
            assert count == 1, f"{edits_file}: {path} has {count} times {change['old']!r}"
            text = text.replace(change["old"], change["new"])
        (root / path).write_text(text, encoding="utf-8")
