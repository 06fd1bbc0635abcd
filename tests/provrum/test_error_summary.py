"""The discussion's forms and the closing stage's forms sent back carry the error summary,
its links to fields on the page, the field's own message and what was typed."""

from django.urls import reverse

from reglab.provrum.models import Comment
from tests.error_summary import summary_links
from tests.provrum.close_fixtures import closed_provrum, reported_provrum
from tests.provrum.conftest import proposal
from tests.provrum.test_close_views import form_data, yesterday


def test_a_refused_comment_links_its_text_box(client, cast):
    provrum = proposal(cast)
    client.force_login(cast["people"]["orebro"])
    add = reverse("provrum:comment_add", kwargs={"pk": provrum.pk})
    response = client.post(add, {"body": "   "})
    assert response.status_code == 422
    assert summary_links(response.content) == {"id_comment_body": "Skriv en kommentar först."}
    assert 'id="id_comment_body_error"' in response.content.decode()

    long = "å" * 5001
    response = client.post(add, {"body": long}, headers={"HX-Request": "true"})
    assert response.status_code == 200  # htmx swaps the discussion with the summary in it
    assert list(summary_links(response.content)) == ["id_comment_body"]
    assert long in response.content.decode()
    assert not Comment.objects.exists()


def test_a_refused_reply_links_the_reply_box(client, cast):
    provrum = proposal(cast)
    comment = Comment.objects.create(provrum=provrum, author=cast["people"]["skane"], body="Hej")
    client.force_login(cast["people"]["orebro"])
    add = reverse("provrum:comment_add", kwargs={"pk": provrum.pk})
    response = client.post(add, {"body": "", "parent": comment.pk})
    assert response.status_code == 422
    assert summary_links(response.content) == {"id_reply_body": "Skriv en kommentar först."}
    html = response.content.decode()
    assert 'id="id_reply_body_error"' in html and 'id="reply-errors"' in html


def test_a_refused_dissemination_links_each_field(client, cast):
    provrum = reported_provrum(cast)
    client.force_login(cast["office"])
    response = client.post(
        reverse("provrum:dissemination", args=[provrum.pk]),
        form_data(
            web={"date": yesterday(), "responsible": "Åsa Öberg"},
            newsletter={"date": "2025-13-40", "link": "ftp://fel.se"},
        ),
    )
    assert response.status_code == 400
    links = summary_links(response.content)
    assert set(links) == {"id_newsletter-date", "id_newsletter-link"}
    html = response.content.decode()
    assert 'id="id_newsletter-date_error"' in html and 'value="ftp://fel.se"' in html


def test_a_refused_survey_answer_links_each_question(client, cast):
    provrum = closed_provrum(cast)
    client.force_login(cast["people"]["skane"])
    response = client.post(
        reverse("provrum:survey", args=[provrum.pk]),
        {"usefulness": "", "take_part_again": "", "format_change": "Längre tid, tack."},
    )
    assert response.status_code == 400
    links = summary_links(response.content)
    assert set(links) == {"usefulness-1", "again-yes"}
    html = response.content.decode()
    assert 'id="usefulness_error"' in html and "Längre tid, tack.</textarea>" in html
