"""Unit tests of the building blocks of winkelvloer/cli/check.py, against independent oracles where
one exists (Python-Markdown for heading ids, MkDocs' own YAML loader, hashlib)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import markdown
import pytest
from mkdocs.utils.yaml import get_yaml_loader
from pymdownx.slugs import slugify as pymdownx_slugify

import winkelvloer.content.corpus as corpus_module
from conftest import CHECK_BASE, REPO
from winkelvloer.cli.check import run
from winkelvloer.content.markdown import headings, parse
from winkelvloer.content.safety import is_script_url
from winkelvloer.content.source import decode, read_source
from winkelvloer.core.config import load_site_config
from winkelvloer.core.findings import (
    Finding,
    Severity,
    exit_code,
    github_annotation,
    render_json,
    render_markdown_summary,
    summary_line,
)
from winkelvloer.core.freshness import outdated_sections, section_hashes

CLOSING = {"Slotgedachte", "Final thought"}


def copy_base(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CHECK_BASE, tmp_path / "site"))


# Heading ids: the same as Python-Markdown's toc with the site's settings
# -----------------------------------------------------------------------------------------

HEADINGS = """# Waarom verkopen geen hardloopwedstrijd is

## 1. Het is geen snelheidswedstrijd

## 2. „Weiß ich nicht.“

## 3. D'abord ceci : « oui »

### Voorbeeld

### Voorbeeld

### Voorbeeld_1

## Prijs (c) 1/2 --> kassa

## Fish &amp; `a < b` **vet** *schuin*

## Iets {#eigen}

## Eigen

## Café crème brûlée

## Über Öffnungszeiten

## !!!

## Slotgedachte
"""


def python_markdown_ids(text: str) -> list[str]:
    md = markdown.Markdown(
        extensions=["attr_list", "pymdownx.smartsymbols", "toc"],
        extension_configs={"toc": {"slugify": pymdownx_slugify(case="lower")}},
    )
    md.convert(text)
    ids: list[str] = []

    def walk(tokens: list[dict]) -> None:
        for token in tokens:
            ids.append(token["id"])
            walk(token["children"])

    walk(md.toc_tokens)  # type: ignore[attr-defined]  # the toc extension sets it
    return ids


def test_heading_ids_match_python_markdown() -> None:
    lines = HEADINGS.split("\n")
    tokens, env = parse(lines, None)
    ours = [h.anchor for h in headings(tokens, env, pymdownx_slugify(case="lower"), "-", True)]
    assert ours == python_markdown_ids(HEADINGS)
    assert {"voorbeeld_1", "eigen", "prijs--½--kassa"} <= set(ours)


# Configuration
# -----------------------------------------------------------------------------------------


def test_config_matches_mkdocs_own_yaml_loader() -> None:
    with (REPO / "mkdocs.yml").open(encoding="utf-8") as handle:
        reference = get_yaml_loader()(handle).get_single_data()
    site = load_site_config(REPO / "mkdocs.yml")
    i18n = next(p["i18n"] for p in reference["plugins"] if isinstance(p, dict) and "i18n" in p)
    assert [lang.locale for lang in site.languages] == [e["locale"] for e in i18n["languages"]]
    assert site.default.locale == next(e["locale"] for e in i18n["languages"] if e.get("default"))
    for entry in i18n["languages"]:
        language = site.by_locale[entry["locale"]]
        assert language.read_also == entry["extra"]["strings"]["read_also"]
        assert language.closing_section == entry["extra"]["strings"]["closing_section"]
    toc = next(
        e["toc"] for e in reference["markdown_extensions"] if isinstance(e, dict) and "toc" in e
    )
    for text in ("Het is géén Snelheid!", "D'abord ceci", "Über Öffnungszeiten"):
        assert site.slugify(text, "-") == toc["slugify"](text, "-")
    assert site.docs_dir == REPO / reference["docs_dir"]


def test_site_url_default_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = copy_base(tmp_path)
    monkeypatch.setenv("CHECK_FIXTURE_SITE_URL", "https://preview.example.net/pr-7/")
    config = load_site_config(site / "mkdocs.yml")
    assert config.site_urls == (
        "https://preview.example.net/pr-7/",
        "https://example.org/proefwinkel/",
    )
    monkeypatch.delenv("CHECK_FIXTURE_SITE_URL")
    (site / "mkdocs.yml").touch()
    os.utime(site / "mkdocs.yml", ns=(1, 1))
    assert load_site_config(site / "mkdocs.yml").site_urls == ("https://example.org/proefwinkel/",)


def test_unknown_python_tags_load_as_placeholders(tmp_path: Path) -> None:
    site = copy_base(tmp_path)
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "extra:\n  emoji: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    assert run(config, use_cache=False) == []


# Reading files
# -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "codes"),
    [
        (b"# Kop\n", []),
        (b"\xef\xbb\xbf# Kop\n", ["ENC002"]),
        (b"# Kop\r\nTekst\r\n", ["ENC003"]),
        (b"", ["ENC004"]),
        (b" \n\t\n", ["ENC004"]),
        (b"# K\xf6p\n", ["ENC001"]),
    ],
)
def test_decode(data: bytes, codes: list[str]) -> None:
    text, findings = decode(data, "docs/x.md")
    assert [f.code for f in findings] == codes
    if "ENC001" in codes:
        assert text is None
        assert (findings[0].line, findings[0].col) == (1, 4)
    elif "ENC004" not in codes:
        assert text == "# Kop\n" or text == "# Kop\nTekst\n"


def test_non_utf8_file_does_not_stop_the_others(tmp_path: Path) -> None:
    site = copy_base(tmp_path)
    (site / "docs/artikelen/kapot.md").write_bytes(b"---\ntitle: \xff\n---\n")
    (site / "docs/artikelen/beta.md").write_bytes(
        (site / "docs/artikelen/beta.md").read_bytes().replace(b"#verder)", b"#nergens)")
    )
    codes = {(f.path, f.code) for f in run(site / "mkdocs.yml", use_cache=False)}
    assert ("docs/artikelen/kapot.md", "ENC001") in codes
    assert ("docs/artikelen/beta.md", "LNK003") in codes


def test_a_crash_in_one_file_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = copy_base(tmp_path)
    real = corpus_module.analyse

    def fragile(source: Any, config: Any) -> Any:
        if source.display.endswith("beta.md"):
            raise RuntimeError("boom")
        return real(source, config)

    monkeypatch.setattr(corpus_module, "analyse", fragile)
    findings = run(site / "mkdocs.yml", use_cache=False)
    assert [(f.path, f.code) for f in findings if f.code == "INT001"] == [
        ("docs/artikelen/beta.md", "INT001")
    ]
    assert "boom" in next(f.message for f in findings if f.code == "INT001")


# Links in unusual places
# -----------------------------------------------------------------------------------------


def test_links_in_lists_quotes_and_admonitions_are_checked(tmp_path: Path) -> None:
    site = copy_base(tmp_path)
    page = site / "docs/over.md"
    page.write_text(
        "---\ntitle: Over\ndescription: x\n---\n\n# Over\n\n"
        "- een\n- [lijst](weg-1.md)\n\n"  # line 9
        "> citaat met\n> [quote](weg-2.md)\n\n"  # line 12
        '!!! tip "Let op"\n\n    [admonitie](weg-3.md)\n\n'  # line 16
        "Eerste regel\ntweede regel met [zacht](weg-4.md) en\\\n"  # line 19
        "derde [hard](weg-5.md).\n\n"  # line 20
        "[verwijzing][ref]\n\n[ref]: weg-6.md 'Titel'\n\n"  # line 22
        "    [ingesprongen code](weg-7.md)\n",
        encoding="utf-8",
    )
    found = {(f.line, f.col, f.code) for f in run(site / "mkdocs.yml", use_cache=False)}
    assert found == {
        (9, 3, "LNK001"),
        (12, 3, "LNK001"),
        (16, 5, "LNK001"),
        (19, 18, "LNK001"),
        (20, 7, "LNK001"),
        (22, 1, "LNK001"),
    }


@pytest.mark.parametrize(
    ("url", "unsafe"),
    [
        ("javascript:alert(1)", True),
        (" JavaScript:alert(1)", True),
        ("java\tscript:alert(1)", True),
        ("vbscript:msgbox", True),
        ("https://example.com/javascript:", False),
        ("mailto:x@example.com", False),
    ],
)
def test_script_urls(url: str, unsafe: bool) -> None:
    assert is_script_url(url) is unsafe


# Reporting
# -----------------------------------------------------------------------------------------

ERROR = Finding("docs/a.md", 3, 5, "LNK001", Severity.ERROR, "page b.md, 100% gone\nreally")
WARNING = Finding("docs/a.md", 9, 1, "LNK009", Severity.WARNING, "insecure link http://x")


def test_github_annotation_escapes_data_and_properties() -> None:
    odd = Finding("docs/a,b:c.md", 1, 2, "FM001", Severity.ERROR, "x")
    assert github_annotation(ERROR) == (
        "::error file=docs/a.md,line=3,col=5,title=LNK001::page b.md, 100%25 gone%0Areally"
    )
    assert github_annotation(WARNING).startswith("::warning file=docs/a.md,line=9,col=1,")
    assert github_annotation(odd).startswith("::error file=docs/a%2Cb%3Ac.md,")


def test_summary_and_exit_code() -> None:
    assert summary_line([ERROR, WARNING, WARNING], 16) == "1 error, 2 warnings in 16 files"
    assert summary_line([], 1) == "0 errors, 0 warnings in 1 file"
    assert exit_code([WARNING]) == 0
    assert exit_code([WARNING], strict=True) == 1
    assert exit_code([ERROR]) == 1


def test_json_and_markdown_rendering() -> None:
    document = json.loads(render_json([ERROR, WARNING], 2))
    assert document["summary"] == {"errors": 1, "warnings": 1, "files": 2}
    assert document["findings"][0]["severity"] == "error"
    summary = render_markdown_summary("Content check", [ERROR], 2)
    assert "| `docs/a.md:3:5` | LNK001 | error |" in summary
    assert "100% gone really" in summary


# Freshness, against hashlib
# -----------------------------------------------------------------------------------------

SOURCE = """---
title: Proef
description: "Een   beschrijving."
---

# Proef

Inleiding, over
twee regels.

## 1. Eerste

Tekst één.

## Slotgedachte

Slot.
"""


def digest(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:10]


def test_section_hashes_are_sha256_of_normalised_text() -> None:
    assert section_hashes(SOURCE, CLOSING) == {
        "title": digest("Proef\nEen beschrijving."),
        "intro": digest("Inleiding, over twee regels."),
        "1": digest("## 1. Eerste\n\nTekst één."),
        "closing": digest("## Slotgedachte\n\nSlot."),
    }


def test_section_hashes_ignore_bom_and_line_endings() -> None:
    variant = "\ufeff" + SOURCE.replace("\n", "\r\n")
    assert section_hashes(variant, CLOSING) == section_hashes(SOURCE, CLOSING)


def test_outdated_sections() -> None:
    recorded = section_hashes(SOURCE, CLOSING)
    assert outdated_sections(SOURCE, recorded, CLOSING) == []
    assert outdated_sections(SOURCE, None, CLOSING) == []
    changed = SOURCE.replace("Tekst één.", "Tekst twee.")
    assert outdated_sections(changed, recorded, CLOSING) == ["1. Eerste"]
    assert outdated_sections(SOURCE, {**recorded, "2": "0123456789"}, CLOSING) == [
        "2 (no longer in the source)"
    ]
    assert outdated_sections(SOURCE, {**recorded, "intro": "x"}, CLOSING) == ["intro"]


# The cache
# -----------------------------------------------------------------------------------------


def test_cached_run_reads_nothing_twice_and_notices_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    site = copy_base(tmp_path)
    config = site / "mkdocs.yml"
    assert run(config) == []
    (stored,) = (tmp_path / "cache" / corpus_module.CACHE_APP).glob("*.json")
    assert json.loads(stored.read_text(encoding="utf-8"))["pages"]
    assert sorted(p.name for p in site.iterdir()) == ["docs", "mkdocs.yml", "overrides"]

    def no_analysis(*args: object) -> None:
        raise AssertionError("a cached page was analysed again")

    monkeypatch.setattr(corpus_module, "analyse", no_analysis)
    assert run(config) == []
    monkeypatch.undo()
    beta = site / "docs/artikelen/beta.en.md"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace("#verder)", "#nergens)"), encoding="utf-8"
    )
    assert [f.code for f in run(config)] == ["LNK003"]
    assert [f.code for f in run(config, use_cache=False)] == ["LNK003"]


def test_a_render_that_ran_out_of_time_is_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A time-out may be the machine's load: the next run renders the page again."""
    from winkelvloer.content import rendered

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = copy_base(tmp_path) / "mkdocs.yml"

    def out_of_time(*args: object) -> None:
        raise rendered.RenderTimeout

    with monkeypatch.context() as busy:
        busy.setattr(rendered, "render", out_of_time)
        found = run(config)
    assert found and {f.code for f in found} == {"MDX001"}
    assert run(config) == []


def test_no_cache_is_read_from_inside_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_base(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(site / ".cache"))
    config = site / "mkdocs.yml"
    assert run(config) == []
    assert not (site / ".cache").exists()
    analysed: list[object] = []
    original = corpus_module.analyse

    def counting(*args: Any) -> Any:
        analysed.append(args)
        return original(*args)

    monkeypatch.setattr(corpus_module, "analyse", counting)
    assert run(config) == []
    assert analysed


def test_paths_limit_the_report_not_the_resolution(tmp_path: Path) -> None:
    site = copy_base(tmp_path)
    beta = site / "docs/artikelen/beta.md"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace("#verder)", "#nergens)"), encoding="utf-8"
    )
    alpha = site / "docs/artikelen/alpha.md"
    assert run(site / "mkdocs.yml", [alpha], use_cache=False) == []
    assert [f.path for f in run(site / "mkdocs.yml", [beta], use_cache=False)] == [
        "docs/artikelen/beta.md"
    ]


def test_yaml_alias_bomb_is_refused_without_constructing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from winkelvloer.content import front_matter

    bomb = ["---", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    bomb += [
        f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    bomb += ["title: [*i]", "---", "", "# Titel"]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the YAML was constructed")

    monkeypatch.setattr(front_matter.yaml, "load", refuse)
    result = front_matter.read_front_matter(bomb, "docs/x.md", "page")
    assert result.data is None
    assert [(f.code, f.line, f.col) for f in result.findings] == [("FM008", 2, 4)]


@pytest.mark.parametrize(
    "body",
    [
        "\n".join("  " * level + "- n" for level in range(500)),
        "> " * 5000 + "x",
        "1. " * 8000,
        "[" * 20_000,
        "![" * 8000,
        "<a " * 8000,
        "<http://" * 8000,
        "!!! note\n    " * 8000,
        "\n\n".join(["[a](b.md) " * 250] * 20),
    ],
    ids=[
        "deep-list",
        "deep-quote",
        "list-markers",
        "brackets",
        "images",
        "tags",
        "autolinks",
        "admonitions",
        "many-paragraphs-of-links",
    ],
)
def test_markdown_that_would_stall_the_renderer_is_refused_unread(
    body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from winkelvloer.content import rendered
    from winkelvloer.content.page import analyse
    from winkelvloer.core.i18n import FileName

    def refuse(*args: object) -> None:
        raise AssertionError("the page was rendered")

    monkeypatch.setattr(rendered, "render", refuse)
    site = load_site_config(CHECK_BASE / "mkdocs.yml")
    data = f"---\ntitle: Over\ndescription: x\n---\n\n# Over\n\n{body}\n".encode()
    name = FileName("over.md", "over.md", "nl", None, False)
    facts = analyse(read_source(data, name, "docs/over.md", site), site)
    assert [f.code for f in facts.findings] == ["MDX001"]
    assert facts.findings[0].line >= 7


def test_a_page_that_renders_too_long_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from winkelvloer.content import rendered
    from winkelvloer.content.page import analyse
    from winkelvloer.core.i18n import FileName

    site = load_site_config(CHECK_BASE / "mkdocs.yml")

    class Slow:
        htmlStash = None

        def reset(self) -> None:
            pass

        def convert(self, text: str) -> str:
            time.sleep(5)
            return ""

    monkeypatch.setattr(rendered, "RENDER_SECONDS", 1)
    monkeypatch.setattr(rendered, "site_markdown", lambda site: Slow())
    data = b"---\ntitle: Over\ndescription: x\n---\n\n# Over\n"
    name = FileName("over.md", "over.md", "nl", None, False)
    facts = analyse(read_source(data, name, "docs/over.md", site), site)
    assert [f.code for f in facts.findings] == ["MDX001"]
    assert facts.timed_out


def test_a_page_larger_than_the_limit_is_refused_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    from winkelvloer.content import page, source
    from winkelvloer.core.i18n import FileName

    def refuse(*args: object) -> None:
        raise AssertionError("the page was decoded")

    monkeypatch.setattr(source, "decode", refuse)
    site = load_site_config(CHECK_BASE / "mkdocs.yml")
    data = b"---\ntitle: Over\n---\n\n# Over\n\n" + b"Tekst. " * 400_000
    name = FileName("over.md", "over.md", "nl", None, False)
    facts = page.analyse(source.read_source(data, name, "x.md", site), site)
    assert [(f.code, f.line) for f in facts.findings] == [("MDX001", 1)]


def test_a_tag_vocabulary_names_every_tag_in_every_language(tmp_path: Path) -> None:
    from winkelvloer.core.config import ConfigError, load_site_config

    base = Path(__file__).parent / "fixtures" / "check" / "_base" / "mkdocs.yml"
    text = base.read_text(encoding="utf-8").replace("              marketing: Marketing\n", "", 1)
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="'nl' has no name for: marketing"):
        load_site_config(tmp_path / "mkdocs.yml")
