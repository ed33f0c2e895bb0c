"""Quitting while a video opens: in the window, the opening's result arrives after the window closed and nothing is
printed (pytest-qt fails the test on an exception raised in a Qt callback and on a Qt warning); in a real process,
File > Quit as the opening starts ends the process with no job left running and nothing printed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from studio.ui.main_window import MainWindow
from studio.ui.workers import running_tasks, wait_for_done

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[1]


def quit_during_the_opening(qtbot: QtBot, clip) -> MainWindow:
    win = MainWindow()
    win.show()
    video = clip(seconds=3, fps=30)
    win.open_path(video)
    assert [e.label for e in win.tasks.unfinished()] == [f"Opening {video.name}…"]
    win.files.act_quit.trigger()
    box = win.findChild(QMessageBox, "tasksRunningBox")
    assert box is not None and "Opening " in box.text()
    stop = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    stop.click()
    assert not win.isVisible()
    return win


def test_an_opening_that_ends_after_the_window_closed(qtbot: QtBot, clip) -> None:
    win = quit_during_the_opening(qtbot, clip)
    assert any(e.label.startswith("Opening ") for e in win.tasks.unfinished())  # its result is still to come
    qtbot.waitUntil(lambda: not running_tasks(), timeout=60_000)
    qtbot.wait(200)  # what the result's delivery queued runs too
    assert not win.isVisible() and win.document.media_info is None  # the closed window opened nothing
    assert wait_for_done(30_000)
    win.deleteLater()


SCRIPT = textwrap.dedent("""
    import sys, threading
    from pathlib import Path
    from PySide6.QtCore import QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QMessageBox
    from studio.ui.app import create_app
    from studio.ui.main_window import MainWindow
    from studio.ui.workers import Kind, pool

    printed = []

    def excepthook(kind, value, tb):
        printed.append(repr(value))
        sys.__excepthook__(kind, value, tb)

    sys.excepthook = excepthook
    threading.excepthook = lambda args: excepthook(args.exc_type, args.exc_value, args.exc_traceback)
    qInstallMessageHandler(lambda mode, context, message: printed.append(message) if "Error" in message else None)
    app = create_app()
    win = MainWindow()
    win.show()

    def open_then_quit():
        win.open_path(Path(sys.argv[1]))
        win.tasks.unfinished()[-1].task.started.connect(win.files.act_quit.trigger)  # Quit as it starts

    def stop_and_close():
        for box in QApplication.topLevelWidgets():
            if isinstance(box, QMessageBox) and box.isVisible():
                next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole).click()

    ticker = QTimer()
    ticker.timeout.connect(stop_and_close)
    ticker.start(5)
    QTimer.singleShot(50, open_then_quit)
    code = app.exec()
    print("running after the event loop:", any(pool(kind).activeThreadCount() for kind in Kind), flush=True)
    sys.exit(code)
""")


def test_quit_as_an_opening_starts_leaves_no_job_running_and_prints_nothing(clip) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    for _ in range(3):  # the opening's job is cut short at a different point each time
        done = subprocess.run([sys.executable, "-c", SCRIPT, str(clip(seconds=3, fps=30))], env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "running after the event loop: False" in done.stdout, done.stdout
        assert "Traceback" not in done.stderr and "Error calling" not in done.stderr, done.stderr[-3000:]
