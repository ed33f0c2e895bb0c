"""The "follow" reframe: a 9:16 crop window that glides across a wider picture after its faces and products.

A landscape (or square) source becomes 9:16 by one of `platform_profile.FITS`: `pad` (the whole picture on a
blurred copy of itself), `crop` (the centre) or `follow`, planned here: the window is as high as the picture
and 9/16 of that wide, and its left edge follows what matters over time.

How the path is made (`follow_path`), all in source display pixels and integer ms:
- Every `STEP_MS` the wanted centre is the mean centre of what is seen near that time: the faces, and each
  tagged product while its card shows (`KeptProduct`, counted `PRODUCT_WEIGHT` times, from `NEAR_MS` before
  its card opens so the window arrives in time); with nothing seen it holds the last one (the picture's
  centre at the start).
- The wanted centres are smoothed by a centred moving average over `SMOOTH_MS`, and the window then moves at
  most `MAX_SPEED` of the picture's width per second, so it glides rather than jumps.
- A tagged product is never cut while its card shows (the rule lives here, once): the path is linear between
  its points, so each point is held (`_hold`) to a range of left edges that keeps the product whole over
  both stretches of path it bounds, wherever the product is in them (between two of the finder's samples it
  is taken to move in a straight line; before the first and after the last it stays): then every frame in
  between keeps it too. Smoothing and speed yield to that: the speed limit is applied again with the points
  held, backwards too, so the window sets off early rather than jumps; where it cannot keep up, the product
  wins. When a face and the product cannot both fit, the window moves just far enough to hold the product,
  which keeps as much of the face as it can. A product wider than the window (`too_wide`) cannot be kept
  whole: the window centres on it, and the popup rules say so (`popup_rules.product_cut_note`).
`Framing` is where the source picture lies on the 1080x1920 output frame at a moment, for every fit: the one
geometry that the follow graph (`media.reframe_graph`), the cards' placement and checks (`card_placement`,
`popup_rules.product_cut_note`), the editor's output preview and the card drag all use, so a box in the source's
display pixels lands where the export puts it.
Must not hold: detection (media finds the boxes), filter graphs (`studio.media.export` turns the path into
ffmpeg's crop expression), Qt.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from studio.core.finder_windows import TimedBox
from studio.core.platform_profile import HEIGHT, WIDTH, Fit, Fitting, fitting
from studio.core.project import Popup

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

    @property
    def centre_x(self) -> float:
        return self.x + self.w / 2


@dataclass(frozen=True)
class KeptProduct:
    """A tagged product while its card shows over `[start_ms, end_ms)`: where it was seen (`boxes`, sorted by
    time). Between two boxes it moves in a straight line; before the first and after the last it stays."""

    start_ms: int
    end_ms: int
    boxes: tuple[SeenBox, ...]

    def __post_init__(self) -> None:
        if not self.boxes:
            raise ValueError("a kept product needs at least one box")
        object.__setattr__(self, "boxes", tuple(sorted(self.boxes, key=lambda b: b.t_ms)))

    def span_at(self, t_ms: float) -> tuple[float, float]:
        """The product's left and right edges at `t_ms`."""
        boxes = self.boxes
        if t_ms <= boxes[0].t_ms:
            return boxes[0].x, boxes[0].x + boxes[0].w
        for a, b in itertools.pairwise(boxes):
            if t_ms <= b.t_ms:
                f = (t_ms - a.t_ms) / (b.t_ms - a.t_ms) if b.t_ms > a.t_ms else 1.0
                return a.x + (b.x - a.x) * f, a.x + a.w + (b.x + b.w - a.x - a.w) * f
        return boxes[-1].x, boxes[-1].x + boxes[-1].w

    def reach(self, t0: float, t1: float) -> tuple[float, float] | None:
        """The leftmost left edge and rightmost right edge the product has over `[t0, t1]` while its card shows
        (None: the card does not show then). The edges move in straight lines between boxes, so their extremes
        are at the ends of the range or at a box's time inside it."""
        lo, hi = max(t0, self.start_ms), min(t1, self.end_ms)
        if lo >= hi:  # at most an instant in common: the path's point there is not on a frame of the card
            return None
        edges = [self.span_at(t) for t in (lo, hi, *(b.t_ms for b in self.boxes if lo < b.t_ms < hi))]
        return min(e[0] for e in edges), max(e[1] for e in edges)


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


def boxes_in_span(boxes: Sequence[TimedBox], start_ms: int, end_ms: int) -> list[TimedBox]:
    """The boxes seen inside `[start_ms, end_ms)`: what a popup over that span keeps of the finder's."""
    return [b for b in boxes if start_ms <= b.t_ms < end_ms]


def kept_product(popup: Popup, boxes: Sequence[TimedBox] | None = None) -> KeptProduct | None:
    """The popup's product as the follow window keeps it: its `product_boxes` (or `boxes`, found for it
    elsewhere) inside its span; None when none is known there."""
    inside = boxes_in_span(popup.product_boxes if boxes is None else boxes, popup.start_ms, popup.end_ms)
    if not inside or popup.end_ms <= popup.start_ms:
        return None
    return KeptProduct(popup.start_ms, popup.end_ms, tuple(SeenBox(b.t_ms, b.x, b.y, b.w, b.h) for b in inside))


def too_wide(box: Box, picture_width: int, picture_height: int) -> bool:
    """Whether a product seen as `box` is wider than the 9:16 window: no window can hold it whole."""
    return box[2] > window_width(picture_width, picture_height)


def follow_path(faces: Sequence[SeenBox], duration_ms: int, picture_width: int, picture_height: int,
                products: Sequence[KeptProduct] = ()) -> FollowPath:
    """The smoothed window path over `[0, duration_ms]` for a `picture_width` x `picture_height` picture, after
    the `faces` and holding each of the `products` whole while its card shows."""
    win = window_width(picture_width, picture_height)
    room = picture_width - win
    times = [*list(range(0, max(duration_ms, 1), STEP_MS)), max(duration_ms, 1)]
    wanted: list[float] = []
    last = picture_width / 2
    for t in times:
        weighted = [(1.0, b.centre_x) for b in faces if abs(b.t_ms - t) <= NEAR_MS]
        weighted += [(float(PRODUCT_WEIGHT), sum(p.span_at(t)) / 2) for p in products
                     if p.start_ms - NEAR_MS <= t < p.end_ms + NEAR_MS]
        if weighted:
            last = sum(w * c for w, c in weighted) / sum(w for w, _ in weighted)
        wanted.append(last)
    half = max(1, SMOOTH_MS // STEP_MS // 2)
    smooth = [sum(wanted[max(0, i - half):i + half + 1]) / len(wanted[max(0, i - half):i + half + 1])
              for i in range(len(wanted))]
    left = [min(max(c - win / 2, 0.0), float(room)) for c in smooth]
    step = MAX_SPEED * picture_width * STEP_MS / 1000
    held = [_hold(products, times[max(i - 1, 0)], times[min(i + 1, len(times) - 1)], win, room)
            for i in range(len(times))]
    left = _limit_speed(left, step, keep=held)
    return FollowPath(win, picture_width, tuple((t, round(x)) for t, x in zip(times, left, strict=True)))


def _hold(products: Sequence[KeptProduct], t0: int, t1: int, win: int, room: int) -> tuple[float, float] | None:
    """The range of whole-pixel left edges that keeps every product whole over `[t0, t1]` while its card shows
    (None: no card then). A product that cannot be held whole (wider than the window, or moving further than
    the window is wide in one step) is held by its middle at the middle of the range: the most of it that fits."""
    lo, hi = 0.0, float(room)
    held = False
    for product in products:
        reach = product.reach(t0, t1)
        if reach is None:
            continue
        held = True
        left, right = max(reach[0], 0.0), min(reach[1], float(room + win))  # the picture ends where it ends
        if right - left > win:
            middle = sum(product.span_at(min(max((t0 + t1) / 2, product.start_ms), product.end_ms))) / 2
            left, right = middle - win / 2, middle + win / 2
        lo, hi = max(lo, math.ceil(right - win)), min(hi, math.floor(left))
    if not held:
        return None
    if lo > hi:  # two products that cannot both be whole: the window between them
        lo = hi = min(max(round((lo + hi) / 2), 0), room)
    return lo, hi


def _limit_speed(left: list[float], step: float, keep: Sequence[tuple[float, float] | None] | None = None,
                 ) -> list[float]:
    """`left` moved at most `step` between neighbours, forwards then backwards (a point in `keep` stays in its
    range: the window leaves early to arrive in time instead of jumping, and where it cannot, the range wins)."""
    out = list(left)
    for i, kept in enumerate(keep or ()):
        if kept is not None:
            out[i] = min(max(out[i], kept[0]), kept[1])
    for order in (range(1, len(out)), range(len(out) - 2, -1, -1)):
        for i in order:
            prev = out[i - 1] if order.step == 1 else out[i + 1]
            out[i] = min(max(out[i], prev - step), prev + step)
            kept = keep[i] if keep is not None else None
            if kept is not None:
                out[i] = min(max(out[i], kept[0]), kept[1])
    return out
