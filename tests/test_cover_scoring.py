"""Cover suggestions: a generated clip with known black, blurred, fading and sharp segments,
the real clips, and the scoring arithmetic on numbers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.core.cancel import CancelToken
from studio.core.errors import Cancelled, InputError
from studio.media import cover_scoring
from studio.media.cover_scoring import Sample, Suggestion, sample_frames, score_samples, suggest_covers
from studio.media.frames import FrameServer
from studio.media.probe import probe
from studio.media.runner import run_ffmpeg
from tests.conftest import REAL_VIDEOS
from tests.media_fixtures import cached

SHARP_A = (0, 2_000)
BLACK = (2_000, 4_000)
BLURRED = (4_000, 6_000)
FADING = (6_000, 8_000)
SHARP_B = (8_000, 10_000)
BAD = (BLACK, BLURRED, FADING)


def _segments_clip(folder: Path, gop: int) -> Path:
    """10 s, 2 s each: sharp, black, boxblurred, fade out then in, sharp (another hue); keyframe every `gop`."""
    size = "size=360x640:rate=30"
    graph = (f"testsrc2={size}:duration=2[a];color=black:{size}:duration=2[b];"
             f"testsrc2={size}:duration=2,boxblur=10[c];"
             f"testsrc2={size}:duration=1,fade=t=out:st=0:d=1[d];testsrc2={size}:duration=1,fade=t=in:st=0:d=1[e];"
             f"testsrc2={size}:duration=2,hue=h=90[f];[a][b][c][d][e][f]concat=n=6:v=1:a=0,format=yuv420p[v]")

    def render(out: Path) -> None:
        run_ffmpeg(["-filter_complex", graph, "-map", "[v]", "-c:v", "libx264", "-preset", "ultrafast",
                    "-x264-params", f"keyint={gop}:min-keyint={gop}:scenecut=0", str(out)], what=out, outputs=[out])

    return cached(folder / f"cover-segments-gop{gop}.mp4", render)


@pytest.fixture(scope="session")
def segments(clip_dir: Path) -> Path:
    return _segments_clip(clip_dir, 15)


@pytest.fixture(scope="module")
def top_five(segments: Path) -> list[Suggestion]:
    """The five suggestions for the whole segments clip, worked out once for the tests that read them."""
    return suggest_covers(probe(segments), 5)


def _inside(t: int, ranges) -> bool:
    return any(a <= t < b for a, b in ranges)


def test_top_five_avoid_black_blurred_and_fading_segments(top_five: list[Suggestion]) -> None:
    suggestions = top_five
    assert len(suggestions) == 5
    assert [s for s in suggestions if _inside(s.time_ms, BAD)] == []
    assert all(_inside(s.time_ms, (SHARP_A, SHARP_B)) for s in suggestions)
    assert all(0 < s.score <= 1 for s in suggestions)
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
    assert all(any(r.code == "sharp" for r in s.reasons) for s in suggestions)


def test_the_bad_segments_are_named_for_what_they_are(segments: Path) -> None:
    scored = {s.time_ms: s for s in score_samples(sample_frames(probe(segments), 0, 10_000))}
    codes = {t: {r.code for r in s.reasons} for t, s in scored.items()}
    assert all(codes[t] == {"black"} for t in codes if _inside(t, [BLACK]))
    assert all("blurry" in codes[t] for t in codes if _inside(t, [BLURRED]))
    # the keyframe at the very start of the fade-out is still bright itself: its follow-up gives it away
    assert "fading" in codes[6_000] and "black" not in codes[6_000]
    assert all(codes[t] & {"fading", "black"} for t in codes if _inside(t, [FADING]))
    best_bad = max(s.score for t, s in scored.items() if _inside(t, BAD))
    worst_good = min(s.score for t, s in scored.items() if _inside(t, (SHARP_A, SHARP_B)))
    assert best_bad < worst_good


def test_a_long_gop_is_sampled_between_keyframes(clip_dir: Path) -> None:
    info = probe(_segments_clip(clip_dir, 300))  # one keyframe every 10 s: evenly spaced frames instead
    suggestions = suggest_covers(info, 5, max_samples=24)
    assert len(suggestions) == 5
    assert [s.time_ms for s in suggestions if _inside(s.time_ms, BAD)] == []


def test_range_limits_the_candidates(segments: Path) -> None:
    info = probe(segments)
    suggestions = suggest_covers(info, 3, 8_000, 9_600)
    assert suggestions and all(8_000 <= s.time_ms < 9_600 for s in suggestions)
    # a range that is black throughout has nothing to suggest
    assert suggest_covers(info, 3, 2_100, 3_900) == []


def test_suggested_times_are_frame_times_of_the_frame_server(segments: Path, top_five: list[Suggestion]) -> None:
    with FrameServer(probe(segments)) as frames:
        times = set(frames.frame_times_ms)
    assert all(s.time_ms in times for s in top_five)


def test_progress_and_cancel(segments: Path) -> None:
    calls: list[tuple[int, int]] = []
    suggest_covers(probe(segments), 2, progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1] > 0
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        suggest_covers(probe(segments), 2, cancel=token)


def test_bad_requests_name_the_file(segments: Path) -> None:
    info = probe(segments)
    with pytest.raises(InputError) as error:
        suggest_covers(info, 0)
    assert error.value.path == info.path
    with pytest.raises(InputError) as error:
        suggest_covers(info, 3, 5_000, 5_000)
    assert error.value.code == "empty_range"


def _sample(t: int, **kw) -> Sample:
    typical = Sample(time_ms=t, luma_mean=120.0, luma_std=50.0, dark_fraction=0.02, blown_fraction=0.01,
                     laplacian=500.0, colourfulness=50.0)
    return replace(typical, **kw)


def test_scoring_on_numbers() -> None:
    samples = [_sample(0), _sample(1_000, laplacian=60.0), _sample(2_000, luma_mean=5.0, dark_fraction=0.99),
               _sample(3_000, blown_fraction=0.7, luma_mean=240.0), _sample(4_000, faces=1, face_area=0.05),
               _sample(5_000, luma_change=0.2, correlation=0.95), _sample(6_000, hist_distance=0.8, correlation=0.1),
               _sample(7_000, luma_std=5.0, colourfulness=2.0), _sample(5_400)]
    scored = score_samples(samples)
    order = [s.time_ms for s in scored]
    assert order[0] == 4_000  # the face wins among equally sharp, well-exposed frames
    assert order[1] == 0
    assert order[-1] == 2_000 and scored[-1].black
    by_time = {s.time_ms: s for s in scored}
    assert {r.code for r in by_time[1_000].reasons} >= {"blurry"}
    assert by_time[5_000].reasons[0].code == "fading"
    assert by_time[6_000].reasons[0].code == "cut"
    assert "blown" in {r.code for r in by_time[3_000].reasons}
    assert "flat" in {r.code for r in by_time[7_000].reasons}
    assert "near_event" in {r.code for r in by_time[5_400].reasons}  # 0.4 s from the fade at 5 s
    assert "0.4 s from a cut or fade" in by_time[5_400].to_json()["reasons"]
    assert by_time[5_400].score < by_time[0].score
    doc = by_time[0].to_json()
    assert set(doc) >= {"time_ms", "score", "reasons"} and all(isinstance(r, str) for r in doc["reasons"])
    assert score_samples([]) == []


def test_measure_frame_tells_sharp_from_blurred_and_black() -> None:
    rng = np.random.default_rng(3)
    sharp = rng.integers(0, 256, (480, 270, 3), dtype=np.uint8)
    blurred = cv2.blur(sharp, (15, 15))
    black = np.zeros_like(sharp)
    s, _ = cover_scoring.measure_frame(sharp, 0)
    b, _ = cover_scoring.measure_frame(blurred, 1)
    k, _ = cover_scoring.measure_frame(black, 2)
    assert s.laplacian > 20 * b.laplacian
    assert k.luma_mean == 0 and k.dark_fraction == 1.0
    assert cover_scoring.face_detection_available()  # OpenCV's bundled cascade ships in the wheel


@pytest.mark.parametrize("name", REAL_VIDEOS)
def test_real_clip_suggestions_are_never_black(real_info, name: str) -> None:
    info = real_info(name)
    samples = 2 if info.display_width * info.display_height > 3840 * 2160 else 4  # sparse: 8K HEVC is slow
    suggestions = suggest_covers(info, 2, max_samples=samples)
    with FrameServer(info, use_proxy=False) as frames:
        for s in sorted(suggestions, key=lambda s: s.time_ms):  # in time order: the server decodes forward
            picture = frames.frame_at(s.time_ms, max_size=(240, 240)).image
            grey = picture.mean(axis=2)
            assert grey.mean() >= cover_scoring.BLACK_MEAN, (name, s)
            assert (grey < 20).mean() < cover_scoring.BLACK_FRACTION, (name, s)


def test_one_frame_per_shot_comes_first() -> None:
    def sig(value: int) -> np.ndarray:
        return np.full((8, 8, 3), value, np.int16)

    samples = [_sample(0, signature=sig(100)), _sample(1_000, signature=sig(102)), _sample(2_000, signature=sig(104)),
               _sample(3_000, signature=sig(200), laplacian=480.0), _sample(4_000, signature=sig(30), laplacian=60.0)]
    scored = score_samples(samples)
    by_time = {s.time_ms: s for s in samples}
    picked = cover_scoring.pick_diverse(scored, by_time, 3)
    times = [s.time_ms for s in picked]
    assert 3_000 in times  # another shot, a little less sharp, beats a third frame of the first shot
    assert 4_000 not in times  # a blurry frame is not promoted for being different
    assert [s.score for s in picked] == sorted((s.score for s in picked), reverse=True)
    assert len(cover_scoring.pick_diverse(scored, by_time, 5)) == 5
    assert cover_scoring.pick_diverse([], by_time, 3) == []
