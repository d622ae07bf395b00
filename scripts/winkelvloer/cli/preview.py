"""The live preview behind `make serve`: every language, drafts included, rebuilt on each save.

    python -m winkelvloer.cli.preview [-f mkdocs.yml] [--dev-addr 127.0.0.1:8000] [--jobs N]

Each save of docs/, overrides/ or mkdocs.yml runs the build `make build` runs
(winkelvloer/plugin/driver.py), as a preview: drafts and scheduled pages are shown with a
notice, and a page `make check` finds mistakes in is built all the same, with a banner at
its top naming each finding (code, line, message), so every other page keeps working while
the editor fixes it. What the build cache holds is not made again, so a rebuild costs
little more than the pages that changed. The server is MkDocs' own live-reload server, on
127.0.0.1 unless --dev-addr says otherwise; the site it serves is swapped in whole, so a
browser never sees a half-built one.
"""

from __future__ import annotations

import argparse
import errno
import logging
import secrets
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.livereload import LiveReloadServer, _serve_url

from winkelvloer.cli.command import BAD_INPUT, Failure, run_command
from winkelvloer.plugin.driver import build_site, load_mkdocs_config
from winkelvloer.plugin.request import BuildFailed, BuildRequest
from winkelvloer.render.csp import nonced_live_reload

POLLING_INTERVAL = 0.1  # seconds between looks at the watched files
DEFAULT_ADDRESS = "127.0.0.1:8000"

log = logging.getLogger("mkdocs.preview")


class Preview:
    def __init__(self, config_file: str, dev_addr: str | None, jobs: int | None) -> None:
        host, port = parse_address(dev_addr or DEFAULT_ADDRESS)
        self.config_file = config_file
        # One process by default: the server's threads are running while the site builds.
        self.jobs = jobs or 1
        self.folder = Path(tempfile.mkdtemp(prefix="winkelvloer-preview-"))
        self.site_dir = self.folder / "site"
        config = load_mkdocs_config(
            BuildRequest(config_file=config_file, site_dir=str(self.site_dir))
        )
        self.host, self.port = host, port
        self.mount_path = urlsplit(config.site_url or "/").path
        self.serve_url = _serve_url(host, port, self.mount_path)
        self.watched = [
            Path(config.docs_dir),
            Path(config.config_file_path or config_file),
            Path(config.theme.custom_dir or Path(config_file).parent / "overrides"),
        ]
        self.nonce = secrets.token_urlsafe(18)  # the live-reload script's, for the CSP

    def build(self) -> None:
        started = time.monotonic()
        request = BuildRequest(
            config_file=self.config_file,
            site_dir=str(self.site_dir),
            site_url=self.serve_url,
            serve_url=self.serve_url,
            serve_nonce=self.nonce,
            strict=False,
            jobs=self.jobs,
            preview=True,
        )
        try:
            report = build_site(request)
        except BuildFailed as error:  # mkdocs.yml cannot be used: the last site stays
            log.error("%s (the preview shows the last site that built)", error)
            return
        for problem in report.errors:
            log.error(problem)
        log.info("Preview updated in %.2f s", time.monotonic() - started)

    def start(self) -> LiveReloadServer:
        """The server that rebuilds on each save (listening, not serving yet), then the build:
        a port in use is said before anything is built."""
        ensure_free(self.host, self.port)
        server = LiveReloadServer(
            builder=self.build,
            host=self.host,
            port=self.port,
            root=str(self.site_dir),
            mount_path=self.mount_path,
            polling_interval=POLLING_INTERVAL,
        )
        server.build_delay = 0.05
        server.error_handler = self.error_page
        inject = server._inject_js_into_html
        server._inject_js_into_html = lambda content, epoch: nonced_live_reload(  # type: ignore[method-assign]
            inject(content, epoch), self.nonce
        )
        for path in self.watched:
            server.watch(str(path))
        self.build()
        return server

    def serve(self) -> None:
        server = self.start()
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
            shutil.rmtree(self.folder, ignore_errors=True)

    def error_page(self, code: int) -> bytes | None:
        page = self.site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None


def parse_address(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise BuildFailed(f"--dev-addr must be host:port, e.g. {DEFAULT_ADDRESS}: {address!r}")
    return host, int(port)


class PortInUse(Exception):
    """The preview's address cannot be served on."""


def port_message(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"{host}:{port} is already in use (another make serve?); stop that one, or choose "
            f"another port: make serve PORT={port + 1}"
        )
    return f"cannot serve on {host}:{port}: {error.strerror or error}"


def ensure_free(host: str, port: int) -> None:
    """Fail before the first build, not after it, when the address is taken."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as error:
        raise PortInUse(port_message(host, port, error)) from error


def _run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    Preview(args.config_file, args.dev_addr, args.jobs).serve()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m winkelvloer.cli.preview", description=__doc__)
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument(
        "-a", "--dev-addr", help=f"host:port to serve on (default: {DEFAULT_ADDRESS})"
    )
    parser.add_argument("-j", "--jobs", type=int, help="languages built at once (default: 1)")
    failures = (*BAD_INPUT, Failure((BuildFailed, PortInUse, OSError), status=2))
    return run_command(parser, _run, argv, failures)


if __name__ == "__main__":
    sys.exit(main())
