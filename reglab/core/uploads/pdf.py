"""PDF documents: read with pypdf, a real parser, never by searching their bytes.

A byte search can be fooled by a string that reads ">> stream", and cannot see
inside object streams coded with a predictor. Every object is checked: those the
cross-reference tables list, those inside every object stream (listed or not),
and every "N G obj" in the file, which a viewer that rebuilds a damaged file
would find. What cannot be read is refused, since it cannot be checked.
"""

import io
import re

from django.utils.formats import number_format
from django.utils.translation import gettext as _
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

from reglab.core.uploads.base import UploadLimits, UploadRefused, refuse

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
    return refuse(
        "pdf_broken",
        _(
            "“%(name)s” is a damaged PDF that cannot be read. Save or export it again and "
            "upload it anew."
        ),
        name,
    )


def _pdf_bomb(name: str) -> UploadRefused:
    return refuse(
        "pdf_bomb",
        _("“%(name)s” is a PDF that unpacks to far more data than allowed."),
        name,
    )


def _pdf_refusal(name: str, finding: str) -> UploadRefused:
    if finding == PDF_SCRIPT:
        return refuse(
            PDF_SCRIPT,
            _(
                "“%(name)s” is a PDF that contains JavaScript. Save it without scripts (for "
                "example by printing it to a new PDF) and upload it again."
            ),
            name,
        )
    if finding == PDF_LAUNCH:
        return refuse(
            PDF_LAUNCH,
            _("“%(name)s” is a PDF that tries to start other programs and cannot be uploaded."),
            name,
        )
    if finding == PDF_EMBEDDED:
        return refuse(
            PDF_EMBEDDED,
            _(
                "“%(name)s” is a PDF with attached files. Upload the PDF without them, and "
                "the attached files on their own."
            ),
            name,
        )
    return refuse(
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
            raise refuse(
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


def check_pdf(name: str, data: bytes, limits: UploadLimits) -> None:
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
        raise refuse(
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
