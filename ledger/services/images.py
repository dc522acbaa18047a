"""Uploaded images, checked and re-encoded with Pillow: only JPEG, PNG or WebP come in,
at most IMAGE_BYTES_MAX; what is kept is a fresh JPEG or PNG of at most
IMAGE_SIDE_MAX pixels a side, so no EXIF (and no GPS position) survives."""

from __future__ import annotations

import hashlib
import io

from PIL import Image, UnidentifiedImageError

from ledger import limits
from ledger.domain.errors import Refused
from ledger.domain.images import CleanImage

ACCEPTED = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def clean_image(upload: bytes) -> CleanImage:
    if not upload:
        raise Refused("validation_failed", "no image in the request body")
    if len(upload) > limits.IMAGE_BYTES_MAX:
        raise Refused("body_too_large", "an image is at most {kib} KiB", kib=limits.IMAGE_BYTES_MAX // 1024)
    try:
        with Image.open(io.BytesIO(upload)) as probe:
            kind = probe.format
            probe.verify()
        with Image.open(io.BytesIO(upload)) as image:
            if image.width * image.height > limits.IMAGE_PIXELS_MAX:
                raise Refused("validation_failed", "the image has too many pixels")
            image.thumbnail((limits.IMAGE_SIDE_MAX, limits.IMAGE_SIDE_MAX))
            keep_alpha = image.mode in ("RGBA", "LA", "P") and kind != "JPEG"
            out = io.BytesIO()
            if keep_alpha:
                image.convert("RGBA").save(out, format="PNG", optimize=True)
                media_type = "image/png"
            else:
                image.convert("RGB").save(out, format="JPEG", quality=85)
                media_type = "image/jpeg"
            width, height = image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as error:
        raise Refused("validation_failed", "not a readable image") from error
    if kind not in ACCEPTED:
        raise Refused("validation_failed", "only JPEG, PNG or WebP images")
    content = out.getvalue()
    return CleanImage(media_type, content, hashlib.sha256(content).digest(), width, height)
