"""Where a proposed popup's card goes: off the product's box and off faces, inside the safe zone.

Holds: `box_on_frame` (a box in the source's display pixels to a normalised box on the 1080x1920 frame, through
the same `platform_profile.fitting` the export uses) and `place_card` (the anchor whose card box, from
`card_geometry.card_box`, covers the least of the boxes to avoid).
Must not hold: detection (the product finder measures product boxes; face boxes come from whoever detects
faces, e.g. the cover scoring in `studio.media`), Qt, the popup rules.

Decisions:
- Candidate anchors lie on a grid over the safe area (`GRID` steps each way); the card box of each is the
  one `card_geometry` gives, so the card is always inside the safe zone.
- A product box weighs as much as a face; the cost is the area of the boxes the card covers. Among equally
  good anchors (usually several cover nothing) the one nearest the product is taken, so the card stays
  beside what it sells; with no product box, the one nearest the default anchor.
"""

from __future__ import annotations

from collections.abc import Sequence

from studio.core import card_geometry, safe_zones
from studio.core.platform_profile import Fit, fitting

NormBox = tuple[float, float, float, float]
"""(x0, y0, x1, y1) normalised on the 1080x1920 frame."""
GRID = 12


def box_on_frame(box: tuple[int, int, int, int], display_width: int, display_height: int,
                 fit: Fit = "pad") -> NormBox:
    """The display-pixel box `(x, y, w, h)` of a `display_width` x `display_height` picture, on the frame.

    Clipped to the frame (with `crop`, parts of the picture fall outside it).
    """
    f = fitting(display_width, display_height, fit)
    sx, sy = f.width / display_width, f.height / display_height
    x, y, w, h = box
    x0, y0 = f.x + x * sx, f.y + y * sy
    x1, y1 = x0 + w * sx, y0 + h * sy
    fw, fh = f.frame_width, f.frame_height
    return (min(max(x0 / fw, 0.0), 1.0), min(max(y0 / fh, 0.0), 1.0),
            min(max(x1 / fw, 0.0), 1.0), min(max(y1 / fh, 0.0), 1.0))


def _covered(card: NormBox, boxes: Sequence[NormBox]) -> float:
    total = 0.0
    for b in boxes:
        ix = min(card[2], b[2]) - max(card[0], b[0])
        iy = min(card[3], b[3]) - max(card[1], b[1])
        if ix > 0 and iy > 0:
            total += ix * iy
    return total


def _centre(boxes: Sequence[NormBox]) -> tuple[float, float]:
    return (sum((b[0] + b[2]) / 2 for b in boxes) / len(boxes), sum((b[1] + b[3]) / 2 for b in boxes) / len(boxes))


def place_card(product_boxes: Sequence[NormBox], face_boxes: Sequence[NormBox] = (),
               style: str = "card") -> tuple[float, float]:
    """The anchor `(x, y)` (normalised) for a card covering the least of `product_boxes` and `face_boxes`.

    Pass every box the product had over the popup's time (and every face seen then): the card stays put
    while the popup shows, so it has to keep off all of them.
    """
    avoid = [*product_boxes, *face_boxes]
    target = _centre(product_boxes) if product_boxes else card_geometry.DEFAULT_ANCHOR
    x0, y0, x1, y1 = safe_zones.safe_rect()
    best: tuple[float, float, tuple[float, float]] | None = None
    for i in range(GRID + 1):
        for j in range(GRID + 1):
            anchor = (x0 + (x1 - x0) * i / GRID, y0 + (y1 - y0) * j / GRID)
            card = card_geometry.card_box(*anchor, style)
            cost = _covered(card, avoid)
            cx, cy = (card[0] + card[2]) / 2, (card[1] + card[3]) / 2
            distance = (cx - target[0]) ** 2 + ((cy - target[1]) * safe_zones.FRAME_HEIGHT
                                                 / safe_zones.FRAME_WIDTH) ** 2
            key = (round(cost, 6), distance)
            if best is None or key < best[:2]:
                best = (key[0], key[1], (cx, cy))  # the card's own centre: the anchor after clamping
    assert best is not None
    return best[2]


def anchor_for_boxes(boxes: Sequence[tuple[int, int, int, int]], display_width: int, display_height: int,
                     fit: Fit = "pad", face_boxes: Sequence[tuple[int, int, int, int]] = (),
                     style: str = "card") -> tuple[float, float]:
    """`place_card` for boxes in the source's display pixels (a proposal's boxes, faces seen meanwhile)."""
    def on_frame(items: Sequence[tuple[int, int, int, int]]) -> list[NormBox]:
        return [box_on_frame(b, display_width, display_height, fit) for b in items]

    return place_card(on_frame(boxes), on_frame(face_boxes), style)
