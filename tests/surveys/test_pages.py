"""The pages per role, the answer form, the reminder."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from reglab.surveys.models import SurveyAnswer
from reglab.surveys.signals import reminder_sent

pytestmark = pytest.mark.django_db


def paths(survey):
    return {
        "detail": reverse("surveys:detail", kwargs={"pk": survey.pk}),
        "answer": reverse(
            "surveys:answer", kwargs={"pk": survey.pk, "organisation": "region-skane"}
        ),
        "results": reverse("surveys:results", kwargs={"pk": survey.pk}),
        "csv": reverse("surveys:export_csv", kwargs={"pk": survey.pk}),
    }


def test_pages_per_role(client, survey, office_user, coordinator, member_rep, partner_rep):
    urls = paths(survey)
    expected = {
        None: {"detail": 302, "answer": 302, "results": 302, "csv": 302},
        office_user: {"detail": 200, "answer": 403, "results": 200, "csv": 200},
        coordinator: {"detail": 404, "answer": 404, "results": 404, "csv": 404},
        member_rep: {"detail": 200, "answer": 200, "results": 200, "csv": 200},
        partner_rep: {"detail": 404, "answer": 404, "results": 404, "csv": 404},
    }
    for person, statuses in expected.items():
        client.logout()
        if person:
            client.force_login(person)
        got = {name: client.get(path).status_code for name, path in urls.items()}
        assert got == statuses, person
    client.force_login(office_user)
    assert client.get(reverse("surveys:create")).status_code == 200
    client.force_login(member_rep)
    assert client.post(reverse("surveys:create"), {}).status_code in (200, 403)
    assert client.post(reverse("surveys:remind", kwargs={"pk": survey.pk})).status_code == 403


def test_the_office_creates_a_survey_on_the_page(client, office_user, region):
    client.force_login(office_user)
    data = {
        "title": "Var i RUS-processen?",
        "opens_on": "2026-01-01",
        "closes_on": "2026-02-01",
        "audience": "regions",
        "q-TOTAL_FORMS": "2",
        "q-INITIAL_FORMS": "0",
        "q-0-kind": "stage",
        "q-0-text": "Var?",
        "q-0-options": "Analys\nBeslut\n",
        "q-0-scale_max": "5",
        "q-1-scale_max": "5",
    }
    response = client.post(reverse("surveys:create"), data)
    assert response.status_code == 302
    assert (
        client.post(reverse("surveys:create"), {**data, "closes_on": "2025-01-01"}).status_code
        == 200
    )


def test_a_representative_answers_on_the_page(client, survey, member_rep, colleague):
    client.force_login(member_rep)
    stage, single, multiple, *_ = [str(q.pk) for q in survey.questions.all()]
    path = paths(survey)["answer"]
    response = client.post(path, {"version": "0", stage: "2", multiple: ["1", "3"]})
    assert response.status_code == 302
    client.force_login(colleague)
    stale = client.post(path, {"version": "0", stage: "5"})
    assert stale.status_code == 409
    assert "kollega" in stale.content.decode()
    assert 'value="5" checked' in stale.content.decode()  # what was typed is kept
    submitted = client.post(path, {"version": "1", stage: "3", "submit": "1"})
    assert submitted.status_code == 302
    answer = SurveyAnswer.objects.get()
    assert answer.status == "submitted" and answer.data == {stage: 3}
    page = client.get(path).content.decode()
    assert "Karl Kollega" in page and "Anna Åkesson" in page  # who changed what


def test_no_change_after_closing_on_the_page(client, survey, member_rep):
    client.force_login(member_rep)
    stage = str(survey.questions.first().pk)
    survey.opens_on = survey.closes_on = dt.date.today() - dt.timedelta(days=2)
    survey.save()
    response = client.post(paths(survey)["answer"], {"version": "0", stage: "2"})
    assert response.status_code == 422
    assert "stängde" in response.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_one_click_reminder(client, survey, office_user, member_rep, colleague):
    heard = []
    reminder_sent.connect(lambda sender, **kw: heard.append(kw), weak=False, dispatch_uid="t")
    try:
        client.force_login(office_user)
        response = client.post(reverse("surveys:remind", kwargs={"pk": survey.pk}))
    finally:
        reminder_sent.disconnect(dispatch_uid="t")
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["kollega@example.se", "skane@example.se"]
    assert "Påminnelse" in mail.outbox[0].subject
    assert heard[0]["survey"] == survey and len(heard[0]["people"]) == 2


def test_open_surveys_are_listed_for_the_representative(client, survey, member_rep):
    client.force_login(member_rep)
    page = client.get(reverse("surveys:list")).content.decode()
    assert "Enkäter att besvara" in page or "Surveys to answer" in page
    assert paths(survey)["answer"] in page


def test_the_reminder_is_a_notification_too(client, survey, office_user, member_rep):
    from reglab.notifications.models import Notification

    client.force_login(office_user)
    client.post(reverse("surveys:remind", kwargs={"pk": survey.pk}))
    notification = Notification.objects.get(recipient=member_rep)
    client.force_login(member_rep)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Var i RUS-processen befinner sig regionerna?" in page
    opened = client.get(reverse("notifications:open", kwargs={"pk": notification.pk}))
    assert opened.status_code == 302
    assert opened["Location"] == reverse("surveys:detail", kwargs={"pk": survey.pk})
