"""Cover pixels without Qt: crop a picture to the cover, encode it as a JPEG under the size limit, and read
an imported image the way a person sees it.

Holds: `crop_to_cover` (the crop box of `core.cover_rules` cut out of an RGB array and scaled to the
cover's output size), `encode_jpeg` (baseline JPEG, quality lowered step by step until it fits the limit)
and `load_image` (an imported picture, EXIF orientation applied, as RGB).
Must not hold: the rules (`core.cover_rules`), the title (`studio.render.cover_title`), files of the project.

Decisions:
- The JPEG is written by OpenCV's libjpeg: a JFIF header and nothing else, so no EXIF (no rotation tag to
  surprise a viewer, no camera or GPS tags) and no ICC profile; untagged JPEGs are read as sRGB, and the
  pixels are the sRGB values of the decoded frame (libswscale's RGB), so "sRGB" needs no profile.
- Quality starts at 92 and drops by 6 down to 20; a picture that still does not fit is an error (a
  1080x1920 cover at quality 20 is far below 2 MB unless it is noise).
- `load_image` decodes with `cv2.imdecode(IMREAD_COLOR)`, which applies the EXIF orientation (OpenCV does it
  by default since 3.1); the decoded pixels are all that is kept, so every other tag is dropped on export.
"""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np

from studio.core import cover_rules
from studio.core.errors import QT_TRANSLATE_NOOP, InputError, MediaError, ValidationError
from studio.core.project import CoverAspect, Rect
from studio.media.image_info import check_decodable

START_QUALITY = 92
QUALITY_STEP = 6
MIN_QUALITY = 20
MAX_IMAGE_BYTES = 100_000_000
"""An imported image larger than this is refused before it is decoded."""


def crop_to_cover(image: np.ndarray, aspect: CoverAspect | str, crop: Rect | None) -> tuple[np.ndarray, int]:
    """`image` (RGB uint8, h x w x 3) cut to the crop box and scaled to the cover's output size.

    Returns the cover's pixels (a new array) and the crop's width in source pixels (for the size rule).
    """
    height, width = image.shape[:2]
    x, y, w, h = cover_rules.crop_box_px(width, height, aspect, crop)
    out_w, out_h = cover_rules.output_size(aspect)
    part = image[y:y + h, x:x + w]
    interpolation = cv2.INTER_AREA if w > out_w else cv2.INTER_CUBIC
    return np.ascontiguousarray(cv2.resize(part, (out_w, out_h), interpolation=interpolation)), w


def encode_jpeg(image: np.ndarray, *, max_bytes: int = cover_rules.MAX_BYTES, path: str | None = None
                ) -> tuple[bytes, int]:
    """`image` (RGB uint8) as JPEG bytes of at most `max_bytes`, and the quality used.

    The quality starts at `START_QUALITY` and is lowered until the file fits; ValidationError when even
    `MIN_QUALITY` does not fit.
    """
    bgr = cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2BGR)
    quality = START_QUALITY
    while True:
        ok, data = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality, cv2.IMWRITE_JPEG_OPTIMIZE, 1])
        if not ok:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "the cover could not be encoded as JPEG"), path,
                                  code="cover_encode")
        if len(data) <= max_bytes:
            return data.tobytes(), quality
        if quality <= MIN_QUALITY:
            raise ValidationError(
                QT_TRANSLATE_NOOP("errors", "the cover is {megabytes} MB even at the lowest quality; at most 2 MB"),
                path, code="cover_too_large", megabytes=round(len(data) / 1e6, 2))
        quality = max(MIN_QUALITY, quality - QUALITY_STEP)


def load_image(path: str | os.PathLike[str]) -> np.ndarray:
    """The imported image at `path` as RGB uint8, turned upright by its EXIF orientation; InputError naming it."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise InputError(QT_TRANSLATE_NOOP("errors", "the image is {megabytes} MB; at most 100 MB"), p,
                             code="image_too_large", megabytes=round(size / 1e6, 1))
        check_decodable(p)  # from the header: a huge picture is refused before it takes gigabytes to decode
        data = np.fromfile(p, dtype=np.uint8)
    except FileNotFoundError:
        raise InputError(QT_TRANSLATE_NOOP("errors", "the file does not exist"), p, code="missing") from None
    except IsADirectoryError:
        raise InputError(QT_TRANSLATE_NOOP("errors", "this is a folder, not a video file"), p,
                         code="is_directory") from None
    except OSError as exc:
        raise InputError(QT_TRANSLATE_NOOP("errors", "the file cannot be read: {detail}"), p, code="unreadable",
                         detail=exc.strerror or str(exc)) from None
    bgr = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if bgr is None:
        raise MediaError(QT_TRANSLATE_NOOP("errors", "the file is not an image this app can read"), p,
                         code="not_image")
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
