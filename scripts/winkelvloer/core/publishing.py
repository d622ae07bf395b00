"""Which pages are published: drafts and scheduled posts.

A page is published unless its front matter says ``draft: true`` or its ``date`` lies after
today. A translation follows its Dutch source: pass the source's front matter (its ``date``
must not differ, PAR006). A translation may hold itself back with its own ``draft: true``
(what ``make translate`` writes): `language_status` says so, and that language then shows
the untranslated Dutch page (PUB001).

The site's plugin, the feeds and the content check all ask this module, so they agree on
what a reader can see. It depends on nothing but the standard library and PyYAML.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Mapping
from pathlib import Path

import yaml

DRAFT_KEY = "draft"
DATE_KEY = "date"
# A fixed "today" for previews of a later day and for reproducible builds (YYYY-MM-DD).
TODAY_VARIABLE = "PUBLISH_TODAY"
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def page_date(meta: Mapping[str, object]) -> datetime.date | None:
    """The `date` of the front matter as a date (YAML gives a date, JSON-like data text)."""
    value = meta.get(DATE_KEY)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def is_draft(meta: Mapping[str, object]) -> bool:
    return meta.get(DRAFT_KEY) is True


def is_scheduled(meta: Mapping[str, object], today: datetime.date) -> bool:
    day = page_date(meta)
    return day is not None and day > today


def is_published(meta: Mapping[str, object], today: datetime.date) -> bool:
    """False for ``draft: true`` or a `date` after `today`; for a translation pass the
    front matter of its Dutch source."""
    return not is_draft(meta) and not is_scheduled(meta, today)


def status(meta: Mapping[str, object], today: datetime.date) -> str:
    """ "draft", "scheduled" or "published"."""
    if is_draft(meta):
        return "draft"
    return "scheduled" if is_scheduled(meta, today) else "published"


def language_status(
    source_meta: Mapping[str, object], own_meta: Mapping[str, object] | None, today: datetime.date
) -> str:
    """status() of a page in one language: its Dutch source's, except that a translation
    (`own_meta`; None for the source itself) with ``draft: true`` is a draft on its own, and
    that language shows the untranslated Dutch page instead."""
    state = status(source_meta, today)
    if state == "published" and own_meta is not None and is_draft(own_meta):
        return "draft"
    return state


def file_status(
    path: str | os.PathLike[str], source: str | os.PathLike[str], today: datetime.date
) -> tuple[str, dict[str, object]]:
    """(language_status, the source's front matter) of the page file at `path`, whose Dutch
    source is the file at `source` (the same path for a Dutch page)."""
    source_meta = read_meta(source)
    own = None if os.fspath(path) == os.fspath(source) else read_meta(path)
    return language_status(source_meta, own, today), source_meta


def today(environ: Mapping[str, str] | None = None) -> datetime.date:
    """Today, or the day PUBLISH_TODAY names (for previewing a scheduled post's day)."""
    fixed = (os.environ if environ is None else environ).get(TODAY_VARIABLE, "").strip()
    if fixed:
        try:
            return datetime.date.fromisoformat(fixed)
        except ValueError as exc:
            raise ValueError(f"{TODAY_VARIABLE}={fixed!r} is not a date (YYYY-MM-DD)") from exc
    return datetime.date.today()


# Reading a file's front matter without MkDocs
# -----------------------------------------------------------------------------------------


def front_matter(text: str) -> dict[str, object]:
    """The front matter of a Markdown text as a dict; {} when it has none or it is broken."""
    lines = text.removeprefix("\ufeff").splitlines()
    if not lines or lines[0].rstrip() != "---":
        return {}
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return {}
    try:
        data = yaml.load("\n".join(lines[1:end]), Loader=_Loader)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, KeyError, AttributeError):
        return {}
    return data if isinstance(data, dict) else {}


@functools.lru_cache(maxsize=4096)
def _meta_of(path: str, mtime_ns: int) -> dict[str, object]:
    try:
        return front_matter(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}


def read_meta(path: str | os.PathLike[str]) -> dict[str, object]:
    """Front matter of the file at `path` (cached until the file changes)."""
    try:
        mtime = Path(path).stat().st_mtime_ns
    except OSError:
        return {}
    return _meta_of(os.fspath(path), mtime)
