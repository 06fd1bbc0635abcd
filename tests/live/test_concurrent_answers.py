"""Twenty answers at once from one participant leave one answer (PostgreSQL, real threads).

The answer is written with one INSERT … ON CONFLICT DO UPDATE against the unique
constraint on (question, participant), inside a transaction that locks the
question's row against a close: every request succeeds, one row remains.
"""

import threading

import pytest
from django.db import connection

from reglab.live.models import Answer
from reglab.live.selectors import question_tally
from tests.live.conftest import answer, guest, open_question, option_ids

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite locks the whole database file for a write; row locks need PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.asvs("V2.3.4", row=21)
def test_twenty_concurrent_answers_from_one_participant_count_once(meeting, host):
    question = open_question(meeting, host, kind="multiple", text="Vilka teman?")
    ids = option_ids(question)
    participant, _token = guest(meeting)
    contenders = 20
    barrier = threading.Barrier(contenders)
    outcomes = []

    def send(n):
        try:
            barrier.wait(timeout=10)
            answer(question, participant, options=[ids[n % len(ids)]])
            outcomes.append("ok")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes == ["ok"] * contenders
    assert Answer.objects.filter(question=question).count() == 1
    tally = question_tally(question)
    assert sum(row["count"] for row in tally["options"]) == 1
    assert tally["answers"] == 1


def test_ten_concurrent_next_meeting_submits_make_one_draft(meeting, host):
    """A double (here tenfold) submit of "create the next meeting" makes one draft."""
    from reglab.live.services import question as question_services
    from reglab.live.services.next_meeting import next_meeting_create
    from reglab.meetings.models import Meeting

    poll = open_question(meeting, host, kind="dates", text="Nästa träff – när?")
    participant, _token = guest(meeting)
    answer(poll, participant, dates={str(i): "yes" for i in option_ids(poll)})
    poll = question_services.question_close(question=poll, by=host)
    contenders = 10
    barrier = threading.Barrier(contenders)
    made = []

    def send():
        try:
            barrier.wait(timeout=10)
            draft, _created = next_meeting_create(question=poll, by=host)
            made.append(draft.pk)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            made.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    drafts = Meeting.objects.filter(is_draft=True)
    assert drafts.count() == 1
    assert made == [drafts.get().pk] * contenders
