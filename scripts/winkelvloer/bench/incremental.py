"""Rebuilds after one small edit, beside Hugo's full build of the same corpus. Part of
`make bench` (at the largest size); alone, it prints its section and leaves BENCHMARKS.md be:

    python -m winkelvloer.bench --only incremental [--sizes 1000] [--repeat 1]

On a copy of the corpus (docs/, mkdocs.yml, overrides/), after one clean build (no site
folder, an empty build cache), the project's build command runs again, with the same site
folder and SITE_CACHE_DIR, after each of these edits in turn, `--repeat` times:

- nothing changed;
- one paragraph of a Dutch article ("(1)" added to its intro, "(2)" the next time);
- the same paragraph of the article's translation into the second language;
- the title of a Dutch article (front matter and H1 alike, as the check requires; the other
  articles' read-also links keep the old title, which the check reports as it would to an
  editor);
- one interface string of the second language in mkdocs.yml.

Whatever the build does with an edit is what is measured: wall time and the CPU time of its
process tree. Hugo builds the same Markdown from scratch once per repetition, as the yardstick.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from mkdocs.utils.meta import get_data

from winkelvloer.bench import hugo
from winkelvloer.bench.corpus import ARTICLES, load_yaml
from winkelvloer.bench.process import Series, log, measure
from winkelvloer.bench.report import cpu, ratio, seconds, table
from winkelvloer.bench.targets import Target, cpu_share_target, time_target, wall_share_target
from winkelvloer.bench.yaml_nodes import scalar, value_of

BUILD_MODULE = "winkelvloer.cli.build"
SITE = "site"
COPIED = ("docs", "mkdocs.yml", "overrides")
INTERFACE_STRING = "search_placeholder"  # on every page of its language
UNCHANGED = "nothing changed"
PARAGRAPH = "one Dutch paragraph"
TRANSLATION = "one translated paragraph"
TITLE = "one Dutch title"
CONFIG = "an interface string in mkdocs.yml"

# Targets
UNCHANGED_SECONDS = 1.0
PARAGRAPH_WALL_TIMES_HUGO = 2.0
PARAGRAPH_CPU_TIMES_HUGO = 3.0


@dataclass(frozen=True)
class Edit:
    """One kind of edit: `change(text, word)` of the file at `path` (None: no edit)."""

    name: str
    path: Path | None = None
    change: Callable[[str, str], str] | None = None

    def apply(self, number: int) -> None:
        if self.path is not None and self.change is not None:
            text = self.path.read_text(encoding="utf-8")
            self.path.write_text(self.change(text, f"({number})"), encoding="utf-8")


@dataclass
class IncrementalResult:
    size: int
    clean: Series = field(default_factory=Series)
    rebuilds: dict[str, Series] = field(default_factory=dict)  # by edit, in edits()' order
    hugo: Series = field(default_factory=Series)
    notes: list[str] = field(default_factory=list)


# --- The edits, as an editor makes them ----------------------------------------------------------


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter with its fences, body): MkDocs' own reading of a page."""
    body, _ = get_data(text)
    if not text.endswith(body):
        raise ValueError("the page's body does not follow its front matter")
    return text[: len(text) - len(body)], body


def with_paragraph_changed(text: str, word: str) -> str:
    """`word` added at the end of the page's first paragraph."""
    front, body = split_front_matter(text)
    lines = body.split("\n")
    paragraph = next(t for t in MarkdownIt("commonmark").parse(body) if t.type == "paragraph_open")
    assert paragraph.map is not None
    last = paragraph.map[1] - 1
    lines[last] = f"{lines[last]} {word}"
    return front + "\n".join(lines)


def with_title_changed(text: str, word: str) -> str:
    """`word` added to the front matter's title and to the H1, which must equal it."""
    front, body = split_front_matter(text)
    document = next(yaml.compose_all(front, Loader=yaml.SafeLoader))
    node = value_of(document, "title")
    if not isinstance(node, yaml.ScalarNode):
        raise ValueError("the page has no title in its front matter")
    title = f"{node.value} {word}"
    start, end = node.start_mark.index, node.end_mark.index
    front = front[:start] + json.dumps(title, ensure_ascii=False) + front[end:]
    lines = body.split("\n")
    tokens = MarkdownIt("commonmark").parse(body)
    heading = next(t for t in tokens if t.type == "heading_open" and t.tag == "h1")
    assert heading.map is not None
    lines[heading.map[0] : heading.map[1]] = [f"# {title}"]
    return front + "\n".join(lines)


def with_interface_string_changed(config: str, locale: str, key: str, word: str) -> str:
    """`word` added to plugins.i18n.languages[locale].extra.strings[key] of mkdocs.yml."""
    node = interface_string(yaml.compose(config, Loader=yaml.SafeLoader), locale, key)
    if not isinstance(node, yaml.ScalarNode):
        raise ValueError(f"mkdocs.yml has no interface string {key!r} for {locale!r}")
    changed = json.dumps(f"{node.value} {word}", ensure_ascii=False)
    return config[: node.start_mark.index] + changed + config[node.end_mark.index :]


def interface_string(root: yaml.Node | None, locale: str, key: str) -> yaml.Node | None:
    plugins = value_of(root, "plugins")
    items = plugins.value if isinstance(plugins, yaml.SequenceNode) else []
    i18n = next((found for item in items if (found := value_of(item, "i18n"))), None)
    languages = value_of(i18n, "languages")
    entries = languages.value if isinstance(languages, yaml.SequenceNode) else []
    entry = next((e for e in entries if scalar(value_of(e, "locale")) == locale), None)
    return value_of(value_of(value_of(entry, "extra"), "strings"), key)


def edits(root: Path) -> list[Edit]:
    """The edits, on the first Dutch article of the corpus copy at root and its translation
    into the second language of mkdocs.yml."""
    other = hugo.languages_of(load_yaml(root / "mkdocs.yml"))[1]
    folder = root / "docs" / ARTICLES
    slug = min(path.stem for path in folder.glob("*.md") if "." not in path.stem)
    source = folder / f"{slug}.md"

    def interface(text: str, word: str) -> str:
        return with_interface_string_changed(text, other.locale, INTERFACE_STRING, word)

    return [
        Edit(UNCHANGED),
        Edit(PARAGRAPH, source, with_paragraph_changed),
        Edit(TRANSLATION, folder / f"{slug}{other.suffix}.md", with_paragraph_changed),
        Edit(TITLE, source, with_title_changed),
        Edit(CONFIG, root / "mkdocs.yml", interface),
    ]


# --- Measuring ------------------------------------------------------------------------------------


def build_command() -> list[str]:
    return [sys.executable, "-m", BUILD_MODULE, "--strict", "-q", "-f", "mkdocs.yml", "-d", SITE]


def copy_corpus(corpus: Path, root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name in COPIED:
        source = corpus / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / name)


def measure_incremental(
    corpus: Path, hugo_site: Path, size: int, repeats: int
) -> IncrementalResult:
    """Rebuilds on a copy of the corpus at `corpus`; Hugo's full build of `hugo_site`, the same
    Markdown, as the yardstick."""
    root = corpus.parent / f"{corpus.name}-incremental"
    cache = corpus.parent / f"{corpus.name}-incremental-cache"  # outside the project, as required
    logfile = corpus / "bench-incremental.log"
    copy_corpus(corpus, root)
    shutil.rmtree(cache, ignore_errors=True)
    env = {"SITE_CACHE_DIR": str(cache)}
    result = IncrementalResult(size)
    log(f"{size}: incremental: the clean build")
    result.clean.runs.append(measure(build_command(), root, logfile, env=env))
    has_hugo = shutil.which(hugo.HUGO) is not None
    kinds = edits(root)
    for number in range(1, repeats + 1):
        log(f"{size}: incremental {number}/{repeats}: rebuilds after each edit")
        for edit in kinds:
            edit.apply(number)
            run = measure(build_command(), root, logfile, env=env)
            result.rebuilds.setdefault(edit.name, Series()).runs.append(run)
        if has_hugo:
            result.hugo.runs.append(measure(hugo.hugo_command(hugo_site), root, logfile))
    notes(result, logfile, has_hugo)
    return result


def notes(result: IncrementalResult, logfile: Path, has_hugo: bool) -> None:
    for name, series in [("clean build", result.clean), *result.rebuilds.items()]:
        if series.failed:
            result.notes.append(
                f"incremental, {name}: {series.failed} build(s) failed; see {logfile}"
            )
    if not has_hugo:
        result.notes.append(f"incremental: Hugo is not installed (`{hugo.INSTALL_HUGO}`)")


# --- The report ---------------------------------------------------------------------------------


def section(results: Sequence[IncrementalResult]) -> list[str]:
    """The rebuild tables, one per corpus size."""
    if not results:
        return []
    lines = [
        "## 6. Rebuilds after one edit",
        "",
        "On a copy of each corpus (winkelvloer/bench/incremental.py): "
        f"`python -m {BUILD_MODULE} --strict` after a clean build, run again with the same "
        'site folder and SITE_CACHE_DIR after each edit in turn (each adds "(1)", then '
        '"(2)" and so on): none; to the first paragraph of a Dutch article; to the same '
        "paragraph of its translation into the second language; to the Dutch article's title "
        f"(front matter and H1); to the second language's `{INTERFACE_STRING}` in mkdocs.yml. "
        "Wall time "
        "(median, min-max) and the CPU time of the build's whole process tree; Hugo's full "
        "build of the same Markdown, in the same run, is the yardstick.",
        "",
    ]
    for result in results:
        lines += [f"{result.size} x 4:", "", *size_table(result), ""]
    return lines


def size_table(result: IncrementalResult) -> list[str]:
    rows = [["clean build, empty cache", seconds(result.clean), cpu(result.clean), "", ""]]
    for name, series in result.rebuilds.items():
        rows.append(
            [f"rebuild, {name}", seconds(series), cpu(series), *times_hugo(series, result.hugo)]
        )
    hugo_row = ["Hugo, full build", seconds(result.hugo), cpu(result.hugo)]
    rows.append([*hugo_row, *times_hugo(result.hugo, result.hugo)])
    return table(["build", "wall", "CPU", "wall / Hugo", "CPU / Hugo"], rows)


def times_hugo(series: Series, hugo_series: Series) -> list[str]:
    if not (series.ok and hugo_series.ok):
        return ["n/a", "n/a"]
    return [
        ratio(series.median, hugo_series.median),
        ratio(series.cpu_median, hugo_series.cpu_median),
    ]


def targets(result: IncrementalResult) -> list[Target]:
    size = f"{result.size} x 4"
    unchanged = result.rebuilds.get(UNCHANGED, Series())
    paragraph = result.rebuilds.get(PARAGRAPH, Series())
    wall = PARAGRAPH_WALL_TIMES_HUGO
    used = PARAGRAPH_CPU_TIMES_HUGO
    return [
        time_target(f"rebuild, nothing changed < {UNCHANGED_SECONDS:.0f} s ({size})",
                    unchanged, UNCHANGED_SECONDS),
        wall_share_target(f"rebuild, one Dutch paragraph ≤ {wall:.0f}x Hugo's wall time ({size})",
                          paragraph, result.hugo, wall),
        cpu_share_target(f"rebuild, one Dutch paragraph ≤ {used:.0f}x Hugo's CPU time ({size})",
                         paragraph, result.hugo, used),
    ]  # fmt: skip
