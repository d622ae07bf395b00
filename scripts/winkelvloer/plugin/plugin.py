"""The site's MkDocs plugin: everything the site adds to MkDocs, Material and static-i18n.

The build (plugin/driver.py) starts a session (plugin/session.py: every page read once and
judged as `make check` judges it), then builds each language with MkDocs, static-i18n told
it is building that one language. The events below run in the order MkDocs calls them;
inside one event, the steps run in the order they are written. Where a step must come before
or after Material's tags plugin or static-i18n, the priority says so, with the reason:

- static-i18n: on_config -100 (the language's settings), on_files -100 (each page's
  language and alternates), on_page_context 50 (the language switcher);
- Material's tags plugin: on_page_markdown -50 (collects tags), on_env 100 (renders listings).

No state is kept in modules: the session lives on the plugin for one build, the language's
state for one language's build, the page's for one page.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as etree
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from winkelvloer.core import publishing
from winkelvloer.core.text import printable
from winkelvloer.core.typography import typeset, uses_curly_quotes
from winkelvloer.plugin.config import WinkelvloerConfig
from winkelvloer.plugin.page_cache import KEPT_TEMPLATE, PageCache
from winkelvloer.plugin.pages import SourcePageView, kept, nav_title, nav_titles
from winkelvloer.plugin.session import BuildSession, refused
from winkelvloer.render import csp, escaping, feeds, finished_page, notices, seo_data
from winkelvloer.render.build_cache import cache_dir
from winkelvloer.render.cards import same_site_path, with_cards
from winkelvloer.render.html_policy import anchor_id, sanitize_content, sanitize_page, text_only
from winkelvloer.render.i18n_pages import (
    ArticleSummary,
    absolute_url,
    current_language,
    date_label,
    hreflang_links,
    i18n_plugin,
    is_article,
    is_fallback,
    language_folder,
    page_language,
    pages_by_url,
    reading_minutes,
    strings,
    strings_of,
    summarize,
)
from winkelvloer.render.markdown_extensions import PageWork, SiteExtension
from winkelvloer.render.not_found import not_found_messages
from winkelvloer.render.permalinks import name_permalinks
from winkelvloer.render.search_index import indexed_digest
from winkelvloer.render.site_logo import logo_svg
from winkelvloer.render.social_card import CardStyle
from winkelvloer.render.social_cards import CardPlanner

log = logging.getLogger("mkdocs.plugins.winkelvloer")

# static-i18n logs every per-language config override at INFO, including the whole
# `extra.strings` table of each language, on every build.
I18N_LOGGERS = (
    "mkdocs.plugins.mkdocs_static_i18n.plugin",
    "mkdocs.plugins.mkdocs_static_i18n.reconfigure",
)
NOISY_PREFIXES = ("Updating '", "Overriding '", "Translated ")
NOT_FOUND = "404.html"


class _DropConfigOverrides(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage().removeprefix("mkdocs_static_i18n: ")
        return not message.startswith(NOISY_PREFIXES)


@dataclass
class LanguageState:
    """What one language's build collects, for its pages and for the driver."""

    lang: str
    env: Environment | None = None
    pages: dict[str, Page] = field(default_factory=dict)  # by URL
    articles: list[Page] = field(default_factory=list)
    cards: dict[tuple[str, str], str] = field(default_factory=dict)
    theme_scripts: list[str] = field(default_factory=list)
    allowed_scripts: dict[str, frozenset[str]] = field(default_factory=dict)
    sitemap: dict[str, dict[str, str]] = field(default_factory=dict)
    not_found: str | None = None
    feed: list[Page] = field(default_factory=list)
    social: CardPlanner | None = None
    pages_kept: PageCache | None = None
    # What Pagefind reads of each page, by URL (render/search_index.py); None: not known for
    # every page, and the language is indexed anew.
    indexed: dict[str, str] | None = field(default_factory=dict)


class WinkelvloerPlugin(BasePlugin[WinkelvloerConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.session: BuildSession | None = None
        self.language: LanguageState | None = None
        self.work = PageWork()
        self.extension: SiteExtension | None = None

    # The build's own steps (plugin/driver.py) ------------------------------------------------

    def begin(self, session: BuildSession) -> None:
        """Start a build with nothing of the last one. MkDocs keeps a plugin that has
        on_startup from one load_config to the next, so the preview's rebuilds and a test's
        second build get this same instance, with the settings of their own mkdocs.yml."""
        self.session = session
        self.language = None
        self.work = PageWork()
        self.extension = None  # made again in on_config, with this build's features

    def end(self) -> None:
        self.session = None
        self.language = None

    def _session(self) -> BuildSession:
        if self.session is None:
            raise PluginError(
                "the winkelvloer plugin builds through its own driver: run `make build` "
                "(python -m winkelvloer.cli.build) or `make serve`, not mkdocs build or serve"
            )
        return self.session

    def _language(self) -> LanguageState:
        assert self.language is not None, "a language's event outside its build"
        return self.language

    # MkDocs events ---------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        for name in I18N_LOGGERS:
            logger = logging.getLogger(name)
            if not any(isinstance(f, _DropConfigOverrides) for f in logger.filters):
                logger.addFilter(_DropConfigOverrides())

    # After static-i18n (-100) has put in the settings and strings of the language being built.
    @event_priority(-150)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._session()
        lang = current_language(config)
        if self.config.typography.enabled:  # interface words too (curly apostrophes always)
            words = config.extra.get("strings", {})
            config.extra["strings"] = {key: typeset(v, lang, True) for key, v in words.items()}
        config.mdx_configs.setdefault("toc", {})["permalink_title"] = strings(config)["permalink"]
        # The driver writes one sitemap for all languages (render/sitemap.py); MkDocs' own of
        # each language's pages would be rendered and thrown away.
        config.theme.static_templates.discard("sitemap.xml")
        if self.extension is None:
            self.extension = SiteExtension(
                self.work,
                cards=self.config.cards.enabled,
                byline=self.config.byline.enabled,
                typography=self.config.typography.enabled,
                contents=self.config.contents.enabled,
            )
        extensions: list[Any] = config.markdown_extensions
        if self.extension not in extensions:  # MkDocs takes Extension objects as well as names
            extensions.append(self.extension)
        home_links = i18n_plugin(config).extra_alternate
        if home_links:
            # The 404 page has no page of its own: its language switcher leads to the homes.
            # An attribute, as static-i18n sets it for each page (it hides the key of that
            # name); MkDocs' type for extra declares no attributes.
            config.extra.alternate = deepcopy(home_links)  # type: ignore[attr-defined]
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._session()
        session = self._session()
        self.language = LanguageState(current_language(config))
        if session.settings_digest is not None:
            self.language.pages_kept = PageCache(cache_dir(config, "pages"), session)
        if self.config.social_cards.enabled:
            colours = config.theme["colours"]
            self.language.social = CardPlanner(
                cache=cache_dir(config, "cards"),
                style=CardStyle(colours["primary"], colours["on_primary"], colours["accent"]),
                logo=logo_svg(config),
            )

    # Before static-i18n (-100) sorts the files into languages: what the check rejected, what
    # is not published yet, and pages MkDocs must not read, are left out of every language.
    @event_priority(100)
    def _leave_out(self, files: Files, config: MkDocsConfig) -> Files:
        session = self._session()
        removed = False
        for file in list(files):
            if not file.abs_src_path or not Path(file.abs_src_path).is_relative_to(
                session.site.docs_dir
            ):
                continue
            if refused(file.src_uri, session.left_out):
                files.remove(file)
                removed = True
        if removed:  # a refused file that shadowed a theme file kept that file out
            files.add_files_from_theme(config.theme.get_env(), config)
        return files

    # After static-i18n (-100): each page reads its text and front matter from the session.
    @event_priority(-110)
    def _read_from_session(self, files: Files, config: MkDocsConfig) -> Files:
        session = self._session()
        titles = nav_titles(config)
        cache = self._language().pages_kept
        for file in files.documentation_pages():
            source = session.page(file.src_uri)
            if source is not None:
                usable = session.usable(file.src_uri)
                title = nav_title(file, titles)
                SourcePageView(title, file, config, source, usable=usable, cache=cache)
        return files

    on_files = CombinedEvent(_leave_out, _read_from_session)

    # Before Material's tags plugin (-50) collects the page's tags.
    @event_priority(0)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        lang = page_language(page)
        curly = uses_curly_quotes(markdown)
        article = is_article(page)
        if self.config.typography.enabled:
            # Titles and descriptions go to <title>, cards, the header and the search index.
            for key in ("title", "description"):
                if isinstance(page.meta.get(key), str):
                    page.meta[key] = typeset(page.meta[key], lang, curly)
        if is_fallback(page, config) and page.meta.get("tags"):
            page.meta["tags"] = []  # source-language tags stay out of this language's index
        self.work.read_also_label = strings_of(config, lang)["read_also"]
        self.work.byline = (
            self.byline(page, config) if article and self.config.byline.enabled else None
        )
        self.work.lang = lang
        self.work.curly = curly
        self.work.contents_title = strings(config)["contents"] if article else None
        return markdown

    # Last: nothing another plugin does to the rendered Markdown escapes the sanitizer.
    @event_priority(-100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return html if kept(page) else sanitize_content(html)

    # Before Material's tags plugin (100) renders its listings with the environment.
    @event_priority(150)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        state = self._language()
        names = escaping.escaped_templates(Path(config.theme.custom_dir or ""))
        env.autoescape = lambda name: escaping.loader_path(name) in names
        # A page kept from an earlier build is written as it was: its template says nothing.
        if env.loader is not None:
            env.loader = ChoiceLoader([DictLoader({KEPT_TEMPLATE: ""}), env.loader])
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.title is not None and not isinstance(page.title, Markup):
                page.title = escape(page.title)
        env.bytecode_cache = self._session().templates  # compiled once for all languages
        state.env = env
        state.pages = pages_by_url(files)
        state.articles = [p for p in state.pages.values() if is_article(p)]
        state.theme_scripts = csp.theme_script_partials(config.theme.dirs)
        # Globals rather than page context: the 404 page is rendered without a page.
        if self.config.feeds.enabled:
            env.globals["feed"] = {
                "url": feeds.feed_url(config, self.config.feeds.file),
                "type": feeds.FEED_TYPE,
                "title": config.site_name,
            }
        env.globals["png_icons"] = self.config.icons.enabled and bool(logo_svg(config))
        return env

    # After static-i18n (50) has set up the language switcher for the page.
    @event_priority(0)
    def _page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        session, state = self._session(), self._language()
        fallback = is_fallback(page, config)
        # What the site gathers from every page, kept ones too: the sitemap, cards, the feed.
        if self.config.sitemap.enabled and not fallback:
            state.sitemap[absolute_url(config, page.url)] = hreflang_links(page, config)
        if state.social is not None:
            card = seo_data.page_card(page, config)
            rel = seo_data.card_path(card.lang, page.file.src_uri)
            state.social.plan(page.file.src_uri, card, rel)
        if self.config.feeds.enabled and is_article(page) and not fallback:
            state.feed.append(page)
        if kept(page):
            return context
        if self.config.notices.enabled:
            context["translation_notice"] = notices.translation_notice(
                page, config, session.sections
            )
        if self.config.seo.enabled:
            context["seo"] = seo_data.head_metadata(page, config, session.site.by_locale)
        if state.social is not None:
            typography = self.config.typography.enabled
            context["card"] = seo_data.card_facts(page, config, typography=typography)
        if self.config.listing.enabled and page.meta.get("template") == "home.html":
            summaries = [self.summary(p, config) for p in state.articles]
            context["articles"] = newest_first(summaries)
        if self.config.cards.enabled and page.content:
            page.content = with_cards(page.content, lambda href: self.card(href, page, config))
        context["searchable"] = self.config.search.enabled and is_article(page) and not fallback
        context["publishing_notice"] = None
        status = session.status(page.file.src_uri)
        if status != "published":
            context["searchable"] = False
            day = publishing.page_date(session.source_meta(page.file.src_uri))
            label = date_label(day, config) if day else ""
            context["publishing_notice"] = notices.publishing_notice(status, strings(config), label)
        context["search_may_lag"] = session.preview
        # The preview names each finding `make check` has for the page, at its top.
        context["page_findings"] = (
            session.by_page.get(page.file.src_uri, []) if session.preview else []
        )
        return context

    # After the cards and the tag listings are in the content, and every context is made.
    @event_priority(-100)
    def _finish_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        if kept(page):
            return context
        if page.content:
            page.content = sanitize_page(page.content)
            # The site's own markup, after the sanitizer: each heading permalink named apart
            # from its heading, in the reader's language (the fallback's text is another).
            other = current_language(config) if is_fallback(page, config) else None
            page.content = name_permalinks(page.content, strings(config)["permalink"], other)
        clean_contents(page.toc)
        state = self._language()
        state.allowed_scripts[page.url] = self.theme_scripts(context)
        return context

    on_page_context = CombinedEvent(_page_context, _finish_context)

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if template_name == NOT_FOUND:
            # GitHub Pages answers every missing address with the root 404.html: it carries
            # every language's message (overrides/404.html, assets/javascripts/not-found.js).
            messages = not_found_messages(
                self._session().site,
                current_language(config),
                typography=self.config.typography.enabled,
            )
            context["not_found_messages"] = messages  # type: ignore[typeddict-unknown-key]
        self._language().allowed_scripts[template_name] = self.theme_scripts(dict(context))
        return context

    # Last, so the policy hashes the page as it is written.
    @event_priority(-200)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        state = self._language()
        if isinstance(page, SourcePageView) and page.kept is not None:
            self.indexed(page.url, page.kept.indexed)
            return page.kept.output
        output = finished_page.conform(output)
        if is_fallback(page, config):
            output = finished_page.mark_fallback_language(output, page_language(page))
        allowed = state.allowed_scripts.pop(page.url, frozenset())
        output = self.with_policy(output, allowed, page.file.src_uri)
        if isinstance(page, SourcePageView) and state.pages_kept is not None:
            indexed = indexed_digest(output, self.config.search.exclude_selectors)
            self.indexed(page.url, indexed)
            page.keep(output, indexed)
        else:
            state.indexed = None
        return output

    def indexed(self, url: str, digest: str) -> None:
        state = self._language()
        if state.indexed is not None:
            state.indexed[url] = digest

    # Last, so the policy hashes the page as it is written. The 404 page is kept by the
    # language's build; the driver writes it where it belongs (every language renders it to
    # the site's root).
    @event_priority(-200)
    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output
        output = finished_page.conform(output)
        allowed = self._language().allowed_scripts.pop(template_name, frozenset())
        output = self.with_policy(output, allowed, template_name)
        if template_name == NOT_FOUND and self.config.not_found.enabled:
            self._language().not_found = output
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        session, state = self._session(), self._language()
        if self.config.feeds.enabled:
            published = [p for p in state.feed if session.status(p.file.src_uri) == "published"]
            folder = Path(config.site_dir) / language_folder(config, state.lang)
            folder.mkdir(parents=True, exist_ok=True)
            feed = feeds.atom_feed(
                feeds.newest_first(published), config, self.config.feeds.file, session.today,
                cache_dir(config, "feed-entries"),
            )  # fmt: skip
            (folder / self.config.feeds.file).write_bytes(feed)
        if state.social is not None:
            for warning in state.social.warnings:
                log.warning(warning)
            state.social.draw_missing()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        nonce = self._session().serve_nonce
        if nonce is None:
            return server
        inject = server._inject_js_into_html

        def inject_with_nonce(content: bytes, epoch: int) -> bytes:
            return csp.nonced_live_reload(inject(content, epoch), nonce)

        server._inject_js_into_html = inject_with_nonce
        return server

    # Steps -----------------------------------------------------------------------------------

    def byline(self, page: Page, config: MkDocsConfig) -> etree.Element:
        """An article's author, date and reading time under its title, in the reader's language."""
        lang = current_language(config)
        published = page.meta["date"]
        element = etree.Element("p", {"class": "wv-byline", "lang": lang})
        author = etree.SubElement(element, "span", {"class": "wv-byline__author"})
        author.text = self.author_name(page, config)
        author.tail = " · "
        time = etree.SubElement(element, "time", {"datetime": published.isoformat()})
        time.text = date_label(published, config)
        minutes = reading_minutes(self._session().words(page.file.src_uri))
        time.tail = " · " + strings(config)["reading_time"].format(minutes=minutes)
        return element

    @staticmethod
    def author_name(page: Page, config: MkDocsConfig) -> str:
        """The article's author; on an untranslated page, the editorial team in the reader's
        words."""
        author = page.meta.get("author")
        if isinstance(author, str) and author and not is_fallback(page, config):
            return author
        return strings(config)["author"]

    def summary(self, page: Page, config: MkDocsConfig) -> ArticleSummary:
        words = self._session().words(page.file.src_uri)
        return summarize(page, config, words, typography=self.config.typography.enabled)

    def card(self, href: str, page: Page, config: MkDocsConfig) -> str | None:
        """The card for the page `href` leads to; None if it leads to no page of the site."""
        state = self._language()
        path = same_site_path(page.url, href)
        if path is None:
            # Only a link the check has refused (SAF006, STR009) gets here: a card tells the
            # reader where the link goes, so it is never drawn for another site's address.
            where = self._session().docs_prefix + page.file.src_uri
            log.warning(printable(f"{where}: no read-also card for {href}: not a page of the site"))
            return None
        target = state.pages.get(path)
        if target is None or not is_article(target):  # the check has reported it
            return None
        # Pages of one folder link an article with the same href: its card is made once.
        key = (target.url, href)
        if key not in state.cards:
            article = self.summary(target, config)
            assert state.env is not None
            state.cards[key] = state.env.get_template(self.config.cards.template).render(
                label=strings(config)["read_also"],
                article=article,
                href=href,
                lang=current_language(config),
                reading_time=strings(config)["reading_time"].format(minutes=article.minutes),
            )
        return state.cards[key]

    def theme_scripts(self, context: dict[str, Any]) -> frozenset[str]:
        """The inline scripts the theme's script partials write for this context."""
        state = self._language()
        assert state.env is not None
        rendered = "".join(state.env.get_template(n).render(context) for n in state.theme_scripts)
        return frozenset(csp.inline_scripts(rendered))

    def with_policy(self, output: str, allowed: frozenset[str], source: str) -> str:
        nonce = self._session().serve_nonce
        try:
            return csp.with_policy(output, allowed, [nonce] if nonce else [])
        except csp.PolicyError as error:
            raise PluginError(f"{source}: {error}") from error


def newest_first(articles: list[ArticleSummary]) -> list[ArticleSummary]:
    return sorted(articles, key=lambda article: (article.date, article.title), reverse=True)


def clean_contents(items: Any) -> None:
    """Material writes the contents' titles and ids unescaped; the tag listing puts raw tag
    names in the titles, attr_list any text in the ids."""
    for item in items:
        item.title = text_only(item.title)
        item.id = anchor_id(item.id)
        clean_contents(item.children)
