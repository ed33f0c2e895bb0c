"""Time math on the SOURCE timeline, in integer milliseconds (docs/time.md).

- Source time 0 is the container's start time (where a player's clock reads 0:00).
- A frame's time is the first whole millisecond at which it is shown: its presentation time, relative to
  source 0, rounded up.
- "The frame at T" is the last frame whose time is <= T; ranges are [start, end).
Frame math uses the real timestamps (VFR exists), never `index / fps` alone.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from fractions import Fraction


def pts_to_ms(pts: int, time_base: Fraction, start_us: int = 0) -> int:
    """A presentation timestamp in `time_base` units to source-time ms (rounded up).

    `start_us` is the container's start time in microseconds (libav's AV_TIME_BASE units).
    """
    exact = Fraction(pts) * time_base * 1000 - Fraction(start_us, 1000)
    return math.ceil(exact)


def ms_to_pts(ms: int, time_base: Fraction, start_us: int = 0) -> int:
    """Source-time ms to the smallest timestamp shown at or after it (inverse of `pts_to_ms`)."""
    exact = (Fraction(ms) + Fraction(start_us, 1000)) / 1000 / time_base
    return math.floor(exact)


def frame_index_at(frame_times_ms: Sequence[int], t_ms: int) -> int:
    """Index of the frame shown at `t_ms`: the last frame whose time is <= t (the first one before it)."""
    i = bisect.bisect_right(frame_times_ms, t_ms) - 1
    return max(i, 0)


def first_frame_from(frame_times_ms: Sequence[int], t_ms: int) -> int:
    """The time of the first frame shown at or after `t_ms` (a range that starts at `t_ms` begins on it); the
    last frame when none is, `t_ms` itself without frames."""
    if not frame_times_ms:
        return t_ms
    i = bisect.bisect_left(frame_times_ms, t_ms)
    return frame_times_ms[min(i, len(frame_times_ms) - 1)]


def step(frame_times_ms: Sequence[int], t_ms: int, frames: int) -> int:
    """The time of the frame `frames` away (negative: back) from the frame shown at `t_ms`, clamped."""
    if not frame_times_ms:
        return 0
    i = frame_index_at(frame_times_ms, t_ms) + frames
    return frame_times_ms[min(max(i, 0), len(frame_times_ms) - 1)]


def format_ms(ms: int) -> str:
    """`ms` as H:MM:SS.mmm (or M:SS.mmm under an hour); negative values get a leading minus."""
    sign = "-" if ms < 0 else ""
    ms = abs(ms)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    if h:
        return f"{sign}{h}:{m:02d}:{s:02d}.{milli:03d}"
    return f"{sign}{m}:{s:02d}.{milli:03d}"


def parse_time(text: str) -> int:
    """Parse a typed time into ms: `1:02.500`, `62.5`, `62500ms`, `1:00:02`; ValueError if not a time."""
    text = text.strip().lower()
    if not text:
        raise ValueError("empty time")
    if text.endswith("ms"):
        value = text[:-2].strip()
        if not value.isdigit():
            raise ValueError(f"not a time: {text!r}")
        return int(value)
    if text.endswith("s"):
        text = text[:-1]
    parts = text.split(":")
    if len(parts) > 3 or any(not p for p in parts):
        raise ValueError(f"not a time: {text!r}")
    try:
        seconds = Fraction(parts[-1])
        whole = [int(p) for p in parts[:-1]]
    except ValueError:
        raise ValueError(f"not a time: {text!r}") from None
    if seconds < 0 or any(w < 0 for w in whole) or (whole and seconds >= 60):
        raise ValueError(f"not a time: {text!r}")
    total = seconds
    for k, w in enumerate(reversed(whole)):
        total += w * 60 ** (k + 1)
    return round(total * 1000)


def frame_end(frame_times_ms: Sequence[int], duration_ms: int, t_ms: int) -> int:
    """Where the frame shown at `t_ms` stops being shown: the next frame's time, or the clip's end."""
    i = frame_index_at(frame_times_ms, t_ms) + 1
    return frame_times_ms[i] if i < len(frame_times_ms) else duration_ms
