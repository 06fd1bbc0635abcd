"""The notification modules import one another one way: services → tasks → emails.

services.notify_event queues tasks.send_event_emails; the task calls emails. An
import back (even one inside a function) would make the cycle the modules had.
"""

import ast
from pathlib import Path

import pytest

import reglab.notifications

PACKAGE = Path(reglab.notifications.__file__).parent


def notification_imports(name: str) -> set[str]:
    """The modules of reglab.notifications that ``name`` imports, anywhere in the file."""
    tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "reglab.notifications":
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "reglab.notifications."
        ):
            found.add(node.module.removeprefix("reglab.notifications."))
        elif isinstance(node, ast.Import):
            found.update(
                alias.name.removeprefix("reglab.notifications.")
                for alias in node.names
                if alias.name.startswith("reglab.notifications.")
            )
    return found


@pytest.mark.parametrize(
    ("module", "must_not_import"),
    [("tasks", {"services"}), ("emails", {"services", "tasks"})],
)
def test_the_modules_import_one_way(module, must_not_import):
    assert notification_imports(module) & must_not_import == set()


def test_services_queue_the_tasks():
    assert "tasks" in notification_imports("services")
    assert "emails" in notification_imports("tasks")
