"""What a listing picture must be before it leaves the merchant's machine, and the cleaning it gets.

`prepare_listing_image(data, name)` takes the bytes of a picture the merchant chose (the CSV's image column,
e.g. 主图, or a file picked in the Listings window) and returns what is sent: a JPEG, PNG or WebP picture of at
most `IMAGE_MAX_BYTES`, with its metadata removed (EXIF and XMP, where phones write the GPS position, and
PNG text chunks), said when a location was there. Anything else is refused with an error naming the file.
Removing whole metadata segments leaves the picture's own bytes untouched (no re-encoding, no quality loss).
Pure Python on bytes: no Qt, no network, no decoder; every length is checked against what is left.
Must not hold: reading files, HTTP (platform.image_cache sends the result).
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from studio.core.errors import QT_TRANSLATE_NOOP, InputError
from studio.core.location_scan import find_location
from studio.core.merchant_listing import IMAGE_MAX_BYTES

T_NOT_IMAGE = QT_TRANSLATE_NOOP("errors", "{name} is not a JPEG, PNG or WebP picture")
T_TOO_BIG = QT_TRANSLATE_NOOP("errors", "{name} is {size_mb} MB; a listing picture may be at most {limit_mb} MB")
T_DAMAGED = QT_TRANSLATE_NOOP("errors", "{name} is damaged: its {what} ends before it should")
T_LOCATION_REMOVED = QT_TRANSLATE_NOOP("errors", "the location ({what}) in {name} was removed before sending")

_JPEG_DROP = frozenset({0xE1, 0xED})  # APP1 (EXIF, XMP), APP13 (IPTC / Photoshop): where locations live
_PNG_DROP = frozenset({b"eXIf", b"tEXt", b"zTXt", b"iTXt"})
_WEBP_DROP = frozenset({b"EXIF", b"XMP "})
_WEBP_EXIF_FLAG, _WEBP_XMP_FLAG = 0x08, 0x04


@dataclass(frozen=True)
class ListingImage:
    data: bytes
    content_type: str
    location: str | None
    """What location metadata the original carried ("EXIF GPS", ...), removed from `data`; None when none."""


def _damaged(name: str, what: str) -> InputError:
    return InputError(T_DAMAGED, code="image_damaged", name=name, what=what)


def _clean_jpeg(data: bytes, name: str) -> bytes:
    out = bytearray(data[:2])
    at = 2
    while at < len(data):
        if data[at] != 0xFF or at + 1 >= len(data):
            raise _damaged(name, "JPEG header")
        kind = data[at + 1]
        if kind in (0xD8, 0x01) or 0xD0 <= kind <= 0xD7:
            out += data[at:at + 2]
            at += 2
            continue
        if kind in (0xDA, 0xD9):  # start of scan: the rest is the picture
            return bytes(out + data[at:])
        if at + 4 > len(data):
            raise _damaged(name, "JPEG header")
        length = struct.unpack_from(">H", data, at + 2)[0]
        end = at + 2 + length
        if length < 2 or end > len(data):
            raise _damaged(name, "JPEG header")
        if kind not in _JPEG_DROP:
            out += data[at:end]
        at = end
    raise _damaged(name, "JPEG header")


def _clean_png(data: bytes, name: str) -> bytes:
    out = bytearray(data[:8])
    at = 8
    while at < len(data):
        if at + 8 > len(data):
            raise _damaged(name, "PNG chunk list")
        length = struct.unpack_from(">I", data, at)[0]
        kind = data[at + 4:at + 8]
        end = at + 12 + length
        if end > len(data):
            raise _damaged(name, "PNG chunk list")
        if kind not in _PNG_DROP:
            out += data[at:end]
        at = end
        if kind == b"IEND":
            return bytes(out)
    raise _damaged(name, "PNG chunk list")


def _clean_webp(data: bytes, name: str) -> tuple[bytes, bool]:
    chunks = bytearray()
    at = 12
    dropped = False
    while at < len(data):
        if at + 8 > len(data):
            raise _damaged(name, "WebP chunk list")
        kind = data[at:at + 4]
        length = struct.unpack_from("<I", data, at + 4)[0]
        end = at + 8 + length + (length & 1)
        if end > len(data) + (length & 1):
            raise _damaged(name, "WebP chunk list")
        chunk = bytearray(data[at:min(end, len(data))])
        if kind in _WEBP_DROP:
            dropped = True
        else:
            if kind == b"VP8X" and len(chunk) > 8:
                chunk[8] &= ~(_WEBP_EXIF_FLAG | _WEBP_XMP_FLAG) & 0xFF
            chunks += chunk
        at = end
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WEBP" + bytes(chunks), dropped


def prepare_listing_image(data: bytes, name: str, size: int | None = None) -> ListingImage:
    """The picture `data` (from the file `name`, `size` bytes whole when only its start was read) as it is
    sent: checked, its metadata removed."""
    size = len(data) if size is None else size
    if size > IMAGE_MAX_BYTES:
        raise InputError(T_TOO_BIG, code="image_too_big", name=name,
                         size_mb=f"{size / (1024 * 1024):.1f}", limit_mb=IMAGE_MAX_BYTES // (1024 * 1024))
    if data.startswith(b"\xff\xd8\xff"):
        location = find_location(io.BytesIO(data), len(data))
        return ListingImage(_clean_jpeg(data, name), "image/jpeg", location)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        location = find_location(io.BytesIO(data), len(data))
        return ListingImage(_clean_png(data, name), "image/png", location)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        cleaned, dropped = _clean_webp(data, name)
        return ListingImage(cleaned, "image/webp", "EXIF/XMP" if dropped else None)
    raise InputError(T_NOT_IMAGE, code="not_an_image", name=name)
