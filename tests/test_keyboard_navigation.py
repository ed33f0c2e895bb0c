"""Keyboard-only use of the main window, on the demo project and the real widgets.

Each docked panel is reached with its View > Go to Panel shortcut, walked with Tab (every field reached, the
focus never stuck and never on a widget nobody sees: a scroll area, a panel tabbed behind another) and operated
with one key action; Esc brings the keys back to the timeline; in a panel, Space and the arrows belong to the
focused widget, not to the playback shortcuts. Keys go to the widget that has the focus, as a keyboard's do.
"""

from __future__ import annotations

import operator
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QLineEdit, QMessageBox, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from studio.core.cancel import CancelToken
from studio.core.finder_windows import ProductWindow
from studio.core.listings_store import ListingsStore
from studio.core.product import single
from studio.jobs.demo import make_demo_project
from studio.platform.credentials import remember_server, save_token
from studio.ui.editor.finder_proposals import FindOutcome
from studio.ui.main_window import MainWindow
from studio.ui.merchant.listings_model import COLUMNS
from studio.ui.merchant.merchant_window import MerchantWindow
from studio.ui.review.review_window import ReviewWindow
from studio.ui.task_list import State
from tests.package_fixtures import make_package
from tests.platform_fixtures import make_package as make_platform_package
from tests.posts_fixtures import selected_post
from tests.sandbox_fixtures import demo_products_listed  # noqa: F401  (fixture)
from tests.test_listings_view import got
from tests.test_main_window import make_window  # noqa: F401  (the fixture)

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
PANELS = ("productsDock", "popupDock", "problemsDock", "coverDock", "postDock", "soundDock", "uploadsDock",
          "postsDock")
"""Every docked panel, in the order of its Ctrl+digit shortcut."""


@pytest.fixture
def demo(qtbot: QtBot, make_window, demo_clip_in_home: Path) -> MainWindow:  # noqa: F811
    """The main window on the demo project (its clip rendered once per run), active, keys on the timeline."""
    project = make_demo_project()
    win = make_window()
    with qtbot.waitActive(win):
        win.activateWindow()
    with qtbot.waitSignal(win.player.frameShown, timeout=60_000):
        win.open_path(project)
    assert len(win.document.project.popups) == 3
    win.timeline.setFocus()
    return win


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def key(qtbot: QtBot, which: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key where the keyboard focus is."""
    qtbot.keyClick(focus(), which, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focus(), text)


def dock_of(widget: QWidget) -> QDockWidget | None:
    parent: QWidget | None = widget
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    return parent


def shows(widget: QWidget) -> bool:
    """The person can see `widget`: shown, and not in a dock tabbed behind another one."""
    dock = dock_of(widget)
    return widget.isVisible() and (dock is None or not dock.visibleRegion().isEmpty())


def reachable(panel: QWidget) -> set[QWidget]:
    """What Tab should reach in `panel`: shown, enabled widgets that take Tab focus themselves (a spin box's line
    edit is the spin box's)."""
    return {w for w in panel.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled() and shows(w) and w.focusProxy() is None
            and not is_proxy_of_its_parent(w)}


def is_proxy_of_its_parent(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    return parent is not None and parent.focusProxy() is widget


def dock_named(win: MainWindow, name: str) -> QDockWidget:
    dock = win.findChild(QDockWidget, name)
    assert dock is not None, f"the window has no dock {name}"
    return dock


def go_to(qtbot: QtBot, win: MainWindow, name: str) -> QDockWidget:
    """Press the panel's Ctrl+digit; the focus must land inside the panel, on a widget that shows."""
    dock = dock_named(win, name)
    key(qtbot, Qt.Key(Qt.Key.Key_1.value + PANELS.index(name)), CTRL)
    assert dock.isAncestorOf(focus()) and shows(focus()), (name, focus())
    return dock


def walk(qtbot: QtBot, dock: QDockWidget) -> list[QWidget]:
    """Tab from where the focus is until it leaves the panel: every step moves to a widget that shows, and
    every field of the panel is met on the way. Shift+Tab first: out to a widget that shows, and Tab comes back."""
    start = focus()
    key(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focus() is not start and shows(focus()), f"Shift+Tab from {start!r} went to {focus()!r}"
    key(qtbot, Qt.Key.Key_Tab)
    assert focus() is start, f"Tab after Shift+Tab went to {focus()!r}, not back to {start!r}"
    visited = [focus()]
    for _ in range(60):
        key(qtbot, Qt.Key.Key_Tab)
        now = focus()
        assert now is not visited[-1], f"Tab is stuck on {now!r} in {dock.objectName()}"
        assert shows(now), f"Tab went to {now!r}, which does not show ({dock.objectName()})"
        assert not isinstance(now, QScrollArea), f"Tab stops on a scroll area in {dock.objectName()}"
        if not dock.isAncestorOf(now):
            break
        visited.append(now)
    else:
        pytest.fail(f"Tab never leaves {dock.objectName()}")
    missing = reachable(dock.widget()) - set(visited)
    assert not missing, f"Tab does not reach {missing} in {dock.objectName()}"
    return visited


def tab_to(qtbot: QtBot, target: QWidget) -> None:
    for _ in range(30):
        if focus() is target:
            return
        key(qtbot, Qt.Key.Key_Tab)
    pytest.fail(f"Tab does not reach {target!r}")


def test_every_panel_by_keyboard_alone(qtbot: QtBot, demo: MainWindow) -> None:
    win = demo
    # every dock has a way in: a Go to Panel action whose tooltip names its shortcut
    assert sorted(d.objectName() for d in win.findChildren(QDockWidget)) == sorted(PANELS)
    for number, action in enumerate(win.docks.panel_actions, start=1):
        assert action.shortcut().toString() == f"Ctrl+{number}"
        assert f"Ctrl+{number}" in action.toolTip()

    # set the in point inside the first popup with keys only: Ctrl+G, a time, Enter, I (a problem to list)
    key(qtbot, Qt.Key.Key_G, CTRL)
    assert focus() is win.transport.time_field
    key(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "9")
    with qtbot.waitSignal(win.player.frameShown, timeout=20_000):
        key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_Escape)
    assert focus() is win.timeline
    key(qtbot, Qt.Key.Key_I)
    assert win.document.project.trim is not None and abs(win.document.project.trim.start_ms - 9_000) <= 34
    first = min(win.document.project.popups, key=lambda p: p.start_ms)

    # Products: search, choose a row with the arrows (End stays in the table), Enter adds it as a popup
    dock = go_to(qtbot, win, "productsDock")
    walk(qtbot, dock)
    go_to(qtbot, win, "productsDock")
    assert focus() is win.product_picker.search_field
    type_text(qtbot, "GC-")
    tab_to(qtbot, win.product_picker.table)
    position = win.player.position
    key(qtbot, Qt.Key.Key_End)  # the table's (the row's last cell), not the window's Go to End
    assert win.player.position == position
    assert win.product_picker.current() == win.product_picker.model.product(0)
    key(qtbot, Qt.Key.Key_Down)
    chosen = win.product_picker.current()
    assert chosen is not None and chosen == win.product_picker.model.product(1)
    before = len(win.document.project.popups)
    key(qtbot, Qt.Key.Key_Return)
    assert len(win.document.project.popups) == before + 1
    assert any(p.sku == chosen.product_id for p in win.document.project.popups)

    # Popup: with none selected the keys go to the lanes, Up/Down pick one, then the inspector edits its label
    win.popup_editor.select(None)
    key(qtbot, Qt.Key.Key_2, CTRL)
    assert focus() is win.popup_lanes
    key(qtbot, Qt.Key.Key_Down)
    assert win.popup_editor.selected_id == first.id
    dock = go_to(qtbot, win, "popupDock")
    walk(qtbot, dock)
    go_to(qtbot, win, "popupDock")
    tab_to(qtbot, win.popup_inspector.label_field)
    key(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "Hot")
    key(qtbot, Qt.Key.Key_Return)
    edited = win.popup_editor.popup(first.id)
    assert edited is not None and edited.label == "Hot"

    # Problems: the popup cut by the in point is listed; Enter on it selects it and shows its start
    win.popup_editor.select(None)
    dock = go_to(qtbot, win, "problemsDock")
    assert focus() is win.problems_panel.view and "popup_partly_cut" in win.problems_panel.codes()
    row = win.problems_panel.codes().index("popup_partly_cut")
    for _ in range(row):
        key(qtbot, Qt.Key.Key_Down)
    if not win.problems_panel.view.currentIndex().isValid():
        key(qtbot, Qt.Key.Key_Down)  # the first Down makes the first row current
    assert win.problems_panel.view.currentIndex().row() == row
    key(qtbot, Qt.Key.Key_Return)
    assert win.popup_editor.selected_id == first.id
    qtbot.waitUntil(lambda: win.player.position == first.start_ms, timeout=20_000)
    walk(qtbot, dock)

    # Cover: Space on ▶ steps the cover's frame (and does not play the video); the title is typed
    cover = win.cover_panel
    qtbot.waitUntil(lambda: cover.slider.maximum() > 0, timeout=30_000)
    dock = go_to(qtbot, win, "coverDock")
    walk(qtbot, dock)
    go_to(qtbot, win, "coverDock")
    tab_to(qtbot, cover.forward_button)
    before_ms = win.document.project.cover.time_ms if win.document.project.cover else None
    key(qtbot, Qt.Key.Key_Space)
    assert not win.player.playing
    assert win.document.project.cover is not None and win.document.project.cover.time_ms != before_ms
    tab_to(qtbot, cover.title_edit)
    type_text(qtbot, "Summer")
    assert win.document.project.cover.title == "Summer"
    key(qtbot, Qt.Key.Key_Tab)  # Tab leaves the title (Enter makes a new line there)
    assert focus() is not cover.title_edit and win.document.project.cover.title == "Summer"

    # Post: the title field first; typing replaces the title
    dock = go_to(qtbot, win, "postDock")
    assert focus() is win.post_editor.title
    walk(qtbot, dock)
    go_to(qtbot, win, "postDock")
    key(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "Keys only")
    assert win.document.project.post.title == "Keys only"

    # Sound: Space ticks "mute" and does not play
    dock = go_to(qtbot, win, "soundDock")
    assert focus() is win.sound_panel.mute
    key(qtbot, Qt.Key.Key_Space)
    assert win.document.project.sound.mute and not win.player.playing
    walk(qtbot, dock)

    # Uploads and My Posts: reached and walked (their actions need a package or an account)
    for name in ("uploadsDock", "postsDock"):
        walk(qtbot, go_to(qtbot, win, name))

    # Esc from a panel brings the keys back to the timeline, where the arrows step frames again
    go_to(qtbot, win, "postDock")
    key(qtbot, Qt.Key.Key_Escape)
    assert focus() is win.timeline
    position = win.player.position
    with qtbot.waitSignal(win.player.frameShown, timeout=20_000):
        key(qtbot, Qt.Key.Key_Right)
    assert win.player.position > position


def test_esc_leaves_a_field_first_and_cancels_a_task_only_from_the_timeline(qtbot: QtBot, demo: MainWindow) -> None:
    win = demo
    cancelled: list[bool] = []

    def work(progress, cancel: CancelToken) -> None:
        while not cancel.cancelled:
            time.sleep(0.01)
        cancelled.append(True)

    task = win.tasks.start(work, lambda _result: None, "Waiting")
    # Esc cancels the task the status bar shows: the newest running one, which is ours once the demo's own
    # work (its proxy, its filmstrip) has let it start
    entry = next(e for e in win.tasks.entries if e.task is task)
    qtbot.waitUntil(lambda: entry.state is State.RUNNING and win.tasks.current is task, timeout=60_000)
    go_to(qtbot, win, "postDock")
    key(qtbot, Qt.Key.Key_Escape)
    assert focus() is win.timeline
    assert not task.cancel_token.cancelled  # leaving the post's title does not stop the task
    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(cancelled) and win.tasks.current is None, timeout=10_000)
    assert "Esc" in win.editor.act_to_timeline.toolTip()


def test_popup_lanes_by_keyboard(qtbot: QtBot, demo: MainWindow) -> None:
    win = demo
    ordered = sorted(win.document.project.popups, key=lambda p: p.start_ms)
    key(qtbot, Qt.Key.Key_Tab)
    assert focus() is win.popup_lanes  # the lanes come right after the timeline
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Down)
    assert win.popup_editor.selected_id == ordered[1].id
    key(qtbot, Qt.Key.Key_Up)
    key(qtbot, Qt.Key.Key_Up)  # stays on the first
    assert win.popup_editor.selected_id == ordered[0].id
    with qtbot.waitSignal(win.player.frameShown, timeout=20_000):
        key(qtbot, Qt.Key.Key_Return)
    assert win.player.position == ordered[0].start_ms
    key(qtbot, Qt.Key.Key_Delete)  # the window's Delete Popup still works from the lanes
    assert [p.id for p in win.document.project.popups if p.id == ordered[0].id] == []


def test_review_window_by_keyboard_alone(qtbot: QtBot, clip, tmp_path: Path) -> None:
    window = ReviewWindow()
    window.show()
    try:
        with qtbot.waitActive(window):
            window.activateWindow()
        with qtbot.waitSignal(window.opened, timeout=30_000):
            window.open_package(make_package(tmp_path, clip))
        qtbot.waitUntil(lambda: window.view.image is not None, timeout=10_000)
        assert "Ctrl+1" in window.tabs.tabToolTip(0) and "Ctrl+4" in window.tabs.tabToolTip(3)
        first = min(window.popups(), key=lambda p: p.start_ms)

        # Popups: Ctrl+1 puts the keys in the list; a row and Enter jump to that popup; a note is typed
        qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
        assert focus() is window.popup_tree
        key(qtbot, Qt.Key.Key_Down)
        row = window.popup_tree.currentItem()
        assert row is not None
        chosen = str(row.data(0, Qt.ItemDataRole.UserRole))
        start = next(p.start_ms for p in window.popups() if p.id == chosen)
        key(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.view.frame_time is not None and window.view.frame_time >= start - 34,
                        timeout=10_000)
        key(qtbot, Qt.Key.Key_Tab)
        assert focus() is window.popup_note
        type_text(qtbot, "Price is wrong")  # N, P and S are letters here, not shortcuts
        key(qtbot, Qt.Key.Key_Tab)
        assert focus() is not window.popup_note

        # Checks and Post: each tab takes the keys; the post's text is readable by keyboard
        for index, widget in ((1, window.checks), (2, window.post_text)):
            qtbot.keyClick(focus(), Qt.Key(Qt.Key.Key_1.value + index), CTRL)
            assert window.tabs.currentIndex() == index and focus() is widget

        # Verdict: Space on Reject (not play), Tab to the notes, typed
        qtbot.keyClick(focus(), Qt.Key.Key_4, CTRL)
        assert focus() is window.approve or focus() is window.reject
        if focus() is window.approve:
            key(qtbot, Qt.Key.Key_Right)  # the arrows move between the two radio buttons, not the frames
        assert focus() is window.reject
        key(qtbot, Qt.Key.Key_Space)
        assert window.reject.isChecked() and not window.player.playing
        tab_to(qtbot, window.notes)
        type_text(qtbot, "See the popup notes")
        assert window.notes.toPlainText() == "See the popup notes"

        # Esc gives the keys back to the player: N jumps to the next popup again
        key(qtbot, Qt.Key.Key_Escape)
        assert focus() is window.slider
        window.player.seek(0)
        qtbot.waitUntil(lambda: window.view.frame_time == 0, timeout=10_000)
        key(qtbot, Qt.Key.Key_N)
        qtbot.waitUntil(lambda: window.view.frame_time is not None and window.view.frame_time >= first.start_ms - 34,
                        timeout=10_000)
    finally:
        window.close()
        window.deleteLater()


def test_merchant_window_by_keyboard_alone(qtbot: QtBot) -> None:
    with ListingsStore.open() as store:
        store.put([single(sku=f"SKU-{i:03d}", title=f"Bottle {i}", price_cents=1000 + i) for i in range(20)],
                  dirty=False)
    window = MerchantWindow()
    window.show()
    try:
        with qtbot.waitActive(window):
            window.activateWindow()
        view = window.view
        qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
        assert focus() is view.filter_edit and "Ctrl+F" in view.filter_edit.toolTip()
        type_text(qtbot, "SKU-007")
        key(qtbot, Qt.Key.Key_Return)
        assert view.model.matching == 1

        # Tab goes round the whole window and back to the filter, through every button and the table
        visited = [focus()]
        for _ in range(40):
            key(qtbot, Qt.Key.Key_Tab)
            assert focus() is not visited[-1] and shows(focus()), focus()
            if focus() is view.filter_edit:
                break
            visited.append(focus())
        else:
            pytest.fail("Tab never comes back to the filter")
        missing = reachable(view) - set(visited)
        assert not missing and view.table in visited, missing

        # the price edited with keys only: the row, the price's cell, F2, a price, Enter
        tab_to(qtbot, view.table)
        key(qtbot, Qt.Key.Key_Down)
        key(qtbot, Qt.Key.Key_Home)
        for _ in range(COLUMNS.index("price")):
            key(qtbot, Qt.Key.Key_Right)
        assert view.table.currentIndex() == view.model.index(0, COLUMNS.index("price"))
        key(qtbot, Qt.Key.Key_F2)
        assert isinstance(focus(), QLineEdit)
        key(qtbot, Qt.Key.Key_A, CTRL)
        type_text(qtbot, "12.50")
        key(qtbot, Qt.Key.Key_Return)
        with ListingsStore.open() as store:
            qtbot.waitUntil(lambda: got(store, "SKU-007").variants[0].price_cents == 1250, timeout=10_000)
    finally:
        window.close()
        window.deleteLater()


@pytest.mark.parametrize("opener", ["show_welcome", "files.export_dialog", "menus.show_guide", "menus.show_about"])
def test_dialogs_go_round_with_tab_and_close_with_esc(qtbot: QtBot, make_window, clip, opener: str) -> None:  # noqa: F811
    win = make_window()
    with qtbot.waitSignal(win.player.frameShown, timeout=20_000):
        win.open_path(clip(seconds=1, fps=30))
    dialog = operator.attrgetter(opener)(win)()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=10_000)
    start = focus()
    assert dialog.isAncestorOf(start)
    visited = [start]
    for _ in range(40):
        key(qtbot, Qt.Key.Key_Tab)
        assert focus() is not visited[-1] and shows(focus()) and dialog.isAncestorOf(focus()), focus()
        if focus() is start:
            break
        visited.append(focus())
    else:
        pytest.fail(f"Tab never comes back round in {opener}")
    assert not reachable(dialog) - set(visited)
    with qtbot.waitSignal(dialog.finished, timeout=5_000):
        key(qtbot, Qt.Key.Key_Escape)


@pytest.mark.usefixtures("demo_products_listed")  # the platform takes posts of listed products only
def test_uploads_and_my_posts_by_keyboard(qtbot: QtBot, make_window, sandbox, memory_keyring,  # noqa: F811
                                          tmp_path: Path) -> None:
    token = sandbox.token("me", roles=("creator",))
    save_token(sandbox.url, token)
    remember_server(sandbox.url)
    win: MainWindow = make_window()
    with qtbot.waitActive(win):
        win.activateWindow()
    win.connect_platform(sandbox.url)
    qtbot.waitUntil(lambda: win.account_menu.logged_in(), timeout=20_000)
    win.platform.upload(make_platform_package(tmp_path / "p.gcpkg", 300_000, title="Keys"))
    qtbot.waitUntil(lambda: any(r.post_id for r in win.upload_queue.model.records), timeout=60_000)

    # Uploads: the row is chosen with the arrows
    dock = go_to(qtbot, win, "uploadsDock")
    assert focus() is win.upload_queue.view
    key(qtbot, Qt.Key.Key_Down)
    assert win.upload_queue.view.currentIndex().row() == 0
    walk(qtbot, dock)

    # My Posts: Refresh with Space lists the post; Withdraw… with Space asks, Space on Yes withdraws it
    panel = win.posts_panel
    go_to(qtbot, win, "postsDock")
    tab_to(qtbot, panel.buttons["refresh"])
    with qtbot.waitSignal(panel.postsChanged, timeout=30_000):
        key(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: panel.selected_post() is not None, timeout=10_000)
    assert selected_post(panel).title == "Keys"
    tab_to(qtbot, panel.buttons["withdraw"])
    key(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), QMessageBox), timeout=10_000)
    box = QApplication.activeWindow()
    assert isinstance(box, QMessageBox)
    tab_to(qtbot, box.button(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(panel.withdrawn, timeout=30_000):
        key(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: selected_post(panel).status == "withdrawn", timeout=30_000)


def test_finder_proposals_by_keyboard(qtbot: QtBot, demo: MainWindow) -> None:
    win = demo
    windows = [ProductWindow("GC-SHOE-004", 24_000, 27_000, 0.9), ProductWindow("GC-SHOE-004", 1_000, 4_000, 0.8)]
    win.proposals.set_outcome(FindOutcome(windows, [[], []], []))  # what a search hands back
    qtbot.waitUntil(lambda: win.proposal_row.isVisible(), timeout=5_000)
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)
    assert focus() is win.proposal_row.lanes  # timeline, popup lanes, proposals
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Down)
    last = win.proposals.selected()
    assert last is not None and last.start_ms == 24_000  # the last in time: Down stays there
    key(qtbot, Qt.Key.Key_Up)
    chosen = win.proposals.selected()
    assert chosen is not None and chosen.start_ms == 1_000
    before = len(win.document.project.popups)
    key(qtbot, Qt.Key.Key_Return)
    assert len(win.document.project.popups) == before + 1 and len(win.proposals.items) == 1
    assert any(p.sku == "GC-SHOE-004" and p.start_ms < 4_000 for p in win.document.project.popups)


def _active_window_on(qtbot: QtBot, make: Callable[[], MainWindow], path: Path) -> MainWindow:
    """A main window that has the keyboard, showing the first frame of `path`."""
    win = make()
    with qtbot.waitActive(win):
        win.activateWindow()
    with qtbot.waitSignal(win.player.frameShown, timeout=20_000):
        win.open_path(path)
    return win


def test_a_floating_panel_keeps_its_keys(qtbot: QtBot, make_window, clip) -> None:  # noqa: F811
    win = _active_window_on(qtbot, make_window, clip(seconds=1, fps=30))
    dock = dock_named(win, "soundDock")
    dock.setFloating(True)
    qtbot.waitUntil(dock.isVisible, timeout=5_000)
    key(qtbot, Qt.Key.Key_6, CTRL)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.sound_panel.mute, timeout=5_000)
    key(qtbot, Qt.Key.Key_Space)  # ticks the box in the floating panel; the video does not play
    assert win.document.project.sound.mute and not win.player.playing
    key(qtbot, Qt.Key.Key_Escape)  # back to the main window's timeline
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.timeline, timeout=5_000)


def test_timeline_zoom_and_cover_crop_by_keyboard(qtbot: QtBot, make_window, clip) -> None:  # noqa: F811
    # 320x240: a 3:4 crop is narrower than the picture
    win = _active_window_on(qtbot, make_window, clip(seconds=2, fps=30))
    key(qtbot, Qt.Key.Key_Escape)
    assert focus() is win.timeline
    key(qtbot, Qt.Key.Key_Plus)
    key(qtbot, Qt.Key.Key_Plus)
    assert win.timeline.zoom > 1.5
    key(qtbot, Qt.Key.Key_Minus)
    key(qtbot, Qt.Key.Key_Minus)
    assert win.timeline.zoom == pytest.approx(1.0)

    canvas = win.cover_panel.canvas
    go_to(qtbot, win, "coverDock")
    assert focus() is canvas
    qtbot.waitUntil(lambda: canvas.crop_box().isValid(), timeout=20_000)
    steps = win.document.undo_stack.count()
    start = canvas.crop_box()
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Right)  # the crop moves, not the playhead
    cover = win.document.project.cover
    crop = cover.crop if cover is not None else None
    assert crop is not None and canvas.crop_box().x() > start.x() and win.player.position == 0
    assert win.document.undo_stack.count() == steps + 1  # three presses, one undo step
    key(qtbot, Qt.Key.Key_Minus)
    cover = win.document.project.cover
    assert cover is not None and cover.crop is not None and cover.crop.w < crop.w


def test_cover_suggestions_by_keyboard(qtbot: QtBot, make_window, clip) -> None:  # noqa: F811
    win = _active_window_on(qtbot, make_window, clip(seconds=3, fps=30))
    panel = win.cover_panel
    qtbot.waitUntil(panel.suggest_button.isEnabled, timeout=20_000)
    go_to(qtbot, win, "coverDock")
    tab_to(qtbot, panel.suggest_button)
    with qtbot.waitSignal(panel.suggestionsReady, timeout=60_000):
        key(qtbot, Qt.Key.Key_Space)
    assert panel.suggestion_list.count() >= 2
    tab_to(qtbot, panel.suggestion_list)
    key(qtbot, Qt.Key.Key_Home)
    key(qtbot, Qt.Key.Key_Right)  # the list runs left to right
    item = panel.suggestion_list.currentItem()
    assert item is panel.suggestion_list.item(1)
    steps = win.document.undo_stack.count()
    key(qtbot, Qt.Key.Key_Return)
    assert win.document.project.cover is not None
    assert win.document.project.cover.time_ms == item.data(Qt.ItemDataRole.UserRole)
    key(qtbot, Qt.Key.Key_Return)  # the same one again: nothing more to undo
    assert win.document.undo_stack.count() == steps + 1


def test_tab_from_the_timeline_goes_to_the_lanes_then_the_time_fields(qtbot: QtBot, demo: MainWindow) -> None:
    """The transport's buttons are no Tab stops (each has its key); its time fields are."""
    order = []
    for _ in range(4):
        key(qtbot, Qt.Key.Key_Tab)
        order.append(focus())
    transport = demo.transport
    assert order == [demo.popup_lanes, transport.in_field, transport.out_field, transport.time_field]
