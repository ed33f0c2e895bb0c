"""The listings store (real SQLite under the test's STUDIO_HOME): products with their variants, sort, filter
and page in SQL, edits marked for sync per product, variant SKUs unique in the store, the applet link and
mappings, a store written before variants migrating; the listing field rules and bulk edits it stores."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from studio.core import paths
from studio.core.errors import ValidationError
from studio.core.listings_store import SORT_KEYS, ListingsStore
from studio.core.merchant_listing import (
    ImageFacts,
    change_price_by_percent,
    check_image,
    check_product,
    set_promo_end,
    set_stock,
)
from studio.core.product import Product, Variant, single
from studio.core.project import AppletLink


def got(store: ListingsStore, product_id: str) -> Product:
    """Product `product_id`, which the test expects to be there."""
    product = store.get(product_id)
    assert product is not None, product_id
    return product


def item(sku: str, title: str = "Thing", price: int = 100, **kw) -> Product:
    return single(sku=sku, title=title, price_cents=price, **kw)


def tee(*stock: int | None) -> Product:
    variants = tuple(Variant(sku=f"TEE-{n}", options=(("尺码", size),), price_cents=5900 + 1000 * n, stock=count)
                     for n, (size, count) in enumerate(zip(("S", "M", "L"), stock, strict=False)))
    return Product(product_id="TEE", title="T恤 shirt", variants=variants)


@pytest.fixture
def store() -> Iterator[ListingsStore]:
    with ListingsStore.open() as opened:
        opened.put([item("B-2", "Zebra mug 斑马杯", 300), item("A-1", "apple crate", 500),
                    item("C-3", "Cup set", 100, promo_price_cents=80), item("D-4", "mug tree", 300)], dirty=True)
        yield opened


def test_lives_under_studio_home_and_persists(studio_home: Path) -> None:
    with ListingsStore.open() as store:
        assert store.path == paths.data_dir() / "listings.sqlite3" and str(store.path).startswith(str(studio_home))
        store.put([item("P1"), tee(3, 0, None)], dirty=False)
    with ListingsStore.open() as store:
        assert store.get("P1") == item("P1") and store.get("TEE") == tee(3, 0, None)
        assert store.variant_count() == 4 and store.dirty(["P1", "TEE"]) == set()


def test_filter_sort_and_page_in_sql(store: ListingsStore) -> None:
    assert store.count() == 4 and store.count("MUG") == 2 and store.count("斑马") == 1 and store.count("b-2") == 1
    assert store.count("%") == 0 and store.count("_") == 0  # no LIKE wildcards
    assert [x.product_id for x in store.page()] == ["A-1", "B-2", "C-3", "D-4"]
    assert [x.product_id for x in store.page(sort="price", descending=True)] == ["A-1", "D-4", "B-2", "C-3"]
    assert [x.product_id for x in store.page(sort="price")] == ["C-3", "B-2", "D-4", "A-1"]  # ties by id
    assert [x.product_id for x in store.page(sort="title")] == ["C-3", "B-2", "A-1", "D-4"]  # SQLite's binary order
    assert [x.product_id for x in store.page("mug", sort="sku", descending=True)] == ["D-4", "B-2"]
    assert [x.product_id for x in store.page(offset=1, limit=2)] == ["B-2", "C-3"]
    assert store.product_ids("mug") == ["B-2", "D-4"]
    for key in SORT_KEYS:
        assert len(store.page(sort=key)) == 4
    with pytest.raises(KeyError):
        store.page(sort="title; DROP TABLE listings")


def test_a_product_is_found_by_a_variant_and_sorts_by_its_lowest_price(store: ListingsStore) -> None:
    store.put([tee(0, 0, 5)], dirty=True)
    assert [p.product_id for p in store.page("tee-2")] == ["TEE"] and store.count("尺码") == 0
    assert store.count("m") == 3  # B-2's and D-4's "mug", TEE's size M
    assert store.page(sort="price", descending=True)[0].product_id == "TEE"  # 5900 is its lowest
    assert [p.product_id for p in store.page(sort="stock")][-1] == "TEE"  # NULL (not counted) first
    assert store.owners(["TEE-1", "A-1", "nope"]) == {"TEE-1": "TEE", "A-1": "A-1"}
    with pytest.raises(ValidationError) as caught:  # a SKU names one variant of the shop
        store.put([Product(product_id="CAP", title="Cap", variants=(Variant(sku="TEE-1", price_cents=1),))],
                  dirty=True)
    assert caught.value.code == "sku_taken" and "TEE-1" in str(caught.value.values) and store.get("CAP") is None
    fewer = replace(tee(), variants=tee(1, 2, 3).variants[:2])
    store.put([fewer], dirty=True)
    assert [v.sku for v in got(store, "TEE").variants] == ["TEE-0", "TEE-1"] and store.owners(["TEE-2"]) == {}


def test_edits_are_marked_for_sync(store: ListingsStore) -> None:
    store.mark_synced(dict.fromkeys(["A-1", "B-2", "C-3", "D-4"], "2026-11-01T00:00:00Z"))
    assert store.changed() == []
    [saved] = store.save_edits([replace(got(store, "A-1"), title="Apple crate")])
    assert saved.updated_at.endswith("Z") and store.dirty(["A-1", "B-2"]) == {"A-1"}
    assert [x.product_id for x in store.changed()] == ["A-1"] and got(store, "A-1").title == "Apple crate"
    assert store.synced_versions(["A-1", "B-2"])["A-1"] == "2026-11-01T00:00:00Z"  # an edit keeps the base
    store.mark_synced({"A-1": "v2"}, only_if_unchanged_since={"A-1": "an older edit"})
    assert store.dirty(["A-1"]) == {"A-1"}  # edited again since that push
    store.mark_synced({"A-1": "v2"}, only_if_unchanged_since={"A-1": saved.updated_at})
    assert store.dirty(["A-1"]) == set() and store.synced_versions(["A-1"]) == {"A-1": "v2"}
    store.save_edits([got(store, "A-1")])
    assert store.count("apple crate") == 1  # the search key follows the edit
    store.put([item("C-3", "Cup set", 120)], dirty=["nothing"])
    assert store.dirty(["C-3"]) == set() and got(store, "C-3").variants[0].price_cents == 120
    store.delete(["A-1"])
    assert store.get("A-1") is None and set(store.get_many(["A-1", "B-2", "C-3"])) == {"B-2", "C-3"}


def test_applet_link_and_mappings(store: ListingsStore) -> None:
    assert store.applet() is None
    link = AppletLink(app_id="wx0123456789abcdef", name="店", path_template="pages/goods/detail?sku={sku}")
    store.set_applet(link)
    assert store.applet() == link
    assert got(store, "C-3").page(link.path_template) == "pages/goods/detail?sku=C-3"
    own = item("E", applet_path="pages/special?id={sku}&x=1")
    assert own.page(link.path_template) == "pages/special?id=E&x=1"
    store.remember_mapping("youzan", {"sku": "商家编码"})
    assert store.mapping("youzan") == {"sku": "商家编码"} and store.mapping("other") == {}


V1_LISTINGS = """CREATE TABLE listings (
        sku TEXT PRIMARY KEY, title TEXT NOT NULL, price_cents INTEGER NOT NULL,
        currency TEXT NOT NULL DEFAULT 'CNY', promo_price_cents INTEGER, promo_ends_at TEXT,
        image TEXT NOT NULL DEFAULT '', applet_path TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'active',
        updated_at TEXT NOT NULL DEFAULT '', dirty INTEGER NOT NULL DEFAULT 1, search_key TEXT NOT NULL DEFAULT '',
        synced_version TEXT NOT NULL DEFAULT '')"""
"""The listings table as the store before variants (schema 1) wrote it."""


def test_a_store_written_before_variants_migrates(studio_home: Path) -> None:
    path = paths.data_dir() / "listings.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute(V1_LISTINGS)
    db.execute("CREATE INDEX listings_sku ON listings (sku, search_key)")
    db.execute("CREATE TABLE pushed_images (sku TEXT PRIMARY KEY, source TEXT NOT NULL, size INTEGER NOT NULL,"
               " mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL)")
    db.execute("CREATE TABLE csv_mappings (shop TEXT PRIMARY KEY, mapping TEXT NOT NULL)")
    db.executemany("INSERT INTO listings VALUES (?, ?, ?, 'CNY', ?, ?, ?, '', ?, ?, ?, ?, ?)", [
        ("GC-1", "Bottle 水瓶", 5900, 4900, "2099-12-31T16:00:00Z", "/pics/b.png", "active", "2026-11-01T00:00:00Z",
         0, "gc-1\nbottle 水瓶", "2026-11-01T00:00:00Z"),
        ("GC-2", "Tote", 8900, None, None, "", "inactive", "2026-11-02T00:00:00Z", 1, "gc-2\ntote", "")])
    db.execute("INSERT INTO pushed_images VALUES ('GC-1', '/pics/b.png', 10, 20, 'ab')")
    db.execute("INSERT INTO csv_mappings VALUES ('default', '{\"sku\": \"商家编码\"}')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with ListingsStore.open() as store:
        bottle, tote = got(store, "GC-1"), store.get("GC-2")
        assert bottle == single(sku="GC-1", title="Bottle 水瓶", price_cents=5900, promo_price_cents=4900,
                                promo_ends_at="2099-12-31T16:00:00Z", image="/pics/b.png",
                                updated_at="2026-11-01T00:00:00Z")
        assert tote is not None and tote.status == "inactive" and tote.variants[0].stock is None
        assert store.dirty(["GC-1", "GC-2"]) == {"GC-2"} and store.synced_versions(["GC-1"]) == {
            "GC-1": "2026-11-01T00:00:00Z"}
        assert store.pushed_image("GC-1") == ("/pics/b.png", 10, 20) and store.mapping("default") == {"sku": "商家编码"}
        assert store.count("水瓶") == 1 and [p.product_id for p in store.page(sort="price")] == ["GC-1", "GC-2"]
    check = sqlite3.connect(path)
    try:
        assert check.execute("PRAGMA user_version").fetchone()[0] == 2
    finally:
        check.close()


def test_listing_rules() -> None:
    assert check_product(item("OK-1", "轻跑运动鞋")) == []
    cases = {
        "sku_missing": item(""), "sku_invalid": item("has space"), "title_missing": item("S", " "),
        "title_too_long": item("S", "x" * 61), "title_bad_char": item("S", "a\nb"),
        "promo_not_below": item("S", promo_price_cents=100), "currency_invalid": item("S", currency="rmb"),
        "status_invalid": item("S", status="gone"), "path_leading_slash": item("S", applet_path="/pages/a"),
        "stock_invalid": item("S", stock=-1), "variants_missing": Product(product_id="S", title="x"),
        "variant_sku_duplicate": Product(product_id="S", title="x", variants=(Variant(sku="V", price_cents=1),) * 2),
    }
    for code, bad in cases.items():
        found = [p.code for p in check_product(bad)]
        assert found == [code] or (code.startswith("sku_") and found == [code, code]), (code, found)
    assert check_product(item("S", "🇨🇳" * 60)) == []  # a flag is one character to a person
    [problem] = check_product(replace(tee(1, 2), variants=(*tee(1).variants, Variant(sku="X", price_cents=-1))))
    assert problem.values["variant"] == "X" and problem.path == "price_cents"


def test_image_decision_on_measured_facts() -> None:
    assert check_image("a.png", ImageFacts("png", 400, 400, 5 * 1024 * 1024)) == []
    assert [p.code for p in check_image("a.png", None)] == ["image_missing"]
    assert [p.code for p in check_image("a.gif", ImageFacts("gif", 800, 800, 10))] == ["image_format"]
    assert [p.code for p in check_image("a.png", ImageFacts("png", 399, 800, 10))] == ["image_too_small"]
    assert [p.code for p in check_image("a.png", ImageFacts("png", 399, 800, 6 << 20))] == ["image_too_small",
                                                                                            "image_too_big"]


def test_bulk_edits_reach_every_variant() -> None:
    raised = change_price_by_percent(item("S", price=1299, promo_price_cents=999), 10).variants[0]
    assert (raised.price_cents, raised.promo_price_cents) == (1429, 1099)
    cut = change_price_by_percent(item("S", price=1000), -12.5).variants[0]
    assert cut.price_cents == 875 and cut.promo_price_cents is None
    assert change_price_by_percent(item("S", price=100), -150).variants[0].price_cents == 0
    assert set_promo_end(item("S"), "2027-01-01T00:00:00Z").variants[0].promo_ends_at == "2027-01-01T00:00:00Z"
    assert [v.price_cents for v in change_price_by_percent(tee(1, 1, 1), 10).variants] == [6490, 7590, 8690]
    assert set_stock(tee(1, 2, 3), 0).sold_out and set_stock(tee(0, 0), None).stock is None
