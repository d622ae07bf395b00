"""Build the site into site/ (`make build`), each language in a process of its own.

    python -m winkelvloer.cli.build [-f mkdocs.yml] [-d site] [--jobs N] [--strict] [-q]

--jobs sets how many languages are built at once (default: one per core); --jobs 1 is the
single-process `mkdocs build`, kept for debugging. Either way the site is the same
(winkelvloer/build/parallel.py). Exit status 1 when any language fails to build.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from winkelvloer.build import parallel
from winkelvloer.cli.command import UsageError, run_command
from winkelvloer.core.config import (
    ConfigError,
    existing_docs_dir,
    load_site_config,
    load_yaml_config,
)

log = logging.getLogger("mkdocs.build")


def positive(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m winkelvloer.cli.build", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-d", "--site-dir", help="where to write the site (default: mkdocs.yml)")
    parser.add_argument(
        "-j", "--jobs", type=positive, help="languages built at once (default: one per core)"
    )
    parser.add_argument("--strict", action="store_true", default=None, help="warnings fail")
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    return parser


def languages(config_file: Path) -> tuple[list[str], str]:
    """The languages static-i18n builds, in mkdocs.yml's order, and the default one."""
    site = load_site_config(config_file)
    return [lang.locale for lang in site.languages], site.default.locale


def site_dir(config_file: Path, settings: dict[str, Any], given: str | None) -> Path:
    """As MkDocs resolves it: a relative site_dir is relative to mkdocs.yml's folder."""
    if given:
        return Path(given)
    return config_file.resolve().parent / str(settings.get("site_dir") or "site")


def build_in_process(args: argparse.Namespace) -> int:
    """`mkdocs build`, as its command line runs it."""
    import click
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    overrides: dict[str, Any] = {}
    if args.site_dir:
        overrides["site_dir"] = args.site_dir
    if args.strict is not None:
        overrides["strict"] = args.strict
    try:
        config = load_config(config_file=args.config_file, **overrides)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except click.ClickException as error:
        log.error(error.format_message())
        return 1
    return 0


def build_in_parallel(args: argparse.Namespace) -> int:
    config_file = Path(args.config_file)
    try:
        settings = load_yaml_config(config_file)
        locales, default = languages(config_file)
    except ConfigError as error:
        log.error(str(error))
        return 1
    except StopIteration:  # no default language: static-i18n says so, in one process
        return build_in_process(args)
    if default not in locales:
        return build_in_process(args)
    target = site_dir(config_file, settings, args.site_dir)
    jobs = parallel.job_count(args.jobs, len(locales), parallel.default_jobs())
    options = parallel.Options(config_file=str(config_file), strict=args.strict)
    log.info("Building %s, %d at a time, into %s", ", ".join(locales), jobs, target)
    started = time.monotonic()
    outcomes = parallel.build_site(options, target, locales, default, jobs)
    status = report(outcomes, locales)
    if status == 0:
        log.info("Documentation built in %.2f seconds", time.monotonic() - started)
    return status


def report(outcomes: Sequence[parallel.Outcome], locales: Sequence[str]) -> int:
    """Log what the languages' builds said (each message once); the exit status."""
    for level, message in parallel.shown_messages(outcomes):
        log.log(level, message)
    if all(outcome.ok for outcome in outcomes) and len(outcomes) == len(locales):
        return 0
    log.error(parallel.failure_summary(outcomes))
    return 1


def check_settings(args: argparse.Namespace) -> None:
    """What would stop the build before it starts, as one line: mkdocs.yml that cannot be
    read, a docs folder that is missing, a site folder that is a file."""
    config_file = Path(args.config_file)
    settings = load_yaml_config(config_file)
    existing_docs_dir(load_site_config(config_file))
    target = site_dir(config_file, settings, args.site_dir)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: the site folder is a file; name a folder")


def _run(args: argparse.Namespace) -> int:
    level = logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(levelname)-7s -  %(message)s")
    check_settings(args)
    if args.jobs == 1:
        return build_in_process(args)
    return build_in_parallel(args)


def main(argv: Sequence[str] | None = None) -> int:
    return run_command(build_parser(), _run, argv)


if __name__ == "__main__":
    sys.exit(main())
