"""Source-timeline math (core.timeline) and trim points (core.trim)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.core import trim
from studio.core.project import TrimRange
from studio.core.timeline import format_ms, frame_index_at, ms_to_pts, parse_time, pts_to_ms, step


def test_frame_time_rounds_presentation_time_up() -> None:
    tb = Fraction(1, 30000)
    assert pts_to_ms(1001, tb) == 34  # 33.3667 ms is first shown in whole ms 34
    assert pts_to_ms(3000, tb) == 100
    assert pts_to_ms(0, Fraction(1, 90000), start_us=10_000_000) == -10_000
    assert pts_to_ms(900_000, Fraction(1, 90000), start_us=10_000_000) == 0


@given(st.integers(0, 10**9), st.sampled_from([Fraction(1, 90000), Fraction(1, 30000), Fraction(1, 1000),
                                                Fraction(1001, 30000)]), st.integers(0, 20_000_000))
def test_ms_to_pts_inverts_pts_to_ms(pts: int, tb: Fraction, start_us: int) -> None:
    ms = pts_to_ms(pts, tb, start_us)
    assert ms_to_pts(ms, tb, start_us) >= pts  # the frame is shown at its ms
    assert pts_to_ms(ms_to_pts(ms, tb, start_us), tb, start_us) == ms


def test_frame_at_is_the_last_frame_not_after_t() -> None:
    times = [0, 34, 67, 100]
    assert [frame_index_at(times, t) for t in (-5, 0, 33, 34, 66, 67, 99, 100, 5000)] == [0, 0, 0, 1, 1, 2, 2, 3, 3]
    assert step(times, 50, 1) == 67
    assert step(times, 50, -5) == 0
    assert step(times, 50, 10) == 100


@pytest.mark.parametrize(("text", "ms"), [("1:02.500", 62_500), ("62.5", 62_500), ("62500ms", 62_500),
                                          ("1:00:02", 3_602_000), ("0", 0), ("0:00.033", 33), ("12s", 12_000)])
def test_parse_time(text: str, ms: int) -> None:
    assert parse_time(text) == ms


@pytest.mark.parametrize("text", ["", "abc", "1:", "1:75", "-3", "1::2", "5ms5"])
def test_parse_time_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time(text)


@given(st.integers(0, 10 * 3_600_000))
def test_format_parse_round_trip(ms: int) -> None:
    assert parse_time(format_ms(ms)) == ms


def test_set_in_and_out() -> None:
    assert trim.set_in(None, 10_000, 2_000) == TrimRange(2_000, 10_000)
    assert trim.set_out(TrimRange(2_000, 10_000), 10_000, 8_000) == TrimRange(2_000, 8_000)
    # an in point after the out point pushes the out point to the end
    assert trim.set_in(TrimRange(2_000, 8_000), 10_000, 9_000) == TrimRange(9_000, 10_000)
    # an out point before the in point pulls the in point to the start
    assert trim.set_out(TrimRange(2_000, 8_000), 10_000, 1_000) == TrimRange(0, 1_000)
    # the whole clip is no trim at all
    assert trim.set_in(TrimRange(2_000, 10_000), 10_000, 0) is None
    assert trim.effective(None, 5_000) == TrimRange(0, 5_000)


def test_snapping_to_frames_and_keyframes() -> None:
    times = [0, 34, 67, 100, 134]
    assert trim.snap_in(times, 50) == 34  # the frame shown at 50 ms starts at 34
    assert trim.snap_in(times, 34) == 34
    assert trim.snap_out(times, 167, 50) == 34  # nearest frame boundary
    assert trim.snap_out(times, 167, 60) == 67
    assert trim.snap_out(times, 167, 160) == 167  # the clip's end is a boundary
    assert trim.snap_in(times, 60, keyframes_ms=[0, 100]) == 100
    assert trim.snap_in(times, 40, keyframes_ms=[0, 100]) == 0
    assert trim.snap_out(times, 167, 140, keyframes_ms=[0, 100]) == 167


@given(st.lists(st.integers(0, 10_000), min_size=1, unique=True).map(sorted), st.integers(-100, 12_000))
def test_snapped_points_are_frame_boundaries(times: list[int], ms: int) -> None:
    duration = times[-1] + 33
    assert trim.snap_in(times, ms) in times
    assert trim.snap_out(times, duration, ms) in [*times, duration]
