"""What HTML the site publishes from an editor's Markdown.

An allowlist, applied with nh3 (the Ammonia sanitizer): known elements and attributes only,
links to http(s), mailto, relative paths and fragments, images from the site itself, no event
handlers, no `style`, no `data-*` of the editor's own. Whatever the Markdown says, what is not
listed here does not reach a reader. SECURITY.md explains the rules to editors.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Set
from types import MappingProxyType

import nh3

from winkelvloer.core.read_also import READ_ALSO_MARK

# Elements Python-Markdown writes for the site's extensions, plus plain HTML an editor may use.
CONTENT_TAGS = frozenset(
    {
        *("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code"),
        *("ul", "ol", "li", "dl", "dt", "dd", "a", "img", "figure", "figcaption"),
        *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col"),
        *("em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup"),
        *("abbr", "cite", "q", "kbd", "samp", "var", "span", "div", "aside", "time"),
        *("details", "summary"),
    }
)

CONTENT_ATTRIBUTES: Mapping[str, Set[str]] = MappingProxyType(
    {
        "*": frozenset({"id", "title", "lang", "dir"}),
        "a": frozenset({"href", "hreflang"}),
        "img": frozenset({"src", "alt", "width", "height", "loading"}),
        "ol": frozenset({"start", "reversed", "type"}),
        "li": frozenset({"value"}),
        "th": frozenset({"colspan", "rowspan", "align", "scope"}),
        "td": frozenset({"colspan", "rowspan", "align"}),
        "col": frozenset({"span"}),
        "colgroup": frozenset({"span"}),
        "time": frozenset({"datetime"}),
        "details": frozenset({"open"}),
        "abbr": frozenset({"title"}),
        "q": frozenset({"cite"}),
        "blockquote": frozenset({"cite"}),
        # The mark the site's Markdown puts on a "Lees ook" line. Forged by hand (the check
        # refuses it, SAF006), it only ever yields the card of a page of the site, at its own
        # address (render/cards.py, same_site_path).
        "aside": frozenset({READ_ALSO_MARK}),
    }
)

ADMONITION_TYPES = frozenset(
    {
        *("note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important"),
        *("success", "check", "done", "question", "help", "faq", "warning", "caution"),
        *("attention", "failure", "fail", "missing", "danger", "error", "bug", "example"),
        *("quote", "cite"),
    }
)

# Classes mean styling and, in the theme, behaviour; only those with a known meaning pass.
CONTENT_CLASSES: Mapping[str, Set[str]] = MappingProxyType(
    {
        "div": frozenset({"admonition", *ADMONITION_TYPES}),
        "p": frozenset({"admonition-title", "wv-byline"}),
        "span": frozenset({"wv-byline__author"}),
        # The article's own contents list (markdown_extensions.py).
        "details": frozenset({"wv-toc"}),
        "ul": frozenset({"wv-toc__list"}),
        "a": frozenset({"headerlink", "md-button", "md-button--primary"}),
        "aside": frozenset({"wv-related"}),
    }
)

URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Ids the theme and the site's scripts look up; an element of the editor's with one of these
# would stand in for the theme's own (DOM clobbering).
RESERVED_ID = re.compile(r"^(__|wv-search|pagefind)", re.IGNORECASE)


# Attributes a browser reads as URLs.
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})

# What a browser's URL parser strips from both ends of a URL (C0 controls and space); tabs and
# newlines it removes anywhere.
URL_TRIMMED = "".join(chr(code) for code in range(0x21))
# C0 controls, DEL and C1 controls.
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f]")


# An id as editors and the toc extension's slugs write them (letters, digits, "_", ".", ":",
# "-"), and the tags plugin's placeholders ("tags.md:43-65/slug").
PLAIN_ID = re.compile(r"[\w.:/-]+")


def anchor_id(value: str) -> str:
    """The id the site writes for `value`: itself when it is plain, else a plain token made
    from it. Material writes the contents' ids into its templates (the contents list, the skip
    link) unescaped, so an id may never hold quotes or markup; content ids and "#" links go
    through the same function, so every anchor still finds its heading."""
    if PLAIN_ID.fullmatch(value):
        return value
    return "id-" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:12]


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return None if RESERVED_ID.match(value) else anchor_id(value)
    if attribute == "href" and value.startswith("#") and len(value) > 1:
        value = "#" + anchor_id(value[1:])
    # A control character in a URL is never an editor's intent, and browsers drop some of them
    # silently ("\x01//host" is another site's URL).
    if attribute in URL_ATTRIBUTES and has_control_character(value):
        return None
    if tag == "img" and attribute == "src" and not is_same_site(value):
        return None
    return value


def is_same_site(url: str) -> bool:
    """A relative URL (no scheme, not protocol-relative): an image of the site itself."""
    compact = "".join(ch for ch in url if ch not in "\t\n\r").strip(URL_TRIMMED).strip()
    return not compact.startswith(("/", "\\")) and ":" not in compact.split("/", 1)[0]


def has_control_character(value: str) -> bool:
    return CONTROL_CHARACTER.search(value) is not None


def sanitize_content(html: str) -> str:
    """The editor's rendered Markdown, reduced to what the allowlist permits."""
    return nh3.clean(
        html,
        tags=set(CONTENT_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in CONTENT_ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        strip_comments=False,  # the tags plugin marks where its listing goes with one
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
        allowed_classes={tag: set(names) for tag, names in CONTENT_CLASSES.items()},
    )


# After the site's own markup (cards, tag listings) is added: the same guarantees, plus the
# attributes and classes of that markup. Only the site's templates can produce these, since
# the content went through sanitize_content first.
PAGE_ATTRIBUTES: Mapping[str, Set[str]] = MappingProxyType(
    {
        **CONTENT_ATTRIBUTES,
        "*": frozenset({*CONTENT_ATTRIBUTES["*"], "class", "aria-label", "data-pagefind-ignore"}),
        "a": frozenset({*CONTENT_ATTRIBUTES["a"], "aria-label"}),
        # A "Lees ook" card is named by its label and title (partials/related-card.html).
        "aside": frozenset({*CONTENT_ATTRIBUTES["aside"], "aria-labelledby"}),
    }
)


def sanitize_page(html: str) -> str:
    """Page content including the site's own additions; classes are not restricted."""
    return nh3.clean(
        html,
        tags={*CONTENT_TAGS, "nav"},
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in PAGE_ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        strip_comments=False,
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
    )


def text_only(html: str) -> str:
    """A title as HTML text: any markup dropped, what remains escaped."""
    return nh3.clean(html, tags=set(), strip_comments=True, link_rel=None)
