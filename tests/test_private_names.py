"""No module in reglab/ uses another module's private names.

A name with a leading underscore belongs to its module. When another module
needs it, it is part of that module's public face (the provrum kernel,
``reglab.provrum.lifecycle`` and ``reglab.provrum.web``, is where most such
names went) and loses its underscore. Checked with ``ast`` over every module:
``from reglab.x import _y`` and ``x._y`` where ``x`` is an imported reglab module.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reglab"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {
    _module_name(path): path
    for path in sorted(PACKAGE.rglob("*.py"))
    if "migrations" not in path.parts
}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The module an ``ImportFrom`` names, with relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def private_uses(module: str, path: Path) -> list[str]:
    """Where ``module`` imports or reads a private name of another reglab module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    # Local names bound to a reglab module: ``from reglab.provrum import services``,
    # ``import reglab.provrum.services as services``.
    modules = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(module, path, node)
            if not source.startswith("reglab"):
                continue
            for alias in node.names:
                if f"{source}.{alias.name}" in MODULES:
                    modules[alias.asname or alias.name] = f"{source}.{alias.name}"
                elif _is_private(alias.name) and source != module:
                    found.append(f"{path.name}:{node.lineno} from {source} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("reglab") and alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _is_private(node.attr)
            and isinstance(node.value, ast.Name)
            and modules.get(node.value.id, module) != module
        ):
            found.append(f"{path.name}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_the_scan_finds_both_forms(tmp_path):
    """The check itself: both ways of reaching into another module are found."""
    source = tmp_path / "example.py"
    source.write_text(
        "from reglab.provrum.proposal.services import _hidden\n"
        "from reglab.provrum.proposal import services\n"
        "services._lock(None)\n"
        "from reglab.provrum.proposal.services import provrum_create\n"
        "__all__ = ['provrum_create']\n"
    )
    found = private_uses("reglab.example", source)
    assert found == [
        "example.py:1 from reglab.provrum.proposal.services import _hidden",
        "example.py:3 services._lock",
    ]


def test_no_module_uses_another_modules_private_names():
    found = [use for module, path in MODULES.items() for use in private_uses(module, path)]
    assert found == []
