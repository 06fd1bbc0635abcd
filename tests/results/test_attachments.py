"""Attachments of a published report: served to anyone, and only those the report attaches."""

import pytest
from django.urls import reverse

from reglab.provrum.models import FinalReport, Provrum, State
from tests.results.conftest import PDF, add_document, publish, report_data


def _url(provrum_pk, document_pk):
    return reverse("results:attachment", kwargs={"pk": provrum_pk, "document_pk": document_pk})


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_attached_pdf_is_downloaded(client, published):
    # Never shown in the browser's PDF viewer (issue 10, finding 4).
    response = client.get(_url(published["provrum"].pk, published["pdf"].pk))
    assert response.status_code == 200
    assert _body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert 'filename="Analysrapport.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_attached_word_file_is_downloaded(client, published):
    response = client.get(_url(published["provrum"].pk, published["docx"].pk))
    assert response.status_code == 200
    assert _body(response) == b"PK\x03\x04docx"
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Underlag.docx"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_swedish_file_name_is_kept(client, cast, people, make_provrum):
    provrum = make_provrum("go_ahead")
    document = add_document(provrum, name="Lärdomar från länen.pdf")
    publish(provrum, data=report_data(attachments=[document.pk]))
    response = client.get(_url(provrum.pk, document.pk))
    assert response.status_code == 200
    assert (
        "filename*=utf-8''L%C3%A4rdomar%20fr%C3%A5n%20l%C3%A4nen.pdf"
        in (response["Content-Disposition"])
    )


def test_a_document_the_report_does_not_attach_is_a_404(client, published):
    response = client.get(_url(published["provrum"].pk, published["unattached"].pk))
    assert response.status_code == 404


def test_a_document_of_another_provrum_is_a_404_even_if_the_report_names_it(
    client, cast, people, make_provrum, published
):
    # Another provrum's report names this provrum's unattached document by its id.
    other = make_provrum("go_ahead", title="Smart specialisering i praktiken")
    publish(other, data=report_data(attachments=[published["unattached"].pk]))
    assert client.get(_url(other.pk, published["unattached"].pk)).status_code == 404
    # And a published provrum's attachment is not reached through another provrum.
    assert client.get(_url(other.pk, published["pdf"].pk)).status_code == 404


@pytest.mark.parametrize(
    ("status", "published", "state"),
    [
        (FinalReport.Status.DRAFT, False, State.RUNNING),
        (FinalReport.Status.SUBMITTED, False, State.REPORTED),
        (FinalReport.Status.RETURNED, False, State.RUNNING),
        (FinalReport.Status.APPROVED, False, State.REPORTED),
        (FinalReport.Status.APPROVED, True, State.RUNNING),
    ],
)
def test_attachments_of_an_unpublished_report_are_a_404(
    client, make_provrum, status, published, state
):
    from datetime import UTC, datetime

    provrum = make_provrum("go_ahead")
    document = add_document(provrum)
    publish(
        provrum,
        data=report_data(attachments=[document.pk]),
        status=status,
        published_at=datetime(2026, 3, 1, tzinfo=UTC) if published else None,
        state=state,
    )
    assert client.get(_url(provrum.pk, document.pk)).status_code == 404


def test_a_missing_document_is_a_404(client, published):
    assert client.get(_url(published["provrum"].pk, 999999)).status_code == 404
    assert client.get(_url(999999, published["pdf"].pk)).status_code == 404


def test_a_file_gone_from_storage_is_a_404_not_an_error(client, published):
    published["pdf"].file.delete(save=False)
    assert client.get(_url(published["provrum"].pk, published["pdf"].pk)).status_code == 404


def test_only_safe_methods(client, published):
    response = client.post(_url(published["provrum"].pk, published["pdf"].pk))
    assert response.status_code == 405


def test_closing_keeps_the_attachments_public(client, published):
    Provrum.objects.filter(pk=published["provrum"].pk).update(state=State.CLOSED)
    assert client.get(_url(published["provrum"].pk, published["pdf"].pk)).status_code == 200
