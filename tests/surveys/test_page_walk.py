"""What the office and a representative read on the survey pages (a walk at 360 and 1280 px):
the reminder asks first and names its reach, is offered only while the survey is open, the
answer's status is Swedish in its own gender, the list of all surveys comes in pages."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reglab.surveys import views
from reglab.surveys.models import Survey
from reglab.surveys.services.answer import answer_save, answer_submit
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


def detail(client, survey):
    return client.get(reverse("surveys:detail", kwargs={"pk": survey.pk})).content.decode()


def test_the_reminder_asks_first_and_names_how_many_organisations(client, survey, office_user):
    client.force_login(office_user)
    html = detail(client, survey)
    remind = reverse("surveys:remind", kwargs={"pk": survey.pk})
    form = re.search(rf'<form method="post" action="{remind}">.*?</form>', html, re.S).group()
    asks = 'data-confirm="Skicka en påminnelse per e-post till företrädarna för 1 organisation'
    assert asks in form
    # The recipients are a table the platform styles (and stacks on a phone), one row each.
    assert 'class="data-table"' in html and '<th scope="row">Region Skåne</th>' in html
    assert "Inte svarat" in html


def test_no_reminder_once_everyone_has_submitted(client, survey, office_user, member_rep, region):
    question = str(survey.questions.first().pk)
    option = survey.questions.first().options[0]["id"]
    saved = answer_save(
        by=member_rep, survey=survey, organisation=region, version=0, answers={question: option}
    )
    answer_submit(by=member_rep, survey=survey, organisation=region, version=saved.version)
    client.force_login(office_user)
    html = detail(client, survey)
    assert reverse("surveys:remind", kwargs={"pk": survey.pk}) not in html
    assert "Alla organisationer har skickat in sitt svar." in html
    # An answer ("svaret") is neuter: "inskickat", not the plan's "inlämnad".
    assert ">Inskickat</td>" in html and "inlämnad" not in html


def test_no_reminder_after_the_survey_has_closed(client, survey, office_user):
    Survey.objects.filter(pk=survey.pk).update(
        closes_on=timezone.localdate() - dt.timedelta(days=1)
    )
    client.force_login(office_user)
    html = detail(client, survey)
    assert reverse("surveys:remind", kwargs={"pk": survey.pk}) not in html
    assert "Enkäten är stängd. Den var öppen" in html


def test_the_list_of_all_surveys_comes_in_pages(client, office_user, region, monkeypatch):
    monkeypatch.setattr(views, "SURVEYS_PER_PAGE", 2)
    for _ in range(3):
        make_survey(office_user)
    client.force_login(office_user)
    first = client.get(reverse("surveys:list")).content.decode()
    assert 'class="pagination"' in first and "sida=2" in first
    second = client.get(reverse("surveys:list"), {"sida": 2}).content.decode()
    assert len(re.findall(r'href="/enkater/\d+/"', second)) == 1


def test_an_empty_list_says_what_comes_there(client, member_rep):
    client.force_login(member_rep)
    html = client.get(reverse("surveys:list")).content.decode()
    assert "När kansliet eller ett nätverks samordnare skickar en enkät" in html


def test_the_answer_page_has_breadcrumbs_and_styled_buttons(client, survey, member_rep):
    client.force_login(member_rep)
    url = reverse("surveys:answer", kwargs={"pk": survey.pk, "organisation": "region-skane"})
    html = client.get(url).content.decode()
    assert f'<a href="{reverse("surveys:list")}">Enkäter</a>' in html
    assert "button-primary" not in html  # a class no style sheet knows
    assert 'name="save" class="button button-secondary"' in html


@pytest.mark.parametrize("when", ["closed", "not_yet_open"])
def test_a_survey_that_is_not_open_is_not_reminded_of(
    client, survey, office_user, member_rep, when
):
    # The button is hidden then; a POST made without it is refused as well.
    today = timezone.localdate()
    if when == "closed":
        dates = {"closes_on": today - dt.timedelta(days=1)}
    else:
        dates = {
            "opens_on": today + dt.timedelta(days=1),
            "closes_on": today + dt.timedelta(days=9),
        }
    Survey.objects.filter(pk=survey.pk).update(**dates)
    client.force_login(office_user)

    response = client.post(reverse("surveys:remind", kwargs={"pk": survey.pk}), follow=True)

    assert response.status_code == 200
    assert not mail.outbox
    assert "Enkäten är inte öppen. Ingen påminnelse har skickats." in response.content.decode()


@pytest.mark.parametrize(
    ("language", "when"),
    [("sv", r"\d{1,2} \w+ \d{4} kl\. \d\d\.\d\d"), ("en", r"\d{1,2} \w+ \d{4} \d\d:\d\d")],
)
def test_the_answers_history_gives_the_time_as_the_language_writes_it(
    client, survey, member_rep, region, language, when
):
    question = survey.questions.first()
    answer_save(
        by=member_rep,
        survey=survey,
        organisation=region,
        version=0,
        answers={str(question.pk): question.options[0]["id"]},
    )
    client.force_login(member_rep)
    url = reverse("surveys:answer", kwargs={"pk": survey.pk, "organisation": region.slug})

    html = client.get(url, headers={"accept-language": language}).content.decode()

    assert re.search(rf"Version 1: [^<]+, {when}</li>", html)
