"""Where a popup card sits on the 1080x1920 frame: the pure geometry of the card's box, in one place.

Holds: the card's size per style on the 1080x1920 reference frame and `card_box` (a popup's anchor and
style to the card's box, kept inside the safe area of `safe_zones`), in pixels and normalised.
Must not hold: painting (the renderer in `studio.render` lays its QRectF on these numbers) or rules.

Decision: the anchor is the card's centre; a card whose centre would put it over the feed's controls is
moved (not shrunk) to the nearest place inside the safe area. The cover's rules ask this module where the
cards of a project appear, so the title warning and the renderer agree.
"""

from __future__ import annotations

from studio.core import safe_zones

CARD_SIZE_PX: dict[str, tuple[int, int]] = {"card": (640, 240), "compact": (440, 120)}
"""(width, height) of the card per popup style, in pixels of the 1080x1920 frame."""

DEFAULT_ANCHOR = (0.5, 0.5)
"""Where a new popup's card is anchored (the project's `Popup` default)."""

Box = tuple[float, float, float, float]


def card_box_px(anchor_x: float, anchor_y: float, style: str = "card") -> tuple[int, int, int, int]:
    """The card's `(left, top, right, bottom)` in pixels of the 1080x1920 frame, inside the safe area."""
    w, h = CARD_SIZE_PX.get(style, CARD_SIZE_PX["card"])
    left, top, right, bottom = safe_zones.safe_rect_px()
    x = round(anchor_x * safe_zones.FRAME_WIDTH - w / 2)
    y = round(anchor_y * safe_zones.FRAME_HEIGHT - h / 2)
    x = min(max(x, left), right - w)
    y = min(max(y, top), bottom - h)
    return x, y, x + w, y + h


def card_box(anchor_x: float, anchor_y: float, style: str = "card") -> Box:
    """The card's box `(x0, y0, x1, y1)` normalised on the frame."""
    x0, y0, x1, y1 = card_box_px(anchor_x, anchor_y, style)
    fw, fh = safe_zones.FRAME_WIDTH, safe_zones.FRAME_HEIGHT
    return x0 / fw, y0 / fh, x1 / fw, y1 / fh


def card_area() -> Box:
    """Where a card appears when nothing else is known (a new popup at the default anchor), normalised."""
    return card_box(*DEFAULT_ANCHOR)
