"""The trim range: moving the in and out points on the source timeline (integer ms, `[start, end)`).

`None` means "the whole clip". The in point is a frame time (the first kept frame); the out point is
exclusive. Moving one point past the other keeps the range non-empty by moving the other to the clip's
edge, the way editors behave when a person sets an in point after the out point.
"""

from __future__ import annotations

from studio.core.project import TrimRange


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
