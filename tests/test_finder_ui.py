"""The product finder in the popup editor, through the real main window.

A 10 s 360x640 clip composited by tests/finder_fixtures.py shows packshot A (1.5-4.5 s) and look-alike
packshot B (5.0-8.0 s); the project tags both (their popups at the end of the clip, with the packshots as
their snapshot images). "Find products" runs the real finder in the background; the proposals appear on the
ghost row, the selected one's box is on the player only inside its window, and accept/reject/undo/redo work.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path

import cv2
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from studio.core import card_geometry
from studio.core.cancel import CancelToken
from studio.core.catalog import Catalog
from studio.core.media_ref import make_media_ref
from studio.core.product import single
from studio.core.project import Popup, Project
from studio.core.project_file import save_project
from studio.core.reframe import Framing
from studio.ui.editor.finder_proposals import FindOutcome, find_job
from studio.ui.main_window import MainWindow
from tests.finder_fixtures import Placement, Truth, generated_background, packshot, render_clip
from tests.media_fixtures import cached, cached_value
from tests.test_main_window import make_window, open_and_wait  # noqa: F401 (fixture)

pytestmark = pytest.mark.gui

A = ("MATCHA LATTE", (60, 150, 70))
B = ("COCOA", (120, 80, 50))


@pytest.fixture(scope="session")
def finder_clip(clip_dir: Path, value_dir: Path) -> tuple[Path, dict[str, Truth], dict[str, Path]]:
    """The clip, its truth and the packshots, made once per run for every worker (tests/test_task_list.py uses
    them too)."""
    folder = clip_dir / "finder_ui"
    folder.mkdir(exist_ok=True)
    shots = {label: cached(folder / f"{label}.png", _packshot_writer(*look)) for label, look in (("A", A), ("B", B))}
    placements = [
        Placement("A", packshot(*A), 1.5, 4.5, centre_x=(0.3, 0.55), centre_y=(0.35, 0.4), height=(0.35, 0.4)),
        Placement("B", packshot(*B), 5.0, 8.0, centre_x=(0.6, 0.6), centre_y=(0.45, 0.45), height=(0.4, 0.35),
                  angle=(0, 10)),
    ]
    out = folder / "finder_ui.mp4"
    truth = cached_value(value_dir, "finder_ui clip", lambda: render_clip(
        out, placements, seconds=10.0, background=generated_background(360, 640)))
    return out, truth, shots


def _packshot_writer(text: str, colour: tuple[int, int, int]) -> Callable[[Path], bool]:
    def write(path: Path) -> bool:
        return bool(cv2.imwrite(str(path), cv2.cvtColor(packshot(text, colour), cv2.COLOR_RGB2BGR)))

    return write


def finder_project(tmp_path: Path, video: Path, shots: dict[str, Path]) -> Path:
    path = tmp_path / "finder.gcs"
    popups = [Popup(sku=f"SKU-{label}", start_ms=start, end_ms=start + 1_000, anchor_x=0.5, anchor_y=0.6,
                    snapshot={"title": f"Product {label}", "image": str(shots[label])})
              for label, start in (("A", 8_000), ("B", 9_000))]
    save_project(Project(source=make_media_ref(video, path), popups=popups), path)
    return path


@pytest.fixture
def found(qtbot, make_window, finder_clip, tmp_path) -> MainWindow:  # noqa: F811
    video, _truth, shots = finder_clip
    win = make_window()
    open_and_wait(qtbot, win, finder_project(tmp_path, video, shots))
    assert not win.proposal_row.isVisible()
    qtbot.mouseClick(win.product_picker.find_button, Qt.MouseButton.LeftButton)
    assert win.tasks.progress_bar.isVisible() and win.tasks.cancel_button.isVisible()
    qtbot.waitUntil(lambda: win.tasks.current is None, timeout=120_000)
    assert win.proposal_row.isVisible()
    return win


def _no_progress(done: int, total: int) -> None:
    pass


@pytest.fixture
def proposed(qtbot, make_window, finder_clip, value_dir: Path, tmp_path) -> MainWindow:  # noqa: F811
    """The window as `found` leaves it, for the tests of what comes after the search: the outcome is the one the
    "Find products" button's job gives (`find_job`, the same project and video), worked out once per run
    (`found` clicks the button and waits for the search itself)."""
    video, _truth, shots = finder_clip
    win = make_window()
    open_and_wait(qtbot, win, finder_project(tmp_path, video, shots))
    document = win.document
    assert document.media_info is not None
    work = find_job(document.project, document.path, video, document.media_info)
    outcome = cached_value(value_dir, "finder_ui outcome", functools.partial(work, _no_progress, CancelToken()))
    win.proposals.set_outcome(outcome)
    qtbot.waitUntil(win.proposal_row.isVisible, timeout=5_000)
    return win


def seek(qtbot, win: MainWindow, ms: int) -> None:
    """Show the frame at `ms` (waiting for that frame, not any frame: an earlier seek may still be arriving)."""
    shown = max(t for t in win.player.frame_times if t <= ms)
    win.player.seek(ms)
    qtbot.waitUntil(lambda: win.view.frame_time == shown, timeout=10_000)


def yellow_on_edge(win: MainWindow, box) -> int:
    """How many pixels on the box's left edge (±1 px) are the proposal box's yellow."""
    grabbed = win.view.grab().toImage()
    count = 0
    for y in range(round(box.top()), round(box.bottom())):
        colours = [grabbed.pixelColor(QPoint(round(box.left()) + dx, y)) for dx in (-1, 0, 1)]
        count += any(c.red() > 200 and c.green() > 170 and c.blue() < 90 for c in colours)
    return count


def proposal(win: MainWindow, sku: str):
    return next(p for p in win.proposals.items if p.sku == sku)


def test_find_accept_undo_redo_reject(qtbot, found: MainWindow, finder_clip) -> None:
    win = found
    _video, truth, _shots = finder_clip
    assert sorted(p.sku for p in win.proposals.items) == ["SKU-A", "SKU-B"]
    a, b = proposal(win, "SKU-A"), proposal(win, "SKU-B")
    assert 1_300 <= a.start_ms <= 1_700 and 4_300 <= a.end_ms <= 4_700, (a.start_ms, a.end_ms)
    assert 4_800 <= b.start_ms <= 5_200 and 7_800 <= b.end_ms <= 8_200, (b.start_ms, b.end_ms)
    assert win.proposals.label(a).startswith("Product A · ") and win.proposals.label(a).endswith("%")

    # selecting a ghost block (a click on the ghost row) shows its box on the player, only inside its window
    lanes = win.proposal_row.lanes
    qtbot.mouseClick(lanes, Qt.MouseButton.LeftButton, pos=lanes.block_rect(a).center().toPoint())
    assert win.proposals.selected_id == a.id
    seek(qtbot, win, 3_000)
    box = win.view.proposal_box()
    assert box is not None
    frame = win.player.frame_times.index(win.view.frame_time)
    x, y, w, h = truth["A"].boxes[frame]
    picture = win.view.image_rect()
    sx, sy = picture.width() / 360, picture.height() / 640
    centre = box.center()
    assert abs(centre.x() - (picture.x() + (x + w / 2) * sx)) < w * sx / 4
    assert abs(centre.y() - (picture.y() + (y + h / 2) * sy)) < h * sy / 4
    assert yellow_on_edge(win, box) > box.height() / 4  # drawn (dashed), not only computed
    seek(qtbot, win, 6_000)
    assert win.view.proposal_box() is None  # outside the window: no box

    # accept A: one undo step adds its popup with the card off the product
    before = len(win.document.project.popups)
    qtbot.mouseClick(win.proposal_row.accept_button, Qt.MouseButton.LeftButton)
    popups = win.document.project.popups
    assert len(popups) == before + 1
    added = popups[-1]
    assert (added.sku, added.snapshot["title"]) == ("SKU-A", "Product A")
    assert added.start_ms >= 1_000 and added.end_ms - added.start_ms >= 2_000
    assert [p.sku for p in win.proposals.items] == ["SKU-B"]
    assert win.popup_editor.selected_id == added.id
    card = card_geometry.card_box(added.anchor_x, added.anchor_y, added.style)
    for t_box in a.window.boxes:
        product = Framing(360, 640).box_on_frame((t_box.x, t_box.y, t_box.w, t_box.h))
        overlap_x = min(card[2], product[2]) - max(card[0], product[0])
        overlap_y = min(card[3], product[3]) - max(card[1], product[1])
        assert min(overlap_x, overlap_y) < 0.002  # off the product (to a pixel of the 1080x1920 frame)
    assert win.statusBar().currentMessage()
    win.document.undo_stack.undo()
    assert len(win.document.project.popups) == before
    assert sorted(p.sku for p in win.proposals.items) == ["SKU-A", "SKU-B"]  # the proposal is back
    win.document.undo_stack.redo()
    assert [p.sku for p in win.document.project.popups][-1] == "SKU-A"
    assert [p.sku for p in win.proposals.items] == ["SKU-B"]

    # reject B: it disappears, no popup
    win.proposals.select(proposal(win, "SKU-B").id)
    qtbot.mouseClick(win.proposal_row.reject_button, Qt.MouseButton.LeftButton)
    assert win.proposals.items == []
    assert len(win.document.project.popups) == before + 1
    assert not win.proposal_row.isVisible()
    assert win.view.proposal_box() is None


def test_adjust_then_accept_all_is_one_undo_step(qtbot, proposed: MainWindow) -> None:
    win = proposed
    a = proposal(win, "SKU-A")
    lanes = win.proposal_row.lanes
    rect = lanes.block_rect(a)
    edge = QPoint(round(rect.right()), round(rect.center().y()))
    target_ms = a.end_ms - 1_000
    target = QPoint(round(win.timeline.x_for_ms(target_ms)), edge.y())
    qtbot.mousePress(lanes, Qt.MouseButton.LeftButton, pos=edge)
    qtbot.mouseMove(lanes, target)
    qtbot.mouseRelease(lanes, Qt.MouseButton.LeftButton, pos=target)
    adjusted = proposal(win, "SKU-A")
    assert abs(adjusted.end_ms - target_ms) <= 100 and adjusted.end_ms in win.popup_editor.frame_edges()
    before = len(win.document.project.popups)
    steps = win.document.undo_stack.count()
    qtbot.mouseClick(win.proposal_row.accept_all_button, Qt.MouseButton.LeftButton)
    assert win.document.undo_stack.count() == steps + 1
    added = win.document.project.popups[before:]
    assert sorted(p.sku for p in added) == ["SKU-A", "SKU-B"]
    a_popup = next(p for p in added if p.sku == "SKU-A")
    assert a_popup.end_ms <= adjusted.end_ms or a_popup.end_ms - a_popup.start_ms == 2_000
    assert win.proposals.items == []
    win.document.undo_stack.undo()
    assert len(win.document.project.popups) == before and len(win.proposals.items) == 2


def test_the_card_keeps_off_a_face_seen_in_the_window(qtbot, proposed: MainWindow) -> None:
    """Faces come with the search's outcome (media.span_faces); here one is put where the card went without."""
    win = proposed
    windows = [p.window for p in win.proposals.items]
    win.proposals.accept([proposal(win, "SKU-A").id])
    plain = win.document.project.popups[-1]
    card = card_geometry.card_box(plain.anchor_x, plain.anchor_y, plain.style)
    win.document.undo_stack.undo()
    # a small face inside the right end of where the card went (pad: the 360x640 picture fills the frame);
    # the product fills the middle of the picture, so the card can only move along the band below it
    face = (round(card[2] * 360) - 40, round(card[1] * 640) + 2, 34, 34)
    win.proposals.set_outcome(FindOutcome(windows, [[face] if w.sku == "SKU-A" else [] for w in windows], []))
    win.proposals.accept([proposal(win, "SKU-A").id])
    moved = win.document.project.popups[-1]
    new_card = card_geometry.card_box(moved.anchor_x, moved.anchor_y, moved.style)
    face_box = Framing(360, 640).box_on_frame(face)
    assert min(min(card[2], face_box[2]) - max(card[0], face_box[0]),
               min(card[3], face_box[3]) - max(card[1], face_box[1])) > 0.01  # without the face: covered
    assert min(min(new_card[2], face_box[2]) - max(new_card[0], face_box[0]),
               min(new_card[3], face_box[3]) - max(new_card[1], face_box[1])) < 0.002
    for t_box in proposal_window(windows, "SKU-A").boxes:
        product = Framing(360, 640).box_on_frame((t_box.x, t_box.y, t_box.w, t_box.h))
        assert min(min(new_card[2], product[2]) - max(new_card[0], product[0]),
                   min(new_card[3], product[3]) - max(new_card[1], product[1])) < 0.002


def proposal_window(windows, sku: str):
    return next(w for w in windows if w.sku == sku)


def test_cancel_leaves_no_proposals(qtbot, make_window, finder_clip, tmp_path) -> None:  # noqa: F811
    video, _truth, shots = finder_clip
    win = make_window()
    open_and_wait(qtbot, win, finder_project(tmp_path, video, shots))
    win.editor.act_find_products.trigger()
    win.tasks.act_cancel.trigger()
    qtbot.waitUntil(lambda: win.tasks.current is None, timeout=60_000)
    assert win.proposals.items == [] and not win.proposal_row.isVisible()


def test_nothing_tagged_says_so(qtbot, make_window, finder_clip) -> None:  # noqa: F811
    video, _truth, _shots = finder_clip
    win = make_window()
    open_and_wait(qtbot, win, video)
    win.editor.act_find_products.trigger()
    qtbot.waitUntil(lambda: win.findChild(QMessageBox, "errorBox") is not None, timeout=30_000)
    box = win.findChild(QMessageBox, "errorBox")
    assert "no tagged products" in box.text()
    box.close()
    assert win.proposals.items == []


def test_the_product_chosen_in_the_picker_is_searched_too(qtbot, make_window, finder_clip,  # noqa: F811
                                                          tmp_path) -> None:
    """Only A is tagged; B is chosen in the picker (a catalog listing with its photo): both are proposed, and
    B's accepted popup takes the listing's snapshot."""
    video, _truth, shots = finder_clip
    with Catalog.open() as catalog:
        catalog.upsert([single(sku="SKU-B", title="Cocoa 可可粉", price_cents=2990, image=str(shots["B"]))])
    path = tmp_path / "only_a.gcs"
    save_project(Project(source=make_media_ref(video, path), popups=[Popup(
        sku="SKU-A", start_ms=8_000, end_ms=10_000, snapshot={"title": "Product A", "image": str(shots["A"])})]),
        path)
    win = make_window()
    open_and_wait(qtbot, win, path)
    qtbot.keyClicks(win.product_picker.search_field, "SKU-B")
    assert win.product_picker.current() is not None and win.product_picker.current().product_id == "SKU-B"
    win.editor.act_find_products.trigger()
    qtbot.waitUntil(lambda: win.tasks.current is None, timeout=120_000)
    assert sorted(p.sku for p in win.proposals.items) == ["SKU-A", "SKU-B"]
    assert win.proposals.label(proposal(win, "SKU-B")).startswith("Cocoa 可可粉 · ")
    win.proposals.accept([proposal(win, "SKU-B").id])
    added = win.document.project.popups[-1]
    assert (added.sku, added.snapshot["title"], added.snapshot["price_cents"]) == ("SKU-B", "Cocoa 可可粉", 2990)


def test_faces_over_a_span_are_in_display_pixels(real_media: Path) -> None:
    """The frame of Chaplin's face (frame 165, as in test_popup_measures) sampled as a one-frame span."""
    from studio.media.frames import FrameServer
    from studio.media.probe import probe
    from studio.media.span_faces import faces_over_span

    info = probe(real_media / "moviepy__chaplin.mp4")
    with FrameServer(info, use_proxy=False) as server:
        t = server.frame_times_ms[165]
        faces = faces_over_span(server, t, t + 1, samples=1)
    assert len(faces) == 1
    x, y, w, h = faces[0]
    assert 0.5 * info.display_width < x < x + w < 0.75 * info.display_width
    assert 0.05 * info.display_height < y < y + h < 0.3 * info.display_height


@pytest.mark.parametrize("ui_language", ["en", "zh_CN"])
def test_a_weak_proposal_looks_different_and_says_to_check_it(qtbot, make_window, finder_clip, tmp_path,  # noqa: F811
                                                              ui_language: str) -> None:
    """A proposal mostly followed or hidden (`to_check`) is grey and hatched, and its label says to check it."""
    from PySide6.QtWidgets import QApplication

    from studio.core.finder_windows import LOW_CONFIDENCE, ProductWindow, TimedBox
    from studio.ui.i18n import install_translator

    video, _truth, shots = finder_clip
    if ui_language != "en":
        install_translator(QApplication.instance(), ui_language)  # type: ignore[arg-type]
    try:
        win = make_window()
        win.resize(1280, 800)
        open_and_wait(qtbot, win, finder_project(tmp_path, video, shots))
        strong = ProductWindow("SKU-A", 1_500, 4_500, 0.93, (TimedBox(1_500, 60, 150, 120, 170),))
        weak = ProductWindow("SKU-B", 5_000, 8_000, LOW_CONFIDENCE - 0.12, (TimedBox(5_000, 150, 200, 120, 170),))
        assert weak.to_check and not strong.to_check
        win.proposals.set_outcome(FindOutcome([strong, weak], [[], []], []))
        qtbot.waitUntil(win.proposal_row.isVisible, timeout=5_000)
        a, b = proposal(win, "SKU-A"), proposal(win, "SKU-B")
        label_a, label_b = win.proposals.label(a), win.proposals.label(b)
        assert label_a != label_b.replace("Product B", "Product A")
        if ui_language == "en":
            assert label_a.startswith("Product A · ") and label_b.startswith("Check: Product B · "), (label_a, label_b)
        else:
            assert label_b.startswith("待核对") and not label_a.startswith("待核对"), (label_a, label_b)
        lanes = win.proposal_row.lanes
        picture = lanes.grab().toImage()

        def grey_pixels(rect) -> int:  # the hatching and dotted edge: neither the blue fill nor the white text
            r = rect.toRect()
            return sum(1 for x in range(r.left(), r.right()) for y in range(r.top(), r.bottom())
                       if 90 < (c := picture.pixelColor(x, y)).red() < 190 and abs(c.red() - c.green()) < 20
                       and abs(c.green() - c.blue()) < 25)

        assert grey_pixels(lanes.block_rect(b)) > 4 * max(1, grey_pixels(lanes.block_rect(a)))
        if os.environ.get("STUDIO_SHOTS"):  # to look at it: the whole window, as the person sees it
            win.grab().save(str(Path(os.environ["STUDIO_SHOTS"]) / f"weak_proposal_{ui_language}.png"))
    finally:
        install_translator(QApplication.instance(), "en")  # type: ignore[arg-type]
