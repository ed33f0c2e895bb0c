"""The creators' catalog cache: the products a creator may tag, in SQLite under `paths.data_dir()`.

Holds: the `Catalog` store (open, upsert, get by product id, search by title, product id or any variant's SKU),
the migration of a catalog written before variants (each flat listing becomes a product with one variant,
`product.single`), the importers from a JSON or CSV file (all-or-nothing, one transaction, each bad row named
by file, line and column; CSV rows sharing a `product_id` are the variants of one product) and the demo
catalog that matches the demo scenes (studio/render/demo_scenes.py). The platform's `GET /v1/catalog` items
come in through `platform.catalog_sync` (`product_from_item` checks each one); withdrawn ones are kept with
`status="withdrawn"`, so the rules can say "withdrawn" rather than "unknown".
Must not hold: network access, Qt, the popup rules (`popup_rules` asks `Catalog.get` through a callable).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from studio.core import paths
from studio.core.applet_link import APP_ID_RE
from studio.core.errors import QT_TRANSLATE_NOOP, InputError, ValidationError
from studio.core.listing import format_rfc3339, parse_rfc3339
from studio.core.listing_csv import read_csv
from studio.core.merchant_listing import PRICE_MAX_CENTS
from studio.core.popup_product import CatalogView
from studio.core.product import Product, Variant, from_wire, single, to_wire
from studio.core.sqlite_store import open_database
from studio.core.text_rules import bad_character

SCHEMA_VERSION = 2
"""1 held flat one-SKU listings (table `listings`); 2 holds products with variants (table `products`)."""
FILE_NAME = "catalog.sqlite3"
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
COLUMNS = ("product_id", "sku", "title", "options", "price_cents", "promo_price_cents", "promo_ends_at", "stock",
           "currency", "image", "applet_app_id", "applet_name", "applet_path", "updated_at")
"""CSV header (any order; `sku`, `title` and `price_cents` are required, the rest optional). Rows with the same
`product_id` are the variants of one product (its title, image and applet from its first row); a row without
one is a product of its own whose id is its SKU. `options` reads "颜色=红; 尺码=M"; an empty `stock` is not
counted."""
REQUIRED = ("sku", "title", "price_cents")
STOCK_MAX = 10**9

_DDL = """
CREATE TABLE IF NOT EXISTS products (
    product_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    image TEXT NOT NULL DEFAULT '',
    applet_app_id TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0,
    search_key TEXT NOT NULL DEFAULT ''
)
"""
# `body` is the product in its catalog form (`product.to_wire`); the other columns are what queries filter on.
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
R_NOT_STOCK = QT_TRANSLATE_NOOP("errors", "{value} is not a whole, non-negative number of units in stock")
R_NOT_OPTIONS = QT_TRANSLATE_NOOP("errors", "{value} is not a list of options such as 颜色=红; 尺码=M")
R_NO_VARIANTS = QT_TRANSLATE_NOOP("errors", "the product has no variants")
R_NOT_TIME = QT_TRANSLATE_NOOP("errors", "{value} is not an RFC 3339 time with a UTC offset")
R_NOT_CURRENCY = QT_TRANSLATE_NOOP("errors", "{value} is not a three-letter currency code")
R_NOT_APP_ID = QT_TRANSLATE_NOOP("errors", "{value} is not an applet app_id (wx and 16 hex digits)")
R_PROMO_HIGHER = QT_TRANSLATE_NOOP("errors", "the promo price is not below the price")
R_NOT_TEXT = QT_TRANSLATE_NOOP("errors", "{value} is not text")
R_BAD_CHARACTER = QT_TRANSLATE_NOOP("errors", "the text holds the character {character}, which is not allowed")


def _key(product: Product) -> str:
    """What search looks in: each code (product id, variant SKUs) on a line of its own, then the title."""
    codes = dict.fromkeys([product.product_id, *(v.sku for v in product.variants)])
    return ("\n" + "\n".join(codes) + "\n" + product.title).casefold()


class FieldError(Exception):
    """A listing field that breaks its rule: the field's name, the reason's English template and its values
    (the importers name file, line and column around it; the sandbox answers 422 with it)."""

    def __init__(self, field: str, reason: str, **values: Any) -> None:
        super().__init__(field)
        self.field, self.reason, self.values = field, reason, values


class _Fields:
    """Checked reads of one record's flat fields (CSV cells or a platform item); each raises `FieldError`."""

    def __init__(self, fields: Mapping[str, Any]) -> None:
        self.fields = fields

    def text(self, name: str, required: bool = False) -> str:
        value = self.fields.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise FieldError(name, R_NOT_TEXT, value=json.dumps(value, ensure_ascii=False))
        character = bad_character(value)
        if character is not None:
            raise FieldError(name, R_BAD_CHARACTER, character=character)
        if required and not value.strip():
            raise FieldError(name, R_REQUIRED)
        return value.strip()

    def count(self, name: str, required: bool, reason: str, limit: int) -> int | None:
        value = self.fields.get(name)
        if value is None or value == "":
            if required:
                raise FieldError(name, R_REQUIRED)
            return None
        if isinstance(value, str) and re.fullmatch(r"\s*\d{1,12}\s*", value):
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= limit:
            return value
        raise FieldError(name, reason, value=str(value))

    def time(self, name: str) -> str | None:
        value = self.text(name)
        if not value:
            return None
        try:
            return format_rfc3339(parse_rfc3339(value))
        except ValueError:
            raise FieldError(name, R_NOT_TIME, value=value) from None

    def options(self, name: str) -> tuple[tuple[str, str], ...]:
        value = self.fields.get(name)
        if isinstance(value, list):  # the catalog form: [{"name": ..., "value": ...}]
            if not all(isinstance(o, dict) and isinstance(o.get("name"), str) and isinstance(o.get("value"), str)
                       for o in value):
                raise FieldError(name, R_NOT_OPTIONS, value=json.dumps(value, ensure_ascii=False)[:80])
            pairs = [(str(o["name"]), str(o["value"])) for o in value]
        else:
            text = self.text(name)
            parts = [p.strip() for p in re.split(r"[;；]", text) if p.strip()]
            if any("=" not in p for p in parts):
                raise FieldError(name, R_NOT_OPTIONS, value=text)
            pairs = [(n.strip(), v.strip()) for n, _, v in (p.partition("=") for p in parts)]
        for pair in pairs:
            for part in pair:
                if bad_character(part) is not None:
                    raise FieldError(name, R_BAD_CHARACTER, character=bad_character(part))
        return tuple(pairs)


def _variant(fields: _Fields) -> Variant:
    price = fields.count("price_cents", True, R_NOT_CENTS, PRICE_MAX_CENTS)
    promo = fields.count("promo_price_cents", False, R_NOT_CENTS, PRICE_MAX_CENTS)
    if promo is not None and price is not None and promo >= price:
        raise FieldError("promo_price_cents", R_PROMO_HIGHER)
    return Variant(sku=fields.text("sku", required=True), options=fields.options("options"),
                   price_cents=price or 0, promo_price_cents=promo, promo_ends_at=fields.time("promo_ends_at"),
                   stock=fields.count("stock", False, R_NOT_STOCK, STOCK_MAX))


def _product_fields(fields: _Fields) -> dict[str, Any]:
    """The product-level fields of a record, checked (everything but the id and the variants)."""
    title = fields.text("title", required=True)
    currency = fields.text("currency") or "CNY"
    if not CURRENCY_RE.match(currency):
        raise FieldError("currency", R_NOT_CURRENCY, value=currency)
    app_id = fields.text("applet_app_id")
    if app_id and not APP_ID_RE.fullmatch(app_id):
        raise FieldError("applet_app_id", R_NOT_APP_ID, value=app_id)
    return {"title": title, "currency": currency, "image": fields.text("image"), "applet_app_id": app_id,
            "applet_name": fields.text("applet_name"), "applet_path": fields.text("applet_path"),
            "updated_at": fields.time("updated_at") or ""}


def product_from_fields(fields: Mapping[str, Any]) -> Product:
    """A checked one-variant product from a flat listing's fields (a CSV row, a version-1 catalog item, the
    sandbox's listing body); raises `FieldError` naming the field."""
    checked = _Fields(fields)
    checked.text("sku", required=True)
    common = _product_fields(checked)
    variant = _variant(checked)
    return Product(product_id=variant.sku, variants=(variant,), **common)


def product_from_item(item: Mapping[str, Any]) -> Product:
    """A checked product from its catalog form (`product.to_wire`: `variants`, `applet` object with `pages`,
    `images` list or `image`), or from a version-1 flat listing; raises `FieldError` naming the field."""
    flat = _flatten_platform(dict(item))
    if "variants" not in flat:
        return replace(product_from_fields(flat), pages=_pages(flat))
    checked = _Fields(flat)
    product_id = checked.text("product_id", required=True)
    variants = flat["variants"]
    if not isinstance(variants, list) or not variants:
        raise FieldError("variants", R_NO_VARIANTS)
    checked_variants = []
    for index, variant in enumerate(variants):
        if not isinstance(variant, dict):
            raise FieldError(f"variants[{index}]", R_NOT_TEXT, value=json.dumps(variant, ensure_ascii=False)[:80])
        try:
            checked_variants.append(_variant(_Fields(variant)))
        except FieldError as exc:
            raise FieldError(f"variants[{index}].{exc.field}", exc.reason, **exc.values) from None
    sold_out_since = checked.time("sold_out_since")
    return Product(product_id=product_id, variants=tuple(checked_variants), pages=_pages(flat),
                   sold_out_since=sold_out_since, **_product_fields(checked))


def _pages(flat: Mapping[str, Any]) -> tuple[str, ...]:
    pages = flat.get("applet_pages")
    if isinstance(pages, list) and all(isinstance(p, str) for p in pages):
        return tuple(pages)
    path = flat.get("applet_path")
    return (path,) if isinstance(path, str) and path else ()


def _flatten_platform(item: dict[str, Any]) -> dict[str, Any]:
    """docs/platform.md's listing (`images` list, `applet` object) as flat fields."""
    flat = dict(item)
    images = flat.pop("images", None)
    if isinstance(images, list) and images and "image" not in flat:
        flat["image"] = images[0]
    applet = flat.pop("applet", None)
    if isinstance(applet, dict):
        for name in ("app_id", "name", "path", "pages"):
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
        """Open (creating if needed) the catalog at `path`, by default `catalog.sqlite3` in the data folder; a
        catalog of flat listings (version 1) becomes one of products first."""
        path = Path(path) if path is not None else paths.data_dir() / FILE_NAME
        db = open_database(path, version=SCHEMA_VERSION, ddl=[_DDL, _SYNC_DDL], too_new_code="catalog_too_new",
                           too_new=QT_TRANSLATE_NOOP("errors", "the catalog was written by a newer version of the app"),
                           migrate=_migrate)
        return cls(db, path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------------------

    def upsert(self, products: Iterable[Product]) -> int:
        """Insert or replace `products` (by product id) in one transaction; returns how many."""
        with self._db:
            return _write(self._db, products)

    def import_json(self, path: Path) -> int:
        """Import a JSON list of listings or products (the catalog's form or flat fields); all or nothing."""
        path = Path(path)
        text = _read_text(path)
        rows = self._products_or_raise(path, _json_rows(path, text), product_from_item)
        return self.upsert(product for _, product in rows)

    def import_csv(self, path: Path) -> int:
        """Import a CSV file with a header line (COLUMNS), rows with one `product_id` becoming one product's
        variants; all or nothing. Read by `listing_csv.read_csv` (UTF-8 with or without BOM, UTF-16,
        GB18030/GBK; comma or tab)."""
        path = Path(path)
        rows = self._products_or_raise(path, _csv_rows(path), product_from_fields)
        return self.upsert(_grouped(rows))

    @staticmethod
    def _products_or_raise(path: Path, rows: Iterator[tuple[int, dict[str, int], dict[str, Any]]],
                           read: Callable[[Mapping[str, Any]], Product]) -> list[tuple[str, Product]]:
        """(the row's product_id cell, the product it holds) of every row; the first bad row or repeated SKU
        raises, naming the file, line and column."""
        products: list[tuple[str, Product]] = []
        first_line: dict[str, int] = {}
        for line, columns, fields in rows:
            try:
                product = read(fields)
                group = _Fields(fields).text("product_id") if "variants" not in fields else product.product_id
            except FieldError as exc:
                column = columns.get(exc.field.partition(".")[0].partition("[")[0], columns.get("", 1))
                raise ValidationError(T_BAD_ROW, path, code="bad_row", line=line, column=column, field=exc.field,
                                      reason=exc.reason.format(**exc.values)) from None
            for variant in product.variants:
                if variant.sku in first_line:
                    raise ValidationError(T_DUPLICATE, path, code="duplicate_sku", line=line,
                                          column=columns.get("sku", columns.get("", 1)), sku=variant.sku,
                                          first=first_line[variant.sku])
                first_line[variant.sku] = line
            products.append((group, product))
        return products

    # -- reading -------------------------------------------------------------------------------------------

    @staticmethod
    def _product(body: str, deleted: int) -> Product:
        product = from_wire(json.loads(body))
        return replace(product, status="withdrawn") if deleted else product

    def get(self, product_id: str) -> Product | None:
        """The product `product_id` (a withdrawn one comes back with `status="withdrawn"`), None when unknown."""
        row = self._db.execute("SELECT body, deleted FROM products WHERE product_id = ?", (product_id,)).fetchone()
        return self._product(*row) if row else None

    def applet_known(self, app_id: str) -> bool:
        """Whether any listed (not withdrawn) product opens in applet `app_id`."""
        return self._db.execute("SELECT 1 FROM products WHERE applet_app_id = ? AND deleted = 0 LIMIT 1",
                                (app_id,)).fetchone() is not None

    def search(self, text: str, limit: int = 50) -> list[Product]:
        """Products whose title, product id or any variant's SKU contains `text` (case-insensitive, any
        script), not withdrawn.

        An exact product id or SKU comes first, then ids, SKUs and titles that start with `text`, then the rest,
        by title.
        """
        needle = text.strip().casefold()
        rows = self._db.execute(
            "SELECT body, deleted FROM products WHERE deleted = 0 AND instr(search_key, ?) > 0"
            " ORDER BY instr(search_key, char(10) || ? || char(10)) > 0 DESC,"
            " instr(search_key, char(10) || ?) > 0 DESC, title, product_id LIMIT ?",
            (needle, needle, needle, max(0, limit))).fetchall()
        return [self._product(*r) for r in rows]

    def image_urls(self, prefix: str) -> Iterator[str]:
        """The distinct main images starting with `prefix` of the products not withdrawn, read as they are
        needed (a catalog of a million products is never in memory at once)."""
        cursor = self._db.execute("SELECT DISTINCT image FROM products WHERE deleted = 0 AND substr(image, 1, ?) = ?",
                                  (len(prefix), prefix))
        for (image,) in cursor:
            yield str(image)

    def count(self) -> int:
        """How many products are cached, withdrawn ones included."""
        return int(self._db.execute("SELECT count(*) FROM products").fetchone()[0])

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


def _write(db: sqlite3.Connection, products: Iterable[Product]) -> int:
    count = 0
    for item in products:
        db.execute("INSERT OR REPLACE INTO products (product_id, title, body, image, applet_app_id, deleted,"
                   " search_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (item.product_id, item.title, json.dumps(to_wire(item), ensure_ascii=False), item.image,
                    item.applet_app_id, int(item.withdrawn), _key(item)))
        count += 1
    return count


def _grouped(rows: list[tuple[str, Product]]) -> list[Product]:
    """The CSV's one-variant products with the same product id joined into one product (the first row's
    title, image and applet); a row without one stays a product of its own."""
    products: dict[str, Product] = {}
    for group, product in rows:
        key = group or product.product_id
        first = products.get(key)
        products[key] = replace(product, product_id=key) if first is None else replace(
            first, variants=first.variants + product.variants)
    return list(products.values())


def _migrate(db: sqlite3.Connection, found: int) -> None:
    """A version-1 catalog (flat listings) brought to version 2 in the opening transaction: each listing becomes
    a product with one variant and its one page. The sync state is reset, so the next sync fetches the whole
    catalog with what version 1 never held (variants, stock, every page); when it last synced is kept."""
    if found != 1:
        return
    rows = db.execute(
        "SELECT sku, title, price_cents, promo_price_cents, promo_ends_at, currency, image, applet_app_id,"
        " applet_name, applet_path, updated_at, deleted FROM listings").fetchall()
    _write(db, (single(sku=sku, title=title, price_cents=price, promo_price_cents=promo, promo_ends_at=ends,
                       currency=currency, image=image, applet_app_id=app_id, applet_name=app_name,
                       applet_path=app_path, pages=(app_path,) if app_path else (), updated_at=updated,
                       status="withdrawn" if deleted else "active")
                for (sku, title, price, promo, ends, currency, image, app_id, app_name, app_path, updated,
                     deleted) in rows))
    db.execute("DROP TABLE listings")
    db.execute("UPDATE catalog_sync SET since = NULL, etag = NULL")


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
        skipped = ws.match(text, pos)
        assert skipped is not None  # "[\s,]*" matches at every position, if only emptily
        pos = skipped.end()
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


def demo_products() -> list[Product]:
    """The products of the demo scenes (studio/render/demo_scenes.py), one variant each, with an applet link
    each."""
    rows = [
        ("GC-BOTTLE-001", "Glass Water Bottle 玻璃水瓶", 5900, 4900, "2099-12-31T16:00:00Z", "bottle"),
        ("GC-TOTE-002", "Canvas Tote Bag 帆布托特包", 8900, None, None, "bag"),
        ("GC-CUP-003", "Ceramic Coffee Cup 陶瓷咖啡杯", 3990, None, None, "cup"),
        ("GC-SHOE-004", "Running Shoes 轻跑运动鞋", 29900, 25900, "2099-12-31T16:00:00Z", "shoe"),
    ]
    products = [single(sku=sku, title=title, price_cents=price, promo_price_cents=promo, promo_ends_at=ends,
                       currency="CNY", image=f"demo:{shape}", applet_app_id=DEMO_APP_ID,
                       applet_name=DEMO_APPLET_NAME, updated_at="2026-11-01T00:00:00Z")
                for sku, title, price, promo, ends, shape in rows]
    return [replace(p, pages=p.render_pages(DEMO_PATH_TEMPLATE)) for p in products]


def load_demo_catalog(catalog: Catalog | None = None) -> int:
    """Put the demo products into `catalog` (by default the one in the data folder); returns how many."""
    if catalog is not None:
        return catalog.upsert(demo_products())
    with Catalog.open() as opened:
        return opened.upsert(demo_products())
