"""Hook: quick rebuilds of the preview, and the search's notice that it may lag behind.

After a save, winkelvloer.cli.preview re-renders only the changed pages (MkDocs' dirty build). The
pages it skips are not read, so this hook gives them the front matter and reading time the
listings and "read also" cards need. In the preview the search index is refreshed in the
background after each save, so the search dialog says its results may lag behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from winkelvloer.render import preview_state
from winkelvloer.render.i18n_pages import remember_reading_time


class _TemplateCache(BytecodeCache):
    """Compiled templates kept between the preview's builds (keyed by their source's hash)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        # Compiled code depends on the autoescape setting too.
        key = f"{name}|autoescape={environment.autoescape}"
        return super().get_bucket(environment, key, filename, source)

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_templates = _TemplateCache()


# Before the hooks that read other pages' front matter (listings, cards) in on_env.
@event_priority(50)
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    if preview_state.previewing() and isinstance(env.autoescape, bool):
        # Compiling Material's templates is most of a one-page build.
        env.bytecode_cache = _templates
    if not preview_state.quick_build():
        return env
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.markdown is not None or not file.abs_src_path:
            continue
        markdown, page.meta = get_data(Path(file.abs_src_path).read_text(encoding="utf-8-sig"))
        remember_reading_time(page, markdown)
    return env


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    context["search_may_lag"] = preview_state.previewing()
    return context
