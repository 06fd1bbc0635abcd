"""The dissemination page, closing and the survey page: each role through each page,
the forms' validation, and what the provrum page shows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reglab.notifications.models import Notification
from reglab.notifications.selectors import notification_target_path
from reglab.provrum.messages import reason_message
from reglab.provrum.models import Channel, Dissemination, Event, State, SurveyResponse
from reglab.provrum.rules import ERROR, Reason
from tests.error_summary import summary_links
from tests.provrum.close_fixtures import (
    ROLES,
    close,
    closed_provrum,
    people,
    record,
    reported_provrum,
)
from tests.provrum.views_helpers import LOGIN, outcome

ALL_WARNINGS = [f"not_disseminated_{c}" for c in Channel.values]


def client_for(client, cast, role):
    person = people(cast)[role]
    if person is not None:
        client.force_login(person)
    return client


def yesterday():
    return (timezone.localdate() - timedelta(days=1)).isoformat()


def form_data(**lines):
    """The checklist form: every channel's four fields, blank unless given."""
    data = {
        f"{channel}-{name}": ""
        for channel in Channel.values
        for name in ("date", "link", "responsible", "note")
    }
    for channel, values in lines.items():
        for name, value in values.items():
            data[f"{channel}-{name}"] = value
    return data


# Who may do what, page by page ------------------------------------------------------

# fmt: off
PAGES = {
    # page                      office leader participant member partner anonymous
    "dissemination_get":        (200,   200,   200,        200,   200,    LOGIN),
    "dissemination_post":       (302,   403,   403,        403,   403,    LOGIN),
    "close_post":               (302,   403,   403,        403,   403,    LOGIN),
    "survey_get":               (403,   200,   200,        403,   403,    LOGIN),
    "survey_post":              (403,   302,   302,        403,   403,    LOGIN),
}
# fmt: on


def _request(client, page, provrum):
    if page == "dissemination_get":
        return client.get(reverse("provrum:dissemination", args=[provrum.pk]))
    if page == "dissemination_post":
        return client.post(
            reverse("provrum:dissemination", args=[provrum.pk]),
            form_data(web={"date": yesterday()}),
        )
    if page == "close_post":
        return client.post(
            reverse("provrum:close", args=[provrum.pk]), {"acknowledge": ALL_WARNINGS[1:]}
        )
    if page == "survey_get":
        return client.get(reverse("provrum:survey", args=[provrum.pk]))
    return client.post(
        reverse("provrum:survey", args=[provrum.pk]),
        {"usefulness": "4", "take_part_again": "yes", "format_change": ""},
    )


@pytest.mark.parametrize(
    ("page_name", "role", "expected"),
    [
        pytest.param(page, role, expected, id=f"{page}-{role}")
        for page, outcomes in PAGES.items()
        for role, expected in zip(ROLES, outcomes, strict=True)
    ],
)
def test_who_may_do_what(client, cast, page_name, role, expected):
    provrum = reported_provrum(cast)
    if page_name.startswith("survey"):
        close(cast, provrum)
    elif page_name == "close_post":
        record(cast, provrum, ["web"])
    response = _request(client_for(client, cast, role), page_name, provrum)
    assert outcome(response) == expected
    provrum.refresh_from_db()
    if page_name == "close_post":
        assert provrum.state == (State.CLOSED if expected == 302 else State.REPORTED)
    if page_name == "dissemination_post":
        assert Dissemination.objects.filter(provrum=provrum).exists() == (expected == 302)
    if page_name == "survey_post":
        assert SurveyResponse.objects.count() == (1 if expected == 302 else 0)


def test_a_provrum_the_person_cannot_see_is_not_found(client, cast, make_provrum):
    draft = make_provrum("draft")
    client.force_login(cast["people"]["orebro"])
    for name in ("provrum:dissemination", "provrum:survey"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    assert client.post(reverse("provrum:close", args=[draft.pk])).status_code == 404


def test_someone_without_an_affiliation_gets_the_no_access_page(client, cast, plain_user):
    provrum = closed_provrum(cast)
    client.force_login(plain_user)
    response = client.get(reverse("provrum:survey", args=[provrum.pk]))
    assert response.status_code == 403
    assert "provrum/no_access.html" in [t.name for t in response.templates]


# The dissemination page ------------------------------------------------------------


def test_the_office_sees_the_form_and_the_close_panel(client, cast):
    provrum = reported_provrum(cast)
    client.force_login(cast["office"])
    response = client.get(reverse("provrum:dissemination", args=[provrum.pk]))
    html = response.content.decode()
    assert 'id="dissemination-form"' in html
    for channel in Channel.values:
        assert f'name="{channel}-date"' in html
    assert 'id="close"' in html
    assert 'data-code="no_channel_disseminated"' in html
    # Closing would be refused: no "are you sure?" before it.
    assert "data-confirm=" not in html
    record(cast, provrum, ["web"])
    html = client.get(reverse("provrum:dissemination", args=[provrum.pk])).content.decode()
    assert 'data-code="no_channel_disseminated"' not in html
    assert "data-confirm=" in html


def test_a_participant_reads_the_checklist_without_a_form(client, cast):
    provrum = reported_provrum(cast)
    record(cast, provrum, ["web", "annual_conference"])
    client.force_login(cast["people"]["gavleborg"])
    html = client.get(reverse("provrum:dissemination", args=[provrum.pk])).content.decode()
    assert 'id="dissemination-form"' not in html and 'id="close"' not in html
    assert 'data-channel="web"' in html and 'data-channel="annual_conference"' in html
    assert 'data-channel="newsletter"' not in html
    assert "https://reglab.se/web" in html


def test_an_empty_checklist_says_so(client, cast):
    provrum = reported_provrum(cast)
    client.force_login(cast["people"]["orebro"])
    response = client.get(reverse("provrum:dissemination", args=[provrum.pk]))
    assert 'class="empty-state"' in response.content.decode()


def test_saving_the_checklist(client, cast):
    provrum = reported_provrum(cast)
    client.force_login(cast["office"])
    response = client.post(
        reverse("provrum:dissemination", args=[provrum.pk]),
        form_data(
            web={"date": yesterday(), "link": "https://reglab.se/ai", "responsible": "Eva Ek"},
            newsletter={"note": "Nästa nummer"},
        ),
    )
    assert response.status_code == 302
    lines = {line.channel: line for line in Dissemination.objects.filter(provrum=provrum)}
    assert set(lines) == {"web", "newsletter"}
    assert lines["web"].responsible == "Eva Ek"
    assert Event.objects.filter(provrum=provrum, action=Event.Action.DISSEMINATED).count() == 1


def test_a_refused_save_keeps_what_was_typed(client, cast):
    provrum = reported_provrum(cast)
    client.force_login(cast["office"])
    response = client.post(
        reverse("provrum:dissemination", args=[provrum.pk]),
        form_data(
            web={"date": yesterday(), "responsible": "Åsa Öberg"},
            newsletter={"date": "2025-13-40", "link": "ftp://fel.se"},
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Åsa Öberg"' in html
    assert 'value="2025-13-40"' in html and 'value="ftp://fel.se"' in html
    assert 'id="id_newsletter-date_error"' in html and 'id="id_newsletter-link_error"' in html
    assert 'aria-invalid="true"' in html
    assert set(summary_links(response.content)) == {"id_newsletter-date", "id_newsletter-link"}
    assert not Dissemination.objects.filter(provrum=provrum).exists()


def test_saving_after_closing_is_refused_with_the_reason(client, cast):
    provrum = closed_provrum(cast)
    client.force_login(cast["office"])
    response = client.post(
        reverse("provrum:dissemination", args=[provrum.pk]), form_data(web={"note": "x"})
    )
    assert response.status_code == 409
    assert 'data-codes="dissemination_not_open"' in response.content.decode()


# Closing ---------------------------------------------------------------------------


def test_closing_without_acknowledging_shows_the_reasons_and_keeps_the_input(client, cast):
    provrum = reported_provrum(cast)
    record(cast, provrum, ["web"])
    client.force_login(cast["office"])
    response = client.post(
        reverse("provrum:close", args=[provrum.pk]),
        {"acknowledge": ["not_disseminated_newsletter"], "note": "Klart för avslut"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "dissemination_not_acknowledged" in html
    assert (
        'value="not_disseminated_newsletter" id="acknowledge-not_disseminated_newsletter" checked'
        in html
    )
    assert "Klart för avslut</textarea>" in html
    provrum.refresh_from_db()
    assert provrum.state == State.REPORTED


def test_closing_leads_to_the_provrum_page(client, cast):
    provrum = reported_provrum(cast)
    record(cast, provrum, list(Channel.values))
    client.force_login(cast["office"])
    response = client.post(reverse("provrum:close", args=[provrum.pk]))
    assert response.status_code == 302
    assert response["Location"] == provrum.get_absolute_url()
    provrum.refresh_from_db()
    assert provrum.state == State.CLOSED


def test_closing_needs_a_post(client, cast):
    provrum = reported_provrum(cast)
    client.force_login(cast["office"])
    assert client.get(reverse("provrum:close", args=[provrum.pk])).status_code == 405


# The survey -----------------------------------------------------------------------


def test_the_survey_form_says_the_answer_is_anonymous(client, cast):
    provrum = closed_provrum(cast)
    client.force_login(cast["people"]["orebro"])
    html = client.get(reverse("provrum:survey", args=[provrum.pk])).content.decode()
    assert 'id="survey-anonymity"' in html
    assert html.count('name="usefulness"') == 5
    assert html.count('name="take_part_again"') == 3
    assert 'name="format_change"' in html
    assert "Region Örebro län" in html


def test_answering_twice_saves_one_answer(client, cast):
    provrum = closed_provrum(cast)
    client.force_login(cast["people"]["skane"])
    url = reverse("provrum:survey", args=[provrum.pk])
    data = {"usefulness": "5", "take_part_again": "yes", "format_change": "Mer stöd."}
    first = client.post(url, data)
    second = client.post(url, {**data, "usefulness": "1"})
    assert first.status_code == second.status_code == 302
    assert list(SurveyResponse.objects.values_list("usefulness", flat=True)) == [5]
    page = client.get(url)
    html = page.content.decode()
    assert 'id="survey-done"' in html and 'id="survey-form"' not in html
    shown = [str(message) for message in page.context["messages"]]
    assert reason_message(Reason("survey_already_answered", ERROR)) in shown


def test_a_bad_answer_keeps_what_was_typed(client, cast):
    provrum = closed_provrum(cast)
    client.force_login(cast["people"]["skane"])
    response = client.post(
        reverse("provrum:survey", args=[provrum.pk]),
        {"usefulness": "", "take_part_again": "maybe", "format_change": "Längre tid, tack."},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="usefulness_error"' in html
    assert 'value="maybe" id="again-maybe" required checked' in html
    assert "Längre tid, tack.</textarea>" in html
    assert set(summary_links(response.content)) == {"usefulness-1"}
    response = client.post(reverse("provrum:survey", args=[provrum.pk]), {"usefulness": "9"})
    assert set(summary_links(response.content)) == {"usefulness-1", "again-yes"}
    assert not SurveyResponse.objects.exists()


def test_someone_not_asked_gets_a_clear_refusal(client, cast):
    provrum = closed_provrum(cast)
    client.force_login(cast["people"]["gavleborg"])
    response = client.get(reverse("provrum:survey", args=[provrum.pk]))
    assert response.status_code == 403
    assert 'id="survey-refused"' in response.content.decode()


def test_the_notification_leads_to_the_survey(client, cast, django_capture_on_commit_callbacks):
    provrum = reported_provrum(cast)
    with django_capture_on_commit_callbacks(execute=True):
        close(cast, provrum)
    notification = Notification.objects.get(recipient=cast["people"]["orebro"], kind="closed")
    client.force_login(cast["people"]["orebro"])
    response = client.get(notification_target_path(notification))
    assert response.status_code == 200
    assert 'id="survey-form"' in response.content.decode()


def test_the_other_surveys_are_listed_without_a_query_per_row(
    client, cast, django_assert_max_num_queries
):
    leader = cast["people"]["skane"]
    client.force_login(leader)
    first = closed_provrum(cast, title="Första provrummet")
    closed_provrum(cast, title="Andra provrummet")
    url = reverse("provrum:survey", args=[first.pk])
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for index in range(4):
        closed_provrum(cast, title=f"Provrum nummer {index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["other_surveys"]) == 5


# The provrum page --------------------------------------------------------------------


def _detail(client, cast, role, provrum):
    return client_for(client, cast, role).get(provrum.get_absolute_url()).content.decode()


def test_the_office_gets_the_dissemination_box(client, cast):
    provrum = reported_provrum(cast)
    html = _detail(client, cast, "office", provrum)
    assert 'id="dissemination-box"' in html
    assert reverse("provrum:dissemination", args=[provrum.pk]) in html


def test_nothing_shows_before_dissemination_for_the_others(client, cast):
    provrum = reported_provrum(cast)
    html = _detail(client, cast, "participant", provrum)
    assert 'id="dissemination-box"' not in html and 'id="survey-box"' not in html


def test_everyone_who_may_view_sees_the_recorded_dissemination(client, cast):
    provrum = reported_provrum(cast)
    record(cast, provrum, ["network_meeting"])
    html = _detail(client, cast, "partner", provrum)
    assert 'id="dissemination-box"' in html and 'data-channel="network_meeting"' in html


@pytest.mark.parametrize(
    ("role", "box"),
    [
        ("leader", True),
        ("participant", True),
        ("member", False),
        ("partner", False),
        ("office", False),
    ],
)
def test_the_survey_box_is_for_those_asked(client, cast, role, box):
    provrum = closed_provrum(cast)
    html = _detail(client, cast, role, provrum)
    assert ('data-survey="pending"' in html) == box
    if box:
        assert reverse("provrum:survey", args=[provrum.pk]) in html


def test_the_survey_box_thanks_after_the_answer(client, cast):
    provrum = closed_provrum(cast)
    client.force_login(cast["people"]["orebro"])
    client.post(
        reverse("provrum:survey", args=[provrum.pk]), {"usefulness": "3", "take_part_again": "no"}
    )
    html = client.get(provrum.get_absolute_url()).content.decode()
    assert 'data-survey="answered"' in html


def test_an_earlier_provrum_page_makes_no_close_queries(client, cast, make_provrum):
    provrum = make_provrum("interest")
    client.force_login(cast["people"]["skane"])
    response = client.get(provrum.get_absolute_url())
    assert response.status_code == 200
    assert 'id="dissemination-box"' not in response.content.decode()
