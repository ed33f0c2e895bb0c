"""`no_sqlite_connection_left_open` (autouse, from conftest): a test fails when a SQLite connection it opened is
still open at its end, or was dropped without `close()` (the garbage collector closes it at some later moment,
and its -wal and -shm files linger until then). See docs/decisions/sqlite-helper.md.
"""

from __future__ import annotations

import gc
import sqlite3
import traceback
from collections.abc import Iterator
from typing import Any

import pytest

from studio.core import sqlite_store

_HELPERS = {sqlite_store.__file__, __file__}


class _TrackedConnection(sqlite3.Connection):
    """A connection that notes in its record when it is closed."""

    record: dict[str, Any]

    def close(self) -> None:
        self.record["closed"] = True
        super().close()


class ConnectionWatch:
    """Records every connection `sqlite3.connect` makes while installed, and which of them were never closed."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self._connect = sqlite3.connect

    def connect(self, database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if args or "factory" in kwargs:  # every caller passes options by name; a custom factory is its own
            return self._connect(database, *args, **kwargs)
        connection = self._connect(database, factory=_TrackedConnection, **kwargs)
        callers = [frame for frame in traceback.extract_stack()[:-1] if frame.filename not in _HELPERS]
        where = f"{callers[-1].filename}:{callers[-1].lineno}" if callers else "?"
        connection.record = {"database": str(database), "where": where, "closed": False}
        self.records.append(connection.record)
        return connection

    def left_open(self) -> list[str]:
        return [f"{r['database']} (opened at {r['where']})" for r in self.records if not r["closed"]]


@pytest.fixture(autouse=True)
def no_sqlite_connection_left_open(monkeypatch: pytest.MonkeyPatch) -> Iterator[ConnectionWatch]:
    watch = ConnectionWatch()
    monkeypatch.setattr(sqlite3, "connect", watch.connect)
    yield watch
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:  # widgets pytest-qt closed close their stores when deleted
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if watch.left_open():
        # objects in reference cycles may still close theirs when collected; a full collection costs a tenth
        # of a second or more in a process holding Qt and the app, so only when something is still open
        gc.collect()
    if watch.left_open():
        pytest.fail("SQLite connection(s) left open: " + "; ".join(watch.left_open()), pytrace=False)
