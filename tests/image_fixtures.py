"""Reading back a picture the code under test wrote: RGB, and a clear failure naming the file when it is not one."""

from __future__ import annotations

import os

import cv2
import numpy as np


def read_rgb(path: str | os.PathLike[str]) -> np.ndarray:
    """The image at `path` as RGB uint8 (OpenCV reads BGR and returns None for an unreadable file)."""
    bgr = cv2.imread(os.fspath(path), cv2.IMREAD_COLOR)
    assert bgr is not None, f"{path} is not an image OpenCV can read"
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
