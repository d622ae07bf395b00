"""What a build knows before it builds any language: the pages, and the check's verdict on them.

The build starts by reading every page of docs/ once (content/source.py) and judging the docs
folder exactly as `make check` does (content/check.py). Each finding is reported with the
check's own code, line and message; a page with an error is not built, and neither are the
translations of a Dutch page that is not. In the preview (`make serve`) drafts and scheduled
pages are built too, and so is a page with errors whenever it can be read.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

from winkelvloer.content.check import check_folder
from winkelvloer.content.corpus import Corpus
from winkelvloer.content.source import SourcePage, Sources, digest_of
from winkelvloer.core import publishing
from winkelvloer.core.config import SiteConfig
from winkelvloer.core.findings import Finding
from winkelvloer.core.freshness import SectionHash
from winkelvloer.core.i18n import FileName
from winkelvloer.render.build_cache import content_key
from winkelvloer.render.i18n_pages import reading_minutes


class CompiledTemplates(BytecodeCache):
    """The theme's templates compiled once per build and shared by every language's template
    environment (Jinja checks each against its source before using it)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


# Findings that leave nothing to build from: the file is no text, its front matter cannot be
# used, or rendering it would take hours. The preview shows such a page without its text.
UNREADABLE = frozenset(
    {"ENC001", "ENC004", "MDX001", "FM001", "FM002", "FM003", "FM004", "FM005", "FM006", "FM008"}
)


@dataclass
class BuildSession:
    """One build's reading of docs/ and the check's findings, shared by every language."""

    site: SiteConfig
    sources: Sources
    corpus: Corpus
    findings: list[Finding]
    today: datetime.date
    preview: bool
    serve_nonce: str | None = None
    # The code and settings the build is made with (plugin/build_inputs.py); None: no pages kept.
    settings_digest: str | None = None
    left_out: dict[str, str] = field(default_factory=dict)  # docs path -> why
    by_page: dict[str, list[Finding]] = field(default_factory=dict)  # docs path -> findings
    templates: CompiledTemplates = field(default_factory=CompiledTemplates, repr=False)
    _structure: str | None = field(default=None, repr=False)

    @property
    def docs_prefix(self) -> str:
        """How findings name the docs folder: "docs/"."""
        return self.sources.display("_")[:-1]

    def page(self, src_uri: str) -> SourcePage | None:
        return self.sources.page(src_uri)

    def name(self, src_uri: str) -> FileName:
        return self.sources.name(src_uri)

    def words(self, src_uri: str) -> int:
        page = self.page(src_uri)
        return page.words if page else 0

    def status(self, src_uri: str) -> str:
        """ "published", "draft" or "scheduled": a translation follows its Dutch source, and is
        a draft on its own with its own `draft: true` (its language shows the Dutch page)."""
        source_path = self.sources.source_of(src_uri) or src_uri
        source = self.page(source_path)
        own = self.page(src_uri) if source_path != src_uri else None
        return publishing.language_status(
            source.meta if source else {}, own.meta if own else None, self.today
        )

    def source_meta(self, src_uri: str) -> dict[str, object]:
        source = self.page(self.sources.source_of(src_uri) or src_uri)
        return source.meta if source else {}

    def sections(self, src_uri: str) -> list[SectionHash]:
        """The hashed sections of a Dutch page (for a translation's outdated notice)."""
        facts = self.corpus.facts(src_uri)
        return list(facts.sections) if facts else []

    def usable(self, src_uri: str) -> bool:
        """Whether the page's text and front matter can be built from."""
        return not any(f.code in UNREADABLE for f in self.by_page.get(src_uri, ()))

    def text_digest(self, src_uri: str) -> str:
        """The page's own text and front matter, and whether they can be built from."""
        page = self.page(src_uri)
        return f"{page.digest if page else ''}:{self.usable(src_uri)}"

    def sections_digest(self, src_uri: str) -> str:
        return content_key(json.dumps([list(s) for s in self.sections(src_uri)], default=str))

    def structure_digest(self) -> str:
        """What any page may show of the others: every page's front matter, status and reading
        time, what is left out, the text of pages titled by their first heading (the nav shows
        it), and every other file of docs/ (the logo is drawn into each page)."""
        if self._structure is None:
            parts = [json.dumps(sorted(self.left_out.items()))]
            for path in sorted(self.sources.files):
                if path not in self.sources.pages:
                    parts.append(f"{path}:{digest_of(self.sources.bytes_of(path) or b'')}")
                    continue
                page = self.page(path)
                meta = page.meta if page else {}
                described = json.dumps(meta, sort_keys=True, default=str)
                minutes = reading_minutes(page.words) if page else 0
                titled = self.text_digest(path) if "title" not in meta else ""
                parts.append(f"{path}:{described}:{self.status(path)}:{minutes}:{titled}")
            self._structure = content_key(*parts)
        return self._structure

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)


def start_session(
    site: SiteConfig,
    *,
    preview: bool,
    today: datetime.date | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
) -> BuildSession:
    """Read docs/ and judge it as `make check` does; decide which pages are left out."""
    sources = Sources(site)
    corpus = Corpus(site, use_cache=use_cache, jobs=jobs, sources=sources)
    day = today or publishing.today()
    result = check_folder(corpus, day)
    session = BuildSession(site, sources, corpus, result.findings, day, preview)
    prefix = session.docs_prefix
    for found in result.findings:
        session.by_page.setdefault(found.path.removeprefix(prefix), []).append(found)
    session.left_out = left_out(session, result.findings)
    return session


def left_out(session: BuildSession, findings: Iterable[Finding]) -> dict[str, str]:
    """Files and pages the build leaves out, with the reason (docs-relative paths): files that
    must not be published, and, but in the preview, pages with errors and unpublished ones."""
    prefix = session.docs_prefix
    reasons: dict[str, str] = {}
    for found in findings:
        path = found.path.removeprefix(prefix)
        if found.code.startswith("FIL") or (found.is_error and not session.preview):
            reasons.setdefault(path, found.code)
    sources = session.sources
    for path in sources.pages:
        source = sources.source_of(path)
        if source and source != path and source in reasons:
            reasons.setdefault(path, reasons[source])
        if not session.preview and session.status(path) != "published":
            reasons.setdefault(path, session.status(path))
    return reasons


def refused(src_uri: str, left_out: dict[str, str]) -> bool:
    """The file itself, or a folder on its path (a linked folder), is left out."""
    parts = src_uri.split("/")
    return any("/".join(parts[: i + 1]) in left_out for i in range(len(parts)))


def with_docs_dir(site: SiteConfig, docs_dir: str) -> SiteConfig:
    """The site's configuration with the docs folder MkDocs builds (a test may move it)."""
    folder = Path(docs_dir).resolve()
    return site if folder == site.docs_dir else dataclasses.replace(site, docs_dir=folder)
