"""A Content-Security-Policy <meta> on every page, computed from the page itself.

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
from collections.abc import Iterable, Sequence
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

THEME_SCRIPTS_DIR = "partials/javascripts/"
# <script> types a browser does not run: data blocks.
DATA_TYPES = frozenset({"application/json", "application/ld+json"})
CHARSET = '<meta charset="utf-8">'
# `mkdocs serve` adds its live-reload script to every page it serves; the policy allows it by
# a nonce made for that one server run, which nothing in a page can know in advance.
LIVE_RELOAD_SCRIPT = b"<script>\nvar livereload = function("

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


class PolicyError(Exception):
    """The page holds an inline script that is not the theme's, or has no charset."""


def theme_script_partials(theme_dirs: Iterable[str]) -> list[str]:
    """The theme's inline-script partials, by template name, from its folders (custom_dir
    first). Only their folder is listed: the whole theme holds thousands of icons."""
    names: set[str] = set()
    for folder in theme_dirs:
        scripts = Path(folder) / THEME_SCRIPTS_DIR
        if scripts.is_dir():
            names.update(
                THEME_SCRIPTS_DIR + path.relative_to(scripts).as_posix()
                for path in scripts.rglob("*")
                if path.is_file()
            )
    return sorted(names)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline <script> a browser would run."""
    scripts = []
    for node in LexborHTMLParser(html).css("script"):
        kind = (node.attributes.get("type") or "").strip().lower()
        if "src" not in node.attributes and kind not in DATA_TYPES:
            scripts.append(node.text(deep=True))
    return scripts


def with_policy(output: str, allowed: frozenset[str], nonces: Sequence[str] = ()) -> str:
    scripts = inline_scripts(output)
    unknown = [script for script in scripts if script not in allowed]
    if unknown:
        raise PolicyError(
            f"inline script that is not the theme's: {unknown[0][:120]!r}. "
            "The Content-Security-Policy allows only the theme's own inline scripts."
        )
    if CHARSET not in output:
        raise PolicyError(f"no {CHARSET} to put the Content-Security-Policy after")
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy(scripts, nonces)}">'
    return output.replace(CHARSET, CHARSET + meta, 1)


def policy(scripts: Sequence[str], nonces: Sequence[str] = ()) -> str:
    hashes = "".join(f" '{script_hash(script)}'" for script in sorted(set(scripts)))
    hashes += "".join(f" 'nonce-{nonce}'" for nonce in nonces)
    return "; ".join(f"{name} {value.format(hashes=hashes)}" for name, value in POLICY)


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def nonced_live_reload(html: bytes, nonce: str) -> bytes:
    """The live-reload script the server injected, allowed by the server run's nonce."""
    nonced = f'<script nonce="{nonce}">'.encode() + LIVE_RELOAD_SCRIPT[8:]
    before, found, after = html.rpartition(LIVE_RELOAD_SCRIPT)
    return before + nonced + after if found else html
