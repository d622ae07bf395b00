"""The build code keeps no state in its modules.

A module's names live as long as its process, and one process runs many builds: the
preview rebuilds on every save, the tests build dozens of sites, and a build's forked
workers start with everything their parent holds. A list, dict or set assigned at module
level, or a name a function rebinds with `global`, would carry one build's leftovers into
the next. So the code of scripts/winkelvloer (but bench/, which measures the build, and the
tests) keeps what a build, a language or a page needs on an object made for it (the
plugin's session, a Corpus, a SiteConfig), and its module-level tables are immutable:
tuples, frozensets and MappingProxyType, holding immutable values themselves.

What the scan allows, and why:

- Module-level and class-level assignments of anything but a list, dict or set (a display,
  a comprehension or a call of a mutable type's constructor; a generator too, which is used
  up once): a compiled pattern, a logger (logging keeps its own registry), a frozen
  dataclass, a path, a mkdocs config option (it copies its default for every config).
- `Final` is not an exemption: it stops a name from being bound again, not a table from
  being changed (`TABLE[key] = value`).
- functools.cache and lru_cache on functions of their arguments alone: each keeps what its
  arguments decide, the same in every build (and a decorator is not an assignment).
- `ALLOWED_GLOBALS`: the content check hands the pages to its forked workers through a
  module name, the one thing a ProcessPoolExecutor's function finds in a forked process
  without pickling; the name is set just before the workers start and cleared when they
  are done.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "scripts" / "winkelvloer"
NOT_BUILD_CODE = ("bench",)
# path relative to PACKAGE -> the names its functions may declare `global`
ALLOWED_GLOBALS = {"content/corpus.py": frozenset({"_worker_corpus"})}
MUTABLE_TYPES = frozenset(
    {"list", "dict", "set", "bytearray", "defaultdict", "OrderedDict", "Counter", "deque"}
)
MUTABLE_DISPLAYS = (
    (ast.List | ast.ListComp, "a list"),
    (ast.Dict | ast.DictComp, "a dict"),
    (ast.Set | ast.SetComp, "a set"),
    (ast.GeneratorExp, "a generator"),
)


def called_name(call: ast.Call) -> str:
    """`dict` for dict(...) and dict.fromkeys(...), `MappingProxyType` for types.Mapping..."""
    function = call.func
    if isinstance(function, ast.Attribute):
        owner = function.value
        if isinstance(owner, ast.Name) and owner.id in MUTABLE_TYPES:
            return owner.id  # dict.fromkeys(...), OrderedDict.fromkeys(...)
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


class Module:
    """One module's top-level names, to tell what each module-level value is."""

    def __init__(self, tree: ast.Module) -> None:
        self.values: dict[str, ast.expr] = {}
        for statement in shared_statements(tree.body):
            if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
                for target in targets(statement):
                    if isinstance(target, ast.Name):
                        self.values[target.id] = statement.value

    def mutable(self, value: ast.expr) -> str | None:
        """What is mutable in a module-level value, or None."""
        for kinds, name in MUTABLE_DISPLAYS:
            if isinstance(value, kinds):
                return name
        if isinstance(value, ast.Tuple):
            return self.first(value.elts)
        if isinstance(value, ast.BinOp):  # {"a"} | OTHER is a set; TABLE | OTHER a dict
            if self.is_mapping(value.left) or self.is_mapping(value.right):
                return "a dict"
            return self.mutable(value.left) or self.mutable(value.right)
        if isinstance(value, ast.Call):
            return self.mutable_call(value)
        return None

    def mutable_call(self, call: ast.Call) -> str | None:
        name = called_name(call)
        if name in MUTABLE_TYPES:
            return f"a {name}"
        if not call.args:
            return None
        wrapped = call.args[0]
        if name == "MappingProxyType":  # the mapping it wraps is no one else's: its values
            return self.mutable_values(wrapped)
        if name == "tuple":  # the items it is made of
            if isinstance(wrapped, ast.List | ast.Tuple | ast.Set):
                return self.first(wrapped.elts)
            if isinstance(wrapped, ast.ListComp | ast.GeneratorExp | ast.SetComp):
                return self.mutable(wrapped.elt)
        return None

    def mutable_values(self, mapping: ast.expr) -> str | None:
        """What is mutable among the values of a mapping made on the spot."""
        if isinstance(mapping, ast.DictComp):
            return self.mutable(mapping.value)
        if isinstance(mapping, ast.Call) and called_name(mapping) == "dict":
            if isinstance(mapping.func, ast.Attribute):  # dict.fromkeys(keys, value)
                return self.first(mapping.args[1:])
            return self.first([keyword.value for keyword in mapping.keywords])
        if not isinstance(mapping, ast.Dict):
            return None  # another module-level name: judged where it is defined
        spread = [v for k, v in zip(mapping.keys, mapping.values, strict=True) if k is None]
        values = [v for k, v in zip(mapping.keys, mapping.values, strict=True) if k is not None]
        return self.first(values) or next(filter(None, map(self.mutable_values, spread)), None)

    def first(self, values: list[ast.expr]) -> str | None:
        return next(filter(None, map(self.mutable, values)), None)

    def is_mapping(self, value: ast.expr) -> bool:
        """A mapping: `|` of it makes a new dict, even of two MappingProxyType."""
        if isinstance(value, ast.Name) and value.id in self.values:
            return self.is_mapping(self.values[value.id])
        if isinstance(value, ast.Call):
            return called_name(value) in {"dict", "MappingProxyType"}
        return isinstance(value, ast.Dict | ast.DictComp)


def shared_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements run once per process: a module's and its classes' bodies, with the
    blocks in them (if, try, with, for), not the functions'."""
    for statement in body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        yield statement
        if isinstance(statement, ast.ClassDef):
            yield from shared_statements(statement.body)
            continue
        for block in ("body", "orelse", "finalbody"):
            inner = getattr(statement, block, None)
            if isinstance(inner, list):
                yield from shared_statements(inner)
        for handler in getattr(statement, "handlers", []):
            yield from shared_statements(handler.body)


def targets(statement: ast.Assign | ast.AnnAssign | ast.AugAssign) -> list[ast.expr]:
    return statement.targets if isinstance(statement, ast.Assign) else [statement.target]


def module_state(path: Path, allowed_globals: frozenset[str] = frozenset()) -> list[str]:
    """Each mutable value a module keeps for the process, as "<line>: <name> is <what>", and
    each `global` but the allowed ones."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = Module(tree)
    found = []
    for statement in shared_statements(tree.body):
        if isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign) and statement.value:
            what = module.mutable(statement.value)
            if what:
                names = ", ".join(ast.unparse(target) for target in targets(statement))
                found.append(f"{statement.lineno}: {names} is {what}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            rebound = [name for name in node.names if name not in allowed_globals]
            if rebound:
                found.append(f"{node.lineno}: global {', '.join(rebound)}")
    return found


def build_modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] not in NOT_BUILD_CODE
    ]


def test_the_build_code_keeps_no_state_in_its_modules() -> None:
    found = {}
    for path in build_modules():
        relative = path.relative_to(PACKAGE).as_posix()
        state = module_state(path, ALLOWED_GLOBALS.get(relative, frozenset()))
        if state:
            found[relative] = state
    assert found == {}


def test_the_allowed_globals_are_still_needed() -> None:
    for relative, names in ALLOWED_GLOBALS.items():
        tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
        found = [node for node in ast.walk(tree) if isinstance(node, ast.Global)]
        declared = {name for node in found for name in node.names}
        assert names <= declared, relative


PROBE = """
from collections import defaultdict
from types import MappingProxyType
CACHE = {}
SEEN: set[str] = set()
BY_KEY = defaultdict(list)
NAMES = ("a", ["b"])
TABLE = MappingProxyType({"a": {"b"}})
ALL = frozenset({"a"}) | {"b"}
COUNTS = dict.fromkeys("ab", 0)
FROZEN = MappingProxyType({"a": frozenset({"b"})})
BOTH = FROZEN | {"c": frozenset()}
FINE = (FROZEN, frozenset(["c"]), tuple(x for x in "ab"), MappingProxyType({"a": ("b",)}))
SPREAD = MappingProxyType({**dict.fromkeys("ab", ()), **FROZEN})
SPREAD_SETS = MappingProxyType({**dict.fromkeys("ab", set()), "c": ()})
try:
    FALLBACK = []
except ImportError:
    pass
class Holder:
    items = []
def remember(value):
    global LAST
    LAST = value
    local = {}
    return local
"""


def test_the_scan_finds_module_state(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(textwrap.dedent(PROBE).lstrip(), encoding="utf-8")
    assert module_state(probe) == [
        "3: CACHE is a dict",
        "4: SEEN is a set",
        "5: BY_KEY is a defaultdict",
        "6: NAMES is a list",
        "7: TABLE is a set",
        "8: ALL is a set",
        "9: COUNTS is a dict",
        "11: BOTH is a dict",
        "14: SPREAD_SETS is a set",
        "16: FALLBACK is a list",
        "20: items is a list",
        "22: global LAST",
    ]
