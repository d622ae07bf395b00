"""The order of the entries under `plugins:` in mkdocs.yml does not change the site.

MkDocs calls the plugins' handlers of an event by priority, and those of equal priority in
the order of mkdocs.yml. The site's plugin gives a priority wherever it must run before or
after Material's tags plugin or static-i18n (plugin/plugin.py), so each of the six orders of
its three entries builds the site byte for byte as mkdocs.yml's own order does. The
content is the real one with a translation missing and another one outdated (conftest's
`variant_site`): an untranslated page is where the steps' order shows (its tags, its
notice, its alternates). A list the build cannot work from, an entry missing or written
twice, stops it with one line that names the problem, and no site.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml

from conftest import (
    build_site,
    config_tree,
    one_line_failure,
    plugin_entries,
    plugin_name,
    project_with,
    tree,
)

PLUGINS = ("winkelvloer", "tags", "i18n")


def config_with_plugins(names: Sequence[str]) -> yaml.MappingNode:
    """mkdocs.yml with the entries `names`, in that order, under `plugins:`."""
    config = config_tree()
    entries = plugin_entries(config)
    by_name = {plugin_name(entry): entry for entry in entries.value}
    assert sorted(by_name) == sorted(PLUGINS), "mkdocs.yml lists other plugins: update PLUGINS"
    entries.value = [by_name[name] for name in names]
    return config


def differing(built: Path, expected: Path) -> list[str]:
    """The files that are in one site and not the other, or differ between them."""
    ours, theirs = tree(built), tree(expected)
    paths = ours.keys() | theirs.keys()
    return sorted(path for path in paths if ours.get(path) != theirs.get(path))


@pytest.mark.parametrize("order", list(itertools.permutations(PLUGINS)), ids="-".join)
def test_every_order_of_the_plugins_builds_the_same_site(
    order: tuple[str, ...], variant_site: Path, variant_docs: Path, tmp_path: Path
) -> None:
    project = project_with(tmp_path / "project", config_with_plugins(order), variant_docs)
    built = build_site(project / "site", config_file=project / "mkdocs.yml")
    assert differing(built, variant_site) == []


@pytest.mark.parametrize(
    ("names", "problem"),
    [
        (("winkelvloer", "tags"), "plugins has no 'i18n' entry"),
        (("tags", "i18n"), "plugins has no 'winkelvloer' entry"),
        (("winkelvloer", "tags", "i18n", "winkelvloer"), "'winkelvloer' was specified multiple"),
    ],
    ids=["no i18n", "no winkelvloer", "winkelvloer twice"],
)
def test_a_plugin_list_the_build_cannot_use_stops_it_in_one_line(
    names: tuple[str, ...], problem: str, tmp_path: Path
) -> None:
    project = project_with(tmp_path / "project", config_with_plugins(names))
    assert problem in one_line_failure(project)
