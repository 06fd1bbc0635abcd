"""Data built once for a test module or class, as Django's TestCase.setUpTestData does.

The rows are written inside a transaction that is rolled back when the module (or
class) is done; each test's own transaction (pytest-django's ``db`` fixture) is a savepoint
within it, so whatever a test changes is undone before the next test starts and
every test still sees exactly the shared rows. Works on SQLite and PostgreSQL.
While it is there, no other test of the module may build the same rows (unique
addresses and slugs), so a fixture shared by some tests only is scoped to their
class; and no transactional test (``transactional_db``, ``live_server``) may run
inside it.

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker, tmp_path_factory):
        with shared_setup(django_db_blocker, tmp_path_factory):
            yield build_it()

Uploaded documents the set-up writes go to a folder of its own, as each test's do
(tests/conftest.py), never to the project's media/.
"""

from contextlib import contextmanager

from django.db import transaction
from django.test import override_settings

# tests/conftest.py sets the same hasher per test; this covers the shared set-up,
# which runs before any test's own settings.
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def shared_setup(django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("shared-media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        documents_in(media),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


@contextmanager
def documents_in(media):
    """MEDIA_ROOT and the documents' storage in ``media``, as tests/conftest.py does per test."""
    from django.conf import settings
    from django.core.files.storage import storages

    from reglab.provrum.models import Document

    documents = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": media / "documents", "base_url": None},
    }
    with override_settings(
        MEDIA_ROOT=media, STORAGES={**settings.STORAGES, "documents": documents}
    ):
        field = Document._meta.get_field("file")
        original = field.storage
        field.storage = storages["documents"]
        try:
            yield
        finally:
            field.storage = original
