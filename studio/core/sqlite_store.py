"""Opening the app's SQLite files (the catalog cache, the merchant's listings, the upload queue) in one way.

`open_database` creates the folder, connects, refuses a file written by a newer version of the app (with the
store's own message), applies the connection's pragmas, creates the tables and records the schema version in
`PRAGMA user_version`, all or nothing; the connection is closed again if any step fails. A file written by an
older version is brought up to date by the store's `migrate` in the same transaction as the new tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from studio.core.errors import InputError

Migrate = Callable[[sqlite3.Connection, int], None]
"""Brings a file of an older schema version (the int, at least 1) up to date; runs after the DDL."""


def open_database(path: Path, *, version: int, ddl: Sequence[str], too_new: str, too_new_code: str,
                  pragmas: Sequence[str] = (), migrate: Migrate | None = None, **connect: Any) -> sqlite3.Connection:
    """A connection to the SQLite file `path` with its tables made; `too_new` is the error template when the
    file's `user_version` is above `version`; `migrate` upgrades a file whose `user_version` is below it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db: sqlite3.Connection = sqlite3.connect(path, **connect)
    try:
        found = db.execute("PRAGMA user_version").fetchone()[0]
        if found > version:
            raise InputError(too_new, path, code=too_new_code)
        for pragma in pragmas:
            db.execute(f"PRAGMA {pragma}")
        with db:
            if not db.in_transaction:
                # sqlite3 runs DDL outside a transaction of its own: one transaction makes it all or nothing (DDL
                # too is undone when a migration fails) and costs one sync to disk instead of one per table.
                # IMMEDIATE: it waits (the connection's timeout) for another connection's write to end; a plain
                # BEGIN would fail at once where the version is written.
                db.execute("BEGIN IMMEDIATE")
            for statement in ddl:
                db.execute(statement)
            if migrate is not None and 0 < found < version:
                migrate(db, found)
            if found != version:
                db.execute(f"PRAGMA user_version = {int(version)}")
    except BaseException:
        db.close()
        raise
    return db
