"""Source-to-output time mapping of an export (`studio.core.export_mapping`): property tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.core.export_mapping import ExportMapping

MS = st.integers(min_value=0, max_value=10 * 3_600_000)


@st.composite
def mappings(draw: st.DrawFn) -> ExportMapping:
    """A requested range and an actual cut as an export makes them: actual start at or before the requested
    one (copy snaps back to a keyframe; accurate snaps back to the frame shown), end at or after it."""
    start = draw(MS)
    end = draw(st.integers(min_value=start + 1, max_value=start + 600_000))
    snap_back = draw(st.integers(min_value=0, max_value=min(start, 10_000)))
    extend = draw(st.integers(min_value=0, max_value=500))
    return ExportMapping(start, end, start - snap_back, end + extend)


@given(mappings(), MS)
def test_to_output_then_back_is_the_identity(m: ExportMapping, source_ms: int) -> None:
    out = m.to_output(source_ms)
    if m.actual_start_ms <= source_ms < m.actual_end_ms:
        assert out is not None
        assert 0 <= out < m.duration_ms
        assert m.to_source(out) == source_ms
    else:
        assert out is None


@given(mappings(), st.integers(min_value=-1000, max_value=700_000))
def test_to_source_then_back_is_the_identity(m: ExportMapping, output_ms: int) -> None:
    src = m.to_source(output_ms)
    if 0 <= output_ms < m.duration_ms:
        assert src is not None and m.contains(src)
        assert m.to_output(src) == output_ms
    else:
        assert src is None


@given(mappings(), MS, MS)
def test_mapping_keeps_order_and_distances(m: ExportMapping, a: int, b: int) -> None:
    oa, ob = m.to_output(a), m.to_output(b)
    if oa is not None and ob is not None:
        assert ob - oa == b - a


@given(mappings())
def test_requested_range_survives_whole(m: ExportMapping) -> None:
    assert m.to_output(m.actual_start_ms) == 0
    assert m.to_output(m.requested_start_ms) == m.head_added_ms
    assert m.clip_range(m.requested_start_ms, m.requested_end_ms) == (
        m.head_added_ms, m.head_added_ms + m.requested_end_ms - m.requested_start_ms)
    assert m.duration_ms == m.head_added_ms + (m.requested_end_ms - m.requested_start_ms) + m.tail_added_ms


@given(mappings(), MS, st.integers(min_value=1, max_value=100_000))
def test_clip_range_is_the_surviving_part(m: ExportMapping, start: int, length: int) -> None:
    end = start + length
    clipped = m.clip_range(start, end)
    kept = [t for t in (start, end - 1, m.actual_start_ms, m.actual_end_ms - 1) if start <= t < end and m.contains(t)]
    if clipped is None:
        assert not kept
        assert end <= m.actual_start_ms or start >= m.actual_end_ms
        return
    out_start, out_end = clipped
    assert 0 <= out_start < out_end <= m.duration_ms
    assert m.to_source(out_start) == max(start, m.actual_start_ms)
    assert m.to_source(out_end - 1) == min(end, m.actual_end_ms) - 1
    assert out_end - out_start <= length


def test_examples() -> None:
    m = ExportMapping(requested_start_ms=10_100, requested_end_ms=30_100, actual_start_ms=10_000,
                      actual_end_ms=30_100)
    assert m.duration_ms == 20_100
    assert m.to_output(10_100) == 100
    assert m.to_output(9_999) is None
    assert m.to_output(30_100) is None
    assert m.to_source(0) == 10_000
    assert m.clip_range(5_000, 11_000) == (0, 1_000)
    assert m.clip_range(30_000, 40_000) == (20_000, 20_100)
    assert m.clip_range(31_000, 40_000) is None


def test_empty_ranges_are_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        ExportMapping(0, 100, 50, 50)
    with pytest.raises(ValueError, match="empty"):
        ExportMapping(100, 100, 0, 50)
