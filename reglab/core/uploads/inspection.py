"""What a file really is, decided by its content, and the checks of its kind.

The type is decided by the content, never by the name; the name's ending must
then agree with it. Programs and scripts are refused before anything else.
"""

import hashlib

from django.utils.translation import gettext as _

from reglab.core.uploads.base import (
    CONTENT_TYPES,
    EXTENSIONS,
    IMAGE_KINDS,
    JPEG,
    KIND_PHRASES,
    PDF,
    PNG,
    WEBP,
    Inspected,
    UploadLimits,
    UploadRefused,
    allowed_types_text,
    check_size,
    clean_file_name,
    file_extension,
    refuse,
)
from reglab.core.uploads.images import JPEG_SIGNATURE, PNG_SIGNATURE, check_image
from reglab.core.uploads.office import OLE2_SIGNATURE, check_office
from reglab.core.uploads.pdf import check_pdf

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
        raise refuse(
            "program",
            _("“%(name)s” is a program, not a document. Programs cannot be uploaded."),
            name,
        )
    kind = sniff(data)
    if kind == "zip":
        kind = check_office(name, data, limits)
    elif kind == "ole2":
        raise refuse(
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
            + allowed_types_text(),
        )
    _check_extension(name, kind)
    if kind == PDF:
        check_pdf(name, data, limits)
    elif kind in IMAGE_KINDS:
        check_image(name, data, kind, limits)
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
        raise refuse(
            "office_macros",
            _(
                "“%(name)s” is a file type for Office files with macros. Save it without "
                "macros (as .docx, .xlsx or .pptx) and upload it again."
            ),
            name,
        )
    if not extension:
        raise refuse(
            "extension_missing",
            _(
                "“%(name)s” has no file ending. Its content is %(actual)s: name it with "
                "the ending %(extension)s and upload it again."
            ),
            name,
            actual=KIND_PHRASES[kind],
            extension=expected[0],
        )
    raise refuse(
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
