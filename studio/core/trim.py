"""The trim range: moving the in and out points on the source timeline (integer ms, `[start, end)`).

`None` means "the whole clip". The in point is a frame time (the first kept frame); the out point is
exclusive. Moving one point past the other keeps the range non-empty by moving the other to the clip's
edge, the way editors behave when a person sets an in point after the out point.
"""

from __future__ import annotations

from collections.abc import Sequence

from studio.core.project import TrimRange
from studio.core.timeline import frame_index_at


def effective(trim: TrimRange | None, duration_ms: int) -> TrimRange:
    """The range actually kept: `trim`, or the whole clip."""
    return trim if trim is not None else TrimRange(0, duration_ms)


def _normalised(start: int, end: int, duration_ms: int) -> TrimRange | None:
    return None if start <= 0 and end >= duration_ms else TrimRange(start, end)


def set_in(trim: TrimRange | None, duration_ms: int, ms: int) -> TrimRange | None:
    """Move the in point to `ms` (clamped); the out point moves to the end if it would be before it."""
    current = effective(trim, duration_ms)
    start = max(0, min(ms, duration_ms - 1))
    end = current.end_ms if current.end_ms > start else duration_ms
    return _normalised(start, end, duration_ms)


def set_out(trim: TrimRange | None, duration_ms: int, ms: int) -> TrimRange | None:
    """Move the (exclusive) out point to `ms` (clamped); the in point moves to 0 if it would be after it."""
    current = effective(trim, duration_ms)
    end = max(1, min(ms, duration_ms))
    start = current.start_ms if current.start_ms < end else 0
    return _normalised(start, end, duration_ms)


def snap_in(frame_times_ms: Sequence[int], ms: int, keyframes_ms: Sequence[int] = ()) -> int:
    """Where an in point put at `ms` lands: the start of the frame shown at `ms`, or with `keyframes_ms`
    the nearest keyframe (snapping to keyframes is optional, for cuts a copy export can make exactly)."""
    if keyframes_ms:
        return min(keyframes_ms, key=lambda k: (abs(k - ms), k))
    if not frame_times_ms:
        return max(ms, 0)
    return frame_times_ms[frame_index_at(frame_times_ms, ms)]


def snap_out(frame_times_ms: Sequence[int], duration_ms: int, ms: int, keyframes_ms: Sequence[int] = ()) -> int:
    """Where an (exclusive) out point put at `ms` lands: a frame boundary, so the range holds whole frames.

    A boundary is a frame's start or the clip's end; the nearest one wins. With `keyframes_ms`, the nearest
    keyframe or the end.
    """
    bounds = [*(keyframes_ms or frame_times_ms), duration_ms]
    return min(bounds, key=lambda b: (abs(b - ms), b))
