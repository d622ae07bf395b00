"""Hook: one sitemap.xml for all languages, with the same alternates as each page's head.

static-i18n writes a sitemap per language build (the last one wins) and lists untranslated
fallbacks as translations; this one lists only pages in their own language.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from winkelvloer.build.i18n_pages import (
    absolute_url,
    hreflang_links,
    is_fallback,
    is_outermost_build,
)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"

_entries: dict[str, dict[str, str]] = {}


def on_pre_build(config: MkDocsConfig) -> None:
    if is_outermost_build(config):
        _entries.clear()


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    if not is_fallback(page, config):
        _entries[absolute_url(config, page.url)] = hreflang_links(page, config)
    return context


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    if not is_outermost_build(config):
        return
    xml = sitemap_xml(_entries)
    site = Path(config.site_dir)
    (site / "sitemap.xml").write_bytes(xml)
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(xml, mtime=0))


def sitemap_xml(entries: dict[str, dict[str, str]]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for loc in sorted(entries):
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
        for lang, href in entries[loc].items():
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=lang, href=href)
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)
