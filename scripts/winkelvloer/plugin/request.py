"""What a build is asked to do, and how it says it cannot start: shared by the driver and the
commands without loading MkDocs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


class BuildFailed(Exception):
    """The build cannot start (its settings), said in one line."""


@dataclass(frozen=True)
class BuildRequest:
    """What to build, as `make build`, `make serve` and the tests ask for it."""

    config_file: str = "mkdocs.yml"
    site_dir: str | None = None
    docs_dir: str | None = None
    site_url: str | None = None
    strict: bool | None = None
    jobs: int | None = None
    preview: bool = False  # drafts and scheduled pages too, each with a notice
    serve_url: str | None = None
    serve_nonce: str | None = None
    use_cache: bool = True
    # Features of the plugin turned on or off (plugin/config.py), e.g. {"feeds": False}.
    features: Mapping[str, bool] = field(default_factory=dict)
