"""A QGuiApplication for painting outside the app window: the CLI, jobs and tests that render cards.

QtGui painting with text needs a QGuiApplication (fonts live in its font database). `ensure_gui_app()`
makes one when none exists, on the `offscreen` platform when there is no display, and otherwise returns the
application already running (the app's QApplication is a QGuiApplication too).
Must not hold: widgets, painting, or anything a caller could want configured differently.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

_app: QGuiApplication | None = None
"""The application this module made (kept referenced so Python does not destroy it)."""


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def ensure_gui_app() -> QGuiApplication:
    """The running QGuiApplication, made now (offscreen when there is no display) if there is none.

    Raises RuntimeError when a plain QCoreApplication already runs: Qt allows one application object per
    process and a core application cannot paint text.
    """
    global _app
    existing = QCoreApplication.instance()
    if existing is not None:
        if not isinstance(existing, QGuiApplication):
            raise RuntimeError("a QCoreApplication is running; painting needs a QGuiApplication")
        return existing
    args = [sys.argv[0] if sys.argv else "studio"]
    if not os.environ.get("QT_QPA_PLATFORM") and not _has_display():
        args += ["-platform", "offscreen"]
    _app = QGuiApplication(args)
    return _app
