"""The cover's rules and its pure geometry: the one place that says what a valid cover is.

Holds: the platform's cover numbers (aspects 3:4 and 9:16, at least 720 px wide, a JPEG of at most 2 MB),
the output size a cover is exported at, where the crop box lies on the source picture (`crop_box_px`), where
the title lies on the cover (`title_box`, normalised), and `check_cover`, which turns measured numbers (the
crop's width in source pixels, the JPEG's size, the title's box, the popups) into `core.problems.Problem`s.
Must not hold: pixels, JPEG encoding (`studio.media.cover_image`), painting (`studio.render.cover_title`).

Decisions:
- "2 MB" is read as 2 * 10^6 bytes, as the profile reads "500 MB".
- Every cover is exported at 1080 px wide (1080x1440 for 3:4, 1080x1920 for 9:16): the title, sized
  relative to the cover, looks the same in the preview and in the file. A crop narrower than 720 source
  pixels is scaled up and reported as a warning (`too_small`), since it will look soft in the feed.
- The title may overlap the feed's controls (safe zones) and the popup card's area only with a warning:
  a 9:16 cover is shown full screen under the same controls as the video, and the card appears over it
  when the video starts. A 3:4 cover is the feed grid's tile: there the safe zones are those of the
  9:16 frame the 3:4 cover is centred in (its middle 1080x1440 of 1080x1920).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from studio.core import card_geometry, safe_zones
from studio.core.errors import QT_TRANSLATE_NOOP
from studio.core.problems import Problem, Severity
from studio.core.project import CoverAspect, Popup, Rect, TrimRange

MIN_WIDTH = 720
MAX_BYTES = 2_000_000
OUTPUT_WIDTH = 1080
Box = tuple[float, float, float, float]
"""(x0, y0, x1, y1), normalised."""
ASPECT_RATIOS: dict[str, tuple[int, int]] = {"3:4": (3, 4), "9:16": (9, 16)}

_TEMPLATES = {
    "aspect": QT_TRANSLATE_NOOP("errors", "the cover aspect is {aspect}; the platform takes 3:4 or 9:16"),
    "too_small": QT_TRANSLATE_NOOP(
        "errors", "the cover is cut from only {width} px of width; the platform wants at least {minimum} px"),
    "too_large": QT_TRANSLATE_NOOP("errors", "the cover JPEG is {megabytes} MB; the platform takes at most 2 MB"),
    "title_safe_zone": QT_TRANSLATE_NOOP(
        "errors", "the title reaches into the feed's controls ({where}); it may be hidden there"),
    "title_card": QT_TRANSLATE_NOOP("errors", "the title overlaps the area where the product card appears"),
    "outside_trim": QT_TRANSLATE_NOOP(
        "errors", "the cover frame at {time_ms} ms is not in the trimmed video ({start_ms}–{end_ms} ms)"),
}


def _problem(code: str, severity: Severity = "error", **values: Any) -> Problem:
    return Problem(code, _TEMPLATES[code], values, severity)


def ratio(aspect: str) -> tuple[int, int]:
    """(w, h) of a cover aspect; ValueError for one the platform does not take."""
    try:
        return ASPECT_RATIOS[aspect]
    except KeyError:
        raise ValueError(f"cover aspect must be one of {tuple(ASPECT_RATIOS)}: {aspect!r}") from None


def output_size(aspect: CoverAspect | str) -> tuple[int, int]:
    """The exported cover's (width, height) in pixels: 1080 wide, the aspect's height."""
    w, h = ratio(aspect)
    return OUTPUT_WIDTH, OUTPUT_WIDTH * h // w


def default_crop(width: int, height: int, aspect: CoverAspect | str) -> Rect:
    """The largest box of `aspect` centred on a `width` x `height` picture, normalised."""
    x, y, w, h = crop_box_px(width, height, aspect, None)
    return Rect(x / width, y / height, w / width, h / height)


def crop_box_px(width: int, height: int, aspect: CoverAspect | str, crop: Rect | None) -> tuple[int, int, int, int]:
    """The crop `(x, y, w, h)` in pixels of a `width` x `height` picture, exactly of `aspect` (to the pixel).

    `crop` (normalised) is the box the person placed; it is shrunk about its centre to the exact aspect and
    kept inside the picture. None means the largest centred box.
    """
    if width <= 0 or height <= 0:
        raise ValueError("the picture has no size")
    aw, ah = ratio(aspect)
    if crop is None:
        cx, cy, bw, bh = width / 2, height / 2, float(width), float(height)
    else:
        bw, bh = max(crop.w, 0.0) * width, max(crop.h, 0.0) * height
        cx, cy = crop.x * width + bw / 2, crop.y * height + bh / 2
        bw, bh = min(bw, width), min(bh, height)
    # the largest box of the aspect inside bw x bh
    w = min(bw, bh * aw / ah)
    w = max(1, min(int(w), width, int(height * aw / ah)))
    h = max(1, min(round(w * ah / aw), height))
    x = min(max(round(cx - w / 2), 0), width - w)
    y = min(max(round(cy - h / 2), 0), height - h)
    return x, y, w, h


# -- where the title may go --------------------------------------------------------------------------------


def _frame_rect_on_cover(aspect: str) -> tuple[float, float, float, float]:
    """Where the 9:16 frame's normalised coordinates map onto the cover: (offset_y, scale_y) packed as a box.

    Returns the 9:16 frame's box (x0, y0, x1, y1) in the cover's normalised coordinates; for 9:16 it is
    (0, 0, 1, 1), for 3:4 the frame is taller than the cover and sticks out above and below.
    """
    cw, ch = output_size(aspect)
    fh = safe_zones.FRAME_HEIGHT * cw / safe_zones.FRAME_WIDTH
    top = (ch - fh) / 2 / ch
    return 0.0, top, 1.0, top + fh / ch


def _frame_box_to_cover(box: tuple[float, float, float, float], aspect: str) -> tuple[float, float, float, float]:
    fx0, fy0, fx1, fy1 = _frame_rect_on_cover(aspect)
    x0, y0, x1, y1 = box
    return (fx0 + x0 * (fx1 - fx0), fy0 + y0 * (fy1 - fy0), fx0 + x1 * (fx1 - fx0), fy0 + y1 * (fy1 - fy0))


def safe_box(aspect: CoverAspect | str) -> Box:
    """The safe area (x0, y0, x1, y1) on the cover, normalised (safe_zones' numbers, mapped onto the cover)."""
    return _frame_box_to_cover(safe_zones.safe_rect(), aspect)


def card_boxes(aspect: CoverAspect | str, popups: Sequence[Popup] = ()) -> list[Box]:
    """Where the popup cards appear on the cover (x0, y0, x1, y1 normalised): one box per popup, or the
    default card area (`card_geometry.card_area`) when the project has none yet."""
    frame_boxes = [card_geometry.card_box(p.anchor_x, p.anchor_y, p.style) for p in popups]
    return [_frame_box_to_cover(b, aspect) for b in frame_boxes or [card_geometry.card_area()]]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def title_problems(title_box: Box | None, aspect: CoverAspect | str, popups: Sequence[Popup] = ()) -> list[Problem]:
    """Warnings for a title drawn in `title_box` (x0, y0, x1, y1 normalised on the cover; None: no title)."""
    if title_box is None:
        return []
    problems = []
    sx0, sy0, sx1, sy1 = safe_box(aspect)
    x0, y0, x1, y1 = title_box
    where = [name for name, out in (("top", y0 < sy0), ("bottom", y1 > sy1), ("right", x1 > sx1),
                                    ("left", x0 < sx0)) if out]
    if where:
        problems.append(_problem("title_safe_zone", "warning", where=", ".join(where)))
    if any(_overlaps(title_box, card) for card in card_boxes(aspect, popups)):
        problems.append(_problem("title_card", "warning"))
    return problems


def check_cover(*, aspect: str, source_width: int | None = None, jpeg_bytes: int | None = None,
                title_box: Box | None = None, popups: Sequence[Popup] = (), time_ms: int | None = None,
                trim: TrimRange | None = None) -> list[Problem]:
    """Every rule the cover breaks, from numbers measured elsewhere; errors first, then warnings.

    `source_width`: the crop's width in source pixels; `jpeg_bytes`: the encoded size; `title_box`: where
    the title's text is drawn, normalised on the cover.
    """
    if aspect not in ASPECT_RATIOS:
        return [_problem("aspect", aspect=aspect)]
    problems = []
    if jpeg_bytes is not None and jpeg_bytes > MAX_BYTES:
        problems.append(_problem("too_large", megabytes=round(jpeg_bytes / 1e6, 2)))
    if source_width is not None and source_width < MIN_WIDTH:
        problems.append(_problem("too_small", "warning", width=source_width, minimum=MIN_WIDTH))
    if time_ms is not None and trim is not None and not trim.start_ms <= time_ms < trim.end_ms:
        problems.append(_problem("outside_trim", "warning", time_ms=time_ms, start_ms=trim.start_ms,
                                 end_ms=trim.end_ms))
    problems += title_problems(title_box, aspect, popups)
    return problems
