"""The plugin's settings, under `plugins: - winkelvloer:` in mkdocs.yml.

Every feature of the site has a switch (`enabled`, on by default) and the few settings it
needs, so mkdocs.yml lists just `- winkelvloer` and a test turns a feature off through
the plugin's configuration. What keeps readers safe (the sanitizer, autoescaping, the
Content-Security-Policy, the output guards, refusing files and pages `make check` rejects)
and what keeps every word in the page's language are not features: they have no switch.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ConfigErrors, ConfigWarnings, ValidationError


class Settings(Config):
    """Settings in which a name they do not have is an error. MkDocs only warns, and a build
    that is not strict (`make serve`) would go on as if a misspelt switch were not there."""

    def validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        failed, warnings = super().validate()
        known = sorted(name for name, _ in self._schema)
        message = f"unknown setting (the settings here: {', '.join(known)})"
        unknown = [(key, ValidationError(message)) for key in self if key not in known]
        return [*unknown, *failed], [(key, text) for key, text in warnings if key in known]


class Feature(Settings):
    enabled = c.Type(bool, default=True)


class CardsConfig(Feature):
    """ "Lees ook: [Title](page.md)" paragraphs become cards (partials/related-card.html)."""

    template = c.Type(str, default="partials/related-card.html")


class ListingConfig(Feature):
    """Pages with `template: home.html` list every article of their language, newest first."""


class BylineConfig(Feature):
    """An article's author, date and reading time under its title."""


class ContentsConfig(Feature):
    """A table of contents inside each article, for screens without the contents sidebar."""


class NoticesConfig(Feature):
    """A notice on untranslated pages and on translations behind their Dutch source."""


class TypographyConfig(Feature):
    """Each language's typography on the text readers get (core/typography.py)."""


class SeoConfig(Feature):
    """Absolute hreflang links, canonical URLs, Open Graph and JSON-LD (partials/seo.html)."""


class SitemapConfig(Feature):
    """One sitemap.xml for all languages, with the alternates of each page's head."""


class NotFoundConfig(Feature):
    """A 404 page per language (/404.html, /en/404.html, ...)."""


class FeedsConfig(Feature):
    """An Atom feed of the published articles of each language."""

    file = c.Type(str, default="feed.xml")


class SocialCardsConfig(Feature):
    """A 1200 x 630 card image for every page, drawn offline (assets/cards/<lang>/...)."""


class IconsConfig(Feature):
    """favicon.ico and apple-touch-icon.png rendered from theme.favicon (an SVG)."""


class RobotsConfig(Feature):
    """robots.txt at the site root, naming the sitemap."""


class SearchConfig(Feature):
    """A Pagefind index per language, beside the language's home page."""

    folder = c.Type(str, default="pagefind")
    # Not text a reader searches for: Material's heading permalinks ("¶"), the byline, and what
    # repeats words found elsewhere on the page (the contents list, its headings; the tag
    # links) and would show them twice in an excerpt. Selectors, not data-pagefind-ignore:
    # content may carry no data-pagefind-* attribute.
    exclude_selectors = c.ListOfItems(
        c.Type(str), default=[".headerlink", ".wv-byline", ".wv-toc", ".md-tags"]
    )


class WinkelvloerConfig(Settings):
    cards = c.SubConfig(CardsConfig)
    listing = c.SubConfig(ListingConfig)
    byline = c.SubConfig(BylineConfig)
    contents = c.SubConfig(ContentsConfig)
    notices = c.SubConfig(NoticesConfig)
    typography = c.SubConfig(TypographyConfig)
    seo = c.SubConfig(SeoConfig)
    sitemap = c.SubConfig(SitemapConfig)
    not_found = c.SubConfig(NotFoundConfig)
    feeds = c.SubConfig(FeedsConfig)
    social_cards = c.SubConfig(SocialCardsConfig)
    icons = c.SubConfig(IconsConfig)
    robots = c.SubConfig(RobotsConfig)
    search = c.SubConfig(SearchConfig)
