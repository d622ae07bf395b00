"""What the safety hooks cost the build: sanitizer, template escaping, page templates and CSP.

    python -m winkelvloer.bench.safety [--articles 250] [--repeats 3]

Builds a generated corpus (scripts/winkelvloer/bench/corpus.py, all four languages) with the site's
mkdocs.yml, and again without the four safety hooks, and prints the median build times and the
difference as a Markdown table for BENCHMARKS.md. Runs on its own, apart from `make bench`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from winkelvloer.bench import corpus as bench_corpus
from winkelvloer.core.config import load_yaml_config

REPO = Path(__file__).resolve().parents[3]
CONFIG = REPO / "mkdocs.yml"
SAFETY_HOOKS = (
    "template_escaping.py",
    "page_templates.py",
    "sanitize_html.py",
    "content_security_policy.py",
)


def hooks(with_safety: bool) -> list[str]:
    listed: list[str] = load_yaml_config(CONFIG)["hooks"]
    return [h for h in listed if with_safety or not h.endswith(SAFETY_HOOKS)]


def timed_build(docs: Path, site: Path, with_safety: bool) -> float:
    config = load_config(
        config_file=str(CONFIG),
        docs_dir=str(docs),
        site_dir=str(site),
        strict=False,
        hooks=hooks(with_safety),
    )
    start = time.perf_counter()
    build(config)
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m winkelvloer.bench.safety")
    parser.add_argument("--articles", type=int, default=250)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory() as work:
        docs = Path(work) / "docs"
        pages = bench_corpus.write_corpus(REPO, docs, args.articles)
        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(args.repeats):
            for with_safety in (False, True):
                site = Path(work) / f"site-{with_safety}"
                times[with_safety].append(timed_build(docs, site, with_safety))
    without, with_ = statistics.median(times[False]), statistics.median(times[True])
    print("| Corpus | Without safety hooks | With them | Cost |\n|---|---|---|---|")
    print(
        f"| {args.articles} articles x 4 languages ({pages} pages) | {without:.1f} s "
        f"| {with_:.1f} s | +{with_ - without:.1f} s ({(with_ / without - 1) * 100:+.0f} %) |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
