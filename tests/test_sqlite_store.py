"""The one way the app opens its SQLite files (core.sqlite_store)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from studio.core.catalog import Catalog
from studio.core.errors import InputError
from studio.core.listings_store import ListingsStore
from studio.core.sqlite_store import open_database
from studio.platform.upload_store import UploadStore


def test_tables_and_version_are_made_once(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "x.sqlite3"
    db = open_database(path, version=3, ddl=["CREATE TABLE IF NOT EXISTS t (a)"], too_new="too new",
                       too_new_code="x_too_new", pragmas=("journal_mode = WAL",))
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    db.close()
    open_database(path, version=3, ddl=["CREATE TABLE IF NOT EXISTS t (a)"], too_new="too new",
                  too_new_code="x_too_new").close()


@pytest.mark.parametrize(("opener", "code"), [(Catalog.open, "catalog_too_new"),
                                              (ListingsStore.open, "listings_too_new"),
                                              (UploadStore.open, "uploads_too_new")])
def test_a_file_from_a_newer_app_is_refused_and_left_alone(tmp_path: Path, opener, code: str) -> None:
    path = tmp_path / "newer.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 999")
    with pytest.raises(InputError) as err:
        opener(path)
    assert err.value.code == code and err.value.path == str(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 999
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
