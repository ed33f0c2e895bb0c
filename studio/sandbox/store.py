"""The sandbox's state: one SQLite database and a data folder (uploads, post packages, listing images).

Holds: the `Store` (users, roles, hashed tokens, applets, products in their catalog form with their change
sequence, tombstones and the variant SKUs each shop uses, product images, tus uploads, posts and verdicts), the
migration of a folder written before products had variants (each flat listing becomes a one-variant product),
the sandbox's clock (real time plus an offset the tests can advance, so expiry is tested without waiting) and
the default data folder.
Must not hold: HTTP (studio/sandbox/app.py), rules (they are `core`'s).

Tokens are stored as their sha256 only; the token itself is shown once, when it is made. A token grants
every role its user holds (one person may be creator and merchant). The database is opened in WAL mode,
so `studio sandbox token` can add a user while `serve` runs on the same folder.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.core import paths
from studio.core.errors import QT_TRANSLATE_NOOP, InputError
from studio.core.product import single, to_wire
from studio.core.sqlite_store import open_database

ROLES = ("creator", "merchant", "reviewer")
DB_NAME = "sandbox.sqlite3"
SCHEMA_VERSION = 2
"""2: listings are products with variants (`products`, `variant_skus`, `product_images`)."""
DEFAULT_TOKEN_TTL = 90 * 24 * 3600
DEFAULT_UPLOAD_TTL = 24 * 3600

_DDL = """
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS user_roles (user_id TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (user_id, role));
CREATE TABLE IF NOT EXISTS tokens (hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at REAL NOT NULL,
    expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS applets (app_id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, name TEXT NOT NULL,
    original_id TEXT, path_template TEXT NOT NULL, updated_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS products (product_id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, body TEXT NOT NULL,
    seq INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, updated_at REAL NOT NULL, sold_out_since REAL);
CREATE INDEX IF NOT EXISTS products_seq ON products (seq);
CREATE TABLE IF NOT EXISTS variant_skus (owner_id TEXT NOT NULL, sku TEXT NOT NULL, product_id TEXT NOT NULL,
    PRIMARY KEY (owner_id, sku));
CREATE INDEX IF NOT EXISTS variant_skus_product ON variant_skus (product_id);
CREATE TABLE IF NOT EXISTS product_images (product_id TEXT NOT NULL, n INTEGER NOT NULL,
    content_type TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (product_id, n));
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, length INTEGER NOT NULL,
    "offset" INTEGER NOT NULL DEFAULT 0, metadata TEXT NOT NULL, created_at REAL NOT NULL,
    expires_at REAL NOT NULL, sha256 TEXT, post_id TEXT, refused TEXT);
CREATE TABLE IF NOT EXISTS posts (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, upload_id TEXT NOT NULL,
    sha256 TEXT NOT NULL, size INTEGER NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL,
    hashtags TEXT NOT NULL, status TEXT NOT NULL, reasons TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '', popup_notes TEXT NOT NULL DEFAULT '[]', popup_ids TEXT NOT NULL DEFAULT '[]',
    replaces TEXT, replaced_by TEXT, reviewer TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL);
"""


def product_body(wire: dict[str, Any]) -> str:
    """What the `products` table keeps of a product: its catalog form (`core.product.to_wire`) without what is
    filled in when it is read (the applet's name, the rendered pages, the images)."""
    applet = {**wire["applet"], "name": "", "pages": []}
    return dumps({**wire, "applet": applet, "image": ""})


def _migrate(db: sqlite3.Connection, found: int) -> None:
    """Version 1 kept flat listings (`listings`, `listing_images`): each becomes a product with one variant whose
    SKU is the listing's, in the same place of the change order, its images and tombstone kept."""
    if found < 2 and db.execute("SELECT 1 FROM sqlite_master WHERE name = 'listings'").fetchone():
        rows = db.execute("SELECT sku, owner_id, body, seq, deleted, updated_at FROM listings").fetchall()
        for sku, owner, body, seq, deleted, updated in rows:
            old = json.loads(body)
            product = single(sku=sku, title=old["title"], price_cents=old["price_cents"],
                             promo_price_cents=old.get("promo_price_cents"), promo_ends_at=old.get("promo_ends_at"),
                             currency=old.get("currency") or "CNY", applet_app_id=old["app_id"],
                             applet_path="" if old.get("follows_template") else old.get("path") or "")
            db.execute("INSERT INTO products (product_id, owner_id, body, seq, deleted, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       (sku, owner, product_body(to_wire(product)), seq, deleted, updated))
            if not deleted:
                db.execute("INSERT INTO variant_skus (owner_id, sku, product_id) VALUES (?, ?, ?)", (owner, sku, sku))
        db.execute("INSERT INTO product_images (product_id, n, content_type, sha256, size)"
                   " SELECT sku, n, content_type, sha256, size FROM listing_images")
        db.execute("DROP TABLE listing_images")
        db.execute("DROP TABLE listings")


def default_data_dir() -> Path:
    """Where `studio sandbox serve` and `token` keep their state without `--data`: under STUDIO_HOME."""
    return paths.data_dir() / "sandbox"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"


@dataclass(frozen=True)
class User:
    id: str
    name: str
    roles: tuple[str, ...]


class Clock:
    """Wall-clock time plus an offset; `advance` moves the sandbox into the future (tests of expiry)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


class Store:
    """The sandbox's database and folders. Thread-safe: one connection behind a lock."""

    def __init__(self, data_dir: Path, clock: Clock | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock or Clock()
        for sub in ("uploads", "posts", "images"):
            (self.data_dir / sub).mkdir(parents=True, exist_ok=True)
        db_path = self.data_dir / DB_NAME
        try:
            self._db = open_database(
                db_path, version=SCHEMA_VERSION, ddl=[table for table in _DDL.split(";") if table.strip()],
                pragmas=["journal_mode=WAL"], check_same_thread=False, isolation_level=None, timeout=10,
                migrate=_migrate,
                too_new_code="sandbox_too_new",
                too_new=QT_TRANSLATE_NOOP("errors", "the sandbox data was written by a newer version"))
        except sqlite3.Error as exc:
            raise InputError(QT_TRANSLATE_NOOP("errors", "cannot open the sandbox database: {reason}"), db_path,
                             code="sandbox_db", reason=str(exc)) from None
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(uploads)")}
        if "refused" not in columns:  # a folder made before refusals were remembered
            self._db.execute("ALTER TABLE uploads ADD COLUMN refused TEXT")
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- low level ------------------------------------------------------------------------------------------

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def one(self, sql: str, args: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        rows = self.query(sql, args)
        return rows[0] if rows else None

    def execute(self, sql: str, args: tuple[Any, ...] = ()) -> int:
        with self._lock:
            return self._db.execute(sql, args).rowcount

    def transaction(self) -> _Transaction:
        return _Transaction(self)

    def next_seq(self) -> int:
        """The next value of the product change sequence (catalog `since`)."""
        with self._lock:
            self._db.execute("INSERT INTO counters (name, value) VALUES ('seq', 1)"
                             " ON CONFLICT (name) DO UPDATE SET value = value + 1")
            return int(self._db.execute("SELECT value FROM counters WHERE name = 'seq'").fetchone()[0])

    # -- users and tokens ----------------------------------------------------------------------------------

    def ensure_user(self, name: str, roles: tuple[str, ...] | list[str] = ()) -> User:
        """The user called `name` (made when new), with `roles` added to the ones it holds."""
        name = name.strip()
        if not name or len(name) > 64:
            raise InputError(QT_TRANSLATE_NOOP("errors", "a user name has 1 to 64 characters"), code="bad_user")
        for role in roles:
            if role not in ROLES:
                raise InputError(QT_TRANSLATE_NOOP("errors", "unknown role {role}; use creator, merchant or reviewer"),
                                 code="bad_role", role=role)
        with self.transaction():
            row = self.one("SELECT id FROM users WHERE name = ?", (name,))
            user_id = row[0] if row else new_id("u")
            if not row:
                self.execute("INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)",
                             (user_id, name, self.clock.now()))
            for role in roles:
                self.execute("INSERT OR IGNORE INTO user_roles (user_id, role) VALUES (?, ?)", (user_id, role))
        user = self.user(user_id)
        assert user is not None
        return user

    def user(self, user_id: str) -> User | None:
        row = self.one("SELECT id, name FROM users WHERE id = ?", (user_id,))
        if row is None:
            return None
        roles = tuple(sorted(r for (r,) in self.query("SELECT role FROM user_roles WHERE user_id = ?", (user_id,))))
        return User(row[0], row[1], roles)

    def issue_token(self, name: str, roles: tuple[str, ...] | list[str],
                    ttl_seconds: float = DEFAULT_TOKEN_TTL) -> str:
        """A new token for user `name` (made when new, given `roles`); only its hash is kept."""
        user = self.ensure_user(name, roles)
        token = "gcs_" + secrets.token_urlsafe(32)
        now = self.clock.now()
        self.execute("INSERT INTO tokens (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                     (hash_token(token), user.id, now, now + ttl_seconds))
        return token

    def user_for_token(self, token: str) -> User | None:
        """The user a live token belongs to; None for an unknown or expired token."""
        row = self.one("SELECT user_id, expires_at FROM tokens WHERE hash = ?", (hash_token(token),))
        if row is None or row[1] <= self.clock.now():
            return None
        return self.user(row[0])

    # -- files ------------------------------------------------------------------------------------------------

    def upload_file(self, upload_id: str) -> Path:
        return self.data_dir / "uploads" / f"{upload_id}.part"

    def post_file(self, post_id: str) -> Path:
        return self.data_dir / "posts" / f"{post_id}.gcpkg"

    def image_file(self, sha256: str) -> Path:
        return self.data_dir / "images" / f"{sha256}.bin"


class _Transaction:
    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> Store:
        self.store._lock.acquire()
        self.store._db.execute("BEGIN IMMEDIATE")
        return self.store

    def __exit__(self, exc_type: object, *rest: object) -> None:
        try:
            self.store._db.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self.store._lock.release()


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def make_token(data_dir: Path, user: str, roles: tuple[str, ...] | list[str],
               ttl_seconds: float = DEFAULT_TOKEN_TTL) -> tuple[str, User]:
    """A new token for `user` (made when new, `roles` added) in the sandbox at `data_dir`, and the user.

    `studio sandbox token` uses it, and so can the app's first run beside `start_background_sandbox`.
    """
    store = Store(data_dir)
    try:
        token = store.issue_token(user, roles, ttl_seconds)
        found = store.ensure_user(user)
    finally:
        store.close()
    return token, found
