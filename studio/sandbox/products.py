"""The merchants' products as the sandbox keeps them: each in its catalog form (`core.product.to_wire`), the
variant SKUs each shop uses, and when a product sold out.

A product id is one namespace on the platform (another merchant's id answers 409 `product_taken`); a variant's
SKU names one variant in its shop (a SKU another of the merchant's products sells answers 409 `sku_taken`, one
named twice in a body 422 `duplicate_sku`). Every change, a stock change alone included, takes the next value
of the change sequence, so the catalog's `since` sees it. `sold_out_since` is set when the last variant's
stock reaches zero and cleared when stock returns. A version-1 body (one SKU, one price) is a product with one
variant whose SKU is the product id (`core.product.single`).

What others call: `product_from_put` (a PUT body checked by `core`'s listing rules), `save_product`,
`withdraw_product`, `stored_product` (a stored product as `core.product.Product`, its pages rendered from its
applet's template as it is now, image URL and `sold_out_since` filled in: what the catalog sends and what the
post checks read), `product_json` (the contract's `Product`), `applet_listed`.
Must not hold: HTTP routes (merchants.py), the rules themselves (`core.catalog`, `core.product`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from studio.core.applet_link import check_path_template
from studio.core.catalog import FieldError, product_from_fields
from studio.core.product import Product, Variant, from_wire, to_wire
from studio.sandbox.api import ApiError, rfc3339
from studio.sandbox.store import Store, User, product_body

_VARIANT_FIELDS = ("sku", "price_cents", "promo_price_cents", "promo_ends_at")
_PRODUCT_FIELDS = {"title": "/title", "currency": "/currency", "applet_app_id": "/applet/app_id"}


def _invalid(path: str, code: str, message: str) -> ApiError:
    return ApiError(422, "invalid_listing" if code != "duplicate_sku" else code, f"{path.lstrip('/')}: {message}",
                    [{"path": path, "code": code, "message": message}])


def product_from_put(product_id: str, body: dict[str, Any]) -> Product:
    """The product a `ListingPut` body (version 2 with `variants`, or a version-1 flat listing) describes, its
    values checked by the listing rules the app's import applies; ApiError 422 naming the field otherwise."""
    flat = "variants" not in body
    rows: list[dict[str, Any]] = [{"sku": product_id, **body}] if flat else list(body["variants"])
    own = body["applet"].get("path") or ""
    bad_path = check_path_template(own, "/applet/path") if own else []
    if bad_path:
        raise _invalid("/applet/path", bad_path[0].code, bad_path[0].message)
    seen: dict[str, int] = {}
    variants: list[Variant] = []
    checked = None
    for index, row in enumerate(rows):
        where = "" if flat else f"/variants/{index}"
        if row["sku"] in seen:
            raise _invalid(f"{where}/sku", "duplicate_sku",
                           f"variant SKU {row['sku']} is there twice (first at /variants/{seen[row['sku']]})")
        seen[row["sku"]] = index
        try:
            checked = product_from_fields({
                "sku": row["sku"], "title": body["title"], "price_cents": row["price_cents"],
                "promo_price_cents": row.get("promo_price_cents"), "promo_ends_at": row.get("promo_ends_at"),
                "currency": body.get("currency") or "CNY", "applet_app_id": body["applet"]["app_id"]})
        except FieldError as exc:
            path = f"{where}/{exc.field}" if exc.field in _VARIANT_FIELDS else _PRODUCT_FIELDS.get(exc.field, "")
            raise _invalid(path, "invalid_listing", exc.reason.format(**exc.values)) from None
        [one] = checked.variants
        variants.append(replace(one, options=tuple((o["name"], o["value"]) for o in row.get("options", ())),
                                stock=row.get("stock")))
    assert checked is not None  # the contract asks for at least one variant
    return Product(product_id=product_id, title=checked.title, currency=checked.currency, variants=tuple(variants),
                   applet_app_id=checked.applet_app_id, applet_path=own)


def save_product(store: Store, user: User, product: Product) -> bool:
    """Create or replace `product` in `user`'s shop; True when it is new (or was withdrawn). ApiError 422 when
    its applet is not one the merchant linked, 409 when its id or a variant's SKU is taken."""
    if store.one("SELECT 1 FROM applets WHERE app_id = ? AND owner_id = ?", (product.applet_app_id, user.id)) is None:
        raise ApiError(422, "unknown_applet", "link the applet first (PUT /v1/applets/{app_id})",
                       [{"path": "/applet/app_id", "code": "unknown_applet", "message": "not one of your applets"}])
    now = store.clock.now()
    with store.transaction():
        row = store.one("SELECT owner_id, deleted, sold_out_since FROM products WHERE product_id = ?",
                        (product.product_id,))
        if row is not None and row[0] != user.id:
            raise ApiError(409, "product_taken", f"product {product.product_id} belongs to another merchant")
        for index, variant in enumerate(product.variants):
            other = store.one("SELECT product_id FROM variant_skus WHERE owner_id = ? AND sku = ? AND product_id != ?",
                              (user.id, variant.sku, product.product_id))
            if other is not None:
                message = f"SKU {variant.sku} is already a variant of your product {other[0]}"
                raise ApiError(409, "sku_taken", message,
                               [{"path": f"/variants/{index}/sku", "code": "sku_taken", "message": message}])
        created = row is None or bool(row[1])
        since = None
        if product.sold_out:
            since = row[2] if row is not None and not created and row[2] is not None else now
        store.execute("DELETE FROM variant_skus WHERE product_id = ?", (product.product_id,))
        for variant in product.variants:
            store.execute("INSERT INTO variant_skus (owner_id, sku, product_id) VALUES (?, ?, ?)",
                          (user.id, variant.sku, product.product_id))
        store.execute("INSERT OR REPLACE INTO products (product_id, owner_id, body, seq, deleted, updated_at,"
                      " sold_out_since) VALUES (?, ?, ?, ?, 0, ?, ?)",
                      (product.product_id, user.id, product_body(to_wire(product)), store.next_seq(), now, since))
    return created


def withdraw_product(store: Store, user: User, product_id: str) -> None:
    """Withdraw `user`'s product (a tombstone in the catalog); its variant SKUs are free again. 404 otherwise."""
    with store.transaction():
        row = store.one("SELECT owner_id FROM products WHERE product_id = ? AND deleted = 0", (product_id,))
        if row is None or row[0] != user.id:
            raise ApiError(404, "not_found", f"no listing {product_id} among yours")
        store.execute("UPDATE products SET deleted = 1, seq = ?, updated_at = ? WHERE product_id = ?",
                      (store.next_seq(), store.clock.now(), product_id))
        store.execute("DELETE FROM variant_skus WHERE product_id = ?", (product_id,))


PRODUCT_ROW = "product_id, body, deleted, updated_at, sold_out_since"
"""The columns `product_of_row` reads."""


def product_of_row(store: Store, row: tuple[Any, ...]) -> Product:
    """A `products` row (`PRODUCT_ROW`'s columns) as the platform shows it now: pages rendered from its applet's
    current template (a product without its own path follows the template), name, main image, times."""
    product_id, body, deleted, updated, sold_out = row
    product = from_wire(json.loads(body))
    applet = store.one("SELECT name, path_template FROM applets WHERE app_id = ?", (product.applet_app_id,))
    image = store.one("SELECT n FROM product_images WHERE product_id = ? ORDER BY n LIMIT 1", (product_id,))
    return replace(product, applet_name=applet[0] if applet else "",
                   pages=product.render_pages(applet[1] if applet else ""),
                   image=f"/v1/listings/{product_id}/images/{image[0]}" if image else "",
                   updated_at=rfc3339(updated), status="withdrawn" if deleted else "active",
                   sold_out_since=rfc3339(sold_out) if sold_out is not None else None)


def stored_product(store: Store, product_id: str, owner: User | None = None) -> Product | None:
    """Product `product_id` as the platform keeps it now (withdrawn ones too, `status` "withdrawn"); None when it
    was never listed (or, with `owner`, is not theirs). The one way to read a product from the sandbox's
    storage: the catalog, the merchant's routes and the post checks call it."""
    sql = f"SELECT {PRODUCT_ROW} FROM products WHERE product_id = ?" + (" AND owner_id = ?" if owner else "")
    row = store.one(sql, (product_id, owner.id) if owner else (product_id,))
    return None if row is None else product_of_row(store, row)


def product_json(store: Store, product: Product) -> dict[str, Any]:
    """The contract's `Product`: the catalog form with the URLs of every image uploaded so far."""
    images = [f"/v1/listings/{product.product_id}/images/{n}" for (n,) in
              store.query("SELECT n FROM product_images WHERE product_id = ? ORDER BY n", (product.product_id,))]
    return {**to_wire(product), "images": images}


def applet_listed(store: Store, app_id: str) -> bool:
    """Whether any product listed now opens in applet `app_id`."""
    return store.one("SELECT 1 FROM products WHERE json_extract(body, '$.applet.app_id') = ? AND deleted = 0"
                     " LIMIT 1", (app_id,)) is not None
