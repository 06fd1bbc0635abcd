"""Double submits make one record; comments are editable for 15 minutes; removal keeps history."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reglab.provrum.models import Comment, Event, Interest, Provrum
from reglab.provrum.proposal import services
from reglab.provrum.selectors import comment_list
from tests.provrum.conftest import proposal

pytestmark = pytest.mark.django_db

START = "2026-03-02 09:00 +01:00"


# Double submit -----------------------------------------------------------------------------


def test_a_double_submitted_proposal_is_created_once(cast):
    with time_machine.travel(START, tick=False) as traveller:
        first = proposal(cast, publish=False)
        traveller.shift(timedelta(seconds=30))
        again = proposal(cast, publish=False)
    assert again.pk == first.pk
    assert Provrum.objects.count() == 1
    assert Interest.objects.filter(provrum=first).count() == 1
    assert first.events.filter(action=Event.Action.CREATED).count() == 1


def test_the_same_proposal_after_the_double_submit_window_is_a_new_one(cast):
    with time_machine.travel(START, tick=False) as traveller:
        first = proposal(cast, publish=False)
        traveller.shift(timedelta(seconds=services.DOUBLE_SUBMIT_SECONDS + 1))
        second = proposal(cast, publish=False)
    assert second.pk != first.pk
    assert Provrum.objects.count() == 2


def test_a_double_submitted_comment_is_added_once(cast):
    provrum = proposal(cast)
    by = cast["people"]["orebro"]
    first = services.comment_add(provrum=provrum, by=by, body="Vi vill gärna vara med.")
    again = services.comment_add(provrum=provrum, by=by, body="  Vi vill gärna vara med.  ")
    assert again.pk == first.pk
    assert provrum.comments.count() == 1
    assert provrum.events.filter(action=Event.Action.COMMENTED).count() == 1
    # The same words as a reply are another comment.
    reply = services.comment_add(
        provrum=provrum, by=by, body="Vi vill gärna vara med.", parent=first
    )
    assert reply.pk != first.pk
    assert provrum.comments.count() == 2


def test_a_double_submitted_interest_is_registered_once(cast):
    provrum = proposal(cast)
    people, orgs = cast["people"], cast["orgs"]
    for _ in range(2):
        services.interest_register(
            provrum=provrum, by=people["orebro"], organisation=orgs["orebro"]
        )
    assert Interest.objects.filter(provrum=provrum, organisation=orgs["orebro"]).count() == 1
    assert provrum.events.filter(action=Event.Action.INTEREST_REGISTERED).count() == 1


# Comments ----------------------------------------------------------------------------------


def test_a_comment_is_threaded(cast):
    provrum = proposal(cast)
    people = cast["people"]
    question = services.comment_add(provrum=provrum, by=people["orebro"], body="Hur stort?")
    answer = services.comment_add(
        provrum=provrum, by=people["skane"], body="Fyra regioner.", parent=question
    )
    services.comment_add(provrum=provrum, by=people["kontigo"], body="Vi följer gärna.")
    tree = comment_list(provrum)
    assert [c.body for c in tree] == ["Hur stort?", "Vi följer gärna."]
    assert [c.pk for c in tree[0].children] == [answer.pk]


def test_a_reply_must_belong_to_the_same_provrum(cast):
    people = cast["people"]
    one = proposal(cast, title="Civilt försvar")
    other = proposal(cast, title="Drönare")
    parent = services.comment_add(provrum=one, by=people["orebro"], body="Intressant.")
    with pytest.raises(ValidationError) as refused:
        services.comment_add(provrum=other, by=people["orebro"], body="Svar", parent=parent)
    assert "parent" in refused.value.message_dict


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 5001])
def test_an_empty_or_too_long_comment_is_refused(cast, body):
    provrum = proposal(cast)
    with pytest.raises(ValidationError) as refused:
        services.comment_add(provrum=provrum, by=cast["people"]["orebro"], body=body)
    assert "body" in refused.value.message_dict
    assert not provrum.comments.exists()


@pytest.mark.parametrize(
    ("after", "allowed"),
    [
        (timedelta(minutes=1), True),
        (timedelta(minutes=14, seconds=59), True),
        (timedelta(minutes=15), True),
        (timedelta(minutes=15, seconds=1), False),
        (timedelta(hours=3), False),
    ],
)
def test_the_author_may_edit_a_comment_for_15_minutes(cast, after, allowed):
    provrum = proposal(cast)
    author = cast["people"]["orebro"]
    with time_machine.travel(START, tick=False) as traveller:
        comment = services.comment_add(provrum=provrum, by=author, body="Vi vill leda.")
        traveller.shift(after)
        assert author.has_perm("provrum.edit_comment", comment) is allowed
        if allowed:
            services.comment_edit(comment=comment, by=author, body="Vi vill gärna delta.")
        else:
            with pytest.raises(PermissionDenied):
                services.comment_edit(comment=comment, by=author, body="Vi vill gärna delta.")
    comment.refresh_from_db()
    if allowed:
        assert comment.body == "Vi vill gärna delta."
        assert comment.edited_at is not None
        # The first wording stays in the history.
        assert [h.body for h in comment.history.order_by("history_date")] == [
            "Vi vill leda.",
            "Vi vill gärna delta.",
        ]
    else:
        assert comment.body == "Vi vill leda."
        assert comment.edited_at is None


def test_nobody_else_edits_a_comment(cast):
    provrum = proposal(cast)
    comment = services.comment_add(provrum=provrum, by=cast["people"]["orebro"], body="Hej.")
    for other in (cast["people"]["skane"], cast["office"]):
        with pytest.raises(PermissionDenied):
            services.comment_edit(comment=comment, by=other, body="Ändrat.")
    comment.refresh_from_db()
    assert comment.body == "Hej."


def test_an_edit_to_the_same_text_changes_nothing(cast):
    provrum = proposal(cast)
    author = cast["people"]["orebro"]
    comment = services.comment_add(provrum=provrum, by=author, body="Hej.")
    services.comment_edit(comment=comment, by=author, body=" Hej. ")
    comment.refresh_from_db()
    assert comment.edited_at is None
    assert comment.history.count() == 1


def test_the_office_removes_a_comment_and_the_history_keeps_it(cast):
    provrum = proposal(cast)
    author, office = cast["people"]["orebro"], cast["office"]
    comment = services.comment_add(provrum=provrum, by=author, body="Ett inlägg i fel tråd.")
    services.comment_remove(comment=comment, by=office, reason="Hör till ett annat provrum.")
    comment.refresh_from_db()
    assert comment.is_removed
    assert comment.removed_by == office
    assert comment.removed_at <= timezone.now()
    # Kept, not deleted: the row, its text and its history remain.
    assert Comment.objects.filter(pk=comment.pk).exists()
    records = list(comment.history.order_by("history_date"))
    assert [(r.body, r.removed_by_id) for r in records] == [
        ("Ett inlägg i fel tråd.", None),
        ("Ett inlägg i fel tråd.", office.pk),
    ]
    event = provrum.events.get(action=Event.Action.COMMENT_REMOVED)
    assert (event.actor, event.note) == (office, "Hör till ett annat provrum.")
    # The discussion still shows where it was (the page shows it as removed).
    assert [c.is_removed for c in comment_list(provrum)] == [True]
    # A removed comment can no longer be edited, and removing it again changes nothing.
    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=comment, by=author, body="Nytt försök.")
    services.comment_remove(comment=comment, by=office)
    assert comment.history.count() == 2
    assert provrum.events.filter(action=Event.Action.COMMENT_REMOVED).count() == 1


def test_only_the_office_removes_comments(cast):
    provrum = proposal(cast)
    comment = services.comment_add(provrum=provrum, by=cast["people"]["orebro"], body="Hej.")
    for person in (cast["people"]["orebro"], cast["people"]["skane"]):
        with pytest.raises(PermissionDenied):
            services.comment_remove(comment=comment, by=person)
    comment.refresh_from_db()
    assert not comment.is_removed
