"""The benchmark: the Hugo reference site, the bare stack's configuration, the edits the
rebuilds time, the targets table, which LinkChecker runs it asks for, who a profiled function
belongs to, and one run of the builds, the rebuilds, the profile and the feeds and cards part
at a tiny size. No timing is asserted here (timings
go in BENCHMARKS.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data
from selectolax.lexbor import LexborHTMLParser

from winkelvloer.bench import bare, build_profile, cards, hugo, incremental, process, suite
from winkelvloer.bench import corpus as bench_corpus
from winkelvloer.bench import floor as bench_floor
from winkelvloer.bench.browser import Fetch, Visit
from winkelvloer.bench.targets import Target, unmeasured
from winkelvloer.plugin import plugin as site_plugin
from winkelvloer.render import html_policy

REPO = Path(__file__).resolve().parents[1]
ARTICLES = 3


@pytest.fixture(scope="module")
def config() -> dict:
    return bench_corpus.load_yaml(REPO / "mkdocs.yml")


@pytest.fixture(scope="module")
def languages(config: dict) -> list[hugo.HugoLanguage]:
    return hugo.languages_of(config)


@pytest.fixture(scope="module")
def hugo_site(tmp_path_factory: pytest.TempPathFactory, languages: list) -> tuple[Path, list]:
    """A generated corpus of three articles in every language, as a Hugo site."""
    work = tmp_path_factory.mktemp("bench")
    bench_corpus.write_corpus(REPO, work / "docs", ARTICLES)
    hugo.write_site(work / "docs", work / "hugo", languages, "Winkelvloer", "https://x.test/w/")
    slugs = sorted(
        p.name[:-3] for p in (work / "docs/artikelen").glob("*.md") if p.name.count(".") == 1
    )
    return work / "hugo", slugs


# The Hugo site ------------------------------------------------------------------------------


def test_languages_follow_mkdocs_yml_default_first(config: dict, languages: list) -> None:
    entries = bench_corpus.i18n_languages(config)
    default = next(e["locale"] for e in entries if e.get("default"))
    assert languages[0].locale == default and languages[0].suffix == ""
    assert {lang.locale for lang in languages} == {e["locale"] for e in entries}
    assert all(lang.suffix == f".{lang.locale}" for lang in languages[1:])


@pytest.mark.parametrize(
    ("docs_path", "content_path"),
    [
        ("index.md", "_index.md"),
        ("index.en.md", "_index.en.md"),
        ("tags.md", None),
        ("tags.fr.md", None),
        ("artikelen/tags.md", "artikelen/tags.md"),
        ("artikelen/slak-0001.de.md", "artikelen/slak-0001.de.md"),
        ("assets/favicon.svg", None),
    ],
)
def test_docs_files_map_to_hugo_content(docs_path: str, content_path: str | None) -> None:
    assert hugo.content_name(docs_path) == content_path


def test_config_puts_the_default_language_at_the_root(languages: list) -> None:
    settings = yaml.safe_load(hugo.config_text(languages, "Winkelvloer", "https://x.test/w/"))
    assert settings["defaultContentLanguage"] == languages[0].locale
    assert settings["defaultContentLanguageInSubdir"] is False
    assert list(settings["languages"]) == [lang.locale for lang in languages]
    assert settings["languages"][languages[1].locale]["languageName"] == languages[1].name


def test_site_holds_every_article_in_every_language(hugo_site: tuple, languages: list) -> None:
    root, slugs = hugo_site
    assert len(slugs) == ARTICLES
    articles = sorted(p.name for p in (root / "content/artikelen").iterdir())
    assert articles == sorted(f"{slug}{lang.suffix}.md" for slug in slugs for lang in languages)
    assert (root / "content/_index.md").is_file()
    assert (root / "layouts/_default/single.html").is_file()
    assert (root / "layouts/_default/list.html").is_file()


def test_expected_pages_are_one_per_article_and_language(languages: list) -> None:
    pages = hugo.expected_pages(["a", "b"], languages)
    assert len(pages) == 2 * len(languages)
    assert "artikelen/a/index.html" in pages
    assert f"{languages[1].locale}/artikelen/b/index.html" in pages


def test_missing_pages_names_what_is_not_there(tmp_path: Path, languages: list) -> None:
    (tmp_path / "artikelen/a").mkdir(parents=True)
    (tmp_path / "artikelen/a/index.html").write_text("<p>a</p>", encoding="utf-8")
    missing = hugo.missing_pages(tmp_path, ["a"], languages)
    assert missing == [f"{lang.locale}/artikelen/a/index.html" for lang in languages[1:]]


@pytest.mark.skipif(shutil.which(hugo.HUGO) is None, reason="Hugo is not installed (CI has none)")
def test_hugo_builds_one_page_per_article_and_language(hugo_site: tuple, languages: list) -> None:
    root, slugs = hugo_site
    done = subprocess.run(hugo.hugo_command(root), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert hugo.missing_pages(root / hugo.PUBLIC, slugs, languages) == []


# The targets table ----------------------------------------------------------------------------


def test_a_missed_limit_says_by_how_much() -> None:
    target = Target("build ≤ 15 s", "33.90 s", 33.9, 15.0)
    assert target.row() == [
        "build ≤ 15 s",
        "33.90 s",
        "**missed**",
        "18.90 s over (2.26x the limit)",
    ]


def test_a_met_limit_has_no_margin() -> None:
    assert Target("check ≤ 2 s", "1.50 s", 1.5, 2.0).row()[2:] == ["met", ""]
    assert Target("exactly", "2 s", 2.0, 2.0).passed is True


def test_a_minimum_is_missed_below_it() -> None:
    target = Target("≥ 10x", "4.0x", 4.0, 10.0, unit="x", at_least=True)
    assert target.passed is False
    assert target.margin == "6.00x short (0.40x the limit)"
    assert Target("≥ 10x", "12x", 12.0, 10.0, unit="x", at_least=True).passed is True


def test_a_second_condition_can_miss_a_target_within_its_limit() -> None:
    target = Target(
        "≤ 300 KB, no third party", "70 KB", 70.0, 300.0, " KB", also_missed="1 request"
    )
    assert target.verdict == "**missed**"
    assert target.margin == "1 request"


def test_memory_margins_are_whole_megabytes() -> None:
    assert Target("≤ Hugo", "141 MB", 141.4, 69.0, unit=" MB").margin.startswith("72 MB over")


def test_unmeasured_targets_are_neither_met_nor_missed() -> None:
    assert unmeasured("build ≤ 6x Hugo").row() == ["build ≤ 6x Hugo", "n/a", "n/a", ""]


# What runs ------------------------------------------------------------------------------------


def test_linkchecker_runs_at_the_smallest_size_by_default() -> None:
    assert suite.runs_linkchecker("smallest", 250, [250, 1000])
    assert not suite.runs_linkchecker("smallest", 1000, [250, 1000])
    assert suite.runs_linkchecker("all", 1000, [250, 1000])
    assert not suite.runs_linkchecker("none", 250, [250, 1000])


def test_the_sections_of_other_scripts_are_kept(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    kept = "\n## Preview\n\n| a | b |\n"
    report.write_text(f"# Benchmarks\n\nold\n{suite.KEPT_MARK}{kept}", encoding="utf-8")
    assert suite.kept_sections(report) == f"\n{suite.KEPT_MARK}{kept}"


def test_a_missing_hugo_is_said_plainly(tmp_path: Path) -> None:
    corpus = suite.Corpus(tmp_path, 2, 8, "artikelen/a/", "klanten", "/")
    result = suite.SizeResult(corpus)
    suite.build_notes(result, tmp_path / "bench.log", has_hugo=False)
    assert any(hugo.INSTALL_HUGO in note for note in result.notes)
    assert suite.hugo_target(result, "2 x 4").row()[1:] == ["n/a", "n/a", ""]


# The least this stack can do -------------------------------------------------------------------


def test_the_floor_divides_the_work_over_the_cores() -> None:
    floor = bench_floor.Floor(pages=8, markdown_it=3.0, python_markdown=10.0, pagefind=6.0)
    assert floor.check_seconds(2) == 1.5
    assert floor.build_seconds(2) == 8.0
    assert bench_floor.Floor(8, 3.0, 10.0, None).build_seconds(2) is None


def test_the_floor_is_measured_on_every_markdown_file(
    tmp_path: Path, hugo_site: tuple[Path, list]
) -> None:
    docs = hugo_site[0].parent / "docs"
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    shutil.copytree(docs, tmp_path / "docs")
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    html = "<!doctype html><html lang='nl'><body><main data-pagefind-body><p>winkel</p></main>"
    (site / "a" / "index.html").write_text(html + "</body></html>", encoding="utf-8")
    floor = bench_floor.measure_floor(tmp_path, site)
    assert floor.pages == len(list(docs.rglob("*.md"))) > ARTICLES * 4
    assert floor.markdown_it > 0 and floor.python_markdown > 0
    assert floor.pagefind is not None and floor.pagefind > 0
    assert bench_floor.measure_floor(tmp_path, tmp_path / "no-site").pagefind is None


def test_the_floor_section_sets_each_size_beside_our_build(tmp_path: Path) -> None:
    result = suite.SizeResult(suite.Corpus(tmp_path, 2, 8, "artikelen/a/", "klanten", "/"))
    assert suite.floor_section([result]) == []
    result.floor = bench_floor.Floor(pages=9, markdown_it=3.0, python_markdown=10.0, pagefind=None)
    row = suite.floor_row(result)
    assert row[:5] == ["2 x 4", "9", "3.00 s CPU", "10.00 s CPU", "n/a"]
    assert row[6] == "n/a"
    assert "| 2 x 4 | 9 |" in "\n".join(suite.floor_section([result]))


# Search ----------------------------------------------------------------------------------------


def test_search_can_be_measured_alone() -> None:
    assert suite.parse_args(["--only", "search"]).only == "search"


def test_the_search_section_splits_pagefind_from_the_excerpts(tmp_path: Path) -> None:
    """The files a query fetched are split into what comes before the first excerpt and the
    excerpts themselves."""
    result = suite.SizeResult(suite.Corpus(tmp_path, 2, 8, "artikelen/a/", "klanten", "/"))
    base = "http://127.0.0.1:1/pagefind/"
    result.full_visit = Visit(
        fetches=[
            Fetch(base + "pagefind.js", "script", 3 * 1024, 9 * 1024, "search"),
            Fetch(base + "index/nl_1.pf_index", "fetch", 5 * 1024, 5 * 1024, "search"),
            Fetch(base + "fragment/nl_a.pf_fragment", "fetch", 2 * 1024, 2 * 1024, "search"),
            Fetch("http://127.0.0.1:1/index.html", "document", 40 * 1024, 90 * 1024, "load"),
        ],
        search_method="ui",
        search_results=1,
    )
    text = "\n".join(suite.search_section([result]))
    assert "| 2 x 4 | 10.0 KB | 16.0 KB | 3 | typed in the search box | 1 |" in text
    assert "the index chunks the query needs): 8.0 KB" in text
    assert "the excerpts of the results shown (1, one fragment each): 2.0 KB" in text
    target = suite.search_target(result, "2 x 4")
    assert target.value == 10.0 and target.passed


# Measuring a process tree ----------------------------------------------------------------------

# A grandchild that uses 0.3 s of CPU and writes down what it used; its parent waits for it.
GRANDCHILD = """import resource, sys
spins = 0
while resource.getrusage(resource.RUSAGE_SELF).ru_utime < 0.3:
    spins += 1
used = resource.getrusage(resource.RUSAGE_SELF)
open(sys.argv[1], "w").write(str(used.ru_utime + used.ru_stime))
"""
CHILD = "import subprocess, sys; subprocess.run([sys.executable, '-c', *sys.argv[1:]], check=True)"


def test_the_cpu_of_a_waited_for_grandchild_is_counted(tmp_path: Path) -> None:
    used = tmp_path / "used"
    command = [sys.executable, "-c", CHILD, GRANDCHILD, str(used)]
    run = process.measure(command, tmp_path, tmp_path / "log")
    assert run.returncode == 0
    assert run.cpu_seconds >= float(used.read_text()) > 0


# The bare stack --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bare_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bare")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    return root / bare.write_config(root)


def test_the_bare_stack_has_none_of_our_plugin_theme_or_assets(bare_config: Path) -> None:
    loaded = load_config(config_file=str(bare_config))  # as MkDocs reads it, tags and all
    assert "winkelvloer" not in loaded.plugins
    assert not any(name.endswith("search") for name in loaded.plugins)
    assert loaded.theme.custom_dir == str(bare_config.parent / bare.THEME_DIR)
    assert not loaded.extra_css and not loaded.extra_javascript
    assert "hooks" not in bare_config.read_text(encoding="utf-8")
    assert (bare_config.parent / bare.THEME_DIR / "home.html").is_file()


def test_the_bare_stack_keeps_the_sites_content_settings(bare_config: Path, config: dict) -> None:
    loaded = load_config(config_file=str(bare_config))
    site_extensions = [
        e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]
    ]
    assert set(site_extensions) <= set(loaded.markdown_extensions)
    assert callable(loaded.mdx_configs["toc"]["slugify"])  # the !!python/object/apply tag
    assert bench_corpus.load_yaml(bare_config)["not_in_nav"] == config["not_in_nav"]
    assert {"material/tags", "i18n"} <= set(loaded.plugins)
    languages = loaded.plugins["i18n"].config.languages
    assert [lang.locale for lang in languages] == [
        entry["locale"] for entry in bench_corpus.i18n_languages(config)
    ]


def test_the_bare_stack_is_one_command_for_mkdocs_and_pagefind() -> None:
    command = bare.command()
    assert command[:2] == ["sh", "-c"]
    assert "mkdocs build" in command[2] and "pagefind" in command[2]
    assert f"-d {bare.SITE}" in command[2] and f"--site {bare.SITE}" in command[2]


# The edits the rebuilds time --------------------------------------------------------------------

ARTICLE = """---
title: "Een titel"
description: "Over iets."
---

# Een titel

Eerste alinea,
over twee regels.

## 1. Deel

Tweede alinea.
"""


def paragraphs(text: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(get_data(text)[0])
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "paragraph_open"]


def h1(text: str) -> str:
    tokens = MarkdownIt("commonmark").parse(get_data(text)[0])
    return next(tokens[i + 1].content for i, t in enumerate(tokens) if t.tag == "h1")


def test_a_paragraph_edit_adds_a_word_to_the_first_paragraph_only() -> None:
    changed = incremental.with_paragraph_changed(ARTICLE, "(1)")
    assert paragraphs(changed) == ["Eerste alinea,\nover twee regels. (1)", "Tweede alinea."]
    assert get_data(changed)[1] == get_data(ARTICLE)[1]
    assert h1(changed) == "Een titel"


def test_a_title_edit_changes_the_front_matter_and_the_h1_alike() -> None:
    changed = incremental.with_title_changed(ARTICLE, "(2)")
    assert get_data(changed)[1] == {"title": "Een titel (2)", "description": "Over iets."}
    assert h1(changed) == "Een titel (2)"
    assert paragraphs(changed) == paragraphs(ARTICLE)


def test_an_interface_string_edit_changes_one_value_of_mkdocs_yml(
    tmp_path: Path, config: dict
) -> None:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    entries = bench_corpus.i18n_languages(config)
    locale = entries[1]["locale"]
    changed = incremental.with_interface_string_changed(text, locale, "search_placeholder", "(3)")
    (tmp_path / "mkdocs.yml").write_text(changed, encoding="utf-8")
    changed_entries = bench_corpus.i18n_languages(bench_corpus.load_yaml(tmp_path / "mkdocs.yml"))
    strings = changed_entries[1]["extra"]["strings"]
    assert (
        strings["search_placeholder"]
        == entries[1]["extra"]["strings"]["search_placeholder"] + " (3)"
    )
    strings["search_placeholder"] = entries[1]["extra"]["strings"]["search_placeholder"]
    assert changed_entries == entries
    old_lines, new_lines = text.splitlines(), changed.splitlines()
    assert len(old_lines) == len(new_lines)
    assert sum(a != b for a, b in zip(old_lines, new_lines, strict=True)) == 1


def test_incremental_can_be_measured_alone() -> None:
    assert suite.parse_args(["--only", "incremental"]).only == "incremental"


# One run at a tiny size ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> suite.SizeResult:
    """The builds (ours cold and warm, the bare stack, Hugo) and the rebuilds, once each, at
    two articles a language."""
    result = suite.SizeResult(suite.prepare(tmp_path_factory.mktemp("tiny"), 2))
    suite.measure_builds(result, 1, result.corpus.root / "bench.log")
    suite.measure_incremental(result, 1)
    return result


def table_body(lines: list[str]) -> list[list[str]]:
    """The cells of each row of the one Markdown table in lines, without its header."""
    rows = [line.strip("|").split("|") for line in lines if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows[1:]]


def test_the_build_table_has_ours_cold_and_warm_beside_the_bare_stack(
    tiny_run: suite.SizeResult,
) -> None:
    rows = {row[1]: row[2:] for row in table_body(suite.build_section([tiny_run]))}
    assert list(rows) == ["ours, cold cache", "ours, warm cache", "bare stack + Pagefind", "Hugo"]
    for name in ("ours, cold cache", "ours, warm cache", "bare stack + Pagefind"):
        wall, cpu, cpu_of_bare, _ = rows[name]
        assert "n/a" not in (wall, cpu, cpu_of_bare), name
    assert rows["bare stack + Pagefind"][2] == "1.00x"
    assert not [note for note in tiny_run.notes if "failed" in note]
    assert (tiny_run.corpus.root / bare.SITE / "pagefind" / "pagefind.js").is_file()


def test_the_targets_hold_our_cpu_against_the_bare_stacks(tiny_run: suite.SizeResult) -> None:
    found = {t.label.split(" (")[0]: t for t in suite.targets([tiny_run])}
    warm = found["build CPU ≤ 1.25x the bare stack's, warm cache"]
    cold = found["build CPU ≤ 1.6x the bare stack's, cold cache"]
    assert warm.value is not None and cold.value is not None
    assert "rebuild, nothing changed < 1 s" in found


def test_the_rebuild_table_has_a_row_for_every_edit(tiny_run: suite.SizeResult) -> None:
    rows = {row[0]: row[1:] for row in table_body(suite.incremental_section([tiny_run]))}
    for edit in (incremental.UNCHANGED, incremental.PARAGRAPH, incremental.TRANSLATION,
                 incremental.TITLE, incremental.CONFIG):  # fmt: skip
        wall, cpu, _, _ = rows[f"rebuild, {edit}"]
        assert "n/a" not in (wall, cpu), edit
    assert "n/a" not in rows["clean build, empty cache"][:2]
    assert "Hugo, full build" in rows


def test_the_rebuilt_site_shows_every_edit(tiny_run: suite.SizeResult) -> None:
    corpus = tiny_run.corpus
    site = corpus.root.parent / f"{corpus.root.name}-incremental" / incremental.SITE
    other = corpus.hugo_languages[1].locale
    source = LexborHTMLParser((site / "artikelen" / corpus.slugs[0] / "index.html").read_text())
    translation = LexborHTMLParser(
        (site / other / "artikelen" / corpus.slugs[0] / "index.html").read_text()
    )
    assert "(1)" in source.css_first("h1").text()
    assert any(p.text().endswith("(1)") for p in source.css("article p"))
    assert any(p.text().endswith("(1)") for p in translation.css("article p"))
    placeholders = [node.attributes.get("placeholder") or "" for node in translation.css("input")]
    assert any(text.endswith("(1)") for text in placeholders)


# Where the build's time goes ---------------------------------------------------------------------

SITE_PACKAGES = "/venv/lib/python3.11/site-packages"


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        (html_policy.__file__, "ours render.html_policy"),
        (site_plugin.__file__, "ours plugin.plugin"),
        (str(Path(site_plugin.__file__).with_name("__init__.py")), "ours plugin"),
        (f"{SITE_PACKAGES}/markdown/core.py", "package markdown"),
        (f"{SITE_PACKAGES}/jinja2/runtime.py", "package jinja2"),
        (f"{SITE_PACKAGES}/mkdocs/structure/files.py", "package mkdocs"),
        (f"{SITE_PACKAGES}/mkdocs_static_i18n/plugin.py", "package mkdocs_static_i18n"),
        (f"{SITE_PACKAGES}/material/templates/base.html", "package material"),
        ("/tmp/corpus-2/overrides/partials/seo.html", "template seo.html"),
        ("/usr/lib/python3.11/pathlib.py", "stdlib pathlib"),
        ("/usr/lib/python3.11/json/__init__.py", "stdlib json"),
    ],
)
def test_a_profiled_function_is_owned_by_its_module_or_package(
    filename: str, expected: str
) -> None:
    assert build_profile.owner(filename, "some_function") == expected


def test_a_failed_build_is_not_profiled(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Zonder plugin\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    assert build_profile.profile_build(tmp_path) == {}
    assert "winkelvloer" in (tmp_path / "profile.log").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tiny_profile(tiny_run: suite.SizeResult) -> dict[str, build_profile.Profile]:
    return build_profile.profile_build(tiny_run.corpus.root)


def test_the_build_is_profiled_cold_then_warm(
    tiny_profile: dict[str, build_profile.Profile],
) -> None:
    assert list(tiny_profile) == ["cold cache", "warm cache"]
    cold = tiny_profile["cold cache"]
    for package in ("markdown", "jinja2", "mkdocs", "material", "mkdocs_static_i18n"):
        assert cold.owners.get(f"package {package}", 0) > 0, package
    assert cold.owners.get("ours render.html_policy", 0) > 0
    # Every page of the cold build goes through each step, with what the step calls.
    for step, seconds in cold.steps.items():
        assert seconds > 0, step
    assert sum(cold.steps.values()) < cold.total


def test_the_profile_section_has_both_builds_and_every_safety_step(
    tiny_profile: dict[str, build_profile.Profile],
) -> None:
    lines = build_profile.section(tiny_profile, 2)
    tables = "\n".join(lines).split("\n\n")
    owners, steps = (table_body(t.splitlines()) for t in tables if t.startswith("| "))
    assert len(owners) == 15 and all(len(row) == 3 for row in owners)
    assert [row[0] for row in steps] == [*build_profile.STEPS, "all three", "the whole build"]
    assert all(cell.endswith(("s", "%)")) for row in steps for cell in row[1:])


# Feeds and social cards -------------------------------------------------------------------------


def loaded_plugin_settings(root: Path, text: str) -> dict[str, bool]:
    """Whether each feature of the plugin is on, as MkDocs reads mkdocs.yml written as `text`."""
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    if not (root / "overrides").exists():
        shutil.copytree(REPO / "overrides", root / "overrides")
    settings = load_config(config_file=str(root / "mkdocs.yml")).plugins["winkelvloer"].config
    return {name: settings[name].enabled for name in settings}


def test_the_build_without_sharing_has_only_feeds_and_cards_off(tmp_path: Path) -> None:
    site_config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    before = loaded_plugin_settings(tmp_path, site_config)
    after = loaded_plugin_settings(tmp_path, cards.features_off(site_config, cards.FEATURES))
    assert before["feeds"] and before["social_cards"]
    assert not after["feeds"] and not after["social_cards"]
    assert {k: v for k, v in after.items() if k not in ("feeds", "social_cards")} == {
        k: v for k, v in before.items() if k not in ("feeds", "social_cards")
    }


def test_switching_features_off_keeps_their_other_settings(tmp_path: Path) -> None:
    site_config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    with_settings = site_config.replace(
        "  - winkelvloer\n", "  - winkelvloer:\n      feeds:\n        file: atom.xml\n"
    )
    assert with_settings != site_config
    changed = cards.features_off(with_settings, ("feeds",))
    assert loaded_plugin_settings(tmp_path, changed)["feeds"] is False
    settings = load_config(config_file=str(tmp_path / "mkdocs.yml")).plugins["winkelvloer"].config
    assert settings.feeds.file == "atom.xml"


@pytest.fixture(scope="module")
def tiny_cards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """`--only cards` once at two articles a language: the report it wrote, and its corpus."""
    work = tmp_path_factory.mktemp("cards")
    out = work / "BENCHMARKS.md"
    argv = ["--only", "cards", "--sizes", "2", "--repeat", "1", "--out", str(out)]
    assert suite.main([*argv, "--keep", str(work / "keep")]) == 0
    return out, work / "keep" / "corpus-2"


def test_the_cards_section_has_every_build_measured(tiny_cards: tuple[Path, Path]) -> None:
    out, _ = tiny_cards
    report = out.read_text(encoding="utf-8")
    assert report.count(cards.HEADING) == 1
    section = report[report.index(cards.HEADING) :].splitlines()
    rows = {row[0]: row[1:] for row in table_body(section)}
    assert list(rows) == [
        "without, cold cache",
        "without, warm cache",
        "with, cold cache",
        "with, warm cache",
    ]
    for name, cells in rows.items():
        assert "n/a" not in cells, name
    assert "failed" not in report


def test_only_the_build_with_sharing_has_feeds_and_cards(
    tiny_cards: tuple[Path, Path], languages: list
) -> None:
    _, corpus = tiny_cards
    with_sharing, without = corpus / cards.WITH_SITE, corpus / cards.WITHOUT_SITE
    assert len(list(with_sharing.rglob("feed.xml"))) == len(languages)
    assert list((with_sharing / "assets" / "cards").rglob("*.png"))
    assert (without / "index.html").is_file()
    assert not list(without.rglob("feed.xml"))
    assert not (without / "assets" / "cards").exists()
