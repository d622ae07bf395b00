"""Check the built site as readers get it: every rule of every module, over one reading.

Every href, src and srcset of every HTML file (head links, language switcher, cards and body
alike) is resolved against the files of the site, offline: external links are not fetched.
Absolute links to the site's own site_url count as internal. URLs inside CSS and JavaScript
(Material's search worker, source maps) are not followed. Each finding names the HTML file and,
where the page was rendered from Markdown, the source page and line (sources.py). The rules
(S001-S056) are registered in core/rules.py and explained in RULES.md.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from winkelvloer.core.findings import Finding, sort_findings
from winkelvloer.site.config import load_site_info
from winkelvloer.site.feeds import check_feeds, feed_files
from winkelvloer.site.guards import check_guards
from winkelvloer.site.hreflang import alternate_targets, check_hreflang
from winkelvloer.site.images import check_images
from winkelvloer.site.issues import Issue, display
from winkelvloer.site.links import check_links
from winkelvloer.site.metadata import check_metadata
from winkelvloer.site.pages import load_pages, walk_site
from winkelvloer.site.sitemap import SITEMAP, check_sitemap
from winkelvloer.site.sources import Sources, to_finding
from winkelvloer.site.urls import Resolver

SYMLINK = "S035"


class EmptySite(Exception):
    """The site folder holds no page: nothing was built, or the wrong folder was named."""


def kind_of(path: Path) -> str:
    """What a file that is not a regular file is, in the message of S035."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return "file that cannot be read"
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device or other special file"


@dataclass(frozen=True)
class Options:
    site_dir: Path
    config_file: Path | None


@dataclass(frozen=True)
class SiteReport:
    findings: list[Finding]
    files_checked: int  # HTML pages, plus the sitemap and the feeds


def check_site(options: Options) -> SiteReport:
    """Every finding for the built site in options.site_dir."""
    site = load_site_info(options.config_file)
    files, others = walk_site(options.site_dir)
    if not any(rel.endswith(".html") for rel in files):
        raise EmptySite(f"{display(options.site_dir)} has no HTML page (build the site first)")
    pages = load_pages(options.site_dir, files)
    resolver = Resolver(site, files)
    alternates = {rel: alternate_targets(page, resolver) for rel, page in pages.items()}
    site_label = display(options.site_dir)
    issues: list[Issue] = [
        Issue(
            SYMLINK,
            f"{kind_of(options.site_dir / rel)} in the built site",
            "",
            file=f"{site_label}/{rel}",
        )
        for rel in sorted(others)
    ]
    for page in pages.values():
        issues += check_links(page, pages, resolver)
        issues += check_hreflang(page, alternates, site)
        issues += check_guards(page, resolver)
        issues += check_metadata(page, pages, resolver, site)
    cwd = Path.cwd().resolve()
    sitemap_label = display(options.site_dir / SITEMAP, cwd)
    issues += check_sitemap(options.site_dir, resolver, alternates, sitemap_label)
    issues += check_feeds(options.site_dir, site, resolver, cwd)
    issues += check_images(options.site_dir, pages, resolver)
    sources = Sources.scan(site)
    findings = (to_finding(issue, options.site_dir, sources, cwd) for issue in issues)
    feeds = sum(rel in files for rel in feed_files(site).values())
    return SiteReport(sort_findings(findings), len(pages) + (SITEMAP in files) + feeds)
