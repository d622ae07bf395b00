"""mkdocs.yml as the checks, the build, the bench and the tests read it: the one reader of its
languages (plugins.i18n.languages), without running MkDocs or its plugins.

The YAML is loaded with a tolerant loader: ``!ENV`` and ``!relative`` resolve like MkDocs
resolves them, ``!!python/object/apply`` and ``!!python/name`` resolve for Python-Markdown
and pymdown-extensions (the toc ``slugify`` is one of them), every other Python tag loads
as an inert placeholder. Nothing from mkdocs, Material or the i18n plugin is imported.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import importlib.util
import os
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
RESOLVABLE_MODULES = ("pymdownx.", "markdown.")
ARTICLES_DIR = "artikelen"
Slugify = Callable[[str, str], str]


class ConfigError(Exception):
    """mkdocs.yml is missing or unusable."""


class EnvValue(str):
    """An ``!ENV`` value that remembers its default, so the checks can know both URLs."""

    default: object = None


@dataclass(frozen=True)
class Unresolved:
    """A Python tag the checks do not need and therefore do not import."""

    tag: str


@dataclass(frozen=True, slots=True)
class Language:
    locale: str
    name: str
    is_default: bool
    read_also: str | None
    closing_section: str | None
    # The tag vocabulary: (key shared by all languages, this language's tag name).
    tags: tuple[tuple[str, str], ...] = ()
    # Every word of extra.strings, for the tools that write pages (winkelvloer/cli/new_page.py).
    words: tuple[tuple[str, str], ...] = ()
    # extra.date_locale: how dates are written (Babel), and the page's Open Graph locale.
    date_locale: str | None = None
    # What a reader sees as the site's name in this language (site_name of the entry).
    site_name: str | None = None

    @property
    def og_locale(self) -> str:
        """The Open Graph locale (language_TERRITORY): the date locale, else the locale."""
        return self.date_locale or self.locale

    @property
    def folder(self) -> str:
        """Where the language's pages are served, relative to the site: "" or "en/"."""
        return "" if self.is_default else f"{self.locale}/"

    @property
    def tag_names(self) -> dict[str, str]:
        """Tag name -> key."""
        return {name: key for key, name in self.tags}

    @property
    def tag_of_key(self) -> dict[str, str]:
        return dict(self.tags)

    def word(self, name: str) -> str | None:
        return dict(self.words).get(name)

    @property
    def english_name(self) -> str:
        """The language's name in English, for the checks' messages ("Dutch", not "Nederlands")."""
        return english_language_name(self.locale, self.name)


@functools.lru_cache(maxsize=64)
def english_language_name(locale: str, fallback: str) -> str:
    try:
        from babel import Locale, UnknownLocaleError

        return Locale.parse(locale.replace("-", "_")).get_display_name("en") or fallback
    except (ImportError, ValueError, UnknownLocaleError):
        return fallback


@dataclass(frozen=True)
class SiteConfig:
    config_path: Path
    root: Path
    docs_dir: Path
    languages: tuple[Language, ...]
    site_urls: tuple[str, ...]
    slugify: Slugify
    separator: str = "-"
    smart_symbols: bool = False
    articles_dir: str = ARTICLES_DIR
    theme_dirs: tuple[Path, ...] = ()  # custom_dir, then the theme's own folder
    # The templates a page's `template:` may name: the top-level ones of custom_dir but 404;
    # None when custom_dir is not there (the build would not start; the check cannot tell).
    page_templates: tuple[str, ...] | None = None
    # theme.favicon when it is an SVG in docs/, which the build draws the site's icons from.
    icon: str | None = None
    # Python-Markdown extensions as MkDocs loads them: its built-ins, then markdown_extensions.
    markdown_extensions: tuple[tuple[str, dict[str, Any]], ...] = field(
        default=(), hash=False, compare=False
    )
    by_locale: Mapping[str, Language] = field(init=False, repr=False)
    # What a command makes from these settings once and uses for every page (the checks'
    # Markdown renderer, content/rendered.py): kept by this object, for as long as it is used.
    made: dict[str, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    default: Language = field(init=False, repr=False)
    locales: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_locale", {lang.locale: lang for lang in self.languages})
        object.__setattr__(self, "default", next(g for g in self.languages if g.is_default))
        object.__setattr__(self, "locales", frozenset(self.by_locale))

    @property
    def site_url(self) -> str:
        """The site's URL as this build sees it (SITE_URL or its default), or ""."""
        return self.site_urls[0] if self.site_urls else ""

    @property
    def others(self) -> tuple[Language, ...]:
        """Every language but the default one, in mkdocs.yml order."""
        return tuple(lang for lang in self.languages if not lang.is_default)

    @property
    def read_also_labels(self) -> dict[str, str]:
        return {lang.locale: lang.read_also for lang in self.languages if lang.read_also}

    @property
    def closing_names(self) -> frozenset[str]:
        return frozenset(lang.closing_section for lang in self.languages if lang.closing_section)

    def fingerprint(self) -> str:
        """Everything of the configuration that per-page results depend on."""
        func = self.slugify
        name = getattr(func, "func", func)
        slug = (
            f"{getattr(name, '__module__', '')}.{getattr(name, '__qualname__', name)!s}"
            f"{getattr(func, 'args', ())}{sorted(getattr(func, 'keywords', {}).items())}"
        )
        return repr(
            (
                self.languages,
                self.site_urls,
                slug,
                self.separator,
                self.smart_symbols,
                self.articles_dir,
                self.page_templates,
                stable_repr(self.markdown_extensions),
                self.docs_dir.relative_to(self.root)
                if self.docs_dir.is_relative_to(self.root)
                else self.docs_dir,
            )
        )


def stable_repr(value: object) -> str:
    """repr without memory addresses: functions by name, partials with their arguments."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{k!r}:{stable_repr(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(stable_repr(v) for v in value) + "]"
    if callable(value):
        func = getattr(value, "func", value)
        name = f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', type(func))}"
        arguments = stable_repr([getattr(value, "args", ()), getattr(value, "keywords", {})])
        return f"{name}{arguments}"
    return repr(value)


# Tolerant YAML loader
# -----------------------------------------------------------------------------------------


class _ConfigLoader(_BaseLoader):
    config_dir = "."


def _construct_env(loader: yaml.Loader, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node, deep=True)
        names, default = items[:-1], items[-1] if items else None
    else:
        raise yaml.constructor.ConstructorError(
            None, None, "!ENV takes a name or a list", node.start_mark
        )
    value = next((os.environ[str(n)] for n in names if str(n) in os.environ), default)
    if isinstance(value, str):
        result = EnvValue(value)
        result.default = default
        return result
    return value


def _construct_relative(loader: _ConfigLoader, node: yaml.Node) -> str:
    return str(Path(loader.config_dir) / loader.construct_scalar(node))


def _import_name(dotted: str) -> object:
    if not dotted.startswith(RESOLVABLE_MODULES):
        return Unresolved(dotted)
    module_name, _, attribute = dotted.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError):
        return Unresolved(dotted)


def _construct_python(loader: yaml.Loader, suffix: str, node: yaml.Node) -> object:
    kind, _, dotted = suffix.partition(":")
    if kind == "name":
        return _import_name(dotted)
    if kind not in {"object/apply", "object/new"}:
        return Unresolved(f"python/{suffix}")
    target = _import_name(dotted)
    if isinstance(node, yaml.SequenceNode):
        args, kwargs = loader.construct_sequence(node, deep=True), {}
    elif isinstance(node, yaml.MappingNode):
        spec = loader.construct_mapping(node, deep=True)
        args, kwargs = spec.get("args", []), spec.get("kwds", {})
    else:
        return Unresolved(f"python/{suffix}")
    if isinstance(target, Unresolved) or not callable(target):
        return Unresolved(f"python/{suffix}")
    return target(*args, **kwargs)


_ConfigLoader.add_constructor("!ENV", _construct_env)
_ConfigLoader.add_constructor("!relative", _construct_relative)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_python)


def yaml_error_line(path: Path, error: yaml.YAMLError) -> str:
    """A YAML error as one line: where it is (file:line:column) and what PyYAML says."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    detail = f"{problem} ({context})" if context else problem
    return f"{where}: not valid YAML: {detail}"


def load_yaml_config(path: Path) -> dict[str, Any]:
    """mkdocs.yml as a dict."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    loader = _ConfigLoader(text)
    loader.config_dir = str(path.parent)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise ConfigError(yaml_error_line(path, exc)) from exc
    except (ValueError, TypeError, RecursionError) as exc:  # a value no constructor accepts
        raise ConfigError(f"{path}: a value cannot be read: {exc}") from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ConfigError(f"{path} does not contain a mapping")
    return data


# Reading the settings
# -----------------------------------------------------------------------------------------


def _named_entries(entries: object) -> dict[str, dict[str, Any]]:
    """Plugins and markdown_extensions: a list of names / {name: config}, or a mapping."""
    if isinstance(entries, dict):
        items = list(entries.items())
    elif isinstance(entries, list):
        items = [next(iter(e.items())) if isinstance(e, dict) and e else (e, {}) for e in entries]
    else:
        items = []
    return {str(name): cfg if isinstance(cfg, dict) else {} for name, cfg in items}


def _strings(extra: object) -> dict[str, Any]:
    strings = extra.get("strings") if isinstance(extra, dict) else None
    return strings if isinstance(strings, dict) else {}


def _text(extra: object, key: str) -> str | None:
    value = extra.get(key) if isinstance(extra, dict) else None
    return str(value) if value else None


def _tag_vocabulary(extra: object) -> tuple[tuple[str, str], ...]:
    table = extra.get("tag_vocabulary") if isinstance(extra, dict) else None
    if not isinstance(table, dict):
        return ()
    return tuple((str(key), str(name)) for key, name in table.items() if name)


def _language(
    entry: dict[str, Any], data: dict[str, Any], default_tags: tuple[tuple[str, str], ...]
) -> Language | None:
    locale = entry.get("locale")
    if not isinstance(locale, str) or locale.lower() == "null" or entry.get("build") is False:
        return None
    strings = {**_strings(data.get("extra")), **_strings(entry.get("extra"))}
    return Language(
        locale=locale,
        name=str(entry.get("name") or locale),
        is_default=bool(entry.get("default")),
        read_also=strings.get("read_also") or None,
        closing_section=strings.get("closing_section") or None,
        tags=_tag_vocabulary(entry.get("extra")) or default_tags,
        words=tuple((str(k), str(v)) for k, v in strings.items() if isinstance(v, str)),
        date_locale=_text(entry.get("extra"), "date_locale")
        or _text(data.get("extra"), "date_locale"),
        site_name=_text(entry, "site_name") or _text(data, "site_name"),
    )


def _same_tag_keys(languages: list[Language]) -> None:
    """Every language names every tag: a tag is one key in all tag_vocabulary tables."""
    tables = {lang.locale: {key for key, _ in lang.tags} for lang in languages if lang.tags}
    keys = set().union(*tables.values()) if tables else set()
    for locale, own in tables.items():
        if own != keys:
            missing = ", ".join(sorted(keys - own))
            raise ConfigError(
                f"tag_vocabulary of '{locale}' has no name for: {missing}; "
                "every language names every tag"
            )


def i18n_language_entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The entries of plugins.i18n.languages as written in mkdocs.yml (mappings only)."""
    i18n = _named_entries(data.get("plugins")).get("i18n", {})
    raw = i18n.get("languages")
    return [entry for entry in raw if isinstance(entry, dict)] if isinstance(raw, list) else []


def _languages(data: dict[str, Any]) -> tuple[Language, ...]:
    tags = _tag_vocabulary(data.get("extra"))
    entries = i18n_language_entries(data)
    languages = [lang for e in entries if (lang := _language(e, data, tags))]
    if not languages:
        theme = data.get("theme")
        locale = str((theme.get("language") if isinstance(theme, dict) else None) or "en")
        return (
            Language(
                locale,
                locale,
                True,
                None,
                None,
                tags,
                date_locale=_text(data.get("extra"), "date_locale"),
                site_name=_text(data, "site_name"),
            ),
        )
    _same_tag_keys(languages)
    if not any(lang.is_default for lang in languages):
        first = languages[0]
        languages[0] = dataclasses.replace(first, is_default=True)
    return tuple(languages)


def _site_urls(data: dict[str, Any]) -> tuple[str, ...]:
    value = data.get("site_url")
    urls = [value, getattr(value, "default", None)]
    return tuple(dict.fromkeys(str(u) for u in urls if isinstance(u, str) and u))


def _uses_smart_symbols(data: dict[str, Any]) -> bool:
    return "pymdownx.smartsymbols" in _named_entries(data.get("markdown_extensions"))


MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


def _markdown_extensions(data: dict[str, Any]) -> tuple[tuple[str, dict[str, Any]], ...]:
    configured = _named_entries(data.get("markdown_extensions"))
    names = dict.fromkeys([*MKDOCS_BUILTIN_EXTENSIONS, *configured])
    return tuple(
        (
            name,
            {k: v for k, v in configured.get(name, {}).items() if not isinstance(v, Unresolved)},
        )
        for name in names
    )


def _toc_settings(data: dict[str, Any]) -> tuple[Slugify, str]:
    extensions = _named_entries(data.get("markdown_extensions"))
    toc = extensions.get("toc") or extensions.get("markdown.extensions.toc") or {}
    slugify = toc.get("slugify")
    if not callable(slugify):
        from markdown.extensions.toc import slugify as default_slugify

        slugify = default_slugify
    return slugify, str(toc.get("separator", "-"))


def material_templates() -> Path | None:
    """The Material theme's own folder, found without importing the package."""
    spec = importlib.util.find_spec("material")
    locations = spec.submodule_search_locations if spec else None
    if not locations:
        return None
    templates = Path(next(iter(locations))) / "templates"
    return templates if templates.is_dir() else None


def _theme_dirs(data: dict[str, Any], root: Path) -> tuple[Path, ...]:
    theme = data.get("theme")
    theme = theme if isinstance(theme, dict) else {"name": theme}
    dirs = []
    if isinstance(theme.get("custom_dir"), str):
        dirs.append((root / theme["custom_dir"]).resolve())
    if theme.get("name") == "material" and (templates := material_templates()):
        dirs.append(templates)
    return tuple(d for d in dirs if d.is_dir())


NOT_FOR_PAGES = frozenset({"404.html"})


def _page_templates(data: dict[str, Any], root: Path) -> tuple[str, ...] | None:
    theme = data.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if not isinstance(custom, str) or not (root / custom).is_dir():
        return None
    names = (p.name for p in (root / custom).glob("*.html"))
    return tuple(sorted(name for name in names if name not in NOT_FOR_PAGES))


def _icon(data: dict[str, Any]) -> str | None:
    theme = data.get("theme")
    favicon = theme.get("favicon") if isinstance(theme, dict) else None
    return favicon.strip("/") if isinstance(favicon, str) and favicon.endswith(".svg") else None


def _read(path: Path, data: dict[str, Any]) -> SiteConfig:
    slugify, separator = _toc_settings(data)
    root = path.parent
    docs_dir = (root / str(data.get("docs_dir") or "docs")).resolve()
    return SiteConfig(
        config_path=path,
        root=root,
        docs_dir=docs_dir,
        languages=_languages(data),
        site_urls=_site_urls(data),
        slugify=slugify,
        separator=separator,
        smart_symbols=_uses_smart_symbols(data),
        theme_dirs=_theme_dirs(data, root),
        page_templates=_page_templates(data, root),
        icon=_icon(data),
        markdown_extensions=_markdown_extensions(data),
    )


# The interface strings (extra.strings of each language) the templates and the build use, with
# the {placeholders} each may hold. Every language has every one of them, and no other.
INTERFACE_STRINGS: Mapping[str, frozenset[str]] = MappingProxyType({
    **dict.fromkeys(
        (
            "read_also", "closing_section", "author", "published", "articles", "untranslated",
            "untranslated_link", "outdated", "outdated_link", "search", "search_shortcut",
            "not_found_title", "not_found_text", "home", "tags_title", "draft",
            "search_preview", "contents", "permalink", "search_input", "search_close",
            "search_placeholder", "search_clear", "search_loading", "search_no_results",
            "search_more", "search_error", "preview_findings", "line",
        ),
        frozenset(),
    ),
    "reading_time": frozenset({"minutes"}),
    "scheduled": frozenset({"date"}),
    # The result count in each plural form of the language (Intl.PluralRules); "one" and
    # "other" in every language, the others where the language has them.
    "search_results_one": frozenset({"count"}),
    "search_results_other": frozenset({"count"}),
})  # fmt: skip
OPTIONAL_STRINGS = MappingProxyType(
    {f"search_results_{form}": frozenset({"count"}) for form in ("zero", "two", "few", "many")}
)


def placeholders(text: str) -> set[str] | None:
    """The {names} a string fills in; None if its braces are not a valid format string."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def validate_strings(site: SiteConfig) -> None:
    """Every language has each interface string, no unknown one, and the right placeholders;
    the first problem is a ConfigError of one line naming the language and the key."""
    where = f"{site.config_path.name}: plugins.i18n.languages"
    for lang in site.languages:
        words = dict(lang.words)
        for key, allowed in {**INTERFACE_STRINGS, **OPTIONAL_STRINGS}.items():
            if key in OPTIONAL_STRINGS and key not in words:
                continue
            if not words.get(key):
                raise ConfigError(f"{where}: '{lang.locale}' has no extra.strings.{key}")
            found = placeholders(words[key])
            if found is None or found - allowed or (allowed and not allowed <= found):
                wanted = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "no {placeholder}"
                raise ConfigError(
                    f"{where}: '{lang.locale}' extra.strings.{key} must contain {wanted}: "
                    f"{words[key]!r}"
                )
        unknown = sorted(set(words) - set(INTERFACE_STRINGS) - set(OPTIONAL_STRINGS))
        if unknown:
            raise ConfigError(
                f"{where}: '{lang.locale}' has an unknown extra.strings.{unknown[0]} "
                f"(known: {', '.join(sorted(INTERFACE_STRINGS))})"
            )


def existing_docs_dir(site: SiteConfig) -> Path:
    """The docs folder, which the commands that read pages need to exist."""
    if not site.docs_dir.is_dir():
        shown = os.path.relpath(site.docs_dir, site.root)
        raise ConfigError(f"{site.config_path.name}: docs_dir '{shown}' is not a folder")
    return site.docs_dir


def load_site_config(config_path: str | os.PathLike[str] = "mkdocs.yml") -> SiteConfig:
    """The settings of a mkdocs.yml, as it is now (a command reads it once per run)."""
    path = Path(config_path).resolve()
    try:
        path.stat()
    except OSError as exc:
        raise ConfigError(f"cannot read {config_path}: {exc.strerror}") from exc
    return _read(path, load_yaml_config(path))
