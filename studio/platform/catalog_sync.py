"""Fill the creators' catalog cache (`core.catalog.Catalog`) from `GET /v1/catalog`, incrementally.

Each sync asks only for what changed since the last one (`since`, which the server hands back), pages with
`cursor` until `next_cursor` is null, and sends the last `ETag` as `If-None-Match` so an unchanged catalog
costs one 304. Listings are upserted; a tombstone (`{sku, deleted: true}`) marks the cached row withdrawn,
which takes it out of the product search while the popup rules can still say "this product was withdrawn"
rather than "unknown product"; a tombstone for a SKU never cached is ignored. The sync state (`since`,
`ETag`) lives beside the rows, in the catalog's own SQLite file (table `catalog_sync`, one row per server),
and is advanced only after every page is in, so an interrupted sync simply repeats. Offline, nothing here
runs and the cache answers as before.
Must not hold: Qt, the catalog's schema or search (core/catalog.py).
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from studio.core.cancel import CancelToken, check
from studio.core.catalog import Catalog, listing_from_fields
from studio.core.errors import QT_TRANSLATE_NOOP, PlatformError
from studio.core.listing import Listing
from studio.platform.session import PlatformSession, error_body, json_of, platform_error

log = logging.getLogger(__name__)

CATALOG_PATH = "/v1/catalog"
MAX_PAGES = 10_000

T_BAD_PAGE = QT_TRANSLATE_NOOP("errors", "the platform's catalog page is not what the contract describes")

_DDL = """
CREATE TABLE IF NOT EXISTS catalog_sync (
    server TEXT PRIMARY KEY,
    since TEXT,
    etag TEXT,
    synced_at REAL NOT NULL
)
"""


@dataclass(frozen=True)
class SyncResult:
    updated: int
    deleted: int
    skipped: int
    total: int
    not_modified: bool
    since: str | None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _state(path: Path, server: str) -> tuple[str | None, str | None]:
    with sqlite3.connect(path) as db:
        db.execute(_DDL)
        row = db.execute("SELECT since, etag FROM catalog_sync WHERE server = ?", (server,)).fetchone()
    return (row[0], row[1]) if row else (None, None)


def _save_state(path: Path, server: str, since: str | None, etag: str | None) -> None:
    db = sqlite3.connect(path)
    try:
        with db:
            db.execute(_DDL)
            db.execute("INSERT OR REPLACE INTO catalog_sync (server, since, etag, synced_at) VALUES (?, ?, ?, ?)",
                       (server, since, etag, time.time()))
    finally:
        db.close()


def _listing(server: str, item: dict[str, Any]) -> Listing:
    """A cache row from the contract's listing (images list, applet object); raises on a bad row."""
    flat = {k: v for k, v in item.items() if k not in ("images", "applet", "deleted")}
    images = item.get("images")
    if isinstance(images, list) and images and isinstance(images[0], str):
        flat["image"] = urljoin(server + "/", images[0])
    applet = item.get("applet")
    if isinstance(applet, dict):
        for name in ("app_id", "name", "path"):
            flat[f"applet_{name}"] = applet.get(name)
    return listing_from_fields(flat)


def sync_catalog(session: PlatformSession, catalog: Catalog | None = None, *,
                 cancel: CancelToken | None = None) -> SyncResult:
    """Bring `catalog` (default: the one in the data folder) up to date with the platform's catalog."""
    if catalog is None:
        with Catalog.open() as opened:
            return sync_catalog(session, opened, cancel=cancel)
    since, etag = _state(catalog.path, session.server)
    updated = deleted = skipped = 0
    cursor: str | None = None
    first_etag: str | None = None
    new_since = since
    for page_number in range(MAX_PAGES):
        check(cancel)
        params = {"cursor": cursor} if cursor else ({"since": since} if since else {})
        headers = {"If-None-Match": etag} if etag and page_number == 0 else None
        response = session.request("GET", CATALOG_PATH, params=params, headers=headers, ok=(304, 400))
        if response.status_code == 400 and since and page_number == 0 and error_body(response)[0] == "bad_cursor":
            since = etag = new_since = None  # a `since` from an older server that it no longer reads: sync all
            response = session.request("GET", CATALOG_PATH, params={})
        if response.status_code == 400:
            raise platform_error(response)
        if response.status_code == 304:
            return SyncResult(0, 0, 0, catalog.count(), True, since)
        if page_number == 0:
            first_etag = response.headers.get("ETag")
        page = json_of(response)
        if not isinstance(page, dict) or not isinstance(page.get("items"), list):
            raise PlatformError(T_BAD_PAGE, session.url(CATALOG_PATH), code="bad_response")
        rows: list[Listing] = []
        for item in page["items"]:
            if not isinstance(item, dict) or not isinstance(item.get("sku"), str):
                skipped += 1
                continue
            if item.get("deleted"):
                cached = catalog.get(item["sku"])
                if cached is not None and not cached.deleted:
                    rows.append(dataclasses.replace(cached, deleted=True,
                                                    updated_at=str(item.get("updated_at") or cached.updated_at)))
                    deleted += 1
                continue
            try:
                rows.append(_listing(session.server, item))
            except Exception as exc:  # listing_from_fields' row error: keep the rest, say which one
                log.warning("catalog: listing %s skipped: %s", item.get("sku"), exc)
                skipped += 1
                continue
            updated += 1
        catalog.upsert(rows)
        new_since = page.get("since") or new_since
        cursor = page.get("next_cursor")
        if not cursor:
            break
    # The ETag answers the query with the old `since`: worth sending again only when nothing changed (then the
    # next query is the same one); after changes, the next sync's first answer brings a fresh one.
    changed = bool(updated or deleted or skipped)
    _save_state(catalog.path, session.server, new_since, None if changed else first_etag)
    return SyncResult(updated, deleted, skipped, catalog.count(), False, new_since)
