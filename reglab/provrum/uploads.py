"""Checks on an uploaded document: what it really is, and whether it is safe to keep.

Pure functions over the file's name and bytes: no database, no storage. The type
is decided by the content, never by the name; the name's ending must then agree
with it. Accepted: PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG,
JPEG and WebP images. Refused, each with its own message naming the file:
programs and scripts, empty or too large files, zip bombs, packed archives
inside a document, encrypted or damaged archives, Office files with macros,
PDFs with JavaScript, launch actions or attached files, encrypted or damaged
PDFs, damaged images and images too large to decode safely.

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
from xml.etree import ElementTree

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

# PDF names that make a PDF act rather than be read.
PDF_SCRIPT_NAMES = {b"JavaScript", b"JS"}
PDF_LAUNCH_NAMES = {b"Launch"}
PDF_EMBEDDED_NAMES = {b"EmbeddedFile", b"EmbeddedFiles"}
PDF_NAME = re.compile(rb"/([^\x00\x09\x0a\x0c\x0d\x20()<>\[\]{}/%]*)")
PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# PDF whitespace, which includes NUL and form feed.
_WS = rb"[\x00\x09\x0a\x0c\x0d\x20]"
PDF_STREAM_START = re.compile(rb">>" + _WS + rb"*stream(?:\r\n|\n|\r)")
PDF_STARTXREF = re.compile(rb"startxref" + _WS + rb"+(\d+)" + _WS + rb"+%%EOF")
PDF_XREF_AT = re.compile(_WS + rb"*(?:xref|\d+" + _WS + rb"+\d+" + _WS + rb"+obj)")
PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
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


def _content_types(name: str, archive: zipfile.ZipFile, member) -> tuple[dict, dict]:
    """The parts' declared content types: ({part name: type}, {extension: type}), lower case."""
    if member.file_size > 1 * MB:
        raise _zip_broken(name)
    try:
        with archive.open(member) as opened:
            text = opened.read(1 * MB + 1)
    except ZIP_READ_ERRORS:
        raise _zip_broken(name) from None
    # Entity declarations are never needed here and are how XML parsers are attacked.
    if b"<!DOCTYPE" in text.upper() or b"<!ENTITY" in text.upper():
        raise _zip_broken(name)
    try:
        root = ElementTree.fromstring(text)  # noqa: S314 – no DTD or entities (checked above)
    except ElementTree.ParseError:
        raise _zip_broken(name) from None
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


def _pdf_broken(name: str) -> UploadRefused:
    return _refuse(
        "pdf_broken",
        _(
            "“%(name)s” is a damaged PDF that cannot be read. Save or export it again and "
            "upload it anew."
        ),
        name,
    )


def pdf_names(text: bytes) -> set[bytes]:
    """The PDF names (/Type, /JS …) in a piece of PDF syntax, with #xx escapes decoded."""
    return {
        PDF_HEX_ESCAPE.sub(lambda match: bytes([int(match[1], 16)]), found)
        for found in PDF_NAME.findall(text)
    }


def _pdf_parts(name: str, data: bytes) -> tuple[list[bytes], list[tuple[bytes, bytes]]]:
    """The PDF's syntax outside streams, and its object streams as (dictionary, raw data).

    Objects may hide inside compressed object streams (/ObjStm), so those are
    returned to be unpacked; other streams (page content, fonts, images) hold no
    objects and are skipped, which also keeps their binary data from being read
    as names.
    """
    text = []
    object_streams = []
    position = 0
    while True:
        match = PDF_STREAM_START.search(data, position)
        if match is None:
            text.append(data[position:])
            break
        text.append(data[position : match.start() + 2])
        end = data.find(b"endstream", match.end())
        if end < 0:
            raise _pdf_broken(name)
        start_of_object = data.rfind(b"obj", position, match.start())
        dictionary = data[
            start_of_object if start_of_object >= 0 else max(position, match.start() - 4096) : (
                match.start() + 2
            )
        ]
        if b"ObjStm" in pdf_names(dictionary):
            object_streams.append((dictionary, data[match.end() : end]))
        position = end + len(b"endstream")
    return text, object_streams


def _unpack_object_stream(
    name: str, dictionary: bytes, raw: bytes, budget: int
) -> tuple[bytes, int]:
    filters = pdf_names(dictionary) & {
        b"FlateDecode",
        b"LZWDecode",
        b"ASCIIHexDecode",
        b"ASCII85Decode",
        b"RunLengthDecode",
    }
    if not filters:
        return raw, budget
    if filters != {b"FlateDecode"}:
        # Other filters are rare in object streams; what cannot be read cannot be checked.
        raise _pdf_broken(name)
    inflater = zlib.decompressobj()
    try:
        unpacked = inflater.decompress(raw, budget + 1)
    except zlib.error:
        raise _pdf_broken(name) from None
    if len(unpacked) > budget or inflater.unconsumed_tail:
        raise _refuse(
            "pdf_bomb",
            _("“%(name)s” is a PDF that unpacks to far more data than allowed."),
            name,
        )
    return unpacked, budget - len(unpacked)


def _check_pdf_names(name: str, names: set[bytes]) -> None:
    if names & PDF_SCRIPT_NAMES:
        raise _refuse(
            "pdf_javascript",
            _(
                "“%(name)s” is a PDF that contains JavaScript. Save it without scripts (for "
                "example by printing it to a new PDF) and upload it again."
            ),
            name,
        )
    if names & PDF_LAUNCH_NAMES:
        raise _refuse(
            "pdf_launch",
            _("“%(name)s” is a PDF that tries to start other programs and cannot be uploaded."),
            name,
        )
    if names & PDF_EMBEDDED_NAMES:
        raise _refuse(
            "pdf_embedded_file",
            _(
                "“%(name)s” is a PDF with attached files. Upload the PDF without them, and "
                "the attached files on their own."
            ),
            name,
        )


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
    text, object_streams = _pdf_parts(name, data)
    names = set()
    for part in text:
        names |= pdf_names(part)
    if b"Encrypt" in names:
        raise _refuse(
            "pdf_encrypted",
            _(
                "“%(name)s” is an encrypted or password-protected PDF, which cannot be "
                "checked. Save it without protection and upload it again."
            ),
            name,
        )
    _check_pdf_names(name, names)
    budget = limits.max_pdf_unpacked_bytes
    for dictionary, raw in object_streams:
        unpacked, budget = _unpack_object_stream(name, dictionary, raw, budget)
        _check_pdf_names(name, pdf_names(unpacked))


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
