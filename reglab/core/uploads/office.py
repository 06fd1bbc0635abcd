"""Zip files and Office documents (.docx, .xlsx, .pptx): only a safe Word, Excel or
PowerPoint file is kept. Its XML is read with defusedxml (no DTD, no entities)."""

import io
import re
import zipfile
import zlib

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from django.utils.translation import gettext as _

from reglab.core.uploads.base import DOCX, MB, PPTX, XLSX, UploadLimits, UploadRefused, refuse

# The main part of each Office format and the content type it must be declared with.
OOXML_MAIN_PARTS = {
    DOCX: (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    XLSX: (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    PPTX: (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}

# Relationships (in an Office file's .rels parts) that make Office fetch or import
# content when it opens the file, named by the last segment of their type in lower
# case, so that both the transitional and the strict (purl.oclc.org) types match.
# A template is fetched with its macros (remote template injection).
# Excel's links to other workbooks (which also carry DDE and OLE links) and its
# data connections (web queries, databases) are followed on opening too.
OFFICE_FETCHING_RELATIONSHIPS = {"attachedtemplate", "externallink", "connections"}
# HTML or other documents imported into the text (altChunk's type is aFChunk), OLE
# objects, embedded packages (a whole Office file inside), frames, sub-documents
# and ActiveX controls.
OFFICE_IMPORTING_RELATIONSHIPS = {
    "afchunk", "oleobject", "package", "frame", "subdocument", "control",
    "activexcontrolbinary",
}  # fmt: skip
# The only relationship that may point outside the file: a link the reader clicks.
OFFICE_EXTERNAL_ALLOWED = {"hyperlink"}
OFFICE_MAX_RELS_BYTES = 10 * MB
# Word fields that fetch a file or a web address when the document opens or its
# fields update (INCLUDE is INCLUDETEXT's old name, DATABASE runs a query), or
# that start a program (DDE, DDEAUTO). Names are compared in upper case.
OFFICE_FETCHING_FIELDS = {
    "INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "DDE", "DDEAUTO", "IMPORT", "DATABASE",
}  # fmt: skip
# Excel functions that fetch from the web, call a program or a library.
OFFICE_FETCHING_FUNCTIONS = re.compile(r"\b(?:WEBSERVICE|RTD|CALL|REGISTER\.ID)\s*\(", re.I)
# Strings and quoted sheet names in a formula ("" and '' escape the quote).
OFFICE_FORMULA_QUOTED = re.compile(r'"(?:[^"]|"")*"|\'(?:[^\']|\'\')*\'')
# Where Excel keeps formulas: cells, defined names, validation and formatting rules.
OFFICE_FORMULA_ELEMENTS = {"f", "definedName", "formula", "formula1", "formula2"}
FIELD_QUOTED = re.compile(r'"[^"]*"')
FIELD_WORD = re.compile(r"\w+")

# Members of a zip file that make it a program rather than a document.
PROGRAM_MEMBERS = {"meta-inf/manifest.mf", "classes.dex", "androidmanifest.xml"}
ARCHIVE_SIGNATURES = (
    b"PK\x03\x04",  # zip, and every Office file
    b"PK\x05\x06",
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"MSCF",  # Windows cabinet
)
ARCHIVE_ENDINGS = (
    ".zip", ".jar", ".rar", ".7z", ".gz", ".tgz", ".bz2", ".xz", ".cab",
    ".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm", ".odt", ".ods", ".odp",
)  # fmt: skip
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What reading a damaged zip file may raise. RuntimeError is an encrypted part.
ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    ValueError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
)


def _zip_bomb(name: str) -> UploadRefused:
    return refuse(
        "zip_bomb",
        _(
            "“%(name)s” unpacks to far more data than its size suggests (a so-called "
            "zip bomb) and cannot be uploaded."
        ),
        name,
    )


def _zip_broken(name: str) -> UploadRefused:
    return refuse(
        "zip_broken",
        _(
            "“%(name)s” is damaged or incomplete and cannot be read. Save it again and "
            "upload it anew."
        ),
        name,
    )


def check_office(name: str, data: bytes, limits: UploadLimits) -> str:
    """A zip file must be a safe Word, Excel or PowerPoint file; returns which."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except ZIP_READ_ERRORS:
        raise _zip_broken(name) from None
    if not members:
        raise _zip_broken(name)
    if len(members) > limits.max_members:
        raise refuse(
            "zip_too_many_members",
            _("“%(name)s” consists of too many parts (%(count)s; at most %(limit)s)."),
            name,
            count=len(members),
            limit=limits.max_members,
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise refuse(
            "zip_encrypted",
            _(
                "“%(name)s” is password-protected and cannot be checked. Remove the "
                "password and upload it again."
            ),
            name,
        )
    if sum(member.file_size for member in members) > limits.max_unpacked_bytes:
        raise _zip_bomb(name)
    for member in members:
        if member.file_size >= limits.ratio_min_member_bytes and (
            member.compress_size == 0 or member.file_size / member.compress_size > limits.max_ratio
        ):
            raise _zip_bomb(name)
    names = {member.filename.lower(): member for member in members}
    if names.keys() & PROGRAM_MEMBERS:
        raise refuse(
            "program",
            _("“%(name)s” is a program, not a document. Programs cannot be uploaded."),
            name,
        )
    macros = refuse(
        "office_macros",
        _(
            "“%(name)s” contains macros, which can run programs. Save it without macros "
            "(as .docx, .xlsx or .pptx) and upload it again."
        ),
        name,
    )
    if any(key.rsplit("/", 1)[-1] in {"vbaproject.bin", "vbadata.xml"} for key in names):
        raise macros
    _check_nested(name, archive, members)
    types_member = names.get("[content_types].xml")
    if types_member is None:
        raise refuse(
            "zip_not_allowed",
            _(
                "“%(name)s” is a packed archive (zip), not a Word, Excel or PowerPoint "
                "file. Unpack it and upload the documents one by one."
            ),
            name,
        )
    overrides, defaults = _content_types(name, archive, types_member)
    declared = [*overrides.values(), *defaults.values()]
    if any("macroenabled" in value or "vbaproject" in value for value in declared):
        raise macros
    kind = _office_kind(overrides, names)
    if kind is None:
        raise refuse(
            "office_broken",
            _(
                "“%(name)s” looks like an Office file, but its parts do not make up a Word "
                "document, an Excel workbook or a PowerPoint presentation."
            ),
            name,
        )
    _check_relationships(name, archive, members)
    if kind == DOCX:
        _check_fields(name, archive, members)
    elif kind == XLSX:
        _check_formulas(name, archive, members)
    _check_crcs(name, archive, members)
    return kind


def _check_nested(name: str, archive: zipfile.ZipFile, members) -> None:
    nested = refuse(
        "zip_nested",
        _(
            "“%(name)s” contains another packed file (such as a zip archive or an embedded "
            "Office file). Such files cannot be uploaded; save the document without it."
        ),
        name,
    )
    for member in members:
        if member.is_dir():
            continue
        if member.filename.lower().endswith(ARCHIVE_ENDINGS):
            raise nested
        try:
            with archive.open(member) as opened:
                start = opened.read(8)
        except ZIP_READ_ERRORS:
            raise _zip_broken(name) from None
        if start.startswith(ARCHIVE_SIGNATURES) or start.startswith(OLE2_SIGNATURE):
            raise nested


def _read_xml(name: str, archive: zipfile.ZipFile, member, max_bytes: int):
    """A part of a zip file parsed as XML, safely: a DOCTYPE (and with it every entity,
    the way XML parsers are attacked) is refused, as is what is not XML."""
    if member.file_size > max_bytes:
        raise _zip_broken(name)
    try:
        with archive.open(member) as opened:
            text = opened.read(max_bytes + 1)
    except ZIP_READ_ERRORS:
        raise _zip_broken(name) from None
    try:
        return SafeElementTree.fromstring(text, forbid_dtd=True)
    except (SafeElementTree.ParseError, DefusedXmlException):
        raise _zip_broken(name) from None


def _check_relationships(name: str, archive: zipfile.ZipFile, members) -> None:
    """Every relationship in every .rels part: refuse those that fetch or import content.

    Office follows a relationship with TargetMode="External" to a web server or a
    network share when the file opens (a template with macros, a picture that
    tells the sender who opened it, an object, a frame); only hyperlinks, which a
    reader must click, may point outside. Imported parts (altChunk HTML, OLE
    objects, sub-documents, frames, ActiveX) are refused wherever they point.
    """
    for member in members:
        if member.is_dir() or not member.filename.lower().endswith(".rels"):
            continue
        root = _read_xml(name, archive, member, OFFICE_MAX_RELS_BYTES)
        for element in root.iter():
            if not isinstance(element.tag, str) or element.tag.rsplit("}", 1)[-1] != "Relationship":
                continue
            kind = (element.get("Type") or "").strip().rstrip("/").rsplit("/", 1)[-1].lower()
            external = (element.get("TargetMode") or "").strip().lower() == "external"
            if kind in OFFICE_FETCHING_RELATIONSHIPS or (
                external and kind not in OFFICE_EXTERNAL_ALLOWED
            ):
                raise _refuse_external(name)
            if kind in OFFICE_IMPORTING_RELATIONSHIPS:
                raise refuse(
                    "office_embedded_content",
                    _(
                        "“%(name)s” contains embedded content that Office imports or runs "
                        "(such as HTML, objects, frames, other documents or controls). Copy "
                        "the text into a new document and upload that instead."
                    ),
                    name,
                )


def _refuse_external(name: str) -> UploadRefused:
    return refuse(
        "office_external_content",
        _(
            "“%(name)s” fetches content from elsewhere when it is opened (such as "
            "a template, a picture or an object from a web address or another "
            "file). Save it without links to other files (links to click are "
            "fine) and upload it again."
        ),
        name,
    )


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _attribute(element, local_name: str) -> str:
    """An attribute by its local name, whatever its namespace (transitional or strict)."""
    for key, value in element.attrib.items():
        if _local(key) == local_name:
            return value
    return ""


def _iter_xml(name: str, archive: zipfile.ZipFile, member):
    """Every element of a part, each when it ends, parsed safely and as a stream."""
    try:
        with archive.open(member) as opened:
            for _event, element in SafeElementTree.iterparse(
                opened, events=("end",), forbid_dtd=True
            ):
                yield element
                element.clear()
    except (SafeElementTree.ParseError, DefusedXmlException, *ZIP_READ_ERRORS):
        raise _zip_broken(name) from None


def field_instructions(elements):
    """The instruction of every Word field in ``elements`` (a part's elements as they end).

    A complex field runs from a ``fldChar`` "begin" to its "end", its
    instruction split over any number of ``instrText`` runs, and may hold other
    fields; a simple field has its instruction in ``fldSimple/@instr``.
    """
    open_fields = []
    for element in elements:
        tag = _local(element.tag) if isinstance(element.tag, str) else ""
        if tag == "fldChar":
            kind = _attribute(element, "fldCharType").strip().lower()
            if kind == "begin":
                open_fields.append([])
            elif kind == "end" and open_fields:
                yield "".join(open_fields.pop())
        elif tag in ("instrText", "delInstrText"):
            if open_fields:
                open_fields[-1].append(element.text or "")
            else:
                yield element.text or ""
        elif tag == "fldSimple":
            yield _attribute(element, "instr")
    for pieces in open_fields:  # a field left open at the end of the part
        yield "".join(pieces)


def field_fetches(instruction: str) -> bool:
    """Whether a field instruction names a field in ``OFFICE_FETCHING_FIELDS``.

    Any word outside quotes counts, not only the first: a field's name may be
    preceded by a nested field. So does the first word of quoted text, which is
    how a nested ``{ QUOTE "INCLUDETEXT" }`` writes the outer field's name; a
    quoted address or path ("https://…/link") starts with another word.
    """
    for quoted in FIELD_QUOTED.findall(instruction):
        words = FIELD_WORD.findall(quoted)
        if words and words[0].upper() in OFFICE_FETCHING_FIELDS:
            return True
    bare = FIELD_QUOTED.sub(" ", instruction)
    return any(word.upper() in OFFICE_FETCHING_FIELDS for word in FIELD_WORD.findall(bare))


def formula_fetches(formula: str) -> bool:
    """Whether an Excel formula is a DDE link (``cmd|'/c calc'!A0``) or calls the web
    or a program (WEBSERVICE, RTD, CALL, REGISTER.ID).

    A ``|`` has no other meaning in a formula outside strings and quoted sheet names.
    """
    bare = OFFICE_FORMULA_QUOTED.sub("''", formula)
    return "|" in bare or bool(OFFICE_FETCHING_FUNCTIONS.search(bare))


def _office_xml_parts(members, folder: str):
    for member in members:
        filename = member.filename.lower()
        if not member.is_dir() and filename.startswith(folder) and filename.endswith(".xml"):
            yield member


def _check_fields(name: str, archive: zipfile.ZipFile, members) -> None:
    """Word fields that fetch or run something, in every XML part of the document
    (body, headers, footers, notes, comments, glossary)."""
    for member in _office_xml_parts(members, "word/"):
        for instruction in field_instructions(_iter_xml(name, archive, member)):
            if field_fetches(instruction):
                raise _refuse_external(name)


def _check_formulas(name: str, archive: zipfile.ZipFile, members) -> None:
    """Excel formulas that fetch or run something, in every XML part of the workbook."""
    for member in _office_xml_parts(members, "xl/"):
        for element in _iter_xml(name, archive, member):
            if (
                isinstance(element.tag, str)
                and _local(element.tag) in OFFICE_FORMULA_ELEMENTS
                and element.text
                and formula_fetches(element.text)
            ):
                raise _refuse_external(name)


def _content_types(name: str, archive: zipfile.ZipFile, member) -> tuple[dict, dict]:
    """The parts' declared content types: ({part name: type}, {extension: type}), lower case."""
    root = _read_xml(name, archive, member, 1 * MB)
    overrides = {}
    defaults = {}
    for element in root:
        tag = element.tag.rsplit("}", 1)[-1]
        content_type = (element.get("ContentType") or "").strip().lower()
        if tag == "Override":
            overrides[(element.get("PartName") or "").lstrip("/").lower()] = content_type
        elif tag == "Default":
            defaults[(element.get("Extension") or "").lower()] = content_type
    return overrides, defaults


def _office_kind(overrides: dict, names: dict) -> str | None:
    found = [
        kind
        for kind, (part, content_type) in OOXML_MAIN_PARTS.items()
        if overrides.get(part) == content_type and part in names
    ]
    return found[0] if len(found) == 1 else None


def _check_crcs(name: str, archive: zipfile.ZipFile, members) -> None:
    """Read every part to its end: a damaged part fails its checksum."""
    for member in members:
        if member.is_dir():
            continue
        try:
            with archive.open(member) as opened:
                while opened.read(1 * MB):
                    pass
        except ZIP_READ_ERRORS:
            raise _zip_broken(name) from None
