"""Reading mkdocs.yml and front matter as YAML nodes: what is edited keeps its tags (!ENV,
!!python/object/apply) and the marks of where each value stands in the text."""

from __future__ import annotations

import yaml


def scalar(node: yaml.Node | None) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def value_of(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value under `key` of a mapping node (None: not a mapping, or no such key)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if scalar(k) == key), None)
