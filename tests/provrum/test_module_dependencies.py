"""provrum does not import notifications: notifications subscribe to provrum's events.

``lifecycle.record`` sends ``signals.event_recorded`` after the commit and the
notifications app connects to it in its ``ready()``. An import of
``reglab.notifications`` anywhere in provrum (even inside a function) would
make the two apps depend on each other again.
"""

import ast
from pathlib import Path

import pytest

import reglab.provrum
from reglab.notifications.models import Kind, Notification
from reglab.provrum import signals
from reglab.provrum.models import Event
from tests.provrum.conftest import proposal

PACKAGE = Path(reglab.provrum.__file__).parent


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_provrum_module_imports_notifications():
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in imported_modules(path) if name.startswith("reglab.notifications")
        )
        for path in PACKAGE.rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_rules_package_imports_nothing_from_django():
    rules_dir = PACKAGE / "rules"
    modules = {
        str(path.relative_to(rules_dir)): sorted(
            name
            for name in imported_modules(path)
            if not name.startswith(("reglab.provrum.rules", "dataclasses", "datetime", "calendar"))
        )
        for path in rules_dir.rglob("*.py")
    }
    assert len(modules) >= 5
    assert {path: names for path, names in modules.items() if names} == {}


REGLAB = PACKAGE.parent
LIMIT = 600
# Modules still over the limit, with the size they may not grow beyond. The list
# may only shrink: a module split below the limit must leave it.
STILL_OVER: dict[str, int] = {}


def module_lengths() -> dict[str, int]:
    return {
        str(path.relative_to(REGLAB)): len(path.read_text(encoding="utf-8").splitlines())
        for path in REGLAB.rglob("*.py")
        if "migrations" not in path.parts and "data" not in path.parts
    }


def test_no_module_in_reglab_grows_over_600_lines():
    lengths = module_lengths()
    over = {path: n for path, n in lengths.items() if n > LIMIT}
    assert {path: n for path, n in over.items() if n > STILL_OVER.get(path, LIMIT)} == {}
    # A module that came below the limit leaves the list.
    assert sorted(set(STILL_OVER) - set(over)) == []


def test_the_scan_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("def f():\n    from reglab.notifications.services import notify_event\n")
    assert "reglab.notifications.services" in imported_modules(module)


@pytest.mark.django_db
def test_notifications_hear_the_recorded_events(cast, django_capture_on_commit_callbacks):
    assert signals.event_recorded.has_listeners()
    with django_capture_on_commit_callbacks(execute=True):
        provrum = proposal(cast)
    assert Notification.objects.filter(provrum=provrum, kind=Kind.PUBLISHED).exists()


@pytest.mark.django_db
def test_the_signal_is_sent_after_the_commit_with_the_email_flag(
    cast, django_capture_on_commit_callbacks
):
    heard = []

    def receiver(sender, *, event_id, email, **kwargs):
        heard.append((sender, event_id, email))

    signals.event_recorded.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            provrum = proposal(cast)
        assert heard == []
        for callback in callbacks:
            callback()
        published = provrum.events.get(action=Event.Action.PUBLISHED)
        assert (Event, published.pk, True) in heard
        heard.clear()
        with django_capture_on_commit_callbacks(execute=True), signals.email_quiet():
            quiet = proposal(cast, title="Ett tyst provrum")
        assert heard
        assert {email for _sender, _id, email in heard} == {False}
        assert quiet.events.filter(pk__in=[event_id for _s, event_id, _e in heard]).exists()
    finally:
        signals.event_recorded.disconnect(receiver)
