"""Showing errors to a person: one function, in their language, never blocking the GUI thread."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from studio.core.errors import Cancelled, StudioError

log = logging.getLogger(__name__)


def error_text(error: BaseException) -> str:
    """The error's message translated (template first, then the values), with the file it concerns."""
    if isinstance(error, StudioError):
        template = QCoreApplication.translate("errors", error.template)
        try:
            message = template.format(**error.values)
        except (KeyError, IndexError, ValueError):
            message = error.message
        if error.path:
            return QCoreApplication.translate("errors", "{path}: {message}").format(path=error.path, message=message)
        return message
    return QCoreApplication.translate("errors", "Unexpected error: {error}").format(error=error)


def show_error(parent: QWidget | None, error: BaseException, title: str | None = None) -> QMessageBox | None:
    """Show `error` in a window-modal message box (not for a cancel, which the person asked for)."""
    if isinstance(error, Cancelled):
        return None
    if not isinstance(error, StudioError):
        log.exception("unexpected error", exc_info=error)
    box = QMessageBox(QMessageBox.Icon.Warning, title or QCoreApplication.translate("errors", "Something went wrong"),
                      error_text(error), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box

