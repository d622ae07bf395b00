"""Build the site into site/ (`make build`).

    python -m winkelvloer.cli.build [-f mkdocs.yml] [-d site] [--jobs N] [--strict] [-q]

Every page is read once and judged as `make check` judges it; each language is then built
with MkDocs, in a process of its own forked from this one (--jobs N at a time, default one
per core) or, with --jobs 1, one after the other in this process: the same steps either way
(winkelvloer/plugin/driver.py). site/ is replaced only when the whole build succeeded.
Exit status 1 when the build fails, 2 for a mistake in the command or in mkdocs.yml.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence

from winkelvloer.cli.command import BAD_INPUT, Failure, run_command
from winkelvloer.plugin.build_inputs import previous_build, say_unchanged
from winkelvloer.plugin.request import BuildFailed, BuildRequest

log = logging.getLogger("mkdocs.build")


def positive(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m winkelvloer.cli.build", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-d", "--site-dir", help="where to write the site (default: mkdocs.yml)")
    parser.add_argument(
        "-j",
        "--jobs",
        type=positive,
        help="languages built at once (default: one per core; one for a site under 200 pages)",
    )
    parser.add_argument("--strict", action="store_true", default=None, help="warnings fail")
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    return parser


def _run(args: argparse.Namespace) -> int:
    level = logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(levelname)-7s -  %(message)s")
    started = time.monotonic()
    request = BuildRequest(
        config_file=args.config_file, site_dir=args.site_dir, strict=args.strict, jobs=args.jobs
    )
    previous = previous_build(request)
    if previous is not None and previous.record is not None:
        say_unchanged(previous.record, log)
        return 0
    # Loading MkDocs, Material and the plugin takes longer than finding nothing changed.
    from winkelvloer.plugin.driver import build_site

    report = build_site(request, previous)
    for error in report.errors:
        log.error(error)
    if not report.ok:
        return 1
    log.info("Documentation built in %.2f seconds", time.monotonic() - started)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(
        build_parser(), _run, argv, failures=(*BAD_INPUT, Failure((BuildFailed,), 2))
    )


if __name__ == "__main__":
    sys.exit(main())
