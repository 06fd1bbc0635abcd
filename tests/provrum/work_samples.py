"""Sample files for the upload tests, made here from scratch: good ones and bad ones.

Office files come from python-docx and openpyxl, or are put together with
zipfile; PDFs from WeasyPrint or written by hand (with a correct cross-reference
table); images from Pillow.
"""

import io
import struct
import zipfile
import zlib

from PIL import Image

CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
MAIN_TYPES = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office files, and encrypted new ones
MACRO_TYPES = {
    "docx": "application/vnd.ms-word.document.macroEnabled.main+xml",
    "xlsx": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "pptx": "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
}


# Office ------------------------------------------------------------------------------


def docx_bytes(text="Minnesanteckningar från startmötet – å ä ö") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Region"
    workbook.active["B1"] = 12
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def content_types(main_part: str, main_type: str, extra: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Types xmlns="{CONTENT_TYPES_NS}">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        f"{extra}</Types>"
    ).encode()


def ooxml_bytes(kind="pptx", *, main_type=None, members=None, omit_main=False) -> bytes:
    """A minimal Office file of ``kind``, put together with zipfile."""
    part, declared = MAIN_TYPES[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types(part, main_type or declared))
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'officeDocument" Target="{part}"/></Relationships>',
        )
        if not omit_main:
            archive.writestr(part, '<?xml version="1.0" encoding="UTF-8"?><root/>')
        for name, data in (members or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def pptx_bytes() -> bytes:
    return ooxml_bytes("pptx")


def rezip(data: bytes, *, add=None, replace=None, drop=()) -> bytes:
    """The zip file with parts added, replaced or dropped."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def docm_bytes(*, with_vba=True, with_type=True) -> bytes:
    """A Word file with macros (what Word saves as .docm)."""
    data = docx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    if with_type:
        types = types.replace(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            MACRO_TYPES["docx"],
        )
    add = {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"Attribute VB_Name" * 20}
    return rezip(data, replace={"[Content_Types].xml": types}, add=add if with_vba else None)


def zip_bomb_docx(unpacked_bytes=30 * 1024 * 1024) -> bytes:
    """A .docx-looking file with a part of zeros that packs a thousand to one."""
    return rezip(docx_bytes(), add={"word/media/image1.bin": bytes(unpacked_bytes)})


def nested_zip_docx() -> bytes:
    """A Word file with an Excel workbook embedded in it (a zip inside the zip)."""
    return rezip(docx_bytes(), add={"word/embeddings/Microsoft_Excel_Worksheet.bin": xlsx_bytes()})


def encrypted_zip() -> bytes:
    """A zip whose parts say they are encrypted (the flag zipfile cannot set itself)."""
    data = bytearray(docx_bytes())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (found := data.find(signature, start)) >= 0:
            data[found + flag_at] |= 0x01
            start = found + 4
    return bytes(data)


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("anteckningar.txt", "Hej")
    return out.getvalue()


def jar_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("META-INF/MANIFEST.MF", "Main-Class: Evil\n")
        archive.writestr("Evil.class", b"\xca\xfe\xba\xbe" + bytes(20))
    return out.getvalue()


def corrupt_member(data: bytes) -> bytes:
    """The zip with bytes in its main part's packed data changed: its checksum fails."""
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
    # The local header: 30 bytes, then the name and the extra field.
    at = info.header_offset
    name_length, extra_length = struct.unpack("<HH", bytes(raw[at + 26 : at + 30]))
    start = at + 30 + name_length + extra_length
    for index in range(start + 10, start + 20):
        raw[index] ^= 0xFF
    return bytes(raw)


# PDF ---------------------------------------------------------------------------------


def weasyprint_pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string="<h1>Minnesanteckningar</h1><p>Å ä ö.</p>").write_pdf()


def hand_pdf(catalog_extra: bytes = b"", *, trailer_extra: bytes = b"", objects=()) -> bytes:
    """A small, valid PDF written by hand, with a correct cross-reference table.

    ``catalog_extra`` goes into the catalog's dictionary; ``objects`` are more
    objects (their bodies) numbered from 4.
    """
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        *objects,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(bodies) + 1) + trailer_extra + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream_object(dictionary: bytes, data: bytes) -> bytes:
    return dictionary[:-2] + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def pdf_with_hidden_javascript() -> bytes:
    """JavaScript inside a compressed object stream, where a plain search cannot see it."""
    inner = b"5 0 << /S /JavaScript /JS (app.alert\\(1\\)) >>"
    packed = zlib.compress(inner)
    return hand_pdf(
        b"/OpenAction 5 0 R",
        objects=[stream_object(b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>", packed)],
    )


# Images ------------------------------------------------------------------------------


def image_bytes(format_="PNG", size=(40, 30)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 60))
    out = io.BytesIO()
    image.save(out, format=format_)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge size (a decompression bomb's first step)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    data = zlib.compress(b"\x00" * 10)
    idat = struct.pack(">I", len(data)) + b"IDAT" + data
    idat += struct.pack(">I", zlib.crc32(b"IDAT" + data))
    iend = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + iend
