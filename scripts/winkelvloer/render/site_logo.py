"""The site's SVG icon (theme.favicon), for the social cards and the PNG icons. Looked up in
docs/, then in the theme's custom folder; "" when the site has none.

The icon is drawn by the build, so it is bounded first, by the same rules `make check` applies
to it (FIL003, FIL006 in content/files.py): an icon refused there is never drawn. One in docs/
is reported by the check the build's session runs (plugin/session.py), as every refused file
is; one in the theme's folder here.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from winkelvloer.content.files import MAX_SVG_BYTES, icon_findings
from winkelvloer.core.atomic import read_regular

log = logging.getLogger("mkdocs.plugins.winkelvloer")


def logo_path(config: MkDocsConfig) -> str | None:
    """theme.favicon, relative to the docs folder, when it is an SVG."""
    favicon = str(config.theme.get("favicon") or "")
    return favicon.strip("/") if favicon.endswith(".svg") else None


def logo_svg(config: MkDocsConfig) -> str:
    favicon = logo_path(config)
    if favicon is None:
        return ""
    folders = [Path(config.docs_dir), *(Path(d) for d in config.theme.dirs)]
    for index, folder in enumerate(folders):
        path = folder / favicon
        if path.is_file():
            try:
                info = path.stat()
            except OSError:
                continue
            return _drawable(str(path), info.st_mtime_ns, info.st_size, in_docs=index == 0)
    return ""


# Asked for every card: a file is read and bounded once per version of it.
@functools.lru_cache(maxsize=8)
def _drawable(path: str, _mtime: int, _size: int, *, in_docs: bool) -> str:
    try:
        data = read_regular(Path(path), MAX_SVG_BYTES + 1)
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        log.error(f"{path}: the site's icon cannot be read ({error}); it is not drawn")
        return ""
    refused = icon_findings(os.path.relpath(path), data)
    for finding in refused:
        report = log.debug if in_docs else log.error  # the check reports those in docs/
        report(f"{finding.path}:{finding.line}: {finding.code} {finding.message}")
    return "" if refused else text
