"""Counts in the surveys' messages agree with their number, in Swedish: one person, two people."""

from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def reminder_feedback(client, survey, office_user):
    client.force_login(office_user)
    response = client.post(reverse("surveys:remind", kwargs={"pk": survey.pk}))
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_reminder_to_one_person_says_person(client, survey, office_user, member_rep):
    assert reminder_feedback(client, survey, office_user) == [
        "En påminnelse skickades till 1 person."
    ]


def test_the_reminder_to_two_people_says_personer(
    client, survey, office_user, member_rep, colleague
):
    assert reminder_feedback(client, survey, office_user) == [
        "En påminnelse skickades till 2 personer."
    ]


def test_the_summary_counts_organisations_in_the_singular_and_the_plural():
    with translation.override("sv"):
        one = render_to_string(
            "surveys/partials/survey_summary.html",
            {"shown": {"results": {"respondents": 0, "recipients": 1, "hidden": True}}},
        )
        many = render_to_string(
            "surveys/partials/survey_summary.html",
            {"shown": {"results": {"respondents": 1, "recipients": 3, "hidden": True}}},
        )
    assert "0 av 1 organisation har skickat in ett svar." in one
    assert "1 av 3 organisationer har skickat in ett svar." in many
