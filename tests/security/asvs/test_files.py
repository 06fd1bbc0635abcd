"""ASVS rows 28–29: what an upload may be, where it is stored and how it is sent back."""

import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reglab.core.uploads import UploadRefused, inspect_upload
from reglab.core.uploads.base import UploadLimits
from reglab.meetings.models.registration import slide_upload_to
from reglab.provrum.models import Document
from tests.provrum import work_samples as samples
from tests.provrum.conftest import cast, make_provrum  # noqa: F401 – fixtures
from tests.provrum.views_helpers import sign_in
from tests.provrum.work_fixtures import (
    add_document,
    people_fixture,  # noqa: F401 – a fixture
    running_fixture,  # noqa: F401 – a fixture
)

PE_PROGRAM = b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00" + b"\x00" * 200


# Row 28 ---------------------------------------------------------------------------


@pytest.mark.asvs("V5.2.1", row=28)
def test_a_file_over_the_cap_is_refused():
    limits = UploadLimits(max_bytes=1000)
    data = samples.hand_pdf()
    assert len(data) < 1000
    inspect_upload("liten.pdf", data, limits=limits)
    with pytest.raises(UploadRefused) as refused:
        inspect_upload("stor.pdf", data + b"%" * 1000, limits=limits)
    assert refused.value.code == "too_large"


@pytest.mark.asvs("V5.2.1", row=28)
@pytest.mark.django_db
def test_the_upload_service_keeps_to_the_configured_cap(settings, running, people):
    settings.DOCUMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError):
        add_document(running, people["leader"], data=samples.hand_pdf() + b"%" * 1000)
    assert not Document.objects.exists()


@pytest.mark.asvs("V5.2.1", row=28)
@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("rapport.pdf", lambda: PE_PROGRAM),  # a program called a PDF
        ("rapport.pdf", samples.docx_bytes),  # a Word file called a PDF
        ("bild.png", samples.hand_pdf),  # a PDF called an image
        ("sida.pdf", lambda: b"<html><script>alert(1)</script></html>"),
        ("tom.pdf", lambda: b""),
    ],
    ids=["program", "docx-as-pdf", "pdf-as-png", "html-as-pdf", "empty"],
)
def test_the_content_must_be_what_the_name_says(name, make):
    with pytest.raises(UploadRefused):
        inspect_upload(name, make())


@pytest.mark.asvs("V5.2.1", row=28)
def test_a_file_is_kept_as_what_its_bytes_are():
    inspected = inspect_upload("anteckningar.docx", samples.docx_bytes())
    assert inspected.kind == "docx"
    assert inspected.content_type.endswith("wordprocessingml.document")


@pytest.mark.asvs("V5.2.1", row=28)
def test_zip_limits_refuse_a_bomb_and_too_many_parts():
    limits = UploadLimits(max_ratio=100, ratio_min_member_bytes=64 * 1024)
    with pytest.raises(UploadRefused):
        inspect_upload(
            "bomb.docx", samples.zip_bomb_docx(unpacked_bytes=4 * 1024 * 1024), limits=limits
        )
    many = samples.rezip(
        samples.docx_bytes(), add={f"word/media/bild{n}.txt": b"x" for n in range(30)}
    )
    inspect_upload("många.docx", many)
    with pytest.raises(UploadRefused):
        inspect_upload("många.docx", many, limits=UploadLimits(max_members=20))


# Row 29 ---------------------------------------------------------------------------

STORED = re.compile(r"^provrum/\d+/[0-9a-f]{32}\.pdf$")


@pytest.mark.asvs("V5.3.2", row=29)
@pytest.mark.django_db
def test_stored_names_are_generated(running, people):
    for name in ("../../../etc/passwd.pdf", "CON.pdf", 'a\r\nb".pdf', "å" * 300 + ".pdf"):
        document = add_document(running, people["leader"], name=name)
        assert STORED.match(document.file.name), document.file.name
        assert ".." not in document.file.name
    slide = slide_upload_to(SimpleNamespace(item=SimpleNamespace(meeting_id=7)), "../x/ä.PDF")
    assert re.match(r"^meetings/7/[0-9a-f]{32}\.pdf$", slide)


def _downloaded(response):
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\r" not in disposition and "\n" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].split(";")[0].strip() == "sandbox"
    return disposition


@pytest.mark.asvs("V5.3.2", row=29)
@pytest.mark.django_db
def test_a_document_is_sent_as_an_attachment_with_an_rfc_6266_name(client, running, people):
    document = add_document(running, people["leader"], name='Rapport "slut" å.pdf')
    response = sign_in(client, people["participant"]).get(
        reverse("provrum:document", args=[running.pk, document.pk])
    )
    disposition = _downloaded(response)
    # RFC 6266 with RFC 5987's filename*: the name in UTF-8, percent-encoded, quotes and all.
    assert "filename*=utf-8''Rapport%20%22slut%22%20%C3%A5.pdf" in disposition
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.asvs("V5.3.2", row=29)
@pytest.mark.django_db
def test_an_office_file_named_as_html_is_never_sent_as_html(client, running, people):
    """What the bytes were found to be is the type it is sent as, never the name's guess."""
    document = add_document(running, people["leader"], name="anteckningar.docx",
                            data=samples.docx_bytes())  # fmt: skip
    response = sign_in(client, people["participant"]).get(
        reverse("provrum:document", args=[running.pk, document.pk])
    )
    _downloaded(response)
    assert "html" not in response["Content-Type"]
