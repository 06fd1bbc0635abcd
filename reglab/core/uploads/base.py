"""What every upload check shares: the kinds of file, the limits, the result and the refusal,
the file's name and size as people read them."""

import math
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

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
# The policy every stored document is sent with: should a browser show it, it runs
# no script and has an origin of its own (an image still shows).
SERVED_DOCUMENT_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
OFFICE_KINDS = {DOCX, XLSX, PPTX}


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


def refuse(code: str, message: str, name: str, **params) -> UploadRefused:
    return UploadRefused(code, message % {"name": name, **params})


def refuse_empty(name: str) -> UploadRefused:
    return refuse("empty", _("“%(name)s” is empty. Choose a file with content."), name)


def refuse_too_large(name: str, size: int, limits: UploadLimits) -> UploadRefused:
    return refuse(
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


def allowed_types_text() -> str:
    return _(
        "You can upload PDF, Word (.docx), Excel (.xlsx) and PowerPoint (.pptx) files "
        "and PNG, JPEG and WebP images."
    )
