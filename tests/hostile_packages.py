"""Hostile packages built byte by byte for the reader's and the platform's tests (and the memory benchmark):
zips whose end records lie, zips with bytes around them, a manifest nested 100,000 deep.

    many_entries(path, count)          a zip of `count` empty members (with a valid manifest first)
    with_zip64_end(data, entries=N)    the same zip ended by ZIP64 records that claim N entries
    claim_entries(data, 0xFFFF)        the plain end record's entry counts overwritten
"""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path
from typing import Any

EOCD = b"PK\x05\x06"


def many_entries(path: Path, count: int, manifest: dict[str, Any] | None = None, name_len: int = 8) -> Path:
    """A zip holding `manifest.json` and `count` empty stored members named by number."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest or {}))
        for i in range(count):
            zf.writestr(f"m/{i:0{name_len}d}", b"")
    return path


def _eocd(data: bytes) -> int:
    end = data.rfind(EOCD)
    assert end >= 0 and len(data) - end == 22, "the zip must end with an end record and no comment"
    return end


def claim_entries(data: bytes, entries: int) -> bytes:
    """`data` (a zip) with the entry counts of its end record set to `entries` (0 to 0xFFFF)."""
    out = bytearray(data)
    end = _eocd(data)
    struct.pack_into("<HH", out, end + 8, entries, entries)
    return bytes(out)


def with_zip64_end(data: bytes, entries: int) -> bytes:
    """`data` (a zip without ZIP64 end records) re-ended with a ZIP64 end record claiming `entries` entries and
    a plain end record whose fields all say "see ZIP64"."""
    end = _eocd(data)
    cd_size, cd_offset = struct.unpack("<II", data[end + 12:end + 20])
    body = data[:end]
    record_at = len(body)
    record = b"PK\x06\x06" + struct.pack("<QHHIIQQQQ", 44, 45, 45, 0, 0, entries, entries, cd_size, cd_offset)
    locator = b"PK\x06\x07" + struct.pack("<IQI", 0, record_at, 1)
    eocd = EOCD + struct.pack("<4HIIH", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return body + record + locator + eocd


def nested_json(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth
