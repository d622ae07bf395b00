"""A rebuild makes only what changed, and the site it makes is the site a clean build makes.

Random sequences of an editor's edits are applied to a copy of the site; after each, the
build that reuses the earlier builds' pages and search indexes is compared byte for byte
with a build that reuses nothing. INCREMENTAL_SEED picks another sequence.
"""

from __future__ import annotations

import datetime
import logging
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from mkdocs.structure.pages import Page

from conftest import CONFIG, REPO, SITE, TRANSLATED_LANGUAGES, build_report, tree
from winkelvloer.plugin import session as build_session

SEED = int(os.environ.get("INCREMENTAL_SEED", "20261207"))
ARTICLES = "artikelen"
# Dutch only: nothing links to it, so a step may delete it.
SPARE = "spare-artikel"


# The site's copy and its builds ------------------------------------------------------------


class Project:
    """A copy of the site, its kept build and its cache."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(REPO / "docs", root / "docs")
        shutil.copytree(REPO / "overrides", root / "overrides")
        shutil.copy2(CONFIG, root / "mkdocs.yml")
        self.docs = root / "docs"
        self.articles = self.docs / ARTICLES
        self.builds = 0

    def build(self, **options: Any) -> Path:
        """The incremental build, into the same folder each time, with the same cache."""
        site = self.root / "site"
        report = build_report(site, config_file=self.root / "mkdocs.yml", **options)
        assert report.ok, report.errors
        self.last_unchanged = report.unchanged
        return site

    def clean_build(self) -> Path:
        self.builds += 1
        site = self.root / f"clean-{self.builds}"
        report = build_report(site, config_file=self.root / "mkdocs.yml", use_cache=False)
        assert report.ok, report.errors
        return site


def differences(first: Path, second: Path) -> list[str]:
    one, other = tree(first), tree(second)
    return sorted(p for p in one.keys() | other.keys() if one.get(p) != other.get(p))


# Editing as an editor does ----------------------------------------------------------------


def split_front_matter(path: Path) -> tuple[dict[str, object], str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def write_front_matter(path: Path, data: dict[str, object], body: str) -> None:
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def edit_front_matter(path: Path, **changes: object) -> None:
    data, body = split_front_matter(path)
    data.update(changes)
    write_front_matter(path, data, body)


def dutch_articles(project: Project) -> list[Path]:
    return sorted(p for p in project.articles.glob("*.md") if p.stem.count(".") == 0)


def first_paragraph_line(text: str) -> int:
    """0-based line of the body's first paragraph that is plain text."""
    tokens = MarkdownIt("commonmark").parse(text)
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.map and token.level == 0:
            content = tokens[index + 1].content
            if not content.startswith(("Lees ook", "<")):
                return token.map[0]
    raise AssertionError("no paragraph")


def change_paragraph(project: Project, rng: random.Random) -> str:
    page = rng.choice(dutch_articles(project))
    front, body = split_front_matter(page)
    lines = body.split("\n")
    line = first_paragraph_line(body)
    lines[line] += f" Dat merk je op dag {rng.randint(2, 9)}."
    write_front_matter(page, front, "\n".join(lines))
    return f"paragraph of {page.name}"


def change_title(project: Project, rng: random.Random) -> str:
    page = rng.choice(dutch_articles(project))
    data, body = split_front_matter(page)
    title = f"{data['title']} vandaag"
    data["title"] = title
    heading = next(line for line in body.split("\n") if line.startswith("# "))
    write_front_matter(page, data, body.replace(heading, f"# {title}", 1))
    return f"title of {page.name}"


def change_tags(project: Project, rng: random.Random) -> str:
    """One tag less on an article and on each of its translations."""
    pages = [p for p in dutch_articles(project) if len(tags_of(p)) > 1]
    page = rng.choice(pages)
    dropped = tags_of(page)[-1]
    key = next(k for k, name in SITE.default.tags if name == dropped)
    for path in versions(project, page):
        lang = SITE.by_locale[path.stem.rpartition(".")[2]] if "." in path.stem else SITE.default
        name = dict(lang.tags)[key]
        edit_front_matter(path, tags=[t for t in tags_of(path) if t != name])
    return f"tags of {page.name}"


def versions(project: Project, page: Path) -> list[Path]:
    """A Dutch article and its translations, a held-back one too (a later step adds it)."""
    held = project.root / "held-back"
    return [page, *project.articles.glob(f"{page.stem}.*.md"), *held.glob(f"{page.stem}.*.md")]


def tags_of(path: Path) -> list[str]:
    tags = split_front_matter(path)[0].get("tags") or []
    assert isinstance(tags, list)
    return [str(t) for t in tags]


def change_date(project: Project, rng: random.Random) -> str:
    """An article and its translations dated earlier (they share their date)."""
    page = rng.choice(dutch_articles(project))
    day = split_front_matter(page)[0]["date"]
    assert isinstance(day, datetime.date)
    earlier = day - datetime.timedelta(days=rng.randint(1, 30))
    for path in versions(project, page):
        edit_front_matter(path, date=earlier)
    return f"date of {page.name}"


def add_article(project: Project, rng: random.Random, slug: str | None = None) -> str:
    source = rng.choice(dutch_articles(project))
    data, body = split_front_matter(source)
    slug = slug or f"nieuw-artikel-{rng.randint(100, 999)}"
    title = f"Een nieuw artikel over {slug.rsplit('-', 1)[-1]} dingen"
    heading = next(line for line in body.split("\n") if line.startswith("# "))
    data["title"] = title
    data["description"] = (
        f"Wat je morgen in de winkel anders doet, in {len(slug)} korte stappen, "
        "met een voorbeeld uit de praktijk bij elke stap."
    )
    write_front_matter(project.articles / f"{slug}.md", data, body.replace(heading, f"# {title}"))
    return f"new article {slug}"


def delete_article(project: Project, rng: random.Random) -> str:
    unlinked = [p for p in dutch_articles(project) if p.stem == SPARE or "nieuw-" in p.stem]
    page = rng.choice(unlinked) if unlinked else None
    if page is None:
        return add_article(project, rng)
    for translation in project.articles.glob(f"{page.stem}.*.md"):
        translation.unlink()
    page.unlink()
    return f"deleted {page.name}"


def add_translation(project: Project, rng: random.Random) -> str:
    missing = sorted(project.root.glob("held-back/*.md"))
    if not missing:
        return change_paragraph(project, rng)
    held = rng.choice(missing)
    held.replace(project.articles / held.name)
    return f"new translation {held.name}"


def change_config_string(project: Project, rng: random.Random) -> str:
    """An interface string of one language, edited through the YAML node tree (mkdocs.yml
    has Python tags a plain load and dump would lose)."""
    path = project.root / "mkdocs.yml"
    root = yaml.compose(path.read_text(encoding="utf-8"))
    assert root is not None
    languages = find(find(find_plugin(root, "i18n"), "languages"))
    entry = rng.choice(languages.value)
    strings = find(find(entry, "extra"), "strings")
    value = find(strings, "articles")
    value.value = f"{value.value} ({rng.randint(2, 99)})"
    path.write_text(yaml.serialize(root, allow_unicode=True), encoding="utf-8")
    return f"interface string of {find(entry, 'locale').value}"


def find(node: yaml.Node, key: str | None = None) -> yaml.Node:
    if key is None:
        return node
    assert isinstance(node, yaml.MappingNode)
    return next(value for name, value in node.value if name.value == key)


def find_plugin(root: yaml.Node, name: str) -> yaml.Node:
    plugins = find(root, "plugins")
    for item in plugins.value:
        if isinstance(item, yaml.MappingNode) and item.value[0][0].value == name:
            return item.value[0][1]
    raise AssertionError(f"no plugin {name}")


EDITS: dict[str, Callable[[Project, random.Random], str]] = {
    "paragraph": change_paragraph,
    "title": change_title,
    "tags": change_tags,
    "date": change_date,
    "new article": add_article,
    "deleted article": delete_article,
    "new translation": add_translation,
    "config string": change_config_string,
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path / "cache"))
    made = Project(tmp_path / "project")
    add_article(made, random.Random(SEED), SPARE)
    held = made.root / "held-back"
    held.mkdir()
    translation = next(made.articles.glob(f"*.{DEFAULT_LANGUAGE_OTHER()}.md"))
    translation.replace(held / translation.name)
    return made


def DEFAULT_LANGUAGE_OTHER() -> str:
    from conftest import TRANSLATED_LANGUAGES

    return TRANSLATED_LANGUAGES[0]


# The tests ---------------------------------------------------------------------------------


def test_every_edit_rebuilds_as_a_clean_build_would(project: Project) -> None:
    rng = random.Random(SEED)
    site = project.build()
    assert differences(site, project.clean_build()) == []
    project.build()
    assert project.last_unchanged, "a build with nothing changed made the site again"
    for kind in rng.sample(sorted(EDITS), len(EDITS)):
        done = EDITS[kind](project, rng)
        site = project.build()
        assert not project.last_unchanged, f"after the {done}, the build said nothing changed"
        assert differences(site, project.clean_build()) == [], f"after the {done}"


def test_a_key_without_a_dependency_gives_a_stale_page(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison above catches a page cache that misses one of a page's inputs."""
    monkeypatch.setattr(build_session.BuildSession, "structure_digest", lambda self: "")
    project.build()
    change_title(project, random.Random(SEED))
    stale = differences(project.build(), project.clean_build())
    assert any(path.endswith(".html") for path in stale), stale


def test_a_site_changed_by_hand_is_built_again(project: Project) -> None:
    site = project.build()
    page = site / "index.html"
    page.write_text("changed", encoding="utf-8")
    project.build()
    assert not project.last_unchanged
    assert page.read_text(encoding="utf-8") != "changed"


def test_warnings_of_a_kept_page_fail_the_strict_build_again(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What MkDocs warned of while rendering a page is said again when the page is kept, so
    --strict fails as it would have on a fresh page."""
    render = Page.render
    warning = "the home page warns"

    def render_with_a_warning(page: Page, config: Any, files: Any) -> None:
        render(page, config, files)
        if page.file.src_uri == "index.md":
            logging.getLogger("mkdocs.structure.pages").warning(warning)

    config = project.root / "mkdocs.yml"
    with monkeypatch.context() as patched:
        patched.setattr(Page, "render", render_with_a_warning)
        lenient = build_report(project.root / "site", config_file=config, strict=False)
    assert lenient.ok and any(warning in m for _, m in lenient.messages)
    # From here on, only the kept page can warn.
    strict = build_report(project.root / "other", config_file=config)
    assert not strict.ok, "the kept page's warning did not fail the strict build"
    assert not any(found.is_error for found in strict.findings)
    fresh = build_report(project.root / "fresh", config_file=config, use_cache=False)
    assert fresh.ok, "without the kept page, nothing warns"


def test_damaged_cache_entries_are_made_again(project: Project) -> None:
    site = project.build()
    cache = Path(os.environ["SITE_CACHE_DIR"])
    entries = sorted((cache / "pages").glob("*.json"))
    assert entries
    for entry in entries[::2]:
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2])
    (site / "index.html").unlink()  # the site differs from its record: build again
    assert differences(project.build(), project.clean_build()) == []


def test_only_the_changed_language_is_indexed_again(project: Project) -> None:
    """A Dutch paragraph changes the Dutch index only: the translations' notices change,
    but not what Pagefind reads of them."""
    project.build()
    change_paragraph(project, random.Random(SEED))
    site = project.root / "site"
    report = build_report(site, config_file=project.root / "mkdocs.yml")
    assert report.ok, report.errors
    assert sorted(report.search_reused) == sorted(TRANSLATED_LANGUAGES)
    assert differences(site, project.clean_build()) == []
