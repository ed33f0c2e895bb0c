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
`Framing` is where the source picture lies on the 1080x1920 output frame at a moment, for every fit: the one
geometry that the follow graph (`media.reframe_graph`), the cards' placement and checks (`card_placement`,
`popup_rules.product_cut_note`), the editor's output preview and the card drag all use, so a box in the source's
display pixels lands where the export puts it.
Must not hold: detection (media finds the boxes), filter graphs (`studio.media.export` turns the path into
ffmpeg's crop expression), Qt.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from studio.core.platform_profile import HEIGHT, WIDTH, Fit, Fitting, fitting

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


    @property
    def scale(self) -> Fraction:
        """Source display pixels to output pixels: the window's width becomes the frame's."""
        return Fraction(WIDTH, self.window_width)

    @property
    def scaled_width(self) -> int:
        """The picture's width once scaled by `scale` (even, at least the frame's)."""
        return max(WIDTH, round(self.picture_width * self.scale / 2) * 2)


Box = tuple[int, int, int, int]
"""(x, y, w, h) in the source's display pixels."""
NormBox = tuple[float, float, float, float]
"""(x0, y0, x1, y1) normalised on the 1080x1920 output frame."""


@dataclass(frozen=True)
class Framing:
    """How a `display_width` x `display_height` picture becomes the 9:16 output, as the export makes it.

    `follow` is the window's path for `fit="follow"`; without one (not planned yet) the window stands in the
    centre. A 9:16 picture fills the frame whatever the fit.
    """

    display_width: int
    display_height: int
    fit: Fit = "pad"
    follow: FollowPath | None = None

    def _window_left(self, t_ms: int) -> float | None:
        """The follow window's left edge at source time `t_ms` (None: not a moving window)."""
        if self.fit != "follow":
            return None
        if self.follow is not None:
            return float(self.follow.x_at(t_ms))
        return (self.display_width - window_width(self.display_width, self.display_height)) / 2

    def fitting_at(self, t_ms: int = 0) -> Fitting:
        """Where the picture goes on the 1080x1920 frame at source time `t_ms` (see `platform_profile.Fitting`)."""
        geo = fitting(self.display_width, self.display_height, self.fit)
        left = self._window_left(t_ms)
        if left is None or geo.fills_frame:
            return geo
        path = self.follow or FollowPath(window_width(self.display_width, self.display_height),
                                         self.display_width, ((0, round(left)),))
        x = min(max(round(left * path.scale), 0), path.scaled_width - WIDTH)
        return Fitting(path.scaled_width, HEIGHT, -x, 0)

    def window_at(self, t_ms: int = 0) -> tuple[float, float, float, float]:
        """The part of the picture the frame shows at `t_ms`, `(x, y, w, h)` in display pixels (with `pad`, more
        than the picture: the bars around it)."""
        geo = self.fitting_at(t_ms)
        sx, sy = self.display_width / geo.width, self.display_height / geo.height
        return -geo.x * sx, -geo.y * sy, geo.frame_width * sx, geo.frame_height * sy

    def box_on_frame(self, box: Box, t_ms: int = 0, *, clip: bool = True) -> NormBox:
        """The display-pixel box `(x, y, w, h)` seen at source time `t_ms`, normalised on the output frame;
        clipped to the frame unless `clip` is False (with `crop` and `follow` parts of the picture fall outside)."""
        geo = self.fitting_at(t_ms)
        sx, sy = geo.width / self.display_width, geo.height / self.display_height
        x, y, w, h = box
        x0, y0 = (geo.x + x * sx) / geo.frame_width, (geo.y + y * sy) / geo.frame_height
        x1, y1 = x0 + w * sx / geo.frame_width, y0 + h * sy / geo.frame_height
        if not clip:
            return x0, y0, x1, y1
        return (min(max(x0, 0.0), 1.0), min(max(y0, 0.0), 1.0), min(max(x1, 0.0), 1.0), min(max(y1, 0.0), 1.0))

    def cuts(self, box: Box, t_ms: int) -> bool:
        """Whether the output frame at `t_ms` cuts off part of `box` (a pixel of slack for rounding)."""
        x0, y0, x1, y1 = self.box_on_frame(box, t_ms, clip=False)
        slack_x, slack_y = 1 / WIDTH, 1 / HEIGHT
        return x0 < -slack_x or y0 < -slack_y or x1 > 1 + slack_x or y1 > 1 + slack_y


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
