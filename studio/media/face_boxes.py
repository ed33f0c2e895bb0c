"""Faces on screen over a time span, as boxes in display pixels, so a proposed popup's card can keep off them.

Holds: `faces_in_frame` (one RGB frame to face boxes, with OpenCV's bundled frontal-face Haar cascade, the
same detector the cover scoring uses) and `faces_over_span` (a few frames sampled over `[start, end)` of a
video, every face seen in them). Must not hold: where the card goes (`core.card_placement`), Qt.

Decisions:
- Frames are examined at `LONG_SIDE` px on their long side: plenty for a face large enough to matter under a
  card, and cheap (a handful of frames per proposal).
- A missing cascade (a trimmed OpenCV build) means no faces, not an error: the card then only avoids the
  product.
"""

from __future__ import annotations

import os
import threading

import cv2
import numpy as np

from studio.core.cancel import CancelToken, check
from studio.media.frames import FrameServer

CASCADE = "haarcascade_frontalface_default.xml"
LONG_SIDE = 480
SAMPLES = 3
"""Frames examined per span: its start, middle and end."""

Box = tuple[int, int, int, int]

_local = threading.local()


def _detector() -> cv2.CascadeClassifier | None:
    """The cascade, one per thread (a classifier is not thread-safe); None when OpenCV lacks it."""
    detector = getattr(_local, "detector", False)
    if detector is False:
        path = os.path.join(cv2.data.haarcascades, CASCADE)
        detector = cv2.CascadeClassifier(path) if os.path.isfile(path) else None
        if detector is not None and detector.empty():
            detector = None
        _local.detector = detector
    return detector


def faces_in_frame(rgb: np.ndarray, scale: float = 1.0) -> list[Box]:
    """Face boxes `(x, y, w, h)` in `rgb`, multiplied by `scale` (to map a small copy back to display pixels)."""
    detector = _detector()
    if detector is None:
        return []
    grey = cv2.equalizeHist(cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY))
    side = min(grey.shape[:2])
    found = detector.detectMultiScale(grey, scaleFactor=1.2, minNeighbors=4, minSize=(max(20, side // 10),) * 2)
    return [(round(x * scale), round(y * scale), round(w * scale), round(h * scale)) for x, y, w, h in found]


def faces_over_span(server: FrameServer, start_ms: int, end_ms: int, *, samples: int = SAMPLES,
                    cancel: CancelToken | None = None) -> list[Box]:
    """Every face seen in `samples` frames spread over `[start_ms, end_ms)`, in display pixels."""
    info = server.info
    long_side = max(info.display_width, info.display_height)
    size = (max(1, round(info.display_width * LONG_SIDE / long_side)),
            max(1, round(info.display_height * LONG_SIDE / long_side))) if long_side > LONG_SIDE else None
    faces: list[Box] = []
    span = max(end_ms - start_ms - 1, 0)
    for k in range(samples):
        check(cancel)
        t = start_ms + (span * k // (samples - 1) if samples > 1 else span // 2)
        frame = server.frame_at(t, size)
        faces += faces_in_frame(frame.image, info.display_width / frame.width)
    return faces
