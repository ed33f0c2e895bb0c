"""Starting the GUI: the QApplication, translations, style, the main window, and what to open first."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from studio import __version__
from studio.ui.i18n import install_translator
from studio.ui.main_window import MainWindow, app_icon


def create_app(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    assert isinstance(app, QApplication)
    app.setApplicationName("Good Circle Studio")
    app.setOrganizationName("GoodCircle")
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    app.setWindowIcon(app_icon())
    install_translator(app)
    return app


def run_gui(files: Sequence[str]) -> int:
    """Open the main window (with `files`, else offer recovered work) and run the event loop."""
    app = create_app()
    window = MainWindow()
    window.show()
    if files:
        window.open_path(Path(files[0]))
    else:
        window.offer_recovery()
    return app.exec()
