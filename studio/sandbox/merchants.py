"""Merchants' side of the sandbox: store applets, listings (products with variants: paged, batch, withdraw),
their images, and the creators' catalog built from them (change order, `since`, tombstones).

Every product change takes the next value of one change sequence; the catalog pages by it, so a creator's
cache asks only for what changed after the `since` it kept. A body's shape is the contract's (`ListingPut`: a
product with variants, or a version-1 flat listing read as a one-variant product); how products are kept,
checked and read back is products.py's. The embedded sandbox's first run lists the demo shop
(`seed_demo_shop`), so the demo project becomes a post.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from studio.core.catalog import DEMO_APP_ID, DEMO_APPLET_NAME, DEMO_PATH_TEMPLATE, demo_products
from studio.core.contract import listing_put_schema
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
    schema_problems,
    store_of,
    validator,
)
from studio.sandbox.products import (
    PRODUCT_ROW,
    product_from_put,
    product_json,
    product_of_row,
    save_product,
    stored_product,
    withdraw_product,
)
from studio.sandbox.store import Store, User

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
        for (product_id,) in store.query("SELECT product_id FROM products"
                                         " WHERE json_extract(body, '$.applet.app_id') = ? AND deleted = 0",
                                         (app_id,)):
            store.execute("UPDATE products SET seq = ?, updated_at = ? WHERE product_id = ?",
                          (store.next_seq(), now, product_id))
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


# -- listings: products --------------------------------------------------------------------------------------

def _product_id(value: Any) -> str:
    if isinstance(value, str) and validator("Sku").is_valid(value):
        return value
    raise ApiError(404, "not_found", "no such listing (a product id is 1-64 letters, digits, '.', '_' or '-')")


def put_listing(store: Store, user: User, product_id: str, fields: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Create or replace product `product_id` from a `ListingPut` body: (status, Product); ApiError when
    refused."""
    created = save_product(store, user, product_from_put(product_id, fields))
    product = stored_product(store, product_id)
    assert product is not None
    return (201 if created else 200), product_json(store, product)


def list_demo_shop(store: Store, user: User) -> int:
    """The demo catalog's products (`core.catalog.demo_products`) listed by `user`, with the demo applet linked,
    on a sandbox that lists nothing yet: the embedded sandbox's first run, so the demo project packs and becomes
    a post (the platform refuses popups of products it does not list). Returns how many were listed."""
    if store.one("SELECT 1 FROM products LIMIT 1") is not None:
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


async def put_listing_route(request: Request) -> Response:
    user = authorize(request, "merchant")
    product_id = _product_id(request.path_params["product_id"])
    fields = await read_json(request, listing_put_schema)
    status, listing = put_listing(store_of(request), user, product_id, fields)
    return json_response(listing, status)


async def get_listing(request: Request) -> Response:
    user = authorize(request, "merchant")
    product_id = _product_id(request.path_params["product_id"])
    store = store_of(request)
    product = stored_product(store, product_id, owner=user)
    if product is None or product.withdrawn:
        raise ApiError(404, "not_found", f"no listing {product_id} among yours")
    return json_response(product_json(store, product), request=request)


async def delete_listing_route(request: Request) -> Response:
    user = authorize(request, "merchant")
    withdraw_product(store_of(request), user, _product_id(request.path_params["product_id"]))
    return Response(status_code=204)


async def list_listings(request: Request) -> Response:
    user = authorize(request, "merchant")
    store = store_of(request)
    after = cursor_param(request, "cursor", "ListingCursor")
    limit = int_param(request, "limit", 100, 1, 500)
    rows = store.query(f"SELECT {PRODUCT_ROW} FROM products WHERE owner_id = ? AND deleted = 0 AND product_id > ?"
                       " ORDER BY product_id LIMIT ?", (user.id, after, limit + 1))
    items = [product_json(store, product_of_row(store, row)) for row in rows[:limit]]
    more = len(rows) > limit
    return json_response({"items": items, "next_cursor": items[-1]["product_id"] if more else None},
                         request=request)


def _batch_row(store: Store, user: User, index: int, row: dict[str, Any]) -> dict[str, Any]:
    """One batch row applied: its result (the status the single call would have answered)."""
    named = row.get("product_id", row.get("sku"))
    product_id = named if isinstance(named, str) else ""
    result: dict[str, Any] = {"index": index, "product_id": product_id or None}
    if "sku" in row:
        result["sku"] = row["sku"] if isinstance(row["sku"], str) else None
    try:
        problems = schema_problems(row, "BatchItem", f"/items/{index}")
        put = row.get("op", "put") == "put"
        if not problems and put and "listing" not in row:
            problems = [{"path": f"/items/{index}", "code": "schema", "message": "a put needs its listing"}]
        if not problems and put:
            problems = schema_problems(row["listing"], listing_put_schema(row["listing"]), f"/items/{index}/listing")
        if problems:
            raise ApiError(422, "invalid_row", "the row does not match the contract", problems)
        if put:
            result["status"], result["listing"] = put_listing(store, user, product_id, row["listing"])
        else:
            withdraw_product(store, user, product_id)
            result["status"] = 204
    except ApiError as exc:
        result["status"] = exc.status
        result["error"] = {"code": exc.code, "message": exc.message, "details": exc.details}
    return result


async def batch(request: Request) -> Response:
    user = authorize(request, "merchant")
    store = store_of(request)
    body = await read_json(request, "BatchRequest")
    results = [_batch_row(store, user, index, row) for index, row in enumerate(body["items"])]
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
    sku, n = _product_id(request.path_params["product_id"]), _image_place(request)
    if store.one("SELECT 1 FROM products WHERE product_id = ? AND owner_id = ? AND deleted = 0",
                 (sku, user.id)) is None:
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
        store.execute("INSERT OR REPLACE INTO product_images (product_id, n, content_type, sha256, size)"
                      " VALUES (?, ?, ?, ?, ?)",
                      (sku, n, content_type, digest, len(data)))
        store.execute("UPDATE products SET seq = ?, updated_at = ? WHERE product_id = ?",
                      (store.next_seq(), store.clock.now(), sku))
    return json_response({"product_id": sku, "n": n, "url": f"/v1/listings/{sku}/images/{n}",
                          "content_type": content_type, "sha256": digest, "size": len(data)})


async def get_image(request: Request) -> Response:
    authorize(request, "creator", "merchant", "reviewer")
    store = store_of(request)
    sku, n = _product_id(request.path_params["product_id"]), _image_place(request)
    row = store.one("SELECT i.content_type, i.sha256 FROM product_images i JOIN products p"
                    " ON p.product_id = i.product_id WHERE i.product_id = ? AND i.n = ? AND p.deleted = 0", (sku, n))
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
    rows = store.query(f"SELECT {PRODUCT_ROW}, seq FROM products WHERE seq > ? ORDER BY seq LIMIT ?",
                       (start, limit + 1))
    items: list[dict[str, Any]] = []
    for row in rows[:limit]:
        product_id, _body, deleted, updated = row[:4]
        if deleted:
            items.append({"product_id": product_id, "deleted": True, "updated_at": rfc3339(updated)})
        else:
            items.append(product_json(store, product_of_row(store, row[:5])))
    last = rows[:limit][-1][5] if rows else start
    more = len(rows) > limit
    return json_response({"items": items, "next_cursor": str(last) if more else None, "since": str(last)},
                         request=request)


routes = [
    Route("/v1/applets", list_applets, methods=["GET"]),
    Route("/v1/applets/{app_id}", put_applet, methods=["PUT"]),
    Route("/v1/applets/{app_id}", get_applet, methods=["GET"]),
    Route("/v1/listings", list_listings, methods=["GET"]),
    Route("/v1/listings:batch", batch, methods=["POST"]),
    Route("/v1/listings/{product_id}", get_listing, methods=["GET"]),
    Route("/v1/listings/{product_id}", put_listing_route, methods=["PUT"]),
    Route("/v1/listings/{product_id}", delete_listing_route, methods=["DELETE"]),
    Route("/v1/listings/{product_id}/images/{n:int}", put_image, methods=["PUT"]),
    Route("/v1/listings/{product_id}/images/{n:int}", get_image, methods=["GET"]),
    Route("/v1/catalog", catalog, methods=["GET"]),
]
