"""The provrum cast, plus helpers to run the after-commit work the way a request does."""

import pytest

from reglab.notifications.models import NotificationSettings
from tests.provrum.conftest import (  # noqa: F401  (cast and make_provrum are fixtures)
    cast,
    make_provrum,
    representative,
)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block of service calls and then their after-commit callbacks, as a request would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def colleague(the_cast, key, email):
    """Another confirmed representative of the cast's organisation ``key``."""
    return representative(the_cast["orgs"][key], email)


def choose(user, **values):
    """Save a person's notification settings directly (the form has its own tests)."""
    NotificationSettings.objects.update_or_create(user=user, defaults=values)
