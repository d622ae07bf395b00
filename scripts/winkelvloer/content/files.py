"""Only content goes in the docs folder: Markdown pages and the image formats the site uses.

Everything in docs/ is copied into the published site, so a file type the checks do not
read (HTML, JavaScript, CSS, ...) would be published unchecked. The same rules run in
``make check`` and, through the plugin's session (plugin/session.py), in every build:

- FIL001: a file type that is not allowed;
- FIL002: an image whose bytes are not the format its name says;
- FIL003: an SVG with active or external content (it is refused, not cleaned);
- FIL004: a file at the path of a theme file (it would replace the site's own);
- FIL005: a symbolic link, or anything that is not a regular file.

Only the standard library is used, so the build hook can import this module.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NoReturn
from xml.parsers import expat

from winkelvloer.core.findings import Finding
from winkelvloer.core.rules import finding

PAGE_SUFFIX = ".md"
# Signatures at the start of each image format (WebP and AVIF: checked in _image_matches).
IMAGE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".avif": (),
}
SVG_SUFFIX = ".svg"
ALLOWED_SUFFIXES = frozenset({PAGE_SUFFIX, SVG_SUFFIX, *IMAGE_SIGNATURES})
MAX_SVG_BYTES = 1_000_000

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Shapes, paint servers, text and structure; no script, foreignObject, animation (which can
# set an href), <a>, <image>, <style> or <use> of another file.
SVG_ELEMENTS = frozenset(
    {
        *("svg", "g", "defs", "symbol", "use", "title", "desc"),
        *("path", "rect", "circle", "ellipse", "line", "polyline", "polygon"),
        *("text", "tspan", "textPath"),
        *("linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "marker"),
        *("filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite"),
        *("feFlood", "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset"),
        *("feFuncR", "feFuncG", "feFuncB", "feFuncA"),
    }
)
XML_NS = "http://www.w3.org/XML/1998/namespace"
# CSS functions a drawing's attributes may use; others (image-set(), src(), ...) can load a
# file from a string, which url( checks would not see.
SVG_CSS_FUNCTIONS = frozenset(
    {
        *("url", "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color"),
        *("calc", "min", "max", "clamp", "var"),
        *("matrix", "translate", "translatex", "translatey", "scale", "scalex", "scaley"),
        *("rotate", "skewx", "skewy"),
    }
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One name under docs/: its docs-relative path and what kind of thing it is."""

    path: str
    is_dir: bool
    is_link: bool
    is_regular: bool


# Walking the folder
# -----------------------------------------------------------------------------------------


def walk(docs_dir: Path) -> Iterator[Entry]:
    """Every name under docs_dir except dot-files (MkDocs skips those), never following links."""
    for current, subdirs, names in os.walk(docs_dir, followlinks=False):
        relative = Path(current).relative_to(docs_dir).as_posix()
        prefix = "" if relative == "." else f"{relative}/"
        for name in [*subdirs, *names]:
            if name.startswith("."):
                continue
            try:
                info = (Path(current) / name).lstat()
            except OSError:
                continue
            yield Entry(
                f"{prefix}{name}",
                stat.S_ISDIR(info.st_mode),
                stat.S_ISLNK(info.st_mode),
                stat.S_ISREG(info.st_mode),
            )
        subdirs[:] = [d for d in subdirs if not d.startswith(".")]


def theme_file(theme_dirs: Sequence[Path], path: str) -> bool:
    """True when a theme folder has a file at `path` (which the build would copy)."""
    parts = path.split("/")
    if any(part.startswith(".") for part in parts):
        return False
    return any((directory / path).is_file() for directory in theme_dirs)


# Content of images
# -----------------------------------------------------------------------------------------


def _image_matches(suffix: str, head: bytes) -> bool:
    if suffix == ".webp":
        return head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    if suffix == ".avif":
        return head[4:8] == b"ftyp" and head[8:12] in {b"avif", b"avis"}
    return head.startswith(IMAGE_SIGNATURES[suffix])


class _SvgProblem(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


class _SvgReader:
    """Reads an SVG with expat, stopping at the first thing that is not plain drawing."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.depth = 0
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.StartDoctypeDeclHandler = lambda *_: self.refuse("it contains a DOCTYPE")
        self.parser.EntityDeclHandler = lambda *_: self.refuse("it declares an entity")
        self.parser.ProcessingInstructionHandler = lambda target, _data: self.refuse(
            f"it contains the processing instruction <?{target}?>"
        )
        self.parser.ExternalEntityRefHandler = lambda *_: self.refuse("it refers to an entity")

    def refuse(self, reason: str) -> NoReturn:
        raise _SvgProblem(self.parser.CurrentLineNumber, reason)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if self.depth == 0 and (namespace, local) != (SVG_NS, "svg"):
            self.refuse("its root element is not <svg> in the SVG namespace")
        self.depth += 1
        if namespace != SVG_NS or local not in SVG_ELEMENTS:
            self.refuse(f"it contains the element <{local}>, which can run script or load content")
        for qualified, value in attributes.items():
            self.check_attribute(local, qualified, value)

    def end(self, _name: str) -> None:
        self.depth -= 1

    def check_attribute(self, element: str, qualified: str, value: str) -> None:
        namespace, _, name = qualified.rpartition(" ")
        if name.lower().startswith("on"):
            self.refuse(f"<{element}> has the event handler {name}=")
        if namespace not in {"", XLINK_NS, XML_NS}:
            self.refuse(f"<{element}> has the foreign attribute {name}=")
        if name == "href" and not value.strip().startswith("#"):
            self.refuse(f'<{element}> refers to another resource ({name}="{value[:40]}")')
        compact = "".join(css_unescape(value).split()).lower()
        if "@import" in compact or any(
            not part.startswith(("#", "'#", '"#')) for part in compact.split("url(")[1:]
        ):
            self.refuse(f"<{element}> loads another resource in {name}=")
        unknown = sorted(set(css_functions(compact)) - SVG_CSS_FUNCTIONS)
        if unknown:
            self.refuse(f"<{element}> uses the CSS function {unknown[0]}() in {name}=")


def css_unescape(value: str) -> str:
    """The text a CSS tokenizer sees: "u\\72l(" and "\\75rl(" are both url(."""
    out: list[str] = []
    i = 0
    while i < len(value):
        if value[i] != "\\" or i + 1 == len(value):
            out.append(value[i])
            i += 1
            continue
        digits = ""
        j = i + 1
        while j < len(value) and len(digits) < 6 and value[j] in "0123456789abcdefABCDEF":
            digits += value[j]
            j += 1
        if digits:
            code = int(digits, 16)
            out.append(
                chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
            )
            if j < len(value) and value[j] in " \t\n\r\f":
                j += 1
            i = j
        else:
            out.append(value[i + 1])
            i += 2
    return "".join(out)


def css_functions(compact: str) -> Iterator[str]:
    """Names of the functions called in a CSS value (whitespace removed, lowercased)."""
    for before in compact.split("(")[:-1]:
        name = ""
        for char in reversed(before):
            if not (char.isalnum() or char in "-_"):
                break
            name = char + name
        if name:
            yield name


def svg_problem(data: bytes) -> tuple[int, str] | None:
    """(line, reason) when the SVG is not plain drawing; None when it is safe to publish."""
    if len(data) > MAX_SVG_BYTES:
        return 1, f"it is larger than {MAX_SVG_BYTES // 1000} kB"
    reader = _SvgReader()
    try:
        reader.parser.Parse(data, True)
    except _SvgProblem as problem:
        return problem.line, problem.reason
    except expat.ExpatError as exc:
        return exc.lineno, f"it is not well-formed XML ({expat.errors.messages[exc.code]})"
    return None


# The rules
# -----------------------------------------------------------------------------------------


def entry_findings(
    entry: Entry,
    display: str,
    shadows: Callable[[str], bool],
    read: Callable[[str], bytes | None],
) -> list[Finding]:
    """Findings for one name under docs/ (`read` returns a file's bytes, None if unreadable)."""
    if entry.is_link:
        message = (
            f"{display} is a symbolic link; the build would publish whatever it points to. "
            "Put the real file or folder in docs/ instead"
        )
        return [finding("FIL005", display, 1, 1, message)]
    if entry.is_dir:
        return []
    if not entry.is_regular:
        message = f"{display} is not a regular file; remove it"
        return [finding("FIL005", display, 1, 1, message)]
    suffix = PurePosixPath(entry.path).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        allowed = ", ".join(sorted(ALLOWED_SUFFIXES))
        what = f"'{suffix}' files" if suffix else "files without an extension"
        message = (
            f"{what} are not allowed in docs/: only pages and images ({allowed}) are published"
        )
        return [finding("FIL001", display, 1, 1, message)]
    if suffix != PAGE_SUFFIX and shadows(entry.path):
        message = (
            f"{entry.path} has the path of a theme file and would replace it on every page; "
            "rename or move it"
        )
        return [finding("FIL004", display, 1, 1, message)]
    if suffix == PAGE_SUFFIX:
        return []
    data = read(entry.path)
    if data is None:
        return []
    if suffix == SVG_SUFFIX:
        problem = svg_problem(data)
        if problem is None:
            return []
        line, reason = problem
        message = f"SVG image refused: {reason}; export it again as a plain drawing"
        return [finding("FIL003", display, line, 1, message)]
    if not _image_matches(suffix, data[:16]):
        message = f"the file's content is not a {suffix[1:].upper()} image; export it again"
        return [finding("FIL002", display, 1, 1, message)]
    return []


def check_docs_folder(
    docs_dir: Path, theme_dirs: Iterable[Path], display: Callable[[str], str]
) -> list[Finding]:
    """Findings for every name under docs_dir that must not be published."""
    dirs = list(theme_dirs)

    def read(path: str) -> bytes | None:
        try:
            with (docs_dir / path).open("rb") as handle:
                return handle.read(MAX_SVG_BYTES + 1)
        except OSError:
            return None

    found: list[Finding] = []
    for entry in walk(docs_dir):
        found += entry_findings(entry, display(entry.path), lambda p: theme_file(dirs, p), read)
    return found
