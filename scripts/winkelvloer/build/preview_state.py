"""What the hooks know about the preview (imported, not a hook).

`make serve` is a preview: drafts are shown (hooks/unpublished_pages.py), and after a save
winkelvloer/cli/preview.py rebuilds only the pages that changed, in a quick build that it announces
with the environment variable below (hooks/preview_pages.py fills in what it skipped).
"""

from __future__ import annotations

import os

QUICK_BUILD_VARIABLE = "WINKELVLOER_QUICK_BUILD"
_state = {"preview": False}


def set_preview(on: bool) -> None:
    _state["preview"] = on


def previewing() -> bool:
    return _state["preview"]


def quick_build() -> bool:
    return os.environ.get(QUICK_BUILD_VARIABLE) == "1"
