"""Pixels under the popup cards, measured for the reviewer's checks.

For each popup, a few frames while it is shown (its first, middle and last) are decoded small; under the
card's box (`core.card_geometry`, the renderer's own geometry) the mean relative luminance of the video is
turned into the WCAG contrast ratio against the white card, and the faces found in the whole frame are
returned as normalised boxes. `core.review.review_checks` decides what those numbers mean.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from studio.core import card_geometry
from studio.core.cancel import CancelToken, check
from studio.core.media_info import MediaInfo
from studio.core.project import Popup
from studio.core.review import Box, PopupMeasure
from studio.media.frames import FrameServer

ANALYSIS_SIZE = (270, 480)
"""Frames are measured at a quarter of 1080x1920: plenty for a mean luminance and a face."""
CARD_LUMINANCE = 1.0
"""The card's background is white (render/card.py's CARD_BG)."""

FaceFinder = Callable[[np.ndarray], Sequence[tuple[float, float, float, float]]]
"""RGB frame → normalised face boxes (x0, y0, x1, y1)."""


def relative_luminance(rgb: np.ndarray) -> float:
    """WCAG relative luminance of the mean colour of `rgb` (uint8, sRGB)."""
    c = rgb.reshape(-1, 3).astype(np.float64) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float((linear @ np.array([0.2126, 0.7152, 0.0722])).mean())


def contrast_ratio(a: float, b: float) -> float:
    """WCAG contrast ratio of two relative luminances (1 to 21)."""
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def card_contrast(rgb: np.ndarray, popup: Popup) -> float:
    """Contrast between the white card and the video under its box on this 9:16 frame."""
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = card_geometry.card_box(popup.anchor_x, popup.anchor_y, popup.style)
    region = rgb[int(y0 * h):max(int(y1 * h), int(y0 * h) + 1), int(x0 * w):max(int(x1 * w), int(x0 * w) + 1)]
    return contrast_ratio(CARD_LUMINANCE, relative_luminance(region))


def sample_times(popup: Popup, frame_times: Sequence[int]) -> list[int]:
    """The first, middle and last frame times inside the popup's `[start, end)`."""
    inside = [t for t in frame_times if popup.start_ms <= t < popup.end_ms]
    if not inside:
        return []
    return sorted({inside[0], inside[len(inside) // 2], inside[-1]})


def measure_popups(info: MediaInfo, popups: Sequence[Popup], *, find_faces: FaceFinder | None = None,
                   cancel: CancelToken | None = None) -> dict[str, PopupMeasure]:
    """Per popup id: the lowest card contrast over its sampled frames and the faces seen in them."""
    result: dict[str, PopupMeasure] = {}
    with FrameServer(info, use_proxy=False, cache_bytes=16 * 1024 * 1024) as server:
        times = server.frame_times_ms
        for popup in popups:
            contrasts: list[float] = []
            faces: list[tuple[int, Box]] = []
            for t in sample_times(popup, times):
                check(cancel, info.path)
                frame = server.frame_at(t, ANALYSIS_SIZE)
                contrasts.append(card_contrast(frame.image, popup))
                if find_faces is not None:
                    faces.extend((frame.time_ms, box) for box in find_faces(frame.image))
            result[popup.id] = PopupMeasure(min(contrasts) if contrasts else None, tuple(faces))
    return result
