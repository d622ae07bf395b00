"""What the build keeps between builds and between the processes of a parallel build: a result
is used again only for the same text, the same code and the same settings."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import build_site, load_module, tree
from winkelvloer.render.build_cache import (
    CACHE_APP,
    CACHE_VARIABLE,
    cache_root,
    code_version,
    memoized,
)


def counting(value: object) -> tuple[list[int], Callable[[], object]]:
    calls: list[int] = []

    def compute() -> object:
        calls.append(1)
        return value

    return calls, compute


def test_a_result_is_computed_once_for_the_same_text(tmp_path: Path) -> None:
    calls, compute = counting({"line": 3, "codes": ["MDX001"]})
    first = memoized(tmp_path, "v1", "# Titel\n", compute)
    again = memoized(tmp_path, "v1", "# Titel\n", compute)
    assert first == again == {"line": 3, "codes": ["MDX001"]}
    assert len(calls) == 1


@pytest.mark.parametrize(("version", "text"), [("v2", "# Titel\n"), ("v1", "# Titel!\n")])
def test_other_code_or_other_text_computes_again(tmp_path: Path, version: str, text: str) -> None:
    memoized(tmp_path, "v1", "# Titel\n", lambda: "old")
    assert memoized(tmp_path, version, text, lambda: "new") == "new"


def test_a_damaged_entry_is_computed_again(tmp_path: Path) -> None:
    memoized(tmp_path, "v1", "tekst", lambda: [1, 2])
    (entry,) = tmp_path.iterdir()
    entry.write_text("{half", encoding="utf-8")
    assert memoized(tmp_path, "v1", "tekst", lambda: [1, 2]) == [1, 2]


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    calls, compute = counting("waarde")
    assert memoized(blocked / "cache", "v1", "tekst", compute) == "waarde"
    assert memoized(blocked / "cache", "v1", "tekst", compute) == "waarde"
    assert len(calls) == 2


def test_the_code_version_follows_the_module_source(tmp_path: Path) -> None:
    first = tmp_path / "first.py"
    first.write_text("LIMIT = 300\n", encoding="utf-8")
    second = tmp_path / "second.py"
    second.write_text("LIMIT = 400\n", encoding="utf-8")
    try:
        one = code_version(load_module(first, "wv_cache_first"))
        other = code_version(load_module(second, "wv_cache_second"))
        assert one != other
        assert one == code_version(sys.modules["wv_cache_first"])
    finally:
        sys.modules.pop("wv_cache_first", None)
        sys.modules.pop("wv_cache_second", None)


def test_the_site_is_the_same_with_the_cache_empty_and_filled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_VARIABLE, str(cache))
    empty = tree(build_site(tmp_path / "empty"))
    kinds = {"cards", "feed-entries"}
    assert kinds <= {folder.name for folder in cache.iterdir() if any(folder.iterdir())}
    filled = tree(build_site(tmp_path / "filled"))
    assert filled.keys() == empty.keys()
    assert [name for name in empty if empty[name] != filled[name]] == []


def test_the_cache_is_never_a_folder_of_the_project(tmp_path: Path) -> None:
    project = tmp_path / "site-repo"
    (project / ".cache" / "feed-entries").mkdir(parents=True)
    home_cache = tmp_path / "home-cache"
    assert cache_root("", str(home_cache), project) == home_cache / CACHE_APP
    inside = cache_root("", str(project / ".cache"), project)
    assert not inside.is_relative_to(project)
    assert inside.is_dir() and not any(inside.iterdir())
    assert cache_root(str(tmp_path / "chosen"), "", project) == tmp_path / "chosen"
