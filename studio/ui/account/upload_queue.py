"""The upload queue panel: several packages, their progress and speed, pause, resume, cancel, retry, and the
review status of each post, polled from the platform.

The queue IS the upload store (`studio.platform.upload_store`, SQLite under STUDIO_HOME), so it survives a
restart: a package that was uploading when the app closed comes back paused and resumes where the server
stands. `UploadQueueModel` is a table model over the store's rows plus what only the running session
knows (bytes per second); `UploadQueuePanel` holds the view, the buttons and the scheduling. Uploads run
through `run_task` (at most `max_parallel` at once), each job with its own session and store connection.
A 401 pauses the upload and emits `auth_required`: the queue and its progress are kept while the person
logs in again; `set_session_factory` then carries on.
Holds no rules: the work is `studio.platform.upload`'s.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.cancel import CancelToken, Progress
from studio.core.errors import Cancelled
from studio.platform.session import AuthRequired, PlatformSession
from studio.platform.upload import cancel_upload, enqueue, post_status, upload_package
from studio.platform.upload_store import UploadRecord, UploadStore
from studio.ui.errors import error_text
from studio.ui.locale_format import data_rate, data_size, percent
from studio.ui.post_texts import post_status_text
from studio.ui.workers import Kind, Task, run_task

SessionFactory = Callable[[], PlatformSession]
"""Makes a fresh session (server + token) for one job; called on the GUI thread, used on a pool thread."""

COL_PACKAGE, COL_PROGRESS, COL_SPEED, COL_STATE, COL_POST = range(5)
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 1
ACTIVE_POST_STATES = ("processing", "in_review")


class UploadQueueModel(QAbstractTableModel):
    """Rows of the upload store, oldest first, with live bytes and speed for the running ones."""

    def __init__(self, store: UploadStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.records: list[UploadRecord] = store.all()
        self.done: dict[int, int] = {}
        self.speed: dict[int, float] = {}
        self._last: dict[int, tuple[float, int]] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Package"), self.tr("Progress"), self.tr("Speed"), self.tr("State"),
                    self.tr("Post"))[section]
        return None

    def state_text(self, record: UploadRecord) -> str:
        return {
            "queued": self.tr("Waiting"), "uploading": self.tr("Uploading"), "paused": self.tr("Paused"),
            "waiting": self.tr("Waiting for the server"),
            "uploaded": self.tr("Uploaded, making the post"), "posted": self.tr("Posted"),
            "failed": self.tr("Failed"), "cancelled": self.tr("Cancelled"),
        }.get(record.state, record.state)

    def post_text(self, record: UploadRecord) -> str:
        if not record.post_id:
            return ""
        status = post_status_text(record.post_status or "")
        return self.tr("{post}: {status}").format(post=record.post_id, status=status)

    def progress_of(self, record: UploadRecord) -> int:
        """Per mille of the bytes the server holds (the running job's latest report, else the stored offset)."""
        if record.state == "posted" or record.size == 0:
            return 1000 if record.state in ("posted", "uploaded") or record.size == 0 else 0
        done = self.done.get(record.id, record.offset)
        return min(1000, done * 1000 // record.size)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self.records[index.row()]
        column = index.column()
        if role == PROGRESS_ROLE:
            return self.progress_of(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_PROGRESS and not record.error:
                done = record.size if self.progress_of(record) == 1000 else self.done.get(record.id, record.offset)
                return self.tr("{done} of {size}").format(done=data_size(done), size=data_size(record.size))
            return record.error or record.path
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == COL_PACKAGE:
            return Path(record.path).name
        if column == COL_PROGRESS:
            return percent(self.progress_of(record) / 10, 1)
        if column == COL_SPEED:
            speed = self.speed.get(record.id)
            return data_rate(speed) if speed and record.state == "uploading" else ""
        if column == COL_STATE:
            text = self.state_text(record)
            return f"{text}: {record.error}" if record.error and record.state in ("failed", "paused") else text
        return self.post_text(record)

    def row_of(self, record_id: int) -> int:
        for row, record in enumerate(self.records):
            if record.id == record_id:
                return row
        return -1

    def reload(self) -> None:
        """Read the store again (rows added, states changed by the jobs)."""
        records = self.store.all()
        if [r.id for r in records] != [r.id for r in self.records]:
            self.beginResetModel()
            self.records = records
            self.endResetModel()
            return
        self.records = records
        if records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(records) - 1, 4))

    def report(self, record_id: int, done: int) -> None:
        """A running job's progress: bytes the server holds; the speed is smoothed over the last reports."""
        now = time.monotonic()
        last = self._last.get(record_id)
        if last is not None and now > last[0] and done > last[1]:
            rate = (done - last[1]) / (now - last[0])
            old = self.speed.get(record_id)
            self.speed[record_id] = rate if old is None else 0.7 * old + 0.3 * rate
        self._last[record_id] = (now, done)
        self.done[record_id] = done
        row = self.row_of(record_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, COL_PROGRESS), self.index(row, COL_SPEED))

    def forget_live(self, record_id: int) -> None:
        self.done.pop(record_id, None)
        self.speed.pop(record_id, None)
        self._last.pop(record_id, None)


class _ProgressDelegate(QStyledItemDelegate):
    """Paints the Progress column as a progress bar."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(option.rect.adjusted(2, 3, -2, -3))
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = int(index.data(PROGRESS_ROLE) or 0)
        bar.text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bar.textVisible = True
        bar.state = option.state
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)


class UploadQueuePanel(QWidget):
    """The queue: Add… Pause Resume Cancel Retry over a table of uploads; post statuses polled."""

    auth_required = Signal()
    """A job met a 401: ask for a token, then call `set_session_factory`; the queue keeps everything."""
    post_status_changed = Signal(int, str)
    """(record id, new status) when polling finds a post's review status changed."""
    upload_started = Signal(object, int)
    """(the upload's Task, its record id): a package began to upload (the window's task list follows it)."""

    def __init__(self, session_factory: SessionFactory, server: str, parent: QWidget | None = None, *,
                 max_parallel: int = 2, poll_ms: int = 30_000) -> None:
        super().__init__(parent)
        self.setObjectName("uploadQueue")
        self.server = server
        self._factory = session_factory
        self.max_parallel = max_parallel
        self.store = UploadStore.open()
        self.destroyed.connect(self.store.close)  # the queue's database is closed with the panel, not left to gc
        self.model = UploadQueueModel(self.store, self)
        self.tasks: dict[int, Task] = {}
        self._polls: dict[int, Task] = {}
        self._pending: list[Task] = []
        self._recover_interrupted()

        self.view = QTableView(self)
        self.view.setObjectName("uploadTable")
        self.view.setTabKeyNavigation(False)  # Tab leaves the table for the buttons; arrows move in it
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(COL_PROGRESS, _ProgressDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_PACKAGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_PROGRESS, QHeaderView.ResizeMode.Fixed)
        # a laptop's dock is about 370 px wide: the bar leaves the states their room
        header.resizeSection(COL_PROGRESS, self.fontMetrics().horizontalAdvance(percent(100, 1)) + 36)
        for column in (COL_SPEED, COL_STATE, COL_POST):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        # tool buttons, not push buttons: those are at least 80 px wide each and five would not fit a laptop's dock
        self.buttons: dict[str, QToolButton] = {}
        row = QHBoxLayout()
        for name, text, slot in (("add", self.tr("Add…"), self._browse), ("pause", self.tr("Pause"), self.pause),
                                 ("resume", self.tr("Resume"), self.resume), ("cancel", self.tr("Cancel"), self.cancel),
                                 ("retry", self.tr("Retry"), self.retry)):
            button = QToolButton(self)
            button.setText(text)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches them, as it does push buttons
            button.setObjectName(f"{name}Button")
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.model.dataChanged.connect(self._update_buttons)
        self._update_buttons()

        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(poll_ms)
        self.poll_timer.timeout.connect(self.poll_statuses)
        self.poll_timer.start()
        QTimer.singleShot(0, self._schedule)

    # -- what the rest of the app calls ---------------------------------------------------------------------

    def set_session_factory(self, factory: SessionFactory) -> None:
        """New credentials (after a login): paused uploads that a 401 stopped can be resumed."""
        self._factory = factory
        self._schedule()

    def add_package(self, path: str | Path) -> Task:
        """Check the package off the GUI thread and queue it; its row appears when it is in."""
        server = self.server

        def job(progress: Progress, cancel: CancelToken) -> int:
            with UploadStore.open() as store:
                return enqueue(server, path, store).id

        task = run_task(job, on_done=lambda _id: self._changed(), on_error=self._show_error, owner=self,
                        label="queue package", kind=Kind.NETWORK)
        self._pending.append(task)
        task.finished.connect(lambda: self._pending.remove(task) if task in self._pending else None)
        return task

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.records[rows[0].row()].id if rows else None

    def select(self, record_id: int) -> None:
        row = self.model.row_of(record_id)
        if row >= 0:
            self.view.selectRow(row)

    def pause(self, record_id: int | None = None) -> None:
        record_id = record_id if record_id is not None else self.selected_id()
        if record_id is None:
            return
        task = self.tasks.get(record_id)
        if task is not None:
            task.cancel()  # the job stops between chunks and leaves the row "paused"
        else:
            record = self.store.get(record_id)
            if record is not None and record.state == "queued":
                self.store.update(record_id, state="paused")
                self.model.reload()

    def resume(self, record_id: int | None = None) -> None:
        record_id = record_id if record_id is not None else self.selected_id()
        record = self.store.get(record_id) if record_id is not None else None
        if record is not None and record.state in ("paused", "failed", "cancelled") and record_id not in self.tasks:
            self.store.update(record.id, state="queued", error=None)
            self._changed()

    retry = resume
    """Retry a failed upload: it starts again from where the server stands."""

    def cancel(self, record_id: int | None = None) -> None:
        """Stop the upload and terminate it on the server."""
        record_id = record_id if record_id is not None else self.selected_id()
        if record_id is None:
            return
        task = self.tasks.get(record_id)
        if task is not None:
            task.cancel()
            task.finished.connect(lambda: self._terminate(record_id))
        else:
            self._terminate(record_id)

    def poll_statuses(self) -> None:
        """Ask the platform for the review status of every post still waiting for a verdict."""
        for record in self.model.records:
            if record.post_id and record.post_status in ACTIVE_POST_STATES and record.id not in self._polls:
                self._poll(record)

    def busy(self) -> bool:
        return bool(self.tasks or self._polls or self._pending)

    def shutdown(self) -> None:
        """Pause every running upload (it resumes next time) and stop polling."""
        self.poll_timer.stop()
        for task in self.tasks.values():
            task.cancel()

    # -- inside --------------------------------------------------------------------------------------------

    def _recover_interrupted(self) -> None:
        for record in self.store.all():
            if record.state in ("uploading", "waiting"):  # the app stopped mid-upload: it resumes when resumed
                self.store.update(record.id, state="paused")
        self.model.reload()

    def _changed(self) -> None:
        self.model.reload()
        self._schedule()

    def _schedule(self) -> None:
        for record in self.model.records:
            if len(self.tasks) >= self.max_parallel:
                return
            if record.state == "queued" and record.id not in self.tasks:
                self._start(record)

    def _start(self, record: UploadRecord) -> None:
        factory, path, record_id = self._factory, record.path, record.id
        session = factory()

        def job(progress: Progress, cancel: CancelToken) -> Any:
            with session, UploadStore.open() as store:
                return upload_package(session, path, progress=progress, cancel=cancel, store=store)

        self.store.update(record_id, state="uploading", error=None)
        task = run_task(job, owner=self, label="upload", kind=Kind.NETWORK,
                        on_progress=lambda done, total: self.model.report(record_id, done),
                        on_done=lambda result: self._finished(record_id, None),
                        on_error=lambda error: self._finished(record_id, error))
        self.tasks[record_id] = task
        self.model.reload()
        self.upload_started.emit(task, record_id)

    def _finished(self, record_id: int, error: BaseException | None) -> None:
        self.tasks.pop(record_id, None)
        self.model.forget_live(record_id)
        if isinstance(error, AuthRequired):
            self.store.update(record_id, state="paused", error=error_text(error))
            self.auth_required.emit()
        elif error is not None and not isinstance(error, Cancelled):
            record = self.store.get(record_id)
            if record is not None and record.state not in ("failed", "paused"):
                self.store.update(record_id, state="failed", error=error_text(error))
        self._changed()

    def _terminate(self, record_id: int) -> None:
        session = self._factory()

        def job(progress: Progress, cancel: CancelToken) -> None:
            with session, UploadStore.open() as store:
                cancel_upload(session, store, record_id)

        run_task(job, owner=self, label="cancel upload", kind=Kind.NETWORK, on_done=lambda _r: self._changed(),
                 on_error=self._show_error)

    def _poll(self, record: UploadRecord) -> None:
        session, post_id, record_id = self._factory(), record.post_id, record.id
        assert post_id is not None

        def job(progress: Progress, cancel: CancelToken) -> str:
            with session:
                return str(post_status(session, post_id).get("status") or "")

        def done(status: str) -> None:
            self._polls.pop(record_id, None)
            current = self.store.get(record_id)
            if current is not None and status and status != current.post_status:
                self.store.update(record_id, post_status=status)
                self.model.reload()
                self.post_status_changed.emit(record_id, status)

        def failed(error: BaseException) -> None:
            self._polls.pop(record_id, None)
            if isinstance(error, AuthRequired):
                self.auth_required.emit()

        self._polls[record_id] = run_task(job, owner=self, label="post status", kind=Kind.NETWORK,
                                          on_done=done, on_error=failed)

    def result_text(self, record_id: int) -> str:
        """How an upload that ended stands, in the queue's words (its row's state, and its post's)."""
        record = self.store.get(record_id)
        if record is None:
            return ""
        post = self.model.post_text(record)
        return f"{self.model.state_text(record)} — {post}" if post else self.model.state_text(record)

    def _update_buttons(self, *args: object) -> None:
        record_id = self.selected_id()
        record = self.store.get(record_id) if record_id is not None else None
        running = record_id in self.tasks
        state = record.state if record else ""
        self.buttons["pause"].setEnabled(running or state == "queued")
        self.buttons["resume"].setEnabled(not running and state == "paused")
        self.buttons["retry"].setEnabled(not running and state in ("failed", "cancelled"))
        self.buttons["cancel"].setEnabled(record is not None and state not in ("posted", "cancelled"))

    def _browse(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Add packages to upload"), "",
                                                self.tr("Packages (*.gcpkg *.zip)"))
        for name in files:
            self.add_package(name)

    def _show_error(self, error: BaseException) -> None:
        from studio.ui.errors import show_error

        show_error(self, error, self.tr("Upload"))

    def closeEvent(self, event: Any) -> None:
        self.shutdown()
        super().closeEvent(event)
