"""Faces in a picture: OpenCV's bundled frontal-face Haar cascade, in one place.

Used by the cover suggestions (a face makes a cover) and by the reviewer's checks (a card must not cover a
face). `find_faces` takes a grey picture and returns boxes in its pixels; `face_boxes` takes an RGB frame and
returns normalised `(x0, y0, x1, y1)` boxes. One classifier per thread (a classifier is not thread-safe); the
cascade file ships inside the opencv-python-headless wheel (`cv2.data`), so nothing is downloaded.
"""

from __future__ import annotations

import os
import threading

import cv2
import cv2.data
import numpy as np

CASCADE = "haarcascade_frontalface_default.xml"
SEARCH_LONG_SIDE = 320
"""Pictures are searched at this size: a face worth caring about is large on a phone screen."""

_local = threading.local()


def _detector() -> cv2.CascadeClassifier | None:
    if not hasattr(_local, "detector"):
        path = os.path.join(cv2.data.haarcascades, CASCADE)
        detector: cv2.CascadeClassifier | None = cv2.CascadeClassifier(path) if os.path.isfile(path) else None
        if detector is not None and detector.empty():
            detector = None
        _local.detector = detector
    return _local.detector


def available() -> bool:
    """Whether the face detector could be loaded here."""
    return _detector() is not None


def find_faces(grey: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Faces in the grey picture as `(x, y, w, h)` in its pixels (none when the detector is missing)."""
    detector = _detector()
    if detector is None:
        return []
    side = min(grey.shape[:2])
    found = detector.detectMultiScale(cv2.equalizeHist(grey), scaleFactor=1.2, minNeighbors=4,
                                      minSize=(max(20, side // 8),) * 2)
    return [(int(x), int(y), int(w), int(h)) for x, y, w, h in found]


def face_boxes(rgb: np.ndarray) -> list[tuple[float, float, float, float]]:
    """Faces in an RGB frame as normalised `(x0, y0, x1, y1)` boxes."""
    height, width = rgb.shape[:2]
    scale = min(SEARCH_LONG_SIDE / max(width, height), 1.0)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    if scale < 1.0:
        grey = cv2.resize(grey, (max(1, round(width * scale)), max(1, round(height * scale))),
                          interpolation=cv2.INTER_AREA)
    gh, gw = grey.shape[:2]
    return [(x / gw, y / gh, (x + w) / gw, (y + h) / gh) for x, y, w, h in find_faces(grey)]
