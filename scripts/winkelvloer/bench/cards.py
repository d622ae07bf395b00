"""What feeds and social cards add to the build, with the build cache cold and warm. Part of
`make bench`; alone, it updates only its own section of BENCHMARKS.md:

    python -m winkelvloer.bench --only cards [--sizes 1000] [--repeat 1]

On the generated corpus of the largest size (winkelvloer/bench/corpus.py), the project's
build (`python -m winkelvloer.cli.build`, as `make build` runs it) with the plugin's `feeds`
and `social_cards` features off (*without*: a copy of mkdocs.yml that turns them off) and on
(*with*: the corpus' mkdocs.yml), each with its own SITE_CACHE_DIR:

- *cold*: an empty build cache: every page rendered, every card drawn, every feed entry made;
- *warm*: the cache the cold build filled, into a fresh site folder, as on an editor's next
  build or a CI run that restores the cache.

The four builds take turns, `--repeat` times, so a busy moment of the machine hits them alike.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from winkelvloer.bench.bare import plugin_name
from winkelvloer.bench.process import MB, Series, cores, log, measure
from winkelvloer.bench.report import cpu_ratio, seconds, table
from winkelvloer.bench.suite import Corpus, our_build
from winkelvloer.bench.yaml_nodes import scalar, value_of

PLUGIN = "winkelvloer"
FEATURES = ("feeds", "social_cards")  # plugin/config.py
WITHOUT_CONFIG = "mkdocs.without-sharing.yml"
WITHOUT_SITE, WITH_SITE = "site-without-sharing", "site-with-sharing"
# The build cache's folders for what these features keep (render/build_cache.py).
SHARING_CACHES = ("cards", "feed-entries")
WARM_SHARE = 1.10  # target: the warm build takes at most 10 % more CPU than without them
HEADING = "## Feeds and social cards"
STR = "tag:yaml.org,2002:str"


@dataclass
class CardsResult:
    corpus: Corpus
    without_cold: Series = field(default_factory=Series)
    without_warm: Series = field(default_factory=Series)
    cold: Series = field(default_factory=Series)
    warm: Series = field(default_factory=Series)
    cards: int = 0
    feeds: int = 0
    cache_mb: float = 0.0  # the cards and feed entries in the build cache
    notes: list[str] = field(default_factory=list)
    load: tuple[float, ...] = (0.0,)

    def rows(self) -> list[tuple[str, Series, Series]]:
        """Each build, with the build without the features it is compared with."""
        return [
            ("without, cold cache", self.without_cold, self.without_cold),
            ("without, warm cache", self.without_warm, self.without_warm),
            ("with, cold cache", self.cold, self.without_cold),
            ("with, warm cache", self.warm, self.without_warm),
        ]


def write_config_without_sharing(root: Path) -> str:
    """root/WITHOUT_CONFIG: root/mkdocs.yml with FEATURES of the plugin off; returns its name."""
    site_config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / WITHOUT_CONFIG).write_text(features_off(site_config, FEATURES), encoding="utf-8")
    return WITHOUT_CONFIG


def features_off(site_config: str, features: tuple[str, ...]) -> str:
    """mkdocs.yml with `enabled: false` under each of `features` of the plugin's settings.
    Edited as YAML nodes, so the tags MkDocs reads (!ENV, !!python/object/apply) stay."""
    root = yaml.compose(site_config, Loader=yaml.SafeLoader)
    plugins = value_of(root, "plugins")
    if not isinstance(plugins, yaml.SequenceNode):
        raise ValueError("mkdocs.yml has no list of plugins")
    index = next((i for i, item in enumerate(plugins.value) if plugin_name(item) == PLUGIN), None)
    if index is None:
        raise ValueError(f"mkdocs.yml does not list the {PLUGIN} plugin")
    item = plugins.value[index]
    if not isinstance(item, yaml.MappingNode):  # `- winkelvloer`, no settings
        item = plugins.value[index] = yaml.MappingNode("tag:yaml.org,2002:map", [])
    settings = child_mapping(item, PLUGIN)
    for feature in features:
        switch = yaml.ScalarNode("tag:yaml.org,2002:bool", "false")
        set_child(child_mapping(settings, feature), "enabled", switch)
    return str(yaml.serialize(root, allow_unicode=True, width=1000))


def child_mapping(mapping: yaml.MappingNode, key: str) -> yaml.MappingNode:
    """The mapping under `key`, made (in place of any other value) if there is none."""
    found = value_of(mapping, key)
    if isinstance(found, yaml.MappingNode):
        return found
    made = yaml.MappingNode("tag:yaml.org,2002:map", [])
    set_child(mapping, key, made)
    return made


def set_child(mapping: yaml.MappingNode, key: str, node: yaml.Node) -> None:
    kept = [(k, v) for k, v in mapping.value if scalar(k) != key]
    mapping.value = [*kept, (yaml.ScalarNode(STR, key), node)]


def measure_cards(corpus: Corpus, repeats: int) -> CardsResult:
    root = corpus.root
    logfile = root / "bench-cards.log"
    without = write_config_without_sharing(root)
    # Each configuration its own cache, beside the corpus (the build refuses one inside it).
    without_cache = root.parent / f"{root.name}-cache-without-sharing"
    with_cache = root.parent / f"{root.name}-cache-with-sharing"
    result = CardsResult(corpus, load=os.getloadavg())
    builds = [
        (result.without_cold, without, WITHOUT_SITE, without_cache),
        (result.cold, "mkdocs.yml", WITH_SITE, with_cache),
        (result.without_warm, without, WITHOUT_SITE, without_cache),
        (result.warm, "mkdocs.yml", WITH_SITE, with_cache),
    ]
    for number in range(repeats):
        log(f"{corpus.size}: cards {number + 1}/{repeats}: without and with, cold then warm")
        shutil.rmtree(without_cache, ignore_errors=True)
        shutil.rmtree(with_cache, ignore_errors=True)
        for series, config, site, cache in builds:
            shutil.rmtree(root / site, ignore_errors=True)
            env = {"SITE_CACHE_DIR": str(cache)}
            series.runs.append(measure(our_build(site, config), root, logfile, env=env))
    count_output(result, root / WITH_SITE, with_cache)
    for name, series, _ in result.rows():
        if series.failed:
            result.notes.append(f"{series.failed} build(s) {name} failed; see {logfile}")
    return result


def count_output(result: CardsResult, site: Path, cache: Path) -> None:
    result.cards = sum(1 for _ in (site / "assets" / "cards").rglob("*.png"))
    result.feeds = sum(1 for _ in site.rglob("feed.xml"))
    files = (p for name in SHARING_CACHES for p in (cache / name).rglob("*") if p.is_file())
    result.cache_mb = sum(p.stat().st_size for p in files) / MB


def warm_ok(result: CardsResult) -> bool | None:
    """On CPU time: on a shared machine, wall time mostly measures the neighbours."""
    if not (result.without_warm.ok and result.warm.ok):
        return None
    return result.warm.cpu_median <= WARM_SHARE * result.without_warm.cpu_median


def row(name: str, series: Series, without: Series) -> list[str]:
    if not series.ok:
        return [name, "n/a", "n/a", "n/a", "n/a"]
    return [
        name,
        seconds(series),
        f"{series.cpu_median:.1f} s",
        cpu_ratio(series, without),
        f"{series.tree_peak_mb:.0f} MB",
    ]


def cost(result: CardsResult) -> str:
    """What drawing the cards and making the feed entries cost, in CPU time."""
    if not (result.cold.ok and result.without_cold.ok):
        return "- Cold cost: not measured."
    extra = result.cold.cpu_median - result.without_cold.cpu_median
    wall = result.cold.median - result.without_cold.median
    per_card = 1000 * extra / max(result.cards, 1)
    return (
        f"- Cold cost: {extra:.1f} s of CPU ({per_card:.1f} ms a card) for drawing "
        f"{result.cards} cards and making every feed entry; {wall:.1f} s of wall time."
    )


def section(result: CardsResult, command: str) -> list[str]:
    size = result.corpus.size
    verdict = {True: "pass", False: "**miss**", None: "n/a"}[warm_ok(result)]
    lines = [
        HEADING,
        "",
        f"Generated by `{command}`. Median of the repetitions, (min-max) after it. "
        f"The project's build (`python -m winkelvloer.cli.build --strict --jobs {cores()}`) "
        "with the plugin's `feeds` and `social_cards` features off (*without*: a copy of "
        "mkdocs.yml that turns them off) and on (*with*), each with a build cache of its own. "
        "*Cold*: an empty build cache (a fresh `SITE_CACHE_DIR`), so every page is rendered, "
        "every card drawn and every feed entry made. *Warm*: the cache filled by the cold "
        "build, into a fresh site folder (an editor's next build, or CI restoring the cache). "
        "Each build *with* them is compared with the one *without* them on the same cache.",
        "",
        f"Corpus: {size} x 4 ({result.corpus.pages} article pages); {result.cards} cards, "
        f"{result.feeds} feeds; "
        f"the build cache holds {result.cache_mb:.1f} MB of cards and feed entries. "
        "Each language's build draws the cards its cache lacks after its pages; "
        f"the languages are built {cores()} at a time.",
        "",
        *table(
            ["build", "wall time", "CPU time", "CPU vs without", "peak memory, process tree"],
            [row(name, series, without) for name, series, without in result.rows()],
        ),
        "",
        f"- Target: warm ≤ {WARM_SHARE:.2f}x without, in CPU time ({size} x 4): {verdict}. "
        f"Load average (1 min) at the start {result.load[0]:.2f}; wall times on a shared "
        "machine measure the neighbours as much as the build, CPU time much less.",
        cost(result),
        *(f"- {note}" for note in result.notes),
    ]
    return [*lines, ""]


def replace_section(report: str, lines: list[str]) -> str:
    """The report with this section replaced, or appended if it has none yet."""
    text = "\n".join(lines).rstrip() + "\n"
    start = report.find(HEADING)
    if start == -1:
        return report.rstrip() + "\n\n" + text
    end = report.find("\n## ", start + len(HEADING))
    rest = report[end + 1 :] if end != -1 else ""
    return report[:start] + text + ("\n" + rest if rest else "")
