"""Upload state in SQLite under the data folder (`uploads.sqlite3`): what lets an upload resume after the app
or the machine restarted, and the list the UI's upload queue shows.

One row per (server, package sha256): the package's path and size, the tus upload URL the server handed
out, its expiry, the last offset the server acknowledged, the chunk size in use, and the post made from it.
The server's `HEAD` is the truth about the offset; the stored offset is what the queue shows before it asks.
Holds: `UploadStore`, `UploadRecord`, the `STATES`.
Must not hold: HTTP (`upload.py`), Qt, tokens (never stored here).

Each thread opens its own `UploadStore` (SQLite connections stay on the thread that made them); WAL and a
busy timeout let the UI's queue and a running upload share the file.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from studio.core import paths
from studio.core.errors import QT_TRANSLATE_NOOP
from studio.core.sqlite_store import open_database

FILE_NAME = "uploads.sqlite3"
SCHEMA_VERSION = 1
STATES = ("queued", "uploading", "waiting", "paused", "uploaded", "posted", "failed", "cancelled")
"""queued: not started; uploading: bytes going; waiting: the server went away mid-upload (a restart) and the
upload waits for it to come back, with backoff, for a couple of minutes; paused: stopped by the person or by a
failure that may be retried; uploaded: every byte is on the server, no post yet; posted: the post exists;
failed: the platform refused it (a retry starts from where it stopped); cancelled: terminated on the server and
done with."""

_DDL = """
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY,
    server TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    upload_url TEXT,
    expires_at TEXT,
    offset INTEGER NOT NULL DEFAULT 0,
    chunk_size INTEGER NOT NULL DEFAULT 0,
    post_id TEXT,
    post_status TEXT,
    state TEXT NOT NULL DEFAULT 'queued',
    error TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    UNIQUE (server, sha256)
)
"""


@dataclass(frozen=True)
class UploadRecord:
    id: int
    server: str
    path: str
    size: int
    sha256: str
    upload_url: str | None
    expires_at: str | None
    offset: int
    chunk_size: int
    post_id: str | None
    post_status: str | None
    state: str
    error: str | None
    created_at: float
    updated_at: float

    @property
    def upload_id(self) -> str | None:
        """The last path segment of the upload URL: the id `POST /v1/posts` takes."""
        return self.upload_url.rstrip("/").rsplit("/", 1)[-1] if self.upload_url else None


_COLUMNS = ", ".join(f.name for f in fields(UploadRecord))


class UploadStore:
    """The upload table; use as a context manager or call `close()`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path | None = None) -> UploadStore:
        path = Path(path) if path is not None else paths.data_dir() / FILE_NAME
        db = open_database(path, version=SCHEMA_VERSION, ddl=[_DDL], too_new_code="uploads_too_new",
                           too_new=QT_TRANSLATE_NOOP("errors", "the upload queue was written by a newer version of "
                                                               "the app"),
                           pragmas=("journal_mode = WAL", "synchronous = NORMAL"), timeout=30)
        return cls(db, path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> UploadStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _one(self, where: str, args: tuple[Any, ...]) -> UploadRecord | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM uploads WHERE {where}", args).fetchone()
        return UploadRecord(*row) if row else None

    def get(self, record_id: int) -> UploadRecord | None:
        return self._one("id = ?", (record_id,))

    def find(self, server: str, sha256: str) -> UploadRecord | None:
        return self._one("server = ? AND sha256 = ?", (server, sha256))

    def all(self) -> list[UploadRecord]:
        """Every upload, oldest first."""
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM uploads ORDER BY created_at, id").fetchall()
        return [UploadRecord(*r) for r in rows]

    def add(self, server: str, path: str, size: int, sha256: str) -> UploadRecord:
        """The row for this package on this server, made (queued) when new; the path is brought up to date."""
        now = time.time()
        with self._db:
            self._db.execute(
                "INSERT INTO uploads (server, path, size, sha256, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (server, sha256) DO UPDATE SET path = excluded.path, size = excluded.size",
                (server, path, size, sha256, now, now))
        record = self.find(server, sha256)
        assert record is not None
        return record

    def update(self, record_id: int, **values: Any) -> UploadRecord:
        """Set the named columns (and `updated_at`) in one transaction; returns the row as stored."""
        allowed = {f.name for f in fields(UploadRecord)} - {"id", "server", "sha256", "created_at", "updated_at"}
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"not an upload column: {sorted(unknown)}")
        if "state" in values and values["state"] not in STATES:
            raise ValueError(f"not an upload state: {values['state']!r}")
        values["updated_at"] = time.time()
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self._db:
            self._db.execute(f"UPDATE uploads SET {assignments} WHERE id = ?", (*values.values(), record_id))
        record = self.get(record_id)
        if record is None:
            raise KeyError(record_id)
        return record

    def start_over(self, record_id: int) -> UploadRecord:
        """Forget the server's upload (expired or gone): the next run creates a new one from byte 0."""
        return self.update(record_id, upload_url=None, expires_at=None, offset=0, post_id=None, post_status=None,
                           state="queued", error=None)

    def remove(self, record_id: int) -> None:
        with self._db:
            self._db.execute("DELETE FROM uploads WHERE id = ?", (record_id,))
