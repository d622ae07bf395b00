"""What makes a page unreadable for the build (FM008 and MDX001 of `make check`), imported by
hooks/unreadable_pages.py, which leaves such a page out of the site.

Every language's build asks this of every page, and in a parallel build they are processes
of their own: the answer is kept in the build cache, keyed by the text and by this code.
"""

from __future__ import annotations

import sys
from pathlib import Path

from winkelvloer.render import build_cache
from winkelvloer.content import front_matter, rendered
from winkelvloer.content.front_matter import anchor_or_alias
from winkelvloer.content.rendered import complexity_problem
from winkelvloer.core import freshness
from winkelvloer.core.freshness import FENCE_OPEN, front_matter_bounds

# (line, column, rule code, message)
Problem = tuple[int, int, str, str]


def cached_problem(text: str, cache: Path) -> Problem | None:
    """problem_in_text, computed once per text and version of the code."""
    this = sys.modules[__name__]
    version = build_cache.code_version(this, front_matter, rendered, freshness)
    found = build_cache.memoized(cache, version, text, lambda: problem_in_text(text))
    return (found[0], found[1], found[2], found[3]) if found else None


def problem_in_text(text: str) -> Problem | None:
    lines = text.replace("\r\n", "\n").split("\n")
    bounds = front_matter_bounds(lines) if lines[0].rstrip(" \t") == FENCE_OPEN else None
    if bounds:
        found = anchor_or_alias("\n".join(lines[1 : bounds[1]]))
        if found:
            line, col, what = found
            message = f"front matter uses the YAML {what}; write the value out instead"
            return line + 2, col + 1, "FM008", message
    too_complex = complexity_problem(lines, bounds[1] + 2 if bounds else 1)
    if too_complex:
        line, reason = too_complex
        return line, 1, "MDX001", f"the page cannot be built in reasonable time: {reason}"
    return None
