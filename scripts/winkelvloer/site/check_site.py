"""Check the built site: links, anchors, hreflang alternates and the sitemap.

    python -m winkelvloer.cli.check_site SITE_DIR [-f mkdocs.yml] [--format text|json|github] [--strict]

Every href, src and srcset of every HTML file (head links, language switcher, cards and body
alike) is resolved against the files of the site, offline: external links are not fetched.
Absolute links to the site's own site_url count as internal. URLs inside CSS and JavaScript
(Material's search worker, source maps) are not followed. Each finding names the HTML file
and, where the page was rendered from Markdown, the source page (by the suffix convention:
en/artikelen/x/ comes from artikelen/x.en.md, or artikelen/x.md when untranslated) and the
line of the link in it (line 1 for links the theme adds).

S001 broken internal link        S010 hreflang href not absolute   S020 no sitemap.xml (warning)
S002 missing anchor              S011 no hreflang="x-default"      S021 <loc> maps to no file
S003 javascript: URL             S012 hreflang not reciprocal      S022 alternate maps to no file
S004 http:// URL (warning)       S013 hreflang listed twice        S023 sitemap and <head> differ
S005 URL leaves the site                                           S024 sitemap is not valid XML

The output guards: whatever the Markdown said, no built page may run script the site did not
write. S030 inline event handler    S031 script that is not the site's own    S032 <base>
S033 <meta http-equiv=refresh>      S034 no Content-Security-Policy            S035 symlink

S050 a language has no feed.xml while others do (warning)          S054 og:image not absolute
S051 feed is not valid Atom                                         S055 og:image maps to no file
S052 feed entry's link maps to no file                              S056 og:image size differs
S053 feed entry's link is outside the feed's language                    from its width/height
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import posixpath
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote
from xml.parsers import expat

from PIL import Image
from selectolax.lexbor import LexborHTMLParser

from winkelvloer.content.safety import is_script_url
from winkelvloer.core.config import ConfigError, load_site_config
from winkelvloer.core.findings import Finding, Severity, add_output_arguments, report, sort_findings

SKIPPED_SCHEMES = frozenset({"mailto", "tel", "data", "sms", "callto", "blob", "about"})
SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
X_DEFAULT = "x-default"
SITEMAP = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"

# Codes, one per rule.
BROKEN_LINK = "S001"
MISSING_ANCHOR = "S002"
JAVASCRIPT_LINK = "S003"
INSECURE_LINK = "S004"
OUTSIDE_SITE = "S005"
HREFLANG_RELATIVE = "S010"
HREFLANG_NO_X_DEFAULT = "S011"
HREFLANG_NOT_RECIPROCAL = "S012"
HREFLANG_CONFLICT = "S013"
SITEMAP_MISSING = "S020"
SITEMAP_BROKEN_LOC = "S021"
SITEMAP_BROKEN_ALTERNATE = "S022"
SITEMAP_DISAGREES = "S023"
SITEMAP_INVALID = "S024"
EVENT_HANDLER = "S030"
FOREIGN_SCRIPT = "S031"
BASE_ELEMENT = "S032"
META_REFRESH = "S033"
NO_CSP = "S034"
SYMLINK = "S035"

# Attributes whose value a browser may follow or load as a URL, beyond href/src/srcset.
URL_ATTRIBUTES = frozenset(
    {"action", "formaction", "data", "poster", "cite", "background", "xlink:href", "ping"}
)
# <script> types a browser does not run: data blocks.
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
FEED_MISSING = "S050"
FEED_INVALID = "S051"
FEED_BROKEN_ENTRY = "S052"
FEED_OTHER_LANGUAGE = "S053"
IMAGE_NOT_ABSOLUTE = "S054"
IMAGE_MISSING = "S055"
IMAGE_WRONG_SIZE = "S056"


# --- Configuration -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteInfo:
    """What the check needs from mkdocs.yml."""

    site_url: str = ""  # "https://host/base/", always with a trailing slash, or ""
    docs_dir: Path | None = None
    default_language: str = ""
    languages: frozenset[str] = frozenset()  # the non-default locales, served under /<locale>/

    @property
    def base_path(self) -> str:
        """The path part of site_url: "/base/" (or "/")."""
        rest = self.site_url.split("://", 1)[-1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"

    @property
    def site_url_without_scheme(self) -> str:
        return self.site_url.split("://", 1)[-1] if self.site_url else ""


def load_site_info(config_file: Path | None) -> SiteInfo:
    """site_url (with !ENV resolved), docs_dir and the i18n languages of a mkdocs.yml."""
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
    )


# --- The built site ----------------------------------------------------------------------------


class SharedImage(NamedTuple):
    """A page's og:image and the size its head states (as written, "" if absent)."""

    url: str
    width: str
    height: str


class Link(NamedTuple):
    """One URL in a page and the element and attribute it came from."""

    attr: str
    url: str
    tag: str


@dataclass(slots=True)
class HtmlPage:
    rel: str  # "en/artikelen/x/index.html"
    ids: frozenset[str]
    links: list[Link]  # each URL once, where it first occurs
    alternates: list[tuple[str, str]]  # (hreflang, href) of <link rel=alternate> in <head>
    guards: list[tuple[str, str]] = field(default_factory=list)  # (code, message) of S03x
    scripts: list[str] = field(default_factory=list)  # src of every <script src>
    image: SharedImage | None = None  # og:image
    directory: str = field(init=False)  # "en/artikelen/x"

    def __post_init__(self) -> None:
        self.directory = posixpath.dirname(self.rel)


def site_files(site_dir: Path) -> set[str]:
    """Every file of the site, as posix paths relative to site_dir (one walk, no stat per link)."""
    return walk_site(site_dir)[0]


def walk_site(site_dir: Path) -> tuple[set[str], set[str]]:
    """(regular files, symbolic links) of the site, as posix paths relative to site_dir."""
    found: set[str] = set()
    links: set[str] = set()
    pending = [("", str(site_dir))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_symlink():
                    links.add(rel)
                elif entry.is_dir():
                    pending.append((rel + "/", entry.path))
                else:
                    found.add(rel)
    return found, links


def srcset_urls(value: str) -> Iterator[str]:
    for candidate in value.split(","):
        parts = candidate.split()
        if parts:
            yield parts[0]


def parse_page(rel: str, html: str | bytes) -> HtmlPage:
    """Parse one HTML file once: its anchors, its URLs and its hreflang alternates."""
    doc = LexborHTMLParser(html)
    ids = {node.attrs.get("id") or "" for node in doc.css("[id]")}
    ids.update(node.attrs.get("name") or "" for node in doc.css("a[name]"))
    links: dict[str, Link] = {}
    for attr in ("href", "src"):
        for node in doc.css(f"[{attr}]"):
            value = node.attrs.get(attr)
            if value is not None and value not in links:
                links[value] = Link(attr, value, node.tag or "")
    for node in doc.css("[srcset]"):
        for url in srcset_urls(node.attrs.get("srcset") or ""):
            links.setdefault(url, Link("srcset", url, node.tag or ""))
    alternates = []
    head = doc.head
    for node in head.css("link[hreflang]") if head else ():
        attrs = node.attributes
        if "alternate" in (attrs.get("rel") or "").lower().split():
            alternates.append(((attrs.get("hreflang") or "").strip(), attrs.get("href") or ""))
    ids.discard("")
    scripts = [node.attrs.get("src") or "" for node in doc.css("script[src]")]
    image = shared_image(head) if head else None
    return HtmlPage(
        rel, frozenset(ids), list(links.values()), alternates, guards(doc), scripts, image
    )


def guards(doc: LexborHTMLParser) -> list[tuple[str, str]]:
    """What no built page may contain, whatever its Markdown said (S030-S034)."""
    found: list[tuple[str, str]] = []
    for node in doc.css("*"):
        for name, value in node.attributes.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                found.append((EVENT_HANDLER, f"inline event handler {name}= on <{node.tag}>"))
            elif lowered in URL_ATTRIBUTES and value and is_script_url(value):
                found.append((JAVASCRIPT_LINK, f"javascript: URL in <{node.tag} {name}>"))
    if doc.css_first("base"):
        found.append((BASE_ELEMENT, "<base> element: it changes where every relative URL leads"))
    for meta in doc.css("meta[http-equiv]"):
        if (meta.attributes.get("http-equiv") or "").strip().lower() == "refresh":
            found.append((META_REFRESH, '<meta http-equiv="refresh"> redirects the reader'))
    found += inline_script_guards(doc)
    return found


def content_security_policy(doc: LexborHTMLParser) -> dict[str, list[str]] | None:
    """The directives of the page's CSP <meta> in <head>, or None without one."""
    for meta in doc.head.css("meta[http-equiv]") if doc.head else ():
        if (meta.attributes.get("http-equiv") or "").strip().lower() == "content-security-policy":
            directives: dict[str, list[str]] = {}
            for part in (meta.attributes.get("content") or "").split(";"):
                words = part.split()
                if words:
                    directives.setdefault(words[0].lower(), words[1:])
            return directives
    return None


def inline_script_guards(doc: LexborHTMLParser) -> list[tuple[str, str]]:
    """Every inline script must be allowed by the page's policy by its hash."""
    policy = content_security_policy(doc)
    if policy is None:
        return [(NO_CSP, "no Content-Security-Policy <meta> in <head>")]
    script_src = policy.get("script-src", policy.get("default-src", []))
    if "'unsafe-inline'" in script_src or "*" in script_src:
        return [(NO_CSP, "the Content-Security-Policy allows any inline script")]
    found = []
    for node in doc.css("script"):
        kind = (node.attributes.get("type") or "").strip().lower()
        if "src" in node.attributes or kind in DATA_SCRIPT_TYPES:
            continue
        text = node.text(deep=True)
        if f"'{script_hash(text)}'" not in script_src:
            found.append((FOREIGN_SCRIPT, f"inline script not allowed by its hash: {text[:60]!r}"))
    return found


def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def check_guards(page: HtmlPage, resolver: Resolver) -> list[Issue]:
    """The S03x guards of one page, and where its <script src>s lead."""
    issues = [Issue(code, "error", message, page.rel) for code, message in page.guards]
    for src in page.scripts:
        # A missing file of the site is S001, a path above it S005.
        if resolver.resolve(page.directory, src).kind == "external":
            message = f"<script src={src!r}> loads a script from another site"
            issues.append(Issue(FOREIGN_SCRIPT, "error", message, page.rel, src))
    return issues


def shared_image(head: Any) -> SharedImage | None:
    properties = {
        node.attributes.get("property"): node.attributes.get("content") or ""
        for node in head.css('meta[property^="og:image"]')
    }
    if "og:image" not in properties:
        return None
    return SharedImage(
        properties["og:image"].strip(),
        properties.get("og:image:width", ""),
        properties.get("og:image:height", ""),
    )


def load_pages(site_dir: Path, files: Iterable[str]) -> dict[str, HtmlPage]:
    """Parse every HTML file of the site, once."""
    rels = sorted(f for f in files if f.endswith(".html"))
    return {rel: parse_page(rel, (site_dir / rel).read_bytes()) for rel in rels}


# --- Resolving URLs ----------------------------------------------------------------------------


class Target(NamedTuple):
    """Where a URL leads. kind: skip, external, internal, javascript, outside."""

    kind: str
    path: str = ""  # site-relative path of the page or file ("en/x/index.html")
    fragment: str = ""
    exists: bool = True
    insecure: bool = False  # an http:// URL


SKIP = Target("skip")
JAVASCRIPT = Target("javascript")


@dataclass
class Resolver:
    """Resolves URLs against the set of files of the site, with a cache."""

    site: SiteInfo
    files: set[str]
    cache: dict[tuple[str, str], Target] = field(default_factory=dict)

    def resolve(self, directory: str, url: str) -> Target:
        key = cache_key(directory, url)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._resolve(*key)
        return found

    def _resolve(self, directory: str, url: str) -> Target:
        if not url:
            return SKIP
        scheme_match = SCHEME_RE.match(url)
        if scheme_match:
            return self._absolute(scheme_match.group(1).lower(), url)
        if url.startswith("//"):
            return self._absolute("https", "https:" + url)
        path, fragment = split_fragment(url)
        if url.startswith("#"):
            return Target("internal", directory_index(directory), fragment)
        if path.startswith("/"):
            base = self.site.base_path
            if not path.startswith(base):
                return Target("outside", path)
            return self._internal(path[len(base) :], fragment)
        return self._internal(posixpath.join(directory, path), fragment)

    def _absolute(self, scheme: str, url: str) -> Target:
        if scheme in SKIPPED_SCHEMES:
            return SKIP
        if scheme == "javascript":
            return JAVASCRIPT
        if scheme not in ("http", "https"):
            return SKIP
        insecure = scheme == "http"
        own = self.site.site_url_without_scheme
        rest = url.split("://", 1)[1] if "://" in url else ""
        if own and (rest.startswith(own) or rest + "/" == own):
            path, fragment = split_fragment(rest[len(own) :])
            target = self._internal(path, fragment)
            return Target(target.kind, target.path, target.fragment, target.exists, insecure)
        return Target("external", url, insecure=insecure)

    def _internal(self, joined: str, fragment: str) -> Target:
        joined = unquote(joined.split("?", 1)[0]) if "%" in joined else joined.split("?", 1)[0]
        is_dir = joined.endswith("/") or joined in ("", ".")
        path = posixpath.normpath(joined) if joined else "."
        if path == ".." or path.startswith("../"):
            return Target("outside", joined, fragment)
        path = "" if path == "." else path
        if is_dir:
            return self._file(directory_index(path), fragment)
        if path in self.files:
            return Target("internal", path, fragment)
        return self._file(directory_index(path), fragment, missing_as=path)

    def _file(self, path: str, fragment: str, missing_as: str = "") -> Target:
        exists = path in self.files
        return Target("internal", path if exists else (missing_as or path), fragment, exists)


def cache_key(directory: str, url: str) -> tuple[str, str]:
    """What a URL's target depends on: "../../x" from a/b/c is "x" from a, like from a/d/e."""
    url = url.strip()
    if not url.startswith("../"):
        absolute = url.startswith("/") or SCHEME_RE.match(url)
        return ("" if absolute else directory, url)
    ups = 1
    while url.startswith("../", 3 * ups):
        ups += 1
    parts = directory.rsplit("/", ups) if directory else []
    if len(parts) > ups:
        return parts[0], url[3 * ups :]
    if len(parts) == ups:
        return "", url[3 * ups :]
    return directory, url  # leaves the site; resolved as written to say so


def split_fragment(url: str) -> tuple[str, str]:
    path, _, fragment = url.partition("#")
    return path, unquote(fragment) if "%" in fragment else fragment


def directory_index(directory: str) -> str:
    return f"{directory}/index.html" if directory else "index.html"


def page_url(rel: str) -> str:
    """The URL path of a page file, as readers see it ("en/x/index.html" -> "en/x/")."""
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


# --- Issues, before they become findings -------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    code: str
    severity: str  # "error" or "warning"
    message: str
    html: str  # the HTML file (site-relative), or "" for sitemap issues
    url: str = ""  # the link as written, to find its line in the Markdown source
    file: str = ""  # for issues in another file than a page (the sitemap)
    line: int = 0  # the line in that file


def check_links(page: HtmlPage, pages: dict[str, HtmlPage], resolver: Resolver) -> list[Issue]:
    issues = (check_link(page, link, pages, resolver) for link in page.links)
    return [issue for issue in issues if issue]


def check_link(
    page: HtmlPage, link: Link, pages: dict[str, HtmlPage], resolver: Resolver
) -> Issue | None:
    if link.url.startswith("#"):
        return check_own_anchor(page, link)
    if is_script_url(link.url):  # however it is spaced: browsers drop tabs and newlines
        message = f"javascript: URL in <{link.tag} {link.attr}>"
        return Issue(JAVASCRIPT_LINK, "error", message, page.rel, link.url)
    target = resolver.resolve(page.directory, link.url)
    if target.kind == "skip" or (target.kind == "external" and not target.insecure):
        return None
    where = f"<{link.tag} {link.attr}>"
    if target.kind == "javascript":
        return Issue(JAVASCRIPT_LINK, "error", f"javascript: URL in {where}", page.rel, link.url)
    if target.kind == "outside":
        message = f"{where} {link.url!r} points outside the site ({target.path})"
        return Issue(OUTSIDE_SITE, "error", message, page.rel, link.url)
    if target.insecure:
        message = f"{where} {link.url!r} uses http://; use https://"
        return Issue(INSECURE_LINK, "warning", message, page.rel, link.url)
    if target.kind == "external":
        return None
    if not target.exists:
        message = f"{where} {link.url!r}: no such file {target.path}"
        return Issue(BROKEN_LINK, "error", message, page.rel, link.url)
    return check_anchor(page, link, target, pages)


def check_own_anchor(page: HtmlPage, link: Link) -> Issue | None:
    """A "#id" link: the fast path, as a page has many (its table of contents)."""
    fragment = link.url[1:]
    if fragment in page.ids:
        return None
    target = Target("internal", page.rel, split_fragment(link.url)[1])
    return check_anchor(page, link, target, {page.rel: page})


def check_anchor(
    page: HtmlPage, link: Link, target: Target, pages: dict[str, HtmlPage]
) -> Issue | None:
    fragment = target.fragment
    if not fragment or fragment == "top" or fragment.startswith(":~:"):
        return None
    linked = pages.get(target.path)
    if linked is None or fragment in linked.ids:
        return None
    message = f"<{link.tag} {link.attr}> {link.url!r}: no id {fragment!r} in {target.path}"
    return Issue(MISSING_ANCHOR, "error", message, page.rel, link.url)


def alternate_targets(page: HtmlPage, resolver: Resolver) -> dict[str, str]:
    """hreflang -> site-relative file of each alternate that resolves inside the site."""
    found: dict[str, str] = {}
    for lang, href in page.alternates:
        target = resolver.resolve(page.directory, href)
        if target.kind == "internal" and target.exists:
            found.setdefault(lang, target.path)
    return found


def check_hreflang(
    page: HtmlPage, alternates: dict[str, dict[str, str]], site: SiteInfo
) -> list[Issue]:
    if not page.alternates:
        return []
    issues = [
        Issue(HREFLANG_RELATIVE, "error", msg, page.rel) for msg in relative_alternates(page, site)
    ]
    issues += [Issue(HREFLANG_CONFLICT, "error", msg, page.rel) for msg in conflicts(page)]
    if X_DEFAULT not in {lang for lang, _ in page.alternates}:
        message = f'no <link rel="alternate" hreflang="{X_DEFAULT}"> in <head>'
        issues.append(Issue(HREFLANG_NO_X_DEFAULT, "error", message, page.rel))
    for lang, other in sorted(alternates.get(page.rel, {}).items()):
        if other == page.rel or other not in alternates:
            continue
        if page.rel not in alternates[other].values():
            message = (
                f"hreflang {lang!r} points to {page_url(other)}, "
                f"whose alternates do not point back to {page_url(page.rel)}"
            )
            issues.append(Issue(HREFLANG_NOT_RECIPROCAL, "error", message, page.rel))
    return issues


def relative_alternates(page: HtmlPage, site: SiteInfo) -> Iterator[str]:
    """One message for all the alternates of a page whose href is not an absolute URL."""
    relative = [
        (lang, href)
        for lang, href in page.alternates
        if not href.lower().startswith(("http://", "https://"))
    ]
    if relative:
        listed = ", ".join(f"{lang} {href!r}" for lang, href in relative)
        hint = f"; site_url is {site.site_url}" if site.site_url else ""
        yield f"hreflang alternates must be absolute URLs: {listed}{hint}"


def conflicts(page: HtmlPage) -> Iterator[str]:
    first: dict[str, str] = {}
    for lang, href in page.alternates:
        if not lang:
            yield f"alternate {href!r} has an empty hreflang"
        elif lang in first and first[lang] != href:
            yield f"hreflang {lang!r} is listed twice: {first[lang]!r} and {href!r}"
        first.setdefault(lang, href)


# --- The sitemap -------------------------------------------------------------------------------


@dataclass
class SitemapUrl:
    loc: str
    line: int
    alternates: list[tuple[str, str, int]] = field(default_factory=list)  # hreflang, href, line


def parse_sitemap(data: bytes) -> list[SitemapUrl]:
    """The <url> entries of a sitemap with their xhtml:link alternates and line numbers."""
    parser = expat.ParserCreate(namespace_separator=" ")
    urls: list[SitemapUrl] = []
    text: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        text.clear()
        if name == f"{SITEMAP_NS} url":
            urls.append(SitemapUrl("", parser.CurrentLineNumber))
        elif name == f"{XHTML_NS} link" and urls and attrs.get("rel") == "alternate":
            alternate = (attrs.get("hreflang", ""), attrs.get("href", ""), parser.CurrentLineNumber)
            urls[-1].alternates.append(alternate)

    def end(name: str) -> None:
        if name == f"{SITEMAP_NS} loc" and urls:
            urls[-1].loc = "".join(text).strip()
            urls[-1].line = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append
    parser.Parse(data, True)
    return urls


def check_sitemap(
    site_dir: Path, resolver: Resolver, alternates: dict[str, dict[str, str]], label: str
) -> list[Issue]:
    if SITEMAP not in resolver.files:
        return [
            Issue(SITEMAP_MISSING, "warning", "no sitemap.xml at the site root", "", file=label)
        ]
    try:
        urls = parse_sitemap((site_dir / SITEMAP).read_bytes())
    except expat.ExpatError as error:
        return [Issue(SITEMAP_INVALID, "error", f"not valid XML: {error}", "", file=label)]
    issues = []
    for url in urls:
        issues += check_sitemap_url(url, resolver, alternates, label)
    return issues


def check_sitemap_url(
    url: SitemapUrl, resolver: Resolver, alternates: dict[str, dict[str, str]], label: str
) -> list[Issue]:
    page = sitemap_target(url.loc, resolver)
    if page is None:
        message = f"<loc> {url.loc} does not map to a file of the site"
        return [Issue(SITEMAP_BROKEN_LOC, "error", message, "", file=label, line=url.line)]
    issues = []
    listed: dict[str, str] = {}
    broken: set[str] = set()
    for lang, href, line in url.alternates:
        target = sitemap_target(href, resolver)
        if target is None:
            broken.add(lang)
            message = f"alternate hreflang {lang!r} {href} (of {url.loc}) does not map to a file"
            issues.append(
                Issue(SITEMAP_BROKEN_ALTERNATE, "error", message, page, file=label, line=line)
            )
        else:
            listed.setdefault(lang, target)
    if url.alternates:
        head = {k: v for k, v in alternates.get(page, {}).items() if k not in broken}
        for message in disagreements(listed, head):
            issues.append(
                Issue(
                    SITEMAP_DISAGREES,
                    "error",
                    f"{url.loc}: {message}",
                    page,
                    file=label,
                    line=url.line,
                )
            )
    return issues


def sitemap_target(url: str, resolver: Resolver) -> str | None:
    target = resolver.resolve("", url)
    if target.kind != "internal" or not target.exists or not SCHEME_RE.match(url):
        return None
    return target.path


def disagreements(sitemap: dict[str, str], head: dict[str, str]) -> Iterator[str]:
    for lang in sorted(set(sitemap) | set(head)):
        in_map, in_head = sitemap.get(lang), head.get(lang)
        if in_map == in_head:
            continue
        if in_head is None:
            yield f"the sitemap lists hreflang {lang!r} ({page_url(in_map or '')}), <head> does not"
        elif in_map is None:
            yield f"<head> lists hreflang {lang!r} ({page_url(in_head)}), the sitemap does not"
        else:
            yield (
                f"hreflang {lang!r} is {page_url(in_map)} in the sitemap "
                f"but {page_url(in_head)} in the page's <head>"
            )


# --- Feeds and social cards --------------------------------------------------------------------

FEED = "feed.xml"
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "http://www.w3.org/XML/1998/namespace lang"


@dataclass
class Feed:
    root: str = ""  # the root element, "namespace name"
    lang: str = ""
    entries: list[tuple[str, int]] = field(default_factory=list)  # alternate link, its line


def parse_feed(data: bytes) -> Feed:
    """An Atom feed's root element, xml:lang and each entry's alternate link (with its line)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    feed = Feed()
    in_entry: list[bool] = [False]

    def start(name: str, attrs: dict[str, str]) -> None:
        if not feed.root:
            feed.root, feed.lang = name, attrs.get(XML_LANG, "")
        elif name == f"{ATOM_NS} entry":
            in_entry[0] = True
            feed.entries.append(("", parser.CurrentLineNumber))
        elif name == f"{ATOM_NS} link" and in_entry[0] and is_first_alternate(attrs):
            feed.entries[-1] = (attrs.get("href", ""), parser.CurrentLineNumber)

    def is_first_alternate(attrs: dict[str, str]) -> bool:
        return not feed.entries[-1][0] and attrs.get("rel", "alternate") == "alternate"

    def end(name: str) -> None:
        if name == f"{ATOM_NS} entry":
            in_entry[0] = False

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(data, True)
    return feed


def feed_files(site: SiteInfo) -> dict[str, str]:
    """Language -> where its feed is, site-relative."""
    feeds = {site.default_language: FEED} if site.default_language else {"": FEED}
    feeds.update({lang: f"{lang}/{FEED}" for lang in sorted(site.languages)})
    return feeds


def check_feeds(site_dir: Path, site: SiteInfo, resolver: Resolver, cwd: Path) -> list[Issue]:
    """Every language's feed: valid Atom in its language, every entry a page of that language."""
    feeds = feed_files(site)
    if not any(rel in resolver.files for rel in feeds.values()):
        return []
    issues = []
    for lang, rel in feeds.items():
        label = display(site_dir / rel, cwd)
        if rel not in resolver.files:
            message = f"no {FEED} for {lang!r}, while other languages have one"
            issues.append(Issue(FEED_MISSING, "warning", message, "", file=label))
            continue
        issues += check_feed(site_dir / rel, lang, site, resolver, label)
    return issues


def check_feed(
    path: Path, lang: str, site: SiteInfo, resolver: Resolver, label: str
) -> list[Issue]:
    try:
        feed = parse_feed(path.read_bytes())
    except expat.ExpatError as error:
        message = f"not valid XML: {error}"
        return [Issue(FEED_INVALID, "error", message, "", file=label, line=error.lineno)]
    if feed.root != f"{ATOM_NS} feed":
        message = f"not an Atom feed: the root element is {feed.root.split()[-1]!r}"
        return [Issue(FEED_INVALID, "error", message, "", file=label)]
    issues = []
    if lang and feed.lang != lang:
        message = f"xml:lang is {feed.lang!r}, not the feed's language {lang!r}"
        issues.append(Issue(FEED_INVALID, "error", message, "", file=label, line=1))
    for href, line in feed.entries:
        issue = check_feed_entry(href, lang, site, resolver)
        if issue:
            code, message = issue
            issues.append(Issue(code, "error", message, "", file=label, line=line))
    return issues


def check_feed_entry(
    href: str, lang: str, site: SiteInfo, resolver: Resolver
) -> tuple[str, str] | None:
    page = sitemap_target(href, resolver) if href else None
    if page is None:
        where = f"link {href}" if href else "no link"
        return FEED_BROKEN_ENTRY, f"entry with {where}: no page of the site (absolute URLs only)"
    page_lang = language_of(page, site)
    if lang and page_lang != lang:
        return FEED_OTHER_LANGUAGE, f"entry {href} is a page in {page_lang!r}, not in {lang!r}"
    return None


def language_of(rel: str, site: SiteInfo) -> str:
    first = rel.split("/", 1)[0]
    return first if first in site.languages and "/" in rel else site.default_language


def check_images(site_dir: Path, pages: dict[str, HtmlPage], resolver: Resolver) -> list[Issue]:
    """Every og:image: an absolute URL to a file of the site, of the size the page states."""
    sizes: dict[str, tuple[int, int] | None] = {}
    issues = []
    for page in pages.values():
        if page.image:
            issue = check_image(page, page.image, site_dir, resolver, sizes)
            if issue:
                issues.append(issue)
    return issues


def check_image(
    page: HtmlPage,
    image: SharedImage,
    site_dir: Path,
    resolver: Resolver,
    sizes: dict[str, tuple[int, int] | None],
) -> Issue | None:
    if not image.url.lower().startswith(("https://", "http://")):
        message = f"og:image {image.url!r} must be an absolute URL"
        return Issue(IMAGE_NOT_ABSOLUTE, "error", message, page.rel, image.url)
    target = resolver.resolve("", image.url)
    if target.kind == "external":
        return None
    if target.kind != "internal" or not target.exists:
        message = f"og:image {image.url}: no such file {target.path}"
        return Issue(IMAGE_MISSING, "error", message, page.rel, image.url)
    if target.path not in sizes:
        sizes[target.path] = image_size(site_dir / target.path)
    actual = sizes[target.path]
    stated = f"{image.width or '?'}x{image.height or '?'}"
    if actual is None or stated != f"{actual[0]}x{actual[1]}":
        found = f"{actual[0]}x{actual[1]}" if actual else "not an image"
        message = f"og:image {target.path} is {found}; the page states {stated}"
        return Issue(IMAGE_WRONG_SIZE, "error", message, page.rel, image.url)
    return None


def image_size(path: Path) -> tuple[int, int] | None:
    """Width and height from the image's header (the pixels are not decoded)."""
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, Image.DecompressionBombError):
        return None


# --- Mapping pages back to Markdown ------------------------------------------------------------


@dataclass
class Sources:
    """Finds the Markdown page a built page came from, and the line of a link in it."""

    site: SiteInfo
    docs_files: set[str]
    texts: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def scan(cls, site: SiteInfo) -> Sources:
        docs = site.docs_dir
        files = site_files(docs) if docs and docs.is_dir() else set()
        return cls(site, {f for f in files if f.endswith(".md")})

    def source(self, html: str) -> str | None:
        """docs-relative Markdown file of a built page, by the suffix convention."""
        parts = html.split("/")
        lang = self.site.default_language
        if len(parts) > 1 and parts[0] in self.site.languages:
            lang, parts = parts[0], parts[1:]
        for stem in stems("/".join(parts)):
            for suffix in (f".{lang}.md", ".md", f".{self.site.default_language}.md"):
                if stem + suffix in self.docs_files:
                    return stem + suffix
        return None

    def line(self, source: str, url: str) -> int:
        lines = self.texts.get(source)
        if lines is None:
            path = (self.site.docs_dir or Path()) / source
            lines = self.texts[source] = path.read_text(encoding="utf-8").splitlines()
        for needle in needles(url):
            for number, text in enumerate(lines, start=1):
                if needle in text:
                    return number
        return 1


def stems(rest: str) -> list[str]:
    if rest == "404.html":
        return []
    if rest == "index.html":
        return ["index", "README"]
    if rest.endswith("/index.html"):
        stem = rest[: -len("/index.html")]
        return [stem, f"{stem}/index", f"{stem}/README"]
    return [rest[: -len(".html")]] if rest.endswith(".html") else []


def needles(url: str) -> list[str]:
    """What to look for in Markdown to find a link written as `url` in the HTML."""
    if not url:
        return []
    path, _, fragment = url.partition("#")
    found = [url]
    segment = next((s for s in reversed(path.split("/")) if s not in ("", ".", "..")), "")
    if segment and segment != "index.html":
        # As a Markdown link target: page.md, (page/, ../page/, (page) or ../page)
        found += [f"{segment}.md", f"({segment}/", f"/{segment}/", f"({segment})", f"/{segment})"]
    if fragment:
        found.append(f"#{fragment}")
    return found


# --- Putting it together -----------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    site_dir: Path
    config_file: Path | None


@dataclass(frozen=True)
class SiteReport:
    findings: list[Finding]
    files_checked: int  # HTML pages, plus the sitemap


def check_site(options: Options) -> SiteReport:
    """Every finding for the built site in options.site_dir."""
    site = load_site_info(options.config_file)
    files, symlinks = walk_site(options.site_dir)
    pages = load_pages(options.site_dir, files)
    resolver = Resolver(site, files)
    alternates = {rel: alternate_targets(page, resolver) for rel, page in pages.items()}
    site_label = display(options.site_dir)
    issues: list[Issue] = [
        Issue(SYMLINK, "error", "symbolic link in the built site", "", file=f"{site_label}/{rel}")
        for rel in sorted(symlinks)
    ]
    for page in pages.values():
        issues += check_links(page, pages, resolver)
        issues += check_hreflang(page, alternates, site)
        issues += check_guards(page, resolver)
    cwd = Path.cwd().resolve()
    sitemap_label = display(options.site_dir / SITEMAP, cwd)
    issues += check_sitemap(options.site_dir, resolver, alternates, sitemap_label)
    issues += check_feeds(options.site_dir, site, resolver, cwd)
    issues += check_images(options.site_dir, pages, resolver)
    sources = Sources.scan(site)
    findings = sort_findings(to_finding(issue, options, sources, cwd) for issue in issues)
    feeds = sum(rel in files for rel in feed_files(site).values())
    return SiteReport(findings, len(pages) + (SITEMAP in files) + feeds)


def to_finding(issue: Issue, options: Options, sources: Sources, cwd: Path) -> Finding:
    """Where a finding is reported: the Markdown source and line if known, else the file."""
    html = display(options.site_dir / issue.html, cwd) if issue.html else ""
    source = sources.source(issue.html) if issue.html else None
    docs = sources.site.docs_dir
    source_path = display(docs / source, cwd) if source and docs else ""
    if issue.file:
        where = f" [{html}, from {source_path}]" if source_path else (f" [{html}]" if html else "")
        return make_finding(issue.file, issue.line or 1, issue, issue.message + where)
    if source and source_path:
        line = sources.line(source, issue.url) if issue.url else 1
        return make_finding(source_path, line, issue, f"{issue.message} [{html}]")
    return make_finding(html, 1, issue, issue.message)


def make_finding(path: str, line: int, issue: Issue, message: str) -> Finding:
    severity = Severity.ERROR if issue.severity == "error" else Severity.WARNING
    return Finding(path=path, line=line, col=1, code=issue.code, severity=severity, message=message)


def display(path: Path, cwd: Path | None = None) -> str:
    """A path relative to the working directory where possible (cwd: resolved, if known)."""
    try:
        return path.resolve().relative_to(cwd or Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m winkelvloer.cli.check_site",
        description="Check links, anchors, hreflang and the sitemap of the built site (offline).",
    )
    parser.add_argument("site_dir", type=Path, help="the built site, e.g. site")
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    add_output_arguments(parser)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not args.site_dir.is_dir():
        print(f"error: {args.site_dir} is not a directory (build the site first)", file=sys.stderr)
        return 2
    try:
        result = check_site(Options(args.site_dir, args.config_file))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return report(
        result.findings,
        result.files_checked,
        output_format=args.format,
        strict=args.strict,
        title="Built site",
        stream=sys.stdout,
    )


if __name__ == "__main__":
    sys.exit(main())
