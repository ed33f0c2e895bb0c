"""Colour managed in one place (`core.colour`): every export says BT.709 limited range, and shows the source's
colours as the frame server (the editor, the cover) shows them.

The pixel oracle for an output is PyAV's decode honouring the output's own tags (what a player does with a
tagged file); for a source it is the `FrameServer`, which reads each source the way `core.colour` decides.
A wrong matrix shifts whole colour channels, so besides the mean difference the per-channel bias is checked.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from studio.core.colour import needs_conversion, source_colour
from studio.core.media_info import MediaInfo
from studio.core.platform_profile import copy_possible
from studio.media.export import MODES, Mode, export, plan_export
from studio.media.frames import FrameServer
from studio.media.probe import probe
from tests.conftest import REAL_VIDEOS
from tests.picture_checks import check_tags, compare_colours
from tests.test_frames import TRICKY_REAL

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
    check_tags(result.output_info, info, mode)
    with FrameServer(info, use_proxy=False) as server:
        compare_colours(server, result.output_info, 0, f"{spec} {mode}", 1.5)


@pytest.mark.real_media
@pytest.mark.parametrize("name", REAL_VIDEOS)
def test_every_real_clip_exports_tagged_with_its_first_frame(real_info, tmp_path: Path, request: pytest.FixtureRequest,
                                                              name: str) -> None:
    """Each mode the clip allows, from its first frame: the output says BT.709 (a copy says what the source is) and
    its first frame is the source's first kept frame, colours included (HDR: the frame server tone-maps as the
    export does, within the few levels numpy's arithmetic and zscale's differ by). Every real clip's accurate
    export is checked the same way where tests/test_export.py makes it (from a frame inside the clip); here only
    those of the clips whose start is tricky (open GOP, edit lists, late starts, HDR), from their first frame."""
    info = real_info(name, keyframes=True)
    end_ms = min(info.duration_ms, info.first_frame_ms + 150)  # a few frames: only the first is compared

    @functools.cache
    def server() -> FrameServer:  # one for every mode (a first frame the modes share is read once), if any
        opened = FrameServer(info, use_proxy=False)
        request.addfinalizer(opened.close)
        return opened

    for mode in MODES:
        if (mode == "accurate" and name not in TRICKY_REAL) or (mode == "copy" and copy_possible(info) is not None):
            continue
        plan = plan_export(info, info.first_frame_ms, end_ms, mode)
        if mode == "smart" and plan.mode == "accurate":
            assert plan.fallback_reason is not None  # the accurate export: said why
            continue
        result = export(info, info.first_frame_ms, end_ms, mode, tmp_path / f"{mode}.mp4", preset=PRESET)
        check_tags(result.output_info, info, mode)
        hdr = source_colour(info).hdr
        compare_colours(server(), result.output_info, plan.first, f"{name} {mode}", 6.0 if hdr else 3.0)
