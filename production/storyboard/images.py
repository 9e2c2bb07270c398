"""A storyboard frame's picture: an uploaded image checked, turned upright and made a JPEG at
most ``MAX_SIDE`` pixels on its long side (metadata dropped), or a still of a reference video."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 60_000_000  # a 60-megapixel picture; more is refused before it is decoded
MAX_SIDE = 1600
THUMB_WIDTH = 480  # the board's grid shows this
ACCEPTED = ("JPEG", "PNG", "WEBP", "GIF")


@dataclass(frozen=True)
class Picture:
    jpeg: bytes
    width: int
    height: int
    thumb: bytes  # the picture at most THUMB_WIDTH wide, for the board's grid
    source_frame: int | None = None  # the frame of the reference video it is a still of


def _jpeg(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=86, optimize=True)
    return out.getvalue()


def _thumb(image) -> bytes:
    small = image.copy()
    small.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 4))
    return _jpeg(small)


def picture_from_jpeg(jpeg: bytes, *, source_frame: int | None = None) -> Picture:
    """A picture from a JPEG we made (a still of a video), with its thumbnail."""
    from PIL import Image

    with Image.open(io.BytesIO(jpeg)) as image:
        image = image.convert("RGB")
        return Picture(
            jpeg=jpeg, width=image.width, height=image.height, thumb=_thumb(image), source_frame=source_frame
        )


def picture_from_upload(data: bytes) -> Picture:
    """The picture in an uploaded image file; ValidationError when it is not one we take."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise ValidationError({"image": "The image file is empty."})
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError({"image": f"The image is too large ({len(data) // (1024 * 1024)} MB; at most 20 MB)."})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
        if kind not in ACCEPTED:
            raise ValidationError({"image": f"{kind} images are not taken: upload a JPEG, PNG, WebP or GIF."})
        if width * height > MAX_PIXELS:
            raise ValidationError({"image": f"The image is too large ({width} by {height} pixels)."})
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                flat = Image.new("RGB", image.size, (255, 255, 255))
                flat.paste(image, mask=image.getchannel("A"))
                image = flat
            else:
                image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            return Picture(jpeg=_jpeg(image), width=image.width, height=image.height, thumb=_thumb(image))
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            {"image": "This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF."}
        ) from exc
