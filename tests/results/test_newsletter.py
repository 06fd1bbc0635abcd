"""The office's newsletter draft: a period, the results published in it, as e-mail and text."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reglab.provrum.models import FinalReport, State
from reglab.results.forms import PeriodForm, default_period, month_before
from reglab.results.newsletter import newsletter_draft, newsletter_send_to_self
from tests.results.conftest import assert_no_people, bare_provrum, publish, report_data

PAGE = reverse("results:newsletter")
HTML = reverse("results:newsletter_html")
TXT = reverse("results:newsletter_txt")
PREVIEW = reverse("results:newsletter_preview")
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


@pytest.fixture
def period_results(cast, people):
    """Two results published in March 2026, one in February, and unpublished reports in March."""
    rows = {
        "ai": bare_provrum(
            cast, title="AI för regional analys", participants=("skane", "orebro", "kontigo")
        ),
        "gron": bare_provrum(
            cast, title="Grön omställning", participants=("orebro", "gavleborg"), leader="orebro"
        ),
        "februari": bare_provrum(cast, title="Februaris resultat"),
        "inskickad": bare_provrum(cast, title="Inskickad rapport"),
        "returnerad": bare_provrum(cast, title="Returnerad rapport"),
        "utan_datum": bare_provrum(cast, title="Godkänd utan datum"),
    }
    publish(
        rows["ai"],
        data=report_data(summary="Regionerna visualiserade data med AI."),
        published_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )
    publish(
        rows["gron"],
        data=report_data(summary="Industrins omställning kräver samverkan."),
        # 31 March 23:30 in Stockholm: still in March there.
        published_at=datetime(2026, 3, 31, 21, 30, tzinfo=UTC),
        state=State.CLOSED,
    )
    publish(rows["februari"], published_at=datetime(2026, 2, 27, 9, tzinfo=UTC))
    publish(
        rows["inskickad"],
        status=FinalReport.Status.SUBMITTED,
        published_at=None,
        state=State.REPORTED,
    )
    publish(
        rows["returnerad"],
        status=FinalReport.Status.RETURNED,
        published_at=datetime(2026, 3, 10, tzinfo=UTC),
        state=State.RUNNING,
    )
    publish(rows["utan_datum"], published_at=None)
    return rows


# Access, per role ---------------------------------------------------------------

ROLES = {
    "anonymous": lambda cast, plain: AnonymousUser(),
    "plain": lambda cast, plain: plain,
    "leader_representative": lambda cast, plain: cast["people"]["skane"],
    "participant_representative": lambda cast, plain: cast["people"]["orebro"],
    "non_participant_member": lambda cast, plain: cast["people"]["vinnova"],
    "partner": lambda cast, plain: cast["people"]["kontigo"],
    "office": lambda cast, plain: cast["office"],
}
EXPECTED = {
    "anonymous": "login",
    "plain": 403,
    "leader_representative": 403,
    "participant_representative": 403,
    "non_participant_member": 403,
    "partner": 403,
    "office": 200,
}


def _outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


@pytest.mark.parametrize("url", [PAGE, HTML, TXT, PREVIEW])
@pytest.mark.parametrize("role", list(ROLES))
def test_only_the_office_drafts_the_newsletter(client, cast, plain_user, period_results, role, url):
    person = ROLES[role](cast, plain_user)
    if person.is_authenticated:
        client.force_login(person)
    response = client.get(url, MARCH)
    assert _outcome(response) == EXPECTED[role]
    if EXPECTED[role] != 200:
        assert b"AI f\xc3\xb6r regional analys" not in response.content


@pytest.mark.parametrize("role", [r for r in ROLES if r != "office"])
def test_only_the_office_sends_the_draft(client, cast, plain_user, period_results, role):
    person = ROLES[role](cast, plain_user)
    if person.is_authenticated:
        client.force_login(person)
    response = client.post(PAGE, MARCH)
    assert _outcome(response) == EXPECTED[role]
    assert mail.outbox == []


def test_the_service_refuses_anyone_but_the_office(cast, period_results):
    with pytest.raises(PermissionDenied):
        newsletter_send_to_self(
            by=cast["people"]["skane"], start=date(2026, 3, 1), end=date(2026, 3, 31)
        )
    assert mail.outbox == []


# The period ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (date(2026, 5, 15), date(2026, 4, 15)),
        (date(2026, 3, 31), date(2026, 2, 28)),
        (date(2028, 3, 31), date(2028, 2, 29)),
        (date(2026, 1, 10), date(2025, 12, 10)),
    ],
)
def test_the_default_period_is_the_last_month(today, start):
    assert month_before(today) == start
    assert default_period(today) == (start, today)


@time_machine.travel(datetime(2026, 4, 1, 10, tzinfo=UTC), tick=False)
def test_the_page_opens_on_the_last_month(client, cast, period_results):
    client.force_login(cast["office"])
    response = client.get(PAGE)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.cleaned_data == {"start": date(2026, 3, 1), "end": date(2026, 4, 1)}
    html = response.content.decode()
    assert 'value="2026-03-01"' in html
    assert 'value="2026-04-01"' in html
    assert response.context["draft"].count == 2


@time_machine.travel(datetime(2026, 6, 1, 10, tzinfo=UTC), tick=False)
@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"start": "2026-03-31", "end": "2026-03-01"}, "end", "end_before_start"),
        ({"start": "2024-01-01", "end": "2025-06-01"}, "end", "too_long"),
        ({"start": "1999-12-31", "end": "2000-01-31"}, "start", "too_early"),
        ({"start": "2026-07-01", "end": "2026-07-31"}, "start", "in_future"),
        ({"start": "första mars", "end": "2026-03-31"}, "start", "invalid"),
        ({"start": "", "end": "2026-03-31"}, "start", "required"),
        ({"start": "2026-03-01", "end": ""}, "end", "required"),
    ],
)
def test_a_period_that_makes_no_sense_is_refused(client, cast, period_results, data, field, code):
    client.force_login(cast["office"])
    response = client.get(PAGE, data)
    assert response.status_code == 422
    form = response.context["form"]
    assert [error.code for error in form.errors.as_data()[field]] == [code]
    assert response.context["draft"] is None
    # The entered values come back.
    html = response.content.decode()
    for value in data.values():
        if value:
            assert f'value="{value}"' in html


@time_machine.travel(datetime(2026, 6, 1, 10, tzinfo=UTC), tick=False)
def test_a_year_is_the_longest_period(db):
    assert PeriodForm({"start": "2025-01-01", "end": "2026-01-01"}).is_valid()
    assert not PeriodForm({"start": "2025-01-01", "end": "2026-01-02"}).is_valid()
    assert PeriodForm({"start": "2026-05-01", "end": "2026-12-31"}).is_valid()


# The draft -----------------------------------------------------------------------


@time_machine.travel(datetime(2026, 4, 15, 10, tzinfo=UTC), tick=False)
def test_the_draft_tells_the_results_published_in_the_period(
    client, cast, period_results, settings
):
    settings.SITE_URL = "https://reglab.example"
    client.force_login(cast["office"])
    response = client.get(PAGE, MARCH)
    assert response.status_code == 200
    draft = response.context["draft"]
    assert draft.count == 2
    for part in (draft.html, draft.text):
        # Newest first; only the approved and published reports of March.
        assert part.index("Grön omställning") < part.index("AI för regional analys")
        assert "Februaris resultat" not in part
        assert "Inskickad rapport" not in part
        assert "Returnerad rapport" not in part
        assert "Godkänd utan datum" not in part
        assert "Regionerna visualiserade data med AI." in part
        assert "Industrins omställning kräver samverkan." in part
        assert "Kontigo, Region Skåne, Region Örebro län" in part
        ai = period_results["ai"].pk
        assert f"https://reglab.example/resultat/{ai}/" in part
        assert "https://reglab.example/resultat/flode.atom" in part
        assert "Reglab" in part
    # In Swedish, whatever the office's own language.
    assert draft.subject.endswith("1 mars 2026–31 mars 2026")
    assert '<html lang="sv">' in draft.html
    # An e-mail layout: tables with inline styles, no style sheet and no script.
    assert 'role="presentation"' in draft.html
    assert 'style="' in draft.html
    assert "<script" not in draft.html
    assert "<link" not in draft.html
    assert "<table" not in draft.text
    # The page shows both, with the downloads and the sending.
    html = response.content.decode()
    query = "start=2026-03-01&amp;end=2026-03-31"
    assert f'href="{HTML}?{query}"' in html
    assert f'href="{TXT}?{query}"' in html
    assert f'src="{PREVIEW}?{query}"' in html
    assert "Industrins omställning kräver samverkan." in html  # the text version
    assert f'action="{PAGE}"' in html
    assert "data-submit-once" in html


def test_no_participant_email_or_name_in_the_draft(client, cast, period_results):
    client.force_login(cast["office"])
    draft = newsletter_draft(start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert_no_people(draft.html, cast)
    assert_no_people(draft.text, cast)
    page = client.get(PAGE, MARCH).content.decode()
    # The page offers to send the draft to the office person's own address, and only that.
    assert_no_people(page.replace(cast["office"].email, ""), cast)


def test_an_empty_period_gives_a_message_and_no_newsletter(client, cast, period_results):
    client.force_login(cast["office"])
    response = client.get(PAGE, {"start": "2026-01-01", "end": "2026-01-31"})
    assert response.status_code == 200
    assert response.context["draft"] is None
    html = response.content.decode()
    assert 'data-empty="period"' in html
    assert HTML not in html
    assert newsletter_draft(start=date(2026, 1, 1), end=date(2026, 1, 31)) is None
    for url in (HTML, TXT, PREVIEW):
        assert client.get(url, {"start": "2026-01-01", "end": "2026-01-31"}).status_code == 404


def test_the_period_includes_both_days(cast, period_results):
    draft = newsletter_draft(start=date(2026, 3, 31), end=date(2026, 3, 31))
    assert draft.count == 1
    assert "Grön omställning" in draft.text
    draft = newsletter_draft(start=date(2026, 2, 27), end=date(2026, 3, 2))
    assert draft.count == 2


def test_download_as_html_and_as_text(client, cast, period_results):
    client.force_login(cast["office"])
    response = client.get(HTML, MARCH)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="reglab-nyhetsbrev-2026-03-01-2026-03-31.html"'
    )
    assert b'role="presentation"' in response.content
    response = client.get(TXT, MARCH)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="reglab-nyhetsbrev-2026-03-01-2026-03-31.txt"'
    )
    assert "AI för regional analys" in response.content.decode()
    assert b"<table" not in response.content


def test_a_download_with_a_bad_period_is_a_404(client, cast, period_results):
    client.force_login(cast["office"])
    assert client.get(HTML, {"start": "2026-03-31", "end": "2026-03-01"}).status_code == 404
    assert client.get(TXT).status_code == 404


def test_the_preview_may_use_inline_styles_and_only_be_framed_by_the_platform(
    client, cast, period_results
):
    client.force_login(cast["office"])
    response = client.get(PREVIEW, MARCH)
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    policy = response["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy
    assert "script-src" not in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # The page itself keeps the platform's strict policy.
    page = client.get(PAGE, MARCH)
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"


# Sending to oneself ----------------------------------------------------------------


def test_the_office_sends_the_draft_to_itself(client, cast, period_results, settings):
    client.force_login(cast["office"])
    response = client.post(PAGE, MARCH)
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?start=2026-03-01&end=2026-03-31"
    (message,) = mail.outbox
    assert message.to == ["kansli@example.se"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject.endswith("1 mars 2026–31 mars 2026")
    assert "AI för regional analys" in message.body
    assert "<table" not in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert 'role="presentation"' in html
    assert_no_people(message.body + html, cast)
    page = client.get(response["Location"])
    assert "kansli@example.se" in page.content.decode()  # the confirmation


def test_sending_an_empty_period_sends_nothing(client, cast, period_results):
    client.force_login(cast["office"])
    response = client.post(PAGE, {"start": "2026-01-01", "end": "2026-01-31"})
    assert response.status_code == 422
    assert mail.outbox == []
    errors = response.context["form"].non_field_errors().as_data()
    assert [error.code for error in errors] == ["empty_period"]
    html = response.content.decode()
    assert 'value="2026-01-01"' in html


def test_sending_a_bad_period_sends_nothing(client, cast, period_results):
    client.force_login(cast["office"])
    response = client.post(PAGE, {"start": "2026-03-31", "end": "2026-03-01"})
    assert response.status_code == 422
    assert mail.outbox == []


def test_the_service_refuses_an_empty_period(cast, period_results):
    with pytest.raises(ValidationError) as error:
        newsletter_send_to_self(by=cast["office"], start=date(2026, 1, 1), end=date(2026, 1, 2))
    assert error.value.code == "empty_period"
    assert mail.outbox == []


def test_the_draft_queries_do_not_grow_with_the_results(
    client, cast, people, django_assert_max_num_queries
):
    for number in range(20):
        provrum = bare_provrum(cast, title=f"Resultat {number}")
        publish(provrum, published_at=datetime(2026, 3, 1 + number, 9, tzinfo=UTC))
    client.force_login(cast["office"])
    with django_assert_max_num_queries(8):
        response = client.get(PAGE, MARCH)
    assert response.context["draft"].count == 20


class RefusingBackend:
    """A mail server that refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_mail_server_that_is_down_gives_a_message_not_an_error(
    client, cast, period_results, settings
):
    settings.MAILERS = {"default": {"BACKEND": "tests.results.test_newsletter.RefusingBackend"}}
    client.force_login(cast["office"])
    response = client.post(PAGE, MARCH)
    assert response.status_code == 422
    errors = response.context["form"].non_field_errors().as_data()
    assert [error.code for error in errors] == ["not_sent"]
    assert 'value="2026-03-01"' in response.content.decode()
