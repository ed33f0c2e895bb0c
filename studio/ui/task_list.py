"""The main window's tasks (open, pack, find products, the demo, and the uploads): they queue in the pool of their
kind and never cancel each other. The status bar shows the newest unfinished one (progress, Cancel) and a Tasks
button whose popover lists what runs, what waits and how what finished ended (its result or its error), each with
its Cancel.

A task is the `workers.Task` its part started: the list follows its signals (`follow`), so work another part runs
(the upload queue's uploads) shows here as it is, with that part's own Cancel and its own words for the result.
Must not hold: the work itself (the parts hand in a job) or how it runs (`workers`).
"""

from __future__ import annotations

import enum
import functools
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.errors import Cancelled
from studio.ui import locale_format
from studio.ui.errors import error_text, show_error
from studio.ui.menus import make_action
from studio.ui.workers import Job, Kind, Task, run_task

KEEP_FINISHED = 6
"""How many finished tasks the list still shows."""

Done = Callable[[Any], "str | None"]
"""What a part does with a task's result, on the GUI thread; it may return the line the task list shows for it."""


class State(enum.Enum):
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


def _no_words(_result: Any) -> None:
    """A task whose part says nothing about its result: the list says "Done"."""


def per_mille(value: int, total: int) -> int:
    """Progress as a share of 1000 (a progress bar's range is a C int: an upload counts more bytes than that)."""
    return min(1000, value * 1000 // total) if total > 0 else 0


class TaskEntry:
    """One task as the list shows it."""

    def __init__(self, task: Task, label: str, done: Done, cancel: Callable[[], object]) -> None:
        self.task = task
        self.label = label
        self.done = done
        self.cancel = cancel
        """What the row's Cancel does (the task's own cancel, unless its part cancels it its way)."""
        self.state = State.WAITING
        self.progress = (0, 0)
        self.message = ""
        self.queued_at = time.monotonic()
        self.started_at: float | None = None
        self.ended_at: float | None = None

    @property
    def finished(self) -> bool:
        return self.state in (State.DONE, State.FAILED, State.CANCELLED)


class TaskList(QObject):
    """The window's tasks: started, queued, followed, cancelled one by one, and remembered once finished."""

    changed = Signal()

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.entries: list[TaskEntry] = []
        self.act_cancel = make_action(window, self.tr("Cancel Task"), None, self.cancel)
        self.act_show = make_action(window, self.tr("&Tasks…"), "Ctrl+Shift+T", self.show_list)
        self.progress_bar = QProgressBar(window)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), window)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.button = QToolButton(window)
        self.button.setObjectName("tasksButton")
        self.button.setAutoRaise(True)
        self.button.setDefaultAction(self.act_show)
        self.popover = TaskPopover(self, window)
        for widget in (self.progress_bar, self.cancel_button, self.button):
            window.statusBar().addPermanentWidget(widget)
        self._show_state()

    # --- starting and cancelling ------------------------------------------------------------------------

    def start(self, work: Job, done: Done, label: str, kind: Kind = Kind.LONG) -> Task:
        """Queue `work` in the pool of `kind`; `done(result)` runs on the GUI thread when it succeeds, and an
        error is shown to the person."""
        task = run_task(work, owner=self, label=label, kind=kind, on_error=self._show_error)
        self.follow(task, label, done)
        return task

    def follow(self, task: Task, label: str, done: Done | None = None,
               cancel: Callable[[], object] | None = None) -> TaskEntry:
        """List `task` (started by a part, on the GUI thread just now) until it ends and a while after; `done`
        says what its result was, `cancel` is what the row's Cancel does (default: `task.cancel`)."""
        entry = TaskEntry(task, label, done or _no_words, cancel or task.cancel)
        # bound methods that find the entry by the sender: Qt drops them if the list (the window) goes first
        task.started.connect(self._started)
        task.progressed.connect(self._progressed)
        task.finished.connect(self._finished)
        self.entries.append(entry)
        self.window.statusBar().showMessage(label)
        self._show_state()
        return entry

    @property
    def current(self) -> Task | None:
        """The task the status bar shows and Esc cancels: the newest running one, else the newest waiting."""
        entry = self._shown()
        return entry.task if entry is not None else None

    def _shown(self) -> TaskEntry | None:
        unfinished = self.unfinished()
        running = [e for e in unfinished if e.state is State.RUNNING]
        shown = running or unfinished
        return shown[-1] if shown else None

    def unfinished(self) -> list[TaskEntry]:
        return [e for e in self.entries if not e.finished]

    def cancel(self) -> None:
        """Cancel the task the status bar shows."""
        if self.current is not None:
            self.current.cancel()

    def cancel_all(self) -> None:
        for entry in self.unfinished():
            entry.task.cancel()

    def ask_to_stop(self, then: Callable[[], object]) -> QMessageBox | None:
        """Go on with `then` at once when no task is unfinished; else after the person chose to stop them."""
        unfinished = self.unfinished()
        if not unfinished:
            then()
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Tasks are running"),
                          self.tr("These tasks have not finished:\n{tasks}\n\nStop them and close?").format(
                              tasks="\n".join(f"• {e.label}" for e in unfinished)),
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("tasksRunningBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        stop = box.addButton(self.tr("Stop and Close"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(functools.partial(self._stop_answered, box, stop, then))
        box.open()
        return box

    def _stop_answered(self, box: QMessageBox, stop: QAbstractButton, then: Callable[[], object], _r: int) -> None:
        if box.clickedButton() is stop:
            self.cancel_all()
            then()

    def show_list(self) -> None:
        self.popover.show_at(self.button)

    # --- following ---------------------------------------------------------------------------------------

    def _sender_entry(self) -> TaskEntry | None:
        sender = self.sender()
        return next((e for e in self.entries if e.task is sender), None)

    def _started(self) -> None:
        entry = self._sender_entry()
        if entry is None:
            return
        entry.state = State.RUNNING
        entry.started_at = time.monotonic()
        self._show_state()

    def _progressed(self, value: int, total: int) -> None:
        entry = self._sender_entry()
        if entry is None:
            return
        entry.progress = (value, total)
        if entry.task is self.current:
            self.progress_bar.setRange(0, 1000 if total else 0)  # no total yet: a busy bar
            self.progress_bar.setValue(per_mille(value, total))
        self.changed.emit()

    def _end(self, entry: TaskEntry, state: State, message: str) -> None:
        entry.state = state
        entry.message = message
        entry.ended_at = time.monotonic()
        finished = [e for e in self.entries if e.finished]
        for old in finished[:-KEEP_FINISHED]:
            self.entries.remove(old)
        if not self.unfinished():
            self.window.statusBar().clearMessage()
        self._show_state()

    def _finished(self) -> None:
        entry = self._sender_entry()
        if entry is None:
            return
        error = entry.task.error
        if error is None:
            self._end(entry, State.DONE, self.tr("Done"))
            said = entry.done(entry.task.result)
            if isinstance(said, str) and said:
                entry.message = said
                self.changed.emit()
        elif isinstance(error, Cancelled):
            self._end(entry, State.CANCELLED, self.tr("Cancelled"))
        else:
            self._end(entry, State.FAILED, error_text(error))

    def _show_error(self, error: BaseException) -> None:
        if not isinstance(error, Cancelled):
            show_error(self.window, error)

    def _show_state(self) -> None:
        """The status bar: the newest unfinished task's progress and Cancel; the Tasks button's count."""
        unfinished = self.unfinished()
        entry = self._shown()
        if entry is not None:
            self.progress_bar.setRange(0, 1000 if entry.progress[1] else 0)
            self.progress_bar.setValue(per_mille(*entry.progress))
            self.progress_bar.setFormat(entry.label)
        self.progress_bar.setVisible(bool(unfinished))
        self.cancel_button.setVisible(bool(unfinished))
        running = sum(e.state is State.RUNNING for e in unfinished)
        waiting = len(unfinished) - running
        if unfinished:
            text = self.tr("Tasks: {running} running, {waiting} waiting").format(
                running=locale_format.number(running), waiting=locale_format.number(waiting))
        else:
            text = self.tr("Tasks")
        self.act_show.setText(text)
        self.button.setVisible(bool(self.entries))
        self.changed.emit()


class TaskRow(QWidget):
    """One task in the popover: its name, its state (or how it ended), its progress and its Cancel."""

    def __init__(self, entry: TaskEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        top = QHBoxLayout()
        self.name = QLabel(entry.label, self)
        self.name.setWordWrap(True)
        top.addWidget(self.name, 1)
        self.cancel = QPushButton(self.tr("Cancel"), self)
        self.cancel.clicked.connect(self._cancel)
        top.addWidget(self.cancel)
        layout.addLayout(top)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        layout.addWidget(self.bar)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setObjectName("taskState")
        layout.addWidget(self.state)
        self.refresh()

    def _cancel(self) -> None:
        self.entry.cancel()

    def refresh(self) -> None:
        entry = self.entry
        value, total = entry.progress
        self.bar.setRange(0, 1000 if entry.state is State.RUNNING and total else 1 if entry.finished else 0)
        self.bar.setValue(per_mille(value, total) if entry.state is State.RUNNING else int(entry.state is State.DONE))
        self.bar.setVisible(not entry.finished)
        self.cancel.setVisible(not entry.finished)
        now = time.monotonic()
        if entry.state is State.WAITING:
            text = self.tr("Waiting for the tasks before it")
        elif entry.state is State.RUNNING:
            share = f" — {locale_format.number(round(100 * value / total))} %" if total else ""
            text = self.tr("Running for {seconds}").format(
                seconds=locale_format.seconds(now - (entry.started_at or now))) + share
        else:
            took = (entry.ended_at or now) - (entry.started_at or entry.queued_at)
            text = self.tr("{result} (after {seconds})").format(result=entry.message,
                                                               seconds=locale_format.seconds(took))
        self.state.setText(text)
        colour = {State.FAILED: "#ff6b6b", State.CANCELLED: "palette(placeholder-text)"}.get(entry.state, "")
        self.state.setStyleSheet(f"color: {colour}" if colour else "")


class TaskPopover(QFrame):
    """The list of tasks, popped up above the status bar's Tasks button."""

    def __init__(self, tasks: TaskList, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("taskPopover")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.tasks = tasks
        self.rows: dict[int, TaskRow] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        title = QLabel(self.tr("<b>Tasks</b>"), self)
        layout.addWidget(title)
        self.list = QVBoxLayout()
        layout.addLayout(self.list)
        self.empty = QLabel(self.tr("No tasks since the app started."), self)
        layout.addWidget(self.empty)
        self.setFixedWidth(380)
        tasks.changed.connect(self.refresh)

    def refresh(self) -> None:
        if not self.isVisible():  # shown, it refreshes first: a hidden list costs the GUI thread nothing
            return
        self._rebuild()

    def _rebuild(self) -> None:
        keys = {e.task.key for e in self.tasks.entries}
        for key in [k for k in self.rows if k not in keys]:
            self.rows.pop(key).deleteLater()
        for index, entry in enumerate(reversed(self.tasks.entries)):  # the newest first
            row = self.rows.get(entry.task.key)
            if row is None:
                row = self.rows[entry.task.key] = TaskRow(entry, self)
            self.list.insertWidget(index, row)
            row.refresh()
        self.empty.setVisible(not self.tasks.entries)
        self.adjustSize()

    def show_at(self, anchor: QWidget) -> None:
        self._rebuild()
        corner = anchor.mapToGlobal(QPoint(anchor.width(), 0))
        self.move(corner.x() - self.width(), corner.y() - self.height())
        self.show()
