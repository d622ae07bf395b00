"""The package's layers (CONTRIBUTING.md, "For developers"): each imports only the layers
above it, so the core stays free of the checks and the build, and the commands stay thin."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "scripts" / "winkelvloer"
# In the order of CONTRIBUTING.md: a layer may import itself and the ones before it.
LAYERS = ("core", "content", "site", "render", "plugin", "cli", "bench")


def imported_layers(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return {n.split(".")[1] for n in names if n.startswith("winkelvloer.") and n.count(".") >= 1}


def test_every_layer_is_listed() -> None:
    found = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert found == set(LAYERS)


@pytest.mark.parametrize("layer", LAYERS)
def test_a_layer_imports_only_the_layers_above_it(layer: str) -> None:
    allowed = set(LAYERS[: LAYERS.index(layer) + 1])
    wrong = {
        path.relative_to(PACKAGE).as_posix(): sorted(imported_layers(path) - allowed)
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        if imported_layers(path) - allowed
    }
    assert wrong == {}


def test_the_check_can_fail(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from winkelvloer.content.files import x\nimport winkelvloer.site.check_site\n"
        "from . import sibling\nimport yaml\n",
        encoding="utf-8",
    )
    assert imported_layers(probe) == {"content", "site"}
