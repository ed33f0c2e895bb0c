"""The main window driven as a person would: open, step, type a time, trim, undo, save, recover, relink."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import av
import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox, QScrollArea
from pytestqt.exceptions import TimeoutError as QtBotTimeout

from studio.core.project import TrimRange
from studio.core.project_file import load_project
from studio.core.recovery import list_recoveries
from studio.ui.editor.relink_dialog import RelinkDialog
from studio.ui.i18n import install_translator
from studio.ui.main_window import MainWindow
from studio.ui.workers import running_tasks, wait_for_done
from tests.qt_fixtures import child

pytestmark = pytest.mark.gui


@pytest.fixture
def make_window(qtbot):
    """Main windows that are closed without a "save changes?" prompt after the test, pass or fail.

    They are not given to qtbot.addWidget: qtbot closes its widgets before fixtures tear down, and a
    modified document would then wait for an answer to the prompt.
    """
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        win = MainWindow()
        win.show()
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.document.undo_stack.setClean()
        win.close()
        win.deleteLater()
    wait_for_done(10_000)
    qtbot.waitUntil(lambda: not running_tasks(), timeout=10_000)


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


def shown_image(window: MainWindow) -> QImage:
    """The picture the video view shows."""
    image = window.view.image
    assert image is not None, "the view shows no picture"
    return image


def open_and_wait(qtbot, win: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(win.player.frameShown, timeout=20_000):
        win.open_path(path)


def press(qtbot, win: MainWindow, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(win.timeline, key, modifier)


def test_open_clip_shows_facts_and_first_frame(qtbot, window: MainWindow, clip) -> None:
    path = clip(seconds=2, fps=30)
    open_and_wait(qtbot, window, path)
    assert window.document.media_path == path
    assert window.view.image is not None and not window.view.image.isNull()
    facts = window.facts_label.text()
    assert "320×240" in facts and "30 fps" in facts and "60" in facts
    assert window.transport.duration_label.text() == "/ 0:02.000"
    assert window.windowTitle().startswith(path.name)
    assert window.editor.act_play.isEnabled()


def test_frame_stepping_and_jumps(qtbot, window: MainWindow, clip) -> None:
    open_and_wait(qtbot, window, clip(seconds=3, fps=30))
    times = window.player.frame_times
    for _ in range(5):
        with qtbot.waitSignal(window.player.frameShown, timeout=10_000) as shown:
            press(qtbot, window, Qt.Key.Key_Right)
    assert window.player.position == times[5] == 167
    assert shown.args == [167]
    assert window.transport.time_field.text() == "0:00.167"
    with qtbot.waitSignal(window.player.frameShown, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_Left)
    assert window.player.position == times[4]
    with qtbot.waitSignal(window.player.frameShown, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.player.position == 1134  # the frame shown at 134 + 1000 ms
    with qtbot.waitSignal(window.player.frameShown, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_End)
    assert window.player.position == times[-1]


def test_stepped_frames_differ(qtbot, window: MainWindow, clip) -> None:
    open_and_wait(qtbot, window, clip(seconds=1, fps=30))
    first = shown_image(window).copy()
    with qtbot.waitSignal(window.player.frameShown, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_Right)
    assert window.view.image != first  # testsrc2 changes every frame


def test_typed_time(qtbot, window: MainWindow, clip) -> None:
    open_and_wait(qtbot, window, clip(seconds=3, fps=30))
    field = window.transport.time_field
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "1.25")
    with qtbot.waitSignal(window.player.frameShown, timeout=10_000):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.player.position == 1234  # the frame at 1250 ms started at 1233.3 ms


def test_in_out_keys_undo_redo_and_save(qtbot, window: MainWindow, clip, tmp_path: Path) -> None:
    open_and_wait(qtbot, window, clip(seconds=3, fps=30))
    for _ in range(3):
        with qtbot.waitSignal(window.player.frameShown, timeout=10_000):
            press(qtbot, window, Qt.Key.Key_Right)
    press(qtbot, window, Qt.Key.Key_I)
    assert window.document.project.trim == TrimRange(100, 3000)
    with qtbot.waitSignal(window.player.frameShown, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_O)
    assert window.document.project.trim == TrimRange(100, 1134)  # out is exclusive: after the frame at 1100
    assert window.document.modified and window.isWindowModified()
    assert window.transport.length_label.text() == "Length 0:01.034"
    assert (window.transport.in_field.text(), window.transport.out_field.text()) == ("0:00.100", "0:01.134")
    qtbot.keyClick(window.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.project.trim == TrimRange(100, 3000)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.timeline, Qt.Key.Key_Z, ctrl_shift)
    assert window.document.project.trim == TrimRange(100, 1134)
    target = tmp_path / "cut.gcs"
    assert window.files.save_to(target)
    assert not window.document.modified
    assert load_project(target).trim == TrimRange(100, 1134)


def test_drop_opens_file_and_recent_files(qtbot, window: MainWindow, clip) -> None:
    path = clip(seconds=1)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPoint(20, 20).toPointF(), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.player.frameShown, timeout=20_000):
        window.dropEvent(event)
    assert event.isAccepted()
    assert window.document.media_path == path
    recent = [a.data() for a in window.menus.recent_menu.actions()]
    assert recent == [str(path)]


def test_bad_file_shows_error_and_keeps_document(qtbot, window: MainWindow, tmp_path: Path) -> None:
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"\x00\x01" * 2000)
    window.open_path(bad)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is not None, timeout=20_000)
    box = child(window, QMessageBox, "errorBox")
    assert "broken.mp4" in box.text() and "not a video file" in box.text()
    assert window.document.media_info is None
    box.close()


def test_autosave_and_recovery(qtbot, window: MainWindow, make_window, clip, tmp_path: Path) -> None:
    source = tmp_path / "take.mp4"
    shutil.copy(clip(seconds=2), source)
    open_and_wait(qtbot, window, source)
    assert window.files.save_to(tmp_path / "take.gcs")
    assert window.files.autosave() is None  # nothing modified, nothing written
    press(qtbot, window, Qt.Key.Key_O)
    assert window.files.autosave() is not None
    assert [e.recovery_of for e in list_recoveries()] == [tmp_path / "take.gcs"]

    crashed = make_window()  # the app after a crash: the recovery file is still there
    box = crashed.offer_recovery()
    assert box is not None and "take.gcs" in box.text()
    recover = next(b for b in box.buttons() if b.text() == "Recover")
    with qtbot.waitSignal(crashed.player.frameShown, timeout=20_000):
        recover.click()
    assert crashed.document.project.trim == TrimRange(0, 34)
    assert crashed.document.modified and crashed.document.path == tmp_path / "take.gcs"
    assert list_recoveries() == []


def test_relink_rejects_other_file_and_accepts_moved_one(qtbot, window: MainWindow, clip, tmp_path: Path) -> None:
    project_dir = tmp_path / "project"
    project_dir.mkdir()
    source = project_dir / "take.mp4"
    shutil.copy(clip(seconds=2), source)
    open_and_wait(qtbot, window, source)
    project = project_dir / "take.gcs"
    assert window.files.save_to(project)
    window.files.close_document()
    elsewhere = tmp_path / "moved"
    elsewhere.mkdir()
    moved = elsewhere / "take.mp4"
    source.rename(moved)
    impostor = tmp_path / "take.mp4"
    shutil.copy(clip(seconds=1), impostor)  # same name, other content

    window.open_path(project)
    qtbot.waitUntil(lambda: window.findChild(RelinkDialog) is not None, timeout=5_000)
    dialog = child(window, RelinkDialog)
    assert not dialog.try_path(impostor)
    assert dialog.error_label.isVisible() and "content differs" in dialog.error_label.text()
    with qtbot.waitSignal(window.player.frameShown, timeout=20_000):
        assert dialog.try_path(moved)
    assert window.document.media_path == moved
    assert window.document.modified  # the new location is an edit to save
    assert window.files.save_to(project)
    relinked = load_project(project).source
    assert relinked is not None and relinked.absolute_path == str(moved)


def test_shuttle_keys(qtbot, window: MainWindow, clip) -> None:
    open_and_wait(qtbot, window, clip(seconds=3))
    press(qtbot, window, Qt.Key.Key_L)
    assert window.player.playing and window.player.rate == 1.0
    press(qtbot, window, Qt.Key.Key_L)
    assert window.player.rate == 2.0
    press(qtbot, window, Qt.Key.Key_K)
    assert not window.player.playing
    with qtbot.waitSignal(window.player.frameShown, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_End)
    end = window.player.position
    press(qtbot, window, Qt.Key.Key_J)
    assert window.player.rate == -1.0
    qtbot.waitUntil(lambda: window.player.position < end, timeout=5_000)
    press(qtbot, window, Qt.Key.Key_K)
    assert not window.player.playing


def test_large_source_gets_a_scrub_proxy(qtbot, window: MainWindow, clip) -> None:
    open_and_wait(qtbot, window, clip(seconds=1, width=1280, height=720))
    qtbot.waitUntil(lambda: window.editor._proxy_task is not None and window.editor._proxy_task.done, timeout=60_000)
    proxy_task = window.editor._proxy_task
    assert proxy_task is not None and proxy_task.error is None
    with qtbot.waitSignal(window.player.frameShown, timeout=10_000):
        press(qtbot, window, Qt.Key.Key_Right)
    server = window.player.server
    assert server is not None and server.proxy_path is not None  # stepping now reads the all-intra proxy
    assert shown_image(window).width() == 960


def test_small_source_needs_no_proxy(qtbot, window: MainWindow, clip) -> None:
    open_and_wait(qtbot, window, clip(seconds=1))
    assert window.editor._proxy_task is None


@pytest.mark.real_media
def test_av1_plays_from_the_frame_server(qtbot, window: MainWindow, real_media: Path) -> None:
    """QtMultimedia decodes no AV1 picture here; playback notices and shows frame-server frames instead."""
    open_and_wait(qtbot, window, real_media / "androidx__sample_av1.mp4")
    first = shown_image(window).copy()
    press(qtbot, window, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: window.player._sink_dead, timeout=10_000)
    with qtbot.waitSignal(window.player.frameShown, timeout=10_000) as shown:
        pass
    assert shown.args[0] > 0
    assert window.view.image != first


def type_into(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_typed_in_and_out_snap_to_frames(qtbot, window: MainWindow, clip) -> None:
    open_and_wait(qtbot, window, clip(seconds=3, fps=30))
    type_into(qtbot, window.transport.in_field, "0.5")
    assert window.document.project.trim == TrimRange(500, 3000)  # 500 ms is a frame start (frame 15)
    type_into(qtbot, window.transport.in_field, "0.52")
    assert window.document.project.trim == TrimRange(500, 3000)  # the frame shown at 520 started at 500
    type_into(qtbot, window.transport.out_field, "2.01")
    assert window.document.project.trim == TrimRange(500, 2000)  # nearest frame boundary
    assert window.transport.length_label.text() == "Length 0:01.500"
    type_into(qtbot, window.transport.out_field, "nonsense")
    assert window.document.project.trim == TrimRange(500, 2000)
    assert window.document.undo_stack.count() == 2  # the unchanged re-type made no undo step


def test_keyframe_snapping(qtbot, window: MainWindow, clip) -> None:
    open_and_wait(qtbot, window, clip(seconds=3, fps=30, gop=30))
    window.editor.act_snap_keyframes.trigger()
    type_into(qtbot, window.transport.in_field, "1.4")
    type_into(qtbot, window.transport.out_field, "2.2")
    assert window.document.project.trim == TrimRange(1000, 2000)


def test_dragging_a_handle_is_one_undo_step(qtbot, window: MainWindow, clip) -> None:
    open_and_wait(qtbot, window, clip(seconds=3, fps=30))
    for ms in (300, 520, 700):
        window.timeline.trimHandleMoved.emit("in", ms)
    window.timeline.trimHandleReleased.emit("in", 710)
    assert window.document.project.trim == TrimRange(700, 3000)
    window.timeline.trimHandleReleased.emit("in", 1000)  # a second drag
    assert window.document.undo_stack.count() == 2
    window.document.undo_stack.undo()
    assert window.document.project.trim == TrimRange(700, 3000)
    window.document.undo_stack.undo()
    assert window.document.project.trim is None


def test_export_dialog_shows_the_real_copy_cut_and_exports(qtbot, window: MainWindow, clip, tmp_path: Path) -> None:
    from studio.media.probe import probe
    from studio.ui.editor.export_dialog import ExportDialog

    source = tmp_path / "take.mp4"
    shutil.copy(clip(seconds=4, fps=30, gop=30), source)
    open_and_wait(qtbot, window, source)
    type_into(qtbot, window.transport.in_field, "1.5")
    type_into(qtbot, window.transport.out_field, "2.5")  # a second: every exported frame is 1080x1920
    window.editor.reframe_bar.buttons["crop"].click()  # the 4:3 take becomes 9:16 by its centre
    window.sound_panel.mute.setChecked(True)
    dialog = window.files.export_dialog()
    assert isinstance(dialog, ExportDialog) and (dialog.start_ms, dialog.end_ms) == (1500, 2500)
    # the project as it stands: its way of becoming 9:16 chosen, follow offered too
    assert [dialog.fit.itemData(i) for i in range(dialog.fit.count())] == ["pad", "crop", "follow"]
    assert dialog.fit.currentData() == "crop"
    qtbot.waitUntil(lambda: "exactly at 0:01.500" in dialog.plan_label.text(), timeout=20_000)
    dialog.mode_buttons["copy"].setChecked(True)
    qtbot.waitUntil(lambda: "(keyframes)" in dialog.plan_label.text(), timeout=20_000)
    assert "0:01.000" in dialog.plan_label.text()  # the keyframe at or before the in point
    dialog.mode_buttons["accurate"].setChecked(True)
    qtbot.waitUntil(lambda: "exactly" in dialog.plan_label.text(), timeout=20_000)
    out = tmp_path / "out.mp4"
    dialog.out_edit.setText(str(out))
    with qtbot.waitSignal(dialog.accepted, timeout=120_000):
        dialog.export_button.click()
    assert dialog.exported is not None and dialog.exported.mode == "accurate"
    info = probe(out)
    assert (info.display_width, info.display_height) == (1080, 1920)
    assert abs(info.duration_ms - 1000) <= 34
    with av.open(str(out)) as container:  # cropped, not padded: the top of the frame is picture, not a blurred copy
        grey = next(container.decode(video=0)).to_ndarray(format="gray").astype(float)
    sharp_edges = [float((np.abs(np.diff(grey[rows], axis=1)) > 20).mean())
                   for rows in (slice(0, 300), slice(810, 1110))]  # the top, and the middle for comparison
    assert min(sharp_edges) > 0.002, sharp_edges  # the blurred bars of a pad have none
    with av.open(str(out)) as container:  # the project's sound: the original (a 440 Hz tone) muted
        assert max(float(np.abs(frame.to_ndarray()).max()) for frame in container.decode(audio=0)) < 1e-3
    assert "Exported" in window.statusBar().currentMessage()


@pytest.fixture
def language():
    """Install the translation named by the test's `language` parameter; English again afterwards."""
    app = QApplication.instance()

    def install(name: str) -> None:
        install_translator(app, name)

    yield install
    install_translator(app, "en")


@pytest.mark.parametrize("ui_language", ["en", "zh_CN"])
def test_every_docked_panel_fits_the_width_of_a_laptop_screen(qtbot, make_window, language, ui_language: str,
                                                                clip) -> None:
    """At 1280x800 each right-hand panel scrolls down at most, never sideways, in either language; the cover
    panel puts its controls under the picture in the dock and beside them when floated wide."""
    language(ui_language)
    window = make_window()
    window.resize(1280, 770)
    open_and_wait(qtbot, window, clip(seconds=2, fps=30, width=360, height=640))
    docks = [d for d in window.findChildren(QDockWidget) if isinstance(d.widget(), QScrollArea)]
    assert (window.findChild(QDockWidget, "coverDock").windowTitle() == "Cover") == (ui_language == "en")
    assert {"coverDock", "postDock", "soundDock", "productsDock", "popupDock"} <= {d.objectName() for d in docks}
    for dock in docks:
        dock.raise_()
        qtbot.waitUntil(lambda dock=dock: dock.widget().viewport().isVisible(), timeout=5_000)
        scroll = dock.widget()
        # the layout settles a few events after the dock is shown: wait for it, then say what is wrong
        with contextlib.suppress(QtBotTimeout):
            qtbot.waitUntil(lambda scroll=scroll: scroll.widget().width() <= scroll.viewport().width()
                            and scroll.horizontalScrollBar().maximum() == 0, timeout=2_000)
        assert scroll.widget().width() <= scroll.viewport().width(), (
            dock.objectName(), scroll.widget().width(), scroll.viewport().width(),
            scroll.widget().minimumSizeHint().width())
        assert scroll.horizontalScrollBar().maximum() == 0, dock.objectName()
    panel = window.cover_panel
    canvas, form = panel.canvas, panel.aspect_box
    assert canvas.mapTo(panel, canvas.rect().bottomLeft()).y() < form.mapTo(panel, form.rect().topLeft()).y()
    cover_dock = window.findChild(QDockWidget, "coverDock")
    cover_dock.setFloating(True)
    cover_dock.resize(1000, 760)
    qtbot.waitUntil(lambda: canvas.mapTo(panel, canvas.rect().topRight()).x()
                    < form.mapTo(panel, form.rect().topLeft()).x(), timeout=5_000)
