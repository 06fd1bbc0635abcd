"""The question bank: a host saves a question and asks it again at another meeting they host;
nobody reaches another network's bank, and bank texts are escaped on the host's page."""

import pytest
from django.urls import reverse

from reglab.live.models import BankQuestion, Question
from tests.live.conftest import make_question
from tests.meetings.conftest import add_programme, make_meeting

pytestmark = pytest.mark.django_db


def save(client, meeting, question):
    return client.post(reverse("live:bank_save", kwargs={"pk": meeting.pk, "qid": question.pk}))


def add(client, meeting, bank, item="", dates=""):
    return client.post(
        reverse("live:bank_add", kwargs={"pk": meeting.pk}),
        {"bank": bank.pk, "item": item, "dates": dates},
    )


def test_a_host_reuses_a_question_under_a_programme_item_of_another_meeting(
    client, meeting, host, network
):
    question = make_question(meeting, host, kind="single", ask_why=True, anonymous=False)
    client.force_login(host)
    assert save(client, meeting, question).status_code == 302
    assert save(client, meeting, question).status_code == 302  # saved twice, kept once
    bank = BankQuestion.objects.get()
    assert bank.network == network and bank.options == ["JA!", "Nej", "Det beror på…"]

    later = make_meeting(network, days=90, title="Nästa träff")
    _theme, talk = add_programme(later)
    page = client.get(reverse("live:host", kwargs={"pk": later.pk})).content.decode()
    assert "Finns ett behov?" in page
    response = add(client, later, bank, item=talk.pk)
    assert response.status_code == 302
    asked = Question.objects.get(meeting=later)
    assert asked.text == "Finns ett behov?" and asked.item == talk
    assert asked.ask_why and not asked.anonymous
    assert [o.text for o in asked.options.all()] == ["JA!", "Nej", "Det beror på…"]


def test_a_date_poll_from_the_bank_takes_this_meeting_s_dates(client, meeting, host, network):
    question = make_question(meeting, host, kind="dates", text="Nästa träff – när?")
    client.force_login(host)
    save(client, meeting, question)
    bank = BankQuestion.objects.get()
    assert bank.options == []  # the old meeting's dates are not kept
    later = make_meeting(network, days=90)
    assert add(client, later, bank, dates="2031-03-04\n2031-03-11").status_code == 302
    asked = Question.objects.get(meeting=later)
    assert [o.date.isoformat() for o in asked.options.all()] == ["2031-03-04", "2031-03-11"]
    add(client, later, bank, dates="")  # no dates: refused by the question's own rules
    assert Question.objects.filter(meeting=later).count() == 1


def test_another_network_s_bank_is_out_of_reach(client, meeting, host, outsider):
    """The outsider coordinates another network: they neither see nor use this bank."""
    from reglab.meetings.models import Network, NetworkMembership

    question = make_question(meeting, host, text="Bara för RUS-nätverket")
    client.force_login(host)
    save(client, meeting, question)
    bank = BankQuestion.objects.get()

    other = Network.objects.get(slug="analytikernatverket")
    NetworkMembership.objects.filter(person=outsider, network=other).update(is_coordinator=True)
    own = make_meeting(other, days=50, title="Analytikerträff")
    client.force_login(outsider)
    page = client.get(reverse("live:host", kwargs={"pk": own.pk})).content.decode()
    assert "Bara för RUS-nätverket" not in page
    add(client, own, bank)
    assert not Question.objects.filter(meeting=own).exists()
    # Nor into the meeting the bank belongs to, which they do not host.
    assert add(client, meeting, bank).status_code == 403
    assert save(client, meeting, question).status_code == 403
    assert Question.objects.filter(text="Bara för RUS-nätverket").count() == 1


def test_the_office_s_bank_serves_every_host(client, meeting, host, office_user):
    lone = make_meeting(None, days=20, title="Årskonferens")
    check_in = make_question(lone, office_user, kind="text", text="Då har jag roligt på jobbet!")
    client.force_login(office_user)
    save(client, lone, check_in)
    bank = BankQuestion.objects.get()
    assert bank.network is None
    client.force_login(host)
    assert add(client, meeting, bank).status_code == 302
    assert Question.objects.filter(meeting=meeting, text=bank.text).exists()


def test_bank_texts_are_escaped_on_the_host_page(client, meeting, host, network):
    question = make_question(
        meeting, host, text='<img src=x onerror="alert(1)">', options=["<b>Ja</b>", "Nej"]
    )
    client.force_login(host)
    save(client, meeting, question)
    later = make_meeting(network, days=90)
    html = client.get(reverse("live:host", kwargs={"pk": later.pk})).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_the_bank_is_for_hosts(client, meeting, host, member_rep):
    question = make_question(meeting, host)
    client.force_login(host)
    save(client, meeting, question)
    bank = BankQuestion.objects.get()
    client.logout()
    assert add(client, meeting, bank).status_code == 302  # to sign in
    client.force_login(member_rep)
    assert add(client, meeting, bank).status_code == 403
    assert save(client, meeting, question).status_code == 403
    assert Question.objects.count() == 1
