"""The output guards: whatever the Markdown said, no built page may run script the site did not
write (event handlers, javascript: URLs, foreign or unhashed scripts, <base>, meta refresh)."""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser

from winkelvloer.content.safety import is_script_url
from winkelvloer.site.issues import Issue
from winkelvloer.site.urls import Resolver

if TYPE_CHECKING:
    from winkelvloer.site.pages import HtmlPage

JAVASCRIPT_LINK = "S003"
EVENT_HANDLER = "S030"
FOREIGN_SCRIPT = "S031"
BASE_ELEMENT = "S032"
META_REFRESH = "S033"
NO_CSP = "S034"

# Attributes whose value a browser may follow or load as a URL, beyond href/src/srcset.
URL_ATTRIBUTES = frozenset(
    {"action", "formaction", "data", "poster", "cite", "background", "xlink:href", "ping"}
)
# <script> types a browser does not run: data blocks.
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})


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
    issues = [Issue(code, message, page.rel) for code, message in page.guards]
    for src in page.scripts:
        # A missing file of the site is S001, a path above it S005.
        if resolver.resolve(page.directory, src).kind == "external":
            message = f"<script src={src!r}> loads a script from another site"
            issues.append(Issue(FOREIGN_SCRIPT, message, page.rel, src))
    return issues
