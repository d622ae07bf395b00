"""Hook: drafts and scheduled posts stay out of the published site, and say so in the preview.

`make build` and CI publish only what readers may see: a page with `draft: true`, or dated
after today, is removed with all its translations before anything is rendered, so it is in
no listing, tag page, sitemap, search index or feed. `make serve` renders it, with a banner
in the page's language. Translations follow their Dutch source, and a translation with its own
`draft: true` is left out alone, so its language shows the Dutch page with the "not translated
yet" notice (winkelvloer/core/publishing.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from winkelvloer.build import preview_state
from winkelvloer.build.i18n_pages import date_label, default_language, i18n_plugin, strings
from winkelvloer.core import publishing


def on_startup(command: str, dirty: bool) -> None:
    preview_state.set_preview(command == "serve")


def on_shutdown() -> None:
    # MkDocs keeps hook modules for the whole process: the next build starts published.
    preview_state.set_preview(False)


def showing_unpublished() -> bool:
    return preview_state.previewing()


def source_path(file: File, config: MkDocsConfig) -> Path:
    """The Dutch source of a page: x.en.md -> x.md (the file itself when it is Dutch)."""
    locales = {lang.locale for lang in i18n_plugin(config).config.languages}
    stem, _, suffix = Path(file.src_uri).stem.rpartition(".")
    if stem and suffix in locales and suffix != default_language(config):
        return Path(config.docs_dir) / Path(file.src_uri).with_name(f"{stem}.md")
    return Path(file.abs_src_path or "")


def page_status(file: File, config: MkDocsConfig) -> tuple[str, dict[str, object]]:
    """The page's state in its language (a draft translation is a draft) and its source's
    front matter."""
    own = Path(file.abs_src_path or "")
    return publishing.file_status(own, source_path(file, config), publishing.today())


# Before static-i18n (priority -100) pairs the files into languages.
@event_priority(50)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if showing_unpublished():
        return files
    for file in list(files.documentation_pages()):
        if page_status(file, config)[0] != "published":
            files.remove(file)
    return files


# After search_index.py decided what the search may index.
@event_priority(-50)
def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    state, meta = page_status(page.file, config)
    context["publishing_notice"] = None
    if state == "published":
        return context
    context["searchable"] = False
    words = strings(config)
    if state == "draft":
        text = words["draft"]
    else:
        day = publishing.page_date(meta)
        text = words["scheduled"].format(date=date_label(day, config) if day else "")
    context["publishing_notice"] = {"kind": state, "text": text}
    return context
