"""What the built-site check needs from mkdocs.yml: site_url, docs_dir, the languages and their
site names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from winkelvloer.core.config import load_site_config


@dataclass(frozen=True)
class SiteInfo:
    site_url: str = ""  # "https://host/base/", always with a trailing slash, or ""
    docs_dir: Path | None = None
    default_language: str = ""
    languages: frozenset[str] = frozenset()  # the non-default locales, served under /<locale>/
    site_names: tuple[tuple[str, str], ...] = ()  # (locale, the site's name in that language)

    @property
    def base_path(self) -> str:
        """The path part of site_url: "/base/" (or "/")."""
        rest = self.site_url.split("://", 1)[-1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"

    @property
    def site_url_without_scheme(self) -> str:
        return self.site_url.split("://", 1)[-1] if self.site_url else ""

    def home_url(self, lang: str) -> str:
        """The absolute URL of a language's home page ("" if site_url or the language is unknown)."""
        if not self.site_url:
            return ""
        if lang == self.default_language:
            return self.site_url
        return f"{self.site_url}{lang}/" if lang in self.languages else ""

    def site_name(self, lang: str) -> str:
        """The site's name in a language ("" if unknown)."""
        return dict(self.site_names).get(lang, "")


def load_site_info(config_file: Path | None) -> SiteInfo:
    """site_url (with !ENV resolved), docs_dir and the i18n languages of a mkdocs.yml.

    Raises core.config.ConfigError when the file cannot be read."""
    if config_file is None or not config_file.is_file():
        return SiteInfo()
    site = load_site_config(config_file)
    site_url = site.site_url
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    return SiteInfo(
        site_url=site_url,
        docs_dir=site.docs_dir,
        default_language=site.default.locale,
        languages=frozenset(lang.locale for lang in site.others),
        site_names=tuple((lang.locale, lang.site_name or "") for lang in site.languages),
    )
