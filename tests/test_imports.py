"""The import graph of callwindow, read from the source with `ast` (nothing is imported):

- no cycle between callwindow's modules, counting every import (module level, inside
  functions, under TYPE_CHECKING);
- no module uses another module's private names (`from .x import _y`, `x._y` on an
  imported callwindow module), nor imports a private module (`_x.py`) from outside its own
  package; third-party privates are not callwindow's business here;
- the core never imports an adapter (the command line, the HTTP service, the batch API);
- every module that docs/architecture.md's module table names exists, every module is in it,
  and its picture of the core's import order is the real one.

No allowlist: a finding is fixed in the code, not recorded here.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "callwindow"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

# The adapters: packages and modules that drive the core from outside (docs/architecture.md).
# The core is every other module; it must not import these.
ADAPTERS = (
    "callwindow.__main__",
    "callwindow.batch",
    "callwindow.cli",
    "callwindow.http",
    "callwindow.mcp",
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if "__pycache__" in relative.parts or relative.parts[0] == "data":
            continue
        found[module_name(path)] = path
    return found


MODULES = modules()


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def is_adapter(module: str) -> bool:
    return any(module == adapter or module.startswith(adapter + ".") for adapter in ADAPTERS)


@dataclass
class Imports:
    """What one module imports: edges to callwindow modules, and uses of private names."""

    module: str
    edges: dict[str, int] = field(default_factory=dict)  # imported module -> first line
    private: list[str] = field(default_factory=list)  # "line: what"


def _known(dotted: str) -> str | None:
    """The callwindow module `dotted` names, or the longest module prefix of it."""
    parts = dotted.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def _package_of(module: str) -> list[str]:
    path = MODULES[module]
    parts = module.split(".")
    return parts if path.name == "__init__.py" else parts[:-1]


def read_imports(module: str) -> Imports:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"), filename=str(MODULES[module]))
    found = Imports(module)
    bound: dict[str, str] = {}  # local name -> the callwindow module it is bound to (any scope: best effort)

    def edge(target: str, line: int) -> None:
        if target == module:
            return
        found.edges.setdefault(target, line)
        parts = target.split(".")
        for depth, part in enumerate(parts):
            owner = ".".join(parts[:depth])
            if is_private(part) and not (module == owner or module.startswith(owner + ".")):
                found.private.append(f"{line}: imports {target}, a private module of {owner}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _known(alias.name)
                if target is None:
                    continue
                edge(target, node.lineno)
                if alias.asname:
                    bound[alias.asname] = target
                else:
                    bound[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = _package_of(module)
                base_parts = package[: len(package) - (node.level - 1)]
                base = ".".join([*base_parts, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            if _known(base) != base:
                continue  # not a callwindow module (the standard library, a third party)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in MODULES:
                    edge(submodule, node.lineno)
                    bound[alias.asname or alias.name] = submodule
                    continue
                edge(base, node.lineno)
                if is_private(alias.name):
                    found.private.append(f"{node.lineno}: from {base} import {alias.name}")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        chain: list[str] = []
        inner: ast.expr = node
        while isinstance(inner, ast.Attribute):
            chain.insert(0, inner.attr)
            inner = inner.value
        if not isinstance(inner, ast.Name) or inner.id not in bound:
            continue
        # Walk down the dotted modules (callwindow.cli.common.fail): the first name that is
        # not a module is the one used from the last module.
        target = bound[inner.id]
        for attribute in chain:
            inside = module == target or module.startswith(target + ".")
            if f"{target}.{attribute}" in MODULES:
                if is_private(attribute) and not inside:
                    found.private.append(f"{node.lineno}: {target}.{attribute}, a private module of {target}")
                target = f"{target}.{attribute}"
                continue
            if is_private(attribute) and target != module:
                found.private.append(f"{node.lineno}: {target}.{attribute}")
            break
    found.private = list(dict.fromkeys(found.private))  # `a._b.c` is also seen as `a._b`
    return found


GRAPH = {name: read_imports(name) for name in MODULES}


def strongly_connected(graph: dict[str, set[str]]) -> Iterator[list[str]]:
    """Tarjan's algorithm, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                yield sorted(component)


def test_the_graph_is_read() -> None:
    # A sanity check of the reader itself: known edges of every import form.
    assert "callwindow.policy" in GRAPH["callwindow.batch.engine"].edges  # from ..policy import ...
    assert "callwindow.clock" in GRAPH["callwindow.caps"].edges  # from . import clock
    assert "callwindow.cli.common" in GRAPH["callwindow.cli.check"].edges
    assert len(MODULES) > 40


def test_no_import_cycle() -> None:
    graph = {name: set(imports.edges) for name, imports in GRAPH.items()}
    cycles = [component for component in strongly_connected(graph) if len(component) > 1]
    lines = []
    for component in cycles:
        members = set(component)
        lines.append("cycle: " + ", ".join(component))
        for name in component:
            for target, line in sorted(GRAPH[name].edges.items()):
                if target in members:
                    lines.append(f"  {MODULES[name].relative_to(ROOT)}:{line} imports {target}")
    assert not cycles, "\n".join(lines)


def test_no_private_name_of_another_module() -> None:
    found = [f"{MODULES[name].relative_to(ROOT)}:{use}" for name, imports in GRAPH.items() for use in imports.private]
    assert not found, "private names used across callwindow modules:\n" + "\n".join(found)


def test_the_core_never_imports_an_adapter() -> None:
    found = [
        f"{MODULES[name].relative_to(ROOT)}:{line} imports {target}"
        for name, imports in GRAPH.items() if not is_adapter(name)
        for target, line in sorted(imports.edges.items()) if is_adapter(target)
    ]
    assert not found, "core modules importing adapters:\n" + "\n".join(found)


def documented_modules() -> list[str]:
    """The first column of the module table(s) in docs/architecture.md: `path.py` or `package/`."""
    listed = []
    for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([\w./]+)`\s*\|", line)
        if match and (match.group(1).endswith((".py", "/"))):
            listed.append(match.group(1))
    return listed


def test_every_module_in_the_architecture_table_exists() -> None:
    listed = documented_modules()
    assert len(listed) >= 30, listed
    missing = [path for path in listed if not (PACKAGE / path).exists()]
    assert not missing, f"docs/architecture.md lists modules that do not exist under callwindow/: {missing}"


def test_every_module_is_in_the_architecture_table() -> None:
    listed = set(documented_modules())
    absent = []
    for path in MODULES.values():
        relative = path.relative_to(PACKAGE)
        shown = f"{relative.parent}/" if relative.name == "__init__.py" else str(relative)
        if relative.name == "__init__.py" and relative.parent == Path("."):
            shown = "__init__.py"
        if shown not in listed:
            absent.append(shown)
    assert not absent, f"modules missing from docs/architecture.md's module table: {absent}"


def core_order() -> list[list[str]]:
    """The lines of docs/architecture.md's picture of the core ("core, in import order" up to
    "adapters"), as module names: `x` is callwindow.x, `x/` the package x, `__init__` callwindow."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    block = text[text.index("core, in import order"):].split("\n")[1:]
    lines = []
    for line in block:
        if not line.startswith("  "):
            break
        words = line.split()
        lines.append(["callwindow" if word == "__init__" else f"callwindow.{word.rstrip('/')}" for word in words])
    return lines


def _in(module: str, listed: str) -> bool:
    return module == listed or (listed != "callwindow" and module.startswith(listed + "."))


def test_the_architecture_picture_gives_the_core_import_order() -> None:
    lines = core_order()
    placed = [entry for line in lines for entry in line]
    assert all(entry in MODULES for entry in placed), [entry for entry in placed if entry not in MODULES]
    core = [name for name in MODULES if not is_adapter(name)]
    unplaced = [name for name in core if not any(_in(name, entry) for entry in placed)]
    assert not unplaced, f"core modules missing from the picture in docs/architecture.md: {unplaced}"

    def line_of(name: str) -> int:
        return max(index for index, line in enumerate(lines) for entry in line if _in(name, entry))

    wrong = []
    for name in core:
        own = line_of(name)
        for target, line in sorted(GRAPH[name].edges.items()):
            same_package = any(_in(name, entry) and _in(target, entry) and entry != "callwindow"
                               for entry in lines[own])
            if not same_package and line_of(target) >= own:
                wrong.append(f"{MODULES[name].relative_to(ROOT)}:{line} imports {target}, not on a line above")
    assert not wrong, "docs/architecture.md's core order is not the code's:\n" + "\n".join(wrong)
