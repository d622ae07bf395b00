"""Start a Dutch article, or the translation of one, with everything but the prose filled in.

    python -m winkelvloer.cli.new_page article [--title T] [--slug S] [--tags "Verkoop,Horeca"]
                                       [--description D] [--sections N] [--draft]
    python -m winkelvloer.cli.new_page translate SLUG [--lang en|de|fr|all]

`make new` and `make translate` call these. An article gets its front matter (today's date,
the author line), the H1, numbered sections and the closing section. A translation gets
the source's front matter with the tags translated, the language's author and `draft: true`
(the translation is not published until the translator removes it), the language's
read-also label with the link texts taken from the targets' titles in that language, the
language's closing heading, and the source's text in place for translating: `make check`
fails on that text (PAR007) until it is translated. Missing values are asked for when the
terminal is interactive. Neither ever overwrites a file.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from winkelvloer.cli.command import BAD_INPUT, Failure, run_command
from winkelvloer.content.corpus import Corpus
from winkelvloer.content.front_matter import load_schema
from winkelvloer.content.markdown import headings, parse
from winkelvloer.core import publishing
from winkelvloer.core.atomic import FileExists, WriteFailed, write_atomically
from winkelvloer.core.config import Language, SiteConfig, existing_docs_dir, load_site_config
from winkelvloer.core.freshness import front_matter_bounds
from winkelvloer.core.i18n import localized
from winkelvloer.core.text import make_command, printable
from winkelvloer.core.typography import uses_french_spacing

DEFAULT_SECTIONS = 3
# Placeholders the editor replaces; the checks accept them, so the page builds meanwhile.
INTRO = "Schrijf hier de inleiding: waarom dit ertoe doet voor de lezer."
SECTION = "Punt {n}"
SECTION_TEXT = "Schrijf hier sectie {n}."
CLOSING_TEXT = "Schrijf hier de slotgedachte."


class NewPageError(Exception):
    """Bad input: a message for the editor, exit status 1."""


# Values
# -----------------------------------------------------------------------------------------


def slug_from_title(title: str) -> str:
    """Lower case, accents dropped, words joined by '-': 'Één café' -> 'een-cafe'."""
    plain = unicodedata.normalize("NFKD", title)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    words = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in plain).split()
    return "-".join(words)


def valid_slug(slug: str) -> bool:
    return bool(slug) and slug == slug_from_title(slug.replace("-", " "))


def parse_tags(text: str, language: Language) -> list[str]:
    """Tags from 'Verkoop, Horeca', each checked against the vocabulary (case-insensitive)."""
    known = {name.casefold(): name for name in language.tag_names}
    tags: list[str] = []
    for raw in (part.strip() for part in text.split(",")):
        if not raw:
            continue
        name = known.get(raw.casefold())
        if name is None:
            close = difflib.get_close_matches(raw, list(language.tag_names), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "choose from:"
            raise NewPageError(
                f"unknown tag '{raw}'; {hint} {', '.join(language.tag_names)} "
                "(the vocabulary is tag_vocabulary in mkdocs.yml)"
            )
        if name not in tags:
            tags.append(name)
    if not tags and language.tags:
        raise NewPageError(f"give at least one tag: {', '.join(language.tag_names)}")
    return tags


def ask(prompt: str, given: str | None, reader: Callable[[str], str] | None) -> str:
    if given:
        return given.strip()
    if reader is None:
        raise NewPageError(f"missing {prompt}")
    try:
        return reader(f"{prompt}: ").strip()
    except EOFError as exc:
        raise NewPageError(f"missing {prompt}") from exc


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as the existing pages write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def front_matter_text(data: dict[str, object]) -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{body}---\n"


def _shown(path: Path) -> str:
    return os.path.relpath(path)


def write_new(path: Path, text: str) -> None:
    """Create `path`, complete or not at all; never replace a file that exists (even one
    created meanwhile)."""
    try:
        write_atomically(path, text.encode("utf-8"), exclusive=True, tidy=True)
    except FileExists as exc:
        raise NewPageError(f"{_shown(path)} already exists; nothing was written") from exc
    except WriteFailed as exc:
        raise NewPageError(
            f"cannot write {_shown(path)}: {exc.reason}; it was not created"
        ) from exc


# A Dutch article
# -----------------------------------------------------------------------------------------


def article_text(
    site: SiteConfig,
    title: str,
    description: str,
    tags: Sequence[str],
    day: datetime.date,
    sections: int,
    draft: bool,
) -> str:
    source = site.default
    data: dict[str, object] = {
        "title": title,
        "description": description,
        "date": day,
        "tags": list(tags),
        "author": source.word("author") or "Redactie",
    }
    if draft:
        data["draft"] = True
    parts = [front_matter_text(data), f"# {title}\n", f"{INTRO}\n"]
    for number in range(1, sections + 1):
        parts += [
            f"## {number}. {SECTION.format(n=number)}\n",
            f"{SECTION_TEXT.format(n=number)}\n",
        ]
    parts += [f"## {source.closing_section or 'Slotgedachte'}\n", f"{CLOSING_TEXT}\n"]
    return "\n".join(parts)


def description_bounds() -> tuple[int, int]:
    """The length an article's description must have, from the front-matter schema."""
    rule = load_schema()["$defs"]["article"]["properties"]["description"]
    return int(rule["minLength"]), int(rule["maxLength"])


def new_article(
    site: SiteConfig,
    *,
    title: str | None,
    slug: str | None,
    tags: str | None,
    description: str | None,
    sections: int,
    draft: bool,
    reader: Callable[[str], str] | None,
    today: datetime.date,
) -> Path:
    title = ask("Dutch title", title, reader)
    if not title:
        raise NewPageError("the title must not be empty")
    suggested = slug_from_title(title)
    slug = (
        (slug or "").strip()
        or (ask(f"slug [{suggested}]", None, reader) if reader else "")
        or suggested
    )
    if not valid_slug(slug):
        raise NewPageError(
            f"slug '{slug}': use lower-case letters, digits and '-', e.g. '{slug_from_title(slug)}'"
        )
    path = site.docs_dir / site.articles_dir / f"{slug}.md"
    if path.exists():
        raise NewPageError(f"{_shown(path)} already exists; nothing was written")
    description = ask("description (one sentence, 80-160 characters)", description, reader)
    low, high = description_bounds()
    if not low <= len(description) <= high:
        raise NewPageError(
            f"the description is {len(description)} characters long; write one sentence of "
            f"{low} to {high} characters"
        )
    vocabulary = ", ".join(site.default.tag_names)
    tag_list = parse_tags(ask(f"tags, comma-separated ({vocabulary})", tags, reader), site.default)
    if sections < 1:
        raise NewPageError("an article has at least one numbered section")
    write_new(path, article_text(site, title, description, tag_list, today, sections, draft))
    return path


# A translation
# -----------------------------------------------------------------------------------------


def label_line(language: Language, title: str, href: str) -> str:
    """A read-also line in `language`: its label, the colon as it writes it, the link."""
    space = " " if uses_french_spacing(language.locale) else ""
    return f"{language.read_also}{space}: [{title}]({href})"


def _target_title(corpus: Corpus, href: str, page: str, lang: str) -> str | None:
    from winkelvloer.content.links import landing_page

    landing = landing_page(href, page, lang, corpus.link_context)
    facts = corpus.facts(landing) if landing else None
    return facts.title if facts else None


def translation_text(corpus: Corpus, source_path: str, language: Language) -> str:
    site = corpus.site
    source = corpus.facts(source_path)
    text = (site.docs_dir / source_path).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    lines = text.split("\n")
    bounds = front_matter_bounds(lines)
    if source is None or not source.readable or bounds is None:
        raise NewPageError(f"{source_path} cannot be read; run make check and fix it first")
    meta = publishing.front_matter(text)
    source_tags = meta.get("tags")
    listed = source_tags if isinstance(source_tags, list) else []
    keys = [site.default.tag_names.get(str(tag)) for tag in listed]
    tags = [language.tag_of_key[key] for key in keys if key in language.tag_of_key]
    data: dict[str, object] = {
        key: value for key, value in meta.items() if key not in ("draft", "translated_from")
    }
    data["tags"] = tags or meta.get("tags")
    data["author"] = language.word("author") or meta.get("author")
    data["draft"] = True  # until translated: the language shows the Dutch page meanwhile
    body = lines[bounds[1] + 1 :]
    offset = bounds[1] + 2  # 1-based line of body[0]
    replaced: dict[int, str] = {}
    for item in source.read_also:
        title = _target_title(
            corpus, item.href, localized(source_path, language.locale), language.locale
        )
        replaced[item.line] = label_line(language, title or item.text, item.href)
    tokens, env = parse(lines, bounds[1])
    for head in headings(tokens, env, site.slugify, site.separator):
        if head.level == 2 and head.top and head.source == site.default.closing_section:
            replaced[head.line] = f"## {language.closing_section}"
    out = [replaced.get(offset + index, line) for index, line in enumerate(body)]
    return front_matter_text(data) + "\n".join(out)


def translate(site: SiteConfig, slug: str, languages: Sequence[str]) -> list[Path]:
    corpus = Corpus(site, use_cache=False)
    source_path = f"{site.articles_dir}/{slug.removesuffix('.md')}.md"
    if source_path not in corpus.files:
        names = [p.removesuffix(".md").split("/")[-1] for p in corpus.pages if p.count(".") == 1]
        close = difflib.get_close_matches(slug, names, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise NewPageError(f"there is no Dutch article docs/{source_path}{hint}")
    corpus.load(corpus.pages)
    texts = []
    for locale in languages:
        path = site.docs_dir / localized(source_path, locale)
        if path.exists():
            raise NewPageError(f"{_shown(path)} already exists; nothing was written for {locale}")
        texts.append((path, translation_text(corpus, source_path, site.by_locale[locale])))
    written: list[Path] = []
    for path, text in texts:
        try:
            write_new(path, text)
        except NewPageError as exc:
            if not written:
                raise
            done = ", ".join(_shown(p) for p in written)
            raise NewPageError(f"{exc} (written before it: {done})") from exc
        written.append(path)
    return written


# Command line
# -----------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m winkelvloer.cli.new_page",
        description="Start a Dutch article or a translation (make new, make translate).",
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE")
    commands = parser.add_subparsers(dest="command", required=True)
    article = commands.add_parser("article", help="a new Dutch article")
    article.add_argument("--title", default=os.environ.get("TITLE"))
    article.add_argument("--slug", default=os.environ.get("SLUG"))
    article.add_argument("--tags", default=os.environ.get("TAGS"), help="e.g. 'Verkoop,Horeca'")
    article.add_argument("--description", default=os.environ.get("DESCRIPTION"))
    article.add_argument("--sections", type=int, default=DEFAULT_SECTIONS)
    article.add_argument("--draft", action="store_true", help="start it as a draft")
    translation = commands.add_parser("translate", help="translation skeletons of an article")
    translation.add_argument("slug")
    translation.add_argument(
        "--lang", default="all", help="a language code, or 'all' for every missing one"
    )
    return parser


def _languages(site: SiteConfig, wanted: str, slug: str) -> list[str]:
    others = [lang.locale for lang in site.languages if not lang.is_default]
    if wanted in ("", "all"):
        base = f"{site.articles_dir}/{slug.removesuffix('.md')}.md"
        missing = [g for g in others if not (site.docs_dir / localized(base, g)).exists()]
        if not missing:
            raise NewPageError(f"{slug} is already translated into {', '.join(others)}")
        return missing
    if wanted not in others:
        raise NewPageError(f"LANG={wanted}: choose one of {', '.join(others)}, or all")
    return [wanted]


def _run(args: argparse.Namespace) -> int:
    site = load_site_config(args.config_file)
    existing_docs_dir(site)
    reader = input if sys.stdin.isatty() else None
    if args.command == "article":
        path = new_article(
            site,
            title=args.title,
            slug=args.slug,
            tags=args.tags,
            description=args.description,
            sections=args.sections,
            draft=args.draft,
            reader=reader,
            today=publishing.today(),
        )
        written = [path]
        slug = path.stem
    else:
        slug = args.slug.strip()
        written = translate(site, slug, _languages(site, args.lang.strip(), slug))
    for path in written:
        print(f"wrote {printable(os.path.relpath(path, site.root))}")
    if args.command == "article":
        command = make_command("translate", SLUG=slug)
        print(f"next: write the text, preview with make serve, then {printable(command)}")
    else:
        print(
            "next: translate the text and remove the line 'draft: true' (until then the "
            "site shows the Dutch page), then: make mark-updated SLUG=" + slug
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    refused = Failure((NewPageError,), status=1, with_prog=False)
    return run_command(build_parser(), _run, argv, (*BAD_INPUT, refused))


if __name__ == "__main__":
    sys.exit(main())
