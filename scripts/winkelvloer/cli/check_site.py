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

from winkelvloer.core.config import ConfigError
from winkelvloer.core.findings import add_output_arguments, report
from winkelvloer.site.check_site import Options, check_site


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m winkelvloer.cli.check_site",
        description="Check links, anchors, hreflang and the sitemap of the built site (offline).",
    )
    parser.add_argument("site_dir", type=Path, help="the built site, e.g. site")
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    add_output_arguments(parser)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not args.site_dir.is_dir():
        print(f"error: {args.site_dir} is not a directory (build the site first)", file=sys.stderr)
        return 2
    try:
        result = check_site(Options(args.site_dir, args.config_file))
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return report(
        result.findings,
        result.files_checked,
        output_format=args.format,
        strict=args.strict,
        title="Built site",
        stream=sys.stdout,
    )


if __name__ == "__main__":
    sys.exit(main())
