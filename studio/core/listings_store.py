"""The merchant's listings, linked applet and remembered CSV mappings, in SQLite under `paths.data_dir()`.

Holds: `ListingsStore` — listings by SKU (each with `dirty` set when changed here since the last push and
`updated_at`), sort / filter / page done in SQL so a view over 50,000 rows reads only what it shows, which
picture file each listing last sent to the platform (so a push sends only new or changed pictures and an
interrupted one goes on where it stopped), the
store applet link (one per merchant profile) and the CSV column mapping remembered per shop. Every write
is one transaction: an import commits all its good rows or none.
Must not hold: the field rules (`merchant_listing`, `applet_link`), CSV (`listing_csv`), network, Qt.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from studio.core import paths
from studio.core.errors import QT_TRANSLATE_NOOP
from studio.core.merchant_listing import MerchantListing, now_rfc3339
from studio.core.project import AppletLink
from studio.core.sqlite_store import open_database

SCHEMA_VERSION = 1
FILE_NAME = "listings.sqlite3"
SORT_KEYS: dict[str, str] = {
    "sku": "sku", "title": "title", "price": "price_cents", "promo_price": "promo_price_cents",
    "promo_ends_at": "promo_ends_at", "currency": "currency", "image": "image", "applet_path": "applet_path",
    "status": "status", "updated_at": "updated_at", "dirty": "dirty",
}
"""What a view may sort by, and the column it sorts on (never a string from outside in the SQL)."""

_DDL = (
    """CREATE TABLE IF NOT EXISTS listings (
        sku TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        price_cents INTEGER NOT NULL,
        currency TEXT NOT NULL DEFAULT 'CNY',
        promo_price_cents INTEGER,
        promo_ends_at TEXT,
        image TEXT NOT NULL DEFAULT '',
        applet_path TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'active',
        updated_at TEXT NOT NULL DEFAULT '',
        dirty INTEGER NOT NULL DEFAULT 1,
        search_key TEXT NOT NULL DEFAULT '',
        synced_version TEXT NOT NULL DEFAULT ''
    )""",
    # the SKU order's index carries the search key, so counting a filter and paging it in SKU order test the
    # filter on the index alone and read from the table only the rows a page shows (about 3x faster at 50,000);
    # the other sort orders' indexes stay narrow so an import does not pay for them
    "CREATE INDEX IF NOT EXISTS listings_sku ON listings (sku, search_key)",
    "CREATE INDEX IF NOT EXISTS listings_title ON listings (title, sku)",
    "CREATE INDEX IF NOT EXISTS listings_price ON listings (price_cents, sku)",
    """CREATE TABLE IF NOT EXISTS applet (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        app_id TEXT NOT NULL, name TEXT NOT NULL, original_id TEXT NOT NULL, path_template TEXT NOT NULL
    )""",
    "CREATE TABLE IF NOT EXISTS csv_mappings (shop TEXT PRIMARY KEY, mapping TEXT NOT NULL)",
    # the main picture on the platform: the file it came from, that file's size and mtime when it was read
    """CREATE TABLE IF NOT EXISTS pushed_images (
        sku TEXT PRIMARY KEY, source TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
        sha256 TEXT NOT NULL
    )""",
)
_COLUMNS = ("sku, title, price_cents, currency, promo_price_cents, promo_ends_at, image, applet_path, status,"
            " updated_at, dirty")
_SELECT = f"SELECT {_COLUMNS} FROM listings"
# an upsert, not INSERT OR REPLACE: a listing's `synced_version` (sync bookkeeping) survives its edits
_INSERT = (f"INSERT INTO listings ({_COLUMNS}, search_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
           " ON CONFLICT (sku) DO UPDATE SET " + ", ".join(
               f"{c} = excluded.{c}" for c in [*_COLUMNS.replace(" ", "").split(",")[1:], "search_key"]))


def search_key(sku: str, title: str) -> str:
    return f"{sku}\n{title}".casefold()


def _row(item: MerchantListing) -> tuple[Any, ...]:
    return (item.sku, item.title, item.price_cents, item.currency, item.promo_price_cents, item.promo_ends_at,
            item.image, item.applet_path, item.status, item.updated_at, int(item.dirty),
            search_key(item.sku, item.title))


def _listing(row: Sequence[Any]) -> MerchantListing:
    sku, title, price, currency, promo, ends, image, path, status, updated, dirty = row
    return MerchantListing(sku=sku, title=title, price_cents=price, currency=currency, promo_price_cents=promo,
                           promo_ends_at=ends, image=image, applet_path=path, status=status, updated_at=updated,
                           dirty=bool(dirty))


class ListingsStore:
    """The listings database; use as a context manager or call `close()`. One thread at a time."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path | None = None) -> ListingsStore:
        """Open (creating if needed) `listings.sqlite3` in the data folder, or `path`."""
        path = Path(path) if path is not None else paths.data_dir() / FILE_NAME
        # cache_size 32 MB: a 50,000-row import updates its indexes in memory
        db = open_database(path, version=SCHEMA_VERSION, ddl=_DDL, too_new_code="listings_too_new",
                           too_new=QT_TRANSLATE_NOOP("errors", "the listings were written by a newer version of "
                                                               "the app"),
                           pragmas=("journal_mode = WAL", "cache_size = -32768"), check_same_thread=False)
        return cls(db, path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ListingsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- listings: reading -----------------------------------------------------------------------------------

    @staticmethod
    def _where(text: str) -> tuple[str, tuple[Any, ...]]:
        needle = text.strip().casefold()
        return ("WHERE instr(search_key, ?) > 0", (needle,)) if needle else ("", ())

    def get(self, sku: str) -> MerchantListing | None:
        row = self._db.execute(_SELECT + " WHERE sku = ?", (sku,)).fetchone()
        return _listing(row) if row else None

    def get_many(self, skus: Iterable[str]) -> dict[str, MerchantListing]:
        """The listings of `skus` that exist, by SKU."""
        found: dict[str, MerchantListing] = {}
        wanted = list(dict.fromkeys(skus))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            rows = self._db.execute(_SELECT + f" WHERE sku IN ({','.join('?' * len(chunk))})", chunk)
            found.update((item.sku, item) for item in map(_listing, rows))
        return found

    def count(self, text: str = "") -> int:
        """How many listings contain `text` in their SKU or title (case-insensitive; all when empty)."""
        where, args = self._where(text)
        return int(self._db.execute(f"SELECT count(*) FROM listings {where}", args).fetchone()[0])

    def page(self, text: str = "", sort: str = "sku", descending: bool = False, offset: int = 0,
             limit: int = 200) -> list[MerchantListing]:
        """One page of the listings matching `text`, sorted by `sort` (a `SORT_KEYS` name), SKU breaking ties."""
        where, args = self._where(text)
        column = SORT_KEYS[sort]
        order = "DESC" if descending else "ASC"
        tie = "" if column == "sku" else f", sku {order}"
        rows = self._db.execute(f"{_SELECT} {where} ORDER BY {column} {order}{tie} LIMIT ? OFFSET ?",
                                (*args, max(0, limit), max(0, offset))).fetchall()
        return [_listing(row) for row in rows]

    def skus(self, text: str = "") -> list[str]:
        """The SKUs matching `text`, in SKU order (a bulk edit over everything a filter shows)."""
        where, args = self._where(text)
        return [row[0] for row in self._db.execute(f"SELECT sku FROM listings {where} ORDER BY sku", args)]

    def iter_all(self) -> Iterator[MerchantListing]:
        """Every listing in SKU order (the export)."""
        yield from map(_listing, self._db.execute(_SELECT + " ORDER BY sku"))

    def changed(self) -> list[MerchantListing]:
        """The listings changed here since the last push."""
        return [_listing(row) for row in self._db.execute(_SELECT + " WHERE dirty = 1 ORDER BY sku")]

    # -- listings: writing -----------------------------------------------------------------------------------

    def put(self, listings: Iterable[MerchantListing]) -> int:
        """Insert or replace `listings` exactly as given, in one transaction (undo/redo, pull)."""
        with self._db:
            cursor = self._db.executemany(_INSERT, map(_row, listings))
            return max(0, cursor.rowcount)

    def save_edits(self, listings: Iterable[MerchantListing]) -> list[MerchantListing]:
        """Store edited listings, marked changed-here and stamped now; returns them as stored."""
        now = now_rfc3339()
        stamped = [replace(item, dirty=True, updated_at=now) for item in listings]
        self.put(stamped)
        return stamped

    def delete(self, skus: Iterable[str]) -> None:
        with self._db:
            self._db.executemany("DELETE FROM listings WHERE sku = ?", ((sku,) for sku in skus))

    def mark_synced(self, versions: Mapping[str, str], *, only_if_unchanged_since: Mapping[str, str] | None = None
                    ) -> None:
        """Listings now equal to the platform's copy, with the platform's `updated_at` for each (the base a
        later pull compares with to tell an edit on both sides). With `only_if_unchanged_since` (sku -> the
        local `updated_at` that was pushed), a listing edited again meanwhile stays changed."""
        with self._db:
            for sku, version in versions.items():
                if only_if_unchanged_since is not None and sku in only_if_unchanged_since:
                    self._db.execute("UPDATE listings SET dirty = 0, synced_version = ? WHERE sku = ? AND"
                                     " updated_at = ?", (version, sku, only_if_unchanged_since[sku]))
                else:
                    self._db.execute("UPDATE listings SET dirty = 0, synced_version = ? WHERE sku = ?",
                                     (version, sku))

    def rebase(self, versions: Mapping[str, str]) -> None:
        """Take the platform's `updated_at` as the base of changed-here listings (a conflict settled as "keep
        mine": they stay changed, and the next push overwrites the platform's copy)."""
        with self._db:
            self._db.executemany("UPDATE listings SET synced_version = ? WHERE sku = ?",
                                 ((version, sku) for sku, version in versions.items()))

    def synced_versions(self, skus: Iterable[str]) -> dict[str, str]:
        """The platform `updated_at` each listing was last synced at ('' when never)."""
        found: dict[str, str] = {}
        wanted = list(dict.fromkeys(skus))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            found.update(self._db.execute(
                f"SELECT sku, synced_version FROM listings WHERE sku IN ({','.join('?' * len(chunk))})", chunk))
        return found

    # -- pictures on the platform ---------------------------------------------------------------------------

    def pushed_image(self, sku: str) -> tuple[str, int, int] | None:
        """(source file, size, mtime_ns) of the main picture last sent for `sku`, None when none was."""
        row = self._db.execute("SELECT source, size, mtime_ns FROM pushed_images WHERE sku = ?", (sku,)).fetchone()
        return (str(row[0]), int(row[1]), int(row[2])) if row else None

    def mark_image_pushed(self, sku: str, source: str, size: int, mtime_ns: int, sha256: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO pushed_images VALUES (?, ?, ?, ?, ?)",
                             (sku, source, size, mtime_ns, sha256))

    def image_on_platform(self, sku: str, image: str) -> bool:
        """Whether the platform holds the picture `image` names as the main picture of `sku` (as last pushed)."""
        row = self._db.execute("SELECT 1 FROM pushed_images WHERE sku = ? AND source = ?", (sku, image)).fetchone()
        return row is not None

    # -- the applet link and the CSV mappings ---------------------------------------------------------------

    def applet(self) -> AppletLink | None:
        row = self._db.execute("SELECT app_id, name, original_id, path_template FROM applet").fetchone()
        return AppletLink(app_id=row[0], name=row[1], original_id=row[2], path_template=row[3]) if row else None

    def set_applet(self, link: AppletLink) -> None:
        """Keep `link` as the merchant's store applet (checked by the caller with `applet_link`)."""
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO applet VALUES (1, ?, ?, ?, ?)",
                             (link.app_id, link.name, link.original_id, link.path_template))

    def mapping(self, shop: str) -> dict[str, str]:
        """The CSV column mapping last used for `shop` (field -> column), empty when none."""
        row = self._db.execute("SELECT mapping FROM csv_mappings WHERE shop = ?", (shop,)).fetchone()
        return dict(json.loads(row[0])) if row else {}

    def remember_mapping(self, shop: str, mapping: Mapping[str, str]) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO csv_mappings VALUES (?, ?)",
                             (shop, json.dumps(dict(mapping), ensure_ascii=False)))
