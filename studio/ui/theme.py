"""The app's two themes (dark for dim rooms, light) and which one a choice ("system", "dark", "light") means now.

Must not hold: where the choice is kept (`core.settings`), the View > Theme menu (`menus`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


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


def light_palette() -> QPalette:
    """The light theme: Fusion's own palette with the studio's accent."""
    palette = QApplication.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#e8363a"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    return palette


def dark_wanted(choice: str) -> bool:
    """Whether `choice` ("system", "dark" or "light") means the dark theme now (system: the desktop's scheme;
    the dark one when the desktop does not say)."""
    if choice in ("dark", "light"):
        return choice == "dark"
    return QGuiApplication.styleHints().colorScheme() != Qt.ColorScheme.Light


def apply_theme(app: QApplication, choice: str) -> None:
    app.setPalette(dark_palette() if dark_wanted(choice) else light_palette())
