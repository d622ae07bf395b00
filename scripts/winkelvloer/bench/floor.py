"""The least a build and a check can cost on this stack, measured on a bench corpus.

What the libraries that cannot be left out spend on the corpus alone, in CPU seconds:

- markdown-it-py parsing every Markdown file (CommonMark, as `make check` parses it: the
  issue that set the check's target rules out re-implementing it);
- Python-Markdown with the extensions of mkdocs.yml converting every page's body (the build
  renders each page with it; MkDocs' own link handling, the templates and the site's own
  steps come on top);
- Pagefind indexing the built site (into a folder of its own, one run for every language).

Divided by the cores, each sum is a wall time no build or check on this stack can beat, however
well the work is spread. BENCHMARKS.md sets it beside the targets.
"""

from __future__ import annotations

import resource
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import markdown
from markdown_it import MarkdownIt
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data
from pagefind_bin import get_executable


@dataclass(frozen=True)
class Floor:
    pages: int
    markdown_it: float  # CPU seconds
    python_markdown: float
    pagefind: float | None  # None: no built site to index

    def check_seconds(self, cores: int) -> float:
        return self.markdown_it / cores

    def build_seconds(self, cores: int) -> float | None:
        if self.pagefind is None:
            return None
        return (self.python_markdown + self.pagefind) / cores


def cpu_seconds(work: Callable[[], None]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def markdown_files(docs: Path) -> list[Path]:
    return sorted(docs.rglob("*.md"))


def parse_all(texts: Iterable[str]) -> None:
    parser = MarkdownIt("commonmark")
    for text in texts:
        parser.parse(text)


def convert_all(bodies: Iterable[str], config_file: Path) -> None:
    config = load_config(config_file=str(config_file))
    converter = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    for body in bodies:
        converter.reset().convert(body)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def index_cpu(site: Path) -> float | None:
    """CPU seconds of one Pagefind run over the whole built site (its threads included)."""
    if not site.is_dir():
        return None
    with tempfile.TemporaryDirectory(prefix="floor-pagefind-") as out:
        command = [str(get_executable()), "--site", str(site), "--output-path", out, "--quiet"]
        before = children_cpu()
        done = subprocess.run(command, capture_output=True, check=False)
        used = children_cpu() - before
    return used if done.returncode == 0 else None


def measure_floor(root: Path, site: Path) -> Floor:
    """The floor of the corpus at `root` (docs/, mkdocs.yml) and its built `site`."""
    texts = [path.read_text(encoding="utf-8") for path in markdown_files(root / "docs")]
    bodies = [get_data(text)[0] for text in texts]
    return Floor(
        pages=len(texts),
        markdown_it=cpu_seconds(lambda: parse_all(texts)),
        python_markdown=cpu_seconds(lambda: convert_all(bodies, root / "mkdocs.yml")),
        pagefind=index_cpu(site),
    )
