"""The cover export: the right frame, cropped to its aspect, a JPEG under 2 MB with no EXIF."""

from __future__ import annotations

import struct
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.core import cover_rules
from studio.core.cancel import CancelToken
from studio.core.errors import Cancelled, InputError, MediaError, ValidationError
from studio.core.media_ref import make_media_ref
from studio.core.project import CoverAspect, CoverChoice, Project, Rect, TrimRange
from studio.jobs.cover import export_cover
from studio.media.cover_image import crop_to_cover, encode_jpeg, load_image
from studio.media.frames import FrameServer
from studio.media.probe import probe
from tests.image_fixtures import read_rgb


def _segments(data: bytes) -> list[int]:
    """The JPEG marker bytes before the image data (APPn, DQT, SOF, ...)."""
    markers, i = [], 2
    while i < len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan
            break
        (length,) = struct.unpack(">H", data[i + 2:i + 4])
        i += 2 + length
    return markers


@pytest.fixture
def portrait(clip) -> Path:
    return clip(seconds=2.0, width=1080, height=1920, audio=False)


@pytest.mark.parametrize("aspect", ["3:4", "9:16"])
def test_export_is_the_chosen_frame_cropped_to_its_aspect(portrait: Path, tmp_path: Path, aspect: CoverAspect) -> None:
    project = Project(cover=CoverChoice(time_ms=1_000, aspect=aspect))
    result = export_cover(project, portrait, tmp_path / "cover.jpg")
    assert (result.width, result.height) == cover_rules.output_size(aspect)
    assert result.bytes == (tmp_path / "cover.jpg").stat().st_size <= cover_rules.MAX_BYTES
    assert result.time_ms == 1_000 and result.problems == []
    got = read_rgb(tmp_path / "cover.jpg")
    assert got.shape == (result.height, result.width, 3)
    with FrameServer(probe(portrait)) as frames:
        frame = frames.frame_at(1_000).image
        other = frames.frame_at(0).image
    want, _ = crop_to_cover(frame, aspect, None)
    wrong, _ = crop_to_cover(other, aspect, None)
    error = np.abs(got.astype(int) - want.astype(int)).mean()
    assert error < 3, error  # JPEG noise only
    assert error * 2 < np.abs(got.astype(int) - wrong.astype(int)).mean()


def test_without_a_choice_the_trims_first_frame_is_used(portrait: Path, tmp_path: Path) -> None:
    result = export_cover(Project(trim=TrimRange(700, 1_800)), portrait, tmp_path / "c.jpg")
    with FrameServer(probe(portrait)) as frames:
        assert result.time_ms == frames.frame_at(700).time_ms
    assert result.aspect == "3:4" and result.problems == []
    chosen_outside = Project(trim=TrimRange(700, 1_800), cover=CoverChoice(time_ms=1_900))
    assert [p.code for p in export_cover(chosen_outside, portrait, tmp_path / "c.jpg").problems] == ["outside_trim"]


def test_jpeg_has_no_exif_and_is_baseline_jfif(portrait: Path, tmp_path: Path) -> None:
    export_cover(Project(cover=CoverChoice(time_ms=0)), portrait, tmp_path / "c.jpg")
    markers = _segments((tmp_path / "c.jpg").read_bytes())
    assert markers[0] == 0xE0  # JFIF
    assert 0xE1 not in markers and 0xE2 not in markers  # no EXIF/XMP, no ICC profile: plain sRGB


def test_quality_is_lowered_until_the_file_fits() -> None:
    noise = np.random.default_rng(1).integers(0, 256, (1440, 1080, 3), dtype=np.uint8)
    big, big_quality = encode_jpeg(noise, max_bytes=10**9)
    limit = len(big) // 2
    data, quality = encode_jpeg(noise, max_bytes=limit)
    assert len(data) <= limit < len(big)
    assert quality < big_quality
    with pytest.raises(ValidationError) as info:
        encode_jpeg(noise, max_bytes=1000, path="x.jpg")
    assert info.value.code == "cover_too_large" and info.value.path == "x.jpg"


def test_crop_box_is_exact_aspect_and_inside_the_picture() -> None:
    for width, height in [(1080, 1920), (1920, 1080), (721, 1283), (100, 100)]:
        for aspect in ("3:4", "9:16"):
            for crop in (None, Rect(0.5, 0.5, 0.8, 0.8), Rect(-0.2, 0.1, 0.3, 2.0)):
                x, y, w, h = cover_rules.crop_box_px(width, height, aspect, crop)
                aw, ah = cover_rules.ratio(aspect)
                assert x >= 0 and y >= 0 and x + w <= width and y + h <= height
                assert abs(w * ah - h * aw) <= ah, (width, height, aspect, crop, w, h)


def test_a_placed_crop_is_used(portrait: Path, tmp_path: Path) -> None:
    crop = Rect(0.1, 0.5, 0.45, 0.45 * 1080 * 4 / 3 / 1920)  # 486 px wide, 3:4, lower left
    result = export_cover(Project(cover=CoverChoice(time_ms=500, crop=crop)), portrait, tmp_path / "c.jpg")
    assert abs(result.source_width - 486) <= 1
    with FrameServer(probe(portrait)) as frames:
        frame = frames.frame_at(500).image
    x, y, w, h = cover_rules.crop_box_px(1080, 1920, "3:4", crop)
    assert (x, y) == (108, 960)
    want = cv2.resize(frame[y:y + h, x:x + w], (1080, 1440), interpolation=cv2.INTER_CUBIC)
    assert np.abs(read_rgb(tmp_path / "c.jpg").astype(int) - want.astype(int)).mean() < 3
    assert [p.code for p in result.problems] == ["too_small"]


def test_small_source_is_scaled_up_with_a_warning(clip, tmp_path: Path) -> None:
    small = clip(seconds=1.0, width=360, height=640, audio=False)
    result = export_cover(Project(cover=CoverChoice(time_ms=0, aspect="9:16")), small, tmp_path / "c.jpg")
    assert (result.width, result.height) == (1080, 1920)
    assert [p.code for p in result.problems] == ["too_small"]
    assert result.problems[0].severity == "warning"


def _jpeg_with_orientation(rgb: np.ndarray, orientation: int) -> bytes:
    """A JPEG of `rgb` with an EXIF APP1 segment holding only the orientation tag."""
    ok, data = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    assert ok
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
    tiff += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    app1 = b"Exif\x00\x00" + tiff
    segment = b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
    raw = data.tobytes()
    return raw[:2] + segment + raw[2:]


def test_imported_image_is_turned_upright_and_stripped(tmp_path: Path) -> None:
    rgb = np.zeros((600, 800, 3), np.uint8)
    rgb[:, :400] = (255, 0, 0)  # left half red, right half blue (stored landscape)
    rgb[:, 400:] = (0, 0, 255)
    image = tmp_path / "photo.jpg"
    image.write_bytes(_jpeg_with_orientation(rgb, 6))  # 6: a viewer turns it 90° clockwise
    upright = load_image(image)
    assert upright.shape == (800, 600, 3)
    assert upright[50, 300, 0] > 200 and upright[750, 300, 2] > 200  # red on top, blue below
    project = Project(cover=CoverChoice(image=make_media_ref(image, None), aspect="3:4"))
    result = export_cover(project, tmp_path / "unused.mp4", tmp_path / "cover.jpg")
    assert result.time_ms is None and (result.width, result.height) == (1080, 1440)
    assert 0xE1 not in _segments((tmp_path / "cover.jpg").read_bytes())
    got = read_rgb(tmp_path / "cover.jpg")
    assert got[100, 540, 0] > 200 and got[1340, 540, 2] > 200


def test_errors_name_the_file(tmp_path: Path, portrait: Path) -> None:
    not_image = tmp_path / "notes.jpg"
    not_image.write_text("hello")
    with pytest.raises(MediaError) as not_an_image:
        load_image(not_image)
    assert not_an_image.value.path == str(not_image) and not_an_image.value.code == "not_image"
    with pytest.raises(InputError) as missing:
        load_image(tmp_path / "missing.jpg")
    assert missing.value.code == "missing"
    with pytest.raises(InputError):
        export_cover(Project(), tmp_path / "missing.mp4", tmp_path / "c.jpg")
    assert not (tmp_path / "c.jpg").exists()
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        export_cover(Project(), portrait, tmp_path / "c.jpg", cancel=token)
    assert not (tmp_path / "c.jpg").exists()
