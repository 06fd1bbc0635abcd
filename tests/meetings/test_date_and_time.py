"""A date and time reads as each language writes it: "kl. 9.30" is Swedish, so the English
page says "09:30" (the format is translated, not written into the template)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "opens", "closes"),
    [
        ("sv", "Anmälan öppnar 3 januari 2036 kl. 09.30.", "10 januari 2036 kl. 17.00"),
        ("en", "Registration opens 3 January 2036 09:30.", "10 January 2036 17:00"),
    ],
)
def test_the_registration_window_in_each_language(client, language, opens, closes):
    def at(day, hour, minute=0):
        return timezone.make_aware(dt.datetime(2036, 1, day, hour, minute))

    meeting = make_meeting(
        days=0,
        date=dt.date(2036, 2, 1),
        registration_opens=at(3, 9, 30),
        registration_closes=at(10, 17),
    )

    html = client.get(meeting.get_absolute_url(), headers={"accept-language": language})

    body = html.content.decode()
    assert opens in body
    assert closes in body
    if language == "en":
        assert "kl." not in body
