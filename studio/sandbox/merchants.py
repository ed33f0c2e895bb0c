"""Merchants' side of the sandbox: store applets, listings (paged, batch, withdraw), listing images, and the
creators' catalog built from them (change order, `since`, tombstones).

Every listing change takes the next value of one change sequence; the catalog pages by it, so a creator's
cache asks only for what changed after the `since` it kept. A listing's rules (prices, promo, currency,
time format, applet id) are `core.catalog`'s, the same the app's CSV import applies; the body's shape is
the contract's (`ListingPut`). SKUs are one namespace: another merchant's SKU answers 409. A listing without a
page of its own follows its applet's path template as it is now (`listing_applet`). The embedded sandbox's first
run lists the demo shop (`seed_demo_shop`), so the demo project becomes a post.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from studio.core.applet_link import check_path_template, render_path
from studio.core.catalog import (
    DEMO_APP_ID,
    DEMO_APPLET_NAME,
    DEMO_PATH_TEMPLATE,
    _RowError,
    demo_products,
    product_from_fields,
)
from studio.core.location_scan import find_location
from studio.sandbox.api import (
    ApiError,
    authorize,
    cursor_param,
    int_param,
    json_response,
    read_body,
    read_json,
    rfc3339,
    store_of,
    validator,
)
from studio.sandbox.store import Store, User, dumps

MAX_IMAGE_BYTES = 10_000_000
MAX_IMAGE_PLACE = 8
IMAGE_TYPES = {"image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n\x1a\n",), "image/webp": (b"RIFF",)}


# -- applets ------------------------------------------------------------------------------------------------

def _applet_json(row: tuple[Any, ...]) -> dict[str, Any]:
    app_id, name, original_id, template, updated = row
    return {"app_id": app_id, "name": name, "original_id": original_id, "path_template": template,
            "updated_at": rfc3339(updated)}


_APPLET_COLUMNS = "app_id, name, original_id, path_template, updated_at"


async def put_applet(request: Request) -> Response:
    user = authorize(request, "merchant")
    app_id = _app_id(request)
    body = await read_json(request, "AppletPut")
    store = store_of(request)
    now = store.clock.now()
    with store.transaction():
        row = store.one("SELECT owner_id FROM applets WHERE app_id = ?", (app_id,))
        if row is not None and row[0] != user.id:
            raise ApiError(409, "applet_taken", "another merchant linked this applet")
        store.execute("INSERT OR REPLACE INTO applets (app_id, owner_id, name, original_id, path_template, updated_at)"
                      " VALUES (?, ?, ?, ?, ?, ?)",
                      (app_id, user.id, body["name"], body.get("original_id"), body["path_template"], now))
        for (sku,) in store.query("SELECT sku FROM listings WHERE json_extract(body, '$.app_id') = ?", (app_id,)):
            store.execute("UPDATE listings SET seq = ?, updated_at = ? WHERE sku = ?", (store.next_seq(), now, sku))
    applet = store.one(f"SELECT {_APPLET_COLUMNS} FROM applets WHERE app_id = ?", (app_id,))
    assert applet is not None
    return json_response(_applet_json(applet), 201 if row is None else 200)


def _app_id(request: Request) -> str:
    app_id = request.path_params["app_id"]
    if validator("AppId").is_valid(app_id):
        return str(app_id)
    raise ApiError(404, "not_found", "no such applet (an AppID is wx and 16 hex digits)")


async def get_applet(request: Request) -> Response:
    user = authorize(request, "merchant")
    row = store_of(request).one(f"SELECT {_APPLET_COLUMNS} FROM applets WHERE app_id = ? AND owner_id = ?",
                                (_app_id(request), user.id))
    if row is None:
        raise ApiError(404, "not_found", "no such applet among yours")
    return json_response(_applet_json(row))


async def list_applets(request: Request) -> Response:
    user = authorize(request, "merchant")
    rows = store_of(request).query(f"SELECT {_APPLET_COLUMNS} FROM applets WHERE owner_id = ? ORDER BY app_id",
                                   (user.id,))
    return json_response({"items": [_applet_json(r) for r in rows]})


# -- listings -----------------------------------------------------------------------------------------------

def listing_applet(store: Store, sku: str, body: dict[str, Any]) -> dict[str, str]:
    """The applet a stored listing opens now: `{app_id, name, path}`, the path being the listing's own or, when
    it has none (`follows_template`), its applet's CURRENT path template filled with the SKU, so a merchant's
    later change of template moves the listing's page (and shows on the posts that open the old one)."""
    applet = store.one("SELECT name, path_template FROM applets WHERE app_id = ?", (body["app_id"],))
    path = body["path"]
    if body.get("follows_template") and applet is not None:
        path = render_path(applet[1], sku=sku)
    return {"app_id": body["app_id"], "name": applet[0] if applet else "", "path": path}


def listing_json(store: Store, sku: str, body: dict[str, Any], updated: float) -> dict[str, Any]:
    """A stored listing as the contract's `Listing`: applet name and page and image URLs filled in."""
    images = [f"/v1/listings/{sku}/images/{n}"
              for (n,) in store.query("SELECT n FROM listing_images WHERE sku = ? ORDER BY n", (sku,))]
    return {"sku": sku, "title": body["title"], "price_cents": body["price_cents"],
            "promo_price_cents": body["promo_price_cents"], "promo_ends_at": body["promo_ends_at"],
            "currency": body["currency"], "images": images, "applet": listing_applet(store, sku, body),
            "updated_at": rfc3339(updated)}


def _sku(value: Any) -> str:
    if isinstance(value, str) and validator("Sku").is_valid(value):
        return value
    raise ApiError(404, "not_found", "no such listing (a SKU is 1-64 letters, digits, '.', '_' or '-')")


def put_listing(store: Store, user: User, sku: str, fields: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Create or replace listing `sku` from a `ListingPut` body: (status, Listing); ApiError when refused."""
    applet = store.one("SELECT path_template FROM applets WHERE app_id = ? AND owner_id = ?",
                       (fields["applet"]["app_id"], user.id))
    if applet is None:
        raise ApiError(422, "unknown_applet", "link the applet first (PUT /v1/applets/{app_id})",
                       [{"path": "/applet/app_id", "code": "unknown_applet", "message": "not one of your applets"}])
    own = fields["applet"].get("path") or ""
    bad_path = check_path_template(own, "/applet/path") if own else []
    if bad_path:
        raise ApiError(422, "invalid_listing", f"applet.path: {bad_path[0].message}",
                       [{"path": "/applet/path", "code": bad_path[0].code, "message": bad_path[0].message}])
    path = render_path(own or applet[0], sku=sku)
    try:
        checked = product_from_fields({
            "sku": sku, "title": fields["title"], "price_cents": fields["price_cents"],
            "promo_price_cents": fields.get("promo_price_cents"), "promo_ends_at": fields.get("promo_ends_at"),
            "currency": fields.get("currency") or "CNY", "applet_app_id": fields["applet"]["app_id"],
            "applet_path": path})
    except _RowError as exc:
        message = exc.reason.format(**exc.values)
        raise ApiError(422, "invalid_listing", f"{exc.field}: {message}",
                       [{"path": f"/{exc.field}", "code": "invalid_listing", "message": message}]) from None
    [variant] = checked.variants
    body = {"title": checked.title, "price_cents": variant.price_cents, "promo_price_cents": variant.promo_price_cents,
            "promo_ends_at": variant.promo_ends_at, "currency": checked.currency, "app_id": checked.applet_app_id,
            "path": checked.applet_path, "follows_template": not own}
    now = store.clock.now()
    with store.transaction():
        row = store.one("SELECT owner_id, deleted FROM listings WHERE sku = ?", (sku,))
        if row is not None and row[0] != user.id:
            raise ApiError(409, "sku_taken", f"SKU {sku} belongs to another merchant")
        store.execute("INSERT OR REPLACE INTO listings (sku, owner_id, body, seq, deleted, updated_at)"
                      " VALUES (?, ?, ?, ?, 0, ?)", (sku, user.id, dumps(body), store.next_seq(), now))
    created = row is None or bool(row[1])
    return (201 if created else 200), listing_json(store, sku, body, now)


def list_demo_shop(store: Store, user: User) -> int:
    """The demo catalog's products (`core.catalog.demo_products`) listed by `user`, with the demo applet linked,
    on a sandbox that lists nothing yet: the embedded sandbox's first run, so the demo project packs and becomes
    a post (the platform refuses popups of products it does not list). Returns how many were listed."""
    if store.one("SELECT 1 FROM listings LIMIT 1") is not None:
        return 0
    with store.transaction():
        store.execute("INSERT OR IGNORE INTO applets (app_id, owner_id, name, original_id, path_template, updated_at)"
                      " VALUES (?, ?, ?, NULL, ?, ?)", (DEMO_APP_ID, user.id, DEMO_APPLET_NAME[:32],
                                                      DEMO_PATH_TEMPLATE, store.clock.now()))
    count = 0
    for item in demo_products():
        [variant] = item.variants
        try:
            put_listing(store, user, item.product_id, {
                "title": item.title, "price_cents": variant.price_cents, "promo_price_cents": variant.promo_price_cents,
                "promo_ends_at": variant.promo_ends_at, "currency": item.currency, "applet": {"app_id": DEMO_APP_ID}})
        except ApiError:  # another merchant linked the demo applet: leave the shop to them
            continue
        count += 1
    return count


def seed_demo_shop(data_dir: Path, user: str) -> int:
    """`list_demo_shop` for user `user` of the sandbox at `data_dir` (made when new)."""
    store = Store(data_dir)
    try:
        return list_demo_shop(store, store.ensure_user(user))
    finally:
        store.close()


def delete_listing(store: Store, user: User, sku: str) -> None:
    with store.transaction():
        row = store.one("SELECT owner_id FROM listings WHERE sku = ? AND deleted = 0", (sku,))
        if row is None or row[0] != user.id:
            raise ApiError(404, "not_found", f"no listing {sku} among yours")
        store.execute("UPDATE listings SET deleted = 1, seq = ?, updated_at = ? WHERE sku = ?",
                      (store.next_seq(), store.clock.now(), sku))


async def put_listing_route(request: Request) -> Response:
    user = authorize(request, "merchant")
    sku = _sku(request.path_params["sku"])
    fields = await read_json(request, "ListingPut")
    status, listing = put_listing(store_of(request), user, sku, fields)
    return json_response(listing, status)


async def get_listing(request: Request) -> Response:
    user = authorize(request, "merchant")
    sku = _sku(request.path_params["sku"])
    store = store_of(request)
    row = store.one("SELECT body, updated_at FROM listings WHERE sku = ? AND owner_id = ? AND deleted = 0",
                    (sku, user.id))
    if row is None:
        raise ApiError(404, "not_found", f"no listing {sku} among yours")
    return json_response(listing_json(store, sku, json.loads(row[0]), row[1]), request=request)


async def delete_listing_route(request: Request) -> Response:
    user = authorize(request, "merchant")
    delete_listing(store_of(request), user, _sku(request.path_params["sku"]))
    return Response(status_code=204)


async def list_listings(request: Request) -> Response:
    user = authorize(request, "merchant")
    store = store_of(request)
    after = cursor_param(request, "cursor", "ListingCursor")
    limit = int_param(request, "limit", 100, 1, 500)
    rows = store.query("SELECT sku, body, updated_at FROM listings WHERE owner_id = ? AND deleted = 0 AND sku > ?"
                       " ORDER BY sku LIMIT ?", (user.id, after, limit + 1))
    items = [listing_json(store, sku, json.loads(body), updated) for sku, body, updated in rows[:limit]]
    more = len(rows) > limit
    return json_response({"items": items, "next_cursor": items[-1]["sku"] if more else None},
                         request=request)


async def batch(request: Request) -> Response:
    user = authorize(request, "merchant")
    store = store_of(request)
    body = await read_json(request, "BatchRequest")
    results: list[dict[str, Any]] = []
    for index, row in enumerate(body["items"]):
        sku = row.get("sku") if isinstance(row.get("sku"), str) else None
        result: dict[str, Any] = {"index": index, "sku": sku}
        try:
            problems = [{"path": f"/items/{index}/" + "/".join(str(p) for p in e.absolute_path), "code": "schema",
                         "message": e.message[:300]} for e in validator("BatchItem").iter_errors(row)]
            if not problems and row.get("op", "put") == "put" and "listing" not in row:
                problems = [{"path": f"/items/{index}", "code": "schema", "message": "a put needs its listing"}]
            if problems:
                raise ApiError(422, "invalid_row", "the row does not match the contract", problems)
            if row.get("op", "put") == "delete":
                delete_listing(store, user, row["sku"])
                result["status"] = 204
            else:
                result["status"], result["listing"] = put_listing(store, user, row["sku"], row["listing"])
        except ApiError as exc:
            result["status"] = exc.status
            result["error"] = {"code": exc.code, "message": exc.message, "details": exc.details}
        results.append(result)
    failed = sum(1 for r in results if r["status"] >= 400)
    return json_response({"results": results, "succeeded": len(results) - failed, "failed": failed})


# -- images -------------------------------------------------------------------------------------------------

def _image_place(request: Request) -> int:
    n = request.path_params["n"]
    if not 0 <= n <= MAX_IMAGE_PLACE:
        raise ApiError(404, "not_found", f"image places are 0 to {MAX_IMAGE_PLACE}")
    return int(n)


async def put_image(request: Request) -> Response:
    user = authorize(request, "merchant")
    store = store_of(request)
    sku, n = _sku(request.path_params["sku"]), _image_place(request)
    if store.one("SELECT 1 FROM listings WHERE sku = ? AND owner_id = ? AND deleted = 0", (sku, user.id)) is None:
        raise ApiError(404, "not_found", f"no listing {sku} among yours")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in IMAGE_TYPES:
        raise ApiError(415, "bad_content_type", "send image/jpeg, image/png or image/webp")
    data = await read_body(request, MAX_IMAGE_BYTES)
    if not data.startswith(IMAGE_TYPES[content_type]) or (content_type == "image/webp" and data[8:12] != b"WEBP"):
        raise ApiError(422, "not_an_image", f"the body is not a {content_type} image")
    location = find_location(io.BytesIO(data), len(data))
    if location is not None:  # served to every creator: a shop's address must not travel with it
        raise ApiError(422, "image_has_location", f"the image carries a location ({location}); remove it first")
    digest = hashlib.sha256(data).hexdigest()
    path = store.image_file(digest)
    if not path.exists():
        temp = path.with_suffix(".tmp")
        try:
            temp.write_bytes(data)
            temp.replace(path)
        finally:
            temp.unlink(missing_ok=True)  # a full disk (507) leaves no half-written image behind
    with store.transaction():
        store.execute("INSERT OR REPLACE INTO listing_images (sku, n, content_type, sha256, size)"
                      " VALUES (?, ?, ?, ?, ?)",
                      (sku, n, content_type, digest, len(data)))
        store.execute("UPDATE listings SET seq = ?, updated_at = ? WHERE sku = ?",
                      (store.next_seq(), store.clock.now(), sku))
    return json_response({"sku": sku, "n": n, "url": f"/v1/listings/{sku}/images/{n}", "content_type": content_type,
                          "sha256": digest, "size": len(data)})


async def get_image(request: Request) -> Response:
    authorize(request, "creator", "merchant", "reviewer")
    store = store_of(request)
    sku, n = _sku(request.path_params["sku"]), _image_place(request)
    row = store.one("SELECT i.content_type, i.sha256 FROM listing_images i JOIN listings l ON l.sku = i.sku"
                    " WHERE i.sku = ? AND i.n = ? AND l.deleted = 0", (sku, n))
    if row is None:
        raise ApiError(404, "not_found", f"listing {sku} has no image {n}")
    content_type, digest = row
    etag = f'"{digest}"'
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers={"ETag": etag})
    return Response(store.image_file(digest).read_bytes(), media_type=content_type,
                    headers={"ETag": etag, "Cache-Control": "private, max-age=86400"})


# -- the creators' catalog ----------------------------------------------------------------------------------

async def catalog(request: Request) -> Response:
    authorize(request, "creator", "reviewer")
    store = store_of(request)
    since = int(cursor_param(request, "since", "SeqCursor") or 0)
    start = max(since, int(cursor_param(request, "cursor", "SeqCursor") or 0))
    limit = int_param(request, "limit", 100, 1, 500)
    rows = store.query("SELECT sku, body, seq, deleted, updated_at FROM listings WHERE seq > ? ORDER BY seq LIMIT ?",
                       (start, limit + 1))
    items: list[dict[str, Any]] = []
    for sku, body, _seq, deleted, updated in rows[:limit]:
        if deleted:
            items.append({"sku": sku, "deleted": True, "updated_at": rfc3339(updated)})
        else:
            items.append(listing_json(store, sku, json.loads(body), updated))
    last = rows[:limit][-1][2] if rows else start
    more = len(rows) > limit
    return json_response({"items": items, "next_cursor": str(last) if more else None, "since": str(last)},
                         request=request)


routes = [
    Route("/v1/applets", list_applets, methods=["GET"]),
    Route("/v1/applets/{app_id}", put_applet, methods=["PUT"]),
    Route("/v1/applets/{app_id}", get_applet, methods=["GET"]),
    Route("/v1/listings", list_listings, methods=["GET"]),
    Route("/v1/listings:batch", batch, methods=["POST"]),
    Route("/v1/listings/{sku}", get_listing, methods=["GET"]),
    Route("/v1/listings/{sku}", put_listing_route, methods=["PUT"]),
    Route("/v1/listings/{sku}", delete_listing_route, methods=["DELETE"]),
    Route("/v1/listings/{sku}/images/{n:int}", put_image, methods=["PUT"]),
    Route("/v1/listings/{sku}/images/{n:int}", get_image, methods=["GET"]),
    Route("/v1/catalog", catalog, methods=["GET"]),
]
