"""Keeps the creator's catalog in step with the platform the app is logged in to, in the background.

`CatalogKeeper` syncs the catalog (`platform.catalog_sync`, incremental with `since` and `ETag`, all pages or
nothing) and then fetches the listings' images into the capped offline cache (`platform.image_cache`): when
the account is known (at start and after a login or a switch), when asked (the Products dock's Refresh) and
every `INTERVAL_MS` while the app is open. All of it runs through `workers.run_task`, never on the GUI thread;
one sync at a time (a request meanwhile runs once more afterwards). Offline, nothing changes: the cache
answers as before and the keeper says since when it has not heard from the platform.
Must not hold: widgets, the HTTP or SQLite work itself (platform's), the catalog's search (core's).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QObject, QTimer, Signal

from studio.core import paths
from studio.core.cancel import CancelToken, Progress
from studio.core.catalog import FILE_NAME
from studio.core.errors import PlatformError
from studio.platform.catalog_sync import SyncResult, last_synced, sync_catalog
from studio.platform.image_cache import PrefetchResult, prefetch_catalog
from studio.platform.session import AuthRequired, PlatformSession
from studio.ui.errors import error_text
from studio.ui.workers import Kind, Task, run_task

State = Literal["not_synced", "synced", "offline", "logged_out", "refused"]
"""What the last sync came to (a sync running meanwhile is `busy()`: the state stays until it ends)."""


@dataclass(frozen=True)
class _Outcome:
    sync: SyncResult
    images: PrefetchResult


class CatalogKeeper(QObject):
    """The catalog's sync schedule and what it last came to (`state`, `last_synced`, `offline_since`)."""

    INTERVAL_MS = 60_000
    """How often the open app asks the platform what changed (an unchanged catalog costs one 304)."""

    changed = Signal()
    """The catalog or its images changed: search again, check the popups again."""
    stateChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state: State = "not_synced"
        self.server = ""
        self.last_synced: float | None = None
        self.offline_since: float | None = None
        self.problem = ""
        self.task: Task | None = None
        self._factory: Callable[[], PlatformSession] | None = None
        self._again = False
        self._images_checked = False
        self.timer = QTimer(self)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self.sync_now)

    @staticmethod
    def catalog_path() -> Path:
        return paths.data_dir() / FILE_NAME

    def set_session_factory(self, factory: Callable[[], PlatformSession] | None, server: str) -> None:
        """Follow the platform `factory` logs in to (None: logged out) and sync with it now."""
        self._factory = factory
        if server != self.server:
            self.offline_since = None
            self._images_checked = False
        self.server = server
        self.last_synced = last_synced(self.catalog_path(), server) if server else None
        self._set_state("not_synced" if self.last_synced is None else "synced")
        if factory is None:
            self.timer.stop()
            return
        self.timer.start()
        self.sync_now()

    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def sync_now(self) -> Task | None:
        """Sync in the background (once more afterwards when one is running); None when there is no platform."""
        if self._factory is None:
            return None
        if self.busy():
            self._again = True
            return self.task
        session = self._factory()  # on the GUI thread: the factory belongs to a QObject
        every_image = not self._images_checked  # once per session; then only after a change (a new picture
        # changes its listing too), so an idle catalog of 50,000 costs one 304 a minute, not 50,000

        def job(progress: Progress, cancel: CancelToken) -> _Outcome:
            with session:
                result = sync_catalog(session, progress=progress, cancel=cancel)
                changed = result.updated or result.deleted or every_image
                images = prefetch_catalog(session, cancel=cancel) if changed else PrefetchResult(0, 0, 0, 0)
                return _Outcome(result, images)

        self.task = run_task(job, on_done=self._done, on_error=self._failed, owner=self, label="catalog sync",
                             kind=Kind.NETWORK)
        self.task.finished.connect(self._ended)
        self.stateChanged.emit()  # busy now
        return self.task

    def shutdown(self) -> None:
        self.timer.stop()
        self._factory = None
        if self.task is not None:
            self.task.cancel()

    def _done(self, outcome: _Outcome) -> None:
        self.last_synced = last_synced(self.catalog_path(), self.server) or time.time()
        self.offline_since = None
        self._images_checked = True
        self._set_state("synced")
        result = outcome.sync
        if result.updated or result.deleted or outcome.images.fetched:
            self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, AuthRequired):
            self.timer.stop()  # until the next login (`set_session_factory`)
            self._set_state("logged_out")
        elif isinstance(error, PlatformError) and error.code in ("network", "timeout"):
            if self.offline_since is None:
                self.offline_since = self.last_synced or time.time()
            self._set_state("offline")
        else:
            self.problem = error_text(error)
            self._set_state("refused")

    def _ended(self) -> None:
        if self._again and self._factory is not None:
            self._again = False
            self.sync_now()
        else:
            self.stateChanged.emit()  # no longer busy

    def _set_state(self, state: State) -> None:
        self.state = state
        self.stateChanged.emit()
