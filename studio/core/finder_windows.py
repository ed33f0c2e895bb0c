"""The product finder's pure half: per-frame detections become time windows, and a frame region goes to one product.

Holds: `Detection` (one product seen in one examined frame: its box in display pixels and a verified score),
`assign_regions` (the candidates of one frame, best verified score first, each region and each product taken
at most once), `windows_from_detections` (the examined frames of a video and what was seen in each, to
`ProductWindow`s: runs of frames where a product was seen, gaps up to `BRIDGE_MS` bridged, windows shorter
than `MIN_WINDOW_MS` dropped, edges on frame times) and `temporal_iou`.
Must not hold: pixels, OpenCV, decoding (`studio.media.product_finder` measures; this module decides).

Decisions:
- A window starts at the time of the first frame the product was seen in and ends (exclusive) at the time of
  the frame after the last one it was seen in, so both edges are frame times. The finder examines the frames
  around each change (it bisects between samples down to neighbouring frames), so "the frame after" is the
  first frame where the product was no longer seen.
- Gaps are bridged before short windows are dropped: a product flickering in and out (motion blur, a hand
  passing) is one window, not several short ones thrown away.
- Two candidates claim the same region when their boxes' intersection covers `SAME_REGION` of the smaller
  box: look-alike products of one brand match each other's photos, and the better verified one wins.
- A window's confidence says how much of it was seen and how well: every examined frame inside it counts
  for the time up to the next examined one, with the credit `score x seen` where the product was verified,
  `score x FOLLOWED_CREDIT` where it was only followed, and 0 in a bridged gap. A product verified whole
  all along scores about 1; one a third hidden all along about 0.65; one mostly followed or bridged less
  than `LOW_CONFIDENCE`, which the editor shows as a proposal to check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

MIN_WINDOW_MS = 500
"""Windows shorter than this are dropped (about 0.5 s: a glimpse is not a product shown)."""
BRIDGE_MS = 500
"""Gaps up to this long between two sightings of a product are bridged."""
SAME_REGION = 0.3
"""Intersection over the smaller box above which two candidates claim one region of the frame."""

FOLLOWED_CREDIT = 0.5
"""A frame where the product was only followed (not verified) counts for at most half of a verified one."""
LOW_CONFIDENCE = 0.5
"""Below this a window is a proposal to check: mostly followed, bridged or hidden, or poorly matched."""

Box = tuple[int, int, int, int]
"""(x, y, w, h) in display pixels of the frame (rotation applied)."""


@dataclass(frozen=True)
class Detection:
    """One product seen in one examined frame."""

    sku: str
    box: Box
    score: float
    """The verified score, 0..1 (how well the reference warped into the frame matches the visible pixels)."""
    seen: float = 1.0
    """The share of the product in view, 0..1 (the rest hidden behind something or out of the frame)."""
    followed: bool = False
    """Not verified in this frame but followed from a frame where it was: `score` is how well its look there
    correlates here, `seen` is 0."""


@dataclass(frozen=True)
class TimedBox:
    """Where a product was in the frame shown at `t_ms`."""

    t_ms: int
    x: int
    y: int
    w: int
    h: int

    def to_json(self) -> dict[str, int]:
        return {"t_ms": self.t_ms, "x": self.x, "y": self.y, "w": self.w, "h": self.h}


@dataclass(frozen=True)
class ProductWindow:
    """One proposal: `sku` is in view over `[start_ms, end_ms)` of the source, with a box per examined frame."""

    sku: str
    start_ms: int
    end_ms: int
    confidence: float
    boxes: tuple[TimedBox, ...] = field(default=())

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    @property
    def to_check(self) -> bool:
        """Whether the proposal is a weak one: little of the window seen, or poorly (`LOW_CONFIDENCE`)."""
        return self.confidence < LOW_CONFIDENCE

    def to_json(self) -> dict[str, Any]:
        """The pinned `studio products find --json` item."""
        return {"sku": self.sku, "start_ms": self.start_ms, "end_ms": self.end_ms,
                "confidence": round(self.confidence, 3), "boxes": [b.to_json() for b in self.boxes]}


def region_overlap(a: Box, b: Box) -> float:
    """Intersection area over the smaller box's area (0 when either box is empty)."""
    ix = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    iy = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    smaller = min(a[2] * a[3], b[2] * b[3])
    if ix <= 0 or iy <= 0 or smaller <= 0:
        return 0.0
    return ix * iy / smaller


def assign_regions(candidates: Iterable[Detection], same_region: float = SAME_REGION) -> list[Detection]:
    """The candidates kept in one frame: best score first, each product once, no two on one region."""
    kept: list[Detection] = []
    for candidate in sorted(candidates, key=lambda d: (-d.score, d.sku)):
        if any(k.sku == candidate.sku or region_overlap(k.box, candidate.box) > same_region for k in kept):
            continue
        kept.append(candidate)
    return kept


def windows_from_detections(
    frame_times_ms: Sequence[int],
    examined: Mapping[int, Sequence[Detection]],
    end_ms: int,
    *,
    min_ms: int = MIN_WINDOW_MS,
    bridge_ms: int = BRIDGE_MS,
) -> list[ProductWindow]:
    """Windows per product from what was seen in each examined frame.

    `frame_times_ms` are the video's frame times (source ms, ascending); `examined` maps the index of every
    frame the finder looked at to the detections kept there (empty when nothing was seen); `end_ms` is where
    the last frame stops being shown (the probe's duration). Windows come sorted by start, then SKU.
    """
    order = sorted(examined)
    per_sku: dict[str, list[tuple[int, int, list[Detection], list[int]]]] = {}
    # a run: (first index, last index, detections, indices) of consecutive examined frames with the product
    open_runs: dict[str, tuple[int, int, list[Detection], list[int]]] = {}
    for index in order:
        here = {d.sku: d for d in examined[index]}
        for sku in list(open_runs):
            if sku not in here:
                per_sku.setdefault(sku, []).append(open_runs.pop(sku))
        for sku, detection in here.items():
            if sku in open_runs:
                first, _, dets, idx = open_runs[sku]
                open_runs[sku] = (first, index, [*dets, detection], [*idx, index])
            else:
                open_runs[sku] = (index, index, [detection], [index])
    for sku, run in open_runs.items():
        per_sku.setdefault(sku, []).append(run)

    def after(index: int) -> int:
        return frame_times_ms[index + 1] if index + 1 < len(frame_times_ms) else end_ms

    windows: list[ProductWindow] = []
    for sku, runs in per_sku.items():
        merged: list[tuple[int, int, list[Detection], list[int]]] = []
        for run in runs:
            if merged and frame_times_ms[run[0]] - after(merged[-1][1]) <= bridge_ms:
                first, _, dets, idx = merged[-1]
                merged[-1] = (first, run[1], dets + run[2], idx + run[3])
            else:
                merged.append(run)
        for first, last, dets, idx in merged:
            start, end = frame_times_ms[first], after(last)
            if end - start < min_ms:
                continue
            boxes = tuple(TimedBox(frame_times_ms[i], *d.box) for i, d in zip(idx, dets, strict=True))
            credit = {i: d.score * (FOLLOWED_CREDIT if d.followed else d.seen) for i, d in zip(idx, dets, strict=True)}
            inside = [i for i in order if first <= i <= last]
            spans = [(frame_times_ms[b] if b <= last else end) - frame_times_ms[a]
                     for a, b in zip(inside, [*inside[1:], last + 1], strict=True)]
            confidence = sum(credit.get(i, 0.0) * t for i, t in zip(inside, spans, strict=True)) / max(sum(spans), 1)
            windows.append(ProductWindow(sku, start, end, confidence, boxes))
    windows.sort(key=lambda w: (w.start_ms, w.sku))
    return windows


def temporal_iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union of two `[start, end)` ranges (0 when both are empty)."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union if union > 0 else 0.0
