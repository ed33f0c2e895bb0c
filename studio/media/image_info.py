"""Measure a product image without decoding it: format, pixel size and bytes, read from the file's header.

Listing images come from shops' exports (tens of thousands of them), so this reads only the header bytes
of JPEG (SOF marker), PNG (IHDR) and WebP (VP8 / VP8L / VP8X) files: nothing is decoded, so a crafted file
cannot crash a decoder here, and 50,000 checks take well under a second. Other formats are named when
recognised (gif, bmp) so the rule can say what the file is. The decision (format allowed, >= 400 px,
<= 5 MB) is `studio.core.merchant_listing.check_image`'s; this module only measures.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import BinaryIO

from studio.core.errors import QT_TRANSLATE_NOOP, InputError
from studio.core.merchant_listing import ImageFacts

MAX_PIXELS = 40_000_000
"""A picture larger than this (about 6300x6300) is refused before anything decodes it: a decoder needs 3-4
bytes per pixel (a 32000x32000 PNG: 4 GB), and no product or cover picture needs more."""
T_TOO_MANY_PIXELS = QT_TRANSLATE_NOOP(
    "errors", "the picture is {width}x{height} pixels; at most {limit} million pixels are read")

_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(fh: BinaryIO) -> tuple[int, int] | None:
    fh.seek(2)
    while True:
        byte = fh.read(1)
        while byte and byte != b"\xff":
            byte = fh.read(1)
        while byte == b"\xff":
            byte = fh.read(1)
        if not byte:
            return None
        marker = byte[0]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            continue
        if marker == 0xD9:
            return None
        raw = fh.read(2)
        if len(raw) < 2:
            return None
        length = struct.unpack(">H", raw)[0]
        if marker in _JPEG_SOF:
            body = fh.read(5)
            if len(body) < 5:
                return None
            height, width = struct.unpack(">HH", body[1:5])
            return width, height
        fh.seek(length - 2, os.SEEK_CUR)


def _webp_size(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8 " and len(head) >= 30 and head[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(head) >= 25 and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(head) >= 30:
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    return None


def too_many_pixels(facts: ImageFacts | None) -> bool:
    return facts is not None and facts.width * facts.height > MAX_PIXELS


def check_decodable(path: str | os.PathLike[str]) -> None:
    """InputError when the picture at `path` says it is larger than `MAX_PIXELS` (read from its header)."""
    facts = measure_image(path)
    if facts is not None and too_many_pixels(facts):
        raise InputError(T_TOO_MANY_PIXELS, path, code="image_too_many_pixels", width=facts.width,
                         height=facts.height, limit=MAX_PIXELS // 1_000_000)


def measure_image(path: str | os.PathLike[str]) -> ImageFacts | None:
    """The image's facts; None when the file is missing or unreadable. An unknown format has `format=None`."""
    try:
        with open(Path(path), "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(64)
            fmt: str | None = None
            dims: tuple[int, int] | None = None
            if head.startswith(b"\x89PNG\r\n\x1a\n"):
                fmt = "png"
                if head[12:16] == b"IHDR" and len(head) >= 24:
                    dims = struct.unpack(">II", head[16:24])
            elif head.startswith(b"\xff\xd8\xff"):
                fmt, dims = "jpeg", _jpeg_size(fh)
            elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
                fmt, dims = "webp", _webp_size(head)
            elif head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
                fmt, dims = "gif", struct.unpack("<HH", head[6:10])
            elif head[:2] == b"BM":
                fmt = "bmp"
    except (OSError, struct.error):
        return None
    if fmt in ("png", "jpeg", "webp") and dims is None:
        fmt = None  # says it is one but its header is broken
    width, height = dims or (0, 0)
    return ImageFacts(fmt, int(width), int(height), size)
