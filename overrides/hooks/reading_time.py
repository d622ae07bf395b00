"""Hook: count each page's reading time from its Markdown."""

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from winkelvloer.render.i18n_pages import remember_reading_time


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    remember_reading_time(page, markdown)
    return markdown
