"""Starting the GUI: the QApplication, translations, style, the main window, and what to open first."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
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
    app.setPalette(dark_palette())
    app.setWindowIcon(app_icon())
    install_translator(app)
    return app


def dark_palette() -> QPalette:
    """The studio's dark theme (video tools are used in dim rooms; the picture is what should glow)."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in {
        roles.Window: "#202124", roles.WindowText: "#e8eaed", roles.Base: "#171717", roles.AlternateBase: "#26272b",
        roles.ToolTipBase: "#303134", roles.ToolTipText: "#e8eaed", roles.Text: "#e8eaed", roles.Button: "#2d2e31",
        roles.ButtonText: "#e8eaed", roles.BrightText: "#ff6b6b", roles.Highlight: "#ff4d4f",
        roles.HighlightedText: "#ffffff", roles.Link: "#8ab4f8", roles.PlaceholderText: "#9aa0a6",
    }.items():
        palette.setColor(role, QColor(colour))
    for role in (roles.Text, roles.ButtonText, roles.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b6f75"))
    return palette


def run_gui(files: Sequence[str]) -> int:
    """Open the main window (with `files`, else offer recovered work) and run the event loop."""
    app = create_app()
    window = MainWindow()
    window.show()
    if files:
        window.open_path(Path(files[0]))
    else:
        window.offer_recovery()
    code = app.exec()
    window.player.shutdown()  # quitting without closing the window (a signal, the session ending)
    return code


def run_review(package: Path) -> int:
    """Open the review window on `package` (issue 8) and run the event loop."""
    from studio.ui.review_window import ReviewWindow

    app = create_app()
    window = ReviewWindow()
    window.show()
    window.open_package(package)
    code = app.exec()
    window.player.shutdown()
    return code
