"""The merchant's products (each with its variants), linked applet and remembered CSV mappings, in SQLite under
`paths.data_dir()`.

Holds: `ListingsStore` — products (`core.product.Product`) by product id with their variants (a variant's SKU
is unique in the store: a SKU names one variant of the shop), each product with `dirty` set when changed here
since the last push and the platform `updated_at` it was last synced at; sort / filter / page done in SQL over
products (the filter finds a product by its id, title, or any variant's SKU or option) so a view over 50,000
variants reads only what it shows; which picture file each product last sent to the platform (so a push
sends only new or changed pictures and an interrupted one goes on where it stopped), the store applet link
(one per merchant profile) and the CSV column mapping remembered per shop. Every write is one transaction:
an import commits all its good rows or none. A store written before variants (schema 1: one row per SKU)
migrates when opened: each listing becomes a product with one variant whose SKU is its product id.
Must not hold: the field rules (`merchant_listing`, `applet_link`), CSV (`listing_csv`), network, Qt.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from studio.core import paths
from studio.core.errors import QT_TRANSLATE_NOOP, ValidationError
from studio.core.merchant_listing import now_rfc3339
from studio.core.product import Product, Variant
from studio.core.project import AppletLink
from studio.core.sqlite_store import open_database

SCHEMA_VERSION = 2
FILE_NAME = "listings.sqlite3"
SORT_KEYS: dict[str, str] = {
    "sku": "product_id", "product_id": "product_id", "title": "title", "price": "price_low",
    "promo_price": "promo_low", "promo_ends_at": "promo_ends_at", "stock": "stock", "currency": "currency",
    "image": "image", "applet_path": "applet_path", "status": "status", "updated_at": "updated_at",
    "dirty": "dirty",
}
"""What a view may sort by, and the column it sorts on (never a string from outside in the SQL). A product sorts
by its lowest price, lowest promo price, first promo end and total stock."""
T_SKU_TAKEN = QT_TRANSLATE_NOOP("errors", "SKU {sku} is already a variant of product {product}")

_DDL = (
    """CREATE TABLE IF NOT EXISTS products (
        product_id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        currency TEXT NOT NULL DEFAULT 'CNY',
        image TEXT NOT NULL DEFAULT '',
        applet_path TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'active',
        updated_at TEXT NOT NULL DEFAULT '',
        dirty INTEGER NOT NULL DEFAULT 1,
        search_key TEXT NOT NULL DEFAULT '',
        synced_version TEXT NOT NULL DEFAULT '',
        price_low INTEGER NOT NULL DEFAULT 0,
        promo_low INTEGER,
        promo_ends_at TEXT,
        stock INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS variants (
        sku TEXT PRIMARY KEY,
        product_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        options TEXT NOT NULL DEFAULT '[]',
        price_cents INTEGER NOT NULL,
        promo_price_cents INTEGER,
        promo_ends_at TEXT,
        stock INTEGER
    )""",
    "CREATE INDEX IF NOT EXISTS variants_product ON variants (product_id, position)",
    # the id order's index carries the search key, so counting a filter and paging it in id order test the
    # filter on the index alone and read from the table only the rows a page shows; the other sort orders'
    # indexes stay narrow so an import does not pay for them
    "CREATE INDEX IF NOT EXISTS products_id ON products (product_id, search_key)",
    "CREATE INDEX IF NOT EXISTS products_title ON products (title, product_id)",
    "CREATE INDEX IF NOT EXISTS products_price ON products (price_low, product_id)",
    """CREATE TABLE IF NOT EXISTS applet (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        app_id TEXT NOT NULL, name TEXT NOT NULL, original_id TEXT NOT NULL, path_template TEXT NOT NULL
    )""",
    "CREATE TABLE IF NOT EXISTS csv_mappings (shop TEXT PRIMARY KEY, mapping TEXT NOT NULL)",
    # the main picture on the platform (by product id): the file it came from, its size and mtime when read
    """CREATE TABLE IF NOT EXISTS pushed_images (
        sku TEXT PRIMARY KEY, source TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
        sha256 TEXT NOT NULL
    )""",
)
_COLUMNS = "product_id, title, currency, image, applet_path, status, updated_at"
_SELECT = f"SELECT {_COLUMNS} FROM products"
_SUMMARY = "dirty, search_key, price_low, promo_low, promo_ends_at, stock"
# an upsert, not INSERT OR REPLACE: a product's `synced_version` (sync bookkeeping) survives its edits
_INSERT = (f"INSERT INTO products ({_COLUMNS}, {_SUMMARY}) VALUES ({', '.join('?' * 13)})"
           " ON CONFLICT (product_id) DO UPDATE SET " + ", ".join(
               f"{c} = excluded.{c}" for c in f"{_COLUMNS}, {_SUMMARY}".replace(" ", "").split(",")[1:]))
_VARIANT_COLUMNS = "sku, product_id, position, options, price_cents, promo_price_cents, promo_ends_at, stock"


def search_key(product: Product) -> str:
    """What the filter looks in: the product id, the title, each variant's SKU and option values."""
    parts = [product.product_id, product.title]
    for variant in product.variants:
        parts.append(variant.sku)
        parts += [value for _, value in variant.options]
    return "\n".join(parts).casefold()


def _product_row(product: Product, dirty: bool) -> tuple[Any, ...]:
    prices = [v.price_cents for v in product.variants] or [0]
    promos = [v.promo_price_cents for v in product.variants if v.promo_price_cents is not None]
    ends = sorted(v.promo_ends_at for v in product.variants if v.promo_ends_at)
    return (product.product_id, product.title, product.currency, product.image, product.applet_path,
            product.status, product.updated_at, int(dirty), search_key(product), min(prices),
            min(promos) if promos else None, ends[0] if ends else None, product.stock)


def _variant_rows(product: Product) -> Iterator[tuple[Any, ...]]:
    for position, v in enumerate(product.variants):
        yield (v.sku, product.product_id, position, json.dumps(v.options, ensure_ascii=False), v.price_cents,
               v.promo_price_cents, v.promo_ends_at, v.stock)


@functools.lru_cache(maxsize=4096)
def _options(text: str) -> tuple[tuple[str, str], ...]:
    """A variant's options from their column (a shop's few option combinations repeat on every product)."""
    return tuple((str(n), str(v)) for n, v in json.loads(text))


def _variant(row: Sequence[Any]) -> Variant:
    sku, _product, _position, options, price, promo, ends, stock = row
    return Variant(sku=sku, options=_options(options), price_cents=price, promo_price_cents=promo,
                   promo_ends_at=ends, stock=stock)


def _migrate(db: sqlite3.Connection, found: int) -> None:
    """Schema 1 kept one row per SKU (`listings`): each becomes a product with one variant, its sync state kept."""
    if found < 2 and db.execute("SELECT 1 FROM sqlite_master WHERE name = 'listings'").fetchone():
        db.execute("INSERT INTO products (product_id, title, currency, image, applet_path, status, updated_at,"
                   " dirty, search_key, synced_version, price_low, promo_low, promo_ends_at, stock)"
                   " SELECT sku, title, currency, image, applet_path, status, updated_at, dirty, search_key,"
                   " synced_version, price_cents, promo_price_cents, promo_ends_at, NULL FROM listings")
        db.execute(f"INSERT INTO variants ({_VARIANT_COLUMNS}) SELECT sku, sku, 0, '[]', price_cents,"
                   " promo_price_cents, promo_ends_at, NULL FROM listings")
        db.execute("DROP TABLE listings")


def _chunks(values: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    wanted = list(dict.fromkeys(values))
    for start in range(0, len(wanted), size):
        yield wanted[start:start + size]


class ListingsStore:
    """The listings database; use as a context manager or call `close()`. One thread at a time."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path | None = None) -> ListingsStore:
        """Open (creating or migrating if needed) `listings.sqlite3` in the data folder, or `path`."""
        path = Path(path) if path is not None else paths.data_dir() / FILE_NAME
        # cache_size 32 MB: a 50,000-row import updates its indexes in memory
        db = open_database(path, version=SCHEMA_VERSION, ddl=_DDL, too_new_code="listings_too_new",
                           too_new=QT_TRANSLATE_NOOP("errors", "the listings were written by a newer version of "
                                                               "the app"),
                           pragmas=("journal_mode = WAL", "cache_size = -32768"), check_same_thread=False,
                           migrate=_migrate)
        return cls(db, path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ListingsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- products: reading -----------------------------------------------------------------------------------

    @staticmethod
    def _where(text: str) -> tuple[str, tuple[Any, ...]]:
        needle = text.strip().casefold()
        return ("WHERE instr(search_key, ?) > 0", (needle,)) if needle else ("", ())

    def _products(self, rows: Sequence[Sequence[Any]]) -> list[Product]:
        """Products from `_SELECT` rows, with their variants (one query per 500 products)."""
        variants: dict[str, list[Variant]] = {}
        for chunk in _chunks(row[0] for row in rows):
            for row in self._db.execute(f"SELECT {_VARIANT_COLUMNS} FROM variants WHERE product_id IN"
                                        f" ({','.join('?' * len(chunk))}) ORDER BY product_id, position", chunk):
                variants.setdefault(row[1], []).append(_variant(row))
        return [Product(product_id=pid, title=title, currency=currency, image=image, applet_path=path,
                        status=status, updated_at=updated, variants=tuple(variants.get(pid, ())))
                for pid, title, currency, image, path, status, updated in rows]

    def get(self, product_id: str) -> Product | None:
        found = self._products(self._db.execute(_SELECT + " WHERE product_id = ?", (product_id,)).fetchall())
        return found[0] if found else None

    def get_many(self, product_ids: Iterable[str]) -> dict[str, Product]:
        """The products of `product_ids` that exist, by id."""
        found: dict[str, Product] = {}
        for chunk in _chunks(product_ids):
            rows = self._db.execute(_SELECT + f" WHERE product_id IN ({','.join('?' * len(chunk))})", chunk)
            found.update((p.product_id, p) for p in self._products(rows.fetchall()))
        return found

    def owners(self, skus: Iterable[str]) -> dict[str, str]:
        """variant SKU -> the product that sells it, for the `skus` in the store."""
        found: dict[str, str] = {}
        for chunk in _chunks(skus):
            found.update(self._db.execute(
                f"SELECT sku, product_id FROM variants WHERE sku IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def dirty(self, product_ids: Iterable[str]) -> set[str]:
        """Those of `product_ids` changed here since the last push."""
        found: set[str] = set()
        for chunk in _chunks(product_ids):
            found.update(row[0] for row in self._db.execute(
                f"SELECT product_id FROM products WHERE dirty = 1 AND product_id IN ({','.join('?' * len(chunk))})",
                chunk))
        return found

    def count(self, text: str = "") -> int:
        """How many products contain `text` in their id, title, a variant's SKU or option (case-insensitive; all
        when empty)."""
        where, args = self._where(text)
        return int(self._db.execute(f"SELECT count(*) FROM products {where}", args).fetchone()[0])

    def variant_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM variants").fetchone()[0])

    def page(self, text: str = "", sort: str = "sku", descending: bool = False, offset: int = 0,
             limit: int = 200) -> list[Product]:
        """One page of the products matching `text`, sorted by `sort` (a `SORT_KEYS` name), id breaking ties."""
        where, args = self._where(text)
        column = SORT_KEYS[sort]
        order = "DESC" if descending else "ASC"
        tie = "" if column == "product_id" else f", product_id {order}"
        rows = self._db.execute(f"{_SELECT} {where} ORDER BY {column} {order}{tie} LIMIT ? OFFSET ?",
                                (*args, max(0, limit), max(0, offset))).fetchall()
        return self._products(rows)

    def product_ids(self, text: str = "") -> list[str]:
        """The ids of the products matching `text`, in id order (a bulk edit over everything a filter shows)."""
        where, args = self._where(text)
        return [row[0] for row in self._db.execute(f"SELECT product_id FROM products {where} ORDER BY product_id",
                                                   args)]

    def iter_all(self) -> Iterator[Product]:
        """Every product in id order (the export), read 500 at a time."""
        cursor = self._db.execute(_SELECT + " ORDER BY product_id")
        while rows := cursor.fetchmany(500):
            yield from self._products(rows)

    def changed(self) -> list[Product]:
        """The products changed here since the last push."""
        return self._products(self._db.execute(_SELECT + " WHERE dirty = 1 ORDER BY product_id").fetchall())

    # -- products: writing -----------------------------------------------------------------------------------

    def put(self, products: Iterable[Product], *, dirty: bool | Collection[str]) -> int:
        """Insert or replace `products` exactly as given, in one transaction (import, undo/redo, pull): changed
        here (`dirty`) when `dirty` is True or holds the product's id. ValidationError, and nothing written,
        when a variant's SKU is another product's."""
        items = list(products)
        ids = [p.product_id for p in items]
        try:
            with self._db:
                for chunk in _chunks(ids):
                    self._db.execute(f"DELETE FROM variants WHERE product_id IN ({','.join('?' * len(chunk))})",
                                     chunk)
                self._db.executemany(_INSERT, (
                    _product_row(p, dirty if isinstance(dirty, bool) else p.product_id in dirty) for p in items))
                self._db.executemany(f"INSERT INTO variants ({_VARIANT_COLUMNS}) VALUES ({', '.join('?' * 8)})",
                                     (row for p in items for row in _variant_rows(p)))
        except sqlite3.IntegrityError:
            skus = [v.sku for p in items for v in p.variants]
            owners = self.owners(skus)
            mine = {v.sku: p.product_id for p in items for v in p.variants}
            sku = next((s for s in skus if owners.get(s, mine[s]) != mine[s]), skus[0] if skus else "")
            raise ValidationError(T_SKU_TAKEN, self.path, code="sku_taken", sku=sku,
                                  product=owners.get(sku, mine.get(sku, ""))) from None
        return len(items)

    def save_edits(self, products: Iterable[Product]) -> list[Product]:
        """Store edited products, marked changed-here and stamped now; returns them as stored."""
        now = now_rfc3339()
        stamped = [replace(item, updated_at=now) for item in products]
        self.put(stamped, dirty=True)
        return stamped

    def delete(self, product_ids: Iterable[str]) -> None:
        with self._db:
            for chunk in _chunks(product_ids):
                marks = ",".join("?" * len(chunk))
                self._db.execute(f"DELETE FROM variants WHERE product_id IN ({marks})", chunk)
                self._db.execute(f"DELETE FROM products WHERE product_id IN ({marks})", chunk)

    def mark_synced(self, versions: Mapping[str, str], *, only_if_unchanged_since: Mapping[str, str] | None = None
                    ) -> None:
        """Products now equal to the platform's copy, with the platform's `updated_at` for each (the base a
        later pull compares with to tell an edit on both sides). With `only_if_unchanged_since` (id -> the
        local `updated_at` that was pushed), a product edited again meanwhile stays changed."""
        with self._db:
            for product_id, version in versions.items():
                if only_if_unchanged_since is not None and product_id in only_if_unchanged_since:
                    self._db.execute("UPDATE products SET dirty = 0, synced_version = ? WHERE product_id = ? AND"
                                     " updated_at = ?", (version, product_id, only_if_unchanged_since[product_id]))
                else:
                    self._db.execute("UPDATE products SET dirty = 0, synced_version = ? WHERE product_id = ?",
                                     (version, product_id))

    def rebase(self, versions: Mapping[str, str]) -> None:
        """Take the platform's `updated_at` as the base of changed-here products (a conflict settled as "keep
        mine": they stay changed, and the next push overwrites the platform's copy)."""
        with self._db:
            self._db.executemany("UPDATE products SET synced_version = ? WHERE product_id = ?",
                                 ((version, product_id) for product_id, version in versions.items()))

    def synced_versions(self, product_ids: Iterable[str]) -> dict[str, str]:
        """The platform `updated_at` each product was last synced at ('' when never)."""
        found: dict[str, str] = {}
        for chunk in _chunks(product_ids):
            found.update(self._db.execute(f"SELECT product_id, synced_version FROM products WHERE product_id IN"
                                          f" ({','.join('?' * len(chunk))})", chunk))
        return found

    # -- pictures on the platform ---------------------------------------------------------------------------

    def pushed_image(self, sku: str) -> tuple[str, int, int] | None:
        """(source file, size, mtime_ns) of the main picture last sent for product `sku`, None when none was."""
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
