"""The discussion's forms sent back carry the error summary, its link to the text box on the
page, the box's own message and what was typed (the closing stage's: test_close_views)."""

from django.urls import reverse

from reglab.provrum.models import Comment
from tests.error_summary import summary_links
from tests.provrum.conftest import proposal


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
