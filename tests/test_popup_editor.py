"""The popup editor in the real main window: picker, lanes (mouse drags with snapping), inspector, problems,
undo/redo, delete, jumping, and the saved file. A generated 30 s portrait clip stands in for the demo video;
the demo catalog and the demo project's three popups are the real ones."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from studio.core.catalog import Catalog, demo_products, load_demo_catalog
from studio.core.media_ref import make_media_ref
from studio.core.product import snapshot
from studio.core.project import Popup, Project
from studio.core.project_file import load_project, save_project
from studio.jobs.demo import DEMO_POPUPS
from studio.ui.editor.popup_lanes import assign_lanes, snap_drag
from studio.ui.main_window import MainWindow
from tests.test_main_window import make_window, open_and_wait, type_into  # noqa: F401 (fixture)

pytestmark = pytest.mark.gui

LISTINGS = {product.product_id: product for product in demo_products()}


@pytest.fixture
def portrait(clip) -> Path:
    return clip(seconds=30, fps=30, width=180, height=320)


def demo_project(tmp_path: Path, source: Path) -> Path:
    """The demo project's popups (same SKUs, times, labels and snapshots) over `source`."""
    load_demo_catalog()
    path = tmp_path / "demo.gcs"
    project = Project(source=make_media_ref(source, path),
                      popups=[Popup(sku=sku, start_ms=start, end_ms=end, anchor_x=0.45, anchor_y=0.7, label=label,
                                    snapshot=snapshot(LISTINGS[sku])) for sku, start, end, label in DEMO_POPUPS])
    save_project(project, path)
    return path


@pytest.fixture
def demo(qtbot, make_window, portrait, tmp_path) -> MainWindow:  # noqa: F811
    win = make_window()
    open_and_wait(qtbot, win, demo_project(tmp_path, portrait))
    qtbot.waitUntil(lambda: win.popup_lanes.isVisible())
    return win


def seek(qtbot, win: MainWindow, ms: int) -> None:
    with qtbot.waitSignal(win.player.frameShown, timeout=10_000):
        win.player.seek(ms)


def times(win: MainWindow) -> list[tuple[int, int]]:
    return [(p.start_ms, p.end_ms) for p in win.document.project.popups]


def center(win: MainWindow, index: int) -> QPoint:
    return win.popup_lanes.block_rect(win.document.project.popups[index]).center().toPoint()


def x_of(win: MainWindow, ms: int) -> int:
    return round(win.popup_lanes.timeline.x_for_ms(ms))


def drag(qtbot, widget, start: QPoint, stops: list[QPoint]) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for stop in stops:
        qtbot.mouseMove(widget, stop)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=stops[-1])


# --- pure parts ---------------------------------------------------------------------------------------------

def test_lanes_stack_only_when_popups_overlap() -> None:
    a, b, c, d = (Popup(start_ms=s, end_ms=e) for s, e in ((0, 4_000), (4_000, 8_000), (2_000, 6_000),
                                                            (3_000, 5_000)))
    assert assign_lanes([a, b]) == {a.id: 0, b.id: 0}  # touching is not overlapping: [start, end)
    assert assign_lanes([b, c, a, d]) == {a.id: 0, c.id: 1, d.id: 2, b.id: 0}


def test_snap_drag_prefers_magnets_then_frames() -> None:
    edges = list(range(0, 10_001, 40))  # 25 fps
    snap = functools.partial(snap_drag, edges=edges, magnets=[5_000], tolerance_ms=100, duration_ms=10_000)
    assert snap("move", 1_000, 3_000, 1_017) == (2_000, 4_000)  # nearest frame
    assert snap("move", 1_000, 3_000, 1_950) == (3_000, 5_000)  # end onto the magnet
    assert snap("move", 1_000, 3_000, 9_000) == (8_000, 10_000)  # stays in the clip
    assert snap("start", 1_000, 3_000, 5_000) == (2_960, 3_000)  # stays before the end
    assert snap("end", 1_000, 3_000, 1_930) == (1_000, 5_000)
    assert snap("end", 1_000, 3_000, 1_021) == (1_000, 4_040)


# --- the window ---------------------------------------------------------------------------------------------

def test_demo_popups_show_in_lanes_and_pass_the_rules(demo: MainWindow) -> None:
    lanes = demo.popup_lanes
    assert len(demo.document.project.popups) == 3
    assert demo.problems_panel.codes() == []
    assert demo.problems_panel.summary.text() == "No problems with the popups"
    rects = [lanes.block_rect(p) for p in demo.document.project.popups]
    assert [round(r.left()) for r in rects] == [x_of(demo, s) for s, _ in times(demo)]
    assert len({r.top() for r in rects}) == 1  # no overlap: one lane
    assert demo.popup_editor.title(demo.document.project.popups[0]) == "Glass Water Bottle 玻璃水瓶"


def test_add_from_picker_at_the_playhead(qtbot, demo: MainWindow) -> None:
    picker = demo.product_picker
    qtbot.keyClicks(picker.search_field, "cup")
    assert picker.model.rowCount() == 1
    assert [picker.model.index(0, c).data() for c in range(6)] == [
        "Ceramic Coffee Cup 陶瓷咖啡杯", "GC-CUP-003", "¥39.90", "", "", "pages/goods/detail?sku=GC-CUP-003"]
    picker.search_field.clear()
    qtbot.keyClicks(picker.search_field, "GC-SHOE")
    assert picker.model.index(0, picker.model.COLUMNS.index("promo")).data() == "¥259.00"
    seek(qtbot, demo, 2_000)
    qtbot.mouseClick(picker.add_button, Qt.MouseButton.LeftButton)
    popups = demo.document.project.popups
    assert len(popups) == 4
    new = popups[-1]
    assert (new.sku, new.start_ms, new.end_ms) == ("GC-SHOE-004", 2_000, 6_000)
    assert new.snapshot == snapshot(LISTINGS["GC-SHOE-004"])  # the listing as it was at tag time
    assert demo.popup_editor.selected_id == new.id
    assert demo.popup_inspector.title_label.text() == "<b>Running Shoes 轻跑运动鞋</b>"
    assert demo.problems_panel.codes() == []

    seek(qtbot, demo, 9_000)  # inside the bottle's popup: fitted between it and the tote, and said so
    qtbot.mouseClick(picker.add_button, Qt.MouseButton.LeftButton)
    assert times(demo)[-1] == (11_000, 13_000)
    assert demo.statusBar().currentMessage() == ("the proposal was clipped to 0:11.000–0:13.000 to stay clear of "
                                                 "the other popups")
    assert demo.problems_panel.codes() == []

    demo.document.undo_stack.undo()
    demo.document.undo_stack.undo()
    assert len(demo.document.project.popups) == 3 and demo.popup_editor.selected_id == ""
    demo.document.undo_stack.redo()
    assert times(demo)[-1] == (2_000, 6_000)


def test_add_in_the_first_second_is_clipped(qtbot, demo: MainWindow) -> None:
    seek(qtbot, demo, 300)
    demo.product_picker.search("tote")
    demo.product_picker.add_current()
    assert times(demo)[-1] == (1_000, 4_300)
    assert "clipped to 0:01.000–0:04.300" in demo.statusBar().currentMessage()


def test_drag_moves_with_frame_snapping_as_one_undo_step(qtbot, demo: MainWindow) -> None:
    lanes = demo.popup_lanes
    start = center(demo, 0)
    frames = demo.player.frame_times
    drag(qtbot, lanes, start, [start + QPoint(5, 0), start + QPoint(17, 0), start + QPoint(23, 0)])
    moved_by = lanes.ms_at(start.x() + 23) - lanes.ms_at(start.x())
    s, e = times(demo)[0]
    assert s in frames and e in frames
    assert abs(s - (7_000 + moved_by)) <= 34 and abs((e - s) - 4_000) <= 1
    assert demo.document.undo_stack.count() == 1  # three moves, one step
    assert demo.document.undo_stack.undoText() == "Move Popup"
    demo.document.undo_stack.undo()
    assert times(demo)[0] == (7_000, 11_000)
    demo.document.undo_stack.redo()
    assert times(demo)[0] == (s, e)


def test_a_drag_back_to_where_it_started_leaves_no_undo_step(qtbot, demo: MainWindow) -> None:
    start = center(demo, 1)
    drag(qtbot, demo.popup_lanes, start, [start + QPoint(30, 0), start + QPoint(1, 0), start])
    assert times(demo)[1] == (13_000, 17_000)
    assert demo.document.undo_stack.count() == 0 and not demo.document.modified


def test_drag_snaps_to_other_popups_and_the_playhead(qtbot, demo: MainWindow) -> None:
    lanes = demo.popup_lanes
    start = center(demo, 0)
    near_tote = x_of(demo, 13_000) - x_of(demo, 11_000) - 3  # the bottle's end 3 px short of the tote's start
    drag(qtbot, lanes, start, [start + QPoint(near_tote, 0)])
    assert times(demo)[0] == (9_000, 13_000)
    seek(qtbot, demo, 25_000)  # the frame at 25 s starts at 25000 ms
    cup_end = QPoint(round(lanes.block_rect(demo.document.project.popups[2]).right()) - 1, center(demo, 2).y())
    drag(qtbot, lanes, cup_end, [QPoint(x_of(demo, 25_000) + 4, cup_end.y())])
    assert times(demo)[2] == (19_000, 25_000)
    assert demo.document.undo_stack.count() == 2


def test_resize_an_edge_snaps_to_frames(qtbot, demo: MainWindow) -> None:
    lanes = demo.popup_lanes
    tote = demo.document.project.popups[1]
    left = QPoint(round(lanes.block_rect(tote).left()) + 1, center(demo, 1).y())
    drag(qtbot, lanes, left, [left + QPoint(10, 0), left + QPoint(20, 0)])
    s, e = times(demo)[1]
    assert e == 17_000 and s in demo.player.frame_times
    assert abs(s - lanes.ms_at(left.x() + 20 - 1)) <= 2 * (lanes.ms_at(1) - lanes.ms_at(0)) + 34


def test_overlapping_popups_stack_in_a_second_lane(qtbot, demo: MainWindow) -> None:
    lanes = demo.popup_lanes
    one_lane = lanes.height()
    demo.popup_editor.set_times(demo.document.project.popups[1].id, 10_000, 14_000)
    assert lanes.height() > one_lane
    bottle, tote = (lanes.block_rect(p) for p in demo.document.project.popups[:2])
    assert tote.top() > bottle.top()
    assert demo.problems_panel.codes() == ["popups_overlap"]
    assert "overlaps popup Glass Water Bottle 玻璃水瓶" in demo.problems_panel.model.item(0).text()
    demo.document.undo_stack.undo()
    assert lanes.height() == one_lane


def test_click_selects_and_delete_key_removes(qtbot, demo: MainWindow) -> None:
    lanes = demo.popup_lanes
    cup = demo.document.project.popups[2]
    assert not demo.editor.act_delete_popup.isEnabled()
    qtbot.mouseClick(lanes, Qt.MouseButton.LeftButton, pos=center(demo, 2))
    assert demo.popup_editor.selected_id == cup.id and demo.editor.act_delete_popup.isEnabled()
    assert demo.document.undo_stack.count() == 0  # a click is no edit
    qtbot.keyClick(lanes, Qt.Key.Key_Delete)
    assert [p.sku for p in demo.document.project.popups] == ["GC-BOTTLE-001", "GC-TOTE-002"]
    assert demo.popup_editor.selected_id == ""
    qtbot.mouseClick(lanes, Qt.MouseButton.LeftButton, pos=center(demo, 0))
    qtbot.keyClick(lanes, Qt.Key.Key_Delete)
    demo.document.undo_stack.undo()
    demo.document.undo_stack.undo()
    assert [p.sku for p in demo.document.project.popups] == ["GC-BOTTLE-001", "GC-TOTE-002", "GC-CUP-003"]
    qtbot.mouseClick(lanes, Qt.MouseButton.LeftButton, pos=QPoint(x_of(demo, 3_000), center(demo, 0).y()))
    assert demo.popup_editor.selected_id == ""  # empty lane space clears the selection


def test_double_click_jumps_the_player(qtbot, demo: MainWindow) -> None:
    with qtbot.waitSignal(demo.player.frameShown, timeout=10_000) as shown:
        qtbot.mouseDClick(demo.popup_lanes, Qt.MouseButton.LeftButton, pos=center(demo, 1))
    assert shown.args == [13_000] and demo.player.position == 13_000
    assert demo.popup_editor.selected_id == demo.document.project.popups[1].id
    assert demo.document.undo_stack.count() == 0


def test_lanes_follow_the_timeline_zoom(qtbot, demo: MainWindow) -> None:
    lanes = demo.popup_lanes
    before = lanes.block_rect(demo.document.project.popups[1]).width()
    pos = QPointF(center(demo, 1))
    event = QWheelEvent(pos, lanes.mapToGlobal(pos), QPoint(), QPoint(0, 360), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(lanes, event)
    assert demo.timeline.zoom > 1.0
    rect = lanes.block_rect(demo.document.project.popups[1])
    assert rect.width() > before * 1.5
    assert round(rect.left()) == round(demo.timeline.x_for_ms(13_000))


def test_inspector_edits_are_undoable(qtbot, demo: MainWindow) -> None:
    inspector = demo.popup_inspector
    qtbot.mouseClick(demo.popup_lanes, Qt.MouseButton.LeftButton, pos=center(demo, 0))
    assert inspector.stack.currentIndex() == 1
    assert inspector.start_field.text() == "0:07.000" and inspector.end_field.text() == "0:11.000"
    assert "¥59.00" in inspector.facts_label.text() and "¥49.00" in inspector.facts_label.text()
    type_into(qtbot, inspector.start_field, "7.51")
    assert times(demo)[0] == (7_500, 11_000)  # the frame shown at 7.51 s starts at 7.5 s
    inspector.style_box.setCurrentIndex(inspector.style_box.findData("compact"))
    inspector.label_field.setFocus()
    inspector.label_field.setText("新品")  # QTest types no CJK: the text as an input method commits it
    qtbot.keyClick(inspector.label_field, Qt.Key.Key_Return)
    type_into(qtbot, inspector.anchor_x, "0.3")
    inspector.anchor_y.setValue(0.95)  # over the caption: the spin box keeps it inside the safe zone
    bottle = demo.document.project.popups[0]
    assert (bottle.style, bottle.label) == ("compact", "新品")
    assert (bottle.anchor_x, bottle.anchor_y) == (0.3, pytest.approx((1920 - 420) / 1920, abs=1e-3))
    assert demo.problems_panel.codes() == []
    assert demo.document.undo_stack.count() == 4  # start, style, label, anchor (x and y merged)
    for _ in range(4):
        demo.document.undo_stack.undo()
    bottle = demo.document.project.popups[0]
    assert (bottle.start_ms, bottle.style, bottle.label, bottle.anchor_y) == (7_000, "card", "限时折扣", 0.7)
    assert inspector.label_field.text() == "限时折扣" and inspector.start_field.text() == "0:07.000"


def test_a_short_popup_is_a_problem_and_clicking_it_jumps(qtbot, demo: MainWindow) -> None:
    inspector = demo.popup_inspector
    qtbot.mouseClick(demo.popup_lanes, Qt.MouseButton.LeftButton, pos=center(demo, 2))
    type_into(qtbot, inspector.end_field, "20.5")
    assert times(demo)[2] == (19_000, 20_500)
    panel = demo.problems_panel
    assert panel.codes() == ["popup_too_short"]
    assert panel.model.item(0).text() == ("Ceramic Coffee Cup 陶瓷咖啡杯: the popup is on screen for 1.5 s; a popup "
                                          "must stay at least 2 s: drag its end later")
    assert panel.summary.text() == "Errors: 1, warnings: 0"
    qtbot.mouseClick(demo.popup_lanes, Qt.MouseButton.LeftButton, pos=center(demo, 0))  # select another
    index = panel.model.index(0, 0)
    with qtbot.waitSignal(demo.player.frameShown, timeout=10_000) as shown:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=panel.view.visualRect(index).center())
    assert shown.args == [19_000]
    assert demo.popup_editor.selected_id == demo.document.project.popups[2].id
    demo.document.undo_stack.undo()
    assert panel.codes() == []


def test_trim_and_catalog_changes_show_as_problems_and_refresh_clears_one(qtbot, demo: MainWindow) -> None:
    type_into(qtbot, demo.transport.out_field, "20")
    assert demo.problems_panel.codes() == ["popup_partly_cut"]
    demo.document.undo_stack.undo()
    with Catalog.open() as catalog:
        old = LISTINGS["GC-TOTE-002"]
        catalog.upsert([replace(old, variants=(replace(old.variants[0], price_cents=7900),))])
    assert demo.problems_panel.codes() == []  # not checked again yet
    qtbot.mouseClick(demo.product_picker.refresh_button, Qt.MouseButton.LeftButton)
    assert demo.problems_panel.codes() == ["price_changed"]
    assert demo.document.undo_stack.count() == 1  # only the trim: checking is no edit
    qtbot.mouseClick(demo.popup_lanes, Qt.MouseButton.LeftButton, pos=center(demo, 1))
    assert "now costs CNY 79.00 (tagged at CNY 89.00)" in demo.problems_panel.model.item(0).text()
    qtbot.mouseClick(demo.popup_inspector.refresh_button, Qt.MouseButton.LeftButton)
    assert demo.document.project.popups[1].snapshot["price_cents"] == 7900
    assert demo.problems_panel.codes() == []
    assert "¥79.00" in demo.popup_inspector.facts_label.text()
    demo.document.undo_stack.undo()
    assert demo.problems_panel.codes() == ["price_changed"]


def test_a_merchants_new_page_shows_as_an_applet_problem_until_refreshed(qtbot, demo: MainWindow) -> None:
    """The merchant moved the tote to another page (a synced catalog): the popup, tagged with the old page, now
    opens a page the merchant no longer chose; Problems says so by popup, and Refresh from catalog takes the new
    page. A product without an image is reported too, as Pack reports it."""
    with Catalog.open() as catalog:
        old = LISTINGS["GC-TOTE-002"]
        catalog.upsert([replace(old, pages=("pages/item/index?id=GC-TOTE-002",), image="")])
    qtbot.mouseClick(demo.product_picker.refresh_button, Qt.MouseButton.LeftButton)
    assert demo.problems_panel.codes() == ["popup_page_mismatch"]
    text = demo.problems_panel.model.item(0).text()
    assert text.startswith("Canvas Tote Bag 帆布托特包: the popup opens page pages/goods/detail?sku=GC-TOTE-002")
    assert "product GC-TOTE-002's page is pages/item/index?id=GC-TOTE-002" in text
    with qtbot.waitSignal(demo.popup_editor.selectionChanged, timeout=5_000):
        demo.problems_panel.view.activated.emit(demo.problems_panel.model.index(0, 0))
    qtbot.mouseClick(demo.popup_inspector.refresh_button, Qt.MouseButton.LeftButton)
    assert demo.document.project.popups[1].snapshot["applet"]["path"] == "pages/item/index?id=GC-TOTE-002"
    assert demo.problems_panel.codes() == ["image_none"]  # the new facts have no image: a warning, as in Pack
    assert demo.problems_panel.summary.text() == "Errors: 0, warnings: 1"


def test_save_and_open_again(qtbot, demo: MainWindow, make_window, tmp_path: Path) -> None:  # noqa: F811
    seek(qtbot, demo, 24_000)
    demo.product_picker.search("shoe")
    demo.product_picker.add_current()
    demo.popup_editor.edit(demo.document.project.popups[0].id, "style", style="compact")
    target = tmp_path / "saved.gcs"
    assert demo.files.save_to(target)
    saved = load_project(target)
    assert saved.popups == demo.document.project.popups
    assert [(p.sku, p.start_ms, p.end_ms, p.style) for p in saved.popups] == [
        ("GC-BOTTLE-001", 7_000, 11_000, "compact"), ("GC-TOTE-002", 13_000, 17_000, "card"),
        ("GC-CUP-003", 19_000, 23_000, "card"), ("GC-SHOE-004", 24_000, 28_000, "card")]
    again = make_window()
    open_and_wait(qtbot, again, target)
    assert again.document.project.popups == saved.popups
    assert again.problems_panel.codes() == [] and not again.document.modified
    assert again.popup_lanes.block_rect(again.document.project.popups[3]).width() > 20


def test_the_player_shows_the_popups_and_the_selection(qtbot, demo: MainWindow) -> None:
    view, lanes = demo.view, demo.popup_lanes
    bottle = demo.document.project.popups[0]
    seek(qtbot, demo, 8_000)
    assert [p.id for p in view.shown_popups()] == [bottle.id]
    qtbot.mouseClick(lanes, Qt.MouseButton.LeftButton, pos=center(demo, 0))
    assert view.selected_popup == bottle.id
    qtbot.mouseClick(lanes, Qt.MouseButton.LeftButton, pos=QPoint(x_of(demo, 3_000), center(demo, 0).y()))
    assert view.selected_popup is None
    view.repaint()
    card = view.popup_rect(bottle.id)
    assert card is not None
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=card.center().toPoint())
    assert demo.popup_editor.selected_id == bottle.id  # a click on the card selects it in the editor
    assert demo.popup_inspector.start_field.text() == "0:07.000"
    demo.popup_editor.edit(bottle.id, "style", style="compact")
    assert view.shown_popups()[0].style == "compact"  # edits reach the overlay at once
    demo.popup_editor.set_times(bottle.id, 9_000, 13_000)
    assert view.shown_popups() == []  # the frame on screen (8 s) is before it now


def test_dragging_a_card_on_the_player_moves_its_anchor(qtbot, demo: MainWindow) -> None:
    view = demo.view
    bottle = demo.document.project.popups[0]
    seek(qtbot, demo, 8_000)
    view.repaint()
    card = view.popup_rect(bottle.id)
    assert card is not None
    frame = view.image_rect()  # the demo clip is 9:16: the picture is the frame
    start = card.center().toPoint()
    left = QPoint(round(frame.width() * 0.1), round(frame.height() * 0.05))
    drag(qtbot, view, start, [start + QPoint(5, 5), start - left])
    bottle = demo.document.project.popups[0]
    assert demo.popup_editor.selected_id == bottle.id
    assert bottle.anchor_x == pytest.approx(0.35, abs=0.01) and bottle.anchor_y == pytest.approx(0.65, abs=0.01)
    card = view.popup_rect(bottle.id)
    assert card is not None
    drag(qtbot, view, card.center().toPoint(), [QPoint(start.x(), view.height() - 2)])
    assert demo.popup_editor.popups[0].anchor_y == pytest.approx((1920 - 420) / 1920)  # held out of the caption
    assert demo.document.undo_stack.count() == 2  # one step per drag
    demo.document.undo_stack.undo()
    demo.document.undo_stack.undo()
    assert (demo.popup_editor.popups[0].anchor_x, demo.popup_editor.popups[0].anchor_y) == (0.45, 0.7)


def test_a_new_file_puts_the_editor_playhead_back_at_the_start(qtbot, demo: MainWindow, clip) -> None:
    seek(qtbot, demo, 12_000)
    assert demo.popup_editor.position == 12_000
    demo.document.undo_stack.setClean()
    open_and_wait(qtbot, demo, clip(seconds=8, fps=30, width=180, height=320))
    assert demo.player.position == 0 and demo.popup_editor.position == 0
    assert demo.document.project.popups == [] and demo.popup_editor.selected_id == ""
    demo.product_picker.search("cup")
    demo.product_picker.add_current()
    assert times(demo) == [(1_000, 4_000)]  # from the playhead at 0, clipped out of the first second
