"""The link rules: every href, src and srcset of a page leads to a file of the site (S001-S005)."""

from __future__ import annotations

from winkelvloer.content.safety import is_script_url
from winkelvloer.site.guards import JAVASCRIPT_LINK
from winkelvloer.site.issues import Issue
from winkelvloer.site.pages import HtmlPage, Link
from winkelvloer.site.urls import Resolver, Target, split_fragment

BROKEN_LINK = "S001"
MISSING_ANCHOR = "S002"
INSECURE_LINK = "S004"
OUTSIDE_SITE = "S005"


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
        return Issue(JAVASCRIPT_LINK, message, page.rel, link.url)
    target = resolver.resolve(page.directory, link.url)
    if target.kind == "skip" or (target.kind == "external" and not target.insecure):
        return None
    where = f"<{link.tag} {link.attr}>"
    if target.kind == "javascript":
        return Issue(JAVASCRIPT_LINK, f"javascript: URL in {where}", page.rel, link.url)
    if target.kind == "outside":
        message = f"{where} {link.url!r} points outside the site ({target.path})"
        return Issue(OUTSIDE_SITE, message, page.rel, link.url)
    if target.insecure:
        message = f"{where} {link.url!r} uses http://; use https://"
        return Issue(INSECURE_LINK, message, page.rel, link.url)
    if target.kind == "external":
        return None
    if not target.exists:
        message = f"{where} {link.url!r}: no such file {target.path}"
        return Issue(BROKEN_LINK, message, page.rel, link.url)
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
    return Issue(MISSING_ANCHOR, message, page.rel, link.url)
