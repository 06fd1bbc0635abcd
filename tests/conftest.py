"""Shared fixtures: one person per role, as Zulip's Hamlet and Iago."""

import pytest

from reglab.accounts.models import AffiliationStatus
from tests.factories import (
    AffiliationFactory,
    PartnerFactory,
    RegionFactory,
    UserFactory,
)
from tests.live_server import live_server  # noqa: F401  (replaces pytest-django's)

PASSWORD = "ett-langt-testlosenord"

# Checks whose answer does not depend on the database engine: who may see what (the
# authorization matrix), the headers and CSRF sweeps over every URL and the pure rules'
# property tests. `make test` runs them; .ci/run runs them in its SQLite leg only, so the
# two legs together stay under 30 minutes on two cores. Everything that writes or locks
# (races, idempotency, stale edits, erasure, the API against its schema) runs on both.
ONE_DATABASE = (
    "tests/security/test_authorization_matrix.py",
    "tests/security/test_header_sweep.py",
    "tests/security/test_csrf.py",
    "tests/properties/test_rules_properties.py",
    "tests/properties/test_parsing_properties.py",
)


def pytest_collection_modifyitems(items):
    for item in items:
        if item.nodeid.startswith(ONE_DATABASE):
            item.add_marker(pytest.mark.one_database)
    playwright_by_name = unmarked_playwright_tests(items)
    if playwright_by_name:
        raise pytest.UsageError(
            "These tests take a Playwright fixture (page, browser, context …) without the "
            "browser marker; rename the argument, or mark the test browser if it means "
            "Chromium: " + ", ".join(playwright_by_name)
        )


def unmarked_playwright_tests(items) -> list[str]:
    """Tests that pytest-playwright parametrised ([chromium]) but that are not marked browser.

    An argument named like one of its fixtures (``page``, ``browser``) makes a plain test a
    Chromium test by accident: it gets a ``[chromium]`` id and starts a browser it never uses.
    """
    return [
        item.nodeid
        for item in items
        if "browser_name" in getattr(getattr(item, "callspec", None), "params", {})
        and item.get_closest_marker("browser") is None
    ]


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.AXES_ENABLED = True


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Uploaded documents go to the test's own folder, never to the project's media/.

    The document field took its storage when the model was imported, so it is
    pointed at the test's storage too, and back afterwards.
    """
    from django.core.files.storage import storages

    from reglab.provrum.models import Document

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media" / "documents", "base_url": None},
        },
    }
    field = Document._meta.get_field("file")
    original = field.storage
    field.storage = storages["documents"]
    yield
    field.storage = original


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every cache, saved pages (reglab.core.blocks) included, starts and ends empty."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    caches["pages"].clear()
    yield
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def no_page_cache(settings):
    """For tests that measure how a page is made (its queries), not how it is sent."""
    settings.PAGE_CACHE = False


@pytest.fixture
def region(db):
    return RegionFactory(name="Region Skåne", slug="region-skane", county_code="12")


@pytest.fixture
def partner_org(db):
    return PartnerFactory(name="Kontigo", slug="kontigo")


@pytest.fixture
def office_user(db):
    return UserFactory(email="kansli@example.se", name="Kansliet", is_office=True, is_staff=True)


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin@example.se", is_superuser=True, is_staff=True)


@pytest.fixture
def member_rep(db, region):
    person = UserFactory(email="skane@example.se", name="Anna Åkesson")
    AffiliationFactory(person=person, organisation=region)
    return person


@pytest.fixture
def partner_rep(db, partner_org):
    person = UserFactory(email="kontigo@example.se", name="Erik Öberg")
    AffiliationFactory(person=person, organisation=partner_org)
    return person


@pytest.fixture
def unconfirmed_user(db, region):
    person = UserFactory(email="ny@example.se", name="Ny Person")
    AffiliationFactory(person=person, organisation=region, status=AffiliationStatus.REQUESTED)
    return person


@pytest.fixture
def plain_user(db):
    return UserFactory(email="utan@example.se", name="Utan Anknytning")
