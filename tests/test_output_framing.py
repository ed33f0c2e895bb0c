"""Cards are placed and checked on the 9:16 output picture, for every fit: `core.reframe.Framing` says where a
source box lands on the output frame, and a real export of a generated landscape clip puts the box's pixels
exactly there (pad, crop and follow); the card placed off the product stays off it in the output, and the
product-cut rule tells crop, which loses the product, from follow, which keeps it."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from studio.core import card_geometry
from studio.core.card_placement import anchor_for_boxes
from studio.core.platform_profile import FITS, Fit
from studio.core.popup_rules import product_cut_note
from studio.core.reframe import Framing, KeptProduct, SeenBox, follow_path
from studio.media.export import export
from studio.media.probe import probe
from studio.media.runner import run_ffmpeg
from tests.media_fixtures import cached

W, H, FPS, SECONDS = 960, 540, 10, 4
BOX = 90
SPEED = 190
"""px per second the white square moves to the right."""
Y = 300


def square_x(t_ms: int) -> int:
    return 30 + SPEED * t_ms // 1000


@pytest.fixture(scope="module")
def moving_square(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.getbasetemp() / "framing-moving-square.mp4"

    def make(part: Path) -> None:
        scene = (f"color=c=0x203040:s={W}x{H}:r={FPS}:d={SECONDS}[bg];"
                 f"color=c=white:s={BOX}x{BOX}:r={FPS}:d={SECONDS}[sq];"
                 f"[bg][sq]overlay=x='30+t*{SPEED}':y={Y}")
        run_ffmpeg(["-f", "lavfi", "-i", scene, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-g", str(FPS), str(part)], what=part, outputs=[part])

    return cached(out, make)


def boxes(every_ms: int = 100) -> list[tuple[int, tuple[int, int, int, int]]]:
    return [(t, (square_x(t), Y, BOX, BOX)) for t in range(0, SECONDS * 1000, every_ms)]


def framing(fit: Fit, info) -> Framing:
    path = None
    if fit == "follow":
        seen = tuple(SeenBox(t, *b) for t, b in boxes(200))
        path = follow_path([], info.duration_ms, info.display_width, info.display_height,
                           [KeptProduct(0, info.duration_ms, seen)])
    return Framing(info.display_width, info.display_height, fit, path)


def white_box(luma: np.ndarray, frame: Framing, t_ms: int) -> tuple[float, float, float, float] | None:
    """The white square's box in a luma plane, normalised; None when none of it is in the picture (with `pad`
    only the picture is searched, not the blurred copy of it around)."""
    geo = frame.fitting_at(t_ms)
    band = np.zeros_like(luma, dtype=bool)
    band[max(geo.y, 0):geo.y + geo.height, max(geo.x, 0):geo.x + geo.width] = True
    ys, xs = np.nonzero((luma > 200) & band)
    if xs.size < 50:
        return None
    h, w = luma.shape
    return xs.min() / w, ys.min() / h, (xs.max() + 1) / w, (ys.max() + 1) / h


@pytest.fixture(scope="module", params=["pad", "crop", "follow"])
def exported(request: pytest.FixtureRequest, moving_square: Path, tmp_path_factory: pytest.TempPathFactory):
    fit = request.param
    info = probe(moving_square)
    frame = framing(fit, info)
    out = tmp_path_factory.mktemp(f"framing-{fit}") / "out.mp4"
    export(info, 0, info.duration_ms, "accurate", out, fit=fit, follow=frame.follow, preset="ultrafast")
    with av.open(str(out)) as container:
        planes = {round(float(f.time) * 1000): f.to_ndarray()[:f.height]
                  for f in container.decode(container.streams.video[0])}
    return fit, frame, planes


def test_a_source_box_lands_where_the_export_puts_its_pixels(exported) -> None:
    fit, frame, planes = exported
    compared = 0
    for t, box in boxes(200):
        seen = white_box(min(planes.items(), key=lambda kv: abs(kv[0] - t))[1], frame, t)
        if frame.cuts(box, t):
            assert fit == "crop", f"{fit} cuts the product at {t} ms"
        expected = frame.box_on_frame(box, t)  # clipped to the frame: the part the phone shows
        if expected[2] - expected[0] < 0.01:
            assert seen is None, f"{fit}: the square was to be out of the picture at {t} ms"
            continue
        assert seen is not None, f"{fit}: the square is not in the output at {t} ms"
        # a pixel or two of the 1080x1920 frame, plus the encoder's soft edge
        assert seen == pytest.approx(expected, abs=0.006), f"{fit} at {t} ms"
        compared += 1
    assert compared >= (5 if fit == "crop" else 18)


def test_the_card_placed_for_the_output_stays_off_the_product_there(exported) -> None:
    fit, frame, planes = exported
    window = [(t, b) for t, b in boxes(200) if 1_000 <= t < 3_000]
    card = card_geometry.card_box(*anchor_for_boxes(window, frame))
    for t, _ in window:
        seen = white_box(min(planes.items(), key=lambda kv: abs(kv[0] - t))[1], frame, t)
        if seen is None:
            continue
        overlap = min(card[2], seen[2]) - max(card[0], seen[0]), min(card[3], seen[3]) - max(card[1], seen[1])
        assert min(overlap) < 0.004, f"{fit}: the card covers the product at {t} ms"


def test_only_the_centre_crop_cuts_the_product_while_its_popup_shows(moving_square: Path) -> None:
    info = probe(moving_square)
    seen = boxes(200)
    notes = {fit: product_cut_note(seen, 500, 3_500, framing(fit, info)) for fit in FITS}
    assert notes["pad"] is None and notes["follow"] is None
    cut = notes["crop"]
    assert cut is not None and cut.code == "product_cut_by_frame"
    assert 500 <= cut.values["at_ms"] < 3_500 and cut.values["at"]
    # the crop holds the middle: a popup shown only while the square crosses it is fine
    middle = [(t, b) for t, b in seen if not framing("crop", info).cuts(b, t)]
    assert middle and product_cut_note(seen, middle[0][0], middle[-1][0] + 1, framing("crop", info)) is None


def test_a_portrait_picture_fills_the_frame_whatever_the_fit() -> None:
    for fit in ("pad", "crop", "follow"):
        frame = Framing(720, 1280, fit)
        assert frame.box_on_frame((0, 0, 720, 1280), 1234) == (0.0, 0.0, 1.0, 1.0)
        assert frame.window_at(0) == pytest.approx((0, 0, 720, 1280))
