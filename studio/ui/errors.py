"""Showing errors to a person: one function, in their language, never blocking the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from studio.core.errors import Cancelled, StudioError

log = logging.getLogger(__name__)


def translated(template: str, values: Mapping[str, Any], english: str = "") -> str:
    """A core message (template + values) in the person's language; the English if the template breaks."""
    try:
        return QCoreApplication.translate("errors", template).format(**values)
    except (KeyError, IndexError, ValueError):
        return english or template


def error_text(error: BaseException) -> str:
    """The error's message translated (template first, then the values), with the file it concerns."""
    if isinstance(error, StudioError):
        message = translated(error.template, error.values, error.message)
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

