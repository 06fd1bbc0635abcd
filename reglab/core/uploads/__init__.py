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
a clean display name) or raises ``UploadRefused(code, message)``. One module per
kind of file (``office``, ``pdf``, ``images``) beside what they share (``base``)
and the detection that sends a file to its checks (``inspection``); this package
is their public face, used by every app that keeps uploaded files.
"""

from reglab.core.uploads.base import (
    CONTENT_TYPES,
    EXTENSIONS,
    IMAGE_KINDS,
    SERVED_DOCUMENT_CSP,
    Inspected,
    UploadLimits,
    UploadRefused,
    check_size,
    clean_file_name,
    file_extension,
    size_text,
)
from reglab.core.uploads.images import jpeg_is_complete
from reglab.core.uploads.inspection import inspect_upload, is_program, sniff
from reglab.core.uploads.office import field_fetches, field_instructions, formula_fetches
from reglab.core.uploads.pdf import pdf_findings

__all__ = [
    "CONTENT_TYPES",
    "EXTENSIONS",
    "IMAGE_KINDS",
    "SERVED_DOCUMENT_CSP",
    "Inspected",
    "UploadLimits",
    "UploadRefused",
    "check_size",
    "clean_file_name",
    "field_fetches",
    "field_instructions",
    "file_extension",
    "formula_fetches",
    "inspect_upload",
    "is_program",
    "jpeg_is_complete",
    "pdf_findings",
    "size_text",
    "sniff",
]
