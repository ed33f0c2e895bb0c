"""The export's fast reads of trusted files give exactly what the full reads give, and still catch bad output.

`frame_index.indexed_video_packets` (an MP4's packet list from its index, no media data read),
`probe_child.probe_file(own=True)` (what `probe_own_file` uses on a fresh export: index and headers, no decode)
and `cut_plan.read_frames` (the export's frame list) are checked against the demux, the full probe and the
frame server on generated clips (B-frames, VFR, rotation, 24 to 60 fps, long GOPs, HEVC, WebM) and on every
real file. Then the export itself: a written file that misses the plan or the profile is refused and not kept,
and a damaged own file is not passed as good.
"""

from __future__ import annotations

import itertools
import os
import shutil
import statistics
import subprocess
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import pytest

from studio.core.errors import MachineError, MediaError
from studio.media import export as export_module
from studio.media.cut_plan import read_frames
from studio.media.export import export
from studio.media.frame_index import (
    demux_video_packets,
    frame_packets,
    frame_times_ms,
    indexed_video_packets,
    main_video_stream,
)
from studio.media.frames import FrameServer
from studio.media.probe import probe, probe_own_file
from studio.media.probe_child import probe_file
from studio.media.runner import ffmpeg_argv
from tests.conftest import REAL_VIDEOS

PORTRAIT: dict[str, Any] = {"width": 360, "height": 640,
                             "extra": ("-preset", "superfast", "-profile:v", "high", "-colorspace", "bt709",
                                       "-color_primaries", "bt709", "-color_trc", "bt709")}
GENERATED: dict[str, dict[str, Any]] = {  # the `clip` fixture's arguments (ClipSpec fields) by name
    "bframes-30fps": {**PORTRAIT, "fps": 30, "gop": 30, "seconds": 3},
    "bframes-24fps-gop8s": {**PORTRAIT, "fps": 24, "gop": 192, "seconds": 9},
    "bframes-60fps-silent": {**PORTRAIT, "fps": 60, "gop": 60, "seconds": 2, "audio": False},
    "vfr": {**PORTRAIT, "fps": 30, "gop": 30, "seconds": 3, "vfr": True},
    "no-bframes": {"fps": 25, "gop": 25, "seconds": 2},
    "rotated-90": {"rotation": 90, "seconds": 1, "audio": False},
    "rotated-180": {"rotation": 180, "seconds": 1},
    "rotated-270": {"rotation": -90, "seconds": 1, **PORTRAIT},
    # the own-file probe reads the pixel format and colours from the SPS: ranges, chroma formats, depths and
    # colour descriptions (x264 puts custom matrices in the PPS; an SPS with matrices: test_h264_sps.py)
    "full-range": {"seconds": 1, "extra": ("-pix_fmt", "yuvj420p")},
    "444-bt709": {"seconds": 1, "extra": ("-pix_fmt", "yuv444p", "-color_primaries", "bt709", "-color_trc", "bt709",
                                          "-colorspace", "bt709")},
    "422-jvt-matrix": {"seconds": 1, "extra": ("-pix_fmt", "yuv422p", "-x264-params", "cqm=jvt:keyint=30")},
    "10-bit-hlg": {"seconds": 1, "extra": ("-pix_fmt", "yuv420p10le", "-color_primaries", "bt2020",
                                           "-color_trc", "arib-std-b67", "-colorspace", "bt2020nc")},
    "hevc": {"codec": "libx265", "gop": 30, "seconds": 2},
    "webm": {"codec": "libvpx-vp9", "container": "webm", "seconds": 1},
}
MP4_LIKE = ("mp4", "mov", "3gp")


def _demuxed(path: str) -> list[tuple[int, bool]]:
    with av.open(path) as container:
        stream = main_video_stream(container)
        assert stream is not None
        packets, damaged = demux_video_packets(container, stream, os.path.getsize(path))
    assert damaged is None
    return packets


def _indexed(path: str) -> list[tuple[int, bool]] | None:
    with av.open(path) as container:
        stream = main_video_stream(container)
        assert stream is not None
        return indexed_video_packets(container, stream, path)


def _check_same_reads(path: str) -> list[tuple[int, bool]]:
    """The index gives the demux's packets (MP4/MOV), and the own-file probe the full probe's facts; returns the
    demux's packets."""
    indexed, packets = _indexed(path), _demuxed(path)
    if Path(path).suffix.lower().lstrip(".") in MP4_LIKE:
        assert indexed is not None, "an MP4 should be read from its index"
        assert indexed == packets
    else:
        assert indexed is None
    full, own = probe_file(path, True), probe_file(path, True, own=True)
    assert "error" not in full
    assert own == full
    return packets


def _check_frames(info, packets: list[tuple[int, bool]]) -> None:
    """`read_frames` equals the frame list computed from the demux's `packets` with the ordinary open, and the
    frame server's."""
    frames = read_frames(info)
    with av.open(info.path) as container:
        stream = main_video_stream(container)
        assert stream is not None
        listed = frame_packets(packets, stream, info.interlaced)
        start_us = container.start_time or 0
        assert (frames.time_base, frames.start_us, frames.stream_index) == (stream.time_base, start_us, stream.index)
    assert frames.pts == tuple(p for p, _ in listed)
    assert frames.keyframe == tuple(k for _, k in listed)
    assert frames.decode_pts == tuple(p for p, _ in packets)
    assert list(frames.times_ms) == frame_times_ms(listed, frames.time_base, start_us)
    steps = [Fraction(b[0] - a[0]) for a, b in itertools.pairwise(listed)]
    assert frames.last_duration == (statistics.median(steps) * frames.time_base if steps else Fraction(1, 30))
    with FrameServer(info, use_proxy=False) as server:
        assert list(frames.times_ms) == server.frame_times_ms


@pytest.mark.parametrize("name", list(GENERATED))
def test_generated_fast_reads_match_the_full_reads(clip, name: str) -> None:
    path = str(clip(**GENERATED[name]))
    _check_frames(probe(path), _check_same_reads(path))


@pytest.mark.real_media
@pytest.mark.parametrize("name", REAL_VIDEOS)
def test_real_fast_reads_match_the_full_reads(real_media: Path, name: str) -> None:
    path = str(real_media / name)  # every real file is a video probe accepts (tests/test_probe.py)
    _check_frames(probe(path), _check_same_reads(path))


@pytest.mark.parametrize("mode", ["copy", "smart", "accurate"])
def test_own_probe_of_each_export_is_the_full_probe(clip, tmp_path: Path, mode: str) -> None:
    info = probe(clip(**GENERATED["bframes-30fps"]))
    result = export(info, 1110, 2450, mode, tmp_path / f"{mode}.mp4", preset="superfast")  # type: ignore[arg-type]
    assert result.output_info == probe(result.output)
    assert _indexed(result.output) == _demuxed(result.output)


def test_the_fast_reads_neither_demux_nor_decode(clip, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What makes a copy export's own cost small (at most 5 % over plain ffmpeg, bench_export.py) stays so: a
    plan and the check of an MP4 output read no packet list and decode no frame."""
    from studio.media import cut_plan, frame_index, probe_child

    info = probe(clip(**GENERATED["bframes-30fps"]))
    output = export(info, 1110, 2450, "copy", tmp_path / "cut.mp4")
    expected_info, expected_frames = probe(output.output), read_frames(info)

    def refuse(*args, **kwargs):
        raise AssertionError("the fast read demuxed or decoded")

    monkeypatch.setattr(probe_child, "demux_video_packets", refuse)
    monkeypatch.setattr(frame_index, "demux_video_packets", refuse)
    monkeypatch.setattr(probe_child, "_decode_first", refuse)
    real_open = cut_plan.open_video

    def headers_only(path: str, *, headers_only: bool = False):
        assert headers_only, "the plan's open decoded a picture"
        return real_open(path, headers_only=True)

    monkeypatch.setattr(cut_plan, "open_video", headers_only)
    assert probe_own_file(output.output) == expected_info
    assert read_frames(info) == expected_frames


def test_the_frame_server_lists_an_mp4_from_its_index(clip, monkeypatch: pytest.MonkeyPatch) -> None:
    """A frame server opens a progressive MP4 headers-only, for its frame list and for decoding (no picture
    decoded to probe it; a full open decodes one, 0.2 s for a 4K H.264 clip), and anything else fully; the list
    is the one the ordinary open gives (`_check_frames`, on every generated and real file) and so are the
    pictures (tests/test_frames.py, every real clip)."""
    from studio.media import frames as frames_module

    opened: list[tuple[str, bool]] = []
    real_open = frames_module.open_video

    def recording(path: str, *, headers_only: bool = False):
        opened.append((Path(path).suffix, headers_only))
        return real_open(path, headers_only=headers_only)

    monkeypatch.setattr(frames_module, "open_video", recording)
    for name in ("bframes-30fps", "webm"):
        info = probe(clip(**GENERATED[name]))
        with FrameServer(info, use_proxy=False) as server:
            server.frame_at(server.frame_times_ms[1])
    assert opened == [(".mp4", True), (".mp4", True), (".webm", False), (".webm", False)]


def test_rotated_copy_keeps_its_rotation_in_the_own_probe(clip, tmp_path: Path) -> None:
    info = probe(clip(**GENERATED["rotated-270"]))
    result = export(info, 0, 1000, "copy", tmp_path / "turned.mp4")
    assert result.output_info.rotation == 90 == probe(result.output).rotation
    assert [p.code for p in result.problems if p.code == "rotation"] == ["rotation"]


# -- a bad output is caught ------------------------------------------------------------------------------------


def _ffmpeg(*args: str) -> None:
    subprocess.run(ffmpeg_argv(list(args)), check=True, capture_output=True)


def _replacing_output(monkeypatch: pytest.MonkeyPatch, spoil) -> None:
    """Let ffmpeg write the export, then `spoil(path)` it, as a misbehaving ffmpeg build might."""
    real = export_module.run_ffmpeg

    def run(args, **kwargs):
        done = real(args, **kwargs)
        spoil(Path(args[-1]))
        return done

    monkeypatch.setattr(export_module, "run_ffmpeg", run)


def test_an_output_missing_a_frame_is_not_kept(clip, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = probe(clip(**GENERATED["bframes-30fps"]))
    out = tmp_path / "out"
    out.mkdir()

    def drop_last_frame(path: Path) -> None:
        frames = probe(path).frame_count
        shorter = path.with_name("shorter.mp4")
        _ffmpeg("-i", str(path), "-map", "0", "-c", "copy", "-frames:v", str(frames - 1), "-f", "mp4", str(shorter))
        shorter.replace(path)

    _replacing_output(monkeypatch, drop_last_frame)
    with pytest.raises(MachineError) as caught:
        export(info, 1110, 2450, "copy", out / "cut.mp4")
    assert caught.value.code == "cut_mismatch"
    assert caught.value.values["got"] == caught.value.values["expected"] - 1
    assert list(out.iterdir()) == []


def test_an_output_off_the_profile_is_not_kept(clip, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = probe(clip(**GENERATED["bframes-30fps"]))
    out = tmp_path / "out"
    out.mkdir()

    def turned_444_without_faststart(path: Path) -> None:
        worse, turned = path.with_name("worse.mp4"), path.with_name("turned.mp4")
        _ffmpeg("-i", str(path), "-map", "0", "-c:a", "copy", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv444p", "-f", "mp4", str(worse))
        _ffmpeg("-display_rotation", "90", "-i", str(worse), "-map", "0", "-c", "copy", "-f", "mp4", str(turned))
        worse.unlink()
        turned.replace(path)

    _replacing_output(monkeypatch, turned_444_without_faststart)
    with pytest.raises(MachineError) as caught:
        export(info, 1110, 1450, "accurate", out / "cut.mp4", preset="superfast")  # a few frames are enough
    assert caught.value.code == "profile_mismatch"
    said = caught.value.values["problems"]
    assert "pixel format is yuv444p" in said
    assert "no faststart" in said
    assert "turned 270°" in said  # the display matrix the header now carries (90° counter-clockwise)
    assert list(out.iterdir()) == []


def test_a_truncated_output_is_not_kept(clip, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its index still names every frame; the own-file probe must not take the index's word for data that is gone."""
    info = probe(clip(**GENERATED["bframes-30fps"]))
    out = tmp_path / "out"
    out.mkdir()
    kept: list[Path] = []

    def truncate(path: Path) -> None:
        with open(path, "r+b") as f:  # faststart: the index survives, a third of the media data does not
            f.truncate(os.path.getsize(path) * 2 // 3)
        kept.append(shutil.copyfile(path, tmp_path / "truncated.mp4"))

    _replacing_output(monkeypatch, truncate)
    # refused either way: fewer frames than cut, or (the cut falling inside a packet) a damaged file
    with pytest.raises((MachineError, MediaError)) as caught:
        export(info, 0, 2000, "copy", out / "cut.mp4")
    assert caught.value.code in ("cut_mismatch", "truncated")
    assert list(out.iterdir()) == []
    truncated = kept[0]
    assert _indexed(str(truncated)) is None  # packets past the end of the file: not read from the index
    if caught.value.code == "cut_mismatch":
        assert probe_own_file(truncated).frame_count == probe(truncated).frame_count < caught.value.values["expected"]


@pytest.mark.parametrize("name", ["bframes-30fps", "full-range", "444-bt709", "422-jvt-matrix", "10-bit-hlg",
                                  "rotated-90"])
def test_the_own_probe_learns_the_picture_format_from_the_sps(clip, name: str) -> None:
    """An own H.264 MP4 is probed without decoding a picture: the SPS (read past any scaling matrices) gives the
    pixel format and colours the decoder would, for every range, chroma format, depth and colour description."""
    from studio.media.probe_child import _probe

    path = str(clip(**GENERATED[name]))
    from_headers = _probe(path, True, own=True, headers_only=True)
    assert from_headers is not None, "the headers-only probe gave up"
    assert from_headers == probe_file(path, True)
