"""GDPR: a person's export, the office's erasure, and the scan that finds nothing after.

Runs on SQLite by default and on PostgreSQL with DATABASE_URL set.
"""

import json

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from reglab.accounts.mfa import has_second_factor
from reglab.live.models import Answer
from reglab.meetings.models import Registration
from reglab.notifications.models import Notification
from reglab.privacy.erasure import PSEUDONYM
from reglab.privacy.models import ErasureRequest, ErasureStatus
from reglab.privacy.scan import residue_scan
from reglab.provrum.models import Comment, PlanVersion, Provrum, ReportVersion
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.privacy.seeding import EMAIL, NAME, seed_person
from tests.second_factor import give_totp

pytestmark = pytest.mark.django_db(transaction=True)

ERASE = "/api/v1/people/{}/erase"
EXPORT = "/api/v1/me/export"


@pytest.fixture
def seeded(office_user):
    return seed_person(office_user)


@pytest.fixture
def office_client(office_user):
    if not has_second_factor(office_user):
        give_totp(office_user)
    client = Client()
    client.force_login(office_user)
    return client


def as_client(person, **kwargs):
    client = Client(**kwargs)
    client.force_login(person)
    return client


def export_of(client):
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(b"".join(response.streaming_content))["sections"]


def visit_pages_showing(person, places):
    """Saved pages (reglab.core.blocks) that show the person's name, as another viewer."""
    viewer = as_client(places["cast"]["people"]["orebro"])
    provrum = places["provrum"]
    for name in ("provrum:detail", "provrum:discussion"):
        assert viewer.get(reverse(name, args=[provrum.pk])).status_code == 200


def test_export_holds_every_row_about_the_person(seeded):
    person, places = seeded
    sections = export_of(as_client(person))
    assert sections["profile"][0]["email"] == EMAIL
    assert "password" not in sections["profile"][0]
    assert "calendar_feed_secret" not in sections["profile"][0]
    expected = {
        "accounts.Affiliation": person.affiliations.count(),
        "provrum.Provrum": Provrum.objects.filter(created_by=person).count(),
        "provrum.Comment": Comment.objects.filter(author=person).count(),
        "provrum.PlanVersion": PlanVersion.objects.filter(author=person).count(),
        "provrum.ReportVersion": ReportVersion.objects.filter(author=person).count(),
        "meetings.Registration": Registration.objects.filter(person=person).count(),
        "notifications.Notification": Notification.objects.filter(recipient=person).count(),
        "live.Participant": 1,
        "live.Answer (participant)": Answer.objects.filter(participant__person=person).count(),
        "api.ApiToken": 1,
        "axes.AccessLog": AccessLog.objects.filter(username=EMAIL).count(),
        "axes.AccessAttempt": AccessAttempt.objects.filter(username=EMAIL).count(),
    }
    for section, count in expected.items():
        assert count > 0, section
        assert len(sections[section]) == count, section
    assert any(label.startswith("provrum.Historical") for label in sections)
    assert "accounts.HistoricalAffiliation" in sections
    token = sections["api.ApiToken"][0]
    assert "key_hash" not in token and token["prefix"]
    assert places["token"] not in json.dumps(sections)


def test_export_is_only_ever_ones_own(seeded, member_rep):
    person, places = seeded
    other = places["cast"]["people"]["orebro"]
    client = as_client(other)
    for trick in ("", f"?id={person.pk}", f"?person={person.pk}", f"?person_id={person.pk}"):
        response = client.get(EXPORT + trick)
        text = b"".join(response.streaming_content).decode()
        assert NAME not in text and EMAIL not in text
    assert client.get(f"/api/v1/me/{person.pk}/export").status_code == 404
    assert Client().get(EXPORT).status_code == 401


def test_my_data_page_shows_the_data_and_a_download_button(seeded):
    person, _ = seeded
    response = as_client(person).get(reverse("privacy:my_data"))
    assert response.status_code == 200
    page = response.content.decode()
    assert EXPORT in page and "download" in page
    assert NAME in page and "provrum.Comment" in page
    # Readable in Swedish: the tables' and columns' names, not the code's.
    assert "Kommentarer" in page and "E-postadress" in page and "Historik: kommentarer" in page
    assert "created_by_id" not in page and "<dt>email</dt>" not in page


def test_my_data_page_shows_json_columns_as_text(seeded):
    """A live answer's choice and a plan's data are lists and dicts: shown, never a 500."""
    person, _ = seeded
    Answer.objects.filter(participant__person=person).update(choice=["Ja", {"punkt": 2}])
    response = as_client(person).get(reverse("privacy:my_data"))
    assert response.status_code == 200
    assert "[&quot;Ja&quot;, {&quot;punkt&quot;: 2}]" in response.content.decode()


def test_erasure_leaves_nothing_and_keeps_the_work(seeded, office_client):
    person, places = seeded
    visit_pages_showing(person, places)
    before = residue_scan([NAME, EMAIL])
    assert {hit.place for hit in before} >= {"db", "cache", "media"}
    response = office_client.post(
        ERASE.format(person.pk), {"confirm": True}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["found_before"] >= len(before) - 1
    assert body["found_after"] == []
    assert residue_scan([NAME, EMAIL]) == []
    person.refresh_from_db()
    assert person.name == PSEUDONYM and not person.is_active and not person.has_usable_password()
    assert person.email.endswith("@erased.invalid") and person.title == ""
    # What they wrote stays, under the pseudonym.
    comment = Comment.objects.get(pk=places["comment"].pk)
    assert comment.author_id == person.pk and PSEUDONYM in comment.body
    assert Provrum.objects.filter(pk=places["provrum"].pk, created_by=person).exists()
    assert PlanVersion.objects.filter(author=person).exists()
    # What was only theirs is gone.
    assert not Registration.objects.filter(person=person).exists()
    assert not Notification.objects.filter(recipient=person).exists()
    assert not person.api_tokens.exists()
    # The record holds no name.
    erasure = ErasureRequest.objects.get(person=person)
    assert erasure.status == ErasureStatus.DONE and NAME not in json.dumps(erasure.summary)
    # A second erasure is a clear 409, not a 500.
    again = office_client.post(
        ERASE.format(person.pk), {"confirm": True}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["code"] == "already_erased"


def test_saved_pages_do_not_show_the_old_name(seeded, office_client):
    person, places = seeded
    visit_pages_showing(person, places)
    office_client.post(ERASE.format(person.pk), {"confirm": True}, content_type="application/json")
    viewer = as_client(places["cast"]["people"]["orebro"])
    page = viewer.get(reverse("provrum:discussion", args=[places["provrum"].pk]))
    assert NAME not in page.content.decode()


def test_only_verified_office_may_erase(seeded, office_user, member_rep):
    person, places = seeded
    url = ERASE.format(person.pk)
    payload = {"confirm": True}
    assert Client().post(url, payload, content_type="application/json").status_code == 401
    for actor in (member_rep, places["cast"]["people"]["orebro"]):
        response = as_client(actor).post(url, payload, content_type="application/json")
        assert response.status_code == 403
    # The office without a second factor: refused until TOTP is set up.
    unverified = UserFactory(email="ny-kansli@example.se", is_office=True, second_factor=False)
    response = as_client(unverified).post(url, payload, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"
    # A person erasing themselves directly through the API.
    response = as_client(person).post(url, payload, content_type="application/json")
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.name == NAME and person.is_active


def test_office_cannot_erase_itself_and_must_confirm(seeded, office_client, office_user):
    person, _ = seeded
    own = office_client.post(
        ERASE.format(office_user.pk), {"confirm": True}, content_type="application/json"
    )
    assert own.status_code == 403
    unconfirmed = office_client.post(
        ERASE.format(person.pk), {"confirm": False}, content_type="application/json"
    )
    assert unconfirmed.status_code == 422 and unconfirmed.json()["code"] == "confirmation_required"
    missing = office_client.post(ERASE.format(person.pk), {}, content_type="application/json")
    assert missing.status_code == 422
    assert (
        office_client.post(
            ERASE.format(99999999), {"confirm": True}, content_type="application/json"
        ).status_code
        == 404
    )
    person.refresh_from_db()
    assert person.name == NAME


def test_request_button_needs_confirmation_and_csrf(office_client):
    person = UserFactory(email="begaran@example.se", name="Berit Begäran")
    url = reverse("privacy:request_erasure")
    strict = as_client(person, enforce_csrf_checks=True)
    assert strict.post(url, {"confirm": "on"}).status_code == 403
    assert not ErasureRequest.objects.exists()
    client = as_client(person)
    # Asking for erasure asks for recent authentication (reglab.accounts.reauthentication).
    assert client.post(url, {"confirm": "on"}).url.startswith(reverse("account_reauthenticate"))
    assert not ErasureRequest.objects.exists()
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(url, {})
    assert response.status_code == 400 and "Kryssa" in response.content.decode()
    assert not ErasureRequest.objects.exists()
    client.post(url, {"confirm": "on"})
    client.post(url, {"confirm": "on"})
    assert ErasureRequest.objects.filter(person=person, status="pending").count() == 1
    # The office sees it and carries it out from its page.
    queue = office_client.get(reverse("privacy:erasure_queue"))
    assert "Berit Begäran" in queue.content.decode()
    assert client.get(reverse("privacy:erasure_queue")).status_code == 403
    erasure = ErasureRequest.objects.get(person=person)
    office_client.post(reverse("privacy:erasure_carry_out", args=[erasure.pk]), {"confirm": "on"})
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.DONE
    assert residue_scan(["Berit Begäran", "begaran@example.se"]) == []
    assert get_user_model().objects.get(pk=person.pk).name == PSEUDONYM


def test_the_erased_persons_sessions_and_tokens_stop_working(seeded, office_client):
    person, places = seeded
    signed_in = as_client(person)
    assert signed_in.get(reverse("accounts:profile")).status_code == 200
    token = {"HTTP_AUTHORIZATION": f"Bearer {places['token']}"}
    assert Client().get("/api/v1/me", **token).status_code == 200
    office_client.post(ERASE.format(person.pk), {"confirm": True}, content_type="application/json")
    assert signed_in.get(reverse("accounts:profile")).status_code == 302
    assert Client().get("/api/v1/me", **token).status_code == 401
    person.refresh_from_db()
    assert not person.has_usable_password() and not person.is_active


def test_the_office_list_of_requests_has_a_bounded_number_of_queries(office_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert office_client.get(reverse("privacy:erasure_queue")).status_code == 200
        return len(captured)

    ErasureRequest.objects.create(person=UserFactory())
    one = queries()
    for _ in range(5):
        ErasureRequest.objects.create(person=UserFactory())
    assert queries() == one


def test_the_office_cannot_erase_an_administrator_nor_skip_csrf(office_user, superuser):
    url = ERASE.format(superuser.pk)
    client = as_client(office_user)
    response = client.post(url, {"confirm": True}, content_type="application/json")
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.is_active and superuser.is_superuser
    victim = UserFactory(email="offer@example.se", name="Otto Offer")
    strict = as_client(office_user, enforce_csrf_checks=True)
    response = strict.post(
        ERASE.format(victim.pk), {"confirm": True}, content_type="application/json"
    )
    assert response.status_code == 403
    victim.refresh_from_db()
    assert victim.name == "Otto Offer"


def test_the_schema_has_both_operations_and_no_duplicate_keys(client):
    """Swagger UI reads the schema as YAML, which refuses a key given twice."""

    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    schema = json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=no_duplicates)
    assert "get" in schema["paths"]["/api/v1/me/export"]
    assert "post" in schema["paths"]["/api/v1/people/{person_id}/erase"]


def test_the_personal_data_file_counts_as_an_export(member_rep):
    """Each download builds the whole file: past the export limit it answers 429, in Swedish."""
    from reglab.core.limits import ACTIONS, limit_take

    client = as_client(member_rep, HTTP_ACCEPT_LANGUAGE="sv")
    assert client.get(EXPORT).status_code == 200
    for _ in range(ACTIONS["export"].limits[0].count - 1):
        limit_take(member_rep, "export")
    refused = client.get(EXPORT)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "rate_limited"
    assert "för många filer" in refused.json()["detail"]
