"""The public result page: only an approved and published report, to anyone, without people."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from reglab.provrum.models import FinalReport, Provrum, State
from tests.results.conftest import assert_no_people, publish


def _url(provrum):
    return reverse("results:detail", kwargs={"pk": provrum.pk})


def test_anyone_reads_a_published_report(client, published):
    provrum = published["provrum"]
    response = client.get(_url(provrum))
    assert response.status_code == 200
    html = response.content.decode()
    assert "AI och visualisering i regional utveckling" in html
    assert "Hur kan regionerna använda AI för analys?" in html  # the question
    assert "Regionerna prövade AI för att visualisera" in html  # the summary
    assert "Starta ett lärprojekt om datakvalitet." in html
    assert "Fyra regioner använder nu metoden" in html
    # Organisations, the leader and the theme; the regions are marked.
    assert response.context["organisations"] == sorted(
        response.context["organisations"], key=lambda o: o.name
    )
    names = [o.name for o in response.context["organisations"]]
    assert names == ["Kontigo", "Region Skåne", "Region Örebro län"]
    assert html.count("badge-region") == 2
    assert "badge-leader" in html
    assert "AI och visualisering</li>" in html
    # The plan's period and the date of publication.
    assert response.context["period_start"].isoformat() == "2027-01-15"
    assert response.context["period_end"].isoformat() == "2027-05-15"
    assert 'datetime="2027-01-15"' in html
    assert 'datetime="2026-03-10T' in html
    # The feed is announced to browsers and feed readers.
    feed = reverse("results:feed")
    assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in html


def test_attachment_links_are_public_and_only_for_attached_documents(client, published):
    provrum = published["provrum"]
    html = client.get(_url(provrum)).content.decode()
    for document in (published["pdf"], published["docx"]):
        url = reverse("results:attachment", kwargs={"pk": provrum.pk, "document_pk": document.pk})
        assert f'href="{url}"' in html
        assert document.name in html
    assert published["unattached"].name not in html


def test_no_participant_email_or_name_on_the_page(client, cast, published):
    html = client.get(_url(published["provrum"])).content.decode()
    assert_no_people(html, cast)


def test_a_signed_in_participant_sees_the_same_page_without_other_people(client, cast, published):
    client.force_login(cast["people"]["orebro"])
    html = client.get(_url(published["provrum"])).content.decode()
    others = [p for key, p in cast["people"].items() if key != "orebro"]
    for person in others:
        assert person.email not in html
        assert person.name not in html


def test_a_closed_provrum_keeps_its_public_page(client, published):
    Provrum.objects.filter(pk=published["provrum"].pk).update(state=State.CLOSED)
    response = client.get(_url(published["provrum"]))
    assert response.status_code == 200
    assert "AI och visualisering i regional utveckling" in response.content.decode()


@pytest.mark.parametrize(
    ("status", "published_at", "state"),
    [
        (FinalReport.Status.DRAFT, None, State.RUNNING),
        (FinalReport.Status.SUBMITTED, None, State.REPORTED),
        (FinalReport.Status.RETURNED, None, State.RUNNING),
        # Approved, but without a date of publication: not published.
        (FinalReport.Status.APPROVED, None, State.REPORTED),
        # A date of publication on a report that is not approved (returned after all).
        (FinalReport.Status.RETURNED, datetime(2026, 3, 1, tzinfo=UTC), State.RUNNING),
        (FinalReport.Status.SUBMITTED, datetime(2026, 3, 1, tzinfo=UTC), State.REPORTED),
        # Approved and dated, but the provrum is somehow not reported or closed.
        (FinalReport.Status.APPROVED, datetime(2026, 3, 1, tzinfo=UTC), State.RUNNING),
    ],
)
def test_anything_but_a_published_report_is_a_404(
    client, cast, people, make_provrum, status, published_at, state
):
    provrum = make_provrum("go_ahead")
    publish(provrum, status=status, published_at=published_at, state=state, people=people)
    response = client.get(_url(provrum))
    assert response.status_code == 404
    assert "Regionerna prövade AI" not in response.content.decode()


def test_a_provrum_without_a_report_is_a_404(client, make_provrum):
    provrum = make_provrum("go_ahead")
    assert client.get(_url(provrum)).status_code == 404
    assert client.get(reverse("results:detail", kwargs={"pk": 999999})).status_code == 404


def test_the_office_gets_no_preview_of_an_unpublished_report(client, cast, make_provrum):
    provrum = make_provrum("go_ahead")
    publish(provrum, status=FinalReport.Status.SUBMITTED, published_at=None)
    client.force_login(cast["office"])
    assert client.get(_url(provrum)).status_code == 404


def test_page_queries_do_not_grow_with_participants(
    client, cast, published, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        assert client.get(_url(published["provrum"])).status_code == 200
