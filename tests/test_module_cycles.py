"""No module of reglab/ imports itself back through others.

Two modules that import each other, directly or around a circle, work only
while every import of the circle but one is deferred into a function, and
whichever loads first sees the other half-made. Checked with ``ast`` over every
module of the package, imports inside functions included, migrations left out:
``from reglab.x import y`` counts as importing ``reglab.x.y`` when that is a
module, else ``reglab.x``.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reglab"


def module_names(package: Path) -> dict[str, Path]:
    """Every module of ``package`` by its dotted name, migrations left out."""
    names = {}
    for path in package.rglob("*.py"):
        relative = path.relative_to(package.parent).with_suffix("")
        if "migrations" in relative.parts:
            continue
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        names[".".join(parts)] = path
    return names


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module ``name`` is, or the nearest package or module it lies in."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(path: Path, module: str, modules: dict[str, Path]) -> set[str]:
    """The modules among ``modules`` that the file imports, anywhere in it."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                # A relative import: from the package the file is in (or is).
                package = module.split(".")
                if not is_package:
                    package = package[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([base] if base else [])])
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            target = _resolve(name, modules)
            if target is not None and target != module:
                found.add(target)
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    modules = module_names(package)
    return {module: imports_of(path, module, modules) for module, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The circles of ``graph``: each group of modules that reach one another (Tarjan),
    given as its members in order, from the first by name."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_the_scan_sees_a_cycle_in_a_package(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "migrations").mkdir()
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.sub import b\n")
    # Inside a function, and relative: still an import of pkg.a.
    (package / "sub" / "b.py").write_text("def f():\n    from ..a import x\n")
    (package / "c.py").write_text("import pkg.a\n")
    (package / "migrations" / "0001.py").write_text("import pkg.c\n")
    (package / "d.py").write_text("import pkg.c\nfrom pkg import migrations\n")

    graph = import_graph(package)

    assert graph["pkg.a"] == {"pkg.sub.b"}
    assert graph["pkg.sub.b"] == {"pkg.a"}
    assert "pkg.migrations.0001" not in graph
    assert cycles(graph) == [["pkg.a", "pkg.sub.b"]]


def test_cycles_are_found_around_longer_circles_too():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert cycles(graph) == [["a", "b", "c"]]


def test_no_module_of_reglab_imports_itself_back():
    found = cycles(import_graph(PACKAGE))

    assert found == [], "modules that import each other around a circle: " + "; ".join(
        " <-> ".join(group) for group in found
    )
