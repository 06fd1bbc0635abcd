"""A draft is deleted, not withdrawn; a published proposal is withdrawn.

The proposing side deletes its draft for good (``provrum.delete_draft``), with
everything attached to it, history rows included; the page asks first in the
platform's own dialog (``data-confirm``). Withdrawing stays for a published
proposal, out of the way under "Fler åtgärder". Per role below: what the page's
POST answers; the permission table itself is in test_permissions_provrum.
"""

import pytest
from django.urls import reverse

from reglab.provrum.models import Event, Interest, Provrum, State
from reglab.provrum.proposal import services
from tests.provrum.api_client import ApiClient, reason_codes
from tests.provrum.conftest import proposal
from tests.provrum.views_helpers import LOGIN, cells, outcome, person, sign_in

pytestmark = pytest.mark.django_db

# fmt: off
DELETE = {
    # provrum      anonymous plain  member proposer partner office
    "draft":      (LOGIN,    403,   404,   302,     404,    403),
    "published":  (LOGIN,    403,   409,   409,     409,    409),
}
# fmt: on


@pytest.mark.parametrize(("row", "role", "expected"), cells(DELETE))
def test_who_may_delete_on_the_page(client, cast, plain_user, row, role, expected):
    provrum = proposal(cast, publish=row == "published")
    sign_in(client, person(role, cast, plain_user))
    response = client.post(reverse("provrum:delete_draft", kwargs={"pk": provrum.pk}))
    assert outcome(response) == expected
    assert Provrum.objects.filter(pk=provrum.pk).exists() is (expected != 302)
    if expected == 302:
        assert response["Location"] == reverse("provrum:board")
    if expected == 409:
        assert "not_a_draft" in response.content.decode()


def test_deleting_a_draft_removes_everything_attached(cast):
    draft = proposal(cast, publish=False)
    pk = draft.pk
    interests = list(Interest.objects.filter(provrum=draft).values_list("pk", flat=True))
    assert interests and Event.objects.filter(provrum=draft).exists()
    assert Provrum.history.filter(id=pk).exists()
    services.provrum_delete_draft(provrum=draft, by=cast["people"]["skane"])
    assert not Provrum.objects.filter(pk=pk).exists()
    assert not Interest.objects.filter(provrum_id=pk).exists()
    assert not Event.objects.filter(provrum_id=pk).exists()
    # Hard: no history row keeps the draft's text.
    assert not Provrum.history.filter(id=pk).exists()
    assert not Interest.history.filter(id__in=interests).exists()
    # A second submit of the same form finds nothing left, quietly.
    services.provrum_delete_draft(provrum=draft, by=cast["people"]["skane"])


def test_a_published_proposal_is_withdrawn_and_a_draft_is_not(cast):
    draft = proposal(cast, publish=False)
    with pytest.raises(services.RuleViolation) as refused:
        services.provrum_withdraw(provrum=draft, by=cast["people"]["skane"])
    assert [reason.code for reason in refused.value.reasons] == ["illegal_transition"]
    published = proposal(cast, title="Ett publicerat förslag")
    with pytest.raises(services.RuleViolation) as refused:
        services.provrum_delete_draft(provrum=published, by=cast["people"]["skane"])
    assert [reason.code for reason in refused.value.reasons] == ["not_a_draft"]
    services.provrum_withdraw(provrum=published, by=cast["people"]["skane"])
    assert Provrum.objects.get(pk=published.pk).state == State.WITHDRAWN


def test_the_page_offers_delete_for_a_draft_and_tucks_withdraw_away(client, cast):
    sign_in(client, cast["people"]["skane"])
    draft = proposal(cast, publish=False)
    page = client.get(reverse("provrum:detail", kwargs={"pk": draft.pk})).content.decode()
    delete_url = reverse("provrum:delete_draft", kwargs={"pk": draft.pk})
    assert f'action="{delete_url}"' in page
    assert 'data-confirm="Ta bort utkastet?' in page
    assert reverse("provrum:withdraw", kwargs={"pk": draft.pk}) not in page
    published = proposal(cast, title="Ett publicerat förslag")
    page = client.get(reverse("provrum:detail", kwargs={"pk": published.pk})).content.decode()
    assert reverse("provrum:delete_draft", kwargs={"pk": published.pk}) not in page
    more = page[page.index('<details class="more-actions') :]
    more = more[: more.index("</details>")]
    assert "<summary>Fler åtgärder</summary>" in more
    assert reverse("provrum:withdraw", kwargs={"pk": published.pk}) in more


def test_the_api_deletes_a_draft_and_refuses_a_published_one(client, cast):
    api = ApiClient(client, cast["people"]["skane"])
    draft = proposal(cast, publish=False)
    other = ApiClient(client, cast["people"]["orebro"])
    assert other.delete(f"/api/v1/provrum/{draft.pk}").status_code == 404
    assert api.delete(f"/api/v1/provrum/{draft.pk}").status_code == 204
    assert not Provrum.objects.filter(pk=draft.pk).exists()
    published = proposal(cast, title="Ett publicerat förslag")
    response = api.delete(f"/api/v1/provrum/{published.pk}")
    assert response.status_code == 409
    assert reason_codes(response) == ["not_a_draft"]
