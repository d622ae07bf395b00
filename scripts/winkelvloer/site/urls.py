"""Where a URL in the built site leads: resolved against the site's files, offline.

Site-relative, root-relative and absolute URLs to the site's own site_url are internal; a
directory leads to its index.html. External URLs are not fetched.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import unquote

from winkelvloer.site.config import SiteInfo

SKIPPED_SCHEMES = frozenset({"mailto", "tel", "data", "sms", "callto", "blob", "about"})
SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


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


def absolute_page(url: str, resolver: Resolver) -> str | None:
    """The page an absolute URL of the site leads to (as the sitemap and feeds must name it)."""
    target = resolver.resolve("", url)
    if target.kind != "internal" or not target.exists or not SCHEME_RE.match(url):
        return None
    return target.path
