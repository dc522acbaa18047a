"""A card read from a photo: where the counter has no USB scanner, the phone or tablet
takes a picture of the card and the server reads its QR code (zxing-cpp). A photo works
over the village Wi-Fi's plain http, where browsers keep the live camera from pages."""

from __future__ import annotations

import io
import struct

import zxingcpp
from PIL import Image, ImageOps, UnidentifiedImageError

from ledger import limits
from ledger.domain.errors import Refused

PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")
# Wide enough for a card filling a third of the frame, small enough to read in milliseconds.
READ_SIDE_PIXELS = 1600


def card_text_from_photo(photo: bytes) -> str:
    """The text of the photo's QR code (a card URL), or a refusal saying what to do instead."""
    if not photo:
        raise Refused("validation_failed", "take a photo of the card first")
    if len(photo) > limits.CARD_PHOTO_BYTES_MAX:
        raise Refused(
            "body_too_large", "a photo is at most {mib} MiB", mib=limits.CARD_PHOTO_BYTES_MAX // (1024 * 1024)
        )
    try:
        # Only what a phone's camera makes: no other decoder of Pillow's sees staff uploads.
        with Image.open(io.BytesIO(photo), formats=PHOTO_FORMATS) as image:
            if image.width * image.height > limits.IMAGE_PIXELS_MAX:
                raise Refused("validation_failed", "the image has too many pixels")
            image.draft("L", (READ_SIDE_PIXELS, READ_SIDE_PIXELS))  # a JPEG decodes at the size read
            upright = ImageOps.exif_transpose(image) or image
            upright.thumbnail((READ_SIDE_PIXELS, READ_SIDE_PIXELS))
            found = zxingcpp.read_barcodes(
                upright.convert("L"), formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
            )
    except (
        UnidentifiedImageError,
        OSError,
        Image.DecompressionBombError,
        SyntaxError,
        ValueError,  # a broken EXIF block
        struct.error,
    ) as error:
        raise Refused("validation_failed", "not a readable image") from error
    texts = [result.text for result in found if result.text]
    if not texts:
        raise Refused("not_found", "no QR code in the photo: take it again closer, or type the card's code")
    return texts[0][: limits.CARD_TEXT_MAX]
