"""Links and images, resolved the way MkDocs and mkdocs-static-i18n resolve them.

A link to ``x.md`` on an English page opens ``x.en.md`` when it exists and the Dutch
``x.md`` otherwise; anchors are checked in the file the reader actually lands on.
"""

from __future__ import annotations

import difflib
import functools
import posixpath
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from urllib.parse import SplitResult, unquote, urlsplit

from winkelvloer.content.markdown import Link
from winkelvloer.core.config import SiteConfig
from winkelvloer.core.findings import Finding
from winkelvloer.core.i18n import candidates, localized, split_name
from winkelvloer.core.rules import finding

WEB_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True)
class Target:
    path: str  # docs-relative, normalised; "" for a link to the page itself
    fragment: str


@dataclass
class LinkContext:
    site: SiteConfig
    files: Collection[str]
    folded: Mapping[str, str]  # lower-cased path -> path, for "did you mean" hints
    dirs: Collection[str]
    anchors: Callable[[str], frozenset[str] | None]
    # (section key, heading text) of a page's numbered and closing sections
    sections: Callable[[str], list[tuple[str, str]] | None] = lambda path: None

    def anchor_of(self, heading: str) -> str:
        return self.site.slugify(heading, self.site.separator)

    def exists(self, path: str) -> bool:
        return path in self.files

    def language_name(self, locale: str) -> str:
        lang = self.site.by_locale.get(locale)
        return lang.english_name if lang else locale


def split_url(href: str) -> SplitResult | None:
    """urlsplit, or None for a URL it cannot read (such as "http://[::1")."""
    try:
        return urlsplit(href)
    except ValueError:
        return None


def malformed_web_url(parts: SplitResult) -> bool:
    """No host, a host with characters no host name has, or a port that is not a number."""
    try:
        host, _ = parts.hostname, parts.port
    except ValueError:
        return True
    return not host or not all(ch.isalnum() or ch in "-._:" for ch in host)


def _own_site(parts: SplitResult, site_urls: Collection[str]) -> bool:
    for url in site_urls:
        own = split_url(url)
        if own is None:
            continue
        prefix = own.path if own.path.endswith("/") else f"{own.path}/"
        if parts.netloc.lower() == own.netloc.lower() and f"{parts.path}/".startswith(prefix):
            return True
    return False


@functools.lru_cache(maxsize=65536)
def resolve(page_path: str, path: str) -> str:
    """Docs-relative path of `path` as linked from the page at `page_path`."""
    joined = posixpath.join(posixpath.dirname(page_path), path)
    return posixpath.normpath(joined) if joined else ""


def _relative(from_page: str, to_path: str) -> str:
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")


# Classification of the URL
# -----------------------------------------------------------------------------------------


def _external(link: Link, parts: SplitResult, page: str, ctx: LinkContext) -> Finding | None:
    if _own_site(parts, ctx.site.site_urls):
        return finding(
            "LNK007",
            page,
            link.line,
            link.col,
            f"absolute link to this site ({link.href}); link to the .md file with a relative "
            "link so previews, forks and translations keep working",
        )
    if parts.scheme == "http":
        https = "https" + link.href[4:]
        return finding(
            "LNK009", page, link.line, link.col, f"insecure link {link.href}; use {https}"
        )
    return None


def classify(link: Link, display: str, ctx: LinkContext) -> Finding | Target | None:
    """A finding for absolute and external links, a Target for relative ones."""
    href = link.href.strip()
    if not href:
        return finding("LNK011", display, link.line, link.col, f"{link.kind} has no target")
    parts = split_url(href)
    web = parts is not None and (parts.scheme in WEB_SCHEMES or (not parts.scheme and parts.netloc))
    if parts is None or (web and malformed_web_url(parts)):
        message = f"malformed URL {unquote(href)}; check the host name (and its brackets)"
        return finding("LNK012", display, link.line, link.col, message)
    if web:
        return _external(link, parts, display, ctx)
    if parts.scheme:
        return None  # mailto:, tel:; javascript: is the safety rule's business
    if href.startswith("/"):
        return finding(
            "LNK008",
            display,
            link.line,
            link.col,
            f"root-absolute link {href}: it breaks when the site is served from a sub-path; "
            "use a relative link to the .md file",
        )
    return Target(unquote(parts.path), unquote(parts.fragment))


# Relative links
# -----------------------------------------------------------------------------------------


def _missing(link: Link, page: str, display: str, target: str, ctx: LinkContext) -> Finding:
    code = "LNK001" if target.endswith(".md") and link.kind == "link" else "LNK002"
    what = {"LNK001": "page", "LNK002": "image" if link.kind == "image" else "file"}[code]
    written = unquote(link.href.split("#", 1)[0].split("?", 1)[0])
    hint = ""
    if target.startswith("../") or target == "..":
        hint = "; it points outside the docs folder"
    elif (actual := ctx.folded.get(target.lower())) and actual != target:
        hint = f"; did you mean {_relative(page, actual)}? (file names are case-sensitive)"
    elif code == "LNK001":
        present = [
            c
            for c in (localized(target, lang.locale) for lang in ctx.site.languages)
            if ctx.exists(c)
        ]
        if present:
            hint = f"; only {', '.join(present)} exist(s)"
        elif similar := _similar_page(target, ctx):
            hint = f"; did you mean {_relative(page, similar)}?"
    message = f"{what} {written} does not exist{hint}"
    return finding(code, display, link.line, link.col, message)


def _similar_page(target: str, ctx: LinkContext) -> str | None:
    """The page whose name is closest to `target` by edit distance (a typo in a slug)."""
    folder = posixpath.dirname(target)
    pages = {
        split_name(f, ctx.site.locales, ctx.site.default.locale).base
        for f in ctx.files
        if f.endswith(".md") and posixpath.dirname(f) == folder
    }
    names = {posixpath.basename(p): p for p in pages}
    close = difflib.get_close_matches(posixpath.basename(target), list(names), n=1, cutoff=0.8)
    return names[close[0]] if close else None


def _same_section_anchor(fragment: str, resolved: str, base: str, ctx: LinkContext) -> str | None:
    """When `fragment` is another language's anchor of a section of this page, the anchor of
    the same section (same number, or the closing section) in the page linked to."""
    sections = ctx.sections(resolved)
    if not sections:
        return None
    for lang in ctx.site.languages:
        other = base if lang.is_default else localized(base, lang.locale)
        if other == resolved or not ctx.exists(other):
            continue
        for key, label in ctx.sections(other) or ():
            if ctx.anchor_of(label) == fragment:
                mine = dict(sections).get(key)
                if mine is not None:
                    return ctx.anchor_of(mine)
    return None


def _anchor_hint(
    fragment: str, ids: frozenset[str], base: str, resolved: str, ctx: LinkContext
) -> str:
    lowered = {i.lower(): i for i in ids}
    if fragment.lower() in lowered:
        return f"; anchors are case-sensitive: did you mean #{lowered[fragment.lower()]}?"
    for lang in ctx.site.languages:
        other = base if lang.is_default else localized(base, lang.locale)
        other_ids = ctx.anchors(other) if ctx.exists(other) else None
        if other_ids and fragment in other_ids:
            same = _same_section_anchor(fragment, resolved, base, ctx)
            if same and same in ids:
                return (
                    f"; did you mean #{same}? (#{fragment} is the same section in the "
                    f"{lang.english_name} version: headings are translated, and so are anchors)"
                )
            return (
                f"; #{fragment} is an anchor of the {lang.english_name} version {other}: "
                "headings are translated, so use this language's heading anchor"
            )
    close = difflib.get_close_matches(fragment, list(ids), n=1, cutoff=0.7)
    return f"; did you mean #{close[0]}?" if close else ""


def _check_anchor(
    link: Link, display: str, resolved: str, fragment: str, ctx: LinkContext
) -> Finding | None:
    ids = ctx.anchors(resolved)
    if not fragment or ids is None or fragment in ids:
        return None
    base = split_name(resolved, ctx.site.locales, ctx.site.default.locale).base
    hint = _anchor_hint(fragment, ids, base, resolved, ctx)
    message = f"anchor #{fragment} does not exist in {resolved}{hint}"
    return finding("LNK003", display, link.line, link.col, message)


def _language_file(
    link: Link, page_lang: str, display: str, target: str, ctx: LinkContext
) -> Finding | None:
    name = split_name(target, ctx.site.locales, ctx.site.default.locale)
    if name.suffix is None:
        return None
    base_name = posixpath.basename(name.base)
    if name.unknown or name.lang != page_lang:
        language = name.suffix if name.unknown else ctx.language_name(name.lang)
        return finding(
            "LNK004",
            display,
            link.line,
            link.col,
            f"link into the {language} file {posixpath.basename(target)}; "
            f"link to {base_name} and the site picks the reader's language",
        )
    return finding(
        "LNK005",
        display,
        link.line,
        link.col,
        f"link to {base_name} instead of {posixpath.basename(target)}; "
        "the site picks the language itself",
    )


def _page_link(
    link: Link,
    page: str,
    page_lang: str,
    display: str,
    target: str,
    fragment: str,
    ctx: LinkContext,
) -> list[Finding]:
    explicit = _language_file(link, page_lang, display, target, ctx)
    if explicit is not None:
        if not ctx.exists(target):
            return [_missing(link, page, display, target, ctx)]
        anchor = _check_anchor(link, display, target, fragment, ctx)
        return [explicit, *([anchor] if anchor else [])]
    default = ctx.site.default.locale
    resolved = next((c for c in candidates(target, page_lang, default) if ctx.exists(c)), None)
    if resolved is None:
        return [_missing(link, page, display, target, ctx)]
    found = []
    if page_lang != default and resolved != localized(target, page_lang):
        found.append(
            finding(
                "LNK006",
                display,
                link.line,
                link.col,
                f"{target} has no {ctx.language_name(page_lang)} translation yet; "
                f"readers of this page get the {ctx.language_name(default)} page",
            )
        )
    anchor = _check_anchor(link, display, resolved, fragment, ctx)
    return found + ([anchor] if anchor else [])


def check_link(
    link: Link, page: str, page_lang: str, display: str, ctx: LinkContext
) -> list[Finding]:
    """Findings for one link or image of the page at docs-relative path `page`."""
    kind = classify(link, display, ctx)
    if not isinstance(kind, Target):
        return [kind] if kind else []
    if not kind.path:
        anchor = _check_anchor(link, display, page, kind.fragment, ctx)
        return [anchor] if anchor else []
    target = resolve(page, kind.path)
    if kind.path.endswith("/") or target in ctx.dirs or target == ".":
        if target in ctx.dirs or target == ".":
            index = posixpath.join(kind.path, "index.md")
            message = f"link to the folder {kind.path}; link to a page in it, such as {index}"
            return [finding("LNK010", display, link.line, link.col, message)]
        return [_missing(link, page, display, target, ctx)]
    if target.endswith(".md") and link.kind == "link":
        return _page_link(link, page, page_lang, display, target, kind.fragment, ctx)
    default = ctx.site.default.locale
    if any(ctx.exists(c) for c in candidates(target, page_lang, default)):
        return []
    return [_missing(link, page, display, target, ctx)]


def landing_page(href: str, page: str, page_lang: str, ctx: LinkContext) -> str | None:
    """The file a reader of `page` lands on when following the relative page link `href`."""
    parts = split_url(href)
    if parts is None or parts.scheme or parts.netloc or not parts.path or href.startswith("/"):
        return None
    target = resolve(page, unquote(parts.path))
    default = ctx.site.default.locale
    return next((c for c in candidates(target, page_lang, default) if ctx.exists(c)), None)
