"""RULES.md documents every rule, content and built site; the editor docs and hooks run the same
checks."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import CHECK_BASE, REPO
from winkelvloer.cli.check import main
from winkelvloer.core.rules import CONTENT_RULES, RULES, SITE_RULES

HEADING = re.compile(r"^### ([A-Z]{1,3}\d{3}) (.+)$", re.MULTILINE)


def rule_sections() -> dict[str, tuple[str, str]]:
    text = (REPO / "RULES.md").read_text(encoding="utf-8")
    matches = list(HEADING.finditer(text))
    sections = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        sections[match.group(1)] = (match.group(2), text[match.end() : end])
    return sections


def test_rules_md_has_exactly_the_registered_codes() -> None:
    assert sorted(rule_sections()) == sorted(RULES)


def test_content_and_site_rules_are_one_registry() -> None:
    assert not set(CONTENT_RULES) & set(SITE_RULES)
    assert set(RULES) == set(CONTENT_RULES) | set(SITE_RULES)
    assert all(code.startswith("S") and code[1:].isdigit() for code in SITE_RULES)
    assert {"S001", "S024", "S035", "S056"} <= set(SITE_RULES)


@pytest.mark.parametrize(
    ("code", "anchor"),
    [
        ("LNK001", "RULES.md#lnk001-linked-page-does-not-exist"),
        ("S032", "RULES.md#s032-base-element"),
        ("S033", "RULES.md#s033-meta-http-equivrefresh"),
        ("S054", "RULES.md#s054-ogimage-is-not-an-absolute-url"),
    ],
)
def test_anchor_is_the_heading_as_github_links_it(code: str, anchor: str) -> None:
    assert RULES[code].anchor == anchor


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_entry(code: str) -> None:
    title, body = rule_sections()[code]
    rule = RULES[code]
    assert title == rule.title
    first = body.strip().splitlines()[0]
    assert re.match(rf"^{rule.severity} · `[^`]+:\d+:\d+: {code} [^`]+`$", first), first
    for part in ("**What it means.**", "**How to fix.**", "**Example.**"):
        assert part in body, f"{code}: {part}"
    assert "```" in body.split("**Example.**")[1], f"{code}: example block"


def test_schema_is_valid_json_schema() -> None:
    schema = json.loads(
        (REPO / "scripts/winkelvloer/core/front-matter.schema.json").read_text(encoding="utf-8")
    )
    Draft202012Validator.check_schema(schema)
    assert set(schema["$defs"]) == {"page", "article"}


def test_pre_commit_hook_runs_the_content_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    hook = hooks["content-check"]
    assert hook["language"] == "system"
    # The translations of a staged Dutch page too: a change to a source can outdate them.
    assert hook["entry"] == ".venv/bin/python -m winkelvloer.cli.check --with-translations"
    pattern = re.compile(hook["files"])
    assert pattern.search("docs/artikelen/x.en.md") and pattern.search("docs/index.md")
    assert not pattern.search("scripts/winkelvloer/cli/check.py") and not pattern.search(
        "README.md"
    )
    site = Path(shutil.copytree(CHECK_BASE, tmp_path / "site"))
    monkeypatch.chdir(site)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    changed = ["docs/artikelen/alpha.md", "docs/artikelen/alpha.en.md"]
    arguments = hook["entry"].split()[3:] + changed
    assert main(arguments) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings in 4 files\n"  # + alpha.de, alpha.fr


@pytest.mark.parametrize("document", ["CONTRIBUTING.md", ".github/pull_request_template.md"])
def test_editor_docs_name_the_commands(document: str) -> None:
    text = (REPO / document).read_text(encoding="utf-8")
    for command in ("make check", "make serve", "make mark-updated"):
        assert command in text, f"{document}: {command}"
