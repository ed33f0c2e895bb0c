"""Fill the creators' catalog cache (`core.catalog.Catalog`) from `GET /v1/catalog`, incrementally.

Each sync asks only for what changed since the last one (`since`, which the server hands back), pages with
`cursor` until `next_cursor` is null, and sends the last `ETag` as `If-None-Match` so an unchanged catalog
costs one 304. Products are upserted (version 2 of the catalog form, `core.product.from_wire`; a version-1
flat listing becomes a product with one variant); a tombstone (`{product_id, deleted: true}`, or version 1's
`{sku, deleted: true}`) marks the cached product withdrawn,
which takes it out of the product search while the popup rules can still say "this product was withdrawn"
rather than "unknown product"; a tombstone for a product never cached is ignored. The sync state (`since`,
`ETag`) lives beside the rows, in the catalog's own SQLite file (table `catalog_sync`, one row per server),
and is advanced only after every page is in. The pages are gathered first and written with the state in one go
at the end, so a sync cut halfway (a lost connection, a cancel) leaves the previous catalog exactly as it was and
the next sync simply repeats. Offline, nothing here runs and the cache answers as before; `last_synced` says
when the catalog last heard from a server (the creator's Products dock shows it).
Must not hold: Qt, the catalog's schema or search (core/catalog.py).
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.core.cancel import CancelToken, Progress, check
from studio.core.catalog import Catalog, product_from_item
from studio.core.errors import PlatformError
from studio.core.merchant_listing import check_sku, check_title
from studio.core.product import Product
from studio.platform.responses import PageCounter
from studio.platform.session import PlatformSession, error_body, json_of, platform_error

log = logging.getLogger(__name__)

CATALOG_PATH = "/v1/catalog"



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


def last_synced(path: Path, server: str) -> float | None:
    """When the catalog at `path` last finished a sync with `server` (a POSIX time), None when it never did."""
    if not path.is_file():
        return None
    with Catalog.open(path) as catalog:
        return catalog.last_synced(server)


def _key(item: dict[str, Any]) -> str | None:
    """The product id a catalog item names (version 2's `product_id`, version 1's `sku`), None when neither."""
    key = item.get("product_id", item.get("sku"))
    return key if isinstance(key, str) else None


def _product(session: PlatformSession, item: dict[str, Any]) -> Product:
    """A cache row from the catalog's product (or version-1 listing): checked, and its image a URL on the
    platform or nothing (never a local path, `file://` or a URL elsewhere); raises on a bad item."""
    flat = {k: v for k, v in item.items() if k not in ("images", "image", "deleted")}
    images = item.get("images")
    image = images[0] if isinstance(images, list) and images else item.get("image")
    if isinstance(image, str) and image:
        try:
            flat["image"] = session.url(image, base=session.server + "/")
        except PlatformError:
            log.warning("catalog: product %s names an image off the platform; kept without it", _key(item))
    return product_from_item(flat)


def sync_catalog(session: PlatformSession, catalog: Catalog | None = None, *,
                 progress: Progress | None = None, cancel: CancelToken | None = None) -> SyncResult:
    """Bring `catalog` (default: the one in the data folder) up to date with the platform's catalog, all pages
    or nothing. `progress(pages, 0)` follows the pages (their number is not known beforehand)."""
    if catalog is None:
        with Catalog.open() as opened:
            return sync_catalog(session, opened, progress=progress, cancel=cancel)
    since, etag = catalog.sync_state(session.server)
    updated = deleted = skipped = 0
    cursor: str | None = None
    first_etag: str | None = None
    new_since = since
    pending: dict[str, Product] = {}  # written only once every page is in
    pages = PageCounter(session.limits, session.url(CATALOG_PATH))
    for page_number in itertools.count():
        pages.next()
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
            catalog.save_sync_state(session.server, since, etag, time.time())  # heard from the server: not offline
            return SyncResult(0, 0, 0, catalog.count(), True, since)
        if page_number == 0:
            first_etag = response.headers.get("ETag")
        page = json_of(response, "CatalogPage")
        for item in page["items"]:
            key = _key(item) if isinstance(item, dict) else None
            if key is None:
                skipped += 1
                continue
            if item.get("deleted"):
                cached = pending.get(key) or catalog.get(key)
                if cached is not None and not cached.withdrawn:
                    pending[key] = dataclasses.replace(
                        cached, status="withdrawn", updated_at=str(item.get("updated_at") or cached.updated_at))
                    deleted += 1
                continue
            try:
                row = _product(session, item)
                if any(check_sku(v.sku) for v in row.variants) \
                        or any(p.code == "title_bad_char" for p in check_title(row.title)):
                    raise ValueError("a SKU or its title is not one the rules accept")  # long titles pass
                pending[row.product_id] = row
            except Exception as exc:  # product_from_item's row error: keep the rest, say which one
                log.warning("catalog: product %s skipped: %s", key, exc)
                skipped += 1
                continue
            updated += 1
        if progress:
            progress(page_number + 1, 0)
        new_since = page.get("since") or new_since
        cursor = page.get("next_cursor")
        if not cursor:
            break
    # The ETag answers the query with the old `since`: worth sending again only when nothing changed (then the
    # next query is the same one); after changes, the next sync's first answer brings a fresh one.
    changed = bool(updated or deleted or skipped)
    check(cancel)
    catalog.upsert(pending.values())
    catalog.save_sync_state(session.server, new_since, None if changed else first_etag, time.time())
    return SyncResult(updated, deleted, skipped, catalog.count(), False, new_since)
