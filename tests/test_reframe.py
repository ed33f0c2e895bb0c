"""The follow reframe (`core.reframe`, `media.reframe_graph`): a 9:16 window that glides after faces and products
and never cuts a tagged product out of the picture, exported for real and checked on the output's pixels."""

from __future__ import annotations

import itertools
from pathlib import Path

import av
import numpy as np
import pytest

from studio.core.reframe import MAX_SPEED, STEP_MS, KeptProduct, SeenBox, follow_path, window_width
from studio.media.export import export
from studio.media.probe import probe
from studio.media.runner import run_ffmpeg

W, H = 1280, 720
BOX = 120
SPEED = 250
"""px per second the white square moves to the right in the generated clip."""


def _max_step(path) -> int:
    return max(abs(b[1] - a[1]) for a, b in itertools.pairwise(path.points))


def test_nothing_seen_holds_the_centre() -> None:
    path = follow_path([], 5_000, W, H)
    win = window_width(W, H)
    assert win == 404 and {x for _, x in path.points} == {(W - win) // 2}


def test_the_window_glides_and_keeps_every_product() -> None:
    """A product that crosses the picture as fast as the window may move, then stops: the window follows at a
    bounded speed and holds it whenever it is seen."""
    boxes = [SeenBox(t, min(20 + 400 * t // 1000, W - 150), 300, 130, 130) for t in range(0, 6_000, 100)]
    path = follow_path([], 6_000, W, H, [KeptProduct(0, 6_000, tuple(boxes))])
    assert _max_step(path) <= MAX_SPEED * W * STEP_MS / 1000 + 1
    for b in boxes:
        x = path.x_at(b.t_ms)
        assert x <= b.x and b.x + b.w <= x + path.window_width, f"product cut at {b.t_ms} ms"


def test_faces_pull_less_than_products() -> None:
    faces = [SeenBox(t, 100, 200, 80, 80) for t in range(0, 4_000, 200)]
    products = [KeptProduct(0, 4_000, tuple(SeenBox(t, 1000, 300, 100, 100) for t in range(0, 4_000, 200)))]
    path = follow_path(faces, 4_000, W, H, products)
    x = path.x_at(2_000)
    assert x <= 1000 and x + path.window_width >= 1100


@pytest.fixture(scope="module")
def moving_square(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reframe") / "moving.mp4"
    scene = (f"color=c=0x203040:s={W}x{H}:r=25:d=4[bg];color=c=white:s={BOX}x{BOX}:r=25:d=4[square];"
             f"[bg][square]overlay=x='40+t*{SPEED}':y=300")
    run_ffmpeg(["-f", "lavfi", "-i", scene, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-g", "25", str(out)], what=out, outputs=[out])
    return out


def _square_x(frame: np.ndarray) -> float | None:
    """Centre column of the white square in a luma plane (None when it is not in the picture)."""
    columns = np.nonzero((frame > 200).sum(axis=0) > 20)[0]
    return float(columns.mean()) if columns.size else None


@pytest.mark.parametrize("fit", ["crop", "follow"])
def test_follow_keeps_the_moving_product_in_the_output(moving_square: Path, tmp_path: Path, fit: str) -> None:
    info = probe(moving_square)
    boxes = [SeenBox(t, 40 + SPEED * t // 1000, 300, BOX, BOX) for t in range(0, 4_000, 200)]
    path = follow_path([], info.duration_ms, info.display_width, info.display_height,
                       [KeptProduct(0, info.duration_ms, tuple(boxes))])
    result = export(info, 0, info.duration_ms, "accurate", tmp_path / "out.mp4", fit=fit,  # type: ignore[arg-type]
                    follow=path, preset="ultrafast")
    out = result.output_info
    assert (out.display_width, out.display_height, out.color_primaries) == (1080, 1920, "bt709")
    with av.open(result.output) as container:
        planes = [f.to_ndarray()[:f.height] for f in container.decode(container.streams.video[0])]
    seen = [_square_x(planes[i]) for i in (0, len(planes) // 2, len(planes) - 1)]
    if fit == "follow":
        assert all(x is not None for x in seen), f"the product left the picture: {seen}"
    else:  # the centre crop loses the square at the start or the end: why follow exists
        assert any(x is None for x in seen)
