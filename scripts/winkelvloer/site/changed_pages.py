"""The built pages a change to docs/ touches: each changed page, in every language.

A change to ``artikelen/x.md`` or to any of its translations can change the page in every
language (a translation's notice, a fallback's Dutch text, the cards and hreflang that link
the versions), so each changed page is looked at in all of them. A language whose page is
not built (a draft, a scheduled article) is listed as such.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from winkelvloer.core.config import Language, SiteConfig
from winkelvloer.core.i18n import localized, split_name


@dataclass(frozen=True, slots=True)
class BuiltPage:
    base: str  # the Dutch page it is a version of, docs-relative: "artikelen/x.md"
    lang: str
    url: str  # below the site's root: "en/artikelen/x/"
    file: Path  # the built index.html (it may not exist)
    source: str | None  # the docs-relative file shown (the Dutch one for a fallback)

    @property
    def built(self) -> bool:
        return self.file.is_file()

    @property
    def translated(self) -> bool:
        return self.source is not None and self.source != self.base


def page_url(base: str) -> str:
    """A page's address below its language's folder (use_directory_urls): "artikelen/x/"."""
    stem = base.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/" if stem.endswith("/index") else stem + "/"


def changed_bases(site: SiteConfig, changed: Iterable[str]) -> list[str]:
    """The Dutch pages (docs-relative) of the changed files (repository paths), in order."""
    bases: list[str] = []
    for path in changed:
        absolute = (site.root / path).resolve()
        if absolute.suffix != ".md" or not absolute.is_relative_to(site.docs_dir):
            continue
        relative = absolute.relative_to(site.docs_dir).as_posix()
        name = split_name(relative, site.locales, site.default.locale)
        if not name.unknown and name.base not in bases:
            bases.append(name.base)
    return bases


def built_pages(site: SiteConfig, site_dir: Path, bases: Iterable[str]) -> list[BuiltPage]:
    """Each page of `bases` in every language, as built into `site_dir`."""
    return [_page(site, site_dir, base, language) for base in bases for language in site.languages]


def _page(site: SiteConfig, site_dir: Path, base: str, language: Language) -> BuiltPage:
    url = language.folder + page_url(base)
    own = base if language.is_default else localized(base, language.locale)
    source = own if (site.docs_dir / own).is_file() else None
    if source is None and (site.docs_dir / base).is_file():
        source = base
    return BuiltPage(base, language.locale, url, site_dir / url / "index.html", source)
