"""Work with a kind and a place, tasks that queue, Save As that goes on, changes with a kind, and Quit, through
the real main window: real pools, real ffmpeg packing and finding, real Qt dialogs offscreen, and a real process
for Quit."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from studio.core.cancel import CancelToken, Progress
from studio.core.package import verify_package
from studio.core.project import TrimRange
from studio.core.project_file import load_project, save_project
from studio.ui.editor.document import Change
from studio.ui.main_window import MainWindow
from studio.ui.task_list import State
from studio.ui.workers import Kind, pool, run_task
from tests.package_fixtures import make_package
from tests.test_finder_ui import finder_clip  # noqa: F401  (the fixture)
from tests.test_main_window import make_window, open_and_wait  # noqa: F401  (the fixture)
from tests.test_pack import make_project

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[1]


class Gate:
    """A job that holds its pool thread until the test opens the gate (or the task is cancelled)."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.ran = threading.Event()

    def __call__(self, _progress: Progress, cancel: CancelToken) -> str:
        self.ran.set()
        while not self.open.wait(0.02):
            cancel.raise_if_cancelled()
        return "through"


def test_find_products_during_a_pack_leaves_the_pack_to_finish(qtbot: QtBot, make_window, finder_clip,  # noqa: F811
                                                               tmp_path: Path) -> None:
    video, _truth, shots = finder_clip
    # the pack exports 4 s around the popup, not the whole 10 s clip: what is tested is that the two tasks run
    # side by side and both finish, not how long the pack takes
    project = make_project(tmp_path, video, popups={"before": (6_000, 8_500)}, skus={"before": "GC-SHOE-004"},
                           trim=TrimRange(5_000, 9_000))
    packable = load_project(project)  # a packable project whose product photo is the packshot in the video
    packable.popups[0].snapshot["image"] = str(shots["A"])
    save_project(packable, project)
    win: MainWindow = make_window()
    open_and_wait(qtbot, win, project)
    out = tmp_path / "during.gcpkg"
    with qtbot.waitSignal(win.packed, timeout=240_000):
        pack = win.files.pack_to(out)
        win.editor.act_find_products.trigger()
        find = win.tasks.unfinished()[-1].task
        assert find is not None and find is not pack and not pack.cancel_token.cancelled
        assert [e.label for e in win.tasks.unfinished()] == ["Packing during.gcpkg…",
                                                             f"Finding products in {video.name}…"]
    assert verify_package(out).valid
    qtbot.waitUntil(lambda: win.tasks.current is None, timeout=240_000)
    pack_entry, find_entry = win.tasks.entries[-2:]
    assert (pack_entry.state, find_entry.state) == (State.DONE, State.DONE), (pack_entry.message, find_entry.message)
    assert pack_entry.message.startswith("Packed ") and find_entry.message.startswith("Found ")


def test_save_as_from_pack_on_an_untitled_project_ends_with_a_package(qtbot: QtBot, make_window, clip,  # noqa: F811
                                                                      tmp_path: Path) -> None:
    win: MainWindow = make_window()
    video = clip(seconds=1, fps=30)  # packed at 1080x1920 in the end: a second of it shows the package is made
    open_and_wait(qtbot, win, video)
    assert win.document.path is None
    win.post_editor.title.textEdited.emit("Untitled no more")  # the one rule a bare video breaks
    # a Cancel in Save As stops the pack cleanly: nothing saved, nothing queued
    win.files.act_pack.trigger()
    dialog = win.findChild(QFileDialog, "saveAsDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    assert win.document.path is None and win.findChild(QFileDialog, "packDialog") is None
    assert [e.label for e in win.tasks.entries] == [f"Opening {video.name}…"]
    # chosen, the project is saved there and the pack goes on to ask where the package goes
    win.files.act_pack.trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in win.findChildren(QFileDialog, "saveAsDialog")))
    dialog = next(d for d in win.findChildren(QFileDialog, "saveAsDialog") if d.isVisible())
    dialog.selectFile(str(tmp_path / "untitled.gcs"))
    dialog.accept()
    assert win.document.path == tmp_path / "untitled.gcs" and not win.document.modified
    pack_dialog = win.findChild(QFileDialog, "packDialog")
    assert pack_dialog is not None and pack_dialog.isVisible()
    assert Path(pack_dialog.selectedFiles()[0]).name == "untitled.gcpkg"
    with qtbot.waitSignal(win.packed, timeout=120_000) as packed:
        pack_dialog.selectFile(str(tmp_path / "untitled.gcpkg"))
        pack_dialog.accept()
    assert packed.args == [str(tmp_path / "untitled.gcpkg")]
    assert verify_package(tmp_path / "untitled.gcpkg").valid


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")  # the popover, on the offscreen platform
def test_tasks_queue_and_cancel_one_by_one(qtbot: QtBot, make_window) -> None:  # noqa: F811
    win: MainWindow = make_window()
    width = pool(Kind.LONG).maxThreadCount()
    gates = [Gate() for _ in range(width + 1)]
    for number, gate in enumerate(gates):
        win.tasks.start(gate, str, f"Gate {number}")
    qtbot.waitUntil(lambda: all(g.ran.is_set() for g in gates[:width]), timeout=10_000)
    entries = list(win.tasks.entries)
    qtbot.waitUntil(lambda: [e.state for e in entries] == [State.RUNNING] * width + [State.WAITING])
    assert win.tasks.act_show.text() == f"Tasks: {width} running, 1 waiting"
    win.tasks.show_list()
    rows = win.tasks.popover.rows
    assert rows[entries[-1].task.key].state.text() == "Waiting for the tasks before it"
    qtbot.mouseClick(rows[entries[-1].task.key].cancel, Qt.MouseButton.LeftButton)  # the waiting one
    for gate in gates:
        gate.open.set()
    qtbot.waitUntil(lambda: win.tasks.current is None, timeout=10_000)
    assert [e.state for e in entries] == [State.DONE] * width + [State.CANCELLED]
    assert not gates[-1].ran.is_set()  # cancelled while it waited: it never started
    assert rows[entries[-1].task.key].state.text().startswith("Cancelled")
    win.tasks.popover.hide()


def test_the_frame_under_the_playhead_never_waits_for_long_or_network_work(qtbot: QtBot, make_window,  # noqa: F811
                                                                          clip) -> None:
    win: MainWindow = make_window()
    open_and_wait(qtbot, win, clip(seconds=2, fps=30))
    gates = [Gate() for _ in range(pool(Kind.LONG).maxThreadCount() + pool(Kind.NETWORK).maxThreadCount())]
    tasks = [run_task(gate, kind=Kind.LONG if n < pool(Kind.LONG).maxThreadCount() else Kind.NETWORK)
             for n, gate in enumerate(gates)]
    try:
        qtbot.waitUntil(lambda: all(g.ran.is_set() for g in gates), timeout=10_000)
        for _ in range(3):
            with qtbot.waitSignal(win.player.frameShown, timeout=5_000):
                win.editor.act_step_forward.trigger()
    finally:
        for gate in gates:
            gate.open.set()
    qtbot.waitUntil(lambda: all(t.done for t in tasks), timeout=10_000)


def test_closing_with_a_task_running_asks(qtbot: QtBot, make_window) -> None:  # noqa: F811
    win: MainWindow = make_window()
    gate = Gate()
    task = win.tasks.start(gate, str, "Slow work")
    qtbot.waitUntil(gate.ran.is_set, timeout=10_000)
    win.close()
    box = win.findChild(QMessageBox, "tasksRunningBox")
    assert box is not None and "Slow work" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert win.isVisible() and not task.cancel_token.cancelled
    win.close()
    box = next(b for b in win.findChildren(QMessageBox, "tasksRunningBox") if b.isVisible())
    stop = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert task.cancel_token.cancelled and not gate.open.is_set()


def test_a_trim_drag_tells_only_of_the_trim(qtbot: QtBot, make_window, clip) -> None:  # noqa: F811
    win: MainWindow = make_window()
    open_and_wait(qtbot, win, clip(seconds=2, fps=30))
    heard: list[Change] = []
    for kind in Change:
        win.document.signal(kind).connect(functools.partial(heard.append, kind))
    checks: list[int] = []
    win.popup_editor.popupsChanged.connect(functools.partial(checks.append, 1))
    for ms in (300, 400, 500, 600):
        win.timeline.trimHandleMoved.emit("in", ms)
    win.timeline.trimHandleReleased.emit("in", 700)
    assert set(heard) == {Change.TRIM} and len(heard) == 5
    assert win.timeline._trim[0] == 700 and win.document.undo_stack.count() == 1  # one undo step
    assert len(checks) == 1  # the popups were checked once at the drag's start, not on every move
    qtbot.waitUntil(lambda: len(checks) == 2, timeout=2_000)  # and once when it settled
    heard.clear()
    win.document.undo_stack.undo()
    assert heard == [Change.TRIM]


def test_quit_with_the_listings_and_review_windows_open_ends_the_process(tmp_path: Path, clip) -> None:
    package = make_package(tmp_path, clip)
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        from PySide6.QtCore import QTimer
        from studio.ui.app import create_app
        from studio.ui.main_window import MainWindow

        app = create_app()
        win = MainWindow()
        win.show()
        win.workspaces.open_merchant_workspace()
        review = win.workspaces.open_review(Path(sys.argv[1]))

        def quit_once_open():
            if review.opened_package is None:
                QTimer.singleShot(100, quit_once_open)
                return
            print("windows:", sorted(type(w).__name__ for w in app.topLevelWidgets()
                                     if w.isVisible()), flush=True)
            win.files.act_quit.trigger()

        QTimer.singleShot(100, quit_once_open)
        code = app.exec()
        print("left:", [type(w).__name__ for w in app.topLevelWidgets() if w.isVisible()], flush=True)
        sys.exit(code)
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script, str(package)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "MerchantWindow" in done.stdout and "ReviewWindow" in done.stdout, done.stdout
    assert "left: []" in done.stdout


def test_a_task_cancelled_while_it_waits_ends_at_once_and_never_runs(qtbot: QtBot) -> None:
    """Cancel on a task still waiting behind its pool's other work takes it out of the queue: it ends cancelled
    now, not when the pool gets to it, and its job never starts."""
    release = threading.Event()
    blockers = [run_task(lambda _p, _c: release.wait(30), kind=Kind.NETWORK, label="blocker")
                for _ in range(pool(Kind.NETWORK).maxThreadCount())]
    ran: list[bool] = []
    errors: list[BaseException] = []
    waiting = run_task(lambda _p, _c: ran.append(True), kind=Kind.NETWORK, label="waiting",
                       on_error=errors.append)
    try:
        waiting.cancel()
        qtbot.waitUntil(lambda: waiting.done, timeout=5_000)
        assert not ran and type(errors[0]).__name__ == "Cancelled"
        assert not all(b.done for b in blockers)  # it did not wait for them
    finally:
        release.set()
        qtbot.waitUntil(lambda: all(b.done for b in blockers), timeout=10_000)
    assert not ran
