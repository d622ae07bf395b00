"""The bare stack: what the site's build is measured against.

Stock MkDocs + Material + mkdocs-static-i18n on the same docs, with the site's own mkdocs.yml
minus everything of ours: the `winkelvloer` plugin, the theme's custom_dir (overrides/), the
hooks, extra_css and extra_javascript. The rest stays as the site has it: the four languages,
the Markdown extensions and their settings, the tags plugin, the articles `not_in_nav`.
Material's search plugin stays off, as on the site (its plugins list names no `search`);
Pagefind indexes the built site instead, as the site's build does, and the two run as one
command, so the CPU time of its process tree is MkDocs' and Pagefind's together.

Only one file stands in for overrides/: the home page asks for `template: home.html`, which
stock Material does not have; BARE_HOME makes it Material's ordinary page.

    write_config(root)        # root/mkdocs.bare.yml and root/bare-overrides/, from root/mkdocs.yml
    command(CONFIG, SITE)     # what the bench times
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import yaml
from pagefind_bin import get_executable

from winkelvloer.bench.yaml_nodes import scalar, value_of

CONFIG = "mkdocs.bare.yml"
SITE = "site-bare"
THEME_DIR = "bare-overrides"
BARE_HOME = '{% extends "main.html" %}\n'
OUR_PLUGINS = frozenset({"winkelvloer"})
OUR_SETTINGS = frozenset({"hooks", "extra_css", "extra_javascript"})


def mkdocs_command(config: str, site: str) -> list[str]:
    """Stock `mkdocs build`, quiet."""
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", site]


def pagefind_command(site: str) -> list[str]:
    """Pagefind over the whole built site, its index into site/pagefind/."""
    return [str(get_executable()), "--site", site, "--quiet"]


def command(config: str = CONFIG, site: str = SITE) -> list[str]:
    """The build, then Pagefind: one shell waits for both, so both count in its tree."""
    steps = (mkdocs_command(config, site), pagefind_command(site))
    return ["sh", "-c", " && ".join(shlex.join(step) for step in steps)]


def write_config(root: Path) -> str:
    """root/CONFIG from root/mkdocs.yml, and the stand-in for home.html; returns CONFIG."""
    site_config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / CONFIG).write_text(config_text(site_config), encoding="utf-8")
    (root / THEME_DIR).mkdir(exist_ok=True)
    (root / THEME_DIR / "home.html").write_text(BARE_HOME, encoding="utf-8")
    return CONFIG


def config_text(site_config: str) -> str:
    """The site's mkdocs.yml without what is ours. Edited as YAML nodes, so the tags MkDocs
    reads (!ENV, !!python/object/apply) stay as they are."""
    root = yaml.compose(site_config, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise ValueError("mkdocs.yml does not contain a mapping")
    root.value = [(k, v) for k, v in root.value if scalar(k) not in OUR_SETTINGS]
    theme = value_of(root, "theme")
    if isinstance(theme, yaml.MappingNode):
        set_value(theme, "custom_dir", THEME_DIR)
    plugins = value_of(root, "plugins")
    if isinstance(plugins, yaml.SequenceNode):
        plugins.value = [item for item in plugins.value if plugin_name(item) not in OUR_PLUGINS]
    return str(yaml.serialize(root, allow_unicode=True, width=1000))


def set_value(mapping: yaml.MappingNode, key: str, text: str) -> None:
    node = yaml.ScalarNode("tag:yaml.org,2002:str", text)
    kept = [(k, v) for k, v in mapping.value if scalar(k) != key]
    mapping.value = [*kept, (yaml.ScalarNode("tag:yaml.org,2002:str", key), node)]


def plugin_name(item: yaml.Node) -> str | None:
    """`- name` or `- name: {settings}`."""
    if isinstance(item, yaml.MappingNode) and len(item.value) == 1:
        return scalar(item.value[0][0])
    return scalar(item)
