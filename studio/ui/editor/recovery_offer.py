"""After a crash: offer the newest autosaved project back (a non-blocking question), and open or drop it.

Must not hold: where recovery files live or how they are read (`core.recovery`).
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractButton, QMessageBox

from studio.core.recovery import RecoveryEntry, discard_recovery, list_recoveries, load_recovery
from studio.ui import locale_format
from studio.ui.errors import show_error

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow


class RecoveryOffer(QObject):
    """Asks about the newest recovery file and opens it in the window's editor, or discards it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def offer(self) -> QMessageBox | None:
        entries = list_recoveries()
        if not entries:
            return None
        entry = max(entries, key=_saved_at)
        name = entry.recovery_of.name if entry.recovery_of else (entry.title or entry.source_name)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Recover unsaved work?"),
                          self.tr("Good Circle Studio closed before “{name}” was saved. Its autosave from {time} "
                                  "can be recovered.").format(name=name, time=locale_format.date_time(entry.saved_at)),
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("recoveryBox")
        recover = box.addButton(self.tr("Recover"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.finished.connect(functools.partial(self._answered, entry, box, recover))
        box.open()
        return box

    def _answered(self, entry: RecoveryEntry, box: QMessageBox, recover: QAbstractButton, _result: int) -> None:
        if box.clickedButton() is not recover:
            discard_recovery(entry)
            return
        try:
            project = load_recovery(entry)
        except Exception as exc:
            show_error(self.window, exc)
            return
        discard_recovery(entry)
        self.window.files.open_project(project, entry.recovery_of, recovered=True)


def _saved_at(entry: RecoveryEntry) -> datetime:
    return entry.saved_at
