"""Products with variants on the sandbox over real HTTP: the version-2 body, variant SKUs unique in a shop,
stock in the catalog (`sold_out_since`, a stock change moving the product in the change order), the catalog
form read back by `core.product.from_wire`, and a sandbox folder written before variants migrating."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from studio.core.product import from_wire
from studio.sandbox.products import stored_product
from studio.sandbox.server import SandboxServer
from tests.sandbox_fixtures import Sandbox, link_applet

APP = "wx5f3c2a1b9d8e7f60"


def variant(sku: str, price: int = 5900, stock: int | None = 5, **more: Any) -> dict[str, Any]:
    return {"sku": sku, "options": [{"name": "颜色", "value": sku[-1]}], "price_cents": price, "stock": stock, **more}


def product(*variants: dict[str, Any], title: str = "T恤 T-shirt", **more: Any) -> dict[str, Any]:
    return {"title": title, "currency": "CNY", "applet": {"app_id": APP}, "variants": list(variants), **more}


def put(sandbox: Sandbox, token: str, product_id: str, body: dict[str, Any]) -> requests.Response:
    return requests.put(f"{sandbox.url}/v1/listings/{product_id}", json=body, headers=sandbox.headers(token),
                        timeout=10)


def catalog(sandbox: Sandbox, token: str, since: str = "") -> dict[str, Any]:
    r = requests.get(f"{sandbox.url}/v1/catalog", params={"since": since} if since else {},
                     headers=sandbox.headers(token), timeout=10)
    r.raise_for_status()
    return dict(r.json())


def link_variant_template(sandbox: Sandbox, token: str) -> None:
    r = requests.put(f"{sandbox.url}/v1/applets/{APP}", headers=sandbox.headers(token), timeout=10,
                     json={"name": "好圈小店", "path_template": "pages/goods/detail?id={product_id}&sku={sku}"})
    r.raise_for_status()


def test_a_product_with_three_variants_reaches_the_catalog_as_core_reads_it(sandbox: Sandbox) -> None:
    mia, ann = sandbox.token("mia", "merchant"), sandbox.token("ann", "creator")
    link_variant_template(sandbox, mia)
    body = product(variant("TEE-R", 5900, 3), variant("TEE-G", 6900, 0),
                   variant("TEE-B", 7900, None, promo_price_cents=6900, promo_ends_at="2099-01-01T00:00:00+08:00"))
    r = put(sandbox, mia, "TEE", body)
    assert r.status_code == 201, r.text
    assert r.json()["variants"][2]["promo_ends_at"] == "2098-12-31T16:00:00Z"
    [item] = catalog(sandbox, ann)["items"]
    got = from_wire(item)
    assert got.product_id == "TEE" and [v.sku for v in got.variants] == ["TEE-R", "TEE-G", "TEE-B"]
    assert got.variants[0].options == (("颜色", "R"),) and got.variants[1].sold_out and got.variants[2].stock is None
    assert got.pages == ("pages/goods/detail?id=TEE&sku=TEE", "pages/goods/detail?id=TEE&sku=TEE-R",
                         "pages/goods/detail?id=TEE&sku=TEE-G", "pages/goods/detail?id=TEE&sku=TEE-B")
    assert got.applet_name == "好圈小店" and got.sold_out_since is None and not got.sold_out
    assert got.price_range() == (5900, 6900)  # the sold-out variant's price is left out
    assert stored_product(sandbox.store, "TEE") == got  # the one reader the post checks call


def test_variant_skus_are_unique_in_a_shop(sandbox: Sandbox) -> None:
    mia, max_ = sandbox.token("mia", "merchant"), sandbox.token("max", "merchant")
    link_applet(sandbox, mia)
    assert put(sandbox, mia, "TEE", product(variant("TEE-R"), variant("TEE-G"))).status_code == 201
    twice = put(sandbox, mia, "CAP", product(variant("CAP-R"), variant("CAP-R")))
    assert twice.status_code == 422 and twice.json()["error"]["code"] == "duplicate_sku"
    assert twice.json()["error"]["details"][0]["path"] == "/variants/1/sku"
    taken = put(sandbox, mia, "CAP", product(variant("CAP-R"), variant("TEE-G")))
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "sku_taken"
    assert "TEE-G" in taken.json()["error"]["message"] and "TEE" in taken.json()["error"]["message"]
    assert taken.json()["error"]["details"][0]["path"] == "/variants/1/sku"
    flat = put(sandbox, mia, "TEE-R", {"title": "flat", "price_cents": 100, "applet": {"app_id": APP}})
    assert flat.status_code == 409 and "TEE-R" in flat.json()["error"]["message"]  # a flat listing's SKU is its id
    # the same product may move a SKU between its own variants; another shop may use the same codes
    assert put(sandbox, mia, "TEE", product(variant("TEE-G"), variant("TEE-R"))).status_code == 200
    link_applet(sandbox, max_, app_id="wx1111111111111111")
    other = product(variant("TEE-G"), applet={"app_id": "wx1111111111111111"})
    assert put(sandbox, max_, "MAX-TEE", other).status_code == 201
    # withdrawing a product frees its SKUs
    requests.delete(f"{sandbox.url}/v1/listings/TEE", headers=sandbox.headers(mia), timeout=10).raise_for_status()
    assert put(sandbox, mia, "CAP", product(variant("CAP-R"), variant("TEE-G"))).status_code == 201


def test_variant_rules_name_the_variant(sandbox: Sandbox) -> None:
    mia = sandbox.token("mia", "merchant")
    link_applet(sandbox, mia)
    r = put(sandbox, mia, "TEE", product(variant("TEE-R"), variant("TEE-G", 5900, promo_price_cents=5900)))
    assert r.status_code == 422 and r.json()["error"]["details"][0]["path"] == "/variants/1/promo_price_cents"
    r = put(sandbox, mia, "TEE", product(variant("TEE-R", stock=-1)))
    assert r.status_code == 422 and r.json()["error"]["details"][0]["path"] == "/variants/0/stock"
    r = put(sandbox, mia, "TEE", product(variant("TEE-R"), title=" "))
    assert r.status_code == 422 and r.json()["error"]["details"][0]["path"] == "/title"
    r = put(sandbox, mia, "TEE", {**product(variant("TEE-R")), "price_cents": 100})  # neither form
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_body"
    assert put(sandbox, mia, "TEE", product()).status_code == 422  # a product is sold in one variant at least


def test_stock_reaching_zero_and_returning_moves_the_product_and_its_sold_out_time(sandbox: Sandbox) -> None:
    mia, ann = sandbox.token("mia", "merchant"), sandbox.token("ann", "creator")
    link_applet(sandbox, mia)
    put(sandbox, mia, "TEE", product(variant("TEE-R", stock=1), variant("TEE-G", stock=0))).raise_for_status()
    put(sandbox, mia, "CUP", product(variant("CUP-W"))).raise_for_status()
    since = catalog(sandbox, ann)["since"]
    sandbox.advance_clock(60)
    put(sandbox, mia, "TEE", product(variant("TEE-R", stock=0), variant("TEE-G", stock=0))).raise_for_status()
    [item] = catalog(sandbox, ann, since)["items"]  # the stock change alone is a catalog change
    sold_out = item["sold_out_since"]
    assert item["product_id"] == "TEE" and sold_out and from_wire(item).sold_out
    sandbox.advance_clock(60)
    put(sandbox, mia, "TEE", product(variant("TEE-R", stock=0), variant("TEE-G", stock=0),
                                     title="renamed")).raise_for_status()
    assert catalog(sandbox, ann, since)["items"][0]["sold_out_since"] == sold_out  # still sold out since then
    put(sandbox, mia, "TEE", product(variant("TEE-R", stock=4), variant("TEE-G", stock=0))).raise_for_status()
    [back] = catalog(sandbox, ann, since)["items"]
    assert back["sold_out_since"] is None and [v["stock"] for v in back["variants"]] == [4, 0]


def test_batch_puts_products_and_still_takes_version_1_rows(sandbox: Sandbox) -> None:
    mia = sandbox.token("mia", "merchant")
    link_applet(sandbox, mia)
    mug = {"title": "Mug", "price_cents": 100, "applet": {"app_id": APP}}
    bad = product(variant("BAD-1", options=[{"name": "颜色"}]))
    rows: list[dict[str, Any]] = [
        {"product_id": "TEE", "listing": product(variant("TEE-R"), variant("TEE-G"))}, {"sku": "MUG", "listing": mug},
        {"product_id": "CAP", "listing": product(variant("CAP-R"), variant("TEE-R"))},
        {"product_id": "BAD", "listing": bad}]
    r = requests.post(f"{sandbox.url}/v1/listings:batch", json={"items": rows}, headers=sandbox.headers(mia),
                      timeout=30)
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["status"] for x in results] == [201, 201, 409, 422]
    assert results[1]["product_id"] == results[1]["sku"] == "MUG" and "sku" not in results[0]
    assert results[1]["listing"]["variants"][0]["sku"] == "MUG"
    assert results[3]["error"]["details"][0]["path"] == "/items/3/listing/variants/0/options/0"
    page = requests.get(f"{sandbox.url}/v1/listings", headers=sandbox.headers(mia), timeout=10).json()
    assert [(p["product_id"], len(p["variants"])) for p in page["items"]] == [("MUG", 1), ("TEE", 2)]


# -- a sandbox folder written before variants ----------------------------------------------------------------

V1_TABLES = """
CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at REAL NOT NULL);
CREATE TABLE user_roles (user_id TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (user_id, role));
CREATE TABLE applets (app_id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, name TEXT NOT NULL,
    original_id TEXT, path_template TEXT NOT NULL, updated_at REAL NOT NULL);
CREATE TABLE listings (sku TEXT PRIMARY KEY, owner_id TEXT NOT NULL, body TEXT NOT NULL,
    seq INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, updated_at REAL NOT NULL);
CREATE INDEX listings_seq ON listings (seq);
CREATE TABLE listing_images (sku TEXT NOT NULL, n INTEGER NOT NULL, content_type TEXT NOT NULL,
    sha256 TEXT NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (sku, n));
CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""
"""The listing tables as the version-1 sandbox (studio/sandbox/store.py before variants) wrote them."""


def _old_body(title: str, price: int, path: str, follows: bool, promo: int | None = None) -> str:
    return json.dumps({"title": title, "price_cents": price, "promo_price_cents": promo,
                       "promo_ends_at": "2099-12-31T16:00:00Z" if promo else None, "currency": "CNY", "app_id": APP,
                       "path": path, "follows_template": follows}, ensure_ascii=False)


@pytest.fixture
def old_sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    """A sandbox started on a folder whose database the version-1 sandbox wrote: three listings (one following
    the applet's template, one with its own page and an image, one withdrawn)."""
    data = tmp_path / "sandbox-data"
    data.mkdir()
    db = sqlite3.connect(data / "sandbox.sqlite3")
    db.executescript(V1_TABLES)
    db.execute("INSERT INTO users VALUES ('u_mia', 'mia', 0)")
    db.execute("INSERT INTO user_roles VALUES ('u_mia', 'merchant')")
    db.execute("INSERT INTO applets VALUES (?, 'u_mia', '好圈小店', NULL, 'pages/goods/detail?sku={sku}', 0)", (APP,))
    db.executemany("INSERT INTO listings VALUES (?, 'u_mia', ?, ?, ?, 1767225600)", [
        ("GC-1", _old_body("Bottle 水瓶", 5900, "pages/goods/detail?sku=GC-1", True, 4900), 1, 0),
        ("GC-2", _old_body("Tote", 8900, "pages/special?sku=GC-2", False), 2, 0),
        ("GC-3", _old_body("Cup", 3990, "pages/goods/detail?sku=GC-3", True), 3, 1)])
    db.execute("INSERT INTO listing_images VALUES ('GC-2', 0, 'image/png', ?, 10)", ("ab" * 32,))
    db.execute("INSERT INTO counters VALUES ('seq', 3)")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    server = SandboxServer(data, "127.0.0.1", 0)
    url = server.start()
    try:
        yield Sandbox(url, data, server)
    finally:
        server.stop()


def test_a_version_1_sandbox_folder_migrates_to_one_variant_products(old_sandbox: Sandbox) -> None:
    ann, mia = old_sandbox.token("ann", "creator"), old_sandbox.token("mia", "merchant")
    page = catalog(old_sandbox, ann)
    assert page["since"] == "3"
    one, two, gone = page["items"]
    assert gone == {"product_id": "GC-3", "deleted": True, "updated_at": "2026-01-01T00:00:00Z"}
    bottle, tote = from_wire(one), from_wire(two)
    assert [(v.sku, v.price_cents, v.promo_price_cents, v.stock) for v in bottle.variants] == [
        ("GC-1", 5900, 4900, None)]
    assert bottle.pages == ("pages/goods/detail?sku=GC-1",) and bottle.applet_path == ""
    assert tote.pages == ("pages/special?sku=GC-2",) and tote.image == "/v1/listings/GC-2/images/0"
    # the migrated listing still follows its applet's template, and its SKU is claimed in the shop
    r = requests.put(f"{old_sandbox.url}/v1/applets/{APP}", headers=old_sandbox.headers(mia), timeout=10,
                     json={"name": "好圈小店", "path_template": "pages/item?sku={sku}"})
    r.raise_for_status()
    moved = catalog(old_sandbox, ann, page["since"])["items"]
    assert [(m["product_id"], m["applet"]["pages"]) for m in moved] == [
        ("GC-1", ["pages/item?sku=GC-1"]), ("GC-2", ["pages/special?sku=GC-2"])]
    clash = put(old_sandbox, mia, "NEW", product(variant("GC-1")))
    assert clash.status_code == 409 and clash.json()["error"]["code"] == "sku_taken"
    assert put(old_sandbox, mia, "NEW", product(variant("GC-3"))).status_code == 201  # a withdrawn one's is free
