"""A build leaves nothing behind for the next build in the same process.

MkDocs keeps a plugin instance that has on_startup from one load_config to the next, so the
preview's rebuilds (`make serve`) and the tests' builds all get the same WinkelvloerPlugin.
Whatever one build put on it must be gone when the next one begins.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import build_site as build_here
from conftest import (
    config_tree,
    parse,
    plugin_entries,
    plugin_name,
    project_with,
    run_build,
    tree,
)

ARTICLE = "artikelen/nieuwe-klanten-werven/index.html"  # has "Lees ook" lines


@pytest.fixture(scope="module")
def without_cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site with `- winkelvloer: {cards: {enabled: false}}` in its mkdocs.yml."""
    config = config_tree()
    entries = plugin_entries(config)
    index = next(i for i, e in enumerate(entries.value) if plugin_name(e) == "winkelvloer")
    entries.value[index] = yaml.compose("winkelvloer: {cards: {enabled: false}}")
    return project_with(tmp_path_factory.mktemp("state") / "project", config)


def test_a_second_build_in_one_process_is_a_fresh_processs_build(
    site: Path, without_cards: Path
) -> None:
    """`site` (all features on) is built in this process first; a build of another
    configuration in this process must then equal that configuration's build in a new one."""
    assert (site / ARTICLE).is_file()
    here = build_here(without_cards / "here", config_file=without_cards / "mkdocs.yml")
    fresh = run_build(without_cards, "--site-dir", "fresh")
    assert fresh.returncode == 0, fresh.stderr
    assert parse(here / ARTICLE).css("aside.wv-related") == []
    assert tree(here) == tree(without_cards / "fresh")
