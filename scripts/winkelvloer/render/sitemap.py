"""sitemap.xml: its entries gathered by the plugin per language, written once for the whole
site by plugin/driver.py."""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree as ET

from winkelvloer.core.atomic import write_atomically

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
SITEMAP_FILES = ("sitemap.xml", "sitemap.xml.gz")

# Page URL -> its alternates by hreflang, in the order the page's head lists them.
Entries = dict[str, dict[str, str]]


def sitemap_xml(entries: Entries) -> bytes:
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


def sitemap_entries(xml: bytes) -> Entries:
    """What sitemap_xml was made from."""
    entries: Entries = {}
    for url in ET.fromstring(xml).iter(f"{{{SITEMAP_NS}}}url"):
        loc = url.findtext(f"{{{SITEMAP_NS}}}loc") or ""
        links = url.iter(f"{{{XHTML_NS}}}link")
        entries[loc] = {link.get("hreflang", ""): link.get("href", "") for link in links}
    return entries


def merged_sitemap(sitemaps: Iterable[bytes]) -> bytes:
    """One sitemap of the pages of several (each language's own pages: no URL repeats)."""
    entries: Entries = {}
    for xml in sitemaps:
        entries |= sitemap_entries(xml)
    return sitemap_xml(entries)


def write_sitemap(site: Path, xml: bytes) -> None:
    write_atomically(site / "sitemap.xml", xml)
    write_atomically(site / "sitemap.xml.gz", gzip.compress(xml, mtime=0))
