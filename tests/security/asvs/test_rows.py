"""The ASVS suite is whole: every row of ROWS has a test, and every test names its row's reference.

Read from the source (the marks as written), so a row whose only test was deleted or renamed to
another row fails here, whatever ``-m``/``-k`` the run was given.
"""

import ast
from pathlib import Path

from tests.security.asvs import ROWS

TESTS = Path(__file__).parents[2]


def _asvs_marks():
    """(file, test name, reference, row) for every ``pytest.mark.asvs(...)`` in the tests.

    Most stand in this folder; a few rows are also carried by an older test elsewhere (the lock
    races of row 21 in tests/provrum and tests/security), and those marks must be right too.
    """
    found = []
    for path in sorted(TESTS.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.ClassDef):
                continue
            for decorator in node.decorator_list:
                if not (
                    isinstance(decorator, ast.Call)
                    and isinstance(decorator.func, ast.Attribute)
                    and decorator.func.attr == "asvs"
                ):
                    continue
                reference = ast.literal_eval(decorator.args[0]) if decorator.args else None
                keywords = {k.arg: ast.literal_eval(k.value) for k in decorator.keywords}
                found.append(
                    (str(path.relative_to(TESTS)), node.name, reference, keywords.get("row"))
                )
    return found


def test_every_row_has_a_test_that_names_its_reference():
    marks = _asvs_marks()
    covered = {row for *_, row in marks}
    assert sorted(set(ROWS) - covered) == [], "ASVS rows without a test"
    wrong = [
        f"{file}::{name}: row {row} is {ROWS.get(row)!r}, the mark says {reference!r}"
        for file, name, reference, row in marks
        if row not in ROWS or reference != ROWS[row]
    ]
    assert wrong == []
    assert len(ROWS) == 36 and sorted(ROWS) == list(range(1, 37))
