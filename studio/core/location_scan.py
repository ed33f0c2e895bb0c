"""Does a file still carry a location? A header-only scan of JPEG, PNG and MP4/MOV members.

`studio verify` asks this of every package member: images must never carry EXIF GPS or XMP location (the
packer re-encodes them), and a video keeps its location only when the creator opted in, so the verifier
warns. The scan reads only what it needs (JPEG segments up to the picture data, PNG chunks up to the first
IDAT, the MP4 `moov` box, capped) and returns a short description of what it found, or None.
Pure Python on a binary file object: no Qt, no media libraries, safe on hostile input (every length is
checked against what is left, and reads are capped).
"""

from __future__ import annotations

import struct
from typing import BinaryIO

MOOV_CAP = 64 * 1024 * 1024
SEGMENT_CAP = 1024 * 1024
_GPS_IFD_TAG = 0x8825
_XMP_MARKERS = (b"GPSLatitude", b"GPSLongitude", b"exif:GPS", b"photoshop:City", b"Iptc4xmpExt:LocationShown")
_MP4_MARKERS = ((b"\xa9xyz", "©xyz GPS atom"), (b"location.ISO6709", "ISO 6709 location key"),
                (b"com.apple.quicktime.location", "Apple location key"), (b"loci", "3GPP location box"))


def _exif_has_gps(tiff: bytes) -> bool:
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        return False
    order = "<" if tiff[:2] == b"II" else ">"
    (offset,) = struct.unpack_from(order + "I", tiff, 4)
    if offset + 2 > len(tiff):
        return False
    (count,) = struct.unpack_from(order + "H", tiff, offset)
    for i in range(min(count, 512)):
        entry = offset + 2 + 12 * i
        if entry + 12 > len(tiff):
            return False
        (tag,) = struct.unpack_from(order + "H", tiff, entry)
        if tag == _GPS_IFD_TAG:
            return True
    return False


def _jpeg(fh: BinaryIO) -> str | None:
    fh.seek(2)
    while True:
        marker = fh.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        kind = marker[1]
        if kind in (0xD8, 0x01) or 0xD0 <= kind <= 0xD7:
            continue
        if kind in (0xDA, 0xD9):  # start of scan / end: no more metadata
            return None
        raw = fh.read(2)
        if len(raw) < 2:
            return None
        length = struct.unpack(">H", raw)[0] - 2
        if length < 0:
            return None
        if kind == 0xE1 and length <= SEGMENT_CAP:
            body = fh.read(length)
            if body.startswith(b"Exif\x00\x00") and _exif_has_gps(body[6:]):
                return "EXIF GPS"
            if b"http://ns.adobe.com/xap/1.0/" in body[:64] and any(m in body for m in _XMP_MARKERS):
                return "XMP location"
        else:
            fh.seek(length, 1)


def _png(fh: BinaryIO) -> str | None:
    fh.seek(8)
    while True:
        head = fh.read(8)
        if len(head) < 8:
            return None
        length, kind = struct.unpack(">I4s", head)
        if kind == b"IDAT":
            return None
        if kind in (b"eXIf", b"iTXt", b"tEXt", b"zTXt") and length <= SEGMENT_CAP:
            body = fh.read(length)
            if kind == b"eXIf" and _exif_has_gps(body):
                return "EXIF GPS"
            if any(m in body for m in _XMP_MARKERS):
                return "XMP location"
            fh.seek(4, 1)
        else:
            fh.seek(length + 4, 1)


def _mp4(fh: BinaryIO, size: int) -> str | None:
    position = 0
    while position + 8 <= size:
        fh.seek(position)
        head = fh.read(16)
        if len(head) < 8:
            return None
        box_size, kind = struct.unpack(">I4s", head[:8])
        header = 8
        if box_size == 1 and len(head) == 16:
            box_size = struct.unpack(">Q", head[8:16])[0]
            header = 16
        elif box_size == 0:
            box_size = size - position
        if box_size < header:
            return None
        if kind == b"moov":
            fh.seek(position + header)
            body = fh.read(min(box_size - header, MOOV_CAP))
            for marker, what in _MP4_MARKERS:
                if marker in body:
                    return what
            return None
        position += box_size
    return None


def find_location(fh: BinaryIO, size: int) -> str | None:
    """What location metadata the file in `fh` (of `size` bytes) carries, e.g. "EXIF GPS", or None."""
    fh.seek(0)
    magic = fh.read(12)
    if magic[:3] == b"\xff\xd8\xff":
        return _jpeg(fh)
    if magic[:8] == b"\x89PNG\r\n\x1a\n":
        return _png(fh)
    if magic[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"):
        return _mp4(fh, size)
    return None
