"""Notification e-mails come as plain text and HTML, say what to do next and lead there.

Sent with Django's locmem backend (the tests' e-mail backend); the HTML escapes
people's text (a provrum's title, the office's comment) as the pages do.
"""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from reglab.notifications.models import EmailFrequency, Kind
from reglab.notifications.next_steps import NEXT_STEPS
from reglab.provrum.proposal import decisions
from tests.notifications.conftest import choose
from tests.provrum.conftest import proposal

pytestmark = pytest.mark.django_db

TITLE = "Data & <script>alert(1)</script> i regionerna"


def only_mail_to(address):
    [message] = [message for message in mail.outbox if address in message.to]
    return message


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_every_kind_says_what_to_do_next():
    assert set(NEXT_STEPS) == set(Kind.values)
    assert all(str(text) and str(action) for text, action in NEXT_STEPS.values())


def test_the_email_has_both_parts_the_next_step_and_the_action_link(cast, committed, settings):
    settings.SITE_URL = "https://reglab.example"
    with committed():
        provrum = proposal(cast, title=TITLE)
    message = only_mail_to("orebro@example.se")
    html = html_of(message)
    url = f"https://reglab.example{provrum.get_absolute_url()}"
    # Plain text: the title as written, the next step and the link.
    assert TITLE in message.body
    assert "Läs förslaget" in message.body and url in message.body
    assert "registrera din organisations intresse" in message.body
    # HTML: the same, with the title escaped and the action as a link.
    assert "<script>" not in html
    assert "Data &amp; &lt;script&gt;alert(1)&lt;/script&gt; i regionerna" in html
    assert f'<a href="{url}"' in html
    assert "Läs förslaget</a>" in html
    assert '<html lang="sv">' in html


def test_the_offices_comment_is_escaped_in_the_html(cast, make_provrum, committed):
    provrum = make_provrum("ready")
    with committed():
        decisions.provrum_decline(provrum=provrum, by=cast["office"], comment="Se <b>beslutet</b>.")
    message = only_mail_to("orebro@example.se")
    assert "Se <b>beslutet</b>." in message.body
    assert "Se &lt;b&gt;beslutet&lt;/b&gt;." in html_of(message)


def test_the_daily_summary_has_both_parts(cast, committed):
    choose(cast["people"]["orebro"], email_frequency=EmailFrequency.DAILY)
    with committed():
        provrum = proposal(cast, title=TITLE)
    mail.outbox.clear()
    call_command("send_notification_digest", stdout=StringIO())
    [digest] = mail.outbox
    html = html_of(digest)
    assert provrum.get_absolute_url() in digest.body
    assert provrum.get_absolute_url() in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "/notiser/" in html
