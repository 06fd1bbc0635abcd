"""The review workflow's pages (``reviewed.views``), once for the plan and once for the report.

Each test runs for both kinds: the editor's stale save, comments, the office's
return and approval, and the versions with their diff. The answers' bodies are
checked, not only their status: the message next to the form that caused it,
what was typed kept, people's text escaped.
"""

import pytest

from reglab.provrum.reviewed.views import compared

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_version_and_the_comment_form_of_its_kind(client, document):
    document.save(document.first, version=0)
    client.force_login(document.cast["people"]["skane"])
    response = client.get(document.page)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="{document.name}-comments"' in html
    assert f'id="id_{document.name}_comment_body"' in html
    assert f'action="{document.page}kommentarer/"' in html
    assert 'data-version="1"' in html
    assert '<input type="hidden" name="version" value="1">' in html


def test_a_stale_save_is_409_and_keeps_what_was_typed(client, document):
    document.save(document.first, version=0)
    document.save(document.second, version=1, by="orebro")
    client.force_login(document.cast["people"]["skane"])
    response = client.post(document.page, {"version": "1", "action": "save"})
    html = response.content.decode()
    assert response.status_code == 409
    assert 'data-codes="stale_version"' in html
    # The next save builds on the version saved in between.
    assert '<input type="hidden" name="version" value="2">' in html
    assert document.current().version == 2


def test_a_form_that_is_not_valid_is_400_with_its_messages(client, document):
    document.save(document.first, version=0)
    client.force_login(document.cast["people"]["skane"])
    post = {"version": "1", "action": "submit", "start": "inte ett datum", "follow_on": "x"}
    response = client.post(document.page, post)
    assert response.status_code == 400
    assert 'id="form-errors" data-codes="invalid"' in response.content.decode()
    assert document.current().version == 1


def test_a_comment_is_posted_escaped_and_an_empty_one_is_refused(client, document):
    document.save(document.first, version=0)
    client.force_login(document.cast["people"]["orebro"])
    refused = client.post(f"{document.page}kommentarer/", {"body": "   "})
    assert refused.status_code == 422
    assert 'role="alert" data-codes="invalid"' in refused.content.decode()
    posted = client.post(f"{document.page}kommentarer/", {"body": "Hur <b>räknade</b> ni?"})
    assert posted.status_code == 302
    assert posted["Location"] == f"{document.page}#{document.name}-comments"
    html = client.get(document.page).content.decode()
    assert "Hur &lt;b&gt;räknade&lt;/b&gt; ni?" in html
    assert "<b>räknade</b>" not in html


def test_the_office_returns_with_a_comment_the_group_then_reads(client, document):
    document.save(document.first, version=0)
    document.submit()
    client.force_login(document.cast["office"])
    page = client.get(document.page).content.decode()
    assert f'action="{document.page}skicka-tillbaka/"' in page
    refused = client.post(f"{document.page}skicka-tillbaka/", {"comment": ""})
    assert refused.status_code == 422
    assert 'class="field field-error"' in refused.content.decode()
    assert document.current().status == "submitted"
    returned = client.post(f"{document.page}skicka-tillbaka/", {"comment": "Ändra <i>detta</i>."})
    assert returned.status_code == 302
    assert document.current().status == "returned"
    client.force_login(document.cast["people"]["skane"])
    html = client.get(document.page).content.decode()
    assert 'class="plan-comment plan-comment-returned" data-kind="returned"' in html
    assert "Ändra &lt;i&gt;detta&lt;/i&gt;." in html


def test_only_the_office_approves(client, document):
    document.save(document.first, version=0)
    document.submit()
    client.force_login(document.cast["people"]["skane"])
    refused = client.post(f"{document.page}godkann/", {"comment": ""})
    assert refused.status_code == 403
    assert document.current().status == "submitted"
    client.force_login(document.cast["office"])
    approved = client.post(f"{document.page}godkann/", {"comment": "Bra."}, follow=True)
    assert approved.status_code == 200
    assert document.current().status == "approved"
    assert 'role="status"' in approved.content.decode()


def test_the_versions_page_compares_the_two_latest_by_default(client, document):
    document.save(document.first, version=0)
    document.save(document.second, version=1, by="orebro")
    client.force_login(document.cast["people"]["skane"])
    html = client.get(f"{document.page}versioner/").content.decode()
    assert '<tr data-version="2" class="is-compared">' in html
    assert '<tr data-version="1" class="is-compared">' in html
    assert '<option value="1" selected>1</option>' in html
    escaped = document.changed.replace("<", "&lt;").replace(">", "&gt;")
    assert 'data-op="insert"><span class="visually-hidden">' in html
    assert escaped in html
    assert document.changed not in html
    # A version that does not exist is the default, not an error.
    again = client.get(f"{document.page}versioner/", {"fran": "99", "till": "x"})
    assert again.status_code == 200
    assert '<option value="1" selected>1</option>' in again.content.decode()


@pytest.mark.parametrize(
    ("query", "numbers", "expected"),
    [
        ({}, [], (None, None)),
        ({}, [1], (None, None)),
        ({}, [3, 2, 1], (2, 3)),
        ({"fran": "1", "till": "2"}, [3, 2, 1], (1, 2)),
        ({"fran": "3", "till": "1"}, [3, 2, 1], (3, 1)),
        ({"till": "1"}, [3, 2, 1], (1, 1)),
        ({"fran": "9", "till": "två"}, [3, 2, 1], (2, 3)),
    ],
)
def test_compared_reads_fran_and_till_and_falls_back_to_the_latest_two(query, numbers, expected):
    assert compared(query, numbers) == expected


def test_the_check_fragment_and_the_decisions_take_only_post(client, document):
    document.save(document.first, version=0)
    client.force_login(document.cast["people"]["skane"])
    for suffix in ("kontroll/", "godkann/", "skicka-tillbaka/", "kommentarer/"):
        assert client.get(f"{document.page}{suffix}").status_code == 405
    fragment = client.post(f"{document.page}kontroll/", {"version": "1"})
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert f'id="{document.name}-check"' in html
    assert "<html" not in html
