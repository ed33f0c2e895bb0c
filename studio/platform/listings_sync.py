"""Sync the merchant's products with the platform: push what changed here, pull the platform's copy.

`push_listings` links the store applet (`PUT /v1/applets/{app_id}`, idempotent) and sends every product
changed here since the last push, variants and stock included (the contract's `ProductPut`), with
`POST /v1/listings:batch` (500 a call), each row's result kept: a row the platform refused stays changed
here and is reported with its code and message. An inactive product is withdrawn on the platform (`op:
delete`; never pushed before is fine). `pull_listings` pages through `GET /v1/listings` (a version-1 server's
flat listings read as one-variant products) and takes the platform's copy of every product not changed here;
a product changed here AND on the platform since the last sync (its `updated_at` moved past the version the
store kept) is a conflict:
the local edit is kept and reported, unless `take_theirs`. Offline, nothing is lost: changes stay marked until
a push succeeds. After the listings, a push sends each active listing's main picture (the CSV's image column,
or the file chosen in the Listings window) when it is new or its file changed since it was last sent, checked
and cleaned by `core.listing_image` (`PUT /v1/listings/{sku}/images/0`); each one sent is recorded at once, so
an interrupted push goes on with the pictures not sent yet. A picture refused here or by the platform is
reported with its listing, the rest go on. A pulled listing keeps its local image.
Must not hold: Qt, printing, rules (core's).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Any

from studio.core.applet_link import render_path
from studio.core.cancel import CancelToken, Progress, check
from studio.core.display_text import one_line
from studio.core.errors import QT_TRANSLATE_NOOP, InputError, PlatformError, StudioError, ValidationError
from studio.core.listing_fields import judge
from studio.core.listings_store import ListingsStore
from studio.core.merchant_listing import is_url
from studio.core.product import Product, from_wire, variant_from_wire, variant_to_wire
from studio.core.project import AppletLink
from studio.platform.image_cache import read_listing_image
from studio.platform.responses import PageCounter
from studio.platform.session import PlatformSession, json_of

BATCH = 500
LISTINGS_PATH = "/v1/listings"
T_NO_APPLET = QT_TRANSLATE_NOOP("errors", "link the store applet first (studio applet link APPID --path-template T)")


@dataclass
class PushResult:
    pushed: int = 0
    withdrawn: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)
    """Per refused product or picture: {sku (the product id), status, code, message} (status 0: refused here,
    before sending)."""
    images: int = 0
    """Pictures sent."""
    cleaned: list[dict[str, Any]] = field(default_factory=list)
    """Per picture sent without the location it carried: {sku, file, what}."""
    errors: list[tuple[str, StudioError]] = field(default_factory=list)
    """The pictures' refusals as (sku, error), for the UI to say in the person's language; not in the JSON."""

    def to_json(self) -> dict[str, Any]:
        return {"pushed": self.pushed, "withdrawn": self.withdrawn, "failed": self.failed, "images": self.images,
                "cleaned": self.cleaned}


@dataclass
class PullResult:
    received: int = 0
    updated: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    """Per product edited on both sides: {sku (the product id), local, platform} (the local edit was kept)."""
    refused: list[dict[str, Any]] = field(default_factory=list)
    """Per rule a product the platform sent breaks: {sku (the product id), field, code, message} (not stored)."""

    def to_json(self) -> dict[str, Any]:
        return {"received": self.received, "updated": self.updated, "conflicts": self.conflicts,
                "refused": self.refused}


def link_applet(session: PlatformSession, link: AppletLink) -> dict[str, Any]:
    """`PUT /v1/applets/{app_id}`: the platform's copy of the link."""
    body = {"name": link.name or link.app_id, "original_id": link.original_id or None,
            "path_template": link.path_template}
    return dict(json_of(session.request("PUT", f"/v1/applets/{link.app_id}", json=body), "Applet"))


def _listing_put(item: Product, link: AppletLink) -> dict[str, Any]:
    """The contract's `ProductPut`: the platform renders the pages from the product's own path, or the applet's
    template when it has none."""
    applet: dict[str, Any] = {"app_id": link.app_id}
    if item.applet_path:
        applet["path"] = item.applet_path
    return {"title": item.title, "currency": item.currency, "applet": applet,
            "variants": [variant_to_wire(v) for v in item.variants]}


def push_listings(session: PlatformSession, store: ListingsStore, *, progress: Progress | None = None,
                  cancel: CancelToken | None = None) -> PushResult:
    link = store.applet()
    if link is None:
        raise ValidationError(T_NO_APPLET, store.path, code="no_applet")
    link_applet(session, link)
    changed = store.changed()
    result = PushResult()
    total = len(changed)
    if progress:
        progress(0, total)
    for start in range(0, total, BATCH):
        check(cancel)
        chunk = changed[start:start + BATCH]
        items = [{"product_id": item.product_id, "op": "put", "listing": _listing_put(item, link)}
                 if item.status == "active" else {"product_id": item.product_id, "op": "delete"} for item in chunk]
        # every row is a put or a delete of one product: sending the batch twice does no harm, so it may be retried
        answer = json_of(session.request("POST", "/v1/listings:batch", json={"items": items}, retry=True),
                         "BatchResult")
        synced: dict[str, str] = {}
        for row in answer["results"]:
            if not 0 <= row["index"] < len(chunk):
                continue  # names no row of this batch
            item = chunk[row["index"]]
            status = int(row["status"])
            if status < 400 or (status == 404 and item.status != "active"):
                synced[item.product_id] = (row.get("listing") or {}).get("updated_at", "")
                if item.status == "active":
                    result.pushed += 1
                else:
                    result.withdrawn += 1
            else:
                error = row.get("error") or {}
                result.failed.append({"sku": item.product_id, "status": status, "code": error.get("code", ""),
                                      "message": error.get("message", "")})
        store.mark_synced(synced, only_if_unchanged_since={i.product_id: i.updated_at for i in chunk})
        if progress:
            progress(min(total, start + BATCH), total)
    refused = {row["sku"] for row in result.failed}
    push_images(session, store, result, skip=refused, progress=progress, cancel=cancel)
    return result


def _image_file_state(item: Product) -> tuple[int, int] | None:
    """(size, mtime_ns) of the listing's picture file; None when it has none here (a URL, nothing, gone)."""
    if not item.image or is_url(item.image):
        return None
    try:
        stat = os.stat(item.image)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def push_images(session: PlatformSession, store: ListingsStore, result: PushResult, *, skip: set[str] | None = None,
                progress: Progress | None = None, cancel: CancelToken | None = None) -> None:
    """Send the main picture of every active listing whose picture is new or changed since it was last sent
    (resumable: each one is recorded as soon as the platform has it); counts and refusals go into `result`."""
    todo: list[tuple[Product, tuple[int, int]]] = []
    for item in store.iter_all():
        state = _image_file_state(item) if item.status == "active" and item.product_id not in (skip or ()) else None
        if state is not None and store.pushed_image(item.product_id) != (item.image, *state):
            todo.append((item, state))
    if progress and todo:
        progress(0, len(todo))
    for done, (item, (size, mtime_ns)) in enumerate(todo):
        check(cancel, item.product_id)
        try:
            image = read_listing_image(item.image)
            session.request("PUT", f"/v1/listings/{item.product_id}/images/0", data=image.data,
                            headers={"Content-Type": image.content_type})
        except (InputError, PlatformError) as exc:
            if isinstance(exc, PlatformError) and exc.code in ("network", "timeout", "auth_required"):
                raise  # the rest would fail the same way: the next push goes on from here
            result.failed.append({"sku": item.product_id, "status": int(exc.values.get("status", 0) or 0),
                                  "code": exc.code, "message": exc.message})
            result.errors.append((item.product_id, exc))
            continue
        store.mark_image_pushed(item.product_id, item.image, size, mtime_ns, hashlib.sha256(image.data).hexdigest())
        result.images += 1
        if image.location:
            result.cleaned.append({"sku": item.product_id, "file": item.image, "what": image.location})
        if progress:
            progress(done + 1, len(todo))


def _from_platform(data: dict[str, Any], link: AppletLink | None, local: Product | None) -> Product:
    """The merchant's copy of a product the platform sent (its page template, not the rendered pages; the local
    image kept: the platform's is a copy of it)."""
    product = from_wire(data)
    path = product.applet_path
    if "variants" not in data and link is not None and path == render_path(link.path_template,
                                                                            sku=product.product_id):
        path = ""  # a version-1 server sends the page rendered: the applet's template, followed when it changes
    return Product(product_id=product.product_id, title=product.title, currency=product.currency,
                   variants=product.variants, image=local.image if local else "", applet_path=path,
                   updated_at=product.updated_at)


def _product_id(data: dict[str, Any]) -> str:
    return str(data.get("product_id", data.get("sku")))


def _same(a: Product, b: Product) -> bool:
    keys = ("title", "currency", "applet_path", "status", "variants")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def pull_listings(session: PlatformSession, store: ListingsStore, *, take_theirs: bool = False,
                  progress: Progress | None = None, cancel: CancelToken | None = None) -> PullResult:
    link = store.applet()
    result = PullResult()
    cursor: str | None = None
    pages = PageCounter(session.limits, session.url(LISTINGS_PATH))
    while True:
        pages.next()
        check(cancel)
        params: dict[str, Any] = {"limit": BATCH}
        if cursor:
            params["cursor"] = cursor
        page = json_of(session.request("GET", LISTINGS_PATH, params=params), "ListingPage")
        items = page["items"]
        local = store.get_many(_product_id(i) for i in items)
        bases = store.synced_versions(local)
        dirty = store.dirty(local)
        take: list[Product] = []
        versions: dict[str, str] = {}
        for data in items:
            mine = local.get(_product_id(data))
            theirs = _from_platform(data, link, mine)
            problems = judge(theirs)
            if problems:  # the same rules an imported row passes: a bad row is reported, never stored
                result.refused += [{"sku": one_line(theirs.product_id), "field": p.path, "code": p.code,
                                    "message": one_line(p.message)} for p in problems]
                continue
            version = data.get("updated_at", "")
            mine_dirty = mine is not None and mine.product_id in dirty
            if mine is not None and mine_dirty and not take_theirs:
                if not _same(mine, theirs) and bases.get(mine.product_id) != version:
                    result.conflicts.append({"sku": mine.product_id, "local": _summary(mine),
                                             "platform": _summary(theirs)})
                continue  # the local edit waits for the next push
            if mine is None or not _same(mine, theirs) or mine_dirty:
                take.append(theirs)
            versions[theirs.product_id] = version
        store.put(take, dirty=False)
        store.mark_synced(versions)
        result.received += len(items)
        result.updated += len(take)
        if progress:
            progress(result.received, 0)
        cursor = page.get("next_cursor")
        if not cursor:
            return result


def platform_copy(conflict: dict[str, Any], local: Product) -> Product:
    """A conflict's platform side as a product (synced, so not changed here), keeping the local image."""
    theirs = conflict["platform"]
    return Product(product_id=conflict["sku"], title=theirs["title"], currency=theirs["currency"],
                   applet_path=theirs["applet_path"], image=local.image, updated_at=theirs["updated_at"],
                   variants=tuple(variant_from_wire(v) for v in theirs["variants"]))


def keep_mine(store: ListingsStore, conflicts: list[dict[str, Any]]) -> None:
    """Settle `conflicts` by keeping the local edits: the next push sends them, the next pull leaves them."""
    store.rebase({c["sku"]: c["platform"]["updated_at"] for c in conflicts})


def take_theirs(store: ListingsStore, conflicts: list[dict[str, Any]]) -> list[Product]:
    """Settle `conflicts` by taking the platform's copy; returns the products as they were here (for undo)."""
    local = store.get_many(c["sku"] for c in conflicts)
    store.put((platform_copy(c, local[c["sku"]]) for c in conflicts if c["sku"] in local), dirty=False)
    store.mark_synced({c["sku"]: c["platform"]["updated_at"] for c in conflicts})
    return list(local.values())


def _summary(item: Product) -> dict[str, Any]:
    return {"title": item.title, "currency": item.currency, "applet_path": item.applet_path,
            "updated_at": item.updated_at, "variants": [variant_to_wire(v) for v in item.variants]}
