"""A read-also line as the site's Markdown reads it, shared by the build and the check.

The build (render/markdown_extensions.py) turns each such paragraph into an aside carrying
READ_ALSO_MARK, which render/cards.py swaps for a card. The mark is the build's own: the check
refuses it in content (SAF006), and reads read-also lines with the same `is_read_also`, so what
it verifies is what the build would turn into a card.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

READ_ALSO_MARK = "data-wv-card"


def is_read_also(paragraph: etree.Element, label: str) -> bool:
    """`paragraph` is "<label>: <a>" and nothing else (Python-Markdown's tree, after inline)."""
    lead = (paragraph.text or "").strip()
    return (
        len(paragraph) == 1
        and paragraph[0].tag == "a"
        and not (paragraph[0].tail or "").strip()
        and lead.endswith(":")
        and lead.rstrip(":").strip() == label
    )
