"""Check the built site as a browser gets it: links, anchors, hreflang, the sitemap, feeds,
social images and the output guards. RULES.md explains every code.

    python -m winkelvloer.cli.check_site SITE_DIR [-f mkdocs.yml] [--format text|json|github]
        [--strict]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from winkelvloer.cli.command import Failure, UsageError, report_findings, run_command
from winkelvloer.core.config import ConfigError
from winkelvloer.core.findings import add_output_arguments
from winkelvloer.site.check_site import EmptySite, Options, check_site

# "error: ..." without the program's name, as CI logs have always shown it.
DEFAULT_CONFIG = Path("mkdocs.yml")
FAILURES = (Failure((ConfigError, UsageError, EmptySite), status=2, with_prog=False),)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m winkelvloer.cli.check_site",
        description="Check links, anchors, hreflang and the sitemap of the built site (offline).",
    )
    parser.add_argument("site_dir", type=Path, help="the built site, e.g. site")
    parser.add_argument(
        "-f", "--config-file", type=Path, help="the site's mkdocs.yml (default: ./mkdocs.yml)"
    )
    add_output_arguments(parser)
    return parser


def _run(args: argparse.Namespace) -> int:
    if not args.site_dir.is_dir():
        raise UsageError(f"{args.site_dir} is not a directory (build the site first)")
    config_file = args.config_file
    if config_file is None:
        config_file = DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None
    elif not config_file.is_file():
        raise UsageError(f"cannot read {config_file}: no such file")
    result = check_site(Options(args.site_dir, config_file))
    return report_findings(args, result.findings, result.files_checked, title="Built site")


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(build_parser(), _run, argv, FAILURES)


if __name__ == "__main__":
    sys.exit(main())
