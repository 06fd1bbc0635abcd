"""Images (PNG, JPEG, WebP): decoded with Pillow to check them; a damaged or truncated
one fails, a huge one is refused unread."""

import io
import warnings

from django.utils.translation import gettext as _

from reglab.core.uploads.base import IMAGE_KINDS, JPEG, UploadLimits, UploadRefused, refuse

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"


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


def check_image(name: str, data: bytes, kind: str, limits: UploadLimits) -> None:
    """Decode the image: a damaged or truncated one fails, a huge one is refused unread."""
    from PIL import Image

    broken = refuse(
        "image_broken",
        _("“%(name)s” is a damaged or incomplete image. Save it again and upload it anew."),
        name,
    )
    pixel_limit = min(limits.max_image_pixels, Image.MAX_IMAGE_PIXELS or limits.max_image_pixels)

    def too_large(pixels=None):
        if pixels is None:
            return refuse(
                "image_too_large",
                _(
                    "“%(name)s” is too large an image to check (at most %(limit)s "
                    "megapixels). Make it smaller and upload it again."
                ),
                name,
                limit=round(pixel_limit / 1_000_000),
            )
        return refuse(
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
