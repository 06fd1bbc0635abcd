"""Proposing and editing through the form: drafts, themes, stale edits, double submits."""

import pytest
from django.urls import reverse

from reglab.provrum.models import Interest, Provrum, State, Theme
from reglab.provrum.proposal import services
from tests.factories import AffiliationFactory, PartnerFactory
from tests.provrum.conftest import proposal

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "title": "Smart specialisering i glesbygd",
        "summary": "Hur kan regioner med få invånare arbeta med smart specialisering?",
        "question": "Vilka arbetssätt fungerar i glesa regioner?",
        "kind": "method",
        "intended_use": "pre_study",
        "other_themes": "Glesbygd, glesbygd ,  , Smart specialisering",
        "wants_to_lead": "on",
    }
    data.update(overrides)
    return data


def test_member_proposes_a_draft(client, cast):
    skane = cast["orgs"]["skane"]
    suggested = Theme.objects.create(name="Kompetensförsörjning", slug="kompetens", suggested=True)
    client.force_login(cast["people"]["skane"])
    page = client.get(reverse("provrum:create"))
    assert page.status_code == 200
    assert list(page.context["form"].fields["organisation"].queryset) == [skane]
    assert 'value="kompetens"' in page.content.decode()

    response = client.post(
        reverse("provrum:create"),
        form_data(organisation=skane.pk, themes=["kompetens"]),
    )
    provrum = Provrum.objects.get()
    assert response.status_code == 302
    assert response["Location"] == provrum.get_absolute_url()
    assert provrum.state == State.DRAFT
    assert provrum.proposer_organisation == skane
    assert sorted(provrum.themes.values_list("name", flat=True)) == [
        "Glesbygd",
        "Kompetensförsörjning",
        "Smart specialisering",
    ]
    assert suggested in provrum.themes.all()
    assert Interest.objects.get(provrum=provrum).wants_to_lead is True


def test_missing_fields_are_explained_and_the_text_kept(client, cast):
    client.force_login(cast["people"]["skane"])
    response = client.post(
        reverse("provrum:create"),
        form_data(organisation=cast["orgs"]["skane"].pk, summary="", kind="nonsense"),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"summary", "kind"}
    assert "Smart specialisering i glesbygd" in response.content.decode()
    assert not Provrum.objects.exists()


def test_proposing_for_a_partner_one_also_represents_is_not_offered(client, cast):
    person = cast["people"]["skane"]
    partner = PartnerFactory(name="Oxford Research", slug="oxford-research")
    AffiliationFactory(person=person, organisation=partner)
    client.force_login(person)
    page = client.get(reverse("provrum:create"))
    assert list(page.context["form"].fields["organisation"].queryset) == [cast["orgs"]["skane"]]
    response = client.post(reverse("provrum:create"), form_data(organisation=partner.pk))
    assert response.status_code == 400
    assert response.context["form"].errors["organisation"]
    assert not Provrum.objects.exists()


def test_double_submit_creates_one_draft(client, cast):
    client.force_login(cast["people"]["skane"])
    data = form_data(organisation=cast["orgs"]["skane"].pk)
    first = client.post(reverse("provrum:create"), data)
    second = client.post(reverse("provrum:create"), data)
    assert Provrum.objects.count() == 1
    assert first["Location"] == second["Location"]
    page = client.get(first["Location"]).content.decode()
    assert "data-submit-once" in page


def test_edit_keeps_suggested_and_own_themes_apart(client, cast):
    Theme.objects.create(name="Kompetensförsörjning", slug="kompetens", suggested=True)
    provrum = proposal(cast, themes=["Kompetensförsörjning", "Glesbygd"])
    client.force_login(cast["people"]["skane"])
    edit = reverse("provrum:edit", kwargs={"pk": provrum.pk})
    form = client.get(edit).context["form"]
    assert [t.slug for t in form.initial["themes"]] == ["kompetens"]
    assert form.initial["other_themes"] == "Glesbygd"
    assert form.initial["version"] == provrum.version

    response = client.post(
        edit,
        form_data(title="Ny titel", version=provrum.version, themes=["kompetens"], other_themes=""),
    )
    assert response.status_code == 302
    provrum.refresh_from_db()
    assert provrum.title == "Ny titel"
    assert list(provrum.themes.values_list("name", flat=True)) == ["Kompetensförsörjning"]


def test_stale_edit_shows_the_message_and_keeps_the_text(client, cast):
    provrum = proposal(cast)
    started_from = provrum.version
    # Someone else saves first.
    services.provrum_update(provrum=provrum, by=cast["office"], title="Kansliets rubrik")
    provrum.refresh_from_db()

    client.force_login(cast["people"]["skane"])
    edit = reverse("provrum:edit", kwargs={"pk": provrum.pk})
    mine = "Min egen rubrik som inte får försvinna"
    response = client.post(edit, form_data(title=mine, version=started_from))
    assert response.status_code == 409
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["__all__"]] == ["stale_version"]
    html = response.content.decode()
    assert f'value="{mine}"' in html  # the person's text is kept
    assert "Kansliets rubrik" in html  # and the saved version shown beside it
    assert "Någon annan sparade förslaget" in html
    provrum.refresh_from_db()
    assert provrum.title == "Kansliets rubrik"
    # The form now carries the saved version: saving again succeeds.
    assert str(form["version"].value()) == str(provrum.version)
    response = client.post(edit, form_data(title=mine, version=provrum.version))
    assert response.status_code == 302
    provrum.refresh_from_db()
    assert provrum.title == mine


def test_similar_proposals_while_typing_and_on_the_draft(client, cast):
    earlier = proposal(cast, title="AI och visualisering av regional statistik")
    proposal(cast, title="Besöksnäringens säsonger", summary="Turism året runt.")
    client.force_login(cast["people"]["orebro"])
    response = client.get(
        reverse("provrum:similar"), {"title": "Visualisering med AI", "summary": ""}
    )
    assert [p.pk for p in response.context["similar"]] == [earlier.pk]
    assert earlier.get_absolute_url() in response.content.decode()
    # Without JavaScript they show when the form comes back with an error.
    client.force_login(cast["people"]["skane"])
    response = client.post(
        reverse("provrum:create"),
        {"organisation": cast["orgs"]["skane"].pk, "title": "Visualisering med AI"},
    )
    assert response.status_code == 400
    assert earlier in response.context["similar"]
    client.force_login(cast["people"]["orebro"])
    nothing = client.get(reverse("provrum:similar"), {"title": "Fiskevård"})
    assert nothing.context["similar"] == []
    # The title field asks for them as the person types (htmx, debounced).
    page = client.get(reverse("provrum:create")).content.decode()
    assert f'hx-get="{reverse("provrum:similar")}"' in page
    assert "delay:" in page

    draft = services.provrum_create(
        by=cast["people"]["orebro"],
        organisation=cast["orgs"]["orebro"],
        title="Visualisering av data med AI",
        summary="Regional statistik som bilder.",
        question="Hur?",
        kind="method",
        intended_use="probe",
    )
    page = client.get(draft.get_absolute_url())
    assert earlier in page.context["similar"]()
    assert earlier.get_absolute_url() in page.content.decode()
