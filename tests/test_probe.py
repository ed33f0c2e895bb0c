"""probe(): right on generated and real clips, clean errors on bad input."""

from __future__ import annotations

import ctypes
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from studio.core.errors import InputError, MediaError
from studio.media.probe import probe
from tests.conftest import REAL_FACTS, REAL_VIDEOS


@pytest.mark.parametrize(
    ("spec", "frames", "keyframes"),
    [
        ({"fps": 30, "gop": 30, "seconds": 3}, 90, [0, 1000, 2000]),
        ({"fps": 24, "gop": 8 * 24, "seconds": 3}, 72, [0]),
        ({"fps": 60, "gop": 60, "seconds": 2}, 120, [0, 1000]),
        ({"fps": 25, "gop": 25, "seconds": 2, "audio": False}, 50, [0, 1000]),
        ({"codec": "libx265", "width": 322, "height": 242, "gop": 30, "seconds": 2}, 60, [0, 1000]),
        ({"width": 322, "height": 182, "gop": 15, "seconds": 1}, 30, [0, 500]),
        ({"codec": "libvpx-vp9", "container": "webm", "seconds": 2}, 60, [0, 1000]),
    ],
)
def test_generated_clip(clip, spec, frames, keyframes) -> None:
    path = clip(**spec)
    info = probe(path, keyframes=True)
    fps = spec.get("fps", 30)
    assert info.frame_count == frames
    assert info.duration_ms == round(frames * 1000 / fps)
    assert info.first_frame_ms == 0
    assert not info.vfr
    assert info.avg_fps == pytest.approx(fps, rel=1e-3)
    assert list(info.keyframes_ms or ()) == keyframes
    assert (info.width, info.height) == (spec.get("width", 320), spec.get("height", 240))
    assert (info.display_width, info.display_height) == (info.width, info.height)
    assert info.rotation == 0
    assert info.has_audio == spec.get("audio", True)
    assert info.video_codec == {"libx265": "hevc", "libvpx-vp9": "vp9"}.get(spec.get("codec", ""), "h264")


@pytest.mark.parametrize(("ccw", "clockwise"), [(90, 270), (-90, 90), (180, 180)])
def test_rotation_metadata_is_honoured(clip, ccw: int, clockwise: int) -> None:
    info = probe(clip(rotation=ccw, audio=False, width=320, height=180))
    assert info.rotation == clockwise
    expected = (180, 320) if clockwise in (90, 270) else (320, 180)
    assert (info.display_width, info.display_height) == expected
    assert (info.width, info.height) == (320, 180)
    assert info.is_portrait == (clockwise != 180)


def test_variable_frame_rate(clip) -> None:
    info = probe(clip(vfr=True, seconds=2))
    assert info.vfr
    assert info.frame_count == 30  # 3 of every 6 frames kept
    assert info.avg_fps < 30


def test_keyframes_only_on_demand(clip) -> None:
    assert probe(clip()).keyframes_ms is None


@pytest.mark.real_media
@pytest.mark.parametrize("name", REAL_VIDEOS)
def test_real_clip_matches_ground_truth(real_media: Path, name: str) -> None:
    facts = REAL_FACTS[name]
    info = probe(real_media / name, keyframes=True)
    start = facts["container_start_ms"]
    assert info.frame_count == facts["frames_decoded"]
    assert info.first_frame_ms == math.ceil(facts["first_frame_ms"] - start - 1e-6)
    expected_end = facts["last_frame_ms"] - start + facts["median_frame_interval_ms"]
    assert abs(info.duration_ms - expected_end) <= facts["median_frame_interval_ms"]
    assert (info.width, info.height) == (facts["stored_width"], facts["stored_height"])
    assert (info.display_width, info.display_height) == (facts["display_width"], facts["display_height"])
    assert info.rotation == (-facts["rotation"]) % 360
    assert info.sample_aspect_ratio == facts["sample_aspect_ratio"]
    assert info.vfr == facts["variable_frame_rate"]
    assert info.video_codec == facts["video_codec"]
    assert info.pix_fmt == facts["pix_fmt"]
    assert info.color_transfer == facts["color_transfer"]
    assert info.has_audio == facts["has_audio"]
    assert info.interlaced == (facts["field_order"] not in (None, "progressive"))
    assert info.avg_fps == pytest.approx(facts["frames_decoded"] * 1000 / facts["video_duration_ms"], rel=2e-3)
    assert info.keyframes_ms and info.keyframes_ms == tuple(sorted(info.keyframes_ms))
    assert all(0 <= k < info.duration_ms for k in info.keyframes_ms)


# --- bad input -----------------------------------------------------------------------------------------


def _expect(path: Path | str, error: type[InputError], code: str) -> InputError:
    with pytest.raises(error) as caught:
        probe(path)
    assert caught.value.code == code
    assert str(Path(path).name) in str(caught.value)
    assert caught.value.path and str(Path(path).name) in caught.value.path
    return caught.value


def test_not_a_video(tmp_path: Path) -> None:
    fake = tmp_path / "holiday.mp4"
    fake.write_text("this is a shopping list, not a video\n" * 50)
    _expect(fake, MediaError, "not_media")


def test_still_image_is_not_a_video(real_media: Path) -> None:
    _expect(real_media / "skimage__coffee.png", MediaError, "still_image")


def test_zero_length(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp4"
    empty.touch()
    _expect(empty, InputError, "empty")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.mp4"
    folder.mkdir()
    _expect(folder, InputError, "is_directory")


def test_missing(tmp_path: Path) -> None:
    _expect(tmp_path / "gone.mp4", InputError, "missing")


@pytest.mark.parametrize("faststart", [True, False])
def test_truncated(clip, tmp_path: Path, faststart: bool) -> None:
    source = clip(seconds=3, extra=("-movflags", "+faststart") if faststart else ())
    data = source.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) * 6 // 10])
    error = _expect(cut, MediaError, "truncated" if faststart else "not_media")
    assert "cut.mp4" in str(error)


def test_names_that_look_like_options_or_protocols(clip, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(clip(), tmp_path / "-y.mp4")
    assert probe("-y.mp4").frame_count == 60
    # a protocol-looking name is a file name: it does not exist, and nothing else is opened
    _expect("concat:a.mp4|b.mp4", InputError, "missing")
    shutil.copy(clip(), tmp_path / "concat:a.mp4|b.mp4")
    assert probe("concat:a.mp4|b.mp4").frame_count == 60
    (tmp_path / "-i.mp4").write_bytes(b"\x00" * 4096)
    _expect("-i.mp4", MediaError, "not_media")


def _drop_file_read_override() -> None:
    """In a child about to exec: drop root's CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (bounding set)."""
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop = 24
    for cap in (1, 2):
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def test_unreadable(clip, tmp_path: Path) -> None:
    locked = tmp_path / "locked.mp4"
    shutil.copy(clip(), locked)
    locked.chmod(0o000)
    if os.geteuid() != 0:
        _expect(locked, InputError, "unreadable")
        return
    # root reads every file; the CLI runs without root's override to meet the permission problem
    result = subprocess.run([sys.executable, "-m", "studio", "probe", str(locked)], capture_output=True,
                            text=True, preexec_fn=_drop_file_read_override)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == f"studio: {locked}: the file cannot be read (permission denied)"
