"""Fill the creators' catalog cache (`core.catalog.Catalog`) from `GET /v1/catalog`, incrementally.

Each sync asks only for what changed since the last one (`since`, which the server hands back), pages with
`cursor` until `next_cursor` is null, and sends the last `ETag` as `If-None-Match` so an unchanged catalog
costs one 304. Listings are upserted; a tombstone (`{sku, deleted: true}`) marks the cached row withdrawn,
which takes it out of the product search while the popup rules can still say "this product was withdrawn"
rather than "unknown product"; a tombstone for a SKU never cached is ignored. The sync state (`since`,
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
from studio.core.catalog import Catalog, listing_from_fields
from studio.core.errors import PlatformError
from studio.core.listing import Listing
from studio.core.merchant_listing import check_sku, check_title
from studio.core.product import from_wire
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


def _flat(item: dict[str, Any]) -> dict[str, Any]:
    """A version-2 product as the one flat row per product this cache keeps (its first variant's prices, the
    product's page); a version-1 listing as it is."""
    if "variants" not in item:
        return item
    product = from_wire(item)
    first = product.variants[0]
    return {"sku": product.product_id, "title": product.title, "price_cents": first.price_cents,
            "promo_price_cents": first.promo_price_cents, "promo_ends_at": first.promo_ends_at,
            "currency": product.currency, "images": item.get("images"), "updated_at": product.updated_at,
            "applet": {"app_id": product.applet_app_id, "name": product.applet_name,
                       "path": product.pages[0] if product.pages else ""}}


def _listing(session: PlatformSession, item: dict[str, Any]) -> Listing:
    """A cache row from the contract's product or version-1 listing (images list, applet object); raises on a
    bad row. The image is a URL on the platform or nothing: never a local path, `file://` or a URL elsewhere."""
    item = _flat(item)
    flat = {k: v for k, v in item.items() if k not in ("images", "applet", "deleted")}
    images = item.get("images")
    if isinstance(images, list) and images and isinstance(images[0], str):
        try:
            flat["image"] = session.url(images[0], base=session.server + "/")
        except PlatformError:
            log.warning("catalog: listing %s names an image off the platform; kept without it", item.get("sku"))
    applet = item.get("applet")
    if isinstance(applet, dict):
        for name in ("app_id", "name", "path"):
            flat[f"applet_{name}"] = applet.get(name)
    return listing_from_fields(flat)


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
    pending: dict[str, Listing] = {}  # written only once every page is in
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
            key = item.get("product_id", item.get("sku")) if isinstance(item, dict) else None
            if not isinstance(key, str):
                skipped += 1
                continue
            if item.get("deleted"):
                cached = pending.get(key) or catalog.get(key)
                if cached is not None and not cached.deleted:
                    pending[cached.sku] = dataclasses.replace(
                        cached, deleted=True, updated_at=str(item.get("updated_at") or cached.updated_at))
                    deleted += 1
                continue
            try:
                row = _listing(session, item)
                if check_sku(row.sku) or any(p.code == "title_bad_char" for p in check_title(row.title)):
                    raise ValueError("its SKU or title is not one the rules accept")  # the contract allows long titles
                pending[row.sku] = row
            except Exception as exc:  # listing_from_fields' row error: keep the rest, say which one
                log.warning("catalog: listing %s skipped: %s", key, exc)
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
