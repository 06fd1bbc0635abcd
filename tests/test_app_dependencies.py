"""Dependencies between the apps in reglab/ go one way.

An app may import another (provrum imports organisations), but never both
ways: two apps that import each other are one app in two folders, and the
first to load half-imports the other. Checked with ``ast`` over every module of
every app, imports inside functions included. A pair that still imports both
ways is listed below with the reason; the list may only shrink.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reglab"
APPS = sorted(path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists())

# Two-way pairs not yet removed, and why. Removing one means removing it here; none is
# left: core at the bottom, organisations on core, accounts on both, and the API on top.
STILL_TWO_WAY: dict[frozenset, str] = {}


def imported_apps(path: Path, app: str) -> set[str]:
    """The other apps of reglab/ that a file imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
            if node.module == "reglab":
                modules = [f"reglab.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] == "reglab" and len(parts) > 1 and parts[1] in APPS:
                found.add(parts[1])
    return found - {app}


def app_dependencies() -> dict[str, set[str]]:
    return {
        app: {other for path in (PACKAGE / app).rglob("*.py") for other in imported_apps(path, app)}
        for app in APPS
    }


def two_way_pairs(dependencies: dict[str, set[str]]) -> set[frozenset]:
    return {
        frozenset({app, other})
        for app, others in dependencies.items()
        for other in others
        if app in dependencies.get(other, set())
    }


def test_the_scan_sees_imports_inside_functions_and_of_the_package(tmp_path):
    module = tmp_path / "example.py"
    module.write_text(
        "from reglab import provrum\n"
        "def f():\n"
        "    from reglab.organisations.models import Organisation\n"
        "    import reglab.accounts.models\n"
    )
    assert imported_apps(module, "provrum") == {"organisations", "accounts"}
    assert two_way_pairs({"a": {"b"}, "b": {"a", "c"}, "c": set()}) == {frozenset({"a", "b"})}


def test_provrum_depends_on_organisations_and_not_the_reverse():
    dependencies = app_dependencies()
    assert "organisations" in dependencies["provrum"]
    assert "provrum" not in dependencies["organisations"]


def test_core_imports_no_other_app_and_no_app_imports_the_api():
    """The bottom and the top: core is what every app may use, the API mounts them all
    (apps reach its token checks through ``reglab.core.api_tokens``)."""
    dependencies = app_dependencies()
    assert dependencies["core"] == set()
    assert dependencies["organisations"] <= {"core"}
    assert dependencies["accounts"] <= {"core", "organisations"}
    assert {app for app, others in dependencies.items() if "api" in others} == set()


def test_no_two_apps_import_each_other():
    pairs = two_way_pairs(app_dependencies())
    assert {tuple(sorted(pair)) for pair in pairs - set(STILL_TWO_WAY)} == set()
    # A pair that became one-way leaves the list.
    assert {tuple(sorted(pair)) for pair in set(STILL_TWO_WAY) - pairs} == set()
