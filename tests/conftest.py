"""Shared fixtures: real builds of the site, into temporary directories."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser, LexborNode

from winkelvloer.core import publishing
from winkelvloer.core.config import SiteConfig, load_site_config
from winkelvloer.plugin.driver import BuildReport
from winkelvloer.plugin.driver import build_site as drive_build
from winkelvloer.plugin.request import BuildRequest

# Debian's Chromium, driven by Playwright in the browser tests, and the local server they read
# the built site from: shared with CI's checks of the changed pages (winkelvloer.cli.page_checks).
from winkelvloer.site.browser_checks import (  # noqa: F401
    CHROMIUM,
    CHROMIUM_FLAGS,
    QuietHandler,
    free_port,
    serving,
)

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


def build_report(
    site_dir: Path,
    docs_dir: Path | None = None,
    site_url: str | None = None,
    *,
    config_file: Path = CONFIG,
    **options: Any,
) -> BuildReport:
    """Build the site the way `make build` does (strict), into site_dir, in this process."""
    request = BuildRequest(
        config_file=str(config_file),
        site_dir=str(site_dir),
        docs_dir=str(docs_dir) if docs_dir is not None else None,
        site_url=site_url,
        strict=options.pop("strict", True),
        jobs=options.pop("jobs", 1),
        **options,
    )
    return drive_build(request)


def build_site(
    site_dir: Path, docs_dir: Path | None = None, site_url: str | None = None, **options: Any
) -> Path:
    """Build the site the way `make build` does (strict), into site_dir; it must succeed."""
    report = build_report(site_dir, docs_dir, site_url, **options)
    assert report.ok, report.errors
    return site_dir


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root, by its path relative to root, with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def config_tree(config_file: Path = CONFIG) -> yaml.MappingNode:
    """mkdocs.yml as YAML nodes, for a test to change and write back (`project_with`).
    Composed, not loaded, so that its tags (!ENV, the slugify function) stay as they are."""
    root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert isinstance(root, yaml.MappingNode)
    return root


def config_child(node: yaml.Node, key: str) -> yaml.Node:
    """The value of `key` in a mapping node."""
    assert isinstance(node, yaml.MappingNode), f"no mapping to look up {key} in"
    return next(value for name, value in node.value if name.value == key)


def plugin_entries(root: yaml.Node) -> yaml.SequenceNode:
    """The entries under `plugins:`, each `- name` or `- name: {settings}`."""
    entries = config_child(root, "plugins")
    assert isinstance(entries, yaml.SequenceNode)
    return entries


def plugin_name(entry: yaml.Node) -> str:
    if isinstance(entry, yaml.MappingNode):
        return str(entry.value[0][0].value)
    assert isinstance(entry, yaml.ScalarNode)
    return str(entry.value)


def project_with(root: Path, config: yaml.Node | None = None, docs: Path = REPO / "docs") -> Path:
    """A copy of the site in `root` (a new folder): `docs` as its docs/, overrides/, and
    `config` as its mkdocs.yml (None: the real one, as it is written)."""
    root.mkdir(parents=True)
    if config is None:
        shutil.copyfile(CONFIG, root / "mkdocs.yml")
    else:
        text = yaml.serialize(config, Dumper=yaml.SafeDumper, allow_unicode=True)
        (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    shutil.copytree(docs, root / "docs")
    shutil.copytree(REPO / "overrides", root / "overrides")
    return root


def run_build(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`make build` of the project in `root`, in a process of its own (strict, one job)."""
    command = [sys.executable, "-m", "winkelvloer.cli.build", "--strict", "--jobs", "1", "-q"]
    return subprocess.run(
        [*command, *arguments], cwd=root, capture_output=True, text=True, timeout=600, check=False
    )


def one_line_failure(root: Path) -> str:
    """The one line of a build of the project in `root` that cannot start (exit 2); it writes
    no site."""
    result = run_build(root)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert not (root / "site").exists()
    return lines[0]


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
    def _build(docs_dir: Path, **kwargs: Any) -> Path:
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


@pytest.fixture(scope="session")
def variant_site(variant_docs: Path, site_builder: Callable[..., Path]) -> Path:
    """The variant content, built once per test session."""
    return site_builder(variant_docs)


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
