"""Colour managed in one place (`core.colour`): every export says BT.709 limited range, and shows the source's
colours as the frame server (the editor, the cover) shows them.

The pixel oracle for an output is PyAV's decode honouring the output's own tags (what a player does with a
tagged file); for a source it is the `FrameServer`, which reads each source the way `core.colour` decides.
A wrong matrix shifts whole colour channels, so besides the mean difference the per-channel bias is checked.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np
import pytest

from studio.core.colour import needs_conversion, source_colour
from studio.core.media_info import MediaInfo
from studio.core.platform_profile import copy_possible
from studio.media.export import MODES, Mode, export, plan_export
from studio.media.frames import FrameServer
from studio.media.probe import probe
from tests.conftest import REAL_VIDEOS
from tests.test_export import View

PRESET = "ultrafast"
UNTAGGED_SD = {"width": 360, "height": 640, "fps": 25, "gop": 25, "seconds": 2,
               "extra": ("-preset", "veryfast", "-profile:v", "high")}
UNTAGGED_HD = {**UNTAGGED_SD, "width": 720, "height": 1280}


def _info(**changes: Any) -> MediaInfo:
    base = MediaInfo(path="x.mp4", container="mov,mp4,m4a,3gp,3g2,mj2", size_bytes=1, duration_ms=1000,
                     first_frame_ms=0, start_ms=0, width=1920, height=1080, display_width=1920,
                     display_height=1080, rotation=0, sample_aspect_ratio="1:1", avg_fps=30.0, real_fps=30.0,
                     vfr=False, frame_count=30, video_codec="h264", video_profile="High", pix_fmt="yuv420p",
                     color_transfer=None, color_primaries=None, interlaced=False, has_audio=True,
                     audio_codec="aac", audio_sample_rate=48000, audio_channels=2)
    return replace(base, **changes)


def test_each_source_colour_is_decided_from_tags_or_size() -> None:
    assert source_colour(_info()).matrix == "bt709"  # untagged HD
    assert source_colour(_info(width=1280, height=720)).matrix == "bt709"
    assert source_colour(_info(width=640, height=360)).matrix == "bt601"  # untagged SD, landscape
    assert source_colour(_info(width=360, height=640)).matrix == "bt601"  # and portrait: the shorter side
    assert source_colour(_info(width=640, height=360, color_primaries="bt709")).matrix == "bt709"  # tags win
    assert source_colour(_info(color_primaries="smpte170m")).matrix == "bt601"
    assert source_colour(_info(width=640, height=360, color_matrix="bt709")).matrix == "bt709"  # matrix only
    assert source_colour(_info(pix_fmt="yuvj420p")).range == "pc"
    hdr = source_colour(_info(color_primaries="bt2020", color_transfer="arib-std-b67", pix_fmt="yuv420p10le"))
    assert (hdr.matrix, hdr.hdr) == ("bt2020", True)
    assert not needs_conversion(_info()) and not needs_conversion(_info(color_primaries="bt709"))
    assert needs_conversion(_info(width=640, height=360)) and needs_conversion(_info(pix_fmt="yuvj420p"))


def _decode_first(path: str | Path) -> np.ndarray:
    """The first frame as RGB, read with the file's own tags (PyAV's default), display-oriented."""
    with av.open(str(path)) as container:
        frame = next(container.decode(container.streams.video[0]))
        return frame.to_ndarray(format="rgb24")


def _compare(server: FrameServer, out_info: MediaInfo, first_index: int, what: str, tolerance: float) -> None:
    """The first frame of `out_info`'s file has the colours of frame `first_index` of the source `server` serves."""
    source = server.info
    src = server.frame_at(server.frame_times_ms[first_index]).image.astype(np.float32)
    out = _decode_first(out_info.path).astype(np.float32)
    turn = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    if out_info.rotation % 360:  # a copy keeps the source's rotation matrix
        out = np.asarray(cv2.rotate(out, turn[out_info.rotation % 360]), dtype=np.float32)
    view = View.of(source, out_info, "pad")
    a, b = view.of_output(out), view.of_source(src)  # cv2 scales each colour channel on its own
    bias = np.abs((a - b).reshape(-1, 3).mean(axis=0)).max()
    assert bias < tolerance, f"{what}: a colour channel is shifted by {bias:.2f} levels"
    assert float(np.abs(a - b).mean()) < 4 * tolerance, f"{what}: the picture differs ({np.abs(a - b).mean():.2f})"


def _check_tags(result_info: MediaInfo, source: MediaInfo, mode: str) -> None:
    colour = source_colour(source)
    if mode == "copy" and (colour.hdr or (colour.tagged and colour.matrix != "bt709")):
        return  # a copy keeps the tags of a source that says another matrix itself
    expected = "bt709" if mode != "copy" or colour.matrix == "bt709" else "smpte170m"
    said = (result_info.color_primaries, result_info.color_transfer, result_info.color_matrix)
    assert said == (expected, expected, expected), f"{mode}: tagged {said}"
    assert result_info.pix_fmt == "yuv420p" or (mode == "copy" and result_info.pix_fmt == "yuvj420p")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("spec", ["sd", "hd"])
def test_untagged_sources_are_tagged_and_keep_their_colours(clip, tmp_path: Path, spec: str, mode: Mode) -> None:
    info = probe(clip(**(UNTAGGED_SD if spec == "sd" else UNTAGGED_HD)), keyframes=True)
    assert info.color_primaries is None
    if mode == "smart":  # SD untagged is BT.601: its picture cannot be copied into a BT.709 file
        plan = plan_export(info, 0, 1000, mode)
        assert (plan.mode == "accurate") == (spec == "sd")
        if spec == "sd":  # the very export the accurate case runs: said why, not run twice
            assert plan.fallback_reason is not None and plan.fallback_reason.code == "colour"
            return
    result = export(info, 0, 1000, mode, tmp_path / "out.mp4", preset=PRESET)
    assert result.mode == mode
    _check_tags(result.output_info, info, mode)
    with FrameServer(info, use_proxy=False) as server:
        _compare(server, result.output_info, 0, f"{spec} {mode}", 1.5)


@pytest.mark.real_media
@pytest.mark.parametrize("name", REAL_VIDEOS)
def test_every_real_clip_exports_tagged_with_its_first_frame(real_info, tmp_path: Path, request: pytest.FixtureRequest,
                                                              name: str) -> None:
    """Each mode the clip allows: the output says BT.709 (a copy says what the source is) and its first frame
    is the source's first kept frame, colours included (HDR: the frame server tone-maps as the export does, within
    the few levels numpy's arithmetic and zscale's differ by)."""
    info = real_info(name, keyframes=True)
    end_ms = min(info.duration_ms, info.first_frame_ms + 150)  # a few frames: only the first is compared
    server = FrameServer(info, use_proxy=False)  # one for every mode: a first frame the modes share is read once
    request.addfinalizer(server.close)
    for mode in MODES:
        if mode == "copy" and copy_possible(info) is not None:
            continue
        plan = plan_export(info, info.first_frame_ms, end_ms, mode)
        if mode == "smart" and plan.mode == "accurate":
            assert plan.fallback_reason is not None  # the same export as accurate's: said why, not run twice
            continue
        result = export(info, info.first_frame_ms, end_ms, mode, tmp_path / f"{mode}.mp4", preset=PRESET)
        _check_tags(result.output_info, info, mode)
        hdr = source_colour(info).hdr
        _compare(server, result.output_info, plan.first, f"{name} {mode}", 6.0 if hdr else 3.0)
