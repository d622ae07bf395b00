"""Front matter YAML cannot read, explained in an editor's words.

PyYAML says where it gave up ("while scanning a simple key ... could not find expected ':'"),
which is often lines after the mistake and never in words an editor uses. `explain` looks at
the lines up to that point for the mistakes editors make (a tab in the indentation, a colon
in a value, a quote at the start of a value, a missing closing ---, a stray indent) and
names the first one, with its line, column and the fix. Only when none fits does the
parser's own one-line problem come back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

FENCE = "---"
# A plain YAML value starting with one of these is something else (a list, a block, a tag...).
NOT_PLAIN = frozenset("[]{}|>&*!%@`#")
QUOTES = ("'", '"')


@dataclass(frozen=True, slots=True)
class Mistake:
    """One mistake: 0-based line within the front matter block, 0-based column."""

    line: int
    col: int
    message: str
    unclosed: bool = False  # the front matter block has no closing ---


@dataclass(frozen=True, slots=True)
class _KeyLine:
    index: int
    key: str
    value: str
    value_col: int


def explain(block: Sequence[str], first_line: int, error_line: int | None, problem: str) -> Mistake:
    """The first mistake in `block` (the lines between the --- fences) up to the line PyYAML
    stopped at (`error_line`, 0-based in `block`); `first_line` is the file's 1-based line
    of block[0], for the line numbers in messages."""
    limit = len(block) - 1 if error_line is None else min(error_line, len(block) - 1)
    for index in range(limit + 1):
        found = _mistake_on(block, index, first_line, stopped_here=index == error_line)
        if found is not None:
            return found
    line = max(limit, 0)
    return Mistake(
        line, 0, f"front matter is not valid YAML on line {first_line + line}: {problem}"
    )


def missing_fence(block: Sequence[str], first_line: int) -> Mistake:
    """The block never ends: say after which line the closing --- belongs."""
    last = _last_front_matter_line(block)
    return Mistake(
        last,
        0,
        f"the front matter has no closing ---: add a line with --- after line {first_line + last}",
        unclosed=True,
    )


def _last_front_matter_line(block: Sequence[str]) -> int:
    """The last line that still looks like front matter (before a blank line and a heading,
    or before the first line that is neither a key, a list item nor an indented line)."""
    last = 0
    for index, line in enumerate(block):
        if not line.strip():
            continue
        if _heading(line) or not (_key_line(line, index) or line[:1] in (" ", "\t", "-")):
            break
        last = index
    return last


def _mistake_on(
    block: Sequence[str], index: int, first_line: int, *, stopped_here: bool
) -> Mistake | None:
    line = block[index]
    number = first_line + index
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in indent:
        return Mistake(
            index, indent.index("\t"), f"a tab at the start of line {number}: indent with spaces"
        )
    if _heading(line) and index > 0 and not block[index - 1].strip():
        return _fence_before(block, index, first_line)
    parsed = _key_line(line, index)
    if parsed is not None:
        return _value_mistake(block, parsed, first_line)
    if indent and ": " in line and (stopped_here or _complete_before(block, index)):
        return Mistake(
            index,
            0,
            f"line {number} starts with spaces: to start a new key, remove the spaces at the "
            "start of the line; to continue the value above, indent it like that value",
        )
    if not indent and line.strip() and not line.startswith(("#", "- ")) and line.strip() != "-":
        if index > 0 and _complete_before(block, index) and not block[index - 1].strip():
            return _fence_before(block, index, first_line)
        return Mistake(
            index,
            0,
            f"line {number} is not a 'key: value' line: add the key and a colon, or indent "
            "it to continue the value above",
        )
    return None


def _fence_before(block: Sequence[str], index: int, first_line: int) -> Mistake:
    last = _last_front_matter_line(block[:index])
    return Mistake(
        last,
        0,
        f"the front matter has no closing ---: add a line with --- after line {first_line + last}",
        unclosed=True,
    )


def _heading(line: str) -> bool:
    """A Markdown heading ("# Title"), which YAML would take for a comment."""
    return line.startswith("#") and line.lstrip("#").startswith(" ") and len(line) > 2


def _key_line(line: str, index: int) -> _KeyLine | None:
    """A top-level `key: value` line (or `key:` alone)."""
    if not line or line[0] in " \t#-" or ":" not in line:
        return None
    key, _, rest = line.partition(":")
    if not key.strip() or (rest and rest[0] not in " \t"):
        return None
    if key.strip()[0] in QUOTES or any(c in key for c in "[]{}"):
        return None
    value = rest.strip()
    return _KeyLine(
        index, key.strip(), value, len(line) - len(rest.lstrip(" \t")) if value else len(line)
    )


def _complete_before(block: Sequence[str], index: int) -> bool:
    """The nearest line above with text is a top-level key with a plain value of its own."""
    above = next((block[i] for i in range(index - 1, -1, -1) if block[i].strip()), None)
    parsed = _key_line(above, 0) if above is not None else None
    return parsed is not None and bool(parsed.value) and parsed.value[0] not in NOT_PLAIN


def _what(key: str) -> str:
    return f"the {key}" if key.isalpha() else f"the value of '{key}'"


def _value_mistake(block: Sequence[str], item: _KeyLine, first_line: int) -> Mistake | None:
    value, what = item.value, _what(item.key)
    if not value or value[0] in NOT_PLAIN:
        return None
    if value[0] in QUOTES:
        return _quote_mistake(block, item, first_line)
    colon = value.find(": ")
    if colon < 0 and value.endswith(":"):
        colon = len(value) - 1
    if colon < 0:
        return None
    return Mistake(
        item.index,
        item.value_col + colon,
        f"put {what} in quotes: it contains ': ' ({item.key}: {_quoted(value)})",
    )


def _quote_mistake(block: Sequence[str], item: _KeyLine, first_line: int) -> Mistake | None:
    """A value that starts with a quote: the quote must close it, at the end."""
    quote, what = item.value[0], _what(item.key)
    text = " ".join([item.value, *_continuation(block, item.index)])
    end = _closing_quote(text, quote)
    if end is None:
        return Mistake(
            item.index,
            item.value_col,
            f"{what} starts with a quote that is not closed: end it with {quote}, or leave "
            "out the quote at the start",
        )
    after = text[end + 1 :].strip()
    if not after or after.startswith("#"):
        return None
    inner = text[1:end]
    curly = "“" + inner + "”" + text[end + 1 :]
    return Mistake(
        item.index,
        item.value_col,
        f"{what} starts with a quote, so YAML reads only {quote}{inner}{quote} as {what}: put "
        f"all of it in quotes ({item.key}: {_quoted(text)}) or use curly quotes ({curly})",
    )


def _quoted(text: str) -> str:
    """`text` as a YAML value in quotes: double ones if it has none, else single ones."""
    if '"' not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _continuation(block: Sequence[str], index: int) -> list[str]:
    """The indented lines that continue the value on line `index`."""
    lines = []
    for line in block[index + 1 :]:
        if line.strip() and line[:1] not in (" ", "\t"):
            break
        lines.append(line.strip())
    return lines


def _closing_quote(text: str, quote: str) -> int | None:
    """Index of the quote that closes `text` (which starts with it), as YAML reads quotes:
    '' inside single quotes, a backslash escape inside double quotes."""
    index = 1
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None
