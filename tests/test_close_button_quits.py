"""The main window's close button, on the app's last creator window, is File > Quit: it asks once about running
tasks and unsaved work, closes the Listings and Review windows and ends the process. Run in a real process with
the real windows offscreen, answering the real message boxes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.package_fixtures import make_package

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent("""
    import sys, threading
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from studio.ui.app import create_app
    from studio.ui.main_window import MainWindow

    app = create_app()
    win = MainWindow()
    win.show()
    win.workspaces.open_merchant_workspace()
    review = win.workspaces.open_review(Path(sys.argv[1]))
    win.open_path(Path(sys.argv[2]))
    release = threading.Event()
    asked = []

    def slow(_progress, cancel):
        while not release.wait(0.02):
            cancel.raise_if_cancelled()

    def answer():  # what the person clicks in each box that opens, once per box
        for box in QApplication.topLevelWidgets():
            if isinstance(box, QMessageBox) and box.isVisible() and box.objectName() not in asked[-1:]:
                asked.append(box.objectName())
                if box.objectName() == "tasksRunningBox":
                    box.buttons()[[box.buttonRole(b) for b in box.buttons()].index(
                        QMessageBox.ButtonRole.DestructiveRole)].click()
                else:
                    box.button(QMessageBox.StandardButton.Discard).click()

    def close_when_ready():
        if review.opened_package is None or win.document.media_info is None or win.tasks.unfinished():
            QTimer.singleShot(100, close_when_ready)
            return
        win.post_editor.title.textEdited.emit("Not saved yet")
        win.tasks.start(slow, str, "Slow work")
        print("windows:", sorted(type(w).__name__ for w in app.topLevelWidgets() if w.isVisible()), flush=True)
        print("modified:", win.document.modified, flush=True)
        win.close()  # what the title bar's close button does

    ticker = QTimer()
    ticker.timeout.connect(answer)
    ticker.start(50)
    QTimer.singleShot(100, close_when_ready)
    code = app.exec()
    print("asked:", asked, flush=True)
    print("left:", [type(w).__name__ for w in app.topLevelWidgets() if w.isVisible()], flush=True)
    sys.exit(code)
""")


def test_the_last_main_windows_close_button_quits_the_app(tmp_path: Path, clip) -> None:
    package = make_package(tmp_path, clip)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(package), str(clip(seconds=2, fps=30))], env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "MerchantWindow" in done.stdout and "ReviewWindow" in done.stdout, done.stdout
    assert "modified: True" in done.stdout
    assert "asked: ['tasksRunningBox', 'unsavedBox']" in done.stdout, done.stdout  # each question once
    assert "left: []" in done.stdout, done.stdout
