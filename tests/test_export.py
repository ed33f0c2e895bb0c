"""Export (`studio.media.export`): frame-accurate cuts in copy, accurate and smart mode, checked on pixels.

The oracle is the `FrameServer` (exact frames by source time, display-oriented) on the source and on the
output: the output's first and last frames are compared with the source frames they should be and with
their neighbours, after mapping the source picture onto the output geometry (`platform_profile.fitting`).
Re-encoding, scaling and tone mapping change pixels, so the comparison is relative: on the pixels where the
candidate source frames differ, the output must be much closer to the requested frame than to either
neighbour (each picture normalised to zero mean and unit spread, so a tone curve does not matter).

Exports in tests use the `superfast` x264 preset (still High profile; `ultrafast` drops to Constrained
Baseline), and real clips are cut to at most about 0.4 s (an exact cut shows on its first and last frames,
not on the length between).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np
import pytest

from studio.core.cancel import CancelToken
from studio.core.colour import source_colour
from studio.core.errors import Cancelled, InputError, MachineError, ValidationError
from studio.core.media_info import MediaInfo
from studio.core.platform_profile import check_output, copy_possible, from_range, private_tags
from studio.media import export as export_module
from studio.media.export import ExportResult, export, plan_copy, plan_export
from studio.media.filters import Filter
from studio.media.frames import FrameServer
from studio.media.probe import probe
from tests.conftest import REAL_VIDEOS
from tests.media_fixtures import cached_value
from tests.picture_checks import View, assert_is_frame, check_tags, compare_colours, gray

PRESET = "superfast"
FASTEST = "ultrafast"
"""For exports whose pictures, profile and B-frames no check reads (tags, modes, rates, errors)."""
AUDIO_FRAME_S = 1024 / 48000
PORTRAIT: dict[str, Any] = {"width": 360, "height": 640,
                             "extra": ("-preset", "superfast", "-profile:v", "high", "-colorspace", "bt709",
                                       "-color_primaries", "bt709", "-color_trc", "bt709")}
"""9:16 H.264 High with B-frames: a source that already meets the profile, so smart really cuts smartly."""

GENERATED: dict[str, dict[str, Any]] = {  # the `clip` fixture's arguments (ClipSpec fields) by name
    "gop1s-24fps": {**PORTRAIT, "fps": 24, "gop": 24, "seconds": 3},
    "gop1s-30fps-silent": {**PORTRAIT, "fps": 30, "gop": 30, "seconds": 3, "audio": False},
    "gop1s-60fps": {**PORTRAIT, "fps": 60, "gop": 60, "seconds": 2},
    "gop8s-30fps": {**PORTRAIT, "fps": 30, "gop": 240, "seconds": 10},
    "vfr-30fps": {**PORTRAIT, "fps": 30, "gop": 30, "seconds": 3, "vfr": True},
}
ACCURATE_FRAMES = 16
"""An accurate cut of a generated clip keeps this many frames of its `CUTS` entry: it re-encodes every frame, and
what is checked is the two ends (a smart cut needs the whole entry, across a keyframe)."""
CUTS = {  # (first kept frame, frame after the last kept one) by index; none of them is a keyframe
    "gop1s-24fps": (31, 61),
    "gop1s-30fps-silent": (17, 73),
    "gop1s-60fps": (45, 101),
    "gop8s-30fps": (219, 262),
    "vfr-30fps": (9, 37),
}


# -- helpers -------------------------------------------------------------------------------------------------


def picture_at(server: FrameServer, index: int) -> np.ndarray:
    """Frame `index` of `server`'s file as a player shows it (rotation and pixel aspect applied), in grey."""
    return gray(server.frame_at(server.frame_times_ms[index], (1920, 1920)).image)


def check_pictures(src: FrameServer, result: ExportResult, first: int, end: int, fit: str = "pad") -> None:
    """The output's first and last frames are frames `first` and `end - 1` of the source `src` serves."""
    view = View.of(src.info, result.output_info, fit)
    n = len(src.frame_times_ms)
    with FrameServer(result.output_info, use_proxy=False) as out:
        times = out.frame_times_ms
        assert len(times) == end - first
        assert times[0] == 0
        for out_index, want in ((0, first), (len(times) - 1, end - 1)):
            picture = view.of_output(picture_at(out, out_index))
            candidates = {i: view.of_source(picture_at(src, i)) for i in (want - 1, want, want + 1)
                          if 0 <= i < n}
            assert_is_frame(picture, candidates, want, f"output frame {out_index}")


def pts_seconds(frame: av.Packet | av.AudioFrame, stream: av.stream.Stream) -> float:
    """The packet's or frame's timestamp in seconds (of the stream's clock); it must have one."""
    assert frame.pts is not None and stream.time_base is not None, "a packet or frame without a timestamp"
    return float(frame.pts * stream.time_base)


def av_times(path: str) -> tuple[float, float, float, float]:
    """(first video frame, end of video, first audio sample, end of audio) in seconds from the container start.

    The video's times are its packets' (each packet of an H.264 export is one frame, and `check_pictures`
    decodes the first and the last); the audio is decoded, since the decoder drops the AAC priming samples."""
    with av.open(path) as container:
        start = (container.start_time or 0) / 1e6
        video = container.streams.video[0]
        times = sorted(pts_seconds(p, video) - start for p in container.demux(video) if p.size)
        step = (times[-1] - times[0]) / max(len(times) - 1, 1)
        container.seek(0)
        audio = container.streams.audio[0]
        first = end = None
        for frame in container.decode(audio):
            t = pts_seconds(frame, audio) - start
            first = t if first is None else first
            end = t + frame.samples / frame.sample_rate
        assert first is not None and end is not None
    return times[0], times[-1] + step, first, end


def check_timing(result: ExportResult, frame_ms: float) -> None:
    info = result.output_info
    assert abs(info.duration_ms - result.duration_ms) <= frame_ms
    v0, v1, a0, a1 = av_times(result.output)
    assert abs(v0) < 1e-3
    assert abs(a0 - v0) <= AUDIO_FRAME_S, f"audio starts {a0 - v0:.4f} s from the video"
    assert abs(a1 - v1) <= AUDIO_FRAME_S + frame_ms / 1000, f"audio ends {a1 - v1:.4f} s from the video"


def expected_range(src: FrameServer, first: int, end: int) -> tuple[int, int, int]:
    """(start_ms, end_ms) of frames [first, end) of the source `src` serves and a request that selects them from
    between frames."""
    times = src.frame_times_ms
    end_ms = times[end] if end < len(times) else src.info.duration_ms
    return times[first], end_ms, min(times[first] + 5, times[first + 1] - 1)


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """An empty folder for the exports (tmp_path also holds the test's STUDIO_HOME)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.fixture
def frames():
    """`frames(info)`: a `FrameServer` on the probed file (no proxy) for the whole test, closed after it: the
    request, the oracle pictures and the frame times all read the one frame list."""
    opened: list[FrameServer] = []

    def open_server(info: MediaInfo) -> FrameServer:
        opened.append(FrameServer(info, use_proxy=False))
        return opened[-1]

    yield open_server
    for server in opened:
        server.close()


@pytest.fixture(scope="module")
def generated(clip):
    made: dict[str, MediaInfo] = {}

    def get(name: str) -> MediaInfo:
        if name not in made:
            made[name] = probe(clip(**GENERATED[name]), keyframes=True)
        return made[name]

    return get


# -- accurate and smart on generated clips ---------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["accurate", "smart"])
@pytest.mark.parametrize("name", list(GENERATED))
def test_generated_cut_lands_on_the_requested_frame(generated, frames, out_dir: Path, name: str, mode: str) -> None:
    info = generated(name)
    first, end = CUTS[name]
    if mode == "accurate":
        end = first + ACCURATE_FRAMES
    src = frames(info)
    start_ms, end_ms, asked = expected_range(src, first, end)
    assert start_ms not in (info.keyframes_ms or ()) and end_ms not in (info.keyframes_ms or ())
    result = export(info, asked, end_ms, mode, out_dir / "out.mp4", preset=PRESET)  # type: ignore[arg-type]
    assert result.mode == mode
    assert result.fallback_reason is None
    assert (result.requested_start_ms, result.requested_end_ms) == (asked, end_ms)
    assert (result.start_ms, result.end_ms) == (start_ms, end_ms)
    assert result.output_info.frame_count == end - first
    assert all(from_range(p) for p in result.problems)
    assert not [p for p in check_output(result.output_info) if not from_range(p)]
    check_pictures(src, result, first, end)
    frame_ms = 1000 / GENERATED[name]["fps"]
    check_timing(result, frame_ms)
    assert abs(result.output_info.duration_ms - (end_ms - asked)) <= frame_ms  # within one frame of the request
    assert sorted(os.listdir(out_dir)) == ["out.mp4"]


def test_smart_copies_the_middle_and_decodes_everywhere(generated, out_dir: Path) -> None:
    info = generated("gop1s-30fps-silent")
    plan = plan_export(info, 500, 2500, "smart")
    assert plan.mode == "smart" and plan.smart is not None
    assert plan.smart.head_frames == 15 and plan.smart.copied_frames >= 40 and plan.smart.tail_frames <= 4
    result = export(info, 500, 2500, "smart", out_dir / "smart.mp4", preset=PRESET)
    with FrameServer(info, use_proxy=False) as src, FrameServer(result.output_info, use_proxy=False) as out:
        times = out.frame_times_ms
        assert len(times) == 60
        for j, t in enumerate(times):
            mine, theirs = out.frame_at(t).image, src.frame_at(src.frame_times_ms[15 + j]).image
            diff = float(np.abs(mine.astype(np.int16) - theirs.astype(np.int16)).mean())
            if 15 <= j < 15 + plan.smart.copied_frames:
                assert diff == 0, f"copied frame {j} differs"
            else:
                assert diff < 3, f"re-encoded frame {j} differs by {diff}"
    capture = cv2.VideoCapture(result.output)  # a second decoder (OpenCV's own FFmpeg build)
    try:
        decoded = 0
        while capture.read()[0]:
            decoded += 1
    finally:
        capture.release()
    assert decoded == 60  # how much faster than accurate it is: tests/benchmarks/bench_export.py


def test_smart_falls_back_with_a_reason(clip, generated, out_dir: Path) -> None:
    landscape = probe(clip(width=320, height=180, seconds=2, gop=30))
    plan = plan_export(landscape, 300, 1500, "smart")
    assert plan.mode == "accurate" and plan.fallback_reason is not None
    assert plan.fallback_reason.code == "size"
    result = export(landscape, 300, 1500, "smart", out_dir / "out.mp4", preset=FASTEST)
    assert result.mode == "accurate"
    assert result.fallback_reason is not None and "320x180" in result.fallback_reason.message
    assert result.to_json()["fallback_reason"] == result.fallback_reason.message

    no_keyframe = plan_export(generated("gop8s-30fps"), 1000, 3000, "smart")
    assert no_keyframe.mode == "accurate"
    assert no_keyframe.fallback_reason is not None and no_keyframe.fallback_reason.code == "no_keyframe"


@pytest.mark.parametrize("fit", ["pad", "crop"])
def test_fit_pad_and_crop(clip, frames, out_dir: Path, fit: str) -> None:
    info = probe(clip(width=320, height=180, seconds=2, gop=30, fps=25))
    first, end = 7, 31
    src = frames(info)
    _, end_ms, asked = expected_range(src, first, end)
    result = export(info, asked, end_ms, "accurate", out_dir / "out.mp4", fit=fit, preset=PRESET)  # type: ignore[arg-type]
    out = result.output_info
    assert (out.display_width, out.display_height, out.rotation) == (1080, 1920, 0)
    check_pictures(src, result, first, end, fit=fit)
    with FrameServer(out, use_proxy=False) as server:
        image = server.frame_at(0).image
    if fit == "pad":  # a blurred copy of the picture above and below it: not black, and smooth
        band = image[:300].astype(np.float32)
        assert band.mean() > 10
        assert np.abs(np.diff(band, axis=1)).mean() < 2


def test_high_frame_rate_is_capped_at_60(clip, out_dir: Path) -> None:
    info = probe(clip(fps=120, gop=120, seconds=1, width=180, height=320))
    reports: list[tuple[int, int]] = []
    result = export(info, 0, 1000, "accurate", out_dir / "out.mp4", preset=FASTEST,
                    progress=lambda done, total: reports.append((done, total)))
    assert reports[-1] == (1000, 1000)
    assert all(total == 1000 and 0 <= done <= total for done, total in reports)
    assert result.output_info.avg_fps <= 60.5
    assert abs(result.output_info.duration_ms - 1000) <= 17


# -- copy -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(GENERATED))
def test_copy_reports_where_it_really_cuts(generated, frames, out_dir: Path, name: str) -> None:
    info = generated(name)
    first, end = CUTS[name]
    src = frames(info)
    _, end_ms, asked = expected_range(src, first, end)
    plan = plan_copy(info, asked, end_ms)
    keyframes = info.keyframes_ms or ()
    assert plan.start_ms == max(k for k in keyframes if k <= asked)
    assert plan.end_ms >= end_ms
    result = export(info, asked, end_ms, "copy", out_dir / "out.mp4")
    assert (result.mode, result.start_ms, result.end_ms) == ("copy", plan.start_ms, plan.end_ms)
    assert result.output_info.frame_count == plan.frame_count
    check_pictures(src, result, plan.first, plan.end)
    check_timing(result, 1000 / GENERATED[name]["fps"])
    mapping = result.mapping
    assert mapping.to_output(asked) == asked - plan.start_ms


def test_copy_refuses_what_it_cannot_copy(clip, out_dir: Path) -> None:
    vp9 = probe(clip(codec="libvpx-vp9", container="webm", seconds=1))
    with pytest.raises(ValidationError) as caught:
        export(vp9, 0, 500, "copy", out_dir / "out.mp4")
    assert caught.value.code == "copy_impossible"
    assert "vp9" in caught.value.message
    assert list(out_dir.iterdir()) == []


# -- real clips ------------------------------------------------------------------------------------------------
REAL_CUT_MS = 400
"""The longest real cut: what is checked is its ends, and every frame between is encoded and decoded again."""


def real_cut(info: MediaInfo) -> tuple[int, int]:
    """Frames `[first, end)`, up to about 0.4 s, starting on a non-keyframe after the clip's first frames.

    Among the candidates, the cut starts and ends where the picture changes most from frame to frame, so that
    a cut one frame off would show (a still shot cannot tell neighbouring frames apart).
    """
    with FrameServer(info, use_proxy=False) as server:
        times = server.frame_times_ms
        keys = set(server.keyframe_times_ms)
        n = len(times)
        pictures: dict[int, np.ndarray] = {}

        def picture(i: int) -> np.ndarray:
            if i not in pictures:
                pictures[i] = gray(server.frame_at(times[i], (160, 160)).image)
            return pictures[i]

        def change(i: int) -> float:
            return min(float(np.abs(picture(i) - picture(j)).mean()) for j in (i - 1, i + 1) if 0 <= j < n)

        def in_order(indices: list[int]) -> list[int]:
            """`indices`, after decoding them and their neighbours in order (a step back would seek and decode
            again from the keyframe)."""
            for i in range(max(min(indices) - 1, 0), min(max(indices) + 2, n)):
                picture(i)
            return indices

        if n <= 3:
            return 1, n
        low = min(max(2, n // 4), n - 2)
        starts = [i for i in range(low, min(n - 1, low + 30)) if times[i] not in keys] or list(range(low, n - 1))
        first = max(in_order(starts), key=change)
        last = max(i for i in range(first + 1, n + 1) if i == first + 1 or times[i - 1] - times[first] < REAL_CUT_MS)
        ends = [e for e in range(max(first + 2, last - 8), last + 1) if e == n or times[e] not in keys] or [last]
        return first, max(in_order([e - 1 for e in ends]), key=change) + 1


@pytest.fixture
def real_clip(real_info, value_dir: Path):
    """`real_clip(name)`: (its probe, `real_cut` of it), worked out once per run for the tests of each mode."""

    def get(name: str) -> tuple[MediaInfo, int, int]:
        info = real_info(name, keyframes=True)
        return (info, *cached_value(value_dir, f"real cut {name}", lambda: real_cut(info)))

    return get


@pytest.mark.real_media
@pytest.mark.parametrize("name", REAL_VIDEOS)
def test_real_clip_smart_and_accurate(real_clip, frames, out_dir: Path, name: str) -> None:
    """Every real clip falls back from smart to accurate (none meets the profile) and lands exactly."""
    info, first, end = real_clip(name)
    src = frames(info)
    start_ms, end_ms, asked = expected_range(src, first, end)
    result = export(info, asked, end_ms, "smart", out_dir / "out.mp4", preset=PRESET)
    assert result.mode == "accurate"
    assert result.fallback_reason is not None
    assert (result.start_ms, result.end_ms) == (start_ms, end_ms)
    out = result.output_info
    assert (out.display_width, out.display_height, out.rotation) == (1080, 1920, 0)
    assert (out.pix_fmt, out.video_codec, out.video_profile) == ("yuv420p", "h264", "High")
    assert out.color_transfer == "bt709" and not out.interlaced
    assert (out.audio_codec, out.audio_sample_rate, out.audio_channels) == ("aac", 48000, 2)
    assert out.faststart and not private_tags(out) and out.extra_streams == 0
    assert out.frame_count == end - first
    check_pictures(src, result, first, end)
    check_tags(out, info, "accurate")  # and its colours: tests/test_colour.py checks the other modes
    compare_colours(src, out, first, f"{name} accurate", 6.0 if source_colour(info).hdr else 3.0)
    frame_ms = 1000 / max(info.avg_fps, 1)
    if info.vfr:
        times = src.frame_times_ms
        frame_ms = max(b - a for a, b in zip(times[first:end], times[first + 1:end + 1], strict=False))
    check_timing(result, frame_ms)


@pytest.mark.real_media
@pytest.mark.parametrize("name", REAL_VIDEOS)
def test_real_clip_copy(real_clip, frames, out_dir: Path, name: str) -> None:
    info, first, end = real_clip(name)
    src = frames(info)
    _, end_ms, asked = expected_range(src, first, end)
    if copy_possible(info) is not None:
        with pytest.raises(ValidationError) as caught:
            plan_copy(info, asked, end_ms)
        assert caught.value.code == "copy_impossible"
        return
    plan = plan_copy(info, asked, end_ms)
    assert plan.start_ms <= asked and plan.end_ms >= end_ms
    result = export(info, asked, end_ms, "copy", out_dir / "out.mp4")
    assert (result.start_ms, result.end_ms) == (plan.start_ms, plan.end_ms)
    out = result.output_info
    assert out.frame_count == plan.frame_count
    assert abs(out.duration_ms - plan.duration_ms) <= 1000 / max(info.avg_fps, 1) + 1
    check_pictures(src, result, plan.first, plan.end)


@pytest.mark.real_media
def test_metadata_is_stripped_unless_kept(real_info, out_dir: Path) -> None:
    info = real_info("mxi__with-gps.mov")
    assert private_tags(info)
    stripped = export(info, 1000, 1500, "accurate", out_dir / "stripped.mp4", preset=FASTEST)
    assert not private_tags(stripped.output_info) and stripped.output_info.extra_streams == 0
    kept = export(info, 1000, 1500, "accurate", out_dir / "kept.mp4", keep_metadata=True, preset=FASTEST)
    assert any("location" in tag.lower() for tag in kept.output_info.tags)


def test_smart_keeps_metadata_only_when_asked(clip, out_dir: Path) -> None:
    info = probe(clip(**{**PORTRAIT, "extra": (*PORTRAIT["extra"], "-metadata", "location=+48.8584+002.2945/")},
                      seconds=2, gop=30), keyframes=True)
    assert "location" in private_tags(info)
    stripped = export(info, 500, 1800, "smart", out_dir / "stripped.mp4", preset=PRESET)
    kept = export(info, 500, 1800, "smart", out_dir / "kept.mp4", keep_metadata=True, preset=PRESET)
    assert (stripped.mode, kept.mode) == ("smart", "smart")
    assert not private_tags(stripped.output_info)
    assert "location" in kept.output_info.tags


@pytest.mark.real_media
def test_hdr_is_tone_mapped_not_washed_out(real_info, out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = real_info("androidx__dolbyVision-hdr.MOV")
    assert info.color_transfer == "arib-std-b67"
    mapped = export(info, 0, 200, "accurate", out_dir / "mapped.mp4", preset=PRESET)
    monkeypatch.setattr(export_module, "TONEMAP", (Filter("format", "yuv420p"),))  # HLG shown as if it were SDR
    naive = export(info, 0, 200, "accurate", out_dir / "naive.mp4", preset=PRESET)

    def saturation(result: ExportResult) -> float:
        with FrameServer(result.output_info, use_proxy=False) as server:
            image = server.frame_at(0).image
        return float(cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2HSV)[..., 1].mean())

    assert mapped.output_info.color_transfer == "bt709"
    assert saturation(mapped) > 1.3 * saturation(naive)


# -- cancel, full disk, failure --------------------------------------------------------------------------------


def test_cancel_mid_export_leaves_no_file(clip, out_dir: Path) -> None:
    info = probe(clip(seconds=20, width=320, height=180, gop=60))  # long, so the cancel comes first; any size
    out = out_dir / "out"
    out.mkdir()
    early = CancelToken()
    early.cancel()
    with pytest.raises(Cancelled):
        export(info, 0, 20_000, "accurate", out / "a.mp4", cancel=early, preset=PRESET)
    during = CancelToken()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        during.cancel()

    for mode in ("accurate", "copy"):
        with pytest.raises(Cancelled):
            export(info, 1000, 20_000, mode, out / "b.mp4", cancel=during, progress=progress, preset=PRESET)
        assert seen and seen[0] < 19_000
        assert list(out.iterdir()) == []
        during = CancelToken()
        seen.clear()


def test_disk_space_is_checked_before_starting(generated, out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = generated("gop1s-24fps")
    real = export_module.shutil.disk_usage

    def nearly_full(path: str | os.PathLike[str]):
        usage = real(path)
        return usage._replace(free=100_000)

    monkeypatch.setattr(export_module.shutil, "disk_usage", nearly_full)
    with pytest.raises(MachineError) as caught:
        export(info, 0, 2000, "accurate", out_dir / "out.mp4", preset=PRESET)
    assert caught.value.code == "disk_full"
    assert caught.value.path == str(out_dir)
    assert "MB" in caught.value.message
    assert list(out_dir.iterdir()) == []


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 512 KiB tmpfs (root can mount one here); skips where mounting is not permitted."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_full_disk_during_export_is_a_clear_error(generated, tiny_disk: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    info = generated("gop1s-60fps")
    with pytest.raises(MachineError) as caught:  # the check before starting sees the small disk
        export(info, 0, 1900, "accurate", tiny_disk / "out.mp4", preset=PRESET)
    assert caught.value.code == "disk_full" and caught.value.path == str(tiny_disk)
    monkeypatch.setattr(export_module, "estimate_bytes", lambda *a: 1)  # let it start; the disk fills up
    for mode in ("accurate", "smart"):
        with pytest.raises(MachineError) as caught:
            export(info, 0, 1900, mode, tiny_disk / "out.mp4", preset=FASTEST)  # the largest output, soonest full
        assert caught.value.code == "disk_full", caught.value
        assert caught.value.path == str(tiny_disk)
        assert "disk filled up" in caught.value.message
        assert list(tiny_disk.iterdir()) == []


def test_ffmpeg_failure_gives_its_own_last_lines(generated, out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = generated("gop1s-24fps")
    monkeypatch.setattr(export_module, "video_filter", lambda info, video, *rest: video.filter("no_such_filter"))
    with pytest.raises(MachineError) as caught:
        export(info, 0, 2000, "accurate", out_dir / "out.mp4", preset=PRESET)
    assert caught.value.code == "export_failed"
    assert "no_such_filter" in caught.value.message
    assert list(out_dir.iterdir()) == []


def test_bad_requests(generated, out_dir: Path) -> None:
    info = generated("gop1s-24fps")
    for start, end in ((-1, 500), (500, 500), (info.duration_ms, info.duration_ms + 100)):
        with pytest.raises(InputError) as caught:
            export(info, start, end, "accurate", out_dir / "out.mp4")
        assert caught.value.code == "bad_range"
    with pytest.raises(InputError) as caught:
        export(info, 0, 500, "accurate", out_dir / "no" / "out.mp4")
    assert caught.value.code == "missing_folder"
    with pytest.raises(InputError) as caught:
        export(info, 0, 500, "accurate", info.path)
    assert caught.value.code == "same_file"
    with pytest.raises(InputError) as caught:
        export(info, 0, 500, "accurate", out_dir)
    assert caught.value.code == "is_directory"
    with pytest.raises(InputError):
        export(info, 0, 500, "fast", out_dir / "out.mp4")  # type: ignore[arg-type]
    assert list(out_dir.iterdir()) == []


# -- the command line ------------------------------------------------------------------------------------------

PINNED_EXPORT_FIELDS = {"output", "mode", "requested", "actual", "fallback_reason", "seconds"}


def test_cli_export_json_has_the_pinned_fields(generated, out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from studio.cli import main

    info = generated("gop1s-24fps")
    out = out_dir / "cut.mp4"
    assert main(["export", info.path, "--start", "700", "--end", "2100", "--mode", "copy", "-o", str(out),
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= PINNED_EXPORT_FIELDS
    assert data["output"] == str(out) and out.is_file()
    assert data["mode"] == "copy" and data["fallback_reason"] is None
    assert data["requested"] == {"start_ms": 700, "end_ms": 2100}
    assert data["actual"]["start_ms"] == 0  # the keyframe before 700 ms (GOP 1 s)
    assert data["actual"]["duration_ms"] == data["actual"]["end_ms"] - data["actual"]["start_ms"]
    assert isinstance(data["seconds"], float)


def test_cli_export_text_says_why_smart_fell_back(clip, out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from studio.cli import main

    path = clip(width=320, height=180, seconds=2, gop=30)
    out = out_dir / "cut.mp4"
    assert main(["export", str(path), "--start", "500", "--end", "1500", "--mode", "smart", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == f"output: {out}"
    assert lines[1] == ("mode: accurate (smart fell back: the picture is 320x180; the platform takes 9:16 up to "
                        "1080x1920)")
    assert lines[2] == "start: 0:00.500 (500 ms)"
    assert lines[3] == "end: 0:01.500 (1500 ms)"
    assert lines[4] == "duration: 0:01.000 (1000 ms)"
    assert lines[5].startswith("seconds: ")
    assert "warning: the video is 1.0 s long; the platform takes at least 3 s" in captured.err


def test_cli_export_plan_and_errors(generated, out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from studio.cli import main

    info = generated("gop1s-24fps")
    out = out_dir / "cut.mp4"
    assert main(["export", info.path, "--start", "700", "--end", "2100", "--mode", "copy", "-o", str(out),
                 "--plan"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["mode: copy", "start: 0:00.000 (0 ms, requested 0:00.700)"]
    assert not out.exists()
    assert main(["export", info.path, "--start", "9000", "--end", "9500", "-o", str(out)]) == 2
    assert "is not inside the clip" in capsys.readouterr().err
    assert main(["export", info.path, "--start", "0", "--end", "500"]) == 2  # no -o
    capsys.readouterr()
    assert main(["export", str(out_dir / "missing.mp4"), "--start", "0", "--end", "500", "-o", str(out),
                 "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "missing"
    assert list(out_dir.iterdir()) == []


def test_cli_export_copy_refused_is_exit_1(clip, out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from studio.cli import main

    path = clip(codec="libvpx-vp9", container="webm", seconds=1)
    assert main(["export", str(path), "--start", "0", "--end", "500", "--mode", "copy",
                 "-o", str(out_dir / "x.mp4")]) == 1
    assert capsys.readouterr().err == (f"studio: {path}: a stream copy is not possible: the video is vp9; "
                                       "the platform takes H.264\n")
