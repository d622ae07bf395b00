"""What a search engine and a link preview see of a page: absolute hreflang links with
x-default, the canonical URL, Open Graph and JSON-LD (overrides/partials/seo.html).

Material's own hreflang links are relative and list untranslated pages as translations;
this is what the template gets instead.
"""

from __future__ import annotations

from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from winkelvloer.core.config import SiteConfig
from winkelvloer.render.i18n_pages import (
    absolute_url,
    default_language,
    hreflang_links,
    is_article,
    is_fallback,
    page_language,
    strings,
    translation_urls,
)


def page_seo(page: Page, config: MkDocsConfig, site: SiteConfig) -> dict[str, Any]:
    fallback = is_fallback(page, config)
    versions = translation_urls(page, config)
    source_lang = default_language(config)
    canonical = versions.get(source_lang) if fallback else absolute_url(config, page.url)
    return {
        "canonical": canonical,
        "noindex": fallback,
        "alternates": hreflang_links(page, config),
        "og_locale": og_locale(site, page_language(page)),
        "og_locale_alternates": [
            og_locale(site, lang) for lang in versions if lang != page_language(page)
        ],
        "json_ld": json_ld(page, config, versions, canonical) if is_article(page) else None,
    }


def og_locale(site: SiteConfig, lang: str) -> str:
    """language_TERRITORY, from the language's date_locale in mkdocs.yml."""
    language = site.by_locale.get(lang)
    return language.og_locale if language else lang


def json_ld(page: Page, config: MkDocsConfig, versions: dict[str, str], url: str | None) -> Markup:
    """Schema.org data as JSON that is safe inside <script>: no <, >, & or ' in it."""
    lang = page_language(page)
    source_lang = default_language(config)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.meta.get("title", page.title),
        "description": page.meta.get("description", ""),
        "datePublished": page.meta["date"].isoformat(),
        "inLanguage": lang,
        "url": url,
        "mainEntityOfPage": url,
        "author": {
            "@type": "Organization",
            "name": page.meta.get("author", strings(config)["author"]),
        },
        "publisher": {"@type": "Organization", "name": config.site_name, "url": config.site_url},
        "keywords": ", ".join(page.meta.get("tags", [])),
    }
    others = [
        {"@type": "Article", "inLanguage": other, "url": link}
        for other, link in versions.items()
        if other != lang
    ]
    if lang == source_lang and others:
        data["workTranslation"] = others
    elif lang != source_lang and source_lang in versions:
        data["translationOfWork"] = {
            "@type": "Article",
            "inLanguage": source_lang,
            "url": versions[source_lang],
        }
    return htmlsafe_json_dumps(data, ensure_ascii=False)
