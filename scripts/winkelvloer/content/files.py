"""Only content goes in the docs folder: Markdown pages and the image formats the site uses.

Everything in docs/ is copied into the published site, so a file type the checks do not
read (HTML, JavaScript, CSS, ...) would be published unchecked. The same rules run in
``make check`` and, through the plugin's session (plugin/session.py), in every build:

- FIL001: a file type that is not allowed;
- FIL002: an image whose bytes are not the format its name says;
- FIL003: an SVG with active or external content (it is refused, not cleaned);
- FIL004: a file at the path of a theme file (it would replace the site's own);
- FIL005: a symbolic link, or anything that is not a regular file;
- FIL006: the site's icon (theme.favicon), which the build draws, too complex to draw.

It uses only the standard library (and core/).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import NoReturn
from xml.parsers import expat

from winkelvloer.core.atomic import read_regular
from winkelvloer.core.findings import Finding
from winkelvloer.core.rules import finding

PAGE_SUFFIX = ".md"
# Signatures at the start of each image format (WebP and AVIF: checked in _image_matches).
IMAGE_SIGNATURES: Mapping[str, tuple[bytes, ...]] = MappingProxyType(
    {
        ".png": (b"\x89PNG\r\n\x1a\n",),
        ".jpg": (b"\xff\xd8\xff",),
        ".jpeg": (b"\xff\xd8\xff",),
        ".gif": (b"GIF87a", b"GIF89a"),
        ".webp": (b"RIFF",),
        ".avif": (),
    }
)
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


# The site's icon
# -----------------------------------------------------------------------------------------

# The build draws theme.favicon into PNG icons and onto every social card. A drawing is bounded
# before it is drawn: each <use>, paint server, clip path, mask or marker draws what it refers
# to again, so a few hundred bytes can stand for billions of shapes, and a filter over such a
# tree takes hours. Real icons stay far below these limits.
MAX_ICON_BYTES = 100_000
MAX_ICON_ELEMENTS = 2_000
MAX_ICON_DEPTH = 64  # elements inside elements
MAX_ICON_DRAWN = 10_000  # elements once every reference is drawn in place
FILTER_PROPERTY = "filter"


class _IconReader:
    """The shape of an SVG: its elements, their children and what each refers to by id."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.StartDoctypeDeclHandler = lambda *_: self.refuse("it contains a DOCTYPE")
        self.parser.EntityDeclHandler = lambda *_: self.refuse("it declares an entity")
        self.children: list[list[int]] = []
        self.references: list[list[str]] = []
        self.ids: dict[str, int] = {}
        self.open: list[int] = []

    def refuse(self, reason: str) -> NoReturn:
        raise _SvgProblem(self.parser.CurrentLineNumber, reason)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        index = len(self.children)
        if index >= MAX_ICON_ELEMENTS:
            self.refuse(f"it has more than {MAX_ICON_ELEMENTS} elements")
        if len(self.open) >= MAX_ICON_DEPTH:
            self.refuse(f"its elements are nested more than {MAX_ICON_DEPTH} deep")
        if local == FILTER_PROPERTY or local.startswith("fe"):
            self.refuse("it uses a filter, which takes too long to draw")
        self.children.append([])
        self.references.append([])
        if self.open:
            self.children[self.open[-1]].append(index)
        self.open.append(index)
        for qualified, value in attributes.items():
            attribute = qualified.rpartition(" ")[2]
            if attribute == "id":
                self.ids.setdefault(value.strip(), index)
            elif attribute == "href" and value.strip().startswith("#"):
                self.references[index].append(value.strip()[1:])
            if attribute == FILTER_PROPERTY or (
                attribute == "style" and FILTER_PROPERTY in css_unescape(value).lower()
            ):
                self.refuse("it uses a filter, which takes too long to draw")
            self.references[index] += local_references(value)

    def end(self, _name: str) -> None:
        self.open.pop()

    def parts(self, index: int) -> list[int]:
        """What drawing an element draws: its children and the elements it refers to."""
        refs = [self.ids[ref] for ref in self.references[index] if ref in self.ids]
        return self.children[index] + refs

    def drawn(self) -> int | None:
        """Elements drawn once every reference is drawn in place (at most MAX_ICON_DRAWN + 1),
        or None when an element refers, directly or not, to itself. Each element is visited
        once (a depth-first walk with its own stack: references may chain deep)."""
        sizes: dict[int, int] = {}
        on_path: set[int] = set()
        for root in range(len(self.children)):
            stack = [(root, False)]
            while stack:
                node, finished = stack.pop()
                if finished:
                    total = 1 + sum(sizes[part] for part in self.parts(node))
                    sizes[node] = min(total, MAX_ICON_DRAWN + 1)
                    on_path.discard(node)
                    continue
                if node in sizes:
                    continue
                on_path.add(node)
                stack.append((node, True))
                for part in self.parts(node):
                    if part in on_path:
                        return None
                    if part not in sizes:
                        stack.append((part, False))
        return max(sizes.values(), default=0)


def local_references(value: str) -> list[str]:
    """The ids a value refers to with url(#id)."""
    found = []
    for part in css_unescape(value).split("url(")[1:]:
        target = part.split(")", 1)[0].strip().strip("'\"").strip()
        if target.startswith("#"):
            found.append(target[1:])
    return found


def icon_problem(data: bytes) -> tuple[int, str] | None:
    """(line, reason) when an SVG is too large or too complex for the build to draw as the
    site's icon (FIL006); None when it can be drawn quickly. `svg_problem` comes first."""
    if len(data) > MAX_ICON_BYTES:
        return 1, f"it is larger than {MAX_ICON_BYTES // 1000} kB"
    reader = _IconReader()
    try:
        reader.parser.Parse(data, True)
    except _SvgProblem as problem:
        return problem.line, problem.reason
    except expat.ExpatError as exc:
        return exc.lineno, f"it is not well-formed XML ({expat.errors.messages[exc.code]})"
    drawn = reader.drawn()
    if drawn is None:
        return 1, "an element refers to itself"
    if drawn > MAX_ICON_DRAWN:
        return 1, f"drawing it means drawing more than {MAX_ICON_DRAWN} elements"
    return None


def icon_findings(display: str, data: bytes) -> list[Finding]:
    """FIL003 and FIL006 for the SVG the site's icons and social cards are drawn from."""
    problem = svg_problem(data)
    if problem is not None:
        line, reason = problem
        message = f"SVG image refused: {reason}; export it again as a plain drawing"
        return [finding("FIL003", display, line, 1, message)]
    problem = icon_problem(data)
    if problem is None:
        return []
    line, reason = problem
    message = (
        f"the site's icon cannot be drawn: {reason}; "
        "simplify it (plain shapes, no filters, few <use> elements)"
    )
    return [finding("FIL006", display, line, 1, message)]


# The rules
# -----------------------------------------------------------------------------------------


def entry_findings(
    entry: Entry,
    display: str,
    shadows: Callable[[str], bool],
    read: Callable[[str], bytes | None],
    icon: str | None = None,
) -> list[Finding]:
    """Findings for one name under docs/ (`read` returns a file's bytes, None if unreadable;
    `icon`: the docs-relative path of the SVG the build draws the site's icons from)."""
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
    if suffix == SVG_SUFFIX and entry.path == icon:
        return icon_findings(display, data)
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
    docs_dir: Path,
    theme_dirs: Iterable[Path],
    display: Callable[[str], str],
    icon: str | None = None,
) -> list[Finding]:
    """Findings for every name under docs_dir that must not be published (`icon`: the
    docs-relative path of theme.favicon, when it is an SVG)."""
    dirs = list(theme_dirs)

    def read(path: str) -> bytes | None:
        try:
            return read_regular(docs_dir / path, MAX_SVG_BYTES + 1)
        except OSError:
            return None

    found: list[Finding] = []
    for entry in walk(docs_dir):
        shown = display(entry.path)
        found += entry_findings(entry, shown, lambda p: theme_file(dirs, p), read, icon)
    return found
