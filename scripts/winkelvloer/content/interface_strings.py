"""CFG001: markup in the strings of mkdocs.yml that the theme and the site write into every page.

A translator changes a language's site name, copyright, description, colour-toggle names,
navigation titles, words (extra.strings) and tag names in mkdocs.yml. The build writes all of
them as text (templates escape them), so a tag there would show as its characters; the check
says so where it was typed, with the line and the language, before anyone sees it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import yaml

from winkelvloer.core.config import SiteConfig
from winkelvloer.core.findings import Finding
from winkelvloer.core.rules import finding
from winkelvloer.core.text import tag_start

# Top-level settings a page shows; each i18n language entry may set its own of all of them.
PAGE_SETTINGS = ("site_name", "site_description", "site_author", "copyright", "extra", "nav")
SNIPPET = 30


class _Composer(yaml.SafeLoader):
    """Composes only (no values are built), so any tag of mkdocs.yml is fine here."""


def interface_string_findings(site: SiteConfig) -> list[Finding]:
    """CFG001 for every string of mkdocs.yml a page shows that holds HTML markup."""
    try:
        text = site.config_path.read_text(encoding="utf-8-sig")
        root = yaml.compose(text, Loader=_Composer)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return []  # load_site_config has read it: only a race could get here
    if not isinstance(root, yaml.MappingNode):
        return []
    display = os.path.relpath(site.config_path, site.root).replace(os.sep, "/")
    found = []
    for where, language, node in interface_strings(root):
        start = tag_start(node.value)
        if start is None:
            continue
        snippet = node.value[start : start + SNIPPET]
        whose = f"language '{language}'" if language else "every language"
        message = (
            f"{where} ({whose}) contains the markup '{snippet}'; pages show this string as "
            "text, so write it without HTML"
        )
        found.append(finding("CFG001", display, node.start_mark.line + 1, 1, message))
    return found


def interface_strings(root: yaml.MappingNode) -> Iterator[tuple[str, str, yaml.ScalarNode]]:
    """(key path, language or "", node) of every string the pages show (and of the keys
    beside them: a navigation title is a key)."""
    for key, value in root.value:
        if key.value in PAGE_SETTINGS:
            yield from _scalars(value, key.value, "")
        elif key.value == "theme":
            yield from _palette(value, "theme", "")
        elif key.value == "plugins":
            for where, entry in _i18n_languages(value):
                language = _text(entry, "locale")
                yield from _scalars(entry, where, language, skip={"locale", "link"})


def _scalars(
    node: yaml.Node, where: str, language: str, skip: frozenset[str] | set[str] = frozenset()
) -> Iterator[tuple[str, str, yaml.ScalarNode]]:
    stack: list[tuple[str, yaml.Node]] = [(where, node)]
    while stack:
        path, current = stack.pop()
        if isinstance(current, yaml.ScalarNode) and isinstance(current.value, str):
            yield path, language, current
        elif isinstance(current, yaml.SequenceNode):
            stack += [(f"{path}[{i}]", item) for i, item in enumerate(current.value)]
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if not (current is node and key.value in skip):
                    stack.append((f"{path}.{key.value}", value))
                    stack.append((f"{path}.{key.value}", key))  # a nav title is a key


def _palette(
    theme: yaml.Node, where: str, language: str
) -> Iterator[tuple[str, str, yaml.ScalarNode]]:
    palette = _value(theme, "palette")
    if palette is not None:
        yield from _scalars(palette, f"{where}.palette", language)


def _i18n_languages(plugins: yaml.Node) -> Iterator[tuple[str, yaml.MappingNode]]:
    items = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
    for item in items:
        i18n = _value(item, "i18n") if isinstance(item, yaml.MappingNode) else None
        languages = _value(i18n, "languages") if i18n is not None else None
        if isinstance(languages, yaml.SequenceNode):
            for entry in languages.value:
                if isinstance(entry, yaml.MappingNode):
                    locale = _text(entry, "locale") or "?"
                    yield f"plugins.i18n.languages[{locale}]", entry


def _value(node: yaml.Node, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for name, value in node.value if name.value == key), None)


def _text(node: yaml.Node, key: str) -> str:
    value = _value(node, key)
    return value.value if isinstance(value, yaml.ScalarNode) else ""
