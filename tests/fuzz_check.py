"""Fuzz the content check with mutated real pages: no traceback, no hang, one line per finding.

    python tests/fuzz_check.py [--inputs 2000] [--seed N] [--cli-runs 10]

Each input is a page of docs/ changed by one to three mutations: flipped bytes, inserted
control characters, broken YAML, deep nesting, huge lines, fragments of Markdown and HTML.
Most inputs go through the check's analysis of one page in this process (content/page.py
`analyse`, what every run of the check does for every page), which must not raise, must give
findings that print as one line each, and must come back the same from the check's cache
format; a few go through the whole command, in a copy of the site, whose output must be one
line per finding and a summary. The same seed gives the same inputs. `make fuzz` runs 2,000;
tests/test_fuzz_check.py runs 200 on every `make test`. Exit status 1 lists what failed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from winkelvloer.content.page import PageFacts, analyse
from winkelvloer.content.source import read_source
from winkelvloer.core.config import SiteConfig, load_site_config
from winkelvloer.core.i18n import split_name

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SEED = 23
FINDING_LINE = re.compile(r"\S.*:\d+:\d+: [A-Z]+\d+ .*")
SUMMARY_LINE = re.compile(r"\d+ errors?, \d+ warnings? in \d+ files?")
CONTROL = [chr(c) for c in (*range(0x20), 0x7F, 0x85, 0x2028, 0x2029, 0x202E, 0xFEFF)]
FRAGMENTS = [
    *("[x](", "](", "[x][y]", "[x]: <", "![", "](javascript:alert(1))", "<http://x>"),
    *("<script>alert(1)</script>", "<iframe src=x>", "<svg onload=x>", "<img src=x onerror=y>"),
    *("{: onclick=x }", "{: #id .class }", "{#", "```", "~~~", "    code", "<!--", "-->"),
    *("!!! note", '!!! note "x\n    ', "??? x", "<details markdown>", "</div>", "<div markdown=1>"),
    *("&#0;", "&#x110000;", "&amp", "\\", "*" * 50, "_" * 50, "#" * 7 + " x", "# ", "Lees ook: "),
    *("| a | b |\n|---|", "- [ ] x", "1) x", "---", "...", "\n---\n", "%0A", "%00", "\ud800"),
]
YAML_BREAKS = [
    *(": [", "{", "\t: x", "key: &a x\nother: *a", "!!python/object/apply:os.system [x]"),
    *("date: 2026-02-30", "draft: !!bool perhaps", "date: !!timestamp never", "- a\n-b: [c"),
    *('title: "\\x07"', "title: '", "tags: {a: b}", "? complex\n: key", "%YAML 9.9"),
]
Mutation = Callable[[random.Random, bytes], bytes]


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data or b" ")
    for _ in range(rng.randint(1, 20)):
        position = rng.randrange(len(out))
        out[position] ^= 1 << rng.randrange(8)
    return bytes(out)


def insert(rng: random.Random, data: bytes, piece: str) -> bytes:
    position = rng.randrange(len(data) + 1)
    return data[:position] + piece.encode("utf-8", "surrogatepass") + data[position:]


def control_characters(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 10)):
        data = insert(rng, data, rng.choice(CONTROL))
    return data


def break_yaml(rng: random.Random, data: bytes) -> bytes:
    head, fence, rest = data.partition(b"\n---\n")
    if rng.random() < 0.2:
        return head + b"\n" + rest  # the front matter is never closed
    lines = head.split(b"\n")
    position = rng.randrange(1, len(lines) + 1) if len(lines) > 1 else 1
    lines.insert(position, rng.choice(YAML_BREAKS).encode("utf-8"))
    return b"\n".join(lines) + fence + rest


def deep_nesting(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([50, 500, 5_000, 50_000])
    piece = rng.choice(["> ", "- ", "1. ", "    ", "<div>", "[", "<b>", "!!! note\n" + "    " * 3])
    return insert(rng, data, "\n" + piece * depth + "x\n")


def huge_line(rng: random.Random, data: bytes) -> bytes:
    length = rng.choice([10_000, 100_000, 1_000_000])
    piece = rng.choice(["a", "\t", " ", "[", "<", "*", "`", "&", ":", "a " * 5])
    return insert(rng, data, "\n" + piece * (length // len(piece)) + "\n")


def fragments(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 8)):
        data = insert(rng, data, rng.choice(FRAGMENTS))
    return data


MUTATIONS: dict[str, Mutation] = {
    "flip bytes": flip_bytes,
    "control characters": control_characters,
    "break YAML": break_yaml,
    "deep nesting": deep_nesting,
    "huge line": huge_line,
    "fragments": fragments,
}


def mutated(rng: random.Random, pages: list[Path]) -> tuple[Path, list[str], bytes]:
    page = rng.choice(pages)
    names = rng.sample(sorted(MUTATIONS), rng.randint(1, 3))
    data = page.read_bytes()
    for name in names:
        data = MUTATIONS[name](rng, data)
    return page, names, data


def problems_of(facts: PageFacts) -> list[str]:
    """What is wrong with an analysis: a finding over several lines, a crash hidden as
    INT001, a record that does not come back the same from the cache's JSON."""
    found = [
        f"not one line: {f.as_text()!r}"
        for f in facts.findings
        if len(f.as_text().splitlines()) != 1
    ]
    found += [f"the checker failed: {f.message}" for f in facts.findings if f.code == "INT001"]
    record = json.loads(json.dumps(facts.to_record()))
    if PageFacts.from_record(record).findings != facts.findings:
        found.append("the cached findings differ")
    return found


def analyse_one(site: SiteConfig, page: Path, data: bytes) -> list[str]:
    relative = page.relative_to(site.docs_dir).as_posix()
    name = split_name(relative, site.locales, site.default.locale)
    try:
        facts = analyse(read_source(data, name, f"docs/{relative}", site), site)
    except Exception:
        return [traceback.format_exc()]
    return problems_of(facts)


def check_command(site: SiteConfig, page: Path, data: bytes, work: Path) -> list[str]:
    """The whole command on a copy of the site with the page replaced."""
    root = work / "site"
    if not root.exists():
        shutil.copytree(site.docs_dir, root / "docs")
        shutil.copyfile(site.config_path, root / "mkdocs.yml")
    target = root / "docs" / page.relative_to(site.docs_dir)
    original = target.read_bytes()
    target.write_bytes(data)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "winkelvloer.cli.check", "--no-cache"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=300,  # a hang detector
            check=False,
        )
    finally:
        target.write_bytes(original)
    found = [] if result.returncode in (0, 1) else [f"exit status {result.returncode}"]
    if result.stderr:
        found.append(f"stderr: {result.stderr[-2000:]}")
    *findings, summary = result.stdout.splitlines() or [""]
    found += [f"not a finding: {line!r}" for line in findings if not FINDING_LINE.fullmatch(line)]
    if not SUMMARY_LINE.fullmatch(summary):
        found.append(f"not a summary: {summary!r}")
    return found


def fuzz(inputs: int, seed: int, cli_runs: int) -> list[str]:
    site = load_site_config(REPO / "mkdocs.yml")
    pages = sorted(site.docs_dir.rglob("*.md"))
    every = max(1, inputs // cli_runs) if cli_runs else 0
    failures = []
    with tempfile.TemporaryDirectory(prefix="fuzz-check-") as work:
        for index in range(inputs):
            rng = random.Random(f"{seed}-{index}")
            page, names, data = mutated(rng, pages)
            found = analyse_one(site, page, data)
            if every and index % every == every - 1:
                found += check_command(site, page, data, Path(work))
            failures += [f"input {index} ({page.name}: {', '.join(names)}): {p}" for p in found]
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--cli-runs", type=int, default=10, help="inputs also run as a command")
    args = parser.parse_args()
    failures = fuzz(args.inputs, args.seed, args.cli_runs)
    for failure in failures:
        print(failure)
    print(f"{args.inputs} inputs (seed {args.seed}): {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
