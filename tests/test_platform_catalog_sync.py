"""Catalog sync against the real sandbox: incremental (`since`), paged, ETag/304, tombstones, offline."""

from __future__ import annotations

import time

import pytest

from studio.core.catalog import Catalog
from studio.core.errors import PlatformError
from studio.platform.catalog_sync import last_synced, sync_catalog
from studio.platform.session import PlatformSession, RetryPolicy
from tests.platform_fixtures import APP_ID, Merchant


@pytest.fixture
def creator(sandbox):
    with PlatformSession(sandbox.url, sandbox.token("ann", "creator")) as session:
        yield session


def test_full_then_incremental_sync_with_tombstones(sandbox, creator) -> None:
    shop = Merchant(sandbox)
    for n in range(250):  # three pages of 100
        shop.put(f"SKU-{n:03d}", f"商品 {n}", 1000 + n)
    with Catalog.open() as catalog:
        first = sync_catalog(creator, catalog)
        assert (first.updated, first.deleted, first.total, first.not_modified) == (250, 0, 250, False)
        item = catalog.get("SKU-007")
        assert item is not None and item.title == "商品 7" and item.variants[0].price_cents == 1007
        assert (item.applet_app_id, item.applet_name) == (APP_ID, "好圈小店")
        assert item.rendered_page() == "pages/goods?sku=SKU-007"

        shop.put("SKU-007", "商品 7 新款", 999)
        shop.call("DELETE", "/v1/listings/SKU-008")
        second = sync_catalog(creator, catalog)
        assert (second.updated, second.deleted, second.total) == (1, 1, 250)  # only the changes came
        changed, gone = catalog.get("SKU-007"), catalog.get("SKU-008")
        assert changed is not None and changed.title == "商品 7 新款"
        assert gone is not None and gone.withdrawn
        assert [x.product_id for x in catalog.search("SKU-008")] == []

        third = sync_catalog(creator, catalog)  # nothing changed: an empty page, and its ETag is kept
        assert (third.updated, third.deleted, third.not_modified) == (0, 0, False)
        fourth = sync_catalog(creator, catalog)
        assert fourth.not_modified and fourth.total == 250


def test_a_tombstone_for_an_unknown_sku_is_ignored(sandbox, creator) -> None:
    shop = Merchant(sandbox)
    shop.put("GONE-1", "很快下架", 500)
    shop.call("DELETE", "/v1/listings/GONE-1")
    with Catalog.open() as catalog:
        result = sync_catalog(creator, catalog)
        assert (result.updated, result.deleted, result.total) == (0, 0, 0)
        assert catalog.get("GONE-1") is None


def test_offline_the_cache_still_answers(sandbox, creator) -> None:
    shop = Merchant(sandbox)
    shop.put("CUP-1", "陶瓷咖啡杯", 3990)
    with Catalog.open() as catalog:
        sync_catalog(creator, catalog)
    sandbox.server.stop()  # the network is gone
    offline = PlatformSession(sandbox.url, "t", retry=RetryPolicy(attempts=2, base_seconds=0.01))
    with offline, Catalog.open() as catalog:
        with pytest.raises(PlatformError) as caught:
            sync_catalog(offline, catalog)
        assert caught.value.code == "network"
        assert [x.product_id for x in catalog.search("咖啡")] == ["CUP-1"]


def test_a_sync_cut_halfway_leaves_the_previous_catalog_intact(sandbox, creator) -> None:
    shop = Merchant(sandbox)
    for n in range(150):
        shop.put(f"MUG-{n:03d}", f"马克杯 {n}", 1000 + n)
    with Catalog.open() as catalog:
        sync_catalog(creator, catalog)
        before = last_synced(catalog.path, creator.server)
        assert before is not None
        for n in range(150):  # two pages of changes
            shop.put(f"MUG-{n:03d}", f"马克杯 {n} 新款", 2000 + n)

        def cut_after_the_first_page(pages: int, _total: int) -> None:
            if pages == 1:  # the server fails every request from here on (retries included)
                sandbox.faults.set("status=503x100,retry-after=0")

        flaky = PlatformSession(sandbox.url, sandbox.token("ann", "creator"),
                                retry=RetryPolicy(attempts=2, base_seconds=0.01))
        with flaky, pytest.raises(PlatformError):
            sync_catalog(flaky, catalog, progress=cut_after_the_first_page)
        assert "status" in sandbox.faults.fired
        assert {x.title for x in catalog.search("马克杯", limit=500)} == {f"马克杯 {n}" for n in range(150)}
        assert last_synced(catalog.path, creator.server) == before  # not advanced: the next sync repeats

        sandbox.faults.clear()
        again = sync_catalog(creator, catalog)
        assert again.updated == 150
        mug = catalog.get("MUG-149")
        assert mug is not None and mug.title == "马克杯 149 新款"
        synced = last_synced(catalog.path, creator.server)
        assert synced is not None and synced > before


def test_a_since_the_server_no_longer_reads_means_a_full_sync(sandbox, creator) -> None:
    """A `since` kept from an older server (its cursors were base64 JSON) is refused (400 bad_cursor): the sync
    starts from scratch instead of failing for ever."""
    shop = Merchant(sandbox)
    shop.put("SKU-1", "水瓶", 1000)
    with Catalog.open() as catalog:
        catalog.save_sync_state(creator.server, "MTI", '"old-etag"', time.time())
        result = sync_catalog(creator, catalog)
        assert (result.updated, result.total) == (1, 1) and result.since is not None and result.since.isdigit()
        assert sync_catalog(creator, catalog).updated == 0  # and the new since is read from then on
