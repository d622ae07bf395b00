"""Hook: publish only content from docs/ (the FIL rules of `make check`, enforced by the build,
and PAR002: pages of a language mkdocs.yml does not list).

A refused file is left out of the site and logged as an error, so the strict build fails
and `make serve` never serves it, even when nobody ran `make check`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from winkelvloer.build.i18n_pages import is_outermost_build
from winkelvloer.build.site_logo import logo_path
from winkelvloer.content.files import check_docs_folder
from winkelvloer.content.translations import unknown_language_files
from winkelvloer.core.config import load_site_config

log = logging.getLogger("mkdocs.hooks.docs_files")


def _refused(src_uri: str, refused: set[str]) -> bool:
    """The file itself, or a folder on its path (a linked folder), was refused."""
    parts = src_uri.split("/")
    return any("/".join(parts[: i + 1]) in refused for i in range(len(parts)))


# Before static-i18n (priority 0) sorts the files into languages.
@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    docs_dir = Path(config.docs_dir)
    theme_dirs = [Path(d) for d in config.theme.dirs if not str(d).startswith(str(docs_dir))]
    root = docs_dir.parent

    def display(path: str) -> str:
        return os.path.relpath(docs_dir / path, root).replace(os.sep, "/")

    findings = check_docs_folder(docs_dir, theme_dirs, display, icon=logo_path(config))
    site = load_site_config(config.config_file_path)
    findings += unknown_language_files(docs_dir, site.locales, site.default.locale, display)
    if not findings:
        return files
    prefix = display("") + "/"
    refused = {f.path.removeprefix(prefix) for f in findings}
    report = log.error if is_outermost_build(config) else log.debug
    for finding in findings:
        report("%s: %s %s (left out of the site)", finding.path, finding.code, finding.message)
    for file in list(files):
        if _refused(file.src_uri, refused):
            files.remove(file)
    # A refused file that shadowed a theme file kept that file out; put the theme's back.
    files.add_files_from_theme(config.theme.get_env(), config)
    return files
