"""The main window's long tasks (open, pack, find products, the demo): progress and Cancel in the status bar.

Must not hold: the work itself (the parts hand in a job) or how it runs (`workers`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QProgressBar, QPushButton

from studio.ui.errors import show_error
from studio.ui.menus import make_action
from studio.ui.workers import Job, Task, run_task


class TaskList(QObject):
    """The window's task slot: the running task's progress bar and Cancel button in the status bar."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.current: Task | None = None
        self._done: Callable[[Any], None] | None = None
        self.act_cancel = make_action(window, self.tr("Cancel Task"), None, self.cancel)
        self.progress_bar = QProgressBar(window)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), window)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        window.statusBar().addPermanentWidget(self.progress_bar)
        window.statusBar().addPermanentWidget(self.cancel_button)

    def start(self, work: Job, done: Callable[[Any], None], label: str) -> Task:
        if self.current is not None:
            self.current.cancel()
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setFormat(label)
        self.progress_bar.show()
        self.cancel_button.show()
        self.window.statusBar().showMessage(label)
        slot = _Slot(self, done)
        self.current = slot.task = run_task(work, on_done=slot.succeeded, on_error=slot.failed,
                                            on_progress=self._progress, owner=self, label=label)
        return self.current

    def cancel(self) -> None:
        if self.current is not None:
            self.current.cancel()

    def _progress(self, value: int, total: int) -> None:
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(value)

    def _finish(self, task: Task | None) -> None:
        if task is not self.current:
            return
        self.current = None
        self.progress_bar.hide()
        self.cancel_button.hide()
        self.window.statusBar().clearMessage()


class _Slot:
    """One started task's callbacks: the slot frees itself, then the part's `done` runs."""

    def __init__(self, tasks: TaskList, done: Callable[[Any], None]) -> None:
        self.tasks = tasks
        self.done = done
        self.task: Task | None = None

    def succeeded(self, result: Any) -> None:
        self.tasks._finish(self.task)
        self.done(result)

    def failed(self, error: BaseException) -> None:
        self.tasks._finish(self.task)
        show_error(self.tasks.window, error)
