"""Generate a benchmark corpus shaped like the real articles in docs/artikelen/.

Every article gets front matter (title, description, date, tags, author), an H1, an intro,
five to seven numbered sections, the language's closing section and "read also" lines that
link to other generated articles, in Dutch and in every translation. The words come from the
real articles of each language, sampled with a Zipf-like weighting and a fixed seed, so the
search indexes grow the way real ones would.
"""

from __future__ import annotations

import random
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from mkdocs.utils.yaml import yaml_load

from winkelvloer.core.config import i18n_language_entries, load_yaml_config

ARTICLES = "artikelen"
SEED = 20261127
WORD_RE = re.compile(r"[^\W\d_][\w'\u2019-]*", re.UNICODE)
FRONT_MATTER_RE = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
LINK_TARGET_RE = re.compile(r"\]\([^)]*\)")
STEP_RE = re.compile(r"^(\*\*[^*\n]+\*\*)", re.MULTILINE)


@dataclass(frozen=True)
class Language:
    """What the generator needs to know about one language of the site."""

    locale: str
    suffix: str  # "" for the default language, ".en" for English
    strings: dict[str, str]
    read_also_lead: str  # "Lees ook:" as the editors write it
    step_lead: str  # "**Eerste stap:**"
    vocabulary: tuple[str, ...]
    weights: tuple[float, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    slug: str
    published: date
    tag_indexes: tuple[int, ...]
    titles: dict[str, str]
    sections: int


def load_yaml(path: Path) -> dict[str, Any]:
    return load_yaml_config(path)


def i18n_languages(config: dict[str, Any]) -> list[dict[str, Any]]:
    return i18n_language_entries(config)


def language_strings(config: dict[str, Any], entry: dict[str, Any]) -> dict[str, str]:
    base = dict(config.get("extra", {}).get("strings", {}))
    base.update(entry.get("extra", {}).get("strings", {}))
    return base


def real_articles(docs_dir: Path, suffix: str) -> list[str]:
    folder = docs_dir / ARTICLES
    texts = []
    for path in sorted(folder.glob("*.md")):
        stem_suffix = "".join(path.suffixes[:-1])
        if stem_suffix == suffix:
            texts.append(path.read_text(encoding="utf-8"))
    return texts


def vocabulary(texts: list[str]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Distinct words, most frequent first, with Zipf weights; padded with made-up compounds."""
    counts = Counter(w.lower() for text in texts for w in WORD_RE.findall(body_of(text)))
    words = [w for w, _ in counts.most_common()] or ["woord", "tekst", "klant", "winkel"]
    rng = random.Random(SEED + len(words))
    long_words = [w for w in words if len(w) > 5] or words
    extra = {
        rng.choice(long_words)[:5] + rng.choice(long_words)[-5:] for _ in range(2 * len(words))
    }
    words += sorted(extra - set(words))
    weights = tuple(1.0 / (rank + 2) for rank in range(len(words)))
    return tuple(words), weights


def body_of(text: str) -> str:
    """The prose of a Markdown page: no front matter, no link targets."""
    return LINK_TARGET_RE.sub("]", FRONT_MATTER_RE.sub("", text, count=1))


def front_matter(text: str) -> dict[str, Any]:
    match = FRONT_MATTER_RE.match(text)
    return (yaml_load(match.group(1)) or {}) if match else {}


def first_match(pattern: re.Pattern[str], texts: list[str], group: str | int, default: str) -> str:
    for text in texts:
        match = pattern.search(text)
        if match:
            return match.group(group).strip()
    return default


def tag_table(docs_dir: Path, suffixes: list[str]) -> list[tuple[str, ...]]:
    """Each tag of the real articles in every language, paired by position per article."""
    table: dict[tuple[str, ...], None] = {}
    for path in sorted((docs_dir / ARTICLES).glob("*.md")):
        if len(path.suffixes) > 1:
            continue
        per_lang = []
        for suffix in suffixes:
            twin = path.with_name(path.stem + suffix + ".md")
            meta = front_matter(twin.read_text(encoding="utf-8")) if twin.exists() else {}
            per_lang.append([str(t) for t in meta.get("tags", [])])
        for row in zip(*per_lang, strict=False):
            table[row] = None
    return list(table) or [tuple("Verkoop" for _ in suffixes)]


def load_languages(config_file: Path) -> list[Language]:
    config = load_yaml(config_file)
    docs_dir = config_file.parent / config.get("docs_dir", "docs")
    entries = i18n_languages(config) or [{"locale": "nl", "default": True}]
    entries.sort(key=lambda e: not e.get("default", False))
    suffixes = ["" if e.get("default") else f".{e['locale']}" for e in entries]
    tags = tag_table(docs_dir, suffixes)
    languages = []
    for column, (entry, suffix) in enumerate(zip(entries, suffixes, strict=True)):
        texts = real_articles(docs_dir, suffix)
        strings = language_strings(config, entry)
        label = strings.get("read_also", "Lees ook")
        read_also = re.compile(rf"^(?P<lead>{re.escape(label)}\s*:)", re.MULTILINE)
        words, weights = vocabulary(texts)
        languages.append(
            Language(
                locale=entry["locale"],
                suffix=suffix,
                strings=strings,
                read_also_lead=first_match(read_also, texts, "lead", f"{label}:"),
                step_lead=first_match(STEP_RE, texts, 1, "**1.**"),
                vocabulary=words,
                weights=weights,
                tags=tuple(row[column] for row in tags),
            )
        )
    return languages


class Writer:
    """Deterministic text in one language."""

    def __init__(self, language: Language, seed: int) -> None:
        self.lang = language
        self.rng = random.Random(seed)

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self.lang.vocabulary, weights=self.lang.weights, k=count)

    def sentence(self, low: int = 7, high: int = 20) -> str:
        words = self.words(self.rng.randint(low, high))
        text = " ".join(words)
        return text[:1].upper() + text[1:] + self.rng.choice(".....?!")

    def description(self, low: int = 80, high: int = 160) -> str:
        """A sentence of `low` to `high` characters, as an article's description must be."""
        text = self.sentence(12, 24)[:-1]
        while len(text) < low - 1:
            text += " " + " ".join(self.words(3))
        if len(text) > high - 1:
            text = text[: high - 1].rsplit(" ", 1)[0]
        return text + "."

    def paragraph(self, low: int = 3, high: int = 6) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def title(self, low: int = 3, high: int = 7) -> str:
        text = " ".join(self.words(self.rng.randint(low, high)))
        return text[:1].upper() + text[1:]


def slugify(text: str) -> str:
    ascii_text = text.lower().encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:48].strip("-") or "artikel"


def plan_articles(languages: list[Language], count: int) -> list[Article]:
    rng = random.Random(SEED)
    start = date(2024, 1, 1)
    articles = []
    for number in range(count):
        titles = {
            lang.locale: Writer(lang, SEED * 7 + number * 31 + i).title()
            for i, lang in enumerate(languages)
        }
        slug = f"{slugify(titles[languages[0].locale])}-{number:04d}"
        tag_count = rng.randint(1, 3)
        tag_indexes = tuple(
            sorted(
                rng.sample(range(len(languages[0].tags)), min(tag_count, len(languages[0].tags)))
            )
        )
        published = start + timedelta(days=rng.randint(0, 1000))
        articles.append(Article(slug, published, tag_indexes, titles, rng.randint(5, 7)))
    return articles


def related(articles: list[Article], index: int, count: int) -> list[Article]:
    rng = random.Random(SEED + index)
    others = [a for i, a in enumerate(articles) if i != index]
    return rng.sample(others, min(count, len(others)))


def render_article(article: Article, links: list[Article], lang: Language, seed: int) -> str:
    writer = Writer(lang, seed)
    s = lang.strings
    title = article.titles[lang.locale]
    tags = "\n".join(f"  - {lang.tags[i]}" for i in article.tag_indexes)
    lines = [
        "---",
        f"title: {yaml_text(title)}",
        f"description: {yaml_text(writer.description())}",
        f"date: {article.published.isoformat()}",
        "tags:",
        tags,
        f"author: {yaml_text(s.get('author', 'Redactie'))}",
        "---",
        "",
        f"# {title}",
        "",
        writer.paragraph(3, 5),
        "",
        writer.paragraph(2, 4),
        "",
    ]
    link_iter = iter(links)
    for number in range(1, article.sections + 1):
        lines += section(writer, lang, f"{number}. {writer.title(3, 8)}", link_iter, number)
    lines += [f"## {s.get('closing_section', 'Slotgedachte')}", "", writer.paragraph(), ""]
    lines += [writer.paragraph(2, 3), ""]
    lines += read_also_lines(lang, link_iter)
    return "\n".join(lines).rstrip("\n") + "\n"


def section(
    writer: Writer, lang: Language, heading: str, links: Iterator[Article], number: int
) -> list[str]:
    lines = [f"## {heading}", "", writer.paragraph(), "", writer.paragraph(), ""]
    lines += [f"{lang.step_lead} {writer.sentence(10, 25)}", ""]
    if number % 2 == 0:
        lines += read_also_lines(lang, links)
    return lines


def read_also_lines(lang: Language, links: Iterator[Article]) -> list[str]:
    target = next(links, None)
    if target is None:
        return []
    return [f"{lang.read_also_lead} [{target.titles[lang.locale]}]({target.slug}.md)", ""]


def yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_corpus(project: Path, out_docs: Path, count: int) -> int:
    """Write `count` articles in every language into out_docs; return the number of pages."""
    languages = load_languages(project / "mkdocs.yml")
    copy_site_pages(project / "docs", out_docs)
    folder = out_docs / ARTICLES
    folder.mkdir(parents=True, exist_ok=True)
    articles = plan_articles(languages, count)
    closing_names = {lang.strings.get("closing_section", "") for lang in languages} - {""}
    pages = 0
    for index, article in enumerate(articles):
        links = related(articles, index, 4)
        source = ""
        for offset, lang in enumerate(languages):
            text = render_article(article, links, lang, SEED + index * 17 + offset)
            if offset == 0:
                source = text
            else:  # translations record the source they match, as the real ones do
                text = with_record(text, translation_record(source, closing_names))
            (folder / f"{article.slug}{lang.suffix}.md").write_text(text, encoding="utf-8")
            pages += 1
    return pages


def translation_record(source: str, closing_names: set[str]) -> dict[str, str]:
    """The translated_from hashes of an up-to-date translation (winkelvloer/core/freshness.py)."""
    try:
        from winkelvloer.core.freshness import section_hashes
    except ImportError:  # an older checkout without the freshness rule
        return {}
    return section_hashes(source, closing_names)


def with_record(text: str, record: dict[str, str]) -> str:
    if not record:
        return text
    block = "translated_from:\n" + "".join(f'  "{k}": "{v}"\n' for k, v in record.items())
    end = text.index("\n---\n", 4) + 1
    return text[:end] + block + text[end:]


def copy_site_pages(docs: Path, out_docs: Path) -> None:
    """Keep the home and tags pages and every non-Markdown file (assets); drop the articles."""
    for path in docs.rglob("*"):
        rel = path.relative_to(docs)
        if path.is_dir() or rel.parts[0] == ARTICLES:
            continue
        if path.suffix == ".md" and rel.name.split(".")[0] not in {"index", "tags"}:
            continue
        if path.suffix == ".md" and len(rel.parts) > 1:
            continue
        target = out_docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
