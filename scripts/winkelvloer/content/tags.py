"""Tags: every tag of a page comes from its language's vocabulary (mkdocs.yml,
``extra.tag_vocabulary`` of each language), and a translation carries the translations of
its source's tags. Without a vocabulary in the configuration, tags are not checked."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from winkelvloer.core.config import Language, SiteConfig
from winkelvloer.core.findings import Finding
from winkelvloer.core.rules import finding

Tag = tuple[str, int]  # the tag as written, and its line


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _hint(tag: str, language: Language, site: SiteConfig) -> str:
    for other in site.languages:
        key = other.tag_names.get(tag)
        if other.locale != language.locale and key in language.tag_of_key:
            return (
                f"'{tag}' is the {other.english_name} tag; on this {language.english_name} "
                f"page write '{language.tag_of_key[key]}'"
            )
    names = list(language.tag_names)
    folded = {n.casefold(): n for n in names}
    close = folded.get(tag.casefold()) or next(
        iter(difflib.get_close_matches(tag, names, n=1, cutoff=0.6)), None
    )
    if close:
        return f"did you mean '{close}'?"
    return f"the {language.english_name} tags are: {_quoted(names)}"


def check_vocabulary(path: str, tags: Sequence[Tag], lang: str, site: SiteConfig) -> list[Finding]:
    """TAG001: a tag that is not in the vocabulary of the page's language."""
    language = site.by_locale.get(lang)
    if language is None or not language.tags:
        return []
    return [
        finding(
            "TAG001",
            path,
            line,
            1,
            f"unknown tag '{tag}'; {_hint(tag, language, site)} "
            "(new tags go into tag_vocabulary in mkdocs.yml, in every language)",
        )
        for tag, line in tags
        if tag not in language.tag_names
    ]


def check_translated(
    path: str,
    tags: Sequence[Tag],
    tags_line: int,
    source_tags: Sequence[Tag],
    lang: str,
    site: SiteConfig,
) -> list[Finding]:
    """TAG002: a translation's tags are the translations of its source's tags.

    Held back while either page has a tag outside the vocabulary: TAG001 names that one.
    """
    language = site.by_locale.get(lang)
    source_language = site.default
    if language is None or not language.tags or not source_language.tags:
        return []
    source_keys = [source_language.tag_names.get(t) for t, _ in source_tags]
    keys = [language.tag_names.get(t) for t, _ in tags]
    if None in source_keys or None in keys or set(keys) == set(source_keys):
        return []
    expected = [language.tag_of_key.get(k, "?") for k in source_keys if k]
    source_names = [t for t, _ in source_tags]
    message = (
        f"tags {_quoted([t for t, _ in tags])} are not the translations of the Dutch "
        f"source's tags {_quoted(source_names)}; write {_quoted(expected)}"
    )
    return [finding("TAG002", path, tags_line, 1, message)]
