"""Mapping a finding back to where an editor fixes it: the Markdown page a built page came from
(by the suffix convention: en/artikelen/x/ comes from artikelen/x.en.md, or artikelen/x.md when
untranslated) and the line of the link in it (line 1 for what the theme adds)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from winkelvloer.core.atomic import read_regular
from winkelvloer.core.findings import Finding
from winkelvloer.core.rules import RULES
from winkelvloer.site.config import SiteInfo
from winkelvloer.site.issues import Issue, display
from winkelvloer.site.pages import site_files


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
            lines = self.texts[source] = _text_lines(path)
        for needle in needles(url):
            for number, text in enumerate(lines, start=1):
                if needle in text:
                    return number
        return 1


def _text_lines(path: Path) -> list[str]:
    """A source's lines, to find a link in; unreadable bytes do not stop the check."""
    try:
        return read_regular(path).decode("utf-8", "replace").splitlines()
    except OSError:
        return []


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


def to_finding(issue: Issue, site_dir: Path, sources: Sources, cwd: Path) -> Finding:
    """Where a finding is reported: the Markdown source and line if known, else the file."""
    html = display(site_dir / issue.html, cwd) if issue.html else ""
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
    severity = RULES[issue.code].severity
    return Finding(path=path, line=line, col=1, code=issue.code, severity=severity, message=message)
