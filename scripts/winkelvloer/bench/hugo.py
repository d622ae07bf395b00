"""The reference line of the build benchmark: Hugo on the same generated corpus.

A minimal Hugo site, kept here and written next to each corpus: the languages of mkdocs.yml
(the default one at /, the others under /<locale>/, as on the real site), one template for a
page and one for a list, and the corpus's Markdown files as they are. Hugo's own defaults do
the rest (tag pages, feeds, the sitemap), much as the project's build does.

    languages = languages_of(mkdocs_config)
    write_site(docs, root, languages, site_name, site_url)   # no Hugo needed
    hugo_command(root)                                       # what the bench times
    missing_pages(root / PUBLIC, slugs, languages)           # one page per article and language

Debian's package (`apt-get install hugo`, 0.111) is enough; without it the bench says so and
leaves the Hugo figures out.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from winkelvloer.bench.corpus import i18n_languages

HUGO = "hugo"
INSTALL_HUGO = "apt-get install -y hugo"
CONTENT_SECTION = "artikelen"
PUBLIC = "public"

# One page: its language's switcher, its table of contents, its text and tags.
SINGLE = """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" \
href="{{ .RelPermalink }}">
{{ end }}</head>
<body>
<nav>{{ range .Translations }}<a href="{{ .RelPermalink }}" lang="{{ .Language.Lang }}">\
{{ .Language.LanguageName }}</a> {{ end }}</nav>
<main>
<aside>{{ .TableOfContents }}</aside>
<article>{{ .Content }}</article>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>\
{{ end }}</ul>
</main>
</body>
</html>
"""

# A list: the home page, the articles section, the tag pages.
LIST = """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
</head>
<body>
<main>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</main>
</body>
</html>
"""


@dataclass(frozen=True)
class HugoLanguage:
    locale: str
    name: str
    suffix: str  # "" for the default language, ".en" for English


def languages_of(config: dict[str, Any]) -> list[HugoLanguage]:
    """The site's languages from mkdocs.yml's i18n plugin, the default one first."""
    entries = [e for e in i18n_languages(config) if isinstance(e, dict) and e.get("locale")]
    entries.sort(key=lambda entry: not entry.get("default", False))
    return [
        HugoLanguage(
            str(entry["locale"]),
            str(entry.get("name") or entry["locale"]),
            "" if entry.get("default") else f".{entry['locale']}",
        )
        for entry in entries
    ]


def config_text(languages: Sequence[HugoLanguage], site_name: str, site_url: str) -> str:
    """hugo.yaml: the languages in mkdocs.yml's order, the default one at the root."""
    default = next((lang for lang in languages if not lang.suffix), languages[0])
    settings = {
        "baseURL": site_url,
        "title": site_name,
        "defaultContentLanguage": default.locale,
        "defaultContentLanguageInSubdir": False,
        "enableGitInfo": False,
        "taxonomies": {"tag": "tags"},
        "languages": {
            lang.locale: {"languageName": lang.name, "weight": weight}
            for weight, lang in enumerate(languages, start=1)
        },
    }
    return yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)


def content_name(relative: str) -> str | None:
    """Where a docs/ Markdown file goes under content/ (None: Hugo makes that page itself).

    index.md is the home page (_index.md); tags.md is Material's tag index, which Hugo's
    taxonomy pages stand for.
    """
    if not relative.endswith(".md"):
        return None
    folder, _, name = relative.rpartition("/")
    stem = name.split(".", 1)[0]
    if not folder and stem == "tags":
        return None
    if not folder and stem == "index":
        return "_index" + name[len("index") :]
    return relative


def write_site(
    docs: Path,
    root: Path,
    languages: Sequence[HugoLanguage],
    site_name: str,
    site_url: str,
) -> int:
    """The Hugo site in root, its content copied from docs; returns the pages copied."""
    if root.exists():
        shutil.rmtree(root)
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text(SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(LIST, encoding="utf-8")
    (root / "hugo.yaml").write_text(config_text(languages, site_name, site_url), encoding="utf-8")
    copied = 0
    for source in sorted(docs.rglob("*.md")):
        name = content_name(source.relative_to(docs).as_posix())
        if name is None:
            continue
        target = root / "content" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copied += 1
    return copied


def hugo_command(root: Path) -> list[str]:
    return [
        HUGO, "--quiet", "--source", str(root), "--destination", str(root / PUBLIC),
        "--cacheDir", str(root / ".hugo-cache"), "--cleanDestinationDir",
    ]  # fmt: skip


def expected_pages(slugs: Sequence[str], languages: Sequence[HugoLanguage]) -> list[str]:
    """The article pages Hugo must write: one per article and language."""
    pages = []
    for lang in languages:
        prefix = f"{lang.locale}/" if lang.suffix else ""
        pages += [f"{prefix}{CONTENT_SECTION}/{slug}/index.html" for slug in slugs]
    return pages


def missing_pages(
    public: Path, slugs: Sequence[str], languages: Sequence[HugoLanguage]
) -> list[str]:
    return [page for page in expected_pages(slugs, languages) if not (public / page).is_file()]
