"""Where a proposed popup's card goes: off the product's box and off faces, inside the safe zone.

Holds: `place_card` (the anchor whose card box, from `card_geometry.card_box`, covers the least of the boxes to
avoid, all on the 1080x1920 output frame) and `anchor_for_boxes` (the same for boxes in the source's display
pixels, laid on the output frame by `core.reframe.Framing` at the time each was seen: the frame the export
makes, so with `crop` or `follow` the card keeps off the product where the phone shows it).
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
from studio.core.reframe import Box, Framing, NormBox

GRID = 12


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


def anchor_for_boxes(boxes: Sequence[tuple[int, Box]], framing: Framing, face_boxes: Sequence[Box] = (),
                     style: str = "card") -> tuple[float, float]:
    """`place_card` for `(t_ms, box)` product boxes in the source's display pixels (a proposal's boxes) and the
    faces seen meanwhile (no times: each is kept off at every time a product box was seen)."""
    times = [t for t, _ in boxes] or [0]
    products = [framing.box_on_frame(b, t) for t, b in boxes]
    faces = list(dict.fromkeys(framing.box_on_frame(f, t) for f in face_boxes for t in times))  # once per place
    return place_card(products, faces, style)
