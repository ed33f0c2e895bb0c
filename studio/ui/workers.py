"""The one way the UI runs slow work: `run_task`, in the manner of Anki's query op / Picard's run_task.

`run_task(fn, ..., kind=...)` runs `fn(progress, cancel)` on the thread pool of its kind and delivers its result
or its error back on the GUI thread through the callbacks. Workers return data (numpy arrays, QImage, bytes),
never QPixmap or widgets. No widget creates its own thread; nothing here blocks the GUI thread.

Work has a kind, and each kind its own pool, so a kind never waits for another's threads (as Picard keeps a
priority pool beside its default one, and Anki runs a collection-free QueryOp beside the serial ones):
INTERACTIVE is what the person is looking at (the exact frame under the playhead, the thumbnails on screen); LONG
is minutes of CPU (export, pack, finder, proxy, cover scoring), on fewer threads than the machine has cores and at
a lower OS priority (on Linux, inherited by the ffmpeg it starts) so the picture keeps a core; NETWORK waits on
the platform (uploads, sync), on threads of its own that cost no CPU while they wait and, at the same lower
priority, cost the picture little when they hash and send.

Progress is coalesced, not queued: a job's progress calls only note the newest (done, total), and the GUI
thread hands each running task's newest value to its listeners `PROGRESS_MS` apart (and before its result). A
pack or an upload reports thousands of times; each report delivered on its own cost the GUI thread a slot call
and a repaint, and the worker a signal emission holding the GIL, while the person stepped through frames.
The interpreter hands the GIL over every `SWITCH_INTERVAL_S` instead of CPython's 5 ms (`lower_switch_interval`,
called by the app): a GUI thread that waits for the GIL behind a busy pool thread waits at most that long, and a
frame step takes the GIL a few dozen times between the key and the painted frame.

A pool thread holds no QObject but the one `_Relay`, which lives as long as the process: everything a pool
thread drops may be freed there, and a QObject freed on a pool thread is destroyed there, racing the GUI
thread. (A relay per task did that: when the pool thread dropped the relay while the GUI thread dropped
its Task, both ran ~QObject on the connection between them at once and the process crashed.) `fn`, the
cancel token and the result are plain data; the Task and the callbacks stay on the GUI thread.

When the application's event loop ends, every task is cancelled and the pools are waited for: at exit PySide
deletes the QObjects Python owns, the relay among them, and a job still running then (an opening cut short by
Quit) raised "Signal source has been deleted" on its pool thread. A task cancelled before its result is delivered
ends as cancelled, whatever its job returned: its part asked for nothing more (a window that quit with an opening
on the way would otherwise have the video shown in it after it closed).
"""

from __future__ import annotations

import contextlib
import enum
import functools
import itertools
import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from studio.core.cancel import CancelToken, Progress
from studio.core.errors import Cancelled

log = logging.getLogger(__name__)

Job = Callable[[Progress, CancelToken], Any]

BACKGROUND_NICENESS = 10
"""How much lower than the GUI the long and network threads (and the processes they start) run, where allowed."""
QUIT_WAIT_MS = 10_000
"""How long the app's end waits for cancelled jobs to stop (they look at their cancel token every chunk or so)."""
PROGRESS_MS = 100
"""How often a running task's newest progress reaches the GUI thread (a progress bar needs no more)."""
SWITCH_INTERVAL_S = 0.0005
"""How long a thread holding the GIL runs on before one waiting for it (the GUI) takes over. CPython's 5 ms made
each of a frame step's hand-overs wait behind the finder's or an upload's Python: here, 20 short bursts of GUI
work beside two busy Python threads took p50 310 ms at 5 ms, 65 ms at 1 ms and 55 ms at 0.5 ms (alone: 14 ms);
the switches cost the busy threads about 1 %. tests/benchmarks/bench_responsive.py measures the whole app."""


def lower_switch_interval() -> None:
    """Let the GUI thread take the GIL from busy pool threads sooner (process-wide; the app calls it once)."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)


class Kind(enum.Enum):
    """Where a piece of work runs (see the module's docstring)."""

    INTERACTIVE = "interactive"
    LONG = "long"
    NETWORK = "network"


@functools.cache
def pool(kind: Kind) -> QThreadPool:
    """The pool of `kind`, made on first use and kept for the process."""
    cores = max(1, os.cpu_count() or 1)
    made = QThreadPool(QCoreApplication.instance())  # destroyed (after its work) with the application
    made.setObjectName(f"{kind.value} pool")
    made.setMaxThreadCount({Kind.INTERACTIVE: max(2, cores // 2), Kind.LONG: max(2, cores - 1),
                            Kind.NETWORK: 4}[kind])
    return made


def wait_for_done(msecs: int) -> bool:
    """Wait until every pool is idle (tests, and the application's last moment); False on a timeout."""
    return all(pool(kind).waitForDone(msecs) for kind in Kind)


def _lower_this_thread() -> None:
    """Run the calling pool thread (and what it starts) below the GUI: on Linux the nice value is per thread.

Measured beside a loaded machine's other work, a lowered Python thread also holds the GIL less often when the GUI
wants it (20 bursts of GUI work: p50 475 ms beside two busy threads at normal priority, 310 ms when lowered)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):  # a sandbox may refuse; the work then runs at the normal priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)


class _Relay(QObject):
    """Emitted from pool threads with a task's key; its slots run on the GUI thread (queued) and call that Task."""

    began = Signal(int)
    succeeded = Signal(int, object)
    failed = Signal(int, object)

    def __init__(self) -> None:
        super().__init__()
        self.began.connect(self._began)
        self.succeeded.connect(self._succeed)
        self.failed.connect(self._fail)
        self.progress_timer = QTimer(self)
        self.progress_timer.setInterval(PROGRESS_MS)
        self.progress_timer.timeout.connect(self._deliver_progress)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._quit)

    @Slot()
    def _quit(self) -> None:
        """The event loop ends: no job may outlive this relay (see the module's docstring)."""
        for task in list(Task._running.values()):
            task.cancel()
        if not wait_for_done(QUIT_WAIT_MS):
            log.warning("background work still running %d s after quitting", QUIT_WAIT_MS // 1000)

    @Slot(int)
    def _began(self, key: int) -> None:
        task = Task._running.get(key)
        if task is not None:
            task.running = True
            task._queued = None
            task.started.emit()

    @Slot()
    def _deliver_progress(self) -> None:
        for task in list(Task._running.values()):
            task._deliver_progress()
        if not Task._running:
            self.progress_timer.stop()

    @Slot(int, object)
    def _succeed(self, key: int, result: Any) -> None:
        task = Task._running.get(key)
        if task is not None:
            task._deliver_progress()
            task._succeed(result)

    @Slot(int, object)
    def _fail(self, key: int, error: BaseException) -> None:
        task = Task._running.get(key)
        if task is not None:
            task._deliver_progress()
            task._fail(error)


class _LatestProgress:
    """A job's progress callback: it keeps only the newest (done, total), for the GUI thread to pick up."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        self.value = (done, total)  # one assignment: the GUI thread reads a whole pair, never half of one


@functools.cache
def _relay() -> _Relay:
    """The process's relay, made on the GUI thread by the first `run_task` and never freed."""
    return _Relay()


class Task(QObject):
    """A handle on one piece of background work; its signals and callbacks run on the GUI thread."""

    started = Signal()
    """A pool thread took it up (until then it waits behind its kind's other work)."""
    progressed = Signal(object, object)
    """(done, total): an upload counts bytes, more than a C int holds."""
    finished = Signal()

    _running: ClassVar[dict[int, Task]] = {}
    _keys: ClassVar[itertools.count[int]] = itertools.count()

    def __init__(self, label: str, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None] | None, owner: QObject | None = None,
                 kind: Kind = Kind.LONG) -> None:
        super().__init__()
        self.key = next(Task._keys)
        self.label = label
        self.kind = kind
        self.running = False
        self.owner = owner
        self.cancel_token = CancelToken()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self._on_done = on_done
        self._on_error = on_error
        self.latest_progress = _LatestProgress()
        self._delivered: tuple[int, int] | None = None
        self._queued: tuple[QThreadPool, _Runnable] | None = None
        """Its pool and runnable until a pool thread takes it up (a cancel then takes it out of the queue)."""

    def cancel(self) -> None:
        self.cancel_token.cancel()
        queued, self._queued = self._queued, None
        if queued is None or self.running or not shiboken6.isValid(queued[1]):
            return
        if queued[0].tryTake(queued[1]):
            # it was still waiting behind its kind's other work: it never starts, and it ends now (on the next
            # turn of the event loop, as a pool thread's answer would) rather than when its pool gets to it
            QTimer.singleShot(0, functools.partial(_relay()._fail, self.key, Cancelled()))

    def _deliver_progress(self) -> None:
        value = self.latest_progress.value
        if value is not None and value != self._delivered:
            self._delivered = value
            self.progressed.emit(*value)

    def _owner_gone(self) -> bool:
        return self.owner is not None and not shiboken6.isValid(self.owner)

    def _succeed(self, result: Any) -> None:
        if self.cancel_token.cancelled:  # cancelled while its last step ran: nobody wants the result now
            self._fail(Cancelled())
            return
        self.result = result
        try:
            if self._on_done is not None and not self._owner_gone():
                self._on_done(result)
        finally:
            self._finish()

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
        # called from a _Relay slot, never a slot of this Task: the caller's reference keeps it alive until then
        self.done = True
        Task._running.pop(self.key, None)
        self.finished.emit()


class _Runnable(QRunnable):
    """Runs `fn` on a pool thread, which frees it afterwards: it holds the key, not the Task."""

    def __init__(self, relay: _Relay, key: int, token: CancelToken, progress: _LatestProgress, fn: Job,
                 kind: Kind) -> None:
        super().__init__()
        self.relay = relay
        self.key = key
        self.token = token
        self.progress = progress
        self.fn = fn
        self.kind = kind
        self.setAutoDelete(True)

    def run(self) -> None:
        if self.kind is not Kind.INTERACTIVE:
            _lower_this_thread()
        if self.token.cancelled:  # cancelled while it waited: it never starts
            self.relay.failed.emit(self.key, Cancelled())
            return
        self.relay.began.emit(self.key)
        try:
            result = self.fn(self.progress, self.token)
        except BaseException as exc:  # handed to the GUI thread, shown by the caller
            self.relay.failed.emit(self.key, exc)
        else:
            self.relay.succeeded.emit(self.key, result)


def run_task(
    fn: Job,
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    owner: QObject | None = None,
    label: str = "",
    kind: Kind = Kind.LONG,
    priority: int = 0,
) -> Task:
    """Start `fn(progress, cancel)` in the pool of `kind` (before that pool's waiting work of a lower `priority`);
    callbacks run on the GUI thread. Call on the GUI thread.

    `fn` is freed on the pool thread, so it must not hold QObjects (pass it the plain data it needs).
    When `owner` (the object the callbacks touch) has been deleted by the time the work ends, the
    callbacks are not called.
    """
    task = Task(label, on_done, on_error, owner, kind)
    Task._running[task.key] = task
    if on_progress is not None:
        task.progressed.connect(on_progress)
    relay = _relay()
    if not relay.progress_timer.isActive():
        relay.progress_timer.start()
    runnable = _Runnable(relay, task.key, task.cancel_token, task.latest_progress, fn, kind)
    task._queued = (pool(kind), runnable)
    task._queued[0].start(runnable, priority)
    return task


def running_tasks() -> set[Task]:
    """Tasks started and not yet delivered (tests check none is left behind)."""
    return set(Task._running.values())
