"""winkelvloer.site: the built-site check, on hand-made sites and on the real build.

Each case in tests/fixtures/check_site/<code>-<pass|fail>-<case>/ holds only what it changes in
the one valid site tests/fixtures/check_site/_base/ (mkdocs.yml, docs/ and the built site/):
edits.yml (lines it changes), files it adds or rewrites, deleted.txt (files it removes) and
links.txt (symbolic links to make), as it needs; and expected.txt, the findings, one
``path:line CODE`` a line (none for a pass case). tests/conftest.py assembles a case.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import FIXTURE_EXPECTED, REPO, assemble_fixture, fixture_lines
from winkelvloer.cli.check_site import main
from winkelvloer.core.findings import Finding
from winkelvloer.core.rules import SITE_RULES
from winkelvloer.site.check_site import Options, check_site
from winkelvloer.site.config import SiteInfo
from winkelvloer.site.feeds import parse_feed
from winkelvloer.site.metadata import structured_nodes
from winkelvloer.site.pages import MAX_NESTING, nesting_depth, parse_page, srcset_urls
from winkelvloer.site.sitemap import parse_sitemap
from winkelvloer.site.sources import Sources, needles
from winkelvloer.site.urls import Resolver, cache_key

FIXTURES = Path(__file__).parent / "fixtures" / "check_site"
# The one valid site (mkdocs.yml, docs/ and the built site/) that every case changes.
BASE = FIXTURES / "_base"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name[0] not in "_.")
FIXTURE_URL_VARIABLE = "CHECK_SITE_FIXTURE_URL"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FIXTURE_URL_VARIABLE, raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def enter_case(case: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The base site with the case laid over it, as the working directory."""
    root = assemble_fixture(BASE, FIXTURES / case if case else None, tmp_path / "fixture")
    monkeypatch.chdir(root)
    return root


def run_case(case: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    """The findings for one fixture site, with paths as a user in that folder would see them."""
    enter_case(case, tmp_path, monkeypatch)
    return check_site(Options(Path("site"), Path("mkdocs.yml"))).findings


def short_keys(findings: list[Finding]) -> Counter[str]:
    return Counter(f"{f.path}:{f.line} {f.code}" for f in findings)


# --- The base passes, every case reports what its expected.txt says ------------------------------


def test_base_site_has_no_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_case(None, tmp_path, monkeypatch) == []


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    findings = run_case(case, tmp_path, monkeypatch)
    expected = Counter(fixture_lines(FIXTURES / case / FIXTURE_EXPECTED))
    assert short_keys(findings) == expected, "\n".join(f.as_text() for f in findings)


def test_fail_cases_report_their_own_rule() -> None:
    for case in CASES:
        code, kind = case.split("-")[:2]
        codes = {line.split(" ")[1] for line in fixture_lines(FIXTURES / case / FIXTURE_EXPECTED)}
        assert kind in ("pass", "fail"), case
        assert (code.upper() in codes) if kind == "fail" else not codes, case


@pytest.mark.parametrize("code", sorted(SITE_RULES))
def test_every_site_rule_has_a_failing_case(code: str) -> None:
    assert any(case.startswith(f"{code.lower()}-fail-") for case in CASES)


def test_a_case_holds_only_what_it_changes() -> None:
    """No case repeats a file of the base unchanged: it would hide what the case is about."""
    for case in CASES:
        for path in (FIXTURES / case).rglob("*"):
            twin = BASE / path.relative_to(FIXTURES / case)
            if path.is_file() and twin.is_file():
                assert path.read_bytes() != twin.read_bytes(), path


def test_an_inline_script_is_allowed_by_its_hash_only(tmp_path: Path) -> None:
    script = "document.body.dataset.ready = 1"
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    page = (
        '<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
        f"content=\"script-src 'self' 'sha256-{digest}'\"></head>"
        f"<body><script>{script}</script><script>{script};</script></body></html>"
    )
    guards = parse_page("index.html", page).guards
    assert guards == [("S031", "inline script not allowed by its hash: " + repr(script + ";"))]


def test_findings_name_the_html_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (finding,) = run_case("s002-fail-untranslated-page", tmp_path, monkeypatch)
    assert "[site/en/artikelen/b/index.html]" in finding.message
    assert "'../a/#weg'" in finding.message


def test_sitemap_findings_name_the_page_and_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (finding,) = run_case("s023-fail-other-x-default", tmp_path, monkeypatch)
    assert "site/artikelen/a/index.html, from docs/artikelen/a.md" in finding.message
    assert "x-default" in finding.message


def test_reciprocity_names_both_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (finding,) = run_case("s012-fail-not-reciprocal", tmp_path, monkeypatch)
    assert "artikelen/b/" in finding.message
    assert "en/artikelen/a/" in finding.message


def test_site_url_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """!ENV [VAR, default]: with VAR set, the fixture's absolute URLs are no longer the site's."""
    monkeypatch.setenv(FIXTURE_URL_VARIABLE, "https://preview.example.net/")
    codes = {f.code for f in run_case(None, tmp_path, monkeypatch)}
    assert "S021" in codes  # sitemap <loc>s point at another host now


def test_without_config_links_still_resolve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    enter_case("s001-fail-broken-link", tmp_path, monkeypatch)
    findings = check_site(Options(Path("site"), None)).findings
    assert ("site/artikelen/a/index.html", "S001") in {(f.path, f.code) for f in findings}


# --- Command line -------------------------------------------------------------------------------


def cli(case: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    enter_case(case, tmp_path / (case or "base") / str(len(args)), monkeypatch)
    return main(["site", "-f", "mkdocs.yml", *args])


def test_exit_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(None, tmp_path, monkeypatch) == 0
    assert cli("s001-fail-broken-link", tmp_path, monkeypatch) == 1
    assert cli("s004-fail-http-link", tmp_path, monkeypatch) == 0
    assert cli("s004-fail-http-link", tmp_path, monkeypatch, "--strict") == 1
    assert main([str(FIXTURES / "does-not-exist")]) == 2
    assert main(["site", "--format", "xml"]) == 2
    capsys.readouterr()


def test_unreadable_config_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = enter_case(None, tmp_path, monkeypatch)
    (root / "mkdocs.yml").write_text("site_url: [unclosed\n", encoding="utf-8")
    assert main(["site", "-f", "mkdocs.yml"]) == 2
    output = capsys.readouterr()
    assert output.out == ""
    assert output.err.startswith("error: ")
    # One line, naming where: file, line and column.
    assert output.err.count("\n") == 1
    assert "mkdocs.yml:2:1: not valid YAML" in output.err


def test_a_config_file_that_is_not_there_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    enter_case(None, tmp_path, monkeypatch)
    assert main(["site", "-f", "elsewhere.yml"]) == 2
    output = capsys.readouterr()
    assert output.out == ""
    assert output.err == "error: cannot read elsewhere.yml: no such file\n"


def test_text_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cli("s002-fail-missing-anchor", tmp_path, monkeypatch)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("docs/artikelen/a.md:9:1: S002 ")
    assert lines[-1] == "1 error, 0 warnings in 10 files"


def test_json_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("s004-fail-http-link", tmp_path, monkeypatch, "--format", "json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["summary"] == {"errors": 0, "warnings": 1, "files": 10}
    (finding,) = document["findings"]
    assert finding["code"] == "S004"
    assert finding["severity"] == "warning"
    assert finding["path"] == "docs/artikelen/a.md"


def test_github_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("s001-fail-broken-link", tmp_path, monkeypatch, "--format", "github") == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("::error file=docs/artikelen/a.md,line=9,col=1,title=S001::")


def test_step_summary(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    cli("s001-fail-broken-link", tmp_path, monkeypatch)
    capsys.readouterr()
    assert "S001" in summary.read_text(encoding="utf-8")


# --- Pieces -------------------------------------------------------------------------------------


def test_srcset_candidates() -> None:
    assert list(srcset_urls("a.png 1x, b.png 2x,c.png")) == ["a.png", "b.png", "c.png"]


def test_parse_page_collects_ids_names_links_and_alternates() -> None:
    html = (
        '<html><head><link rel="alternate" hreflang="en" href="https://x/en/">'
        '<link rel="alternate" type="application/rss+xml" href="feed.xml"></head>'
        '<body><h2 id="a">A</h2><a name="b"></a><img src="i.png" srcset="j.png 2x">'
        '<a href="#a">a</a></body></html>'
    )
    page = parse_page("x/index.html", html)
    assert page.ids == {"a", "b"}
    assert page.alternates == [("en", "https://x/en/")]
    assert {link.url for link in page.links} == {
        "https://x/en/",
        "feed.xml",
        "i.png",
        "j.png",
        "#a",
    }


def test_parse_page_reads_the_shared_image_and_its_stated_size() -> None:
    html = (
        '<html><head><meta property="og:image" content=" https://x/c.png ">'
        '<meta property="og:image:width" content="1200"><meta property="og:image:alt" content="A">'
        "</head><body></body></html>"
    )
    image = parse_page("index.html", html).image
    assert image is not None
    assert (image.url, image.width, image.height) == ("https://x/c.png", "1200", "")
    assert parse_page("index.html", "<html><head></head></html>").image is None


def test_parse_page_reads_what_the_head_tells_search_engines() -> None:
    html = (
        '<html lang="en"><head><link rel="Canonical" href=" https://x/en/a/ ">'
        '<meta name="ROBOTS" content="NoIndex, follow"><meta property="og:title" content="A">'
        '<meta property="og:title" content="B"><meta name="twitter:title" content="A"></head>'
        '<body><script type="application/ld+json">{"@type": "Article"}</script></body></html>'
    )
    meta = parse_page("en/a/index.html", html).meta
    assert (meta.lang, meta.canonical) == ("en", "https://x/en/a/")
    assert meta.robots == {"noindex", "follow"}
    assert meta.properties == {"og:title": "A"}  # the first, as previews read it
    assert meta.names["twitter:title"] == "A"
    assert meta.json_ld == ('{"@type": "Article"}',)


def test_json_ld_objects_lists_and_graphs() -> None:
    texts = (
        '{"@type": "WebSite"}',
        '[{"@type": "Article"}, {"@type": "Person"}]',
        '{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}]}',
        '["not an object"]',
        "{'single': 'quotes'}",
    )
    nodes, errors = structured_nodes(texts)
    assert [node["@type"] for node in nodes] == ["WebSite", "Article", "Person", "WebPage"]
    assert errors[0] == "JSON-LD must be an object or a list of objects"
    assert errors[1].startswith("JSON-LD is not valid JSON: ")
    assert len(errors) == 2


def test_parse_feed_takes_each_entry_s_alternate_link() -> None:
    data = (BASE / "site" / "feed.xml").read_bytes()
    feed = parse_feed(data)
    assert feed.root == "http://www.w3.org/2005/Atom feed"
    assert feed.lang == "nl"
    assert feed.entries == [
        ("https://example.org/base/artikelen/b/", 11),
        ("https://example.org/base/artikelen/a/", 17),
    ]


@pytest.mark.parametrize(
    ("directory", "url", "expected"),
    [
        ("en/x", "../y/", ("internal", "en/y/index.html", "", True)),
        ("en/x", "../y", ("internal", "en/y/index.html", "", True)),  # directory without slash
        ("en/x", "../y/#top", ("internal", "en/y/index.html", "top", True)),
        ("en/x", "../z/", ("internal", "en/z/index.html", "", False)),
        ("en/x", "#s%C3%A9", ("internal", "en/x/index.html", "sé", True)),
        ("", "/base/en/y/", ("internal", "en/y/index.html", "", True)),
        ("", "/other/", ("outside", "/other/", "", True)),
        ("en", "../../y/", ("outside", "en/../../y/", "", True)),
        ("", "https://example.org/base/en/y/?q=1", ("internal", "en/y/index.html", "", True)),
        ("", "https://example.org/base", ("internal", "index.html", "", True)),
        ("", "https://elsewhere.example/", ("external", "https://elsewhere.example/", "", True)),
        ("", "mailto:a@b.c", ("skip", "", "", True)),
        ("", "JavaScript:alert(1)", ("javascript", "", "", True)),
    ],
)
def test_resolver(directory: str, url: str, expected: tuple[str, str, str, bool]) -> None:
    site = SiteInfo(site_url="https://example.org/base/")
    files = {"index.html", "en/x/index.html", "en/y/index.html"}
    target = Resolver(site, files).resolve(directory, url)
    assert (target.kind, target.path, target.fragment, target.exists) == expected


@pytest.mark.parametrize(
    ("directory", "url", "key"),
    [
        ("en/artikelen/x", "../../../assets/a.css", ("", "assets/a.css")),
        ("en/artikelen/x", "../../tags/#t", ("en", "tags/#t")),
        ("en/artikelen/x", "../y/", ("en/artikelen", "y/")),
        ("en/artikelen/x", "./", ("en/artikelen/x", "./")),
        ("en", "../../x/", ("en", "../../x/")),  # leaves the site: kept as written
        ("", "../x/", ("", "../x/")),
        ("en/x", "https://example.org/", ("", "https://example.org/")),
        ("en/x", "/base/y/", ("", "/base/y/")),
    ],
)
def test_cache_key_shares_targets_between_sibling_pages(
    directory: str, url: str, key: tuple[str, str]
) -> None:
    assert cache_key(directory, url) == key


def test_http_link_to_own_site_is_internal_and_insecure() -> None:
    site = SiteInfo(site_url="https://example.org/")
    target = Resolver(site, {"a/index.html"}).resolve("", "http://example.org/a/")
    assert (target.kind, target.path, target.insecure) == ("internal", "a/index.html", True)


def test_sources_follow_the_suffix_convention(tmp_path: Path) -> None:
    for name in (
        "index.md",
        "index.en.md",
        "artikelen/x.md",
        "artikelen/x.en.md",
        "artikelen/y.md",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# t\n", encoding="utf-8")
    site = SiteInfo(docs_dir=tmp_path, default_language="nl", languages=frozenset({"en", "de"}))
    sources = Sources.scan(site)
    assert sources.source("index.html") == "index.md"
    assert sources.source("en/index.html") == "index.en.md"
    assert sources.source("de/index.html") == "index.md"
    assert sources.source("en/artikelen/x/index.html") == "artikelen/x.en.md"
    assert sources.source("en/artikelen/y/index.html") == "artikelen/y.md"
    assert sources.source("artikelen/x/index.html") == "artikelen/x.md"
    assert sources.source("404.html") is None
    assert sources.source("en/artikelen/z/index.html") is None


def test_needles_look_for_link_targets_not_words() -> None:
    assert needles("../nieuwe-klanten/#stap-2") == [
        "../nieuwe-klanten/#stap-2",
        "nieuwe-klanten.md",
        "(nieuwe-klanten/",
        "/nieuwe-klanten/",
        "(nieuwe-klanten)",
        "/nieuwe-klanten)",
        "#stap-2",
    ]
    assert "a" not in needles("../a/")  # a bare word would match unrelated text


def test_parse_sitemap_lines() -> None:
    data = (BASE / "site" / "sitemap.xml").read_bytes()
    urls = parse_sitemap(data)
    assert [u.loc for u in urls] == [
        "https://example.org/base/",
        "https://example.org/base/artikelen/a/",
        "https://example.org/base/artikelen/b/",
    ]
    assert urls[0].line == 4
    assert [lang for lang, _, _ in urls[0].alternates] == ["nl", "en", "x-default"]


# --- The real site ------------------------------------------------------------------------------


def test_real_site_passes(site: Path) -> None:
    """The site as `make build` makes it has no broken links, hreflang or sitemap errors."""
    result = check_site(Options(site, REPO / "mkdocs.yml"))
    errors = [f.as_text() for f in result.findings if f.is_error]
    assert not errors, f"{len(errors)} errors in the built site:\n" + "\n".join(errors[:40])


# --- What is not a page, and pages no parser should be given --------------------------------------


def check_in_subprocess(root: Path) -> subprocess.CompletedProcess[str]:
    """The command on the site in `root`, in a process of its own: a hang ends the test
    (the timeout detects a hang; it measures nothing)."""
    return subprocess.run(
        [sys.executable, "-m", "winkelvloer.cli.check_site", "site"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_fifo_in_the_site_is_reported_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = enter_case(None, tmp_path, monkeypatch)
    os.mkfifo(root / "site" / "notes.html")
    (root / "site" / "feed.xml").unlink()
    os.mkfifo(root / "site" / "feed.xml")
    result = check_in_subprocess(root)
    assert result.returncode == 1
    assert "site/notes.html:1:1: S035 named pipe (FIFO) in the built site" in result.stdout
    assert "site/feed.xml:1:1: S035 named pipe (FIFO) in the built site" in result.stdout


def test_a_page_nested_a_hundred_thousand_deep_is_reported_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = enter_case(None, tmp_path, monkeypatch)
    page = "<!doctype html><title>x</title><body>" + "<div>" * 100_000 + "</div>" * 100_000
    (root / "site" / "deep.html").write_text(page, encoding="utf-8")
    result = check_in_subprocess(root)
    assert "site/deep.html:1:1: S036 elements nested more than 1000 deep" in result.stdout


@pytest.mark.parametrize(
    ("html", "deep"),
    [
        ("<div>" * 3000, True),
        ("<div></div>" * 3000, False),
        ("<br>" * 6000 + "<img src=x>" * 6000, False),
        ("<p/>" * 6000, False),
        ("<script>" + "<div>" * 6000 + "</script>", False),
        ("<SCRIPT>" + "<div>" * 6000 + "</script >", False),
        ("<!--" + "<div>" * 6000 + "-->", False),
        ("<b" * 6000, True),
    ],
)
def test_nesting_is_counted_as_a_parser_would_nest(html: str, deep: bool) -> None:
    assert (nesting_depth(html.encode(), MAX_NESTING) > MAX_NESTING) is deep


def test_a_symbolic_link_loop_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = enter_case(None, tmp_path, monkeypatch)
    (root / "site" / "sitemap.xml").unlink()
    (root / "site" / "sitemap.xml").symlink_to("sitemap.xml")
    (root / "site" / "loop").symlink_to("loop")
    result = check_in_subprocess(root)
    assert "Traceback" not in result.stderr
    assert "site/sitemap.xml:1:1: S035 symbolic link in the built site" in result.stdout
    assert "site/loop:1:1: S035 symbolic link in the built site" in result.stdout


@pytest.mark.parametrize("site_dir", ["empty", "missing", "only-a-link"])
def test_a_site_without_pages_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], site_dir: str
) -> None:
    folder = tmp_path / site_dir
    if site_dir != "missing":
        folder.mkdir()
    if site_dir == "only-a-link":
        (folder / "index.html").symlink_to("index.html")
    assert main([str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
