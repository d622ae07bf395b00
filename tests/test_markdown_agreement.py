"""The checks read a page as the site builds it: differential tests against real builds.

The content checks take headings, anchors and links from Python-Markdown run with the
site's extensions (scripts/winkelvloer/content/rendered.py). Here the same pages are built by MkDocs
and the HTML the reader gets is compared with what the checker saw, on the real content and
on a page of Markdown that CommonMark (markdown-it) reads differently.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import REPO, SITE, page_path
from winkelvloer.content.corpus import Corpus
from winkelvloer.core.config import load_site_config
from winkelvloer.core.i18n import split_name

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
EDGE_PAGE = "randgevallen"
EDGE_CASES = """---
title: Randgevallen
description: Markdown die CommonMark anders leest dan de site.
---

# Randgevallen

#Zonder spatie

## Sectie met eigen id {: #eigen-id }

####### Zeven

   # Ingesprongen

Regel een
Regel twee
==========

- Punt

      [Ingesprongen link](index.md)

- Punt met `code`

> ## Citaat

!!! tip "Let op"

    ### In een admonitie

    [Link in admonitie](tags.md)

<div markdown>
#### In een HTML-blok
</div>

<!-- een opmerking met [geen link](index.md) -->

[Verwijzing][ref] en [tekst](#zonder-spatie).

[ref]: tags.md

Dubbel
------

Dubbel
------
"""


def content(html_file: Path) -> LexborHTMLParser:
    tree = LexborHTMLParser(html_file.read_text(encoding="utf-8"))
    article = tree.css_first("article")
    assert article is not None, html_file
    return LexborHTMLParser(article.html or "")


def built_headings(html_file: Path) -> list[tuple[int, str]]:
    tree = content(html_file)
    return [
        (int(str(n.tag)[1]), n.attributes.get("id") or "") for n in tree.css(",".join(HEADINGS))
    ]


def built_link_texts(html_file: Path) -> list[str]:
    tree = content(html_file)
    return [
        " ".join(n.text().split())
        for n in tree.css("a[href]")
        if "headerlink" not in (n.attributes.get("class") or "")
    ]


def checker_view(config: Path, page: str) -> tuple[list[tuple[int, str]], list[str], set[str]]:
    """(level, id) of every heading, the link texts and the anchors, as the checker has them."""
    from winkelvloer.content import rendered

    site = load_site_config(config)
    corpus = Corpus(site, use_cache=False)
    facts = corpus.facts(page)
    assert facts is not None and facts.readable, page
    text = (site.docs_dir / page).read_text(encoding="utf-8")
    headings = [(h.level, h.anchor) for h in rendered.render(site, text).headings]
    links = [link.text for link in facts.links if link.kind == "link"]
    return headings, links, set(facts.anchors)


def built_file(site_dir: Path, page: str) -> Path:
    name = split_name(page, SITE.locales, SITE.default.locale)
    url = name.base.removesuffix(".md")
    url = "" if url == "index" else f"{url}/"
    return page_path(site_dir, name.lang, url)


@pytest.fixture(scope="module")
def edge_site(
    tmp_path_factory: pytest.TempPathFactory, site_builder: Callable[..., Path]
) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("edge")
    docs = Path(shutil.copytree(REPO / "docs", root / "docs"))
    (docs / f"{EDGE_PAGE}.md").write_text(EDGE_CASES, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        (REPO / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}"),
        encoding="utf-8",
    )
    # The page breaks structure rules on purpose: the preview builds it all the same.
    return site_builder(docs, preview=True, strict=False), config


def test_edge_cases_headings_agree_with_the_build(edge_site: tuple[Path, Path]) -> None:
    site_dir, config = edge_site
    built = built_headings(built_file(site_dir, f"{EDGE_PAGE}.md"))
    checked, _, anchors = checker_view(config, f"{EDGE_PAGE}.md")
    assert checked == built
    assert {anchor for _, anchor in built} <= anchors
    # What CommonMark reads differently, as the reader gets it:
    assert (1, "zonder-spatie") in built and (6, "-zeven") in built and (2, "eigen-id") in built
    assert not any("ingesprongen" in anchor or "regel" in anchor for _, anchor in built)


def test_edge_cases_links_agree_with_the_build(edge_site: tuple[Path, Path]) -> None:
    site_dir, config = edge_site
    built = built_link_texts(built_file(site_dir, f"{EDGE_PAGE}.md"))
    _, checked, _ = checker_view(config, f"{EDGE_PAGE}.md")
    assert "Ingesprongen link" in checked and "geen link" not in checked
    position = 0
    for text in checked:
        assert text in built[position:], (text, built)
        position = built.index(text, position) + 1


def real_pages() -> list[str]:
    return sorted(p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs").rglob("*.md"))


@pytest.mark.parametrize("page", real_pages())
def test_real_content_headings_agree_with_the_build(site: Path, page: str) -> None:
    built = built_headings(built_file(site, page))
    checked, _, anchors = checker_view(REPO / "mkdocs.yml", page)
    if page.startswith("artikelen/"):
        assert checked == built
    else:  # the home listing and the tags index add their own headings after the text
        assert checked == built[: len(checked)]
    assert {anchor for _, anchor in checked} <= anchors
