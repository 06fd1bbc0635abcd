"""Removing a prepared question on the host's page asks first, in the platform's dialog
(data-confirm on a button inside a confirm-form), with a fixed text that never carries the
question's own text."""

import re

import pytest
from django.urls import reverse

from tests.live.conftest import make_question

pytestmark = pytest.mark.django_db


def test_removing_a_question_asks_first_with_a_fixed_text(client, meeting, host):
    question = make_question(meeting, host, text='<b>Ska vi ses</b> i "Malmö"?')
    client.force_login(host)
    html = client.get(reverse("live:host", kwargs={"pk": meeting.pk})).content.decode()
    action = reverse(
        "live:question_action",
        kwargs={"pk": meeting.pk, "qid": question.pk, "action": "ta-bort"},
    )
    form = re.search(
        rf'<form method="post" action="{re.escape(action)}"[^>]*>.*?</form>', html, re.S
    )
    assert form, "the remove form is on the page"
    assert 'class="inline-form confirm-form"' in form.group()
    button = re.search(r"<button[^>]*>", form.group()).group()
    assert 'data-confirm="Ta bort frågan? Det går inte att ångra."' in button
    assert "Malmö" not in button and "<b>" not in form.group()
