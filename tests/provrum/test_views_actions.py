"""Every action on the provrum page, through its view: who may, and what it does.

The table walks each role through each POST; the tests below it check the
effect, and that a refusal comes back as a message with its reason codes and
the API's status code (403, 409, 422) rather than as an error page.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reglab.provrum.format_rules import services as format_rules
from reglab.provrum.models import Comment, Event, FormatRules, Interest, State
from reglab.provrum.plan import services as plans
from reglab.provrum.proposal import decisions, services
from tests.factories import PartnerFactory
from tests.provrum.conftest import proposal, ready_provrum, representative
from tests.provrum.views_helpers import LOGIN, cells, outcome, person, sign_in

pytestmark = pytest.mark.django_db

# fmt: off
ACTIONS = {
    # action            anonymous plain  member proposer partner office
    "publish":          (LOGIN,   403,   404,   302,     404,    403),
    "interest":         (LOGIN,   403,   302,   302,     302,    422),
    "withdraw_interest":(LOGIN,   403,   302,   403,     403,    302),
    "leader":           (LOGIN,   403,   403,   302,     403,    302),
    "comment":          (LOGIN,   403,   302,   302,     302,    302),
    "go_ahead":         (LOGIN,   403,   403,   403,     403,    302),
    "decline":          (LOGIN,   403,   403,   403,     403,    302),
    "lapse":            (LOGIN,   403,   403,   403,     403,    302),
    "withdraw":         (LOGIN,   403,   403,   302,     403,    403),
    "format_rules":     (LOGIN,   403,   403,   403,     403,    302),
}
# fmt: on

OWN_ORGANISATION = {"member": "orebro", "proposer": "skane", "partner": "kontigo"}


def group_without_leader(cast):
    """Skåne proposed (wants to lead), Örebro joined: gathering interest, no leader."""
    provrum = proposal(cast)
    services.interest_register(
        provrum=provrum, by=cast["people"]["orebro"], organisation=cast["orgs"]["orebro"]
    )
    provrum.refresh_from_db()
    return provrum


def request_for(action, role, cast):
    """(url, data) for one cell of the table."""
    orgs = cast["orgs"]
    if action == "publish":
        provrum = proposal(cast, publish=False)
        return reverse("provrum:publish", kwargs={"pk": provrum.pk}), {}
    if action == "interest":
        provrum = proposal(cast)
        organisation = orgs[OWN_ORGANISATION.get(role, "orebro")]
        url = reverse("provrum:interest", kwargs={"pk": provrum.pk})
        return url, {"organisation": organisation.pk}
    if action == "withdraw_interest":
        provrum = group_without_leader(cast)
        kwargs = {"pk": provrum.pk, "organisation": "region-orebro-lan"}
        return reverse("provrum:interest_withdraw", kwargs=kwargs), {}
    if action == "leader":
        provrum = group_without_leader(cast)
        url = reverse("provrum:leader", kwargs={"pk": provrum.pk})
        return url, {"organisation": orgs["skane"].pk}
    if action == "comment":
        provrum = proposal(cast)
        url = reverse("provrum:comment_add", kwargs={"pk": provrum.pk})
        return url, {"body": "Intressant!"}
    if action in ("go_ahead", "decline", "lapse"):
        provrum = ready_provrum(cast)
        return reverse(f"provrum:{action}", kwargs={"pk": provrum.pk}), {"comment": "Beslut."}
    if action == "withdraw":
        provrum = proposal(cast)
        return reverse("provrum:withdraw", kwargs={"pk": provrum.pk}), {}
    if action == "format_rules":
        values = {name: getattr(FormatRules(), name) for name in format_rules.FORMAT_RULE_FIELDS}
        return reverse("provrum:format_rules"), {**values, "max_organisations": 7}
    raise AssertionError(action)


@pytest.mark.parametrize(("action", "role", "expected"), cells(ACTIONS))
def test_action_access(client, cast, plain_user, action, role, expected):
    url, data = request_for(action, role, cast)
    sign_in(client, person(role, cast, plain_user))
    response = client.post(url, data)
    assert outcome(response) == expected
    if expected not in (LOGIN, 302, 404) and action != "format_rules":
        # A refusal is the provrum page (or the 403 page) with the reason, not an error page.
        assert '<html lang="sv">' in response.content.decode()


def feedback_codes(response):
    return response.context["feedback"].codes


def detail(provrum):
    return reverse("provrum:detail", kwargs={"pk": provrum.pk})


def url(name, provrum, **kwargs):
    return reverse(f"provrum:{name}", kwargs={"pk": provrum.pk, **kwargs})


# Publishing and withdrawing -------------------------------------------------


def test_publish_makes_the_draft_a_proposal(client, cast):
    draft = proposal(cast, publish=False)
    client.force_login(cast["people"]["skane"])
    page = client.get(detail(draft)).content.decode()
    assert url("publish", draft) in page
    response = client.post(url("publish", draft))
    assert response.status_code == 302
    assert response["Location"].startswith(detail(draft))
    draft.refresh_from_db()
    assert draft.state == State.PROPOSED
    assert draft.events.filter(action=Event.Action.PUBLISHED).count() == 1
    # Publishing twice (a double click) changes nothing more.
    client.post(url("publish", draft))
    assert draft.events.filter(action=Event.Action.PUBLISHED).count() == 1


def test_withdraw_the_proposal(client, cast):
    provrum = proposal(cast)
    client.force_login(cast["people"]["skane"])
    page = client.get(detail(provrum)).content.decode()
    assert "data-confirm" in page and url("withdraw", provrum) in page
    response = client.post(url("withdraw", provrum), {"comment": "Vi prioriterar om."})
    assert response.status_code == 302
    provrum.refresh_from_db()
    assert provrum.state == State.WITHDRAWN
    assert provrum.events.last().note == "Vi prioriterar om."


def test_withdrawing_a_running_provrum_is_refused_with_its_reason(client, cast):
    provrum = ready_provrum(cast)
    decisions.provrum_give_go_ahead(provrum=provrum, by=cast["office"])
    plans.provrum_start(provrum=provrum, by=cast["office"])
    client.force_login(cast["people"]["skane"])
    response = client.post(url("withdraw", provrum))
    assert response.status_code == 409
    assert feedback_codes(response) == ["illegal_transition"]


# Interest and leader --------------------------------------------------------


def test_register_and_withdraw_interest(client, cast):
    provrum = proposal(cast)
    orebro = cast["orgs"]["orebro"]
    client.force_login(cast["people"]["orebro"])
    response = client.post(
        url("interest", provrum), {"organisation": orebro.pk, "wants_to_lead": "on"}
    )
    assert response.status_code == 302
    interest = Interest.objects.get(provrum=provrum, organisation=orebro)
    assert interest.wants_to_lead is True
    provrum.refresh_from_db()
    assert provrum.state == State.INTEREST

    page = client.get(detail(provrum)).content.decode()
    withdraw = url("interest_withdraw", provrum, organisation=orebro.slug)
    assert withdraw in page
    response = client.post(withdraw)
    assert response.status_code == 302
    assert not Interest.objects.filter(provrum=provrum, organisation=orebro).exists()
    provrum.refresh_from_db()
    assert provrum.state == State.PROPOSED


def test_interest_with_htmx_answers_with_the_group_and_updates_beside_it(client, cast):
    provrum = proposal(cast)
    client.force_login(cast["people"]["kontigo"])
    response = client.post(
        url("interest", provrum),
        {"organisation": cast["orgs"]["kontigo"].pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="group"')
    assert 'id="steps" class="provrum-state" data-state="interest" hx-swap-oob="true"' in html
    assert 'id="history"' in html and "<html" not in html
    assert 'data-organisation="kontigo"' in html


def test_partner_cannot_offer_to_lead(client, cast):
    provrum = proposal(cast)
    client.force_login(cast["people"]["kontigo"])
    data = {"organisation": cast["orgs"]["kontigo"].pk, "wants_to_lead": "on"}
    response = client.post(url("interest", provrum), data)
    assert response.status_code == 409
    assert feedback_codes(response) == ["leader_not_member"]
    assert 'data-codes="leader_not_member"' in response.content.decode()
    # With htmx the refusal comes in the fragment, which htmx swaps (2xx).
    response = client.post(url("interest", provrum), data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'data-codes="leader_not_member"' in response.content.decode()
    assert not Interest.objects.filter(organisation=cast["orgs"]["kontigo"]).exists()


def test_interest_for_an_organisation_one_does_not_represent_is_refused(client, cast):
    provrum = proposal(cast)
    client.force_login(cast["people"]["orebro"])
    response = client.post(url("interest", provrum), {"organisation": cast["orgs"]["vinnova"].pk})
    assert response.status_code == 422
    assert not Interest.objects.filter(organisation=cast["orgs"]["vinnova"]).exists()
    response = client.post(url("interest", provrum), {"organisation": "nonsense"})
    assert response.status_code == 422


def test_the_seventh_organisation_is_refused(client, cast):
    provrum = proposal(cast)
    for key in ("orebro", "gavleborg", "vinnova", "kontigo"):
        services.interest_register(
            provrum=provrum, by=cast["people"][key], organisation=cast["orgs"][key]
        )
    sixth = PartnerFactory(name="Sjätte", slug="sjatte")
    services.interest_register(
        provrum=provrum, by=representative(sixth, "sjatte@example.se"), organisation=sixth
    )
    seventh = PartnerFactory(name="Sjunde", slug="sjunde")
    rep = representative(seventh, "sjunde@example.se")
    client.force_login(rep)
    page = client.get(detail(provrum))
    assert [r["code"] for r in page.context["interest_reasons"]] == ["too_many_organisations"]
    response = client.post(url("interest", provrum), {"organisation": seventh.pk})
    assert response.status_code == 409
    assert feedback_codes(response) == ["too_many_organisations"]


def test_proposer_chooses_the_leader(client, cast):
    provrum = group_without_leader(cast)
    client.force_login(cast["people"]["skane"])
    page = client.get(detail(provrum))
    assert [o.slug for o in page.context["leader_candidates"]] == ["region-skane"]
    assert 'data-code="no_leader"' in page.content.decode()
    response = client.post(url("leader", provrum), {"organisation": cast["orgs"]["skane"].pk})
    assert response.status_code == 302
    provrum.refresh_from_db()
    assert provrum.leader == cast["orgs"]["skane"]
    page = client.get(detail(provrum))
    assert page.context["checklist"]["ready"] is True
    assert page.context["provrum"].display_state == "ready"


def test_a_member_that_did_not_offer_to_lead_cannot_be_chosen(client, cast):
    provrum = group_without_leader(cast)
    client.force_login(cast["office"])
    response = client.post(url("leader", provrum), {"organisation": cast["orgs"]["orebro"].pk})
    assert response.status_code == 409
    assert feedback_codes(response) == ["leader_not_volunteer"]
    provrum.refresh_from_db()
    assert provrum.leader is None


# The discussion -------------------------------------------------------------


def test_comment_reply_edit_and_remove(client, cast):
    provrum = proposal(cast)
    orebro = cast["people"]["orebro"]
    client.force_login(orebro)
    response = client.post(url("comment_add", provrum), {"body": "Vi vill gärna vara med."})
    assert response.status_code == 302
    comment = Comment.objects.get(provrum=provrum)

    client.force_login(cast["people"]["skane"])
    response = client.post(url("comment_add", provrum), {"body": "Välkomna!", "parent": comment.pk})
    assert response.status_code == 302
    reply = Comment.objects.get(parent=comment)
    page = client.get(detail(provrum))
    tree = page.context["comments"]()
    assert [c.pk for c in tree] == [comment.pk]
    assert [c.pk for c in tree[0].children] == [reply.pk]
    # Only the author is offered the edit link.
    edit = url("comment_edit", provrum, comment_pk=comment.pk)
    assert edit not in page.content.decode()

    client.force_login(orebro)
    assert edit in client.get(detail(provrum)).content.decode()
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"body": "Vi vill gärna vara med och leda."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Vi vill gärna vara med och leda."
    assert comment.edited_at is not None

    remove = url("comment_remove", provrum, comment_pk=comment.pk)
    assert client.post(remove).status_code == 403
    client.force_login(cast["office"])
    page = client.get(detail(provrum)).content.decode()
    assert remove in page and "data-confirm" in page
    response = client.post(remove)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_removed
    html = client.get(detail(provrum)).content.decode()
    assert "Vi vill gärna vara med och leda." not in html
    assert "Välkomna!" in html  # the reply stays


def test_removed_comment_reads_as_removed_by_the_office(client, cast):
    from tests.test_translations import SV_MO

    provrum = proposal(cast)
    comment = services.comment_add(provrum=provrum, by=cast["people"]["orebro"], body="Hej")
    services.comment_remove(comment=comment, by=cast["office"])
    client.force_login(cast["people"]["orebro"])
    html = client.get(detail(provrum)).content.decode()
    assert SV_MO.exists()
    assert "Kommentaren har tagits bort av kansliet" in html


def test_comment_after_fifteen_minutes_cannot_be_edited(client, cast):
    provrum = proposal(cast)
    author = cast["people"]["orebro"]
    comment = services.comment_add(provrum=provrum, by=author, body="Första tanken.")
    edit = url("comment_edit", provrum, comment_pk=comment.pk)
    client.force_login(author)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert client.get(edit).status_code == 403
        assert client.post(edit, {"body": "Ändrat"}).status_code == 403
    client.force_login(cast["people"]["skane"])
    assert client.post(edit, {"body": "Någon annans"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Första tanken."


def test_empty_comment_is_refused_with_a_message(client, cast):
    provrum = proposal(cast)
    client.force_login(cast["people"]["orebro"])
    response = client.post(url("comment_add", provrum), {"body": "   "})
    assert response.status_code == 422
    assert response.context["feedback"].target == "comment"
    response = client.post(
        url("comment_add", provrum), {"body": "   "}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="discussion"')
    assert not Comment.objects.exists()


def test_comment_with_htmx_answers_with_the_discussion(client, cast):
    provrum = proposal(cast)
    client.force_login(cast["people"]["kontigo"])
    response = client.post(
        url("comment_add", provrum),
        {"body": "Kontigo följer gärna."},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kontigo följer gärna." in html
    assert 'id="history"' in html and 'hx-swap-oob="true"' in html
    # The same text again within a minute (a double submit) is one comment.
    client.post(url("comment_add", provrum), {"body": "Kontigo följer gärna."})
    assert Comment.objects.count() == 1


def test_reply_to_a_comment_of_another_provrum_is_refused(client, cast):
    first = proposal(cast)
    second = proposal(cast, title="Ett annat provrum om klimat")
    comment = services.comment_add(provrum=first, by=cast["people"]["orebro"], body="Hej")
    client.force_login(cast["people"]["orebro"])
    response = client.post(url("comment_add", second), {"body": "Svar", "parent": comment.pk})
    assert response.status_code == 422
    assert Comment.objects.count() == 1


# The office's decision ------------------------------------------------------


def test_go_ahead_on_a_ready_provrum(client, cast):
    provrum = ready_provrum(cast)
    client.force_login(cast["office"])
    page = client.get(detail(provrum))
    assert page.context["decision"]["errors"] == []
    response = client.post(url("go_ahead", provrum), {"comment": "Kör!"})
    assert response.status_code == 302
    provrum.refresh_from_db()
    assert provrum.state == State.GO_AHEAD
    assert provrum.decisions.get().comment == "Kör!"


def test_go_ahead_is_refused_while_not_ready(client, cast):
    provrum = group_without_leader(cast)
    client.force_login(cast["office"])
    page = client.get(detail(provrum))
    assert [r["code"] for r in page.context["decision"]["errors"]] == ["no_leader"]
    response = client.post(url("go_ahead", provrum), {"comment": "Försök"})
    assert response.status_code == 409
    assert feedback_codes(response) == ["no_leader"]
    provrum.refresh_from_db()
    assert provrum.state == State.INTEREST


def test_go_ahead_with_a_warning_needs_each_warning_acknowledged(
    client, cast, provrum_with_warning
):
    provrum = provrum_with_warning
    client.force_login(cast["office"])
    page = client.get(detail(provrum))
    assert [w["code"] for w in page.context["decision"]["warnings"]] == ["region_share_below_half"]
    assert 'name="acknowledge" value="region_share_below_half"' in page.content.decode()

    response = client.post(url("go_ahead", provrum), {"comment": "Vi kör ändå."})
    assert response.status_code == 409
    assert feedback_codes(response) == ["warnings_not_acknowledged"]
    assert "Vi kör ändå." in response.content.decode()  # the comment is kept
    provrum.refresh_from_db()
    assert provrum.state == State.INTEREST

    response = client.post(
        url("go_ahead", provrum),
        {"comment": "Vi kör ändå: temat gäller alla.", "acknowledge": "region_share_below_half"},
    )
    assert response.status_code == 302
    provrum.refresh_from_db()
    assert provrum.state == State.GO_AHEAD
    assert provrum.decisions.get().acknowledged_warnings == ["region_share_below_half"]


def test_third_go_ahead_of_the_year_is_refused_on_the_page(client, cast):
    with time_machine.travel("2026-03-01 10:00 +01:00"):
        for number in range(2):
            given = ready_provrum(cast, title=f"Provrum {number}")
            decisions.provrum_give_go_ahead(provrum=given, by=cast["office"])
        third = ready_provrum(cast, title="Det tredje")
        client.force_login(cast["office"])
        page = client.get(detail(third))
        assert [r["code"] for r in page.context["decision"]["errors"]] == ["capacity_reached"]
        response = client.post(url("go_ahead", third), {"comment": "Försök"})
    assert response.status_code == 409
    assert feedback_codes(response) == ["capacity_reached"]
    # The box is not offered: its button is disabled and says why; declining stays possible.
    html = page.content.decode()
    assert "Årets två klartecken är använda." in html
    button = re.search(r"<button[^>]*>Ge klartecken</button>", html).group()
    assert "disabled" in button and 'aria-describedby="go-ahead-full"' in button
    assert 'id="id_go_ahead_comment"' not in html
    assert url("decline", third) in html


def test_decline_and_lapse_need_a_comment(client, cast):
    first = proposal(cast)
    second = proposal(cast, title="Ett annat förslag om besöksnäring")
    client.force_login(cast["office"])
    page = client.get(detail(first)).content.decode()
    assert url("decline", first) in page and url("lapse", first) in page
    response = client.post(url("decline", first), {"comment": "  "})
    assert response.status_code == 422
    assert feedback_codes(response) == ["invalid"]
    first.refresh_from_db()
    assert first.state == State.PROPOSED

    assert client.post(url("decline", first), {"comment": "Ligger utanför."}).status_code == 302
    first.refresh_from_db()
    assert first.state == State.DECLINED
    assert client.post(url("lapse", second), {"comment": "Ingen grupp."}).status_code == 302
    second.refresh_from_db()
    assert second.state == State.LAPSED
    # The decision is shown on the page, and the board folds it away.
    response = client.get(detail(first))
    assert "Ligger utanför." in response.content.decode()
    board = client.get(reverse("provrum:board"))
    assert [g.code for g in board.context["side_groups"]] == ["declined", "lapsed"]


def test_action_on_a_provrum_one_cannot_see_is_404(client, cast):
    draft = proposal(cast, publish=False)
    client.force_login(cast["people"]["orebro"])
    assert client.post(url("comment_add", draft), {"body": "Hej"}).status_code == 404
    assert client.post(reverse("provrum:interest", kwargs={"pk": 99999})).status_code == 404
    assert client.get(url("publish", draft)).status_code in (404, 405)


# History --------------------------------------------------------------------


def test_history_shows_who_what_and_the_state_change(client, cast):
    provrum = ready_provrum(cast)
    client.force_login(cast["people"]["vinnova"])
    response = client.get(detail(provrum))
    events = list(response.context["events"]())
    actions = [event.action for event in events]
    assert actions[:2] == [Event.Action.CREATED, Event.Action.PUBLISHED]
    assert Event.Action.BECAME_READY in actions
    html = response.content.decode()
    assert html.count('class="history-item"') == len(events)
    assert "Region Örebro län" in html
    assert 'data-action="leader_chosen"' in html


# Format rules ---------------------------------------------------------------


def test_office_changes_the_format_rules_and_the_history_shows_it(client, cast):
    values = {name: getattr(FormatRules(), name) for name in format_rules.FORMAT_RULE_FIELDS}
    client.force_login(cast["office"])
    response = client.post(reverse("provrum:format_rules"), {**values, "max_go_aheads_per_year": 3})
    assert response.status_code == 302
    assert FormatRules.objects.get(pk=1).max_go_aheads_per_year == 3
    client.force_login(cast["people"]["orebro"])
    response = client.get(reverse("provrum:format_rules"))
    assert response.context["form"] is None
    change = response.context["history"][0]
    assert change["who"] == cast["office"]
    assert [(c["old"], c["new"]) for c in change["changes"]] == [(2, 3)]
    assert "<del>2</del> → <ins>3</ins>" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "error_field"),
    [
        ("min_organisations", 9, "min_organisations"),  # more than the most
        ("min_region_share_percent", 150, "min_region_share_percent"),
        ("max_organisations", "sex", "max_organisations"),
        ("max_go_aheads_per_year", -1, "max_go_aheads_per_year"),
    ],
)
def test_format_rules_bad_value_is_refused_by_its_field(client, cast, field, value, error_field):
    values = {name: getattr(FormatRules(), name) for name in format_rules.FORMAT_RULE_FIELDS}
    client.force_login(cast["office"])
    response = client.post(reverse("provrum:format_rules"), {**values, field: value})
    assert response.status_code == 400
    assert response.context["form"].errors[error_field]
    assert str(value) in response.content.decode()  # the entry is kept to correct
    rules_row = FormatRules.objects.get(pk=1)
    assert getattr(rules_row, field) == getattr(FormatRules(), field)


def test_own_interest_form_shows_whether_it_wants_to_lead(client, cast):
    provrum = group_without_leader(cast)
    client.force_login(cast["people"]["skane"])
    html = client.get(detail(provrum)).content.decode()
    # Skåne proposed wanting to lead: saving its form as shown keeps it so.
    assert 'id="wants-to-lead-region-skane" checked' in html
    client.force_login(cast["people"]["orebro"])
    html = client.get(detail(provrum)).content.decode()
    assert 'id="wants-to-lead-region-orebro-lan">' in html  # not checked
    assert 'id="interest"' not in html  # nothing left to join for Örebro
