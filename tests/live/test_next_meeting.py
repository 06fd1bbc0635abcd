"""A "Nästa träff" date poll makes the next meeting as a draft: host only, after a confirm
step, one draft even on a double submit; the draft is seen only by the hosts until published."""

import datetime as dt

import pytest
from django.urls import reverse

from reglab.live.models import Question
from reglab.live.services import question as question_services
from reglab.meetings.models import Meeting
from tests.live.conftest import answer, guest, open_question, option_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(meeting, host):
    question = open_question(meeting, host, kind="dates", text="Nästa träff – när?")
    first, second = option_ids(question)
    for reply, name in (("yes", "<b>Anna</b>"), ("maybe", ""), ("no", "Bo")):
        participant, _t = guest(meeting)
        answer(
            question,
            participant,
            dates={str(first): "maybe", str(second): reply},
            volunteer_name=name,
            volunteer_organisation="Region Skåne" if name else "",
        )
    return question_services.question_close(question=question, by=host)


def url(meeting, question):
    return reverse("live:next_meeting", kwargs={"pk": meeting.pk, "qid": question.pk})


def test_the_host_confirms_and_gets_one_draft_on_the_winning_date(client, meeting, host, poll):
    client.force_login(host)
    page = client.get(url(meeting, poll))
    html = page.content.decode()
    winner = poll.options.order_by("position", "pk")[1].date  # one yes beats three maybe
    assert page.status_code == 200
    assert winner.isoformat() in html and "Planeringsgrupp" in html
    assert "&lt;b&gt;Anna&lt;/b&gt;" in html and "<b>Anna</b>" not in html
    assert Meeting.objects.count() == 1  # nothing made by looking

    first = client.post(url(meeting, poll))
    second = client.post(url(meeting, poll))  # the double submit
    assert Meeting.objects.count() == 2
    draft = Meeting.objects.exclude(pk=meeting.pk).get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("meetings:host", args=[draft.pk])
    assert draft.is_draft and draft.date == winner and draft.network == meeting.network
    assert draft.start_time == meeting.start_time and "Nästa träff i" in draft.title
    assert "<b>Anna</b> (Region Skåne)" in draft.description
    assert "Bo (Region Skåne)" in draft.description
    assert Question.objects.get(pk=poll.pk).next_meeting == draft


def test_the_draft_is_seen_only_by_hosts_until_published(
    client, meeting, host, poll, outsider, member_rep
):
    client.force_login(host)
    client.post(url(meeting, poll))
    draft = Meeting.objects.exclude(pk=meeting.pk).get()
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.title not in client.get(meeting.network.get_absolute_url()).content.decode()
    for person in (outsider, member_rep):
        client.force_login(person)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(reverse("meetings:list")).content.decode().count(draft.title) == 0
    client.force_login(outsider)
    assert client.post(reverse("meetings:publish", args=[draft.pk])).status_code == 404
    client.force_login(host)
    assert client.post(reverse("meetings:publish", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert not draft.is_draft
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_only_a_host_makes_the_draft(client, meeting, poll, outsider, member_rep):
    assert client.post(url(meeting, poll)).status_code == 302  # to sign in
    for person in (outsider, member_rep):
        client.force_login(person)
        assert client.get(url(meeting, poll)).status_code == 403
        assert client.post(url(meeting, poll)).status_code == 403
    assert Meeting.objects.count() == 1


def test_an_open_poll_or_another_kind_makes_no_draft(client, meeting, host):
    client.force_login(host)
    dates = open_question(meeting, host, kind="dates", text="Öppen")
    response = client.post(url(meeting, dates))
    assert response.status_code == 409 and "Stäng datumförslaget först" in response.content.decode()
    question_services.question_close(question=dates, by=host)
    empty = client.post(url(meeting, dates))  # closed, but nobody answered
    assert empty.status_code == 409 and "Inget datum har vunnit" in empty.content.decode()
    single = open_question(meeting, host, kind="single", text="Ett val")
    question_services.question_close(question=single, by=host)
    assert client.post(url(meeting, single)).status_code == 422
    assert Meeting.objects.count() == 1


def test_another_meeting_s_poll_is_not_found(client, meeting, host, poll, network):
    from tests.meetings.conftest import make_meeting

    other = make_meeting(network, days=60, title="Annan träff")
    client.force_login(host)
    wrong = reverse("live:next_meeting", kwargs={"pk": other.pk, "qid": poll.pk})
    assert client.post(wrong).status_code == 404
    assert Meeting.objects.count() == 2
    assert dt.date.today() < poll.options.first().date


def test_the_date_grid_reads_dates_as_swedish_dates(client, meeting, host, poll):
    from django.template.defaultfilters import date as date_filter

    client.force_login(host)
    html = client.get(reverse("live:results", kwargs={"pk": meeting.pk})).content.decode()
    winner = poll.options.order_by("position", "pk")[1].date
    shown = date_filter(winner, "D j F Y")
    assert f'<time datetime="{winner.isoformat()}">{shown}</time>' in html
    assert shown != winner.isoformat()
