"""The one way the app opens its SQLite files (core.sqlite_store)."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from studio.core.catalog import Catalog
from studio.core.errors import InputError
from studio.core.listings_store import ListingsStore
from studio.core.sqlite_store import open_database
from studio.platform.image_cache import INDEX_NAME, ImageCache
from studio.platform.upload_store import UploadStore
from studio.sandbox.store import DB_NAME, Store
from tests.sqlite_fixtures import ConnectionWatch


def test_tables_and_version_are_made_once(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "x.sqlite3"
    db = open_database(path, version=3, ddl=["CREATE TABLE IF NOT EXISTS t (a)"], too_new="too new",
                       too_new_code="x_too_new", pragmas=("journal_mode = WAL",))
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    db.close()
    open_database(path, version=3, ddl=["CREATE TABLE IF NOT EXISTS t (a)"], too_new="too new",
                  too_new_code="x_too_new").close()


def test_a_new_file_gets_all_its_tables_or_none(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    with pytest.raises(sqlite3.OperationalError):
        open_database(path, version=1, ddl=["CREATE TABLE first (a)", "CREATE TABLE broken (a"], too_new="too new",
                      too_new_code="x_too_new")
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT name FROM sqlite_master").fetchall() == []
        assert db.execute("PRAGMA user_version").fetchone()[0] == 0


def test_opening_waits_for_another_connections_write(tmp_path: Path) -> None:
    """A store opened in one thread while another writes (an upload's progress) waits its turn, not fails."""
    path = tmp_path / "x.sqlite3"
    ddl = ["CREATE TABLE IF NOT EXISTS t (a)"]
    open_database(path, version=1, ddl=ddl, too_new="too new", too_new_code="x_too_new",
                  pragmas=("journal_mode = WAL",)).close()
    with closing(sqlite3.connect(path, isolation_level=None, check_same_thread=False)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO t VALUES (1)")
        threading.Timer(0.3, writer.execute, ("COMMIT",)).start()  # the write ends while the open waits
        db = open_database(path, version=1, ddl=ddl, too_new="too new", too_new_code="x_too_new", timeout=30)
        assert db.execute("SELECT a FROM t").fetchall() == [(1,)]
        db.close()


@pytest.mark.parametrize(("opener", "code"), [(Catalog.open, "catalog_too_new"),
                                              (ListingsStore.open, "listings_too_new"),
                                              (UploadStore.open, "uploads_too_new"),
                                              (lambda path: ImageCache(path.parent), "image_cache_too_new"),
                                              (lambda path: Store(path.parent), "sandbox_too_new")])
def test_a_file_from_a_newer_app_is_refused_and_left_alone(tmp_path: Path, opener, code: str) -> None:
    path = tmp_path / {"image_cache_too_new": INDEX_NAME, "sandbox_too_new": DB_NAME}.get(code, "newer.sqlite3")
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA user_version = 999")
    with pytest.raises(InputError) as err:
        opener(path)
    assert err.value.code == code and err.value.path == str(path)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 999
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def test_a_connection_left_open_or_dropped_is_named_with_where_it_was_opened(tmp_path: Path) -> None:
    watch = ConnectionWatch()
    kept = watch.connect(tmp_path / "kept.sqlite3")
    watch.connect(tmp_path / "dropped.sqlite3")  # collected without close(): still a leak
    with closing(watch.connect(tmp_path / "closed.sqlite3")):
        pass
    left = watch.left_open()
    assert [entry.split(" ")[0] for entry in left] == [str(tmp_path / name) for name in ("kept.sqlite3",
                                                                                          "dropped.sqlite3")]
    assert all("test_sqlite_store.py:" in entry for entry in left)
    kept.close()
    assert len(watch.left_open()) == 1
