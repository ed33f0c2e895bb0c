"""Sources whose first shown frame is not at timestamp 0: exports, the frame server and popup times agree.

Time 0 of a source is where a player's clock reads 0:00 and a frame's time is when it is first shown
(ARCHITECTURE.md, "Time"); these clips break the easy assumption that the first stored timestamp is 0
(`tests/timing_fixtures.py`: a 10 s start offset in MP4 and MPEG-TS, MPEG-4 Part 2 starting 1.5 s late, an
edit list that hides the head, one that delays the video behind its audio). The oracle is independent of
the code under test: every frame of the source decoded by PyAV in presentation order, so frame i of that
list is frame i of the clip. Each export's first and last frames must be the source frames the plan names,
compared by pixels against their neighbours (`tests.picture_checks.assert_is_frame`).
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from studio.core.media_info import MediaInfo
from studio.media.export import Mode, export, plan_export
from studio.media.frames import FrameServer
from studio.media.probe import probe
from tests.picture_checks import View, assert_is_frame, gray
from tests.timing_fixtures import KINDS, timing_clip  # noqa: F401  (fixture)

PRESET = "superfast"
FIRST, END = 13, 62
"""The cut, by frame index: neither end is a keyframe (the clips have one every 25 frames)."""
ACCURATE_END = 37
"""Where the accurate export ends instead: it re-encodes every frame it keeps, and the checks are on the two ends
(copy and smart need END, across two keyframes)."""
SMART_FALLS_BACK = ("offset_ts", "late_mpeg4", "late_avi")
"""Not H.264 in MP4, so smart is accurate; on the others smart really cuts smartly."""


def decoded(path: str | Path) -> list[np.ndarray]:
    """Every frame of the file's video, decoded in presentation order, in grey."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        pictures: list[tuple[int, np.ndarray]] = []
        for f in container.decode(stream):
            assert f.pts is not None, "a decoded frame without a timestamp"
            pictures.append((f.pts, gray(f.to_ndarray(format="rgb24"))))
    pictures.sort(key=lambda item: item[0])
    return [p for _, p in pictures]


def first_and_last(path: str | Path) -> tuple[int, np.ndarray, np.ndarray]:
    """How many frames the file's video decodes to, and its first and last frame in presentation order, in grey
    (only those two are converted to pixels)."""
    count = 0
    first: tuple[int, av.VideoFrame] | None = None
    last: tuple[int, av.VideoFrame] | None = None
    with av.open(str(path)) as container:
        for f in container.decode(container.streams.video[0]):
            assert f.pts is not None, "a decoded frame without a timestamp"
            count += 1
            first = (f.pts, f) if first is None or f.pts < first[0] else first
            last = (f.pts, f) if last is None or f.pts > last[0] else last
        assert first is not None and last is not None, f"{path}: no frame decoded"
        return count, gray(first[1].to_ndarray(format="rgb24")), gray(last[1].to_ndarray(format="rgb24"))


@pytest.fixture(scope="module")
def sources(timing_clip) -> dict[str, tuple[MediaInfo, list[np.ndarray]]]:  # noqa: F811
    return {kind: (probe(timing_clip(kind), keyframes=True), decoded(timing_clip(kind))) for kind in KINDS}


def check_frame(view: View, out: np.ndarray, src: list[np.ndarray], want: int, what: str) -> None:
    candidates = {i: view.of_source(src[i]) for i in (want - 1, want, want + 1) if 0 <= i < len(src)}
    assert_is_frame(view.of_output(out), candidates, want, what)


@pytest.mark.parametrize("mode", ["copy", "accurate", "smart"])
@pytest.mark.parametrize("kind", KINDS)
def test_export_keeps_the_frames_shown_at_the_in_and_out_points(sources, tmp_path: Path, kind: str,
                                                                mode: Mode) -> None:
    info, src = sources[kind]
    assert len(src) == info.frame_count
    with FrameServer(info, use_proxy=False) as server:
        times = server.frame_times_ms
    assert times[0] == info.first_frame_ms
    last = ACCURATE_END if mode == "accurate" else END
    asked_start, asked_end = times[FIRST] + 3, times[last]  # from between two frames to a frame's own time
    if mode == "copy" and info.video_codec != "h264":
        return  # copy is offered for H.264 only; plan_copy's refusal is tested in test_export
    plan = plan_export(info, asked_start, asked_end, mode)
    if mode == "smart" and plan.mode == "accurate":  # the very export the accurate case runs: said why, not run twice
        assert plan.fallback_reason is not None and kind in SMART_FALLS_BACK
        return
    first, end = plan.first, plan.end
    if mode == "copy":
        assert first <= FIRST and end >= END and times[first] in (info.keyframes_ms or ())
    else:
        assert (first, end) == (FIRST, last)
    result = export(info, asked_start, asked_end, mode, tmp_path / "out.mp4", preset=PRESET)
    assert (result.start_ms, result.end_ms) == (times[first], times[end])
    count, out_first, out_last = first_and_last(result.output)
    assert count == end - first
    view = View.of(info, result.output_info, "pad")
    check_frame(view, out_first, src, first, f"{kind} {mode}: first output frame")
    check_frame(view, out_last, src, end - 1, f"{kind} {mode}: last output frame")
    assert result.output_info.first_frame_ms == 0 and result.output_info.start_ms == 0


@pytest.mark.parametrize("kind", KINDS)
def test_frame_server_serves_the_frame_shown_at_each_time(sources, kind: str) -> None:
    """The frame at a frame's own time, and 1 ms before the next one's, is that frame; before the first frame
    (a late video) the first frame is shown, as a player holds it."""
    info, src = sources[kind]
    with FrameServer(info, use_proxy=False) as server:
        times = server.frame_times_ms
        probes = [(0, 0), (times[0], 0), (times[FIRST], FIRST), (times[FIRST + 1] - 1, FIRST),
                  (times[END], END), (times[-1], len(times) - 1)]
        for t, want in probes:
            frame = server.frame_at(t)
            assert frame.index == want
            assert float(np.abs(gray(frame.image) - src[want]).mean()) < 1.0, f"{kind}: the frame at {t} ms"


@pytest.mark.gui
@pytest.mark.parametrize("kind", ["offset_mp4", "offset_ts", "edit_trim", "edit_delay"])
def test_qt_player_frame_times_are_the_frame_list_times(qtbot, sources, kind: str) -> None:
    """The editor's and the reviewer's player (QMediaPlayer, `ui.playback.player`: a frame's time is its start time
    rounded up to whole ms) count from the same 0 as the frame list, so popups show on the right frames."""
    from PySide6.QtCore import QUrl
    from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

    info, _ = sources[kind]
    player, sink = QMediaPlayer(), QVideoSink()
    player.setVideoSink(sink)
    shown: list[int] = []

    def on_frame(frame) -> None:
        shown.append(-(-frame.startTime() // 1000))

    sink.videoFrameChanged.connect(on_frame)
    player.setSource(QUrl.fromLocalFile(info.path))
    player.play()
    qtbot.waitUntil(lambda: len(shown) >= 4, timeout=20_000)
    player.stop()
    with FrameServer(info, use_proxy=False) as server:
        times = server.frame_times_ms
    assert shown[:4] == times[:4]
