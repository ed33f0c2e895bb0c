"""The creators' catalog cache: the listings a creator may tag, in SQLite under `paths.data_dir()`.

Holds: the `Catalog` store (open, upsert, get, search by title or SKU), the importers from a JSON or CSV
file (all-or-nothing, one transaction, each bad row named by file, line and column) and the demo catalog
that matches the demo scenes (studio/render/demo_scenes.py). Filled from the platform later by the platform
issue (`GET /v1/catalog` rows go through `upsert`; withdrawn ones arrive as `deleted`).
Must not hold: network access, Qt, the popup rules (`popup_rules` asks `Catalog.get` through a callable).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from studio.core import paths
from studio.core.applet_link import APP_ID_RE, render_path
from studio.core.errors import QT_TRANSLATE_NOOP, InputError, ValidationError
from studio.core.listing import Listing, format_rfc3339, parse_rfc3339
from studio.core.listing_csv import read_csv
from studio.core.merchant_listing import PRICE_MAX_CENTS
from studio.core.popup_product import CatalogView
from studio.core.sqlite_store import open_database
from studio.core.text_rules import bad_character

SCHEMA_VERSION = 1
FILE_NAME = "catalog.sqlite3"
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
COLUMNS = ("sku", "title", "price_cents", "promo_price_cents", "promo_ends_at", "currency", "image",
           "applet_app_id", "applet_name", "applet_path", "updated_at")
"""CSV header (any order; `sku`, `title` and `price_cents` are required, the rest optional)."""
REQUIRED = ("sku", "title", "price_cents")

_DDL = """
CREATE TABLE IF NOT EXISTS listings (
    sku TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    price_cents INTEGER NOT NULL,
    promo_price_cents INTEGER,
    promo_ends_at TEXT,
    currency TEXT NOT NULL DEFAULT 'CNY',
    image TEXT NOT NULL DEFAULT '',
    applet_app_id TEXT NOT NULL DEFAULT '',
    applet_name TEXT NOT NULL DEFAULT '',
    applet_path TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0,
    search_key TEXT NOT NULL DEFAULT ''
)
"""
# where the cache stands against each server it was synced from (platform/catalog_sync.py asks and records it)
_SYNC_DDL = """
CREATE TABLE IF NOT EXISTS catalog_sync (
    server TEXT PRIMARY KEY,
    since TEXT,
    etag TEXT,
    synced_at REAL NOT NULL
)
"""


T_BAD_ROW = QT_TRANSLATE_NOOP("errors", "line {line}, column {column} ({field}): {reason}")
T_NOT_JSON = QT_TRANSLATE_NOOP("errors", "line {line}, column {column}: not valid JSON ({reason})")
T_BAD_SHAPE = QT_TRANSLATE_NOOP(
    "errors", "the file must hold a list of listings (or an object with a \"listings\" list)")
T_UNREADABLE = QT_TRANSLATE_NOOP("errors", "cannot read the file: {reason}")
T_BAD_ENCODING = QT_TRANSLATE_NOOP("errors", "the file is not UTF-8 text (byte {offset})")
T_NO_COLUMN = QT_TRANSLATE_NOOP("errors", "line 1: the required column {field} is missing")
T_DUPLICATE = QT_TRANSLATE_NOOP(
    "errors", "line {line}, column {column} (sku): SKU {sku} appears twice in the file (first on line {first})")
R_REQUIRED = QT_TRANSLATE_NOOP("errors", "a value is required")
R_NOT_CENTS = QT_TRANSLATE_NOOP("errors", "{value} is not a whole, non-negative number of cents")
R_NOT_TIME = QT_TRANSLATE_NOOP("errors", "{value} is not an RFC 3339 time with a UTC offset")
R_NOT_CURRENCY = QT_TRANSLATE_NOOP("errors", "{value} is not a three-letter currency code")
R_NOT_APP_ID = QT_TRANSLATE_NOOP("errors", "{value} is not an applet app_id (wx and 16 hex digits)")
R_PROMO_HIGHER = QT_TRANSLATE_NOOP("errors", "the promo price is not below the price")
R_NOT_TEXT = QT_TRANSLATE_NOOP("errors", "{value} is not text")
R_BAD_CHARACTER = QT_TRANSLATE_NOOP("errors", "the text holds the character {character}, which is not allowed")


def _key(sku: str, title: str) -> str:
    return f"{sku}\n{title}".casefold()


class _RowError(Exception):
    def __init__(self, field: str, reason: str, **values: Any) -> None:
        super().__init__(field)
        self.field, self.reason, self.values = field, reason, values


def listing_from_fields(fields: dict[str, Any]) -> Listing:
    """A checked `Listing` from flat fields (CSV cells or a platform listing); raises `_RowError`."""
    def text(name: str) -> str:
        value = fields.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise _RowError(name, R_NOT_TEXT, value=json.dumps(value, ensure_ascii=False))
        character = bad_character(value)
        if character is not None:
            raise _RowError(name, R_BAD_CHARACTER, character=character)
        return value.strip()

    def cents(name: str, required: bool) -> int | None:
        value = fields.get(name)
        if value is None or value == "":
            if required:
                raise _RowError(name, R_REQUIRED)
            return None
        if isinstance(value, str) and re.fullmatch(r"\s*\d{1,12}\s*", value):
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= PRICE_MAX_CENTS:
            return value
        raise _RowError(name, R_NOT_CENTS, value=str(value))

    sku, title = text("sku"), text("title")
    for name, value in (("sku", sku), ("title", title)):
        if not value:
            raise _RowError(name, R_REQUIRED)
    price = cents("price_cents", True)
    promo = cents("promo_price_cents", False)
    if promo is not None and price is not None and promo >= price:
        raise _RowError("promo_price_cents", R_PROMO_HIGHER)
    times: dict[str, str | None] = {}
    for name in ("promo_ends_at", "updated_at"):
        value = text(name)
        if value:
            try:
                value = format_rfc3339(parse_rfc3339(value))
            except ValueError:
                raise _RowError(name, R_NOT_TIME, value=value) from None
        times[name] = value or None
    currency = text("currency") or "CNY"
    if not CURRENCY_RE.match(currency):
        raise _RowError("currency", R_NOT_CURRENCY, value=currency)
    app_id = text("applet_app_id")
    if app_id and not APP_ID_RE.fullmatch(app_id):
        raise _RowError("applet_app_id", R_NOT_APP_ID, value=app_id)
    return Listing(sku=sku, title=title, price_cents=price or 0, promo_price_cents=promo,
                   promo_ends_at=times["promo_ends_at"], currency=currency, image=text("image"),
                   applet_app_id=app_id, applet_name=text("applet_name"), applet_path=text("applet_path"),
                   updated_at=times["updated_at"] or "")


def _flatten_platform(item: dict[str, Any]) -> dict[str, Any]:
    """docs/platform.md's listing (`images` list, `applet` object) as flat fields."""
    flat = dict(item)
    images = flat.pop("images", None)
    if isinstance(images, list) and images and "image" not in flat:
        flat["image"] = images[0]
    applet = flat.pop("applet", None)
    if isinstance(applet, dict):
        for name in ("app_id", "name", "path"):
            flat.setdefault(f"applet_{name}", applet.get(name))
    return flat


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(T_UNREADABLE, path, code="unreadable", reason=exc.strerror or str(exc)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(T_BAD_ENCODING, path, code="bad_encoding", offset=exc.start) from None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class Catalog:
    """The catalog cache; use as a context manager or call `close()`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path | None = None) -> Catalog:
        """Open (creating if needed) the catalog at `path`, by default `catalog.sqlite3` in the data folder."""
        path = Path(path) if path is not None else paths.data_dir() / FILE_NAME
        db = open_database(path, version=SCHEMA_VERSION, ddl=[_DDL, _SYNC_DDL], too_new_code="catalog_too_new",
                           too_new=QT_TRANSLATE_NOOP("errors", "the catalog was written by a newer version of the app"))
        return cls(db, path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------------------

    def _write(self, listings: Iterable[Listing]) -> int:
        count = 0
        for item in listings:
            self._db.execute(
                "INSERT OR REPLACE INTO listings (sku, title, price_cents, promo_price_cents, promo_ends_at,"
                " currency, image, applet_app_id, applet_name, applet_path, updated_at, deleted, search_key)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (item.sku, item.title, item.price_cents, item.promo_price_cents, item.promo_ends_at,
                 item.currency, item.image, item.applet_app_id, item.applet_name, item.applet_path,
                 item.updated_at, int(item.deleted), _key(item.sku, item.title)))
            count += 1
        return count

    def upsert(self, listings: Iterable[Listing]) -> int:
        """Insert or replace `listings` in one transaction; returns how many."""
        with self._db:
            return self._write(listings)

    def import_json(self, path: Path) -> int:
        """Import a JSON list of listings (docs/platform.md shape or flat fields); all or nothing."""
        path = Path(path)
        text = _read_text(path)
        return self.upsert(self._rows_or_raise(path, _json_rows(path, text)))

    def import_csv(self, path: Path) -> int:
        """Import a CSV file with a header line (COLUMNS); all or nothing. Read by `listing_csv.read_csv`
        (UTF-8 with or without BOM, UTF-16, GB18030/GBK; comma or tab)."""
        path = Path(path)
        return self.upsert(self._rows_or_raise(path, _csv_rows(path)))

    @staticmethod
    def _rows_or_raise(path: Path, rows: Iterator[tuple[int, dict[str, int], dict[str, Any]]]) -> list[Listing]:
        listings: list[Listing] = []
        first_line: dict[str, int] = {}
        for line, columns, fields in rows:
            try:
                listing = listing_from_fields(fields)
            except _RowError as exc:
                raise ValidationError(T_BAD_ROW, path, code="bad_row", line=line,
                                      column=columns.get(exc.field, columns.get("", 1)), field=exc.field,
                                      reason=exc.reason.format(**exc.values)) from None
            if listing.sku in first_line:
                raise ValidationError(T_DUPLICATE, path, code="duplicate_sku", line=line,
                                      column=columns.get("sku", 1), sku=listing.sku, first=first_line[listing.sku])
            first_line[listing.sku] = line
            listings.append(listing)
        return listings

    # -- reading -------------------------------------------------------------------------------------------

    @staticmethod
    def _listing(row: sqlite3.Row | tuple[Any, ...]) -> Listing:
        (sku, title, price, promo, ends, currency, image, app_id, app_name, app_path, updated, deleted) = row
        return Listing(sku=sku, title=title, price_cents=price, promo_price_cents=promo, promo_ends_at=ends,
                       currency=currency, image=image, applet_app_id=app_id, applet_name=app_name,
                       applet_path=app_path, updated_at=updated, deleted=bool(deleted))

    _SELECT = ("SELECT sku, title, price_cents, promo_price_cents, promo_ends_at, currency, image, applet_app_id,"
               " applet_name, applet_path, updated_at, deleted FROM listings")

    def get(self, sku: str) -> Listing | None:
        """The listing with `sku` (a withdrawn one comes back with `deleted=True`), None when unknown."""
        row = self._db.execute(self._SELECT + " WHERE sku = ?", (sku,)).fetchone()
        return self._listing(row) if row else None

    def applet_known(self, app_id: str) -> bool:
        """Whether any listed (not withdrawn) product opens in applet `app_id`."""
        return self._db.execute("SELECT 1 FROM listings WHERE applet_app_id = ? AND deleted = 0 LIMIT 1",
                                (app_id,)).fetchone() is not None

    def search(self, text: str, limit: int = 50) -> list[Listing]:
        """Listings whose SKU or title contains `text` (case-insensitive, any script), not withdrawn.

        An exact SKU comes first, then SKUs and titles that start with `text`, then the rest, by title.
        """
        needle = text.strip().casefold()
        rows = self._db.execute(
            self._SELECT + " WHERE deleted = 0 AND instr(search_key, ?) > 0"
            " ORDER BY instr(search_key, ? || char(10)) = 1 DESC,"
            " (instr(search_key, ?) = 1 OR instr(search_key, char(10) || ?) > 0) DESC, title, sku LIMIT ?",
            (needle, needle, needle, needle, max(0, limit))).fetchall()
        return [self._listing(r) for r in rows]

    def image_urls(self, prefix: str) -> Iterator[str]:
        """The distinct main images starting with `prefix` of the listings not withdrawn, read as they are
        needed (a catalog of a million listings is never in memory at once)."""
        cursor = self._db.execute("SELECT DISTINCT image FROM listings WHERE deleted = 0 AND substr(image, 1, ?) = ?",
                                  (len(prefix), prefix))
        for (image,) in cursor:
            yield str(image)

    def count(self) -> int:
        """How many listings are cached, withdrawn ones included."""
        return int(self._db.execute("SELECT count(*) FROM listings").fetchone()[0])

    # -- where a sync with each server stands -------------------------------------------------------------------

    def sync_state(self, server: str) -> tuple[str | None, str | None]:
        """The `since` cursor and the ETag of the last sync from `server`; (None, None) before the first."""
        row = self._db.execute("SELECT since, etag FROM catalog_sync WHERE server = ?", (server,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def last_synced(self, server: str) -> float | None:
        """When the last sync from `server` finished (a POSIX time); None before the first."""
        row = self._db.execute("SELECT synced_at FROM catalog_sync WHERE server = ?", (server,)).fetchone()
        return float(row[0]) if row else None

    def save_sync_state(self, server: str, since: str | None, etag: str | None, synced_at: float) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO catalog_sync (server, since, etag, synced_at) VALUES (?, ?, ?, ?)",
                             (server, since, etag, synced_at))


@contextmanager
def local_view() -> Iterator[CatalogView]:
    """The local catalog as the popup rules ask it (`CatalogView`); an empty view when there is none yet."""
    file = paths.data_dir() / FILE_NAME
    if not file.is_file():
        yield CatalogView()
        return
    with Catalog.open(file) as catalog:
        yield CatalogView(catalog.get, catalog.applet_known)


def _json_rows(path: Path, text: str) -> Iterator[tuple[int, dict[str, int], dict[str, Any]]]:
    """Each top-level listing with the line and column where it starts (the column applies to every field)."""
    decoder = json.JSONDecoder()
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(T_NOT_JSON, path, code="bad_json", line=exc.lineno, column=exc.colno,
                              reason=exc.msg) from None
    if isinstance(whole, dict) and isinstance(whole.get("listings"), list):
        start = text.index("[", text.index('"listings"'))
    elif isinstance(whole, list):
        start = text.index("[")
    else:
        raise ValidationError(T_BAD_SHAPE, path, code="bad_shape")
    pos = start + 1
    ws = re.compile(r"[\s,]*")
    while True:
        pos = ws.match(text, pos).end()  # type: ignore[union-attr]
        if text[pos] == "]":
            return
        item, end = decoder.raw_decode(text, pos)
        line, column = _line_col(text, pos)
        if not isinstance(item, dict):
            raise ValidationError(T_BAD_SHAPE, path, code="bad_shape")
        yield line, {"": column}, _flatten_platform(item)
        pos = end


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, int], dict[str, Any]]]:
    table = read_csv(path)
    for field in REQUIRED:
        if field not in table.header:
            raise ValidationError(T_NO_COLUMN, path, code="missing_column", field=field)
    if table.issues:
        issue = table.issues[0]
        raise ValidationError(T_BAD_ROW, path, code="bad_row", line=issue.line, column=issue.column,
                              field=issue.column_name, reason=issue.message)
    columns = {name: index + 1 for index, name in enumerate(table.header)}
    for record in table.records:
        yield record.line, columns, dict(zip(table.header, record.cells, strict=True))


DEMO_APP_ID = "wx5f3c2a1b9d8e7f60"
DEMO_APPLET_NAME = "好圈小店 Good Circle Shop"
DEMO_PATH_TEMPLATE = "pages/goods/detail?sku={sku}"


def demo_listings() -> list[Listing]:
    """The products of the demo scenes (studio/render/demo_scenes.py), with an applet link each."""
    rows = [
        ("GC-BOTTLE-001", "Glass Water Bottle 玻璃水瓶", 5900, 4900, "2099-12-31T16:00:00Z", "bottle"),
        ("GC-TOTE-002", "Canvas Tote Bag 帆布托特包", 8900, None, None, "bag"),
        ("GC-CUP-003", "Ceramic Coffee Cup 陶瓷咖啡杯", 3990, None, None, "cup"),
        ("GC-SHOE-004", "Running Shoes 轻跑运动鞋", 29900, 25900, "2099-12-31T16:00:00Z", "shoe"),
    ]
    return [Listing(sku=sku, title=title, price_cents=price, promo_price_cents=promo, promo_ends_at=ends,
                    currency="CNY", image=f"demo:{shape}", applet_app_id=DEMO_APP_ID, applet_name=DEMO_APPLET_NAME,
                    applet_path=render_path(DEMO_PATH_TEMPLATE, sku=sku), updated_at="2026-11-01T00:00:00Z")
            for sku, title, price, promo, ends, shape in rows]


def load_demo_catalog(catalog: Catalog | None = None) -> int:
    """Put the demo products into `catalog` (by default the one in the data folder); returns how many."""
    if catalog is not None:
        return catalog.upsert(demo_listings())
    with Catalog.open() as opened:
        return opened.upsert(demo_listings())
