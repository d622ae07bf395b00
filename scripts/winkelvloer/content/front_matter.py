"""Front matter: find it, parse the YAML, validate it against core/front-matter.schema.json.

Line numbers point at the offending key: YAML errors are shifted by the position of the
front matter in the file, schema errors are located through the composed YAML nodes.
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from winkelvloer.content.yaml_mistakes import Mistake, explain, missing_fence
from winkelvloer.core.findings import Finding
from winkelvloer.core.freshness import FENCE_OPEN, front_matter_bounds
from winkelvloer.core.rules import finding
from winkelvloer.core.text import make_command, unpublishable_character

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "core" / "front-matter.schema.json"
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TYPE_NAMES = MappingProxyType(
    {
        "string": "text",
        "array": "a list",
        "object": "a set of key: value pairs",
        "boolean": "true or false",
        "number": "a number",
    }
)


@dataclass(slots=True)
class FrontMatter:
    """What a page's front matter holds; `data` is None when there is none or it is broken."""

    data: dict[str, Any] | None = None
    # The known keys as YAML gives them (dates as dates), for the build; None when broken.
    values: dict[str, Any] | None = None
    bounds: tuple[int, int] | None = None
    key_lines: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


# Schema
# -----------------------------------------------------------------------------------------


@functools.cache
def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@functools.cache
def validator(kind: str) -> Any:
    """A compiled validator for "article" or "page" (jsonschema imports lazily: it is slow)."""
    from jsonschema import Draft202012Validator

    schema = load_schema()
    wrapper = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"}
    Draft202012Validator.check_schema(wrapper)
    return Draft202012Validator(wrapper, format_checker=Draft202012Validator.FORMAT_CHECKER)


def jsonable(value: object) -> object:
    """YAML values as JSON would have them: dates as YYYY-MM-DD text, keys as text."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return jsonable_mapping(value)
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def jsonable_mapping(value: dict[Any, Any]) -> dict[str, Any]:
    return {str(k): jsonable(v) for k, v in value.items()}


@functools.cache
def date_keys() -> frozenset[str]:
    """The top-level keys the schema wants as a date (YAML reads an unquoted date as one)."""
    properties = load_schema()["$defs"]["page"]["properties"]
    return frozenset(key for key, spec in properties.items() if spec.get("format") == "date")


@functools.cache
def known_keys() -> frozenset[str]:
    return frozenset(load_schema()["$defs"]["page"]["properties"])


def for_schema(data: dict[Any, Any]) -> dict[str, Any]:
    """The front matter as the schema validates it: a date is text only where the schema
    wants a date, so a date elsewhere (an author, a tag) fails as "must be text", as the
    build would fail to use it."""
    return {
        str(key): value.isoformat()
        if str(key) in date_keys() and isinstance(value, datetime.date)
        else _keys_as_text(value)
        for key, value in data.items()
    }


def _keys_as_text(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _keys_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_keys_as_text(v) for v in value]
    return value


def _where(path: Sequence[object]) -> str:
    if not path:
        return "front matter"
    where = f"'{path[0]}'"
    for part in path[1:]:
        where += f" item {part + 1}" if isinstance(part, int) else f" key '{part}'"
    return where


def _length_message(where: str, length: int, schema: dict[str, Any]) -> str:
    """'description' is 5 characters long; write 80 to 160 (both bounds when there are two)."""
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    wanted = (
        f"{low} to {high}"
        if low > 1 and high
        else (f"at most {high}" if high else f"at least {low}")
    )
    what = "one sentence of " if where == "'description'" else ""
    return f"{where} is {length} characters long; write {what}{wanted} characters"


def _describe(error: Any, path: str) -> str:
    where, kind, expected = (
        _where(list(error.absolute_path)),
        error.validator,
        error.validator_value,
    )
    instance = error.instance
    if kind == "type":
        return f"{where} must be {TYPE_NAMES.get(expected, expected)}"
    if kind == "minLength" and expected <= 1:
        return f"{where} must not be empty"
    if kind in ("minLength", "maxLength"):
        return _length_message(where, len(instance), error.schema)
    if kind == "format" and expected == "date":
        return f"{where} must be a date written as YYYY-MM-DD, e.g. 2026-10-05 (found {instance!r})"
    if kind == "minItems":
        return f"{where} must list at least {expected} item{'s' if expected != 1 else ''}"
    if kind == "uniqueItems":
        return f"{where} lists the same item twice"
    if kind == "enum":
        return f"{where} must be one of: {', '.join(map(str, expected))} (found {instance!r})"
    if kind == "pattern" and isinstance(instance, str) and unpublishable_character(instance):
        char = unpublishable_character(instance) or ""
        return (
            f"{where} contains the control character U+{ord(char):04X}, which a page, a feed or "
            "a social card cannot show; remove it"
        )
    if kind == "pattern" and "translated_from" in error.absolute_path:
        command = make_command("mark-updated", FILE=path)
        return f"{where} must be a 10-character hash; run {command} to write it"
    if kind == "pattern":
        return f"{where} must match {expected} (found {instance!r})"
    if kind == "minProperties":
        return f"{where} must not be empty"
    return f"{where}: {error.message}"


# Locating keys
# -----------------------------------------------------------------------------------------


def top_level_key_lines(lines: Sequence[str], bounds: tuple[int, int]) -> dict[str, int]:
    """1-based line of every top-level key, from the text (no YAML needed)."""
    found: dict[str, int] = {}
    for index in range(bounds[0] + 1, bounds[1]):
        line = lines[index]
        if not line or line[0] in " \t#-" or ":" not in line:
            continue
        key = line.split(":", 1)[0].strip().strip("\"'")
        found.setdefault(key, index + 1)
    return found


def _node_line(root: yaml.Node | None, path: Sequence[object], *, key: bool) -> int | None:
    """0-based line of the node at `path` (of its key when `key`), inside the front matter."""
    node, line = root, None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if match is None:
                return line
            line, node = match[0].start_mark.line, match[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line
        else:
            return line
    if node is not None and not key:
        line = node.start_mark.line if line is None else max(line, node.start_mark.line)
    return line


# Reading
# -----------------------------------------------------------------------------------------


def anchor_or_alias(text: str) -> tuple[int, int, str] | None:
    """(0-based line, column, what) of the first YAML anchor (&a) or alias (*a) in `text`.

    Only the scanner runs, so a document built to expand into billions of nodes is refused
    before anything is constructed.
    """
    if "&" not in text and "*" not in text:
        return None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                kind = "anchor &" if isinstance(token, yaml.AnchorToken) else "alias *"
                mark = token.start_mark
                return mark.line, mark.column, f"{kind}{token.value}"
    except yaml.YAMLError:
        return None
    return None


def _reference_finding(text: str, path: str, first_line: int) -> Finding | None:
    found = anchor_or_alias(text)
    if found is None:
        return None
    line, col, what = found
    message = (
        f"front matter uses the YAML {what}; write the value out instead "
        "(anchors and aliases are not allowed)"
    )
    return finding("FM008", path, first_line + line, col + 1, message)


def _yaml_mistake(exc: yaml.YAMLError, block: Sequence[str]) -> Mistake:
    """The mistake behind a YAML error, in the editor's words (content/yaml_mistakes.py)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return explain(block, 2, mark.line if mark else None, problem)


def _failing_scalar_line(text: str) -> int | None:
    """0-based line of the first scalar PyYAML cannot turn into a value (e.g. 2026-13-01)."""
    loader = _Loader(text)
    try:
        stack = [loader.get_single_node()]
        while stack:
            node = stack.pop(0)
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node)
                except (ValueError, TypeError, OverflowError, KeyError, AttributeError):
                    return node.start_mark.line
            elif isinstance(node, yaml.MappingNode):
                stack += [n for pair in node.value for n in pair]
            elif isinstance(node, yaml.SequenceNode):
                stack += node.value
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def _value_error(exc: Exception, text: str, path: str, first_line: int) -> Finding:
    line = _failing_scalar_line(text)
    reason = (
        "a value does not fit its !! tag"
        if isinstance(exc, KeyError | AttributeError)
        else str(exc)
    )
    message = f"front matter value cannot be read: {reason}"
    return finding("FM001", path, first_line + (line or 0), 1, message)


def _not_a_mapping(data: object, path: str, line: int) -> Finding:
    kind = {list: "a list", str: "a piece of text", type(None): "empty"}.get(type(data), "a value")
    return finding(
        "FM002",
        path,
        line,
        1,
        f"front matter is {kind}; it must be key: value pairs such as 'title: ...'",
    )


def _strictest(errors: Iterable[Any]) -> list[Any]:
    """One error per key and kind: an article's description breaks both the page's limit and
    the article's tighter one, and the editor needs only the tighter one."""
    kept: dict[tuple[object, ...], Any] = {}
    for error in errors:
        key = (*map(str, error.absolute_path), error.validator)
        other = kept.get(key)
        if other is None or _tighter(error, other):
            kept[key] = error
    return list(kept.values())


def _tighter(error: Any, other: Any) -> bool:
    if error.validator == "maxLength":
        return bool(error.validator_value < other.validator_value)
    if error.validator == "minLength":
        return bool(error.validator_value > other.validator_value)
    return False


def _schema_findings(
    data: dict[str, Any], text: str, path: str, first_line: int, kind: str
) -> list[Finding]:
    errors = sorted(
        _strictest(validator(kind).iter_errors(data)),
        key=lambda e: list(map(str, e.absolute_path)),
    )
    if not errors:
        return []
    root = yaml.compose(text, Loader=_Loader)
    found: list[Finding] = []
    for error in errors:
        found += _error_findings(error, root, path, first_line)
    return found


def _error_findings(error: Any, root: yaml.Node | None, path: str, first: int) -> list[Finding]:
    location = list(error.absolute_path)
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        line = first - 1 + (_node_line(root, location, key=True) or 0) if location else first - 1
        return [
            finding("FM005", path, line, 1, f"front matter is missing the required key '{k}'")
            for k in missing
        ]
    if error.validator == "additionalProperties":
        known = error.schema.get("properties", {})
        return [
            finding(
                "FM007",
                path,
                first + (_node_line(root, [*location, k], key=True) or 0),
                1,
                f"unknown front matter key {_where([*location, k])}; known keys: "
                f"{', '.join(known)}",
            )
            for k in error.instance
            if k not in known
        ]
    line = first + (_node_line(root, location, key=False) or 0)
    return [finding("FM006", path, line, 1, _describe(error, path))]


def read_front_matter(lines: Sequence[str], path: str, kind: str) -> FrontMatter:
    """Parse and validate the front matter of a page; `kind` is "article" or "page"."""
    result = FrontMatter()
    if not lines or lines[0].rstrip(" \t") != FENCE_OPEN:
        result.findings.append(
            finding("FM003", path, 1, 1, "page has no front matter; start it with a --- line")
        )
        return result
    bounds = front_matter_bounds(lines)
    if bounds is None:
        mistake = missing_fence(lines[1:], 2)
        result.findings.append(finding("FM004", path, 2 + mistake.line, 1, mistake.message))
        return result
    result.bounds = bounds
    result.key_lines = top_level_key_lines(lines, bounds)
    text = "\n".join(lines[1 : bounds[1]])
    reference = _reference_finding(text, path, 2)
    if reference is not None:
        result.findings.append(reference)
        return result
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mistake = _yaml_mistake(exc, lines[1 : bounds[1]])
        code = "FM004" if mistake.unclosed else "FM001"
        result.findings.append(
            finding(code, path, 2 + mistake.line, mistake.col + 1, mistake.message)
        )
        if mistake.unclosed and not lines[mistake.line + 2].strip():
            # The --- further down is a rule in the text: the page starts after the blank line.
            result.bounds = (0, mistake.line + 2)
        return result
    except (ValueError, TypeError, OverflowError, KeyError, AttributeError) as exc:
        # A value its tag does not allow ("!!bool perhaps", "!!timestamp never") fails in
        # PyYAML's constructor with a KeyError or AttributeError.
        result.findings.append(_value_error(exc, text, path, 2))
        return result
    if not isinstance(data, dict):
        result.findings.append(_not_a_mapping(data, path, 2 if data is not None else 1))
        return result
    checked = for_schema(data)
    result.findings += _schema_findings(checked, text, path, 2, kind)
    result.data = jsonable_mapping(checked)
    result.values = {str(k): v for k, v in data.items() if str(k) in known_keys()}
    return result
