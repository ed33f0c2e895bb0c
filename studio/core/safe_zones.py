"""The feed's safe zones on the 1080x1920 frame: the one place their numbers live (docs/media.md).

The top 160 px, the bottom 420 px and the right 150 px of a 1080x1920 frame hold the feed's own controls
(status bar, caption, like/share buttons); popups and cover titles stay out of them.
Holds: the numbers and pure geometry on normalised (0..1) frame coordinates.
Must not hold: drawing, Qt, or any rule about what a popup is (that is `popup_rules`).
"""

from __future__ import annotations

FRAME_WIDTH = 1080
FRAME_HEIGHT = 1920
TOP_PX = 160
BOTTOM_PX = 420
RIGHT_PX = 150
LEFT_PX = 0


def safe_rect_px() -> tuple[int, int, int, int]:
    """The safe area as `(left, top, right, bottom)` in pixels of the 1080x1920 frame (right/bottom exclusive)."""
    return LEFT_PX, TOP_PX, FRAME_WIDTH - RIGHT_PX, FRAME_HEIGHT - BOTTOM_PX


def safe_rect() -> tuple[float, float, float, float]:
    """The safe area as normalised `(x0, y0, x1, y1)` on the frame."""
    left, top, right, bottom = safe_rect_px()
    return left / FRAME_WIDTH, top / FRAME_HEIGHT, right / FRAME_WIDTH, bottom / FRAME_HEIGHT


def in_safe_zone(x: float, y: float) -> bool:
    """Whether the normalised point `(x, y)` lies inside the safe area (edges included)."""
    x0, y0, x1, y1 = safe_rect()
    return x0 <= x <= x1 and y0 <= y <= y1


def clamp_to_safe_zone(x: float, y: float) -> tuple[float, float]:
    """The nearest point to `(x, y)` inside the safe area."""
    x0, y0, x1, y1 = safe_rect()
    return min(max(x, x0), x1), min(max(y, y0), y1)
