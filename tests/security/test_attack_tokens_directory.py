"""An outsider's attack on personal tokens and on the organisations' directory.

Tokens are read by the API, meetings' router, provrum's downloads, the evaluation's
downloads and the saved pages (``reglab.core.api_tokens``); the calendar feed carries
a signed token of its own. Each refuses an expired, revoked or deactivated person's
token, refuses an office account without its second factor, never signs anyone in
beyond the one request, and never lets one person's answer reach another.

The directory (``organisations:list`` / ``organisations:detail``, now in accounts)
shows people's names and e-mail addresses only to confirmed representatives and the
office, and only of people whose account is still active.
"""

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reglab.accounts.models import AffiliationStatus
from reglab.api.services import api_token_create, api_token_revoke
from reglab.meetings.models import Visibility
from reglab.provrum.calendar_feed import feed_token
from tests.factories import AffiliationFactory, PartnerFactory, RegionFactory, UserFactory
from tests.meetings.conftest import make_meeting
from tests.provrum.conftest import cast, proposal  # noqa: F401 (a fixture)
from tests.provrum.plan_fixtures import saved_plan, with_go_ahead
from tests.second_factor import give_totp

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def expired_token(person) -> str:
    _, raw = api_token_create(person=person, expires_at=timezone.now() - timedelta(seconds=1))
    return raw


def revoked_token(person) -> str:
    token, raw = api_token_create(person=person)
    api_token_revoke(token=token)
    return raw


def deactivated_token(person) -> str:
    _, raw = api_token_create(person=person)
    person.is_active = False
    person.save(update_fields=["is_active"])
    return raw


DEAD_TOKENS = [expired_token, revoked_token, deactivated_token]


def office_without_second_factor():
    return UserFactory(
        email="ny-kansli@example.se", is_office=True, is_staff=True, second_factor=False
    )


@pytest.fixture
def planned(cast):  # noqa: F811
    provrum = with_go_ahead(cast)
    saved_plan(cast, provrum)
    return provrum


# Dead tokens, on every path that reads one ----------------------------------------------


@pytest.mark.parametrize("dead", DEAD_TOKENS, ids=lambda f: f.__name__)
def test_a_dead_token_is_refused_by_the_api_and_by_meetings(member_rep, dead):
    make_meeting(title="Medlemsträff", visibility=Visibility.MEMBERS)
    raw = dead(member_rep)
    for path in ("/api/v1/me", "/api/v1/provrum", "/api/v1/organisations", "/api/v1/meetings"):
        response = Client().get(path, headers=bearer(raw))
        assert response.status_code == 401, path
        assert b"Medlemstr" not in response.content
        assert b"skane@example.se" not in response.content


@pytest.mark.parametrize("dead", DEAD_TOKENS, ids=lambda f: f.__name__)
def test_a_dead_token_downloads_nothing(cast, planned, dead):  # noqa: F811
    raw = dead(cast["people"]["skane"])
    for name in ("plan.pdf", "plan.docx", "budget.csv", "budget.xlsx", "kalender.ics"):
        response = Client().get(f"/provrum/{planned.pk}/{name}", headers=bearer(raw))
        # As an anonymous visitor: sent to sign in, or not found; never the file.
        assert response.status_code in (302, 404), name
        assert not response.content.startswith(b"%PDF")
        assert b"BEGIN:VCALENDAR" not in response.content
        assert planned.title.encode() not in response.content


def test_a_live_token_downloads_and_then_dies_with_its_revocation(cast, planned):  # noqa: F811
    token, raw = api_token_create(person=cast["people"]["skane"])
    url = f"/provrum/{planned.pk}/kalender.ics"
    ok = Client().get(url, headers=bearer(raw))
    assert ok.status_code == 200 and b"BEGIN:VCALENDAR" in ok.content
    assert "private" in ok["Cache-Control"]
    api_token_revoke(token=token)
    gone = Client().get(url, headers=bearer(raw))
    assert gone.status_code in (302, 404)
    assert b"BEGIN:VCALENDAR" not in gone.content


def test_the_calendar_feed_of_a_deactivated_person_is_404(cast, planned):  # noqa: F811
    skane = cast["people"]["skane"]
    url = reverse("provrum:calendar_feed", args=[feed_token(skane)])
    assert Client().get(url).status_code == 200
    skane.is_active = False
    skane.save(update_fields=["is_active"])
    response = Client().get(url)
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_the_meetings_calendars_read_no_token(client, member_rep):
    """meetings:ics and the API: a members-only meeting reaches a member's token through the
    API (which reads tokens, and no-store), never through the calendar file, which reads
    only the session; a dead token reaches it nowhere."""
    meeting = make_meeting(title="Medlemsträff", visibility=Visibility.MEMBERS)
    token, raw = api_token_create(person=member_rep)
    ics = reverse("meetings:ics", args=[meeting.pk])
    assert Client().get(ics, headers=bearer(raw)).status_code == 404
    api = Client().get(f"/api/v1/meetings/{meeting.pk}", headers=bearer(raw))
    assert api.status_code == 200 and api.json()["title"] == "Medlemsträff"
    api_token_revoke(token=token)
    assert Client().get(f"/api/v1/meetings/{meeting.pk}", headers=bearer(raw)).status_code == 401
    client.force_login(member_rep)
    shown = client.get(ics)
    assert shown.status_code == 200 and "Medlemsträff" in shown.content.decode()


# A token never signs anyone in beyond its request -----------------------------------------


def test_a_token_on_a_download_leaves_no_session(cast, planned):  # noqa: F811
    _, raw = api_token_create(person=cast["people"]["skane"])
    client = Client()
    response = client.get(f"/provrum/{planned.pk}/plan.pdf", headers=bearer(raw))
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "_auth_user_id" not in client.session
    # The next request, without the token, is anonymous again.
    again = client.get(f"/provrum/{planned.pk}/plan.pdf")
    assert again.status_code in (302, 404)
    assert not again.content.startswith(b"%PDF")


def test_a_token_on_an_html_page_is_not_a_sign_in(member_rep, region):
    """organisations:detail is a saved page that reads no token: the token's holder is
    shown what an anonymous visitor is shown, and no session is made."""
    _, raw = api_token_create(person=member_rep)
    client = Client()
    response = client.get(reverse("organisations:detail", args=[region.slug]), headers=bearer(raw))
    body = response.content.decode()
    assert response.status_code == 200
    assert "skane@example.se" not in body and "Anna Åkesson" not in body
    assert "Logga in för att se vem som företräder organisationen." in body
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "_auth_user_id" not in client.session
    assert client.get("/").content.decode().count("Logga in") >= 1


# Saved pages: one person's answer never reaches another --------------------------------------


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["items"]]


def test_a_saved_api_answer_is_per_token_person_and_dies_with_the_token(cast):  # noqa: F811
    draft = proposal(cast, title="Hemligt utkast från Skåne", publish=False)
    skane_token, skane_raw = api_token_create(person=cast["people"]["skane"])
    _, orebro_raw = api_token_create(person=cast["people"]["orebro"])

    first = Client().get("/api/v1/provrum", headers=bearer(skane_raw))
    again = Client().get("/api/v1/provrum", headers=bearer(skane_raw))
    assert first.status_code == again.status_code == 200
    assert draft.title in titles(first)
    assert again.content == first.content  # served from the saved copy

    other = Client().get("/api/v1/provrum", headers=bearer(orebro_raw))
    assert other.status_code == 200
    assert draft.title not in titles(other)
    for headers in ({}, bearer("rgl_not-a-token"), {"Authorization": f"Basic {skane_raw}"}):
        response = Client().get("/api/v1/provrum", headers=headers)
        assert response.status_code == 401
        assert b"Hemligt" not in response.content and b"utkast" not in response.content

    api_token_revoke(token=skane_token)
    gone = Client().get("/api/v1/provrum", headers=bearer(skane_raw))
    assert gone.status_code == 401
    assert b"Hemligt" not in gone.content and b"utkast" not in gone.content


def test_a_token_answer_is_kept_in_no_cache(member_rep):
    """No browser or proxy cache may keep what a token was shown, as for a session."""
    _, raw = api_token_create(person=member_rep)
    for path in ("/api/v1/me", "/api/v1/provrum", "/api/v1/organisations", "/api/v1/meetings"):
        response = Client().get(path, headers=bearer(raw))
        assert response.status_code == 200, path
        cache_control = response.get("Cache-Control", "")
        assert "no-store" in cache_control and "private" in cache_control, path
        assert settings.SESSION_COOKIE_NAME not in response.cookies, path
    me = Client().get("/api/v1/me", headers=bearer(raw))
    assert me.json()["email"] == "skane@example.se"


def test_an_anonymous_api_answer_stays_cacheable(db):
    make_meeting(title="Öppen träff")
    response = Client().get("/api/v1/meetings")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert [meeting["title"] for meeting in response.json()] == ["Öppen träff"]
    assert settings.SESSION_COOKIE_NAME not in response.cookies


# An office account without its second factor ------------------------------------------------


def test_an_office_token_without_the_second_factor_is_refused_everywhere(cast, planned):  # noqa: F811
    office = office_without_second_factor()
    _, raw = api_token_create(person=office)
    make_meeting(title="Medlemsträff", visibility=Visibility.MEMBERS)
    paths = [
        "/api/v1/me",
        "/api/v1/provrum",
        "/api/v1/organisations",
        "/api/v1/meetings",
        f"/provrum/{planned.pk}/plan.pdf",
        f"/provrum/{planned.pk}/budget.csv",
        f"/provrum/{planned.pk}/kalender.ics",
        reverse("evaluation:export", args=["arbetsbok", "xlsx"]),
    ]
    for path in paths:
        response = Client().get(path, headers=bearer(raw))
        assert response.status_code == 403, path
        assert planned.title.encode() not in response.content, path
        assert b"Medlemstr" not in response.content, path
        assert not response.content.startswith((b"%PDF", b"PK")), path
    api = Client().get("/api/v1/me", headers=bearer(raw))
    assert [r["code"] for r in api.json()["reasons"]] == ["second_factor_required"]


def test_a_saved_api_answer_is_not_served_once_the_second_factor_is_gone(cast):  # noqa: F811
    draft = proposal(cast, title="Utkast som kansliet ser", publish=False)
    office = cast["office"]
    _, raw = api_token_create(person=office)
    for _ in range(2):  # made, then served from its saved copy
        response = Client().get("/api/v1/provrum", headers=bearer(raw))
        assert response.status_code == 200 and draft.title in titles(response)
    Authenticator.objects.filter(user=office).delete()
    refused = Client().get("/api/v1/provrum", headers=bearer(raw))
    assert refused.status_code == 403
    assert b"kansliet ser" not in refused.content
    assert [r["code"] for r in refused.json()["reasons"]] == ["second_factor_required"]


def test_an_idempotent_replay_does_not_pass_over_the_second_factor(office_user):
    """A stored answer (Idempotency-Key) is given again only to whom the API would answer:
    an office token that has lost its second factor is refused, not replayed."""
    meeting = make_meeting(title="Öppen träff")
    _, raw = api_token_create(person=office_user)
    headers = {**bearer(raw), "Idempotency-Key": "anmalan-1"}
    url = f"/api/v1/meetings/{meeting.pk}/registrations"

    def post():
        return Client().post(url, "{}", content_type="application/json", headers=headers)

    first = post()
    assert first.status_code == 201 and first.json()["status"] == "registered"
    Authenticator.objects.filter(user=office_user).delete()
    refused = post()
    assert refused.status_code == 403
    assert refused.get("Idempotent-Replayed") is None
    assert [r["code"] for r in refused.json()["reasons"]] == ["second_factor_required"]
    give_totp(office_user)
    replayed = post()
    assert replayed.status_code == 201 and replayed["Idempotent-Replayed"] == "true"


def test_the_office_calendar_feed_needs_the_second_factor(cast, planned):  # noqa: F811
    """The office's calendar holds every provrum: its address, once known, must not keep
    working for an office account that has lost (or never set up) its second factor."""
    office = cast["office"]
    url = reverse("provrum:calendar_feed", args=[feed_token(office)])
    one = reverse("provrum:calendar_feed", args=[feed_token(office, planned)])
    ok = Client().get(url)
    assert ok.status_code == 200 and planned.title in ok.content.decode()

    Authenticator.objects.filter(user=office).delete()
    for address in (url, one):
        response = Client().get(address)
        assert response.status_code == 404, address
        assert planned.title not in response.content.decode()
        assert b"BEGIN:VCALENDAR" not in response.content

    give_totp(office)
    assert Client().get(url).status_code == 200
    # A representative's feed needs no second factor.
    skane_feed = reverse("provrum:calendar_feed", args=[feed_token(cast["people"]["skane"])])
    assert Client().get(skane_feed).status_code == 200


# The directory ------------------------------------------------------------------------------


@pytest.fixture
def staffed(db):
    """A region with two confirmed people, one requested and one deactivated."""
    region = RegionFactory(name="Region Halland", slug="region-halland", county_code="13")
    for email, name, status in [
        ("berit@halland.se", "Berit Bekräftad", AffiliationStatus.CONFIRMED),
        ("cecilia@halland.se", "Cecilia Confirmed", AffiliationStatus.CONFIRMED),
        ("sven@halland.se", "Sven Sökande", AffiliationStatus.REQUESTED),
    ]:
        AffiliationFactory(
            person=UserFactory(email=email, name=name), organisation=region, status=status
        )
    gone = UserFactory(email="gone@halland.se", name="Gustav Gången", is_active=False)
    AffiliationFactory(person=gone, organisation=region, status=AffiliationStatus.CONFIRMED)
    return region


SHOWN = ["Berit Bekräftad", "berit@halland.se", "Cecilia Confirmed", "cecilia@halland.se"]
NEVER = ["Sven Sökande", "sven@halland.se", "Gustav Gången", "gone@halland.se"]


def detail(client, region) -> str:
    response = client.get(reverse("organisations:detail", args=[region.slug]))
    assert response.status_code == 200
    return response.content.decode()


def inactive_org_rep():
    old = PartnerFactory(
        name="Gamla partnern", slug="gamla", active_until=timezone.localdate() - timedelta(days=1)
    )
    person = UserFactory(email="gammal@example.se", name="Gammal Partner")
    AffiliationFactory(person=person, organisation=old)
    return person


@pytest.mark.parametrize(
    "who", ["anonymous", "plain", "unconfirmed", "deactivated", "inactive_organisation"]
)
def test_the_directory_hides_people_from_those_who_may_not_see_them(
    client, staffed, unconfirmed_user, plain_user, who
):
    person = {
        "anonymous": None,
        "plain": plain_user,
        "unconfirmed": unconfirmed_user,
        "deactivated": UserFactory(email="avst@example.se", is_active=False),
        "inactive_organisation": inactive_org_rep() if who == "inactive_organisation" else None,
    }[who]
    if person is not None:
        client.force_login(person)
    for _ in range(2):  # made, then served from its saved copy
        body = detail(client, staffed)
        for text in SHOWN + NEVER:
            assert text not in body, (who, text)
        assert "mailto:" not in body
    listing = client.get(reverse("organisations:list")).content.decode()
    assert "Region Halland" in listing
    for text in SHOWN + NEVER:
        assert text not in listing


@pytest.mark.parametrize("who", ["member", "partner", "office"])
def test_the_directory_shows_active_confirmed_people_to_those_who_may(
    client, staffed, member_rep, partner_rep, office_user, who
):
    client.force_login({"member": member_rep, "partner": partner_rep, "office": office_user}[who])
    for _ in range(2):
        body = detail(client, staffed)
        for text in SHOWN:
            assert text in body, (who, text)
        for text in NEVER:
            assert text not in body, (who, text)


def test_a_saved_directory_page_is_not_shared_between_people(client, staffed, member_rep):
    client.force_login(member_rep)
    assert "berit@halland.se" in detail(client, staffed)
    client.logout()
    assert "berit@halland.se" not in detail(client, staffed)
    member_rep.affiliations.update(status=AffiliationStatus.REJECTED)
    client.force_login(member_rep)
    assert "berit@halland.se" not in detail(client, staffed)


# The start page, for each role -------------------------------------------------------------


def test_the_start_page_for_each_role(client, staffed, member_rep, partner_rep, office_user):
    PartnerFactory(
        name="Gamla partnern", slug="gamla", active_until=timezone.localdate() - timedelta(days=1)
    )
    public = client.get("/").content.decode()
    assert 'id="hero-title"' in public and 'href="/kansli/"' not in public
    # Halland and Skåne are members and regions, Kontigo a partner; the old partner is not.
    figures = re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", public)
    assert [count for _, count in figures] == ["2", "2", "1"], figures
    assert "berit@halland.se" not in public and "Berit" not in public
    for person in (member_rep, partner_rep, office_user):
        client.force_login(person)
        body = client.get("/").content.decode()
        assert "hero-title" not in body
        assert "berit@halland.se" not in body and "Gustav Gången" not in body
        # The office's menu item and inbox (accounts' context processor: user_is_office).
        assert ('href="/kansli/"' in body) is (person is office_user), person
        assert ('class="todo-inbox-link"' in body) is (person is office_user), person
        client.logout()
    client.force_login(office_without_second_factor())
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
