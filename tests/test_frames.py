"""Exact frames (`studio.media.frames`), the filmstrip and the scrub proxy, on generated and real clips.

The oracle for generated clips is a plain sequential PyAV decode of every frame, timed with `pts_to_ms` and
turned with numpy's rot90, written here independently of the FrameServer's seeking, caching and cv2 rotation.
The direction of the rotation is checked against OpenCV, which applies the rotation metadata by itself.
"""

from __future__ import annotations

import itertools
import math
import random
import shutil
import threading
from typing import Any

import av
import cv2
import numpy as np
import pytest

from studio.core.cancel import CancelToken
from studio.core.errors import Cancelled
from studio.core.media_info import MediaInfo
from studio.core.timeline import pts_to_ms
from studio.media import filmstrip as filmstrip_module
from studio.media.filmstrip import filmstrip, thumb_size
from studio.media.frames import DecodeCursor, FrameServer, fit_size
from studio.media.probe import probe
from studio.media.proxy import find_proxy, make_proxy, proxy_path, proxy_size
from tests.conftest import REAL_FACTS, REAL_VIDEOS

GENERATED: dict[str, dict[str, Any]] = {  # the `clip` fixture's arguments (ClipSpec fields) by name
    "gop1s-30fps": {"fps": 30, "gop": 30, "seconds": 3},
    "gop8s-24fps": {"fps": 24, "gop": 8 * 24, "seconds": 3},
    "gop1s-60fps": {"fps": 60, "gop": 60, "seconds": 2},
    "vfr": {"vfr": True, "seconds": 2},
    "hevc-322x242": {"codec": "libx265", "width": 322, "height": 242, "gop": 30, "seconds": 2},
    "odd-322x242": {"width": 322, "height": 242, "gop": 15, "seconds": 1},
    "rotated": {"rotation": 90, "seconds": 1, "gop": 10},
    "vp9": {"codec": "libvpx-vp9", "container": "webm", "seconds": 1, "extra": ("-cpu-used", "5")},  # fast, same mode
}


def shown_at(times: list[int], t: int) -> int:
    """The index of the last frame whose time is <= t (the first frame before any): written out plainly."""
    return max([i for i, time in enumerate(times) if time <= t], default=0)


def reference_frames(info: MediaInfo, max_size: tuple[int, int] | None = None) -> tuple[list[int], list[np.ndarray]]:
    """Every frame decoded in order by plain PyAV: (times in ms, RGB pictures as a player shows them)."""
    quarter_turns = info.rotation // 90
    width, height = info.display_width, info.display_height
    if max_size is not None:
        scale = min(max_size[0] / width, max_size[1] / height, 1.0)
        width, height = max(1, round(width * scale)), max(1, round(height * scale))
    if quarter_turns % 2:
        width, height = height, width
    times, images = [], []
    with av.open(info.path) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            assert frame.pts is not None and stream.time_base is not None, "a decoded frame without a timestamp"
            times.append(pts_to_ms(frame.pts, stream.time_base, container.start_time or 0))
            # scaled, then converted, as the frame server does (`frames._fitted`)
            scaled = frame.reformat(width=width, height=height)
            images.append(np.rot90(scaled.to_ndarray(format="rgb24"), -quarter_turns))
    return times, images


def mean_diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


@pytest.fixture(scope="module")
def generated(clip):
    """name -> (MediaInfo, reference times, reference pictures), made once per module."""
    made: dict[str, tuple[MediaInfo, list[int], list[np.ndarray]]] = {}

    def get(name: str) -> tuple[MediaInfo, list[int], list[np.ndarray]]:
        if name not in made:
            info = probe(clip(**GENERATED[name]), keyframes=True)
            made[name] = (info, *reference_frames(info))
        return made[name]

    return get


# -- exact frames on generated clips ------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(GENERATED))
def test_every_frame_time_and_its_neighbours(generated, name: str) -> None:
    info, ref_times, ref_images = generated(name)
    with FrameServer(info, cache_bytes=0) as server:
        times = server.frame_times_ms
        assert times == ref_times
        assert len(times) == info.frame_count
        assert times[0] == info.first_frame_ms
        for i, t in enumerate(times):
            # the neighbours in time order, so the server steps forward: reaching frames by seeks, backwards
            # included, is test_random_order_gives_the_sequential_pixels's subject, on every clip here
            for probe_t in (t - 1, t, t + 1):
                frame = server.frame_at(probe_t)
                expected = shown_at(times, probe_t)
                assert (frame.index, frame.time_ms) == (expected, times[expected]), f"at {probe_t} ms"
                assert np.array_equal(frame.image, ref_images[expected]), f"pixels of frame {expected}"
            assert server.frame_at(t).index == i


@pytest.mark.parametrize("name", ["gop1s-30fps", "gop8s-24fps", "vfr", "hevc-322x242"])
def test_stepping_yields_each_frame_once(generated, name: str) -> None:
    info, ref_times, ref_images = generated(name)
    seen: list[int] = []
    with FrameServer(info, cache_bytes=0) as server:
        t = server.frame_times_ms[0]
        while True:
            frame = server.frame_at(t)
            seen.append(frame.index)
            assert np.array_equal(frame.image, ref_images[frame.index])
            if frame.index + 1 == len(ref_times):
                break
            t = ref_times[frame.index + 1]
    assert seen == list(range(len(ref_times)))


@pytest.mark.parametrize("name", list(GENERATED))
def test_random_order_gives_the_sequential_pixels(generated, name: str) -> None:
    info, ref_times, ref_images = generated(name)
    with FrameServer(info, cache_bytes=0) as sequential:
        in_order = [sequential.frame_at(t).image for t in ref_times]
    order = list(range(len(ref_times)))
    random.Random(7).shuffle(order)
    with FrameServer(info, cache_bytes=0) as server:
        for i in order:
            frame = server.frame_at(ref_times[i])
            assert frame.index == i
            assert np.array_equal(frame.image, in_order[i])
            assert np.array_equal(frame.image, ref_images[i])


def test_a_seek_decodes_from_its_keyframe_where_the_demuxer_lands_a_gop_early(clip) -> None:
    """HEVC with open-GOP keyframes under an edit list that hides the head of the first GOP (as iPhones write
    it): FFmpeg's MP4 demuxer lands a seek to the keyframe on the hidden GOP before it. Its frames are dropped
    undecoded, and the pictures are still the sequential decode's."""
    info = probe(clip(codec="libx265", gop=30, seconds=2, audio=False, extra=("-output_ts_offset", "-0.5")))
    ref_times, ref_images = reference_frames(info)
    cursor = DecodeCursor(info.path, interlaced=False)
    try:
        key = cursor.key_indices[0]
        assert key > 0  # the frames before it are the tail of the hidden GOP: the case itself
        assert cursor.decode(key + 2)[0] == key + 2
        assert cursor.frames_decoded <= 3  # the keyframe and what follows it, not the GOP before
    finally:
        cursor.close()
    with FrameServer(info, cache_bytes=0) as server:
        for i in (key + 2, key, len(ref_times) - 1, 3, key + 1):
            frame = server.frame_at(ref_times[i])
            assert frame.index == i
            assert np.array_equal(frame.image, ref_images[i]), f"frame {i}"


def test_before_the_first_and_after_the_last_frame(generated) -> None:
    info, ref_times, _ = generated("gop1s-30fps")
    with FrameServer(info) as server:
        assert server.frame_at(-500).index == 0
        assert server.frame_at(info.duration_ms + 10_000).index == len(ref_times) - 1
        assert server.index_at(ref_times[5] + 1) == 5


def test_keyframes_match_probe(generated) -> None:
    info, _, _ = generated("gop1s-30fps")
    with FrameServer(info) as server:
        assert server.keyframe_times_ms == list(info.keyframes_ms or ()) == [0, 1000, 2000]
        assert server.keyframe_at_or_before(-1) == 0
        assert server.keyframe_at_or_before(999) == 0
        assert server.keyframe_at_or_before(1000) == 1000
        assert server.keyframe_at_or_before(2999) == 2000


@pytest.mark.parametrize(("ccw", "clockwise"), [(90, 270), (-90, 90), (180, 180)])
def test_rotation_is_applied_as_a_player_shows_it(clip, ccw: int, clockwise: int) -> None:
    path = clip(rotation=ccw, seconds=1, width=320, height=180, audio=False)
    info = probe(path)
    assert info.rotation == clockwise
    with FrameServer(info) as server:
        image = server.frame_at(0).image
    assert image.shape == (info.display_height, info.display_width, 3)
    assert image.shape[:2] == ((320, 180) if clockwise in (90, 270) else (180, 320))
    capture = cv2.VideoCapture(str(path))  # OpenCV applies the rotation metadata itself
    try:
        ok, bgr = capture.read()
    finally:
        capture.release()
    assert ok
    shown = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    assert shown.shape == image.shape
    right = mean_diff(image, shown)
    wrong = mean_diff(np.rot90(image, 2), shown)
    assert right < 8 < wrong


def test_sample_aspect_ratio_is_applied(clip) -> None:
    info = probe(clip(width=320, height=240, seconds=1, audio=False, extra=("-aspect", "16:9")))
    assert info.sample_aspect_ratio == "4:3"
    with FrameServer(info) as server:
        assert server.frame_at(0).image.shape == (240, 427, 3)
        assert server.frame_at(0, max_size=(200, 200)).image.shape == (112, 200, 3)


def test_max_size_fits_and_never_enlarges(generated) -> None:
    info, ref_times, _ = generated("rotated")  # shown 240 wide, 320 high
    with FrameServer(info, use_proxy=False) as server:
        small = server.frame_at(ref_times[3], max_size=(60, 60))
        assert small.image.shape == (60, 45, 3)
        assert small.index == 3
        assert server.frame_at(ref_times[3], max_size=(4000, 4000)).image.shape == (320, 240, 3)
        _, ref_small = reference_frames(info, max_size=(60, 60))
        assert np.array_equal(small.image, ref_small[3])
        with pytest.raises(ValueError, match="positive"):
            server.frame_at(0, max_size=(0, 10))


def test_cache_returns_the_same_picture_and_stays_bounded(generated) -> None:
    info, ref_times, _ = generated("gop1s-30fps")
    frame_bytes = info.display_width * info.display_height * 3
    with FrameServer(info, cache_bytes=3 * frame_bytes) as server:
        first = server.frame_at(ref_times[0])
        assert server.frame_at(ref_times[0]) is first
        assert not first.image.flags.writeable
        for t in ref_times[1:10]:
            server.frame_at(t)
            assert server.cache_bytes <= 3 * frame_bytes
        assert server.cache_bytes == 3 * frame_bytes
        assert server.frame_at(ref_times[9]) is server.frame_at(ref_times[9])
        again = server.frame_at(ref_times[0])
        assert again is not first
        assert np.array_equal(again.image, first.image)


def test_threads_share_one_server(generated) -> None:
    info, ref_times, ref_images = generated("gop1s-30fps")
    errors: list[str] = []
    with FrameServer(info, cache_bytes=0) as server:

        def worker(seed: int) -> None:
            rng = random.Random(seed)
            for _ in range(25):
                i = rng.randrange(len(ref_times))
                frame = server.frame_at(ref_times[i])
                if frame.index != i or not np.array_equal(frame.image, ref_images[i]):
                    errors.append(f"thread {seed}: asked {i}, got {frame.index}")

        threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []


def test_closed_server_refuses_work(generated) -> None:
    info, _, _ = generated("gop1s-30fps")
    server = FrameServer(info)
    server.close()
    with pytest.raises(ValueError, match="closed"):
        server.frame_at(0)
    server.close()  # twice is harmless


# -- the real clips -------------------------------------------------------------------------------------------


BLACK_REAL = {"androidx__edit_list_positive_shift.mp4"}  # SOURCES.md: "almost black picture" (every pixel 0)


@pytest.mark.real_media
@pytest.mark.parametrize("name", REAL_VIDEOS)
def test_real_clip_frames(real_info, name: str) -> None:
    facts = REAL_FACTS[name]
    start = facts["container_start_ms"]
    info = real_info(name)
    with FrameServer(info) as server:
        times = server.frame_times_ms
        assert len(times) == facts["frames_decoded"]
        assert times[0] == math.ceil(facts["first_frame_ms"] - start - 1e-6)
        assert times[-1] == math.ceil(facts["last_frame_ms"] - start - 1e-6)
        spread = []
        for i, box in ((0, None), (len(times) // 2, (480, 480)), (len(times) - 1, (480, 480))):
            # the display size at full size once; the later frames fitted in a box, which costs the same decode
            # and a fraction of the RGB conversion (an HDR frame's tone mapping above all)
            frame = server.frame_at(times[i], box)
            assert (frame.index, frame.time_ms) == (i, times[i])
            height, width, channels = frame.image.shape
            assert channels == 3 and frame.image.dtype == np.uint8
            want = fit_size(facts["display_width"], facts["display_height"], box)
            assert abs(width - want[0]) <= 1, (width, height, want)
            assert abs(height - want[1]) <= 1, (width, height, want)
            spread.append(float(frame.image.std()))
        if name not in BLACK_REAL:
            assert max(spread) > 1  # pictures, not blank buffers (a first frame may be black)


@pytest.mark.real_media
@pytest.mark.parametrize("name", [
    "androidx__portrait_4k60.mp4", "mxi__Sony_ILCE-7M3_A7M3.mts", "androidx__sample_edit_list.mp4"])
def test_a_frame_fitted_in_a_box_keeps_the_whole_frames_colours(real_info, name: str) -> None:
    """The editor shows frames fitted in its view: their colours are the full frame's (which the export matches;
    `frames._fitted` says how), for a full-range BT.601 phone clip, a limited BT.709 camera clip and HLG."""
    with FrameServer(real_info(name), cache_bytes=0, use_proxy=False) as server:
        t = server.frame_times_ms[len(server.frame_times_ms) // 3]
        whole = server.frame_at(t).image.astype(np.float32)
        fitted = server.frame_at(t, (960, 960)).image.astype(np.float32)
    shrunk = cv2.resize(whole, (fitted.shape[1], fitted.shape[0]), interpolation=cv2.INTER_AREA)
    bias = np.abs((fitted - shrunk).reshape(-1, 3).mean(axis=0))
    assert bias.max() < 0.5, f"{name}: a channel of the fitted frame is shifted by {bias.max():.2f} levels"


def test_a_palette_clip_is_fitted_in_a_box_too(clip) -> None:
    """PNG frames in a palette (pal8, QuickTime animation's kind): libswscale reads the format but cannot scale
    into it, so a fitted frame is scaled as it is converted to RGB instead of before."""
    info = probe(clip(seconds=0.5, fps=10, width=96, height=64, codec="png", audio=False, container="mov",
                      extra=("-pix_fmt", "pal8")))
    assert info.pix_fmt == "pal8"
    with FrameServer(info, cache_bytes=0, use_proxy=False) as server:
        t = server.frame_times_ms[2]
        whole, fitted = server.frame_at(t).image, server.frame_at(t, (48, 48)).image
    assert whole.shape == (64, 96, 3) and fitted.shape == (32, 48, 3)
    shrunk = cv2.resize(whole, (48, 32), interpolation=cv2.INTER_AREA)
    assert mean_diff(fitted, shrunk) < 16  # the same picture (testsrc2's sharp edges scale a little apart)


TRICKY_REAL = [
    "mxi__Sony_ILCE-7M3_A7M3.mts",  # field-coded interlaced H.264, open GOP, container starts at 1.04 s
    "androidx__edit_list_positive_shift.mp4",  # edit list: first frame at 1000 ms
    "androidx__bbb_800x640_768kbps_30fps_avc_2b_firstpts_10_sec.mp4",  # timestamps start at 10 s; SAR
    "androidx__sample_edit_list.mp4",  # 10-bit HEVC HDR, rotated, edit list
    "androidx__sample_av1.mp4",  # AV1: hidden frames, dav1d
    "moviepy__big_buck_bunny_0_30.webm",
    "imageio__cockatoo.mp4",  # old x264 4:4:4: decodes right only after the decoder saw the first packet's SEI
]


@pytest.mark.real_media
@pytest.mark.parametrize("name", TRICKY_REAL)
def test_real_clip_random_access_matches_sequential(real_info, name: str) -> None:
    info = real_info(name)
    box = (160, 160)
    with FrameServer(info, cache_bytes=0, use_proxy=False) as sequential:
        times = sequential.frame_times_ms
        in_order = [sequential.frame_at(t, box) for t in times]
        last_key = times.index(sequential.keyframe_times_ms[-1])
    assert [f.index for f in in_order] == list(range(len(times)))
    if len(times) <= 40:
        picks = random.Random(3).sample(range(len(times)), len(times))
    else:  # a backward seek onto the last keyframe, then a few at random (mostly not keyframes)
        picks = [last_key, *random.Random(3).sample(range(len(times)), 4)]
    with FrameServer(info, cache_bytes=0, use_proxy=False) as server:
        for pick in [len(times) - 1, *picks, 0]:  # a fresh decoder's first frame is the last one
            for i in range(pick, min(pick + 2, len(times))):  # then a step forward from the pick
                frame = server.frame_at(times[i], box)
                assert frame.index == i
                assert np.array_equal(frame.image, in_order[i].image), f"frame {i}"


# -- filmstrip --------------------------------------------------------------------------------------------------


def test_filmstrip_is_the_keyframes(generated) -> None:
    info, _, _ = generated("gop1s-30fps")
    calls: list[tuple[int, int]] = []
    thumbs = filmstrip(info, height_px=90, progress=lambda done, total: calls.append((done, total)))
    assert [t.time_ms for t in thumbs] == list(info.keyframes_ms or ()) == [0, 1000, 2000]
    assert all(t.keyframe for t in thumbs)
    assert {t.image.shape for t in thumbs} == {(90, 120, 3)}
    assert calls == [(1, 3), (2, 3), (3, 3)]
    with FrameServer(info) as server:
        for thumb in thumbs:
            assert np.array_equal(thumb.image, server.frame_at(thumb.time_ms, max_size=(1000, 90)).image)


@pytest.mark.parametrize("height", [48, 90])
def test_filmstrip_height_and_rotation(generated, height: int) -> None:
    info, _, _ = generated("rotated")  # shown 240x320
    thumbs = filmstrip(info, height_px=height)
    assert [t.time_ms for t in thumbs] == list(info.keyframes_ms or ())
    width = round(height * 240 / 320)
    assert thumb_size(info, height) == (width, height)
    assert {t.image.shape for t in thumbs} == {(height, width, 3)}


def test_filmstrip_of_a_clip_smaller_than_the_thumb(clip) -> None:
    info = probe(clip(width=64, height=48, seconds=1, audio=False), keyframes=True)
    thumbs = filmstrip(info, height_px=90)
    assert [t.time_ms for t in thumbs] == [0]
    assert thumbs[0].image.shape == (90, 120, 3)


def test_filmstrip_fills_long_gaps_with_exact_frames(clip) -> None:
    info = probe(clip(seconds=10, fps=30, gop=8 * 30, audio=False), keyframes=True)
    assert info.keyframes_ms == (0, 8000)
    thumbs = filmstrip(info, height_px=60)
    keyframes = [t.time_ms for t in thumbs if t.keyframe]
    fillers = [t.time_ms for t in thumbs if not t.keyframe]
    assert keyframes == [0, 8000]
    assert fillers == [2000, 4000, 6000]  # the 8 s gap in 2 s steps; the 2 s tail needs none
    with FrameServer(info) as server:
        assert all(t in server.frame_times_ms for t in fillers)
        for thumb in thumbs:
            assert np.array_equal(thumb.image, server.frame_at(thumb.time_ms, max_size=(1000, 60)).image)


def test_filmstrip_of_a_single_keyframe_clip_is_never_empty(clip, monkeypatch: pytest.MonkeyPatch) -> None:
    info = probe(clip(seconds=10, fps=30, gop=600, audio=False), keyframes=True)
    assert info.keyframes_ms == (0,)
    times = [t.time_ms for t in filmstrip(info, height_px=40)]
    assert times[0] == 0
    assert len(times) == 5  # at most one per 2 s
    assert all(b - a >= 1900 for a, b in itertools.pairwise(times))
    monkeypatch.setattr(filmstrip_module, "FILLER_DECODE_BUDGET", 100)
    bounded = [t.time_ms for t in filmstrip(info, height_px=40)]
    assert bounded == [0, 2000]  # the next filler (frame 120) would pass 100 decoded frames


def test_filmstrip_cancel(generated) -> None:
    info, _, _ = generated("gop1s-30fps")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        filmstrip(info, cancel=token)

    later = CancelToken()
    calls: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        later.cancel()

    with pytest.raises(Cancelled):
        filmstrip(info, progress=progress, cancel=later)
    assert calls == [1]


@pytest.mark.real_media
@pytest.mark.parametrize("name", ["mxi__Sony_ILCE-7M3_A7M3.mts", "androidx__bbb_960x540_60fps_vp8.webm",
                                  "androidx__sample_av1.mp4", "androidx__sample_edit_list.mp4"])
def test_filmstrip_of_real_clips(real_info, name: str) -> None:
    info = real_info(name, keyframes=True)
    thumbs = filmstrip(info, height_px=90)
    assert [t.time_ms for t in thumbs if t.keyframe] == list(info.keyframes_ms or ())
    assert {t.image.shape[0] for t in thumbs} == {90}
    assert all(t.image.std() > 1 for t in thumbs)


# -- scrub proxy ----------------------------------------------------------------------------------------------


def test_proxy_serves_scrub_frames(clip) -> None:
    info = probe(clip(rotation=90, width=640, height=360, seconds=2, gop=60, audio=False))
    assert (info.display_width, info.display_height) == (360, 640)
    box = (180, 320)
    with FrameServer(info, use_proxy=False) as source, FrameServer(info) as server:
        times = server.frame_times_ms
        assert find_proxy(info) is None
        before = server.frame_at(times[3], box)
        assert server.proxy_path is None
        assert np.array_equal(before.image, source.frame_at(times[3], box).image)

        progress: list[tuple[int, int]] = []
        path = make_proxy(info, progress=lambda done, total: progress.append((done, total)))
        assert path == find_proxy(info) == proxy_path(info)
        assert progress and progress[-1][1] == info.duration_ms
        proxy_info = probe(path)
        assert proxy_info.frame_count == info.frame_count
        assert proxy_info.rotation == 0
        assert (proxy_info.width, proxy_info.height) == proxy_size(info) == (360, 640)  # never enlarged

        for i in (0, 17, 31, len(times) - 1, 5):  # a proxy made while the server is open is picked up
            scrub = server.frame_at(times[i], box)
            assert server.proxy_path == path
            here = source.frame_at(times[i], box).image
            near = [source.frame_at(times[j], box).image for j in range(max(i - 1, 0), min(i + 2, len(times)))]
            assert scrub.index == i and scrub.image.shape == here.shape == (320, 180, 3)
            assert mean_diff(scrub.image, here) < 4
            assert mean_diff(scrub.image, here) == min(mean_diff(scrub.image, other) for other in near)
        full = server.frame_at(times[10])  # full size comes from the source, exactly
        assert np.array_equal(full.image, source.frame_at(times[10]).image)


def test_proxy_is_ignored_when_it_does_not_match(clip) -> None:
    info = probe(clip(seconds=2, audio=False))
    other = probe(clip(seconds=1, audio=False))
    wrong = make_proxy(other)
    target = proxy_path(info)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(wrong, target)  # a proxy with the wrong frame count under this source's key
    with FrameServer(info) as server, FrameServer(info, use_proxy=False) as source:
        frame = server.frame_at(server.frame_times_ms[40], (100, 100))
        assert server.proxy_path is None
        assert np.array_equal(frame.image, source.frame_at(source.frame_times_ms[40], (100, 100)).image)


def test_proxy_cancel_leaves_nothing(clip) -> None:
    info = probe(clip(seconds=40, width=640, height=360, gop=60, audio=False))
    before = CancelToken()
    before.cancel()
    with pytest.raises(Cancelled):
        make_proxy(info, cancel=before)
    during = CancelToken()
    reports: list[int] = []

    def progress(done: int, total: int) -> None:
        reports.append(done)
        during.cancel()

    with pytest.raises(Cancelled):  # ffmpeg reports every 0.5 s; this proxy takes longer than that
        make_proxy(info, progress=progress, cancel=during)
    assert reports and reports[0] < info.duration_ms
    assert find_proxy(info) is None
    assert list(proxy_path(info).parent.iterdir()) == []
