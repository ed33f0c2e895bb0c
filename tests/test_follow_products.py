"""The follow window never cuts a tagged product out of the picture while its card shows (`core.reframe`), and
every caller plans it the one way (`jobs.follow_plan`): a project's export, `studio export PROJECT --fit follow`.

The real clip is a 1280x720 picture made from a real photo with a face right of the centre (x 868-1076,
immich's craft-beer picture) and a green packshot (tests/finder_fixtures.py) at the far left edge; a popup
shows the packshot over [3 s, 5 s). Face and product cannot both fit the 404 px wide 9:16 window: before the
card the window holds the face, while the card shows it holds the product, whole, in the decoded output.
"""

from __future__ import annotations

import json
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from studio.cli import main
from studio.core.finder_windows import TimedBox
from studio.core.media_ref import make_media_ref
from studio.core.popup_rules import check_popups, product_cut_note
from studio.core.project import Popup, Project
from studio.core.project_file import load_project, save_project
from studio.core.reframe import Framing, KeptProduct, SeenBox, follow_path, window_width
from studio.jobs.export_project import export_project
from studio.jobs.follow_plan import popup_products
from studio.media.faces import face_boxes
from studio.media.probe import probe
from tests.finder_fixtures import box_iou, packshot
from tests.media_fixtures import cached
from tests.still_fixtures import still_clip

W, H = 1280, 720
FACE = SeenBox(0, 868, 150, 208, 208)
PRODUCT = (12, 300, 150, 210)
"""Where the packshot is in the clip (x, y, w, h)."""
SPAN = (3_000, 5_000)
GREEN = (40, 170, 60)


def holds(path, box: tuple[float, float, float, float], t: int) -> bool:
    x = path.x_at(t)
    return x <= box[0] and box[0] + box[2] <= x + path.window_width


# -- the rule (pure) -----------------------------------------------------------------------------------------


def test_the_product_wins_over_the_face_at_every_instant_of_its_card() -> None:
    faces = [SeenBox(t, FACE.x, FACE.y, FACE.w, FACE.h) for t in range(0, 8_000, 500)]
    samples = tuple(SeenBox(t, *PRODUCT) for t in range(SPAN[0], SPAN[1], 500))
    path = follow_path(faces, 8_000, W, H, [KeptProduct(*SPAN, samples)])
    for t in range(SPAN[0], SPAN[1]):
        assert holds(path, PRODUCT, t), f"the product is cut at {t} ms"
    assert holds(path, (FACE.x, FACE.y, FACE.w, FACE.h), 500)  # before the card: the face
    assert holds(path, (FACE.x, FACE.y, FACE.w, FACE.h), 7_900)  # and after it again
    # the face is kept as well as it can be: the window goes as far towards it as holding the product allows
    assert path.x_at(4_000) == PRODUCT[0]


def test_a_product_moving_between_sparse_samples_is_held_at_every_instant() -> None:
    """Seen every 700 ms (not on the path's points) crossing the picture, with a face pulling the other way."""
    samples = tuple(SeenBox(t, 40 + (t - 1_000) * 700 // 1000, 200, 120, 120) for t in range(1_000, 2_500, 700))
    samples += (SeenBox(2_450, 40 + 1_450 * 700 // 1000, 200, 120, 120),)
    product = KeptProduct(1_000, 2_450, samples)
    faces = [SeenBox(t, 1_100, 100, 150, 150) for t in range(0, 4_000, 300)]
    path = follow_path(faces, 4_000, W, H, [product])
    for t in range(1_000, 2_450):
        left, right = product.span_at(t)
        assert path.x_at(t) <= left + 0.5 and right - 0.5 <= path.x_at(t) + path.window_width, t


def test_only_a_product_wider_than_the_window_is_a_warning_with_follow() -> None:
    frame = Framing(W, H, "follow")  # no path planned yet: a held product is not cut whatever it is now
    wide = [Popup(id="wide", sku="S", start_ms=2_000, end_ms=5_000, anchor_x=0.4, anchor_y=0.5,
                  product_boxes=[TimedBox(t, 100, 100, 500, 300) for t in (2_000, 3_000)])]
    narrow = [Popup(id="narrow", sku="S", start_ms=2_000, end_ms=5_000, anchor_x=0.4, anchor_y=0.5,
                    product_boxes=[TimedBox(t, 1_100, 100, 150, 300) for t in (2_000, 3_000)])]
    problems = check_popups(wide, duration_ms=8_000, trim=None, framing=frame)
    assert [(p.code, p.severity, p.popup_id) for p in problems] == [("product_wider_than_window", "warning", "wide")]
    assert "0:02.000" in problems[0].message
    assert check_popups(narrow, duration_ms=8_000, trim=None, framing=frame) == []
    # the centre crop does cut the narrow one at the right edge: the same rule says so for every fit
    crop = check_popups(narrow, duration_ms=8_000, trim=None, framing=Framing(W, H, "crop"))
    assert [p.code for p in crop] == ["product_cut_by_frame"]
    assert product_cut_note([(t.t_ms, (t.x, t.y, t.w, t.h)) for t in narrow[0].product_boxes], 2_000, 5_000,
                            Framing(W, H, "pad")) is None


# -- real: the export, the CLI, a hand-tagged popup ----------------------------------------------------------


@pytest.fixture
def scene(real_media: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the clip, the packshot's photo): 6 s at 10 fps, made once per run."""
    base = tmp_path_factory.getbasetemp()

    def draw(part: Path) -> None:
        cv2.imwrite(str(part), cv2.cvtColor(packshot("MATCHA TIN", GREEN), cv2.COLOR_RGB2BGR))

    shot = cached(base / "follow-products-packshot.png", draw)

    def make(part: Path) -> None:
        x, y, w, h = PRODUCT
        graph = f"[0]crop=4000:2250:0:400,scale={W}:{H},setsar=1[bg];[1]scale={w}:{h}[p];[bg][p]overlay=x={x}:y={y}"
        still_clip(part, [real_media / "immich__craft-beer.jpg", shot], graph, seconds=6, gop=10)

    return cached(base / "follow-products.mp4", make), shot


def project_file(tmp_path: Path, video: Path, shot: Path, *, boxes: bool) -> Path:
    path = tmp_path / "follow.gcs"
    stored = [TimedBox(t, *PRODUCT) for t in range(SPAN[0], SPAN[1], 500)] if boxes else []
    popup = Popup(sku="TIN", start_ms=SPAN[0], end_ms=SPAN[1], anchor_x=0.5, anchor_y=0.3,
                  snapshot={"title": "Matcha tin", "image": str(shot)}, product_boxes=stored)
    save_project(Project(source=make_media_ref(video, path), popups=[popup], fit="follow"), path)
    return path


def green_columns(rgb: np.ndarray) -> tuple[int, int] | None:
    """First and last column of the packshot's green in the band of rows it lies in (None: not there)."""
    r, g, b = (rgb[..., i].astype(int) for i in range(3))
    band = ((g - r > 60) & (g - b > 50))[PRODUCT[1] * 1920 // H:(PRODUCT[1] + PRODUCT[3]) * 1920 // H]
    columns = np.nonzero(band.sum(axis=0) > 40)[0]
    return (int(columns[0]), int(columns[-1])) if columns.size else None


def frames(path: Path) -> dict[int, np.ndarray]:
    with av.open(str(path)) as container:
        return {round(float(f.time) * 1000): f.to_ndarray(format="rgb24") for f in container.decode(video=0)}


def test_the_export_shows_the_product_whole_while_its_card_shows(scene, tmp_path: Path) -> None:
    video, shot = scene
    project_path = project_file(tmp_path, video, shot, boxes=True)
    out = tmp_path / "out.mp4"
    export_project(load_project(project_path), project_path, out, mode="accurate", preset="ultrafast")
    shown = frames(out)
    width = PRODUCT[2] * 1080 / window_width(W, H)
    in_span = [t for t in shown if SPAN[0] <= t < SPAN[1]]
    assert len(in_span) >= 18
    for t in in_span:
        found = green_columns(shown[t])
        assert found is not None, f"the product is not in the output at {t} ms"
        x0, x1 = found
        assert x0 > 4 and x1 < 1075, f"the product touches the frame's edge at {t} ms: {found}"
        assert x1 - x0 + 1 == pytest.approx(width, rel=0.1), f"part of the product is cut at {t} ms: {found}"
    early = face_boxes(shown[min(shown, key=lambda t: abs(t - 500))])
    assert len(early) == 1, "before the card the window holds the face"
    assert green_columns(shown[min(shown, key=lambda t: abs(t - 500))]) is None


def test_studio_export_of_a_project_follows_its_products(scene, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    video, shot = scene
    project_path = project_file(tmp_path, video, shot, boxes=True)
    out = tmp_path / "cli.mp4"
    assert main(["export", str(project_path), "--start", "3500", "--end", "4500", "--mode", "accurate",
                 "--fit", "follow", "-o", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["actual"]["start_ms"] == 3_500
    found = green_columns(frames(out)[500])
    assert found is not None and found[0] > 4 and found[1] < 1075, found


def test_a_hand_tagged_popup_has_its_product_looked_for_over_its_span(scene, tmp_path: Path) -> None:
    video, shot = scene
    project_path = project_file(tmp_path, video, shot, boxes=False)
    project = load_project(project_path)
    found: dict = {}
    [product] = popup_products(project, project_path, probe(video), found=found)
    assert (product.start_ms, product.end_ms) == SPAN and len(product.boxes) >= 3
    for box in product.boxes:
        assert SPAN[0] <= box.t_ms < SPAN[1]
        assert box_iou((box.x, box.y, box.w, box.h), PRODUCT) > 0.7, box
    assert [len(v) > 0 for v in found.values()] == [True]  # kept for the next planning (the editor plans often)
    # a popup whose product has no photo is left to the faces
    project.popups[0].snapshot = {"title": "no photo"}
    assert popup_products(project, project_path, probe(video)) == []
