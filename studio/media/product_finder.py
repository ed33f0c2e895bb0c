"""The product finder: where each listed product is in view in a video, from its listing photos.

Holds: `ProductMatcher` (the reference photos of every product, prepared once; `detect(rgb)` finds them in one
picture) and `find_products` (a probed video, sampled at a few frames a second through the `FrameServer`,
bisected to the exact frame around every change, to `core.finder_windows.ProductWindow`s).
Must not hold: the window rules (`core.finder_windows`), where a card goes (`core.card_placement`), the
project or the catalog (`studio.jobs.find_products` resolves those to image paths), Qt.

How a product is found in a picture (CPU only, offline, OpenCV; measured in tests/test_product_finder.py
and tests/benchmarks/bench_finder.py):
1. Grey, contrast-limited equalised (CLAHE, so a darker or brighter scene gives the same corners), ORB
   features (FAST corners, rotated BRIEF, an 8-level pyramid) on the reference photos (long side
   `REF_SIDE`) and on each examined frame (long side `WORK_SIDE`). ORB, not SIFT: at 640 px SIFT cost
   about 70 ms a frame here against 12 ms, and the pixel check below, not the descriptor, is what tells
   look-alikes apart. The frame's features are kept per cell of a grid (`_features`): ORB's own choice,
   the strongest corners anywhere, went to a busy background and left a darker product 10 good matches.
   ORB is asked for 8 times the corners kept (`CANDIDATE_FACTOR`): it cuts each pyramid level to its
   strongest first, and at twice, a night photo at half light kept 70 corners of its own and 0-2 correct
   matches; at 8 times it keeps 30-80. The reference's features are taken on the photo and on a copy at
   half its size: ORB gives a picture's coarse levels few of its features, and a product smaller on screen
   than its photo, or smeared by motion, shows only the coarse detail (a book under 8-10 px of blur went
   from 1-10 correct matches to 10-50).
2. Each reference's descriptors are matched to the frame's (2 nearest, Lowe's ratio test; when the test
   cannot choose because the pattern is in the frame twice, e.g. a look-alike of the same brand beside the
   product, both neighbours are kept), and a homography is fitted with USAC's PROSAC (best matches sampled
   first: 40x faster than plain RANSAC here, which ran into its 2000 iterations on every look-alike-heavy
   frame, at 74 ms a call, with the same inliers). It must keep enough inliers and map the photo to a
   plausible quadrilateral (convex, not tiny, not wildly stretched); when it does not, or fails the check
   below, the affine map of the same inliers is tried (`_verified_view`: matches bunched on the visible part
   of a held product let the homography bend the rest anywhere, the affine map keeps it in proportion). Its
   inliers are then set aside and the next view is fitted, up to `MAX_VIEWS`, so a look-alike that wins the
   first fit does not hide the product. When the ratio test's matches give no verified view (a dark, blurred
   or turned product keeps few distinctive matches in a busy frame), the near matches (`NEIGHBOURS` nearest
   within `MATCH_DISTANCE`) are grouped by how much they turn the keypoints (`_rotation_groups`, as
   ORB-SLAM's rotation check does): the product's matches all turn by about its own rotation, chance
   matches by any angle, so a group holds a fit's worth of true matches among far fewer wrong ones.
3. Verified: the frame is warped back onto the photo (a `VERIFY_SIDE` copy, with a margin of one cell all
   round) and compared cell by cell on a `GRID` x `GRID` grid: a textured cell must correlate (normalised
   cross-correlation of blurred grey, so brightness, contrast and a pixel of misalignment do not matter) and
   every cell's colour must agree (chromaticity, also brightness-free; a view whose colours alone fail is
   refused before its grey is compared) and show about the contrast the picture predicts (the median of
   the textured cells' ratios: correlation ignores contrast, and a plain hand's shading correlated with an
   edge of the photo), and a plain cell's level must match the reference's times the
   picture's gain, the median of the cells' own ratios (the ratio of the whole took a bright hand over a
   third of a dark product for its light and failed every plain cell of the rest); a reference larger than the product
   on screen is first brought down to the screen's resolution, and a smeared frame (motion blur: far less
   fine detail than the reference, `SMEARED`) is compared with both blurred to the detail it still shows.
   The score is taken on the visible part only (`_visible_agreement`): the grid less what something in front
   hides. A hand, a bag or the frame's border comes in from outside, so what it hides is a half-plane of
   cells from one side or corner (`_hiding_masks`, up to `1 - MIN_VISIBLE` of them), whose cells mostly fail
   and whose edge cells look like the strip just outside the outline (`_reaching_in`: the occluder carries on
   across it; the product's own edge does not). On what is left, the share of agreeing cells must reach
   `MIN_SCORE`, and failed cells must not form a patch inside the product that nothing hidden borders
   (`_interior_difference`; there, a textured cell correlating below `SURE_NCC` counts as failed): a
   look-alike of the same brand fails its name panel in the middle, which no hand from one side explains
   (its name in the same letters still correlates at 0.3-0.7 cell by cell). Matching alone "finds"
   look-alikes (same logo, border and barcode); the patch rule and the reaching-in test refuse them. A view
   scoring just below the bar is aligned on the pixels (ECC, `_refine`) and checked again. The
   detection's `seen` is the visible share.
4. One region, one product (`core.finder_windows.assign_regions`): the best verified candidate keeps it.

Over the video: frames are examined every 1/`SAMPLE_FPS` s (2 a second: the least that still puts a sample
in every appearance of 0.5 s, the shortest window kept); where a product's presence changes between two
samples the frames between are bisected down to neighbouring frames, so window edges are exact frame times;
each probe looks for the products seen at either sample (one seen at neither is absent between them, as
sampling takes it), so look-alikes are assigned there the same way. A product seen in the frame
examined just before is also looked for among the features around where it was (`hints`), which keeps a
product seen at a growing angle. Between detections a product is followed (`_followed`): its look where it
was verified (the visible part only, in colour, blurred) is looked for by normalised correlation around where it
was, in frames within `FOLLOW_MS` of that verification, so a blurred, turned or briefly covered product does
not split its window; only verified looks are followed (never a followed one, so it cannot drift onto the
background), and when the look is no longer there the product has left and the window ends: it is not looked
for again beyond a frame where it was lost (a background that correlated by chance half a second after a
product left carried its window to the clip's end). A frame is first examined knowing only the looks verified
before it, so where a product is first seen at a sample it is followed back through the frames examined
before (`start_of`) and its start bisected where that loses it: a product the samples before it missed (a
blurred or turned one, found at one frame in two) no longer starts a second late.
Frames come from `FrameServer`s (exact frames, rotation applied; the scrub
proxy when one exists): the samples decoded ahead on a thread (`_Prefetch`), the bisection's from a second
server; their small caches are all that is kept, so memory does not grow with the clip's length.

Measured (tests/benchmarks/bench_finder.py, 60 s 1080x1920 30 fps, 5 products and 2 look-alikes, on the
2-core machine shared with other work): every window IoU 1.000, no false window; peak RSS 235 MB for 60 s
against 226 MB for 20 s (flat; a decode-only pass is 145 MB). Wall time moves with the machine's load (at
load average 5-11 the 60 s clip took 23.5 s, 2.56x real time; at 25-39 it took 107-178 s), so the benchmark
also prints the CPU: the 60 s clip takes 24.6-25.8 s of CPU of which 13.0-13.5 s on the analysis thread (the
rest is decoding ahead and OpenCV's own threads), so on two idle cores it needs at least 13 s, 4.6x real time.
Before the affine retry, rotation groups and median gain, run alternately with this code at load average
35-39, the finder took the same: 25.4-25.6 s of CPU, 12.95-12.98 s on the analysis thread. What paid for
them: matches computed as arrays (`cv2.batchDistance`, no DMatch objects), the colours checked before the
grey, probes between samples looking only for the products seen at either, and the cell sums on cached
grids. `cv2.setNumThreads(1)` did not lower the CPU (9.35-9.41 s against 9.40-9.48 s for the 20 s clip) and
put more on the analysis thread; the rotation groups cost about a fifth of the analysis thread (4.3 s
without, 5.2 s with, on the 20 s clip). At `WORK_SIDE` 640 the darker, tilting product of that clip was
lost half the time (IoU 0.51): 800 px keeps it, for about 1.5x the corner search. With the changes for the
hard set (ORB's wider cut, the half-size reference features, the contrast check, following back), at load
average 10-16: every window IoU 1.000, no false window; 27.2 s of CPU for the 60 s clip, 14.6 s on the
analysis thread, so on two idle cores at least 4.1x real time (the wall time at that load: 66 s, 0.91x);
peak RSS 237 MB for 60 s against 222 MB for 20 s (flat).

Known limits (measured by tests/benchmarks/bench_finder_hard.py at the suite's size, 450x800; what failed and why
each change: docs/decisions/product-finder.md): on seeds 0-79 of the hard set all 160 present products held (IoU
>= 0.8) and no window for an absent product or a look-alike (before ORB's wider cut, the half-size reference
features, the contrast check and following back, 35 of 40 on seeds 0-19; seeds 40-59, first run with those in,
proposed two look-alikes, which the doubtful cells and the narrower hidden-part rule now refuse). A false
verification is followed both ways now, so a look-alike verified once becomes a window as long as following holds
on it: precision rests on the verification. Something hiding the product's middle (a finger across it) is not
taken for an occluder (precision first: a differing middle is what a look-alike looks like); following bridges it
only when the product was verified nearby. Following can stay on a same-brand look-alike that correlates above
`FOLLOW_NCC` where the product was; it is tried only within `FOLLOW_REACH` of the verified box. A smeared frame is
compared at less detail, so a blurred look-alike is harder to refuse. A flat product with almost no corners (the
demo scenes' vector drawings: a plain rounded bottle) is not found at all; nothing false is proposed either.
"""

from __future__ import annotations

import contextlib
import functools
import os
import queue
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from studio.core.cancel import CancelToken, Progress, check
from studio.core.errors import QT_TRANSLATE_NOOP, InputError
from studio.core.finder_windows import (
    SAME_REGION,
    Box,
    Detection,
    ProductWindow,
    assign_regions,
    region_overlap,
    windows_from_detections,
)
from studio.core.media_info import MediaInfo
from studio.media.cover_image import load_image
from studio.media.frames import FrameServer
from studio.media.probe import probe

WORK_SIDE = 800
"""Long side (px) of the frames the finder examines."""
REF_SIDE = 400
"""Long side (px) of a reference photo when its features are computed."""
VERIFY_SIDE = 160
"""Long side (px) of the reference when the warped frame is compared with it."""
SAMPLE_FPS = 2.0
"""Frames examined a second: every appearance of 0.5 s or more (the shortest window kept) holds one."""
FRAME_FEATURES = 2500
REF_FEATURES = 400
REF_COARSE_FEATURES = 200
"""Features of the reference's half-size copy, besides its `REF_FEATURES`."""
CANDIDATE_FACTOR = 8
"""Corners ORB keeps per frame feature kept: the strongest of them are kept per cell of a `SPREAD` x `SPREAD`
grid. ORB's own cut (the strongest of the whole pyramid level) must leave a dim product's weak corners in."""
REF_CANDIDATE_FACTOR = 2
SPREAD = 8
RATIO = 0.85
MIN_INLIERS = 10
MAX_HAMMING = 64
"""Both nearest neighbours closer than this (of 256 bits) are kept when the ratio test cannot choose."""
NEIGHBOURS = 3
MATCH_DISTANCE = 70
"""A match this close (of 256 bits) is a near match, whatever the ratio test says (`_rotation_groups`)."""
ROTATION_BINS = 30
ROTATION_PEAKS = 2
MAX_VIEWS = 3
"""Views of one reference tried per frame (the product and look-alikes that share its features)."""
HINT_MARGIN = 0.5
"""A hint's box is widened by this share of its size on every side."""
ECC_ITERATIONS = 20
ECC_MAX_SHIFT = 0.3
"""ECC may move a corner by at most this share of the view's size."""
REFINE_FROM = 0.4
"""A view scoring between this and `MIN_SCORE` is aligned by ECC and checked again (ECC costs more than the
check, so views that pass outright, or are plainly something else, are not aligned)."""
GRID = 8
BLUR_SIGMA = 1.0
TEXTURE_STD = 8.0
"""A cell whose grey values in the reference vary less than this is compared by colour and level only."""
CELL_NCC = 0.5
SURE_NCC = 0.7
"""A textured cell correlating below this agrees, but only just: inside the product, a patch of such cells is
a difference (`_visible_agreement`)."""
CONTRAST_SHARE = 0.4
"""A textured cell whose contrast is below this share of what the picture's contrast predicts does not agree."""
CHROMA_TOLERANCE = 0.06
LEVEL_TOLERANCE = 0.35
"""A flat cell's brightness may differ from the reference's (after the picture's overall gain) by this much."""
MIN_SCORE = 0.8
"""A candidate whose share of agreeing cells, on its visible part, is below this is not the product."""
SMEARED = 0.7
"""A frame whose fine detail is below this share of the reference's is compared at `SMEAR_SIGMA`."""
SMEAR_SIGMA = 2.5
MIN_VISIBLE = 0.6
"""The least share of the product's cells that must be in view (a third hidden still leaves two thirds)."""
HIDDEN_FAILED = 0.7
"""Cells taken as hidden must mostly fail: something is in front of them, not merely a detail that differs."""
REACH_LEVEL = 0.3
"""Brightness (sum of RGB) may differ by this share across the outline where something reaches in."""
INTERIOR_PATCH = 3
FRAME_CACHE_BYTES = 24 * 1024 * 1024
FOLLOW_MS = 3000
"""A product verified in a frame is followed in the frames examined up to this long before and after it."""
FOLLOW_NCC = 0.75
"""The least correlation of a product's verified look, where it is followed, for it to be still there."""
FOLLOW_REACH = 0.75
"""A followed product is looked for this share of its size around where it was verified."""
FOLLOW_SCALES = (0.9, 1.0, 1.1)
FOLLOW_SIDE = 96
"""Long side (px) of a product's look when it is followed."""
FOLLOW_BLUR = 1.5

ImageSource = str | os.PathLike[str] | np.ndarray
"""A reference photo: a file (any format OpenCV reads; EXIF orientation applied) or an RGB uint8 array."""

_CLAHE = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))


@dataclass(frozen=True)
class _Reference:
    sku: str
    name: str
    points: np.ndarray
    """Keypoint positions (N, 2) float32 in the `REF_SIDE` picture."""
    angles: np.ndarray
    """Keypoint orientations (N,) float32, degrees."""
    descriptors: np.ndarray
    size: tuple[int, int]
    """(w, h) of the `REF_SIDE` picture."""
    verify_rgb: np.ndarray
    """The `VERIFY_SIDE` copy, float32 RGB."""
    verify_scale: float
    """`REF_SIDE` pixels per `VERIFY_SIDE` pixel."""
    textured: np.ndarray
    """(GRID, GRID) bool: cells compared by correlation."""
    verify_luma: np.ndarray
    """Grey of `verify_rgb`, blurred by `BLUR_SIGMA` (a pixel or two of misalignment must not matter)."""


def _scaled(rgb: np.ndarray, side: int) -> np.ndarray:
    h, w = rgb.shape[:2]
    scale = side / max(w, h)
    if scale >= 1.0:
        return rgb
    return cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)


def _grey(rgb: np.ndarray) -> np.ndarray:
    return _CLAHE.apply(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))


def _textured(grey: np.ndarray) -> np.ndarray:
    """(GRID, GRID) bool: the cells of `grey` with enough texture to be compared by correlation."""
    area = _cell_sums(np.ones(grey.shape, np.float32))
    mean = _cell_sums(grey) / area
    return np.sqrt(np.maximum(_cell_sums(grey.astype(np.float64) ** 2) / area - mean ** 2, 0)) > TEXTURE_STD


def _luma(rgb: np.ndarray) -> np.ndarray:
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114


class ProductMatcher:
    """The reference photos of every product, prepared once; `detect` finds them in a picture."""

    def __init__(self, products: Mapping[str, Sequence[ImageSource]]) -> None:
        self._orb = cv2.ORB.create(nfeatures=FRAME_FEATURES * CANDIDATE_FACTOR)
        ref_orb = cv2.ORB.create(nfeatures=REF_FEATURES * REF_CANDIDATE_FACTOR)
        self.references: list[_Reference] = []
        self.looks: dict[Detection, np.ndarray] = {}
        """Per detection of the last `detect`: a mask (uint8, its box's size) of the product's verified part."""
        for sku, images in products.items():
            for image in images:
                self.references.append(self._prepare(sku, image, ref_orb))

    @staticmethod
    def _prepare(sku: str, image: ImageSource, orb: cv2.ORB) -> _Reference:
        if isinstance(image, np.ndarray):
            name, rgb = f"{sku} (picture)", image
        else:
            name, rgb = os.fspath(image), load_image(image)
        small = _scaled(rgb, REF_SIDE)
        keypoints, descriptors = _features(orb, _grey(small), REF_FEATURES)
        if descriptors is None or len(keypoints) < MIN_INLIERS * 2:
            raise InputError(QT_TRANSLATE_NOOP(
                "errors", "the photo of {sku} has too little detail to be found in a video"), name,
                code="image_plain", sku=sku)
        points = np.array([k.pt for k in keypoints], np.float32)
        angles = np.array([k.angle for k in keypoints], np.float32)
        # the features of a copy at half the size too: a product smaller on screen than its photo, or
        # smeared, shows the photo's coarse detail only, and ORB's own pyramid gives the photo's coarse
        # levels a small share of its features (most go to the finest level, which the video cannot show)
        half = cv2.resize(small, (max(1, small.shape[1] // 2), max(1, small.shape[0] // 2)),
                          interpolation=cv2.INTER_AREA)
        coarse, coarse_descriptors = _features(orb, _grey(half), REF_COARSE_FEATURES)
        if coarse_descriptors is not None and coarse:
            grown = small.shape[1] / half.shape[1]
            points = np.vstack([points, np.array([k.pt for k in coarse], np.float32) * grown])
            angles = np.concatenate([angles, np.array([k.angle for k in coarse], np.float32)])
            descriptors = np.vstack([descriptors, coarse_descriptors])
        verify = _scaled(small, VERIFY_SIDE).astype(np.float32)
        grey = cv2.GaussianBlur(_luma(verify), (0, 0), BLUR_SIGMA)
        textured = _textured(grey)
        return _Reference(sku=sku, name=name, points=points, angles=angles, descriptors=descriptors,
                          size=(small.shape[1], small.shape[0]), verify_rgb=verify,
                          verify_scale=small.shape[1] / verify.shape[1], textured=textured, verify_luma=grey)

    @property
    def skus(self) -> list[str]:
        return list(dict.fromkeys(r.sku for r in self.references))

    def detect(self, rgb: np.ndarray, hints: Mapping[str, Box] | None = None,
               skus: Collection[str] | None = None) -> list[Detection]:
        """The products in `rgb` (RGB uint8), boxes in its pixels: verified, one product per region.

        `hints` are boxes (in `rgb`'s pixels) where products were in a nearby frame: a product not found
        over the whole picture is looked for again among the features around its hint only, where the
        ratio test is not spoilt by the rest of the picture (a darker product seen at an angle).
        `skus`, when given, are the only products looked for.
        """
        self.looks.clear()
        keypoints, descriptors = _features(self._orb, _grey(rgb), FRAME_FEATURES)
        if descriptors is None or len(keypoints) < MIN_INLIERS:
            return []
        points = np.array([k.pt for k in keypoints], np.float32)
        angles = np.array([k.angle for k in keypoints], np.float32)
        candidates: list[Detection] = []
        references = [r for r in self.references if skus is None or r.sku in skus]
        for ref in references:
            candidates += self._locate(ref, points, angles, descriptors, rgb)
        for sku, (x, y, w, h) in (hints or {}).items():
            if any(c.sku == sku for c in candidates) or (skus is not None and sku not in skus):
                continue
            near = ((points[:, 0] > x - w * HINT_MARGIN) & (points[:, 0] < x + w * (1 + HINT_MARGIN))
                    & (points[:, 1] > y - h * HINT_MARGIN) & (points[:, 1] < y + h * (1 + HINT_MARGIN)))
            if int(near.sum()) < MIN_INLIERS:
                continue
            for ref in references:
                if ref.sku == sku:
                    candidates += self._locate(ref, points[near], angles[near], descriptors[near], rgb)
        return assign_regions(candidates)

    def _locate(self, ref: _Reference, points: np.ndarray, angles: np.ndarray, descriptors: np.ndarray,
                rgb: np.ndarray) -> list[Detection]:
        """Every verified view of `ref` in the frame (look-alikes beside it are tried and refused too).

        The matches that pass the ratio test are fitted first. When they give no verified view (a dark,
        blurred or turned product keeps few distinctive matches among a busy frame's), the near matches
        (`NEIGHBOURS` nearest within `MATCH_DISTANCE`) are grouped by how much they turn the keypoints
        (`_rotation_groups`): the product's matches all turn by about its own rotation, chance matches by
        any angle, so each group holds far fewer wrong matches than the whole for the fit to get lost in.
        """
        distance, nearest = cv2.batchDistance(ref.descriptors, descriptors, cv2.CV_32S, normType=cv2.NORM_HAMMING,
                                              K=NEIGHBOURS)
        query = np.repeat(np.arange(len(distance))[:, None], NEIGHBOURS, axis=1)
        pairs = np.stack([query, nearest, distance], axis=2)  # (reference feature, neighbour, [q, t, d])
        distinct = distance[:, 0] < RATIO * distance[:, 1]
        # both neighbours when the ratio test cannot choose and both are close: the pattern is in the frame
        # twice (a look-alike of the same brand beside the product), and RANSAC fits one view at a time
        twice = ~distinct & (distance[:, 1] <= MAX_HAMMING)
        ratio_passed = pairs[:, :2][np.stack([distinct | twice, twice], axis=1)]
        near = pairs[(distance <= MATCH_DISTANCE) & (nearest >= 0)]
        found = self._views(ref, ratio_passed, points, rgb)
        for group in ([] if found else _rotation_groups(near, ref.angles, angles)):
            found = self._views(ref, group, points, rgb)
            if found:
                break
        return found

    def _views(self, ref: _Reference, matches: np.ndarray, points: np.ndarray, rgb: np.ndarray) -> list[Detection]:
        """The verified views of `ref` that `matches` ((N, 3): reference feature, frame feature, distance)
        hold, fitted one at a time."""
        matches = matches[np.argsort(matches[:, 2], kind="stable")]  # PROSAC samples the best matches first
        found: list[Detection] = []
        for _ in range(MAX_VIEWS):
            if len(matches) < MIN_INLIERS:
                break
            src = ref.points[matches[:, 0]]
            dst = points[matches[:, 1]]
            homography, inliers = cv2.findHomography(src, dst, cv2.USAC_PROSAC, 5.0)
            if homography is None or int(inliers.sum()) < MIN_INLIERS:
                break
            keep = inliers.ravel().astype(bool)
            matches = matches[~keep]
            verified = _verified_view(ref, [homography, _affine(src[keep], dst[keep])], rgb)
            if verified is None:
                continue
            homography, quad, score, seen, visible = verified
            fh, fw = rgb.shape[:2]
            x0, y0 = np.clip(quad.min(axis=0), 0, [fw, fh])
            x1, y1 = np.clip(quad.max(axis=0), 0, [fw, fh])
            box = (int(x0), int(y0), round(float(x1) - int(x0)), round(float(y1) - int(y0)))
            detection = Detection(ref.sku, box, score, seen)
            found.append(detection)
            # where in the box the product was verified: what following it may look for
            cells = cv2.resize(visible.astype(np.uint8), ref.size, interpolation=cv2.INTER_NEAREST)
            shift = np.array([[1.0, 0, -box[0]], [0, 1.0, -box[1]], [0, 0, 1.0]])
            self.looks[detection] = cv2.warpPerspective(cells, shift @ homography, (max(1, box[2]), max(1, box[3])),
                                                        flags=cv2.INTER_NEAREST)
        return found


def _affine(src: np.ndarray, dst: np.ndarray) -> np.ndarray | None:
    """The affine map (as a 3x3 homography) that fits the point pairs best (least median), None if none does."""
    affine, _ = cv2.estimateAffine2D(src, dst, method=cv2.LMEDS)
    return None if affine is None else np.vstack([affine, [0.0, 0.0, 1.0]])


def _verified_view(ref: _Reference, models: Sequence[np.ndarray | None],
                   rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float, np.ndarray] | None:
    """(homography, quad, score, seen, visible) of the first of `models` that maps `ref` plausibly into `rgb`
    and is verified there; None if none is.

    The models are one fit's: its homography, then an affine map fitted on the same inliers. When the
    matches bunch on part of the product (a hand over the rest, a dark photo whose detail is in one place)
    the homography's 8 degrees of freedom bend the unmatched part anywhere; the affine map keeps it in
    proportion, and a product turned up to about 35 degrees is close enough to affine for the ECC
    alignment (`_refine`) to finish the job.
    """
    w, h = ref.size
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32).reshape(-1, 1, 2)
    for homography in models:
        if homography is None:
            continue
        quad = cv2.perspectiveTransform(corners, homography).reshape(-1, 2)
        if not _plausible(quad, ref.size):
            continue
        score, seen, visible = _verify(ref, homography, rgb)
        if REFINE_FROM <= score < MIN_SCORE:  # close: align on the pixels and look again
            homography = _refine(ref, homography, rgb)
            quad = cv2.perspectiveTransform(corners, homography).reshape(-1, 2)
            score, seen, visible = _verify(ref, homography, rgb)
        if score >= MIN_SCORE:
            return homography, quad, score, seen, visible
    return None


def _rotation_groups(matches: np.ndarray, ref_angles: np.ndarray, frame_angles: np.ndarray) -> list[np.ndarray]:
    """`matches` ((N, 3): reference feature, frame feature, distance) in groups that turn the keypoints alike:
    the `ROTATION_PEAKS` most common turns (bins of 360 / `ROTATION_BINS` degrees with their neighbours,
    since blur and tilt move a keypoint's angle a little), most common first; groups too small to fit a
    view are left out."""
    if len(matches) < MIN_INLIERS:
        return []
    turn = (frame_angles[matches[:, 1]] - ref_angles[matches[:, 0]]) % 360
    bins = (turn * ROTATION_BINS / 360).astype(int) % ROTATION_BINS
    counts = np.bincount(bins, minlength=ROTATION_BINS)
    smoothed = counts + np.roll(counts, 1) + np.roll(counts, -1)
    groups = []
    for _ in range(ROTATION_PEAKS):
        peak = int(np.argmax(smoothed))
        if smoothed[peak] < MIN_INLIERS:
            break
        groups.append(matches[(bins - peak + 1) % ROTATION_BINS <= 2])  # the peak's bin and its neighbours
        for d in (-2, -1, 0, 1, 2):  # the next peak is another turn, not this one's shoulder
            smoothed[(peak + d) % ROTATION_BINS] = 0
    return groups


def _features(orb: cv2.ORB, grey: np.ndarray, count: int) -> tuple[list[cv2.KeyPoint], np.ndarray | None]:
    """About `count` ORB features spread over the picture: the strongest corners of each grid cell.

    ORB keeps the strongest corners of the whole picture, and a busy background (foliage, noise, a
    patterned shirt) takes them all: a darker product beside it kept 10 correct matches of 1500 features
    and was lost. Keeping the best of every cell leaves the product its share.
    """
    keypoints = orb.detect(grey, None)
    if len(keypoints) > count:
        h, w = grey.shape[:2]
        xy = np.array([k.pt for k in keypoints], np.float32)
        response = np.array([k.response for k in keypoints], np.float32)
        cell = (np.minimum(xy[:, 1] * SPREAD // h, SPREAD - 1) * SPREAD
                + np.minimum(xy[:, 0] * SPREAD // w, SPREAD - 1)).astype(int)
        order = np.lexsort((-response, cell))  # by cell, strongest first within a cell
        sorted_cells = cell[order]
        first = np.searchsorted(sorted_cells, sorted_cells, side="left")
        rank = np.empty(len(order), int)
        rank[order] = np.arange(len(order)) - first
        quota = count // (SPREAD * SPREAD)
        chosen = rank < quota
        rest = np.flatnonzero(~chosen)
        extra = rest[np.argsort(-response[rest])][:max(0, count - int(chosen.sum()))]
        chosen[extra] = True
        keypoints = [k for k, keep in zip(keypoints, chosen, strict=True) if keep]
    keypoints, descriptors = orb.compute(grey, keypoints)
    return list(keypoints), descriptors


def _plausible(quad: np.ndarray, size: tuple[int, int]) -> bool:
    """Whether the photo's corners, mapped into the frame, make a believable view of a flat product."""
    if not cv2.isContourConvex(quad.reshape(-1, 1, 2).astype(np.float32)):
        return False
    area = cv2.contourArea(quad.astype(np.float32))
    if area < 24 * 24:
        return False
    sides = np.linalg.norm(np.roll(quad, -1, axis=0) - quad, axis=1)
    w, h = size
    # opposite sides: a plane seen at an angle shrinks one side, but not beyond this
    if min(sides[0], sides[2]) * 4 < max(sides[0], sides[2]) or min(sides[1], sides[3]) * 4 < max(sides[1], sides[3]):
        return False
    aspect = ((sides[0] + sides[2]) / (sides[1] + sides[3])) / (w / h)
    return 0.33 < aspect < 3.0


def _refine(ref: _Reference, homography: np.ndarray, rgb: np.ndarray) -> np.ndarray:
    """The homography aligned on the pixels (ECC), so the corners are right and not only the matched middle.

    Features cluster where the photo has detail (a rocket and its lights) and the fitted homography can be
    off by several pixels at the photo's plain corners, enough to fail cells there. A few ECC iterations
    from the fit fix that (about a millisecond at `VERIFY_SIDE`); when ECC does not converge, or moves
    the corners far, the fit is kept.
    """
    vh, vw = ref.verify_rgb.shape[:2]
    scale = np.diag([ref.verify_scale, ref.verify_scale, 1.0])
    start = (homography @ scale).astype(np.float32)
    start /= start[2, 2]
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    try:  # no mask but a filter size: OpenCV takes it, its stub has no such overload
        _, warp = cv2.findTransformECC(ref.verify_luma.astype(np.float32), grey, start.copy(),
                                       cv2.MOTION_HOMOGRAPHY,
                                       (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, ECC_ITERATIONS, 1e-4),
                                       None, 3)  # type: ignore[call-overload]
    except cv2.error:
        return homography
    corners = np.array([[0, 0], [vw, 0], [vw, vh], [0, vh]], np.float32).reshape(-1, 1, 2)
    moved = np.abs(cv2.perspectiveTransform(corners, warp) - cv2.perspectiveTransform(corners, start)).max()
    size = np.sqrt(cv2.contourArea(cv2.perspectiveTransform(corners, start)))
    if not np.isfinite(moved) or moved > ECC_MAX_SHIFT * size:
        return homography
    return warp.astype(np.float64) @ np.linalg.inv(scale)


def _verify(ref: _Reference, homography: np.ndarray, rgb: np.ndarray) -> tuple[float, float, np.ndarray]:
    """(score, seen, visible cells) of the frame warped onto the reference: see `_visible_agreement`."""
    vh, vw = ref.verify_rgb.shape[:2]
    scale = np.diag([ref.verify_scale, ref.verify_scale, 1.0])
    to_frame = homography @ scale
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    # warped with a margin of one cell all round: what is just outside the product's outline
    mx, my = round(vw / GRID), round(vh / GRID)
    to_canvas = to_frame @ np.array([[1.0, 0, -mx], [0, 1.0, -my], [0, 0, 1.0]])
    canvas = cv2.warpPerspective(rgb, to_canvas, (vw + 2 * mx, vh + 2 * my), flags=flags).astype(np.float32)
    fh, fw = rgb.shape[:2]
    cw, ch = vw + 2 * mx, vh + 2 * my
    outline = cv2.perspectiveTransform(np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32).reshape(-1, 1, 2),
                                       to_canvas).reshape(-1, 2)
    if (outline >= 0).all() and (outline[:, 0] <= fw - 1).all() and (outline[:, 1] <= fh - 1).all():
        in_frame = np.ones(canvas.shape[:2], bool)  # the canvas is convex: its corners in frame, all of it is
    else:
        in_frame = cv2.warpPerspective(np.full((fh, fw), 255, np.uint8), to_canvas, (vw + 2 * mx, vh + 2 * my),
                                       flags=flags) > 127
    warped, inside = canvas[my:my + vh, mx:mx + vw], in_frame[my:my + vh, mx:mx + vw]
    reference = ref.verify_rgb
    ref_luma, textured = ref.verify_luma, ref.textured
    in_view, coloured = _colour_cells(reference, warped, inside)
    if coloured.sum() < MIN_SCORE * MIN_VISIBLE * coloured.size:  # the colours alone fail it: most views do
        return 0.0, 0.0, np.zeros((GRID, GRID), bool)
    frame_luma = cv2.GaussianBlur(_luma(warped), (0, 0), BLUR_SIGMA)
    corners = np.array([[0, 0], [vw, 0], [vw, vh], [0, vh]], np.float32).reshape(-1, 1, 2)
    on_screen = float(np.sqrt(cv2.contourArea(cv2.perspectiveTransform(corners, to_frame)) / (vw * vh)))
    if on_screen < 0.9:
        # the product is smaller on screen than the reference copy: compare what the frame can show, so
        # fine detail (a lattice, small print) the video cannot resolve is not held against it
        small = (max(4, round(vw * on_screen)), max(4, round(vh * on_screen)))
        raw = cv2.resize(cv2.resize(_luma(reference), small, interpolation=cv2.INTER_AREA), (vw, vh),
                         interpolation=cv2.INTER_LINEAR)
        ref_luma = cv2.GaussianBlur(raw, (0, 0), BLUR_SIGMA)
        textured = _textured(ref_luma)
    if _sharpness(frame_luma, inside) < SMEARED * _sharpness(ref_luma, inside):
        # the frame is smeared (motion blur, focus): compare both at the detail the frame still shows
        frame_luma = cv2.GaussianBlur(frame_luma, (0, 0), SMEAR_SIGMA)
        ref_luma = cv2.GaussianBlur(ref_luma, (0, 0), SMEAR_SIGMA)
        textured = _textured(ref_luma)
    agree, doubtful = _agreeing_cells(coloured, in_view, ref_luma, frame_luma, textured)
    if agree.all() and not doubtful.any():
        return 1.0, 1.0, agree
    if agree.sum() < MIN_SCORE * MIN_VISIBLE * agree.size:  # short of the bar whatever is taken as hidden
        return 0.0, 0.0, np.zeros((GRID, GRID), bool)
    return _visible_agreement(agree, _reaching_in(canvas, in_frame, (mx, my), (vw, vh)), doubtful)


def _cell_sums(values: np.ndarray) -> np.ndarray:
    """Per cell of the `GRID` x `GRID` grid (`_cells`), the sum of `values` (2-D, or 3-D summed per channel)."""
    ys, xs = _cell_starts(values.shape[0], values.shape[1])
    # in float64: a cell's variance is taken as the mean square less the squared mean
    return np.add.reduceat(np.add.reduceat(values.astype(np.float64), ys, axis=0), xs, axis=1)


@functools.lru_cache(maxsize=64)
def _cell_starts(h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """The first row and column of each cell of a picture of `h` x `w` pixels cut into `GRID` x `GRID`."""
    return (np.linspace(0, h, GRID + 1).round().astype(int)[:-1], np.linspace(0, w, GRID + 1).round().astype(int)[:-1])


def _colour_cells(reference: np.ndarray, warped: np.ndarray, inside: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """((GRID, GRID) bool in view, (GRID, GRID) bool in view and of the reference's colour): a cell is in
    view when it is in the frame, and of its colour when its chromaticity (brightness-free) matches."""
    area = _cell_sums(np.ones(inside.shape, np.float32))
    in_view = _cell_sums(inside.astype(np.float32)) / area >= 0.9
    r_mean = _cell_sums(reference) / area[..., None]
    f_mean = _cell_sums(warped) / area[..., None]
    r_sum, f_sum = r_mean.sum(axis=2), f_mean.sum(axis=2)
    lit = (r_sum > 60) & (f_sum > 60)  # chromaticity of near-black is noise
    chroma = np.abs(r_mean / np.maximum(r_sum, 1e-6)[..., None] - f_mean / np.maximum(f_sum, 1e-6)[..., None])
    return in_view, in_view & (~lit | (chroma.max(axis=2) <= CHROMA_TOLERANCE))


def _agreeing_cells(coloured: np.ndarray, in_view: np.ndarray, ref_luma: np.ndarray, frame_luma: np.ndarray,
                    textured: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """((GRID, GRID) bool, (GRID, GRID) bool): the cells where the warped frame looks like the reference, and
    those of them that only just do (textured cells correlating below `SURE_NCC`).

    A cell agrees when it is in view and of the reference's colour (`_colour_cells`), and its texture
    correlates (`textured` cells) or, for a plain cell, its level matches the reference's times the
    picture's gain. The gain is the median of the cells' own ratios, not the ratio of the whole: a hand
    over a third of a dark product would otherwise pass for the product's light and fail every plain cell
    of the rest.
    """
    area = _cell_sums(np.ones(ref_luma.shape, np.float32))
    r_level = _cell_sums(ref_luma) / area
    f_level = _cell_sums(frame_luma) / area
    covariance = _cell_sums(ref_luma * frame_luma) / area - r_level * f_level
    r_var = _cell_sums(ref_luma * ref_luma) / area - r_level ** 2
    f_var = _cell_sums(frame_luma * frame_luma) / area - f_level ** 2
    denominator = np.sqrt(np.maximum(r_var, 0) * np.maximum(f_var, 0))
    correlates = (denominator > 1e-6) & (covariance >= CELL_NCC * denominator)
    usable = in_view & (r_level > 8)
    gain = float(np.median(f_level[usable] / r_level[usable])) if usable.any() else 1.0
    # a textured cell must show about the reference's contrast times the picture's (the median of the
    # textured cells' own ratios): correlation alone ignores contrast, and a plain hand's soft shading
    # correlated with an edge of the photo
    r_std, f_std = np.sqrt(np.maximum(r_var, 0)), np.sqrt(np.maximum(f_var, 0))
    contrasted = usable & textured
    if contrasted.any():
        contrast = float(np.median(f_std[contrasted] / np.maximum(r_std[contrasted], 1e-6)))
        correlates &= f_std >= CONTRAST_SHARE * contrast * r_std
    expected = r_level * gain
    level_ok = np.abs(f_level - expected) <= LEVEL_TOLERANCE * np.maximum(expected, 40.0)
    agree = coloured & np.where(textured, correlates, level_ok)
    return agree, agree & textured & (covariance < SURE_NCC * denominator)


def _reaching_in(canvas: np.ndarray, in_frame: np.ndarray, margin: tuple[int, int],
                 size: tuple[int, int]) -> np.ndarray:
    """(GRID, GRID) bool: edge cells whose picture carries on across the product's outline, or off the frame.

    Something in front of the product (a hand, a bag) reaches in from outside: the cell just inside the
    outline looks like the strip just outside it. The product's own edge cells do not (its border, a panel
    against the background), so a look-alike's differing panel cannot pass for a hand.
    """
    mx, my = margin
    vw, vh = size
    ys = np.linspace(0, vh, GRID + 1).round().astype(int) + my
    xs = np.linspace(0, vw, GRID + 1).round().astype(int) + mx
    out = np.zeros((GRID, GRID), bool)

    def carries_on(cell: tuple[slice, slice], strip: tuple[slice, slice]) -> bool:
        if in_frame[strip].mean() < 0.5 or in_frame[cell].mean() < 0.9:
            return True  # beyond the frame's border: hidden by it
        a = canvas[cell].reshape(-1, 3).mean(axis=0)
        b = canvas[strip].reshape(-1, 3).mean(axis=0)
        la, lb = float(a.sum()), float(b.sum())
        if abs(la - lb) > REACH_LEVEL * max(la, lb, 60.0):
            return False
        return la < 60 or lb < 60 or float(np.abs(a / la - b / lb).max()) <= CHROMA_TOLERANCE

    for i in range(GRID):
        for j in range(GRID):
            cell = (slice(ys[i], ys[i + 1]), slice(xs[j], xs[j + 1]))
            strips = []
            if i == 0:
                strips.append((slice(0, my), cell[1]))
            if i == GRID - 1:
                strips.append((slice(ys[-1], ys[-1] + my), cell[1]))
            if j == 0:
                strips.append((cell[0], slice(0, mx)))
            if j == GRID - 1:
                strips.append((cell[0], slice(xs[-1], xs[-1] + mx)))
            out[i, j] = any(carries_on(cell, strip) for strip in strips)
    return out


def _sharpness(luma: np.ndarray, inside: np.ndarray) -> float:
    """Mean absolute Laplacian over `inside`, relative to the picture's contrast: how much fine detail it shows."""
    spread = float(luma[inside].std()) if inside.any() else 0.0
    if spread <= 0:
        return 0.0
    return float(np.abs(cv2.Laplacian(luma, cv2.CV_32F))[inside].mean()) / spread


def _hiding_masks() -> list[np.ndarray]:
    """The grid cells something in front of the product can hide: every half-plane from one side or corner.

    A hand, a bag's edge or the frame's border comes in from outside the product, so what it hides is the
    cells beyond a straight line: of the 4 sides and the 4 corners, at depths in half-cell steps, up to
    `1 - MIN_VISIBLE` of the cells. The first mask hides nothing.
    """
    centres = (np.indices((GRID, GRID)).astype(np.float32) + 0.5) / GRID - 0.5  # (row, col), -0.5..0.5
    masks: dict[bytes, np.ndarray] = {b"": np.zeros((GRID, GRID), bool)}
    for angle in range(0, 360, 45):
        dy, dx = np.sin(np.radians(angle)), np.cos(np.radians(angle))
        along = centres[0] * dy + centres[1] * dx
        for depth in np.arange(0.5, GRID, 0.5) / GRID:
            hidden = along > along.max() - depth
            if hidden.mean() > 1 - MIN_VISIBLE:
                break
            masks.setdefault(hidden.tobytes(), hidden)
    return list(masks.values())


def _visible_agreement(agree: np.ndarray, reaching_in: np.ndarray,
                       doubtful: np.ndarray) -> tuple[float, float, np.ndarray]:
    """(score, seen, visible): the share of the visible cells that agree, the share of the product visible,
    and the visible cells ((GRID, GRID) bool).

    The visible part is the grid less the best hiding mask (`_hiding_masks`) whose cells mostly fail and
    whose edge cells mostly look like something reaching in from outside (`_reaching_in`): something is
    really in front there. On what is left, failed cells must not form a patch inside the
    product away from its edges (`_interior_difference`): a look-alike differs in its middle, which no
    hand from one side explains. The `doubtful` cells (agreeing, but only just) count as failed there: a
    look-alike's name in the same letters and layout (OOLONG for GINGER) still correlates at 0.3-0.65 cell by
    cell, against 0.8-1.0 for the product's own visible cells. Score 0 when no mask leaves an acceptable
    visible part.
    """
    differ = ~agree | doubtful
    masks = _HIDING_MASKS  # (M, GRID, GRID), the first hiding nothing
    hidden_count = masks.sum(axis=(1, 2))
    edge = masks & _EDGE
    failed_share = (masks & ~agree).sum(axis=(1, 2)) / np.maximum(hidden_count, 1)
    reach_share = (edge & reaching_in).sum(axis=(1, 2)) / np.maximum(edge.sum(axis=(1, 2)), 1)
    usable = (hidden_count == 0) | ((failed_share >= HIDDEN_FAILED) & (reach_share >= HIDDEN_FAILED))
    scores = (agree & ~masks).sum(axis=(1, 2)) / (~masks).sum(axis=(1, 2))
    for k in sorted(np.flatnonzero(usable), key=lambda k: -scores[k]):  # best first: the first clean one wins
        visible = ~masks[k]
        if not _interior_difference(differ & visible, ~visible):
            return float(scores[k]), float(visible.mean()), visible
    return 0.0, 0.0, np.zeros((GRID, GRID), bool)


_HIDING_MASKS = np.array(_hiding_masks())
_EDGE = np.pad(np.zeros((GRID - 2, GRID - 2), bool), 1, constant_values=True)


def _interior_difference(failed: np.ndarray, hidden: np.ndarray) -> bool:
    """Whether failed cells form a patch inside the product that nothing in front of it explains.

    What a view hides at its edge (a hand, the frame's border) or gets slightly wrong there (a homography
    fitted a pixel off) fails cells along the edge or along what is `hidden`. A look-alike of the same brand
    differs inside: its name or flavour panel. A failed patch is a different product, whatever the share of
    cells that agree, when it holds `INTERIOR_PATCH` cells or more and no edge cell joins it, or when it
    holds that many cells off the edge ring and not beside the hidden part (a name as wide as the pack
    reaches the edge, but a hand would have to be beside it to explain it; a hand beside one end of a
    name explains the cells it touches, not the name across the pack).
    """
    count, labels = cv2.connectedComponents(failed.astype(np.uint8), connectivity=4)
    beside_hidden = cv2.dilate(hidden.astype(np.uint8), _CROSS).astype(bool)
    for label in range(1, count):
        patch = labels == label
        touches_edge = bool((patch & _EDGE).any())
        if not touches_edge and int(patch.sum()) >= INTERIOR_PATCH:
            return True
        if int((patch & ~_EDGE & ~beside_hidden).sum()) >= INTERIOR_PATCH:
            return True
    return False


_CROSS = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))


def find_products(
    video: str | os.PathLike[str] | MediaInfo,
    products: Mapping[str, Sequence[ImageSource]],
    *,
    sample_fps: float = SAMPLE_FPS,
    span: tuple[int, int] | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> list[ProductWindow]:
    """The windows where each product of `products` ({sku: reference photos}) is in view in `video`.

    `video` is a path (probed here, out of process) or the `MediaInfo` of a probed file; `span` limits the
    search to `[start_ms, end_ms)` of it. Times are source ms, boxes display pixels (rotation applied).
    Raises InputError naming a bad photo or video, Cancelled.
    """
    matcher = ProductMatcher(products)  # the photos first: a bad one fails before the video is read
    info = video if isinstance(video, MediaInfo) else probe(video, cancel=cancel)
    check(cancel, info.path)
    with FrameServer(info, cache_bytes=FRAME_CACHE_BYTES) as probes:
        times = probes.frame_times_ms
        step = 1000.0 / sample_fps
        start, end = span or (0, info.duration_ms + 1)
        count = max(0, int((min(end, info.duration_ms + 1) - 1 - start) / step)) + 1
        samples = sorted({probes.index_at(round(start + k * step)) for k in range(count)})
        with _Prefetch(info, times, samples) as stream:
            return _scan(info, times, samples, stream, probes, matcher, progress, cancel)


class _Prefetch:
    """Decodes the sampled frames, in order, on a thread of its own while the previous one is analysed.

    Decoding is about a third of the work; PyAV and OpenCV release the GIL, so on two cores the decoder and
    the analysis overlap. It has its own `FrameServer` (its own decoder, always stepping forward), so the
    bisection's frames, read from the other server, never make it seek back. At most `AHEAD` frames wait.
    """

    AHEAD = 2

    def __init__(self, info: MediaInfo, times: list[int], samples: list[int]) -> None:
        self._server = FrameServer(info, cache_bytes=0)
        self._times, self._samples = times, samples
        self._queue: queue.Queue[tuple[int, np.ndarray] | BaseException] = queue.Queue(self.AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="finder-decode", daemon=True)

    def __enter__(self) -> _Prefetch:
        self._thread.start()
        return self

    def _hand(self, item: tuple[int, np.ndarray] | BaseException) -> bool:
        """Queue `item` for the consumer; False when the consumer has gone."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            for index in self._samples:
                frame = self._server.frame_at(self._times[index], (WORK_SIDE, WORK_SIDE))
                if not self._hand((index, np.asarray(frame.image))):
                    return
        except BaseException as exc:  # raised again in the consumer's thread
            self._hand(exc)

    def get(self, index: int) -> np.ndarray:
        """The picture of sample `index` (samples are asked for in order)."""
        item = self._queue.get()
        if isinstance(item, BaseException):
            raise item
        got, image = item
        assert got == index, (got, index)
        return image

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.1)
        self._thread.join()
        self._server.close()


def _scan(info: MediaInfo, times: list[int], samples: list[int], stream: _Prefetch, probes: FrameServer,
          matcher: ProductMatcher, progress: Progress | None, cancel: CancelToken | None) -> list[ProductWindow]:
    examined: dict[int, list[Detection]] = {}
    missed: dict[int, frozenset[str]] = {}
    """Per examined frame, the products looked for there and not found (neither verified nor followed)."""
    sample_set = set(samples)
    # the look of each product where it was last verified (colour, in the examined frame's pixels) and its box
    # there: kept for `FOLLOW_MS`, so memory does not grow with the clip
    appearances: dict[int, dict[str, tuple[np.ndarray, np.ndarray, Box]]] = {}

    def look(index: int, skus: frozenset[str] | None = None) -> frozenset[str]:
        """The products seen in frame `index`, examined once: for all products, or only `skus` (a frame
        between two samples is examined for the products seen in either: one seen in neither is taken as
        absent between them, as sampling takes it)."""
        if index not in examined:
            check(cancel, info.path)
            if index in sample_set:
                image = stream.get(index)
            else:
                image = np.asarray(probes.frame_at(times[index], (WORK_SIDE, WORK_SIDE)).image)
            s = info.display_width / image.shape[1]
            before = max((i for i in examined if i < index), default=None)
            hints = {d.sku: _scale_box(d.box, 1 / s, None) for d in examined[before]} if before is not None else {}
            found = matcher.detect(image, hints, skus)
            picture = _follow_picture(image)
            appearances[index] = {d.sku: (picture[d.box[1]:d.box[1] + d.box[3], d.box[0]:d.box[0] + d.box[2]],
                                          matcher.looks[d], d.box)
                                  for d in found if d.box[2] >= 8 and d.box[3] >= 8}
            found += _followed(picture, index, times, appearances, found, skus, missed)
            missed[index] = frozenset(matcher.skus if skus is None else skus) - {d.sku for d in found}
            examined[index] = [Detection(d.sku, _scale_box(d.box, s, info), d.score, d.seen, d.followed)
                               for d in found]
        return frozenset(d.sku for d in examined[index])

    def followed_back(index: int, sku: str) -> bool:
        """Whether `sku`, not seen in frame `index` when it was examined, is followed there from a look
        verified after it (when `index` was examined, only the looks verified before it were known)."""
        image = np.asarray(probes.frame_at(times[index], (WORK_SIDE, WORK_SIDE)).image)
        s = info.display_width / image.shape[1]
        here = [Detection(d.sku, _scale_box(d.box, 1 / s, None), d.score, d.seen, d.followed) for d in examined[index]]
        hits = _followed(_follow_picture(image), index, times, appearances, here, {sku}, missed)
        missed[index] = missed.get(index, frozenset()) - {d.sku for d in hits}
        examined[index] = [*examined[index], *(Detection(d.sku, _scale_box(d.box, s, info), d.score, d.seen,
                                                         d.followed) for d in hits)]
        return bool(hits)

    def start_of(sku: str, first: int) -> None:
        """Follow `sku`, first seen in frame `first`, back through the frames examined before it, and find
        where it really appeared. A product the samples before missed (blurred, turned, hidden for a moment)
        could not be followed forward there, no look of it being verified yet; from where it is verified, it
        can be followed back."""
        earliest = first
        for index in sorted((i for i in examined if i < first), reverse=True):
            if sku in {d.sku for d in examined[index]}:
                return  # the run before: whatever lies between is a gap the windows bridge or not
            if times[earliest] - times[index] > FOLLOW_MS or not followed_back(index, sku):
                if earliest != first:
                    neighbours = frozenset({d.sku for i in (index, earliest) for d in examined[i]} | {sku})
                    _bisect(functools.partial(look, skus=neighbours), index, earliest, sku)
                return
            earliest = index

    previous: int | None = None
    for done, index in enumerate(samples, 1):
        seen = look(index)
        if previous is not None:
            either = seen | look(previous)
            for sku in seen ^ look(previous):
                edge = _bisect(functools.partial(look, skus=either), previous, index, sku)
                if sku in seen:
                    start_of(sku, edge)
        for old in [i for i in appearances if times[i] < times[index] - 2 * FOLLOW_MS]:
            del appearances[old]
        for old in [i for i in missed if times[i] < times[index] - 2 * FOLLOW_MS]:
            del missed[old]
        previous = index
        if progress is not None:
            progress(done, len(samples))
    return windows_from_detections(times, examined, info.duration_ms)


def _follow_picture(rgb: np.ndarray) -> np.ndarray:
    """The picture products are followed in: blurred, so a smeared frame still looks like a sharp one; in
    colour, so a look of the same shapes in other colours (a grey bird for a white book with orange flowers)
    does not correlate."""
    return cv2.GaussianBlur(rgb, (0, 0), FOLLOW_BLUR)


def _followed(picture: np.ndarray, index: int, times: list[int],
              appearances: Mapping[int, Mapping[str, tuple[np.ndarray, np.ndarray, Box]]],
              found: Sequence[Detection], skus: Collection[str] | None = None,
              missed: Mapping[int, Collection[str]] | None = None) -> list[Detection]:
    """The products (of `skus`, when given) verified near `index` (within `FOLLOW_MS`, before or after) but
    not found in it, followed.

    Between two detections a product can be blurred, turned or briefly covered beyond what verification
    accepts. Its look where it was last verified is looked for around where it was (normalised
    correlation, so the light does not matter, at a few scales); where it correlates well enough it is
    still there. Only a verified look is followed, never a followed one, so following cannot drift onto
    the background; and only across frames where it was not `missed` (frame -> products looked for there
    and not found): once following has lost a product, its look is not looked for again further on, where
    a background that happens to correlate would carry a window on after the product left.
    """
    out: list[Detection] = []
    taken = {d.sku for d in found}
    near = sorted((i for i in appearances if i != index and abs(times[i] - times[index]) <= FOLLOW_MS),
                  key=lambda i: abs(i - index))
    between = {j: lost for j, lost in (missed or {}).items() if abs(times[j] - times[index]) <= FOLLOW_MS}
    for i in near:
        lo, hi = min(i, index), max(i, index)
        for sku, (patch, mask, box) in appearances[i].items():
            if sku in taken or (skus is not None and sku not in skus):
                continue
            if any(lo < j < hi and sku in lost for j, lost in between.items()):
                continue  # lost between here and there: the look from the other side, if any, may still hold
            taken.add(sku)
            hit = _find_look(picture, patch, mask, box)
            if hit is None:
                continue
            box, ncc = hit
            if any(region_overlap(box, d.box) > SAME_REGION for d in found):
                continue  # that region is a verified product's
            out.append(Detection(sku, box, ncc, 0.0, followed=True))
    return out


def _find_look(picture: np.ndarray, patch: np.ndarray, mask: np.ndarray, box: Box) -> tuple[Box, float] | None:
    """Where `patch` (last seen at `box`; only its `mask`ed pixels, the product's verified part, count) is in
    `picture` near `box`, and how well it correlates; None if nowhere.

    Matched at `FOLLOW_SIDE` (a masked match is computed directly, not by FFT: at 150x220 px it cost 74 ms;
    the pictures are already blurred, so the smaller copy loses nothing the match uses).
    """
    x, y, w, h = box
    fh, fw = picture.shape[:2]
    x0, y0 = max(0, round(x - w * FOLLOW_REACH)), max(0, round(y - h * FOLLOW_REACH))
    x1, y1 = min(fw, round(x + w * (1 + FOLLOW_REACH))), min(fh, round(y + h * (1 + FOLLOW_REACH)))
    f = min(1.0, FOLLOW_SIDE / max(w, h, 1))
    region = cv2.resize(picture[y0:y1, x0:x1], (max(1, round((x1 - x0) * f)), max(1, round((y1 - y0) * f))),
                        interpolation=cv2.INTER_AREA)
    best: tuple[Box, float] | None = None
    for scale in FOLLOW_SCALES:
        tw, th = round(w * scale * f), round(h * scale * f)
        if tw < 8 or th < 8 or region.shape[1] < tw or region.shape[0] < th:
            continue
        template = cv2.resize(patch, (tw, th), interpolation=cv2.INTER_AREA)
        within = cv2.resize(mask, (tw, th), interpolation=cv2.INTER_NEAREST)
        if within.mean() < MIN_VISIBLE / 2 or float(template[within > 0].std()) < TEXTURE_STD:
            return None  # too little of it, or too plain, to follow
        result = cv2.matchTemplate(region, template, cv2.TM_CCOEFF_NORMED, mask=within)
        result[~np.isfinite(result)] = -1.0
        _, value, _, (bx, by) = cv2.minMaxLoc(result)
        if value >= FOLLOW_NCC and (best is None or value > best[1]):
            best = ((x0 + round(bx / f), y0 + round(by / f), round(w * scale), round(h * scale)), float(value))
    return best


def _bisect(look: Callable[[int], frozenset[str]], lo: int, hi: int, sku: str) -> int:
    """Examine frames between `lo` and `hi` until the frame where `sku` appears or disappears is known;
    that frame (the first after `lo` where its presence is not as at `lo`)."""
    before = sku in look(lo)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if (sku in look(mid)) == before:
            lo = mid
        else:
            hi = mid
    return hi


def _scale_box(box: Box, s: float, info: MediaInfo | None) -> Box:
    """`box` scaled by `s`, clipped to the display size of `info` when given."""
    x, y, w, h = box
    x0, y0 = max(0, round(x * s)), max(0, round(y * s))
    x1, y1 = round((x + w) * s), round((y + h) * s)
    if info is not None:
        x1, y1 = min(info.display_width, x1), min(info.display_height, y1)
    return x0, y0, max(0, x1 - x0), max(0, y1 - y0)
