"""Merchants on the sandbox over real HTTP: applets, listings (rules, paging, ETag, batch, withdraw), images,
and the creators' catalog (change order, `since`, tombstones). These send version-1 flat bodies (one SKU, one
price), which the platform still takes as one-variant products; test_sandbox_products.py sends variants."""

from __future__ import annotations

from typing import Any

import requests

from tests.sandbox_fixtures import Sandbox, link_applet

APP = "wx5f3c2a1b9d8e7f60"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def listing(title: str = "Glass Water Bottle 玻璃水瓶", **more: Any) -> dict[str, Any]:
    return {"title": title, "price_cents": 5900, "currency": "CNY", "applet": {"app_id": APP}, **more}


def put(sandbox: Sandbox, token: str, sku: str, body: dict[str, Any]) -> requests.Response:
    return requests.put(f"{sandbox.url}/v1/listings/{sku}", json=body, headers=sandbox.headers(token), timeout=10)


def get(sandbox: Sandbox, token: str, path: str, **headers: str) -> requests.Response:
    return requests.get(sandbox.url + path, headers={**sandbox.headers(token), **headers}, timeout=10)


def test_applets_link_update_and_me(sandbox: Sandbox) -> None:
    mia = sandbox.token("mia", "merchant")
    r = requests.put(f"{sandbox.url}/v1/applets/{APP}", headers=sandbox.headers(mia), timeout=10,
                     json={"name": "好圈小店", "original_id": "gh_0123456789ab", "path_template": "pages/d?sku={sku}"})
    assert r.status_code == 201 and r.json()["original_id"] == "gh_0123456789ab"
    r = requests.put(f"{sandbox.url}/v1/applets/{APP}", headers=sandbox.headers(mia), timeout=10,
                     json={"name": "Good Circle", "path_template": "pages/d?sku={sku}"})
    assert r.status_code == 200 and r.json()["name"] == "Good Circle"
    assert [a["app_id"] for a in get(sandbox, mia, "/v1/applets").json()["items"]] == [APP]
    assert get(sandbox, mia, "/v1/me").json()["applets"] == [{"app_id": APP, "name": "Good Circle"}]
    other = sandbox.token("max", "merchant")
    r = requests.put(f"{sandbox.url}/v1/applets/{APP}", headers=sandbox.headers(other), timeout=10,
                     json={"name": "mine", "path_template": "p"})
    assert r.status_code == 409
    assert get(sandbox, other, f"/v1/applets/{APP}").status_code == 404
    r = requests.put(f"{sandbox.url}/v1/applets/{APP}", headers=sandbox.headers(mia), timeout=10,
                     json={"name": "", "path_template": "p"})
    assert r.status_code == 422 and r.json()["error"]["details"][0]["path"] == "/name"


def test_listing_put_get_rules_and_ownership(sandbox: Sandbox) -> None:
    mia = sandbox.token("mia", "merchant")
    link_applet(sandbox, mia)
    r = put(sandbox, mia, "GC-1", listing(promo_price_cents=4900, promo_ends_at="2099-12-31T16:00:00+00:00"))
    assert r.status_code == 201, r.text
    item = r.json()
    assert item["applet"] == {"app_id": APP, "name": "好圈小店", "path": "", "pages": ["pages/goods/detail?sku=GC-1"]}
    assert item["product_id"] == "GC-1" and [v["sku"] for v in item["variants"]] == ["GC-1"]
    assert item["variants"][0]["promo_ends_at"] == "2099-12-31T16:00:00Z" and item["images"] == []
    assert put(sandbox, mia, "GC-1", listing("new title")).status_code == 200
    assert get(sandbox, mia, "/v1/listings/GC-1").json()["title"] == "new title"
    r = put(sandbox, mia, "GC-2", listing(promo_price_cents=9999))
    assert r.status_code == 422 and r.json()["error"]["details"][0]["path"] == "/promo_price_cents"
    r = put(sandbox, mia, "GC-3", listing(applet={"app_id": "wx0000000000000000"}))
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_applet"
    assert put(sandbox, mia, "GC-4", {"title": "x"}).status_code == 422
    other = sandbox.token("max", "merchant")
    link_applet(sandbox, other, app_id="wx1111111111111111")
    r = put(sandbox, other, "GC-1", listing(applet={"app_id": "wx1111111111111111"}))
    assert r.status_code == 409 and r.json()["error"]["code"] == "product_taken"
    assert get(sandbox, other, "/v1/listings/GC-1").status_code == 404
    assert requests.delete(f"{sandbox.url}/v1/listings/GC-1", headers=sandbox.headers(other),
                           timeout=10).status_code == 404


def test_listings_page_by_cursor_with_etag(sandbox: Sandbox) -> None:
    mia = sandbox.token("mia", "merchant")
    link_applet(sandbox, mia)
    for n in range(5):
        assert put(sandbox, mia, f"SKU-{n}", listing(f"item {n}")).status_code == 201
    seen, cursor = [], None
    while True:
        r = get(sandbox, mia, "/v1/listings?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        seen += [i["product_id"] for i in r.json()["items"]]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"SKU-{n}" for n in range(5)]
    first = get(sandbox, mia, "/v1/listings")
    assert get(sandbox, mia, "/v1/listings", **{"If-None-Match": first.headers["ETag"]}).status_code == 304
    put(sandbox, mia, "SKU-0", listing("changed"))
    assert get(sandbox, mia, "/v1/listings", **{"If-None-Match": first.headers["ETag"]}).status_code == 200
    assert get(sandbox, mia, "/v1/listings?limit=0").status_code == 400


def test_batch_has_per_row_results(sandbox: Sandbox) -> None:
    mia = sandbox.token("mia", "merchant")
    link_applet(sandbox, mia)
    put(sandbox, mia, "OLD", listing())
    rows: list[dict[str, Any]] = [{"sku": f"B-{n}", "listing": listing(f"b {n}")} for n in range(498)]
    rows += [{"sku": "BAD", "listing": listing(price_cents=-1)}, {"sku": "OLD", "op": "delete"}]
    r = requests.post(f"{sandbox.url}/v1/listings:batch", json={"items": rows}, headers=sandbox.headers(mia),
                      timeout=60)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["succeeded"], body["failed"]) == (499, 1)
    assert body["results"][498]["status"] == 422 and body["results"][498]["sku"] == "BAD"
    assert body["results"][498]["error"]["details"][0]["path"] == "/items/498/listing/price_cents"
    assert body["results"][499] == {"index": 499, "product_id": "OLD", "sku": "OLD", "status": 204}
    assert body["results"][0]["status"] == 201 and body["results"][0]["listing"]["title"] == "b 0"
    too_many: dict[str, Any] = {"items": [{"sku": f"X-{n}", "listing": listing()} for n in range(501)]}
    r = requests.post(f"{sandbox.url}/v1/listings:batch", json=too_many, headers=sandbox.headers(mia), timeout=60)
    assert r.status_code == 422


def test_images_upload_and_fetch(sandbox: Sandbox) -> None:
    mia, ann = sandbox.token("mia", "merchant"), sandbox.token("ann", "creator")
    link_applet(sandbox, mia)
    put(sandbox, mia, "GC-1", listing())
    url = f"{sandbox.url}/v1/listings/GC-1/images/0"
    r = requests.put(url, data=PNG, headers={**sandbox.headers(mia), "Content-Type": "image/png"}, timeout=10)
    assert r.status_code == 200 and r.json()["size"] == len(PNG)
    r = requests.put(url, data=b"GIF89a", headers={**sandbox.headers(mia), "Content-Type": "image/png"}, timeout=10)
    assert r.status_code == 422
    r = requests.put(url, data=PNG, headers={**sandbox.headers(mia), "Content-Type": "image/gif"}, timeout=10)
    assert r.status_code == 415
    r = requests.put(url, data=PNG, headers={**sandbox.headers(ann), "Content-Type": "image/png"}, timeout=10)
    assert r.status_code == 403
    r = get(sandbox, ann, "/v1/listings/GC-1/images/0")
    assert r.status_code == 200 and r.content == PNG and r.headers["Content-Type"] == "image/png"
    assert get(sandbox, ann, "/v1/listings/GC-1/images/0", **{"If-None-Match": r.headers["ETag"]}).status_code == 304
    assert get(sandbox, ann, "/v1/listings/GC-1/images/1").status_code == 404
    catalog = get(sandbox, ann, "/v1/catalog").json()["items"]
    assert catalog[0]["images"] == ["/v1/listings/GC-1/images/0"]


def test_catalog_since_and_tombstones(sandbox: Sandbox) -> None:
    mia, ann = sandbox.token("mia", "merchant"), sandbox.token("ann", "creator")
    link_applet(sandbox, mia)
    for sku in ("A", "B", "C"):
        put(sandbox, mia, sku, listing(sku))
    first = get(sandbox, ann, "/v1/catalog?limit=2").json()
    assert [i["product_id"] for i in first["items"]] == ["A", "B"] and first["next_cursor"]
    rest = get(sandbox, ann, f"/v1/catalog?limit=2&cursor={first['next_cursor']}").json()
    assert [i["product_id"] for i in rest["items"]] == ["C"] and rest["next_cursor"] is None
    since = rest["since"]
    unchanged = get(sandbox, ann, f"/v1/catalog?since={since}")
    assert unchanged.json()["items"] == [] and unchanged.json()["since"] == since
    assert get(sandbox, ann, f"/v1/catalog?since={since}",
               **{"If-None-Match": unchanged.headers["ETag"]}).status_code == 304
    put(sandbox, mia, "B", listing("B2"))
    requests.delete(f"{sandbox.url}/v1/listings/A", headers=sandbox.headers(mia), timeout=10).raise_for_status()
    changes = get(sandbox, ann, f"/v1/catalog?since={since}").json()["items"]
    assert [(i["product_id"], i.get("deleted", False)) for i in changes] == [("B", False), ("A", True)]
    assert set(changes[1]) == {"product_id", "deleted", "updated_at"}
    assert get(sandbox, mia, "/v1/listings/A").status_code == 404
    assert get(sandbox, ann, "/v1/catalog?since=nonsense").status_code == 400
    r = get(sandbox, ann, f"/v1/catalog?sinse={since}")  # a typo must not silently mean a full sync
    assert r.status_code == 400 and r.json()["error"]["code"] == "unknown_parameter"


def test_renaming_the_applet_reaches_the_catalog(sandbox: Sandbox) -> None:
    mia, ann = sandbox.token("mia", "merchant"), sandbox.token("ann", "creator")
    link_applet(sandbox, mia)
    put(sandbox, mia, "A", listing())
    since = get(sandbox, ann, "/v1/catalog").json()["since"]
    link_applet(sandbox, mia, name="新名字")
    changes = get(sandbox, ann, f"/v1/catalog?since={since}").json()["items"]
    assert [i["applet"]["name"] for i in changes] == ["新名字"]
