"""Photos from phones, made safe to store: decoded with Pillow under a pixel cap, re-encoded as a plain JPEG.

Re-encoding drops everything but the pixels: EXIF (the phone's GPS position, its serial number, the time),
XMP, comments and any payload hidden after the image. The pixel cap is checked on the header before any
decoding, so a small file that declares a huge image (a decompression bomb) is refused without using memory.
"""

from __future__ import annotations

import io
import warnings

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 48-megapixel phone shot is scaled in the camera app; 40 M covers real photos
MAX_SIDE = 2048  # stored photos are at most this wide or high
JPEG_QUALITY = 82
FORMATS = ("JPEG", "PNG", "WEBP", "HEIF", "MPO", "GIF")


class ImageRejected(ValueError):
    """An upload that is not a usable photo; the message is for the user, in Swedish."""


def clean_photo(data: bytes) -> bytes:
    """The photo as a JPEG of at most MAX_SIDE pixels a side, rotated as the phone meant, without metadata."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(
            _("Bilden är för stor. Största tillåtna storlek är %(max)s MB.") % {"max": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise ImageRejected(_("Filen är inte en bild i JPEG-, PNG- eller WebP-format."))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageRejected(_("Bilden har för många bildpunkter."))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's own cap (about 89 million pixels) refuses the largest bombs already in Image.open, before
        # the check above: the same answer, not "cannot be read".
        raise ImageRejected(_("Bilden har för många bildpunkter.")) from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ImageRejected(_("Filen går inte att läsa som en bild.")) from error
    upright: Image.Image = ImageOps.exif_transpose(image)
    if upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    upright.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()
