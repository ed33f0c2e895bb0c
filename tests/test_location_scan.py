"""The location scan that `studio verify` runs on package members."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.location_scan import find_location
from studio.media.runner import run_ffmpeg


def scan(path: Path) -> str | None:
    with path.open("rb") as fh:
        return find_location(fh, path.stat().st_size)


def test_real_gps_movies_are_found(real_media: Path) -> None:
    assert scan(real_media / "mxi__with-gps.mov") is not None
    assert scan(real_media / "androidx__dolbyVision-hdr.MOV") is not None
    assert scan(real_media / "androidx__h265_with_metadata_track.mp4") is not None


def test_real_files_without_location_are_clean(real_media: Path) -> None:
    for name in ("exiforient__Portrait_6.jpg", "immich__craft-beer.jpg", "skimage__coffee.png",
                 "moviepy__chaplin.mp4", "androidx__portrait_4k60.mp4"):
        assert scan(real_media / name) is None, name


def test_stripped_copy_of_a_gps_movie_is_clean(real_media: Path, tmp_path: Path) -> None:
    out = tmp_path / "stripped.mp4"
    run_ffmpeg(["-i", str(real_media / "mxi__with-gps.mov"), "-map", "0:v", "-map", "0:a", "-c", "copy",
                "-map_metadata", "-1", str(out)], what=out)
    assert scan(out) is None


def _jpeg_with_gps() -> bytes:
    # a minimal JPEG header: SOI, APP1 Exif with a little-endian TIFF whose IFD0 holds a GPS IFD pointer, EOI
    tiff = b"II*\x00" + (8).to_bytes(4, "little") + (1).to_bytes(2, "little")
    tiff += (0x8825).to_bytes(2, "little") + (4).to_bytes(2, "little") + (1).to_bytes(4, "little")
    tiff += (26).to_bytes(4, "little") + (0).to_bytes(4, "little")
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xd8\xff\xe1" + (len(body) + 2).to_bytes(2, "big") + body + b"\xff\xda\x00\x02\xff\xd9"


def test_hand_made_jpeg_with_gps(tmp_path: Path) -> None:
    path = tmp_path / "gps.jpg"
    path.write_bytes(_jpeg_with_gps())
    assert scan(path) == "EXIF GPS"


@pytest.mark.parametrize("data", [b"", b"\xff\xd8\xff", b"\xff\xd8\xff\xe1\xff\xff", b"\x89PNG\r\n\x1a\n\x00",
                                  b"\x00\x00\x00\x00ftyp", b"\x00\x00\x00\x01moov" + b"\xff" * 8, b"junk" * 100])
def test_hostile_or_truncated_input_never_raises(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bad.bin"
    path.write_bytes(data)
    assert scan(path) is None
