"""What the hooks know about the preview (imported, not a hook).

`make serve` is a preview: drafts are shown (hooks/unpublished_pages.py), and after a save
winkelvloer/cli/preview.py rebuilds only the pages that changed, in a quick build that it announces
with the environment variable below (hooks/preview_pages.py fills in what it skipped).
"""

from __future__ import annotations

import os
import secrets

QUICK_BUILD_VARIABLE = "WINKELVLOER_QUICK_BUILD"
# The live-reload script's nonce (hooks/content_security_policy.py), the same in every process
# of a preview: its full build runs one process per language (winkelvloer/render/parallel.py).
SERVE_NONCE_VARIABLE = "WINKELVLOER_SERVE_NONCE"
_state = {"preview": False}


def set_preview(on: bool) -> None:
    _state["preview"] = on


def previewing() -> bool:
    return _state["preview"]


def quick_build() -> bool:
    return os.environ.get(QUICK_BUILD_VARIABLE) == "1"


def choose_serve_nonce() -> None:
    """For the preview's process and the build processes it starts (they inherit it)."""
    os.environ[SERVE_NONCE_VARIABLE] = secrets.token_urlsafe(18)


def serve_nonce() -> str:
    """The preview's nonce; made here if the preview did not choose one."""
    if not os.environ.get(SERVE_NONCE_VARIABLE):
        choose_serve_nonce()
    return os.environ[SERVE_NONCE_VARIABLE]
