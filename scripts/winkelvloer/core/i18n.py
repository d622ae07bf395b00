"""File names in the suffix layout of mkdocs-static-i18n: ``x.md`` (Dutch), ``x.en.md`` ...

The plugin reads the last dotted part of a file's stem as its language when it is a
configured locale or looks like one; ``x.es.md`` is therefore an unpublished Spanish page,
not a Dutch page called "x.es".
"""

from __future__ import annotations

import functools
import posixpath
import re
from typing import NamedTuple

# The locale pattern of mkdocs_static_i18n.config.RE_LOCALE.
LOCALE_PATTERN = re.compile(r"(^[a-z]{2}(-[A-Za-z]{4})?(-[A-Z]{2})?$)|(^[a-z]{2}_[A-Z]{2}$)")


class FileName(NamedTuple):
    path: str  # relative to docs_dir, with / separators: "artikelen/x.en.md"
    base: str  # without the language suffix: "artikelen/x.md"
    lang: str  # the language the file is published in (the default one when unsuffixed)
    suffix: str | None  # the language suffix written in the name, if any
    unknown: bool  # the suffix looks like a locale that the site does not configure


@functools.lru_cache(maxsize=65536)
def split_name(path: str, locales: frozenset[str], default: str) -> FileName:
    head, name = posixpath.split(path)
    stem, dot, extension = name.rpartition(".")
    if not dot:
        return FileName(path, path, default, None, False)
    inner, dot2, suffix = stem.rpartition(".")
    if not dot2 or not inner or not (suffix in locales or LOCALE_PATTERN.match(suffix)):
        return FileName(path, path, default, None, False)
    base = posixpath.join(head, f"{inner}.{extension}")
    known = suffix in locales
    return FileName(path, base, suffix if known else default, suffix, not known)


@functools.lru_cache(maxsize=65536)
def localized(base: str, lang: str) -> str:
    """``artikelen/x.md`` in language ``en``: ``artikelen/x.en.md``."""
    head, name = posixpath.split(base)
    stem, dot, extension = name.rpartition(".")
    if not dot:
        return base
    return posixpath.join(head, f"{stem}.{lang}.{extension}")


@functools.lru_cache(maxsize=65536)
def candidates(base: str, lang: str, default: str) -> tuple[str, ...]:
    """Files the plugin tries, in order, for a link to `base` on a page in `lang`."""
    return tuple(dict.fromkeys([localized(base, lang), localized(base, default), base]))
