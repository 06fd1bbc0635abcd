"""The e-mails: immediate ones in a task, the daily summary, and "never"."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone, translation

from reglab.notifications.emails import notification_digest_send
from reglab.notifications.models import EmailFrequency, Kind, Notification
from reglab.notifications.tasks import send_notification_digest
from reglab.provrum.proposal import decisions
from tests.notifications.conftest import choose
from tests.provrum.conftest import proposal

pytestmark = pytest.mark.django_db


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_the_email_links_to_the_provrum_and_the_settings(cast, committed, settings):
    settings.SITE_URL = "https://reglab.example"
    with committed():
        provrum = proposal(cast, title="Smart specialisering i praktiken")
    [message] = mails_to("orebro@example.se")
    assert message.subject.startswith("[Reglab] ")
    assert "Smart specialisering i praktiken" in message.subject
    assert "\n" not in message.subject
    assert f"https://reglab.example{provrum.get_absolute_url()}" in message.body
    assert "https://reglab.example/notiser/installningar/" in message.body


def test_emails_are_rendered_in_swedish_unless_the_person_chose_english(
    cast, committed, monkeypatch
):
    import reglab.notifications.emails as notification_emails

    languages = {}
    real_render = notification_emails.render_to_string

    def spy(template_name, context):
        languages[context["recipient"].email] = translation.get_language()
        return real_render(template_name, context)

    monkeypatch.setattr(notification_emails, "render_to_string", spy)
    choose(cast["people"]["vinnova"], language="en")
    with translation.override("en"), committed():
        proposal(cast)
    assert languages == {
        "orebro@example.se": "sv",
        "gavleborg@example.se": "sv",
        "vinnova@example.se": "en",
    }
    [english] = mails_to("vinnova@example.se")
    assert "published a new proposal" in english.subject


def test_the_decision_email_carries_the_office_comment(cast, make_provrum, committed):
    provrum = make_provrum("ready")
    with committed():
        decisions.provrum_decline(
            provrum=provrum, by=cast["office"], comment="Liknar ett pågående lärprojekt."
        )
    [message] = mails_to("orebro@example.se")
    assert "Liknar ett pågående lärprojekt." in message.body


def test_daily_digest_people_get_no_immediate_mail_and_one_summary(cast, committed):
    orebro = cast["people"]["orebro"]
    choose(orebro, email_frequency=EmailFrequency.DAILY)
    with committed():
        first = proposal(cast, title="Första förslaget")
        second = proposal(cast, title="Andra förslaget")
    assert mails_to("orebro@example.se") == []
    assert Notification.objects.filter(recipient=orebro).count() == 2
    assert len(mails_to("vinnova@example.se")) == 2

    mail.outbox.clear()
    call_command("send_notification_digest", stdout=StringIO())
    [digest] = mail.outbox
    assert digest.to == ["orebro@example.se"]
    assert "Första förslaget" in digest.body
    assert "Andra förslaget" in digest.body
    assert first.get_absolute_url() in digest.body
    assert second.get_absolute_url() in digest.body
    assert not Notification.objects.filter(recipient=orebro, emailed_at__isnull=True).exists()

    call_command("send_notification_digest", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_the_digest_covers_only_the_last_day(cast, committed):
    orebro = cast["people"]["orebro"]
    choose(orebro, email_frequency=EmailFrequency.DAILY)
    with time_machine.travel(timezone.now() - timedelta(days=2)), committed():
        proposal(cast, title="Gammalt förslag")
    with committed():
        proposal(cast, title="Nytt förslag")
    mail.outbox.clear()
    assert notification_digest_send() == 1
    [digest] = mail.outbox
    assert "Nytt förslag" in digest.body
    assert "Gammalt förslag" not in digest.body


def test_the_digest_task_does_the_same_work(cast, committed):
    choose(cast["people"]["orebro"], email_frequency=EmailFrequency.DAILY)
    with committed():
        proposal(cast)
    mail.outbox.clear()
    result = send_notification_digest.enqueue()
    assert result.return_value == 1
    assert [message.to for message in mail.outbox] == [["orebro@example.se"]]


def test_never_people_get_notifications_but_no_mail(cast, committed):
    orebro = cast["people"]["orebro"]
    choose(orebro, email_frequency=EmailFrequency.NEVER)
    with committed():
        proposal(cast)
    assert Notification.objects.filter(recipient=orebro, kind=Kind.PUBLISHED).count() == 1
    notification_digest_send()
    assert mails_to("orebro@example.se") == []


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail relay is down")


def test_a_failed_send_leaves_the_notifications_unsent(cast, committed, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.test_email.BrokenBackend"}}
    with committed():
        proposal(cast)
    assert Notification.objects.count() == 3
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_a_worker_sends_the_email(cast, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    # Real commits: the worker, like a separate process, only sees committed rows.
    proposal(cast)
    # The request only queued the work.
    assert Notification.objects.count() == 3
    assert mail.outbox == []
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "reglab.notifications.tasks.send_event_emails"
    ]

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "gavleborg@example.se",
        "orebro@example.se",
        "vinnova@example.se",
    ]


def test_no_task_is_queued_when_nobody_wants_an_immediate_email(cast, committed, monkeypatch):
    from reglab.notifications import tasks

    queued = []

    class Recorder:
        def enqueue(self, **kwargs):
            queued.append(kwargs)

    monkeypatch.setattr(tasks, "send_event_emails", Recorder())
    for key, frequency in [("orebro", "daily"), ("gavleborg", "never"), ("vinnova", "daily")]:
        choose(cast["people"][key], email_frequency=frequency)
    with committed():
        provrum = proposal(cast)
    assert Notification.objects.filter(provrum=provrum).count() == 3
    assert queued == []

    choose(cast["people"]["vinnova"], email_frequency="immediate")
    with committed():
        second = proposal(cast, title="Ett andra förslag")
    assert queued == [{"event_id": second.events.get(action="published").pk}]
