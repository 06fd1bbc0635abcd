"""Actions that lose something ask first, in the platform's dialog (data-confirm): cancelling
one's own place (a full meeting gives it to the waiting list), removing a registration
question (its answers go with it), a coordinator leaving the network (the role goes too)."""

import re

import pytest
from django.urls import reverse

from reglab.meetings.models import HostQuestion, NetworkMembership
from reglab.meetings.services.registration import registration_register
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def button(html, action):
    """The submit button of the form posting to ``action``."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', html, re.S)
    return re.search(r"<button[^>]*>", form.group()).group()


def test_cancelling_one_s_registration_asks_first(client, network, member_rep):
    meeting = make_meeting(network)
    registration_register(meeting=meeting, person=member_rep)
    client.force_login(member_rep)
    html = client.get(meeting.get_absolute_url()).content.decode()
    cancel = button(html, reverse("meetings:cancel", kwargs={"pk": meeting.pk}))
    assert 'data-confirm="Vill du avanmäla dig?' in cancel


def test_removing_a_registration_question_asks_and_names_it(client, network, coordinator):
    meeting = make_meeting(network)
    question = HostQuestion.objects.create(meeting=meeting, text="Vill du delta i <middagen>?")
    client.force_login(coordinator)
    html = client.get(reverse("meetings:host", kwargs={"pk": meeting.pk})).content.decode()
    remove = button(
        html,
        reverse("meetings:question_remove", kwargs={"pk": meeting.pk, "question_pk": question.pk}),
    )
    # The host's text is escaped inside the attribute, never taken as markup.
    assert 'data-confirm="Ta bort frågan ”Vill du delta i &lt;middagen&gt;?”' in remove


def test_a_coordinator_is_asked_before_leaving_a_plain_member_is_not(
    client, network, coordinator, member_rep
):
    leave = reverse("meetings:network_leave", kwargs={"slug": network.slug})
    client.force_login(coordinator)
    assert "data-confirm" in button(client.get(network.get_absolute_url()).content.decode(), leave)
    NetworkMembership.objects.create(network=network, person=member_rep)
    client.force_login(member_rep)
    assert "data-confirm" not in button(
        client.get(network.get_absolute_url()).content.decode(), leave
    )
