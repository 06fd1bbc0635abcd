"""The demo app: nothing in the platform imports it, and its data files hang together.

The seeding itself is tested per app (tests/provrum/test_demo.py, tests/meetings/,
tests/live/, tests/surveys/) and for the accounts in test_seed_demo.py.
"""

import ast
from pathlib import Path

import reglab
from reglab.demo.datafiles import DATA, load
from reglab.demo.specs import demo_provrum

REGLAB = Path(reglab.__file__).parent


def test_no_module_outside_the_demo_app_imports_it():
    importers = []
    for path in REGLAB.rglob("*.py"):
        if "demo" in path.relative_to(REGLAB).parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            if any(name == "reglab.demo" or name.startswith("reglab.demo.") for name in names):
                importers.append(str(path.relative_to(REGLAB)))
    assert importers == []


def test_every_plan_and_every_work_is_used_by_exactly_one_provrum():
    records = load("provrum")["provrum"]
    for kind, file in (("plan", "provrum_plans"), ("work", "provrum_work")):
        named = [record[kind] for record in records if kind in record]
        assert sorted(named) == sorted(load(file)), kind
    # Only a provrum with the go-ahead has a plan; only one with a plan has work.
    specs = demo_provrum()
    assert all(spec.plan for spec in specs if spec.work)
    assert {str(spec.state) for spec in specs if spec.plan} <= {
        "go_ahead",
        "running",
        "reported",
        "closed",
    }


def test_every_data_file_is_read_by_a_builder():
    files = {path.stem for path in DATA.glob("*.toml")}
    sources = "".join(path.read_text(encoding="utf-8") for path in (REGLAB / "demo").rglob("*.py"))
    assert files == {name for name in files if f'load("{name}")' in sources}
    assert len(files) == 7
