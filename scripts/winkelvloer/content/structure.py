"""Structure of a page: one H1 equal to the title, no skipped levels, and for articles the
numbered sections "## N. ..." from 1 followed by the closing section."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from winkelvloer.content.markdown import Heading
from winkelvloer.core.findings import Finding
from winkelvloer.core.freshness import section_number
from winkelvloer.core.rules import finding


def check_h1(
    path: str, headings: Sequence[Heading], title: object, title_line: int, body_line: int
) -> list[Finding]:
    h1s = [h for h in headings if h.level == 1]
    if not h1s:
        return [finding("STR001", path, body_line, 1, "page has no H1 heading; add '# <title>'")]
    found = [
        finding("STR002", path, h.line, 1, f"second H1 '{h.text}'; a page has exactly one H1")
        for h in h1s[1:]
    ]
    if isinstance(title, str) and h1s[0].text != title.strip():
        found.append(
            finding(
                "STR003",
                path,
                h1s[0].line,
                1,
                f"H1 '{h1s[0].text}' differs from the front matter title '{title.strip()}' "
                f"(line {title_line}); make them identical",
            )
        )
    return found


def check_levels(path: str, headings: Sequence[Heading]) -> list[Finding]:
    found, previous = [], 0
    for heading in headings:
        if previous and heading.level > previous + 1:
            found.append(
                finding(
                    "STR004",
                    path,
                    heading.line,
                    1,
                    f"H{heading.level} '{heading.text}' follows an H{previous}; "
                    f"use H{previous + 1} (levels cannot be skipped)",
                )
            )
        previous = heading.level
    return found


def _unnumbered(path: str, heading: Heading, closing: str, others: Mapping[str, str]) -> Finding:
    language = others.get(heading.source)
    if language:
        message = (
            f"'{heading.source}' is the {language} closing heading; "
            f"on this page the closing section is '## {closing}'"
        )
    elif heading.source.split(".", 1)[0].isdigit():
        message = (
            f"write numbered sections as '## N. Title' (number, dot, space): '{heading.source}'"
        )
    else:
        message = (
            f"section '{heading.source}' must be numbered ('## N. Title') "
            f"or be the closing section '## {closing}'"
        )
    return finding("STR006", path, heading.line, 1, message)


def check_sections(
    path: str,
    headings: Sequence[Heading],
    closing: str | None,
    other_closings: Mapping[str, str],
    end_line: int,
) -> list[Finding]:
    """Article sections; `other_closings` maps other languages' closing names to language."""
    h2s = [h for h in headings if h.level == 2 and h.top]
    found: list[Finding] = []
    expected, closings = 1, []
    for heading in h2s:
        number = section_number(heading.source)
        if closing and heading.source == closing:
            closings.append(heading)
        elif number is not None:
            if number != expected:
                found.append(
                    finding(
                        "STR005",
                        path,
                        heading.line,
                        1,
                        f"section {number} should be number {expected}: "
                        "numbered sections count 1, 2, 3, ... without gaps",
                    )
                )
            expected = number + 1
        else:
            found.append(_unnumbered(path, heading, closing or "?", other_closings))
    if closing is None:
        return found
    if not closings:
        line = h2s[-1].line if h2s else end_line
        found.append(finding("STR007", path, line, 1, f"closing section '## {closing}' is missing"))
        return found
    for extra in closings[1:]:
        found.append(finding("STR008", path, extra.line, 1, f"'## {closing}' appears twice"))
    if closings[0] is not h2s[-1] and len(closings) == 1:
        found.append(
            finding(
                "STR008",
                path,
                closings[0].line,
                1,
                f"'## {closing}' must be the last section; "
                f"'{h2s[-1].source}' (line {h2s[-1].line}) comes after it",
            )
        )
    return found
