"""Faces on screen over a time span of a video, in display pixels, so a proposed popup's card keeps off them.

Holds: `faces_over_span` (a few frames sampled over `[start, end)`, every face seen in them, found by the one
face detector, `studio.media.faces`). Must not hold: the detector itself (`media.faces`), where the card goes
(`core.card_placement`), Qt.

Decisions:
- `SAMPLES` frames per span (its start, middle and end): a popup's card stays put while it shows, so a face
  anywhere in the span counts; three decodes keep the editor's search quick.
- Frames are decoded at `LONG_SIDE` px on their long side (the detector searches smaller still).
"""

from __future__ import annotations

from studio.core.cancel import CancelToken, check
from studio.media.faces import face_boxes
from studio.media.frames import FrameServer

SAMPLES = 3
LONG_SIDE = 640

Box = tuple[int, int, int, int]
"""(x, y, w, h) in display pixels."""


def faces_over_span(server: FrameServer, start_ms: int, end_ms: int, *, samples: int = SAMPLES,
                    cancel: CancelToken | None = None) -> list[Box]:
    """Every face seen in `samples` frames spread over `[start_ms, end_ms)`, in display pixels."""
    info = server.info
    w, h = info.display_width, info.display_height
    long_side = max(w, h)
    size = (max(1, round(w * LONG_SIDE / long_side)), max(1, round(h * LONG_SIDE / long_side))) \
        if long_side > LONG_SIDE else None
    span = max(end_ms - start_ms - 1, 0)
    faces: list[Box] = []
    for k in range(samples):
        check(cancel)
        t = start_ms + (span * k // (samples - 1) if samples > 1 else span // 2)
        for x0, y0, x1, y1 in face_boxes(server.frame_at(t, size).image):
            faces.append((round(x0 * w), round(y0 * h), round((x1 - x0) * w), round((y1 - y0) * h)))
    return faces
