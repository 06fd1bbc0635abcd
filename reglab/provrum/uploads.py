"""Checks on an uploaded document: what it really is, and whether it is safe to keep.

Pure functions over the file's name and bytes: no database, no storage. The type
is decided by the content, never by the name; the name's ending must then agree
with it. Accepted: PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG,
JPEG and WebP images. Refused, each with its own message naming the file:
programs and scripts, empty or too large files, zip bombs, packed archives
inside a document, encrypted or damaged archives, Office files with macros,
Office files that fetch content from elsewhere (any external relationship but a
hyperlink: remote templates, linked pictures and objects) or import it (altChunk,
OLE objects, frames, sub-documents, ActiveX), PDFs with JavaScript, launch
actions, attached files or other active content (actions on opening, additional
actions, forms that submit or import, links to other files, XFA, rich media),
encrypted or damaged PDFs, damaged images and images too large to decode safely.

Files are parsed with real parsers, never searched byte by byte: PDFs with
pypdf, Office files' XML with defusedxml (no DTD, no entities).

``inspect_upload`` returns an ``Inspected`` (kind, content type, size, SHA-256,
a clean display name) or raises ``UploadRefused(code, message)``.
"""

import hashlib
import io
import math
import re
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf import PdfReader
from pypdf.errors import LimitReachedError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
    read_object,
)

MB = 1024 * 1024

PDF = "pdf"
DOCX = "docx"
XLSX = "xlsx"
PPTX = "pptx"
PNG = "png"
JPEG = "jpeg"
WEBP = "webp"

CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    PNG: "image/png",
    JPEG: "image/jpeg",
    WEBP: "image/webp",
}
EXTENSIONS = {
    PDF: (".pdf",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    WEBP: (".webp",),
}
# How a message names the content it found ("… but its content is a PDF document").
KIND_PHRASES = {
    PDF: gettext_lazy("a PDF document"),
    DOCX: gettext_lazy("a Word document"),
    XLSX: gettext_lazy("an Excel workbook"),
    PPTX: gettext_lazy("a PowerPoint presentation"),
    PNG: gettext_lazy("a PNG image"),
    JPEG: gettext_lazy("a JPEG image"),
    WEBP: gettext_lazy("a WebP image"),
}
IMAGE_KINDS = {PNG: "PNG", JPEG: "JPEG", WEBP: "WEBP"}
# The policy every stored document is sent with: should a browser show it, it runs
# no script and has an origin of its own (an image still shows).
SERVED_DOCUMENT_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
OFFICE_KINDS = {DOCX, XLSX, PPTX}

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

# Signatures of programs and scripts, checked before anything else.
PROGRAM_SIGNATURES = (
    b"MZ",  # Windows and DOS programs, DLLs
    b"\x7fELF",  # Linux and Unix programs
    b"\xfe\xed\xfa\xce",  # macOS programs (Mach-O), both byte orders and word sizes
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # macOS universal programs and Java classes
    b"L\x00\x00\x00\x01\x14\x02\x00",  # Windows shortcuts (.lnk)
    b"#!",  # Unix scripts
)
# Script languages recognised by how the text starts (case and leading space ignored).
SCRIPT_STARTS = (b"<?php", b"@echo", b"<script", b"<job", b"<package", b"<hta:")
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
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"

# What makes a PDF act rather than be read. pypdf reads the names, so #xx escapes
# (/J#61vaScript) are decoded before they are compared. Keys, anywhere in any object:
PDF_SCRIPT_KEYS = {"/JS", "/JavaScript"}  # an action's script; the document's scripts
PDF_EMBEDDED_KEYS = {"/EmbeddedFiles", "/EF"}  # the attached files; a file spec's contents
# Actions run on opening or on an event, XFA forms (which carry scripts), rich media.
PDF_ACTIVE_KEYS = {"/AA", "/XFA", "/RichMediaContent", "/RichMediaSettings"}
# Action types (/S): scripts, programs, and actions that send data or open other files.
PDF_SCRIPT_ACTIONS = {"/JavaScript"}
PDF_LAUNCH_ACTIONS = {"/Launch"}
PDF_ACTIVE_ACTIONS = {
    "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/RichMediaExecute", "/Rendition",
    "/Movie", "/Sound",
}  # fmt: skip
PDF_EMBEDDED_TYPES = {"/EmbeddedFile"}
# Annotations that play media or 3D models, which may carry scripts of their own.
PDF_ACTIVE_SUBTYPES = {"/RichMedia", "/3D", "/Screen", "/Movie", "/Sound"}
# An annotation that is an attached file (or names one outside the PDF).
PDF_EMBEDDED_SUBTYPES = {"/FileAttachment"}
# PDF whitespace, which includes NUL and form feed.
_WS = rb"[\x00\x09\x0a\x0c\x0d\x20]"
PDF_STARTXREF = re.compile(rb"startxref" + _WS + rb"+(\d+)" + _WS + rb"+%%EOF")
PDF_XREF_AT = re.compile(_WS + rb"*(?:xref|\d+" + _WS + rb"+\d+" + _WS + rb"+obj)")
PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
# "12 0 obj" wherever it stands: where a viewer that rebuilds the file finds objects.
PDF_OBJECT_HEADER = re.compile(
    rb"(?<![0-9])[0-9]{1,10}" + _WS + rb"+[0-9]{1,5}" + _WS + rb"+obj(?![A-Za-z0-9])"
)
PDF_INTEGER = re.compile(rb"[0-9]+")
PDF_SPACE = re.compile(_WS + rb"*")
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


@dataclass(frozen=True)
class UploadLimits:
    """The thresholds the checks use; the defaults suit a small group's documents."""

    max_bytes: int = 20 * MB
    # A zip file (every Office file is one) may unpack to at most this much in all.
    max_unpacked_bytes: int = 100 * MB
    # How much larger a part may be unpacked than packed. Text compresses perhaps
    # 10 to 20 times; a zip bomb a thousand times.
    max_ratio: int = 100
    # Parts smaller than this are not checked for their ratio: they cannot do harm.
    ratio_min_member_bytes: int = 1 * MB
    max_members: int = 2000
    # An image is decoded to check it; larger ones are refused to spare the memory.
    max_image_pixels: int = 50_000_000
    # Bytes a PDF's compressed object streams may unpack to, in all.
    max_pdf_unpacked_bytes: int = 100 * MB
    # Objects in a PDF; a report of a thousand pages has perhaps a few ten thousand.
    max_pdf_objects: int = 200_000


@dataclass(frozen=True)
class Inspected:
    """What an accepted file is: stored beside it."""

    name: str
    kind: str
    content_type: str
    size: int
    sha256: str


class UploadRefused(Exception):
    """The file cannot be kept; ``code`` is stable, ``message`` says why and names the file."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


# Names ----------------------------------------------------------------------------


def clean_file_name(name: str) -> str:
    """The file's own name, fit to show and to send back: no folders, no control
    characters, at most 255 characters with the ending kept."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    if not name:
        return _("document")
    if len(name) > 255:
        suffix = PurePosixPath(name).suffix[:20]
        name = name[: 255 - len(suffix)] + suffix
    return name


def file_extension(name: str) -> str:
    """The name's ending in lower case, with its dot ("" when there is none)."""
    suffix = PurePosixPath(name).suffix.lower()
    return suffix if len(suffix) > 1 else ""


def size_text(size: int) -> str:
    """A size as people read it: "340 kB", "1,2 MB" (in the language's number format)."""
    if size < 1000 * 1024:
        return f"{number_format(max(1, math.ceil(size / 1024)))} kB"
    return f"{number_format(round(size / MB, 1), decimal_pos=1)} MB"


# Refusals -------------------------------------------------------------------------


def _refuse(code: str, message: str, name: str, **params) -> UploadRefused:
    return UploadRefused(code, message % {"name": name, **params})


def refuse_empty(name: str) -> UploadRefused:
    return _refuse("empty", _("“%(name)s” is empty. Choose a file with content."), name)


def refuse_too_large(name: str, size: int, limits: UploadLimits) -> UploadRefused:
    return _refuse(
        "too_large",
        _("“%(name)s” is %(size)s; the largest file you can upload is %(limit)s."),
        name,
        size=size_text(size),
        limit=size_text(limits.max_bytes),
    )


def check_size(name: str, size: int, limits: UploadLimits) -> None:
    """Refuse an empty or too large file before reading it."""
    name = clean_file_name(name)
    if size <= 0:
        raise refuse_empty(name)
    if size > limits.max_bytes:
        raise refuse_too_large(name, size, limits)


def _allowed_types_text() -> str:
    return _(
        "You can upload PDF, Word (.docx), Excel (.xlsx) and PowerPoint (.pptx) files "
        "and PNG, JPEG and WebP images."
    )


# Detection ------------------------------------------------------------------------


def is_program(data: bytes) -> bool:
    """Whether the bytes start like a program or a script."""
    if data.startswith(PROGRAM_SIGNATURES):
        return True
    start = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith(SCRIPT_STARTS)


def sniff(data: bytes) -> str:
    """The kind the first bytes say, before deeper checks: a kind, "zip", "ole2" or ""."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(PNG_SIGNATURE):
        return PNG
    if data.startswith(JPEG_SIGNATURE):
        return JPEG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(OLE2_SIGNATURE):
        return "ole2"
    return ""


def inspect_upload(name: str, data: bytes, *, limits: UploadLimits | None = None) -> Inspected:
    """Decide what the file is and whether it may be kept; raise ``UploadRefused`` if not."""
    limits = limits or UploadLimits()
    name = clean_file_name(name)
    check_size(name, len(data), limits)
    if is_program(data):
        raise _refuse(
            "program",
            _("“%(name)s” is a program, not a document. Programs cannot be uploaded."),
            name,
        )
    kind = sniff(data)
    if kind == "zip":
        kind = _check_zip(name, data, limits)
    elif kind == "ole2":
        raise _refuse(
            "office_legacy_or_encrypted",
            _(
                "“%(name)s” is in an older Office format or is password-protected. Save it "
                "as .docx, .xlsx or .pptx without a password and upload it again."
            ),
            name,
        )
    elif not kind:
        raise UploadRefused(
            "type_not_allowed",
            _("“%(name)s” is not a type of file that can be uploaded.") % {"name": name}
            + " "
            + _allowed_types_text(),
        )
    _check_extension(name, kind)
    if kind == PDF:
        _check_pdf(name, data, limits)
    elif kind in IMAGE_KINDS:
        _check_image(name, data, kind, limits)
    return Inspected(
        name=name,
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _check_extension(name: str, kind: str) -> None:
    extension = file_extension(name)
    expected = EXTENSIONS[kind]
    if extension in expected:
        return
    if extension in {".docm", ".xlsm", ".pptm", ".dotm", ".xltm", ".potm", ".ppsm"}:
        raise _refuse(
            "office_macros",
            _(
                "“%(name)s” is a file type for Office files with macros. Save it without "
                "macros (as .docx, .xlsx or .pptx) and upload it again."
            ),
            name,
        )
    if not extension:
        raise _refuse(
            "extension_missing",
            _(
                "“%(name)s” has no file ending. Its content is %(actual)s: name it with "
                "the ending %(extension)s and upload it again."
            ),
            name,
            actual=KIND_PHRASES[kind],
            extension=expected[0],
        )
    raise _refuse(
        "extension_mismatch",
        _(
            "“%(name)s” ends with %(named)s, but its content is %(actual)s. Check that you "
            "chose the right file, or give it the ending %(extension)s."
        ),
        name,
        named=extension,
        actual=KIND_PHRASES[kind],
        extension=expected[0],
    )


# Zip files and Office documents ---------------------------------------------------


def _zip_bomb(name: str) -> UploadRefused:
    return _refuse(
        "zip_bomb",
        _(
            "“%(name)s” unpacks to far more data than its size suggests (a so-called "
            "zip bomb) and cannot be uploaded."
        ),
        name,
    )


def _zip_broken(name: str) -> UploadRefused:
    return _refuse(
        "zip_broken",
        _(
            "“%(name)s” is damaged or incomplete and cannot be read. Save it again and "
            "upload it anew."
        ),
        name,
    )


def _check_zip(name: str, data: bytes, limits: UploadLimits) -> str:
    """A zip file must be a safe Word, Excel or PowerPoint file; returns which."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except ZIP_READ_ERRORS:
        raise _zip_broken(name) from None
    if not members:
        raise _zip_broken(name)
    if len(members) > limits.max_members:
        raise _refuse(
            "zip_too_many_members",
            _("“%(name)s” consists of too many parts (%(count)s; at most %(limit)s)."),
            name,
            count=len(members),
            limit=limits.max_members,
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise _refuse(
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
        raise _refuse(
            "program",
            _("“%(name)s” is a program, not a document. Programs cannot be uploaded."),
            name,
        )
    macros = _refuse(
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
        raise _refuse(
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
        raise _refuse(
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
    nested = _refuse(
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
                raise _refuse(
                    "office_embedded_content",
                    _(
                        "“%(name)s” contains embedded content that Office imports or runs "
                        "(such as HTML, objects, frames, other documents or controls). Copy "
                        "the text into a new document and upload that instead."
                    ),
                    name,
                )


def _refuse_external(name: str) -> UploadRefused:
    return _refuse(
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


# PDF ------------------------------------------------------------------------------
#
# A PDF is read with pypdf, a real parser, never by searching its bytes: a byte
# search can be fooled by a string that reads ">> stream", and cannot see inside
# object streams coded with a predictor. Every object is checked: those the
# cross-reference tables list, those inside every object stream (listed or not),
# and every "N G obj" in the file, which a viewer that rebuilds a damaged file
# would find. What cannot be read is refused, since it cannot be checked.

PDF_SCRIPT = "pdf_javascript"
PDF_LAUNCH = "pdf_launch"
PDF_EMBEDDED = "pdf_embedded_file"
PDF_ACTIVE = "pdf_active_content"
# When a PDF has several, the refusal names the most dangerous.
PDF_FINDINGS_ORDER = (PDF_SCRIPT, PDF_LAUNCH, PDF_EMBEDDED, PDF_ACTIVE)


class _PdfEncrypted(Exception):
    pass


class _PdfReader(PdfReader):
    """pypdf's reader, stopped where it would start decrypting: an encrypted PDF
    cannot be checked, so it is refused unopened."""

    def _handle_encryption(self, password):
        raise _PdfEncrypted


def _pdf_broken(name: str) -> UploadRefused:
    return _refuse(
        "pdf_broken",
        _(
            "“%(name)s” is a damaged PDF that cannot be read. Save or export it again and "
            "upload it anew."
        ),
        name,
    )


def _pdf_bomb(name: str) -> UploadRefused:
    return _refuse(
        "pdf_bomb",
        _("“%(name)s” is a PDF that unpacks to far more data than allowed."),
        name,
    )


def _pdf_refusal(name: str, finding: str) -> UploadRefused:
    if finding == PDF_SCRIPT:
        return _refuse(
            PDF_SCRIPT,
            _(
                "“%(name)s” is a PDF that contains JavaScript. Save it without scripts (for "
                "example by printing it to a new PDF) and upload it again."
            ),
            name,
        )
    if finding == PDF_LAUNCH:
        return _refuse(
            PDF_LAUNCH,
            _("“%(name)s” is a PDF that tries to start other programs and cannot be uploaded."),
            name,
        )
    if finding == PDF_EMBEDDED:
        return _refuse(
            PDF_EMBEDDED,
            _(
                "“%(name)s” is a PDF with attached files. Upload the PDF without them, and "
                "the attached files on their own."
            ),
            name,
        )
    return _refuse(
        PDF_ACTIVE,
        _(
            "“%(name)s” is a PDF with content that acts by itself, sends data or opens other "
            "files (such as actions on opening, forms that submit, or media), and cannot be "
            "uploaded. Save it as a plain PDF (for example by printing it to a new PDF) and "
            "upload it again."
        ),
        name,
    )


def _direct(value):
    """The object ``value`` refers to, however many references away; itself if direct.

    A viewer reads ``/S 12 0 R`` as the name object 12 holds, so every value
    compared with a name is resolved first. Gives up (None) after a few hops.
    """
    for _hop in range(8):
        if not isinstance(value, IndirectObject):
            return value
        value = value.get_object()
    return None


def _is_harmless_open_action(value) -> bool:
    """An /OpenAction that only shows a page: a destination, or a plain GoTo action."""
    value = _direct(value)
    if isinstance(value, ArrayObject | NameObject | TextStringObject | ByteStringObject):
        return True
    return (
        isinstance(value, DictionaryObject)
        and _direct(value.get("/S")) == "/GoTo"
        and "/Next" not in value
    )


def _pdf_name_findings(key: str, name) -> set[str]:
    """What the name under ``key`` (an action's /S, a /Type, a /Subtype) makes the PDF do."""
    if not isinstance(name, NameObject):
        return set()
    if key == "/S":
        if name in PDF_SCRIPT_ACTIONS:
            return {PDF_SCRIPT}
        if name in PDF_LAUNCH_ACTIONS:
            return {PDF_LAUNCH}
        if name in PDF_ACTIVE_ACTIONS:
            return {PDF_ACTIVE}
    elif key == "/Type" and name in PDF_EMBEDDED_TYPES:
        return {PDF_EMBEDDED}
    elif key == "/Subtype":
        if name in PDF_EMBEDDED_SUBTYPES:
            return {PDF_EMBEDDED}
        if name in PDF_ACTIVE_SUBTYPES:
            return {PDF_ACTIVE}
    return set()


def pdf_findings(objects) -> set[str]:
    """What in ``objects`` (pypdf objects, walked without following references, since
    every indirect object is walked on its own) makes the PDF act rather than be read."""
    found = set()
    seen = set()
    stack = list(objects)
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, ArrayObject):
            stack.extend(item)
            continue
        if not isinstance(item, DictionaryObject):  # streams are dictionaries too
            continue
        for key, value in item.items():
            if key in PDF_SCRIPT_KEYS:
                found.add(PDF_SCRIPT)
            elif key in PDF_EMBEDDED_KEYS:
                found.add(PDF_EMBEDDED)
            elif key in PDF_ACTIVE_KEYS:
                found.add(PDF_ACTIVE)
            elif key == "/OpenAction" and not _is_harmless_open_action(value):
                found.add(PDF_ACTIVE)
            elif key in ("/S", "/Type", "/Subtype"):
                found |= _pdf_name_findings(key, _direct(value))
            if isinstance(value, ArrayObject | DictionaryObject):
                stack.append(value)
    return found


def _pdf_read_at(data: bytes, offset: int, reader: PdfReader):
    """The object that starts at ``offset`` in ``data``, and where it ends."""
    stream = io.BytesIO(data)
    stream.seek(PDF_SPACE.match(data, offset).end())
    read = read_object(stream, reader)
    return read, stream.tell()


def _pdf_object_stream_members(name: str, stream, reader: PdfReader, budget: list[int]):
    """Every object inside an object stream (/Type /ObjStm), whatever the tables say.

    pypdf undoes the filters and their predictors; the total unpacked is kept
    under ``budget`` (a one-item list, so the calls share it).
    """
    data = stream.get_data()
    budget[0] -= len(data)
    if budget[0] < 0:
        raise _pdf_bomb(name)
    count, first = _direct(stream.get("/N")), _direct(stream.get("/First"))
    if not isinstance(count, int) or not isinstance(first, int) or count < 0 or first < 0:
        raise _pdf_broken(name)
    numbers = PDF_INTEGER.findall(data[:first])
    if len(numbers) < 2 * count:
        raise _pdf_broken(name)
    members = []
    for index in range(count):
        offset = first + int(numbers[2 * index + 1])
        if offset >= len(data):
            raise _pdf_broken(name)
        members.append(_pdf_read_at(data, offset, reader)[0])
    return members


def _pdf_objects(name: str, data: bytes, reader: PdfReader, limits: UploadLimits) -> list:
    """The trailer and every object in the PDF, object streams unpacked.

    Objects the tables place in object streams are read with every other object
    of their stream, below, not one by one: each is parsed once.
    """
    objects = [reader.trailer]
    for generation, table in list(reader.xref.items()):
        for number in list(table):
            objects.append(reader.get_object(IndirectObject(number, generation, reader)))
    listed = {offset for table in reader.xref.values() for offset in table.values()}
    # Objects in the file that no table lists, as a viewer rebuilding the file finds them.
    position = 0
    found = 0
    while match := PDF_OBJECT_HEADER.search(data, position):
        found += 1
        if found > limits.max_pdf_objects:
            raise _refuse(
                "pdf_too_many_objects",
                _("“%(name)s” is a PDF of too many parts (at most %(limit)s) to be checked."),
                name,
                limit=number_format(limits.max_pdf_objects, force_grouping=True),
            )
        if match.start() in listed:  # read above
            position = match.end()
            continue
        try:
            read, position = _pdf_read_at(data, match.end(), reader)
        except UploadRefused:
            raise
        except Exception:  # noqa: BLE001 – "N G obj" inside a stream or string, not an object
            position = match.end()
            continue
        objects.append(read)
    budget = [limits.max_pdf_unpacked_bytes]
    unpacked = set()
    for item in list(objects):
        if (
            isinstance(item, StreamObject)
            and _direct(item.get("/Type")) == "/ObjStm"
            and id(item) not in unpacked
        ):
            unpacked.add(id(item))
            objects.extend(_pdf_object_stream_members(name, item, reader, budget))
    return objects


def _check_pdf(name: str, data: bytes, limits: UploadLimits) -> None:
    if not PDF_HEADER.match(data):
        raise _pdf_broken(name)
    # The end of the file: where the cross-reference table starts, and %%EOF.
    ends = list(PDF_STARTXREF.finditer(data, max(0, len(data) - 2048)))
    eof = data.rfind(b"%%EOF")
    if not ends or eof < 0 or eof < len(data) - 1024:
        raise _pdf_broken(name)
    offset = int(ends[-1][1])
    if offset >= len(data) or not PDF_XREF_AT.match(data, offset):
        raise _pdf_broken(name)
    try:
        reader = _PdfReader(io.BytesIO(data), strict=False)
        objects = _pdf_objects(name, data, reader, limits)
        findings = pdf_findings(objects)
    except _PdfEncrypted:
        raise _refuse(
            "pdf_encrypted",
            _(
                "“%(name)s” is an encrypted or password-protected PDF, which cannot be "
                "checked. Save it without protection and upload it again."
            ),
            name,
        ) from None
    except UploadRefused:
        raise
    except LimitReachedError:
        raise _pdf_bomb(name) from None
    except Exception:  # noqa: BLE001 – pypdf raises many kinds for a damaged file
        raise _pdf_broken(name) from None
    for finding in PDF_FINDINGS_ORDER:
        if finding in findings:
            raise _pdf_refusal(name, finding)


# Images ---------------------------------------------------------------------------


def jpeg_is_complete(data: bytes) -> bool:
    """Whether a JPEG's markers run from its start to its end-of-image marker.

    Pillow cannot be relied on to notice a cut-off JPEG: its decoder pads the
    missing rows, and WeasyPrint turns the check off for the whole process
    (``ImageFile.LOAD_TRUNCATED_IMAGES``). An embedded thumbnail's end marker
    sits inside its APP1 segment, which is skipped by its length.
    """
    size = len(data)
    index = 2
    while index + 2 <= size:
        if data[index] != 0xFF:
            return False
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        if marker == 0xD9:  # end of image
            return True
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            index += 2
            continue
        if index + 4 > size:
            return False
        length = int.from_bytes(data[index + 2 : index + 4], "big")
        if length < 2:
            return False
        index += 2 + length
        if marker == 0xDA:  # start of scan: coded data runs to the next real marker
            while True:
                found = data.find(b"\xff", index)
                if found < 0 or found + 1 >= size:
                    return False
                following = data[found + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    index = found + 2
                elif following == 0xFF:
                    index = found + 1
                else:
                    index = found
                    break
    return False


def _check_image(name: str, data: bytes, kind: str, limits: UploadLimits) -> None:
    """Decode the image: a damaged or truncated one fails, a huge one is refused unread."""
    from PIL import Image

    broken = _refuse(
        "image_broken",
        _("“%(name)s” is a damaged or incomplete image. Save it again and upload it anew."),
        name,
    )
    pixel_limit = min(limits.max_image_pixels, Image.MAX_IMAGE_PIXELS or limits.max_image_pixels)

    def too_large(pixels=None):
        if pixels is None:
            return _refuse(
                "image_too_large",
                _(
                    "“%(name)s” is too large an image to check (at most %(limit)s "
                    "megapixels). Make it smaller and upload it again."
                ),
                name,
                limit=round(pixel_limit / 1_000_000),
            )
        return _refuse(
            "image_too_large",
            _(
                "“%(name)s” is too large an image to check (%(pixels)s megapixels; at most "
                "%(limit)s). Make it smaller and upload it again."
            ),
            name,
            pixels=round(pixels / 1_000_000),
            limit=round(pixel_limit / 1_000_000),
        )

    if kind == JPEG and not jpeg_is_complete(data):
        raise broken
    formats = [IMAGE_KINDS[kind]]
    with warnings.catch_warnings():
        # Pillow's own guard against decompression bombs warns first; refuse then too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=formats) as image:
                width, height = image.size
                if width * height > pixel_limit:
                    raise too_large(width * height)
                image.verify()
            with Image.open(io.BytesIO(data), formats=formats) as image:
                if kind == JPEG:
                    # Decoding at an eighth of the size still reads every byte.
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
        except UploadRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_large() from None
        except Exception:  # noqa: BLE001 – Pillow raises many kinds for a damaged file
            raise broken from None
