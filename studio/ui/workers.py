"""The one way the UI runs slow work: `run_task`, in the manner of Anki's query op / Picard's run_task.

`run_task(fn, ...)` runs `fn(progress, cancel)` on the global QThreadPool and delivers its result or its
error back on the GUI thread through the callbacks. Workers return data (numpy arrays, QImage, bytes),
never QPixmap or widgets. No widget creates its own thread; nothing here blocks the GUI thread.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from studio.core.cancel import CancelToken, Progress

log = logging.getLogger(__name__)

Job = Callable[[Progress, CancelToken], Any]


class _Relay(QObject):
    """Emitted from the worker thread; received by the Task on the GUI thread (queued)."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)


class Task(QObject):
    """A handle on one piece of background work; its signals and callbacks run on the GUI thread."""

    progressed = Signal(int, int)
    finished = Signal()

    _running: ClassVar[set[Task]] = set()

    def __init__(self, label: str, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None] | None, owner: QObject | None = None) -> None:
        super().__init__()
        self.label = label
        self.owner = owner
        self.cancel_token = CancelToken()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self._on_done = on_done
        self._on_error = on_error
        self.relay = _Relay()
        self.relay.progressed.connect(self._progress)
        self.relay.succeeded.connect(self._succeed)
        self.relay.failed.connect(self._fail)

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def _owner_gone(self) -> bool:
        return self.owner is not None and not shiboken6.isValid(self.owner)

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    @Slot(object)
    def _succeed(self, result: Any) -> None:
        self.result = result
        try:
            if self._on_done is not None and not self._owner_gone():
                self._on_done(result)
        finally:
            self._finish()

    @Slot(object)
    def _fail(self, error: BaseException) -> None:
        self.error = error
        try:
            if self._owner_gone():
                pass
            elif self._on_error is not None:
                self._on_error(error)
            else:
                log.error("background task %s failed: %s", self.label, error)
        finally:
            self._finish()

    def _finish(self) -> None:
        self.done = True
        self.finished.emit()
        # Drop our reference only after this slot has returned: a QObject whose last Python reference
        # goes away inside its own slot is destroyed mid-call, which crashes PySide.
        QTimer.singleShot(0, functools.partial(Task._running.discard, self))


class _Runnable(QRunnable):
    def __init__(self, relay: _Relay, token: CancelToken, fn: Job) -> None:
        super().__init__()
        self.relay = relay
        self.token = token
        self.fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(self.relay.progressed.emit, self.token)
        except BaseException as exc:  # handed to the GUI thread, shown by the caller
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


def run_task(
    fn: Job,
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    owner: QObject | None = None,
    label: str = "",
    pool: QThreadPool | None = None,
) -> Task:
    """Start `fn(progress, cancel)` in the pool; callbacks run on the GUI thread.

    When `owner` (the object the callbacks touch) has been deleted by the time the work ends, the
    callbacks are not called.
    """
    task = Task(label, on_done, on_error, owner)
    Task._running.add(task)
    if on_progress is not None:
        task.progressed.connect(on_progress)
    (pool or QThreadPool.globalInstance()).start(_Runnable(task.relay, task.cancel_token, fn))
    return task


def running_tasks() -> set[Task]:
    """Tasks started and not yet delivered (tests check none is left behind)."""
    return set(Task._running)
