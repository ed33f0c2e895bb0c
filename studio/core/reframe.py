"""The "follow" reframe: a 9:16 crop window that glides across a wider picture after its faces and products.

A landscape (or square) source becomes 9:16 by one of `platform_profile.FITS`: `pad` (the whole picture on a
blurred copy of itself), `crop` (the centre) or `follow`, planned here: the window is as high as the picture
and 9/16 of that wide, and its left edge follows what matters over time.

How the path is made (`follow_path`), all in source display pixels and integer ms:
- Every `STEP_MS` the wanted centre is the mean centre of the boxes seen near that time (faces and the
  finder's product boxes, products counted `PRODUCT_WEIGHT` times); with nothing seen it holds the last one
  (the picture's centre at the start).
- The wanted centres are smoothed by a centred moving average over `SMOOTH_MS`, and the window then moves at
  most `MAX_SPEED` of the picture's width per second, so it glides rather than jumps.
- Products are never cut: after smoothing, a window that would cut a product box seen at that time (and that
  fits in the window) is moved just far enough to hold it, and the speed limit is applied again backwards so
  the window arrives in time rather than jumping. The path is held at its points (every `STEP_MS`) and moves
  linearly between them: a product that jumps across the picture between two points (a scene cut) is held at
  the points, and may be cut for the frames in between.
Must not hold: detection (media finds the boxes), filter graphs (`studio.media.export` turns the path into
ffmpeg's crop expression), Qt.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

STEP_MS = 200
SMOOTH_MS = 1_600
MAX_SPEED = 0.35
"""Fraction of the picture's width the window may travel in one second."""
PRODUCT_WEIGHT = 3
NEAR_MS = 600
"""A box counts for the path this long before and after the time it was seen at."""


@dataclass(frozen=True)
class SeenBox:
    """Something seen at `t_ms` in the source picture: (x, y, w, h) in display pixels."""

    t_ms: int
    x: int
    y: int
    w: int
    h: int
    product: bool = False
    """A tagged product (its card must never point at nothing): kept inside the window."""

    @property
    def centre_x(self) -> float:
        return self.x + self.w / 2


@dataclass(frozen=True)
class FollowPath:
    """The crop window's left edge over time: `(t_ms, x)` points every `STEP_MS`, linear in between."""

    window_width: int
    picture_width: int
    points: tuple[tuple[int, int], ...]

    def x_at(self, t_ms: int) -> int:
        """The window's left edge at `t_ms` (held before the first point and after the last)."""
        points = self.points
        if t_ms <= points[0][0]:
            return points[0][1]
        for (t0, x0), (t1, x1) in itertools.pairwise(points):
            if t_ms <= t1:
                return round(x0 + (x1 - x0) * (t_ms - t0) / (t1 - t0))
        return points[-1][1]


def window_width(picture_width: int, picture_height: int) -> int:
    """The 9:16 window as high as the picture, even, at most the picture's width."""
    return min(picture_width, max(2, round(picture_height * 9 / 16 / 2) * 2))


def follow_path(boxes: Sequence[SeenBox], duration_ms: int, picture_width: int, picture_height: int) -> FollowPath:
    """The smoothed window path over `[0, duration_ms]` for a `picture_width` x `picture_height` picture."""
    win = window_width(picture_width, picture_height)
    room = picture_width - win
    times = [*list(range(0, max(duration_ms, 1), STEP_MS)), max(duration_ms, 1)]
    wanted: list[float] = []
    last = picture_width / 2
    for t in times:
        near = [b for b in boxes if abs(b.t_ms - t) <= NEAR_MS]
        if near:
            weights = [PRODUCT_WEIGHT if b.product else 1 for b in near]
            last = sum(w * b.centre_x for w, b in zip(weights, near, strict=True)) / sum(weights)
        wanted.append(last)
    half = max(1, SMOOTH_MS // STEP_MS // 2)
    smooth = [sum(wanted[max(0, i - half):i + half + 1]) / len(wanted[max(0, i - half):i + half + 1])
              for i in range(len(wanted))]
    left = [min(max(c - win / 2, 0.0), float(room)) for c in smooth]
    step = MAX_SPEED * picture_width * STEP_MS / 1000
    left = _limit_speed(left, step)
    for i, t in enumerate(times):  # keep every product seen now inside the window, when it fits
        for b in boxes:
            if b.product and abs(b.t_ms - t) <= STEP_MS // 2 and b.w <= win:
                left[i] = min(max(left[i], float(b.x + b.w - win)), float(b.x))
    left = _limit_speed(left, step, keep=[_pinned(boxes, t, win) for t in times])
    return FollowPath(win, picture_width, tuple((t, round(x)) for t, x in zip(times, left, strict=True)))


def _pinned(boxes: Sequence[SeenBox], t: int, win: int) -> tuple[float, float] | None:
    """The range of left edges that holds every product seen at `t` (None: nothing to hold)."""
    lo, hi = float("-inf"), float("inf")
    for b in boxes:
        if b.product and abs(b.t_ms - t) <= STEP_MS // 2 and b.w <= win:
            lo, hi = max(lo, float(b.x + b.w - win)), min(hi, float(b.x))
    return (lo, hi) if lo <= hi and lo != float("-inf") else None


def _limit_speed(left: list[float], step: float, keep: Sequence[tuple[float, float] | None] | None = None,
                 ) -> list[float]:
    """`left` moved at most `step` between neighbours, forwards then backwards (a point in `keep` stays in its
    range: the window leaves early to arrive in time instead of jumping)."""
    out = list(left)
    for order in (range(1, len(out)), range(len(out) - 2, -1, -1)):
        for i in order:
            prev = out[i - 1] if order.step == 1 else out[i + 1]
            out[i] = min(max(out[i], prev - step), prev + step)
            if keep is not None and keep[i] is not None:
                lo, hi = keep[i]  # type: ignore[misc]
                out[i] = min(max(out[i], lo), hi)
    return out
