"""The listings store (real SQLite under the test's STUDIO_HOME): sort, filter and page in SQL, edits marked for
sync, the applet link and mappings; the listing field rules and bulk edits it stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core import paths
from studio.core.listings_store import SORT_KEYS, ListingsStore
from studio.core.merchant_listing import (
    ImageFacts,
    MerchantListing,
    change_price_by_percent,
    check_image,
    check_listing,
    set_promo_end,
)
from studio.core.project import AppletLink


def item(sku: str, title: str = "Thing", price: int = 100, **kw) -> MerchantListing:
    return MerchantListing(sku=sku, title=title, price_cents=price, **kw)


@pytest.fixture
def store() -> ListingsStore:
    with ListingsStore.open() as opened:
        opened.put([item("B-2", "Zebra mug 斑马杯", 300), item("A-1", "apple crate", 500),
                    item("C-3", "Cup set", 100, promo_price_cents=80), item("D-4", "mug tree", 300)])
        yield opened


def test_lives_under_studio_home_and_persists(studio_home: Path) -> None:
    with ListingsStore.open() as store:
        assert store.path == paths.data_dir() / "listings.sqlite3" and str(store.path).startswith(str(studio_home))
        store.put([item("P1")])
    with ListingsStore.open() as store:
        assert store.get("P1") == item("P1")


def test_filter_sort_and_page_in_sql(store: ListingsStore) -> None:
    assert store.count() == 4 and store.count("MUG") == 2 and store.count("斑马") == 1 and store.count("b-2") == 1
    assert store.count("%") == 0 and store.count("_") == 0  # no LIKE wildcards
    assert [x.sku for x in store.page()] == ["A-1", "B-2", "C-3", "D-4"]
    assert [x.sku for x in store.page(sort="price", descending=True)] == ["A-1", "D-4", "B-2", "C-3"]
    assert [x.sku for x in store.page(sort="price")] == ["C-3", "B-2", "D-4", "A-1"]  # ties by SKU
    assert [x.sku for x in store.page(sort="title")] == ["C-3", "B-2", "A-1", "D-4"]  # SQLite's binary order
    assert [x.sku for x in store.page("mug", sort="sku", descending=True)] == ["D-4", "B-2"]
    assert [x.sku for x in store.page(offset=1, limit=2)] == ["B-2", "C-3"]
    assert store.skus("mug") == ["B-2", "D-4"]
    for key in SORT_KEYS:
        assert len(store.page(sort=key)) == 4
    with pytest.raises(KeyError):
        store.page(sort="title; DROP TABLE listings")


def test_edits_are_marked_for_sync(store: ListingsStore) -> None:
    store.mark_synced(dict.fromkeys(["A-1", "B-2", "C-3", "D-4"], "2026-11-01T00:00:00Z"))
    assert store.changed() == []
    [saved] = store.save_edits([MerchantListing(**{**store.get("A-1").__dict__, "title": "Apple crate"})])
    assert saved.dirty and saved.updated_at.endswith("Z")
    assert [x.sku for x in store.changed()] == ["A-1"] and store.get("A-1").title == "Apple crate"
    assert store.synced_versions(["A-1", "B-2"])["A-1"] == "2026-11-01T00:00:00Z"  # an edit keeps the base
    store.mark_synced({"A-1": "v2"}, only_if_unchanged_since={"A-1": "an older edit"})
    assert store.get("A-1").dirty  # edited again since that push
    store.mark_synced({"A-1": "v2"}, only_if_unchanged_since={"A-1": saved.updated_at})
    assert not store.get("A-1").dirty and store.synced_versions(["A-1"]) == {"A-1": "v2"}
    store.save_edits([store.get("A-1")])
    assert store.count("apple crate") == 1  # the search key follows the edit
    store.delete(["A-1"])
    assert store.get("A-1") is None and set(store.get_many(["A-1", "B-2", "C-3"])) == {"B-2", "C-3"}


def test_applet_link_and_mappings(store: ListingsStore) -> None:
    assert store.applet() is None
    link = AppletLink(app_id="wx0123456789abcdef", name="店", path_template="pages/goods/detail?sku={sku}")
    store.set_applet(link)
    assert store.applet() == link
    listing = store.get("C-3").to_listing(store.applet())
    assert listing.applet_path == "pages/goods/detail?sku=C-3" and listing.applet_app_id == link.app_id
    own = item("E", applet_path="pages/special?id={sku}&x=1").to_listing(link)
    assert own.applet_path == "pages/special?id=E&x=1"
    store.remember_mapping("youzan", {"sku": "商家编码"})
    assert store.mapping("youzan") == {"sku": "商家编码"} and store.mapping("other") == {}


def test_listing_rules() -> None:
    assert check_listing(item("OK-1", "轻跑运动鞋")) == []
    cases = {
        "sku_missing": item(""), "sku_invalid": item("has space"), "title_missing": item("S", " "),
        "title_too_long": item("S", "x" * 61), "title_bad_char": item("S", "a\nb"),
        "promo_not_below": item("S", promo_price_cents=100), "currency_invalid": item("S", currency="rmb"),
        "status_invalid": item("S", status="gone"), "path_leading_slash": item("S", applet_path="/pages/a"),
    }
    for code, bad in cases.items():
        assert [p.code for p in check_listing(bad)] == [code], code
    assert check_listing(item("S", "🇨🇳" * 60)) == []  # a flag is one character to a person


def test_image_decision_on_measured_facts() -> None:
    assert check_image("a.png", ImageFacts("png", 400, 400, 5 * 1024 * 1024)) == []
    assert [p.code for p in check_image("a.png", None)] == ["image_missing"]
    assert [p.code for p in check_image("a.gif", ImageFacts("gif", 800, 800, 10))] == ["image_format"]
    assert [p.code for p in check_image("a.png", ImageFacts("png", 399, 800, 10))] == ["image_too_small"]
    assert [p.code for p in check_image("a.png", ImageFacts("png", 399, 800, 6 << 20))] == ["image_too_small",
                                                                                            "image_too_big"]


def test_bulk_edits() -> None:
    raised = change_price_by_percent(item("S", price=1299, promo_price_cents=999, dirty=False), 10)
    assert (raised.price_cents, raised.promo_price_cents, raised.dirty) == (1429, 1099, True)
    cut = change_price_by_percent(item("S", price=1000), -12.5)
    assert cut.price_cents == 875 and cut.promo_price_cents is None
    assert change_price_by_percent(item("S", price=100), -150).price_cents == 0
    assert set_promo_end(item("S"), "2027-01-01T00:00:00Z").promo_ends_at == "2027-01-01T00:00:00Z"
