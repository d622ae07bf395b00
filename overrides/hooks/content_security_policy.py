"""Hook: a Content-Security-Policy <meta> on every page, computed from the page itself.

GitHub Pages sets no headers, so the policy is a <meta http-equiv> at the top of <head>.
Scripts run only from the site's own files and, for the theme's inline scripts, by hash.
Those hashes are not copied by hand: the theme's inline-script partials
(partials/javascripts/*.html) are rendered with the page's own context, and each inline
script of the finished page must be one of them. Any other inline script (a theme upgrade
that moves one, a template chosen in front matter) fails the build instead of being allowed.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from selectolax.lexbor import LexborHTMLParser

from winkelvloer.render import preview_state

THEME_SCRIPTS_DIR = "partials/javascripts/"
# <script> types a browser does not run: data blocks.
DATA_TYPES = frozenset({"application/json", "application/ld+json"})
CHARSET = '<meta charset="utf-8">'

# Pagefind compiles its WebAssembly in the page ('wasm-unsafe-eval'); it needs nothing else.
POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'{hashes}"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("frame-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

_state: dict[str, Any] = {}
_allowed: dict[str, frozenset[str]] = {}
# `mkdocs serve` adds its live-reload script to every page it serves; the policy allows it by
# a nonce made for that one server run, which nothing in a page can know in advance.
_serve_nonce: list[str] = []
LIVE_RELOAD_SCRIPT = b"<script>\nvar livereload = function("


def on_startup(command: str, dirty: bool) -> None:
    _serve_nonce[:] = [preview_state.serve_nonce()] if command == "serve" else []


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    inject = server._inject_js_into_html

    def inject_with_nonce(content: bytes, epoch: int) -> bytes:
        html = inject(content, epoch)
        if not _serve_nonce:
            return html
        nonced = f'<script nonce="{_serve_nonce[0]}">'.encode() + LIVE_RELOAD_SCRIPT[8:]
        before, found, after = html.rpartition(LIVE_RELOAD_SCRIPT)
        return before + nonced + after if found else html

    server._inject_js_into_html = inject_with_nonce
    return server


@event_priority(100)
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    _state["env"] = env
    _state["partials"] = sorted(
        name for name in env.list_templates() if name.startswith(THEME_SCRIPTS_DIR)
    )
    return env


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    _allowed[page.url] = theme_scripts(context)
    return context


def on_template_context(
    context: dict[str, Any], template_name: str, config: MkDocsConfig
) -> dict[str, Any]:
    _allowed[template_name] = theme_scripts(context)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return with_policy(output, _allowed.pop(page.url, frozenset()), page.file.src_uri)


# Before hooks/not_found_pages.py keeps the 404 page of each language.
@event_priority(50)
def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output
    return with_policy(output, _allowed.pop(template_name, frozenset()), template_name)


def theme_scripts(context: dict[str, Any]) -> frozenset[str]:
    """The inline scripts the theme's script partials write for this context."""
    env: Environment = _state["env"]
    rendered = "".join(env.get_template(name).render(context) for name in _state["partials"])
    return frozenset(inline_scripts(rendered))


def inline_scripts(html: str) -> list[str]:
    """The text of every inline <script> a browser would run."""
    scripts = []
    for node in LexborHTMLParser(html).css("script"):
        kind = (node.attributes.get("type") or "").strip().lower()
        if "src" not in node.attributes and kind not in DATA_TYPES:
            scripts.append(node.text(deep=True))
    return scripts


def with_policy(output: str, allowed: frozenset[str], source: str) -> str:
    scripts = inline_scripts(output)
    unknown = [script for script in scripts if script not in allowed]
    if unknown:
        raise PluginError(
            f"{source}: inline script that is not the theme's: {unknown[0][:120]!r}. "
            "The Content-Security-Policy allows only the theme's own inline scripts."
        )
    if CHARSET not in output:
        raise PluginError(f"{source}: no {CHARSET} to put the Content-Security-Policy after")
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy(scripts)}">'
    return output.replace(CHARSET, CHARSET + meta, 1)


def policy(scripts: list[str]) -> str:
    hashes = "".join(f" '{script_hash(script)}'" for script in sorted(set(scripts)))
    hashes += "".join(f" 'nonce-{nonce}'" for nonce in _serve_nonce)
    return "; ".join(f"{name} {value.format(hashes=hashes)}" for name, value in POLICY)


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")
