"""Files written before products had variants open as products: a version-4 project, a version-1 package and a
version-1 catalog.sqlite3, each built here in the layout the app wrote until now (one SKU, one price per
listing), come forward with nothing lost: a popup shows the whole one-variant product, the package verifies
and reads as it did, and the catalog's listings are products with one variant each."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF

from studio.core.catalog import Catalog
from studio.core.package import manifest_popups, verify_package, write_package
from studio.core.product import single
from studio.core.project import CURRENT_SCHEMA_VERSION, Popup, PostText, Project
from studio.core.project_file import load_project, save_project
from studio.core.review import review_checks
from studio.render.card import CardContent, card_layout
from tests.project_fixtures import older_project_file

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
APP_ID = "wx0123456789abcdef"
PAGE = "pages/goods/detail?sku=CUP-1"
# the version-1 catalog's tables, as core/catalog.py created them
V1_DDL = ("""CREATE TABLE listings (sku TEXT PRIMARY KEY, title TEXT NOT NULL, price_cents INTEGER NOT NULL,
    promo_price_cents INTEGER, promo_ends_at TEXT, currency TEXT NOT NULL DEFAULT 'CNY', image TEXT NOT NULL DEFAULT '',
    applet_app_id TEXT NOT NULL DEFAULT '', applet_name TEXT NOT NULL DEFAULT '', applet_path TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0, search_key TEXT NOT NULL DEFAULT '')""",
          """CREATE TABLE catalog_sync (server TEXT PRIMARY KEY, since TEXT, etag TEXT, synced_at REAL NOT NULL)""")
V1_SNAPSHOT = {"title": "陶瓷杯", "price_cents": 3990, "promo_price_cents": 2990,
               "promo_ends_at": "2099-01-01T00:00:00Z", "currency": "CNY", "image": "cup.jpg",
               "applet": {"app_id": APP_ID, "name": "好圈", "path": PAGE}}


def test_a_version_4_project_opens_with_each_popup_showing_the_whole_product(qapp, tmp_path: Path) -> None:
    path = older_project_file(tmp_path / "old.gcs", Project(popups=[
        Popup(id="p1", sku="CUP-1", start_ms=2_000, end_ms=5_000, snapshot=V1_SNAPSHOT)], post=PostText(title="杯子")),
        4, popup_fields_after=("variant_sku", "product_boxes"))
    project = load_project(path)
    assert project.schema_version == CURRENT_SCHEMA_VERSION
    [popup] = project.popups
    assert (popup.sku, popup.variant_sku, popup.snapshot) == ("CUP-1", "", V1_SNAPSHOT)
    save_project(project, path)
    assert json.loads(path.read_text(encoding="utf-8"))["popups"][0]["variant_sku"] == ""
    layout = card_layout(CardContent.from_popup(popup), QRectF(0, 0, 680, 250))
    assert (layout.price_text, layout.original_text, layout.variant) == ("¥29.90", "¥39.90", None)


def v1_package(tmp_path: Path) -> Path:
    """A package as the app packed it until now: manifest schema_version 1, a snapshot with one price."""
    snapshot = {k: v for k, v in V1_SNAPSHOT.items() if k != "applet"} | {"image": "images/01-CUP-1.jpg"}
    manifest: dict[str, Any] = {
        "format": "good-circle-package", "schema_version": 1, "app_version": "0.1.0",
        "created_at": "2026-11-25T22:00:00Z", "creator": {"id": "u1", "name": "小圈"},
        "video": {"path": "video.mp4", "duration_ms": 30_000, "width": 1080, "height": 1920},
        "cover": {"path": "cover.jpg", "title": "杯子"},
        "post": {"title": "杯子", "description": "", "hashtags": []}, "max_visible": 1,
        "popups": [{"id": "p1", "sku": "CUP-1", "start_ms": 2_000, "end_ms": 6_000, "anchor": {"x": 0.5, "y": 0.6},
                    "style": "card", "label": "", "snapshot": snapshot, "applet": V1_SNAPSHOT["applet"]}]}
    members = {"video.mp4": os.urandom(50_000), "cover.jpg": b"\xff\xd8cover", "images/01-CUP-1.jpg": b"\xff\xd8cup"}
    path = tmp_path / "old.gcpkg"
    write_package(path, manifest, members)
    return path


def test_a_version_1_package_verifies_and_reads_as_one_price_for_the_whole_product(qapp, tmp_path: Path) -> None:
    path = v1_package(tmp_path)
    cup = single(sku="CUP-1", title="陶瓷杯", price_cents=3990, promo_price_cents=2990,
                 promo_ends_at="2099-01-01T00:00:00Z", image="cup.jpg", applet_app_id=APP_ID, applet_name="好圈",
                 pages=(PAGE,), stock=0)
    report = verify_package(path, catalog_lookup={"CUP-1": cup}.get, now=NOW)
    assert report.valid
    assert [p.code for p in report.problems] == ["product_sold_out"]  # the stock rule reads old packages too
    manifest = json.loads(zipfile.ZipFile(path).read("manifest.json"))
    [popup] = manifest_popups(manifest)
    assert (popup.sku, popup.variant_sku) == ("CUP-1", "")
    assert [p.code for p in review_checks(manifest, now=NOW)] == []
    assert card_layout(CardContent.from_popup(popup), QRectF(0, 0, 680, 250)).price_text == "¥29.90"


def test_a_version_1_catalog_becomes_products_with_one_variant_and_syncs_again_in_full(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    db = sqlite3.connect(path)
    for statement in V1_DDL:
        db.execute(statement)
    db.executemany(
        "INSERT INTO listings (sku, title, price_cents, promo_price_cents, promo_ends_at, currency, image,"
        " applet_app_id, applet_name, applet_path, updated_at, deleted, search_key) VALUES"
        " (?, ?, ?, ?, ?, 'CNY', ?, ?, '好圈', ?, '2026-11-01T00:00:00Z', ?, ?)",
        [("CUP-1", "陶瓷杯", 3990, 2990, "2099-01-01T00:00:00Z", "https://p.example/cup.jpg", APP_ID, PAGE, 0,
          "cup-1\n陶瓷杯"),
         ("GONE-2", "下架了", 100, None, None, "", APP_ID, "pages/goods/detail?sku=GONE-2", 1, "gone-2\n下架了")])
    db.execute("INSERT INTO catalog_sync VALUES ('https://platform.example', 'seq-41', '\"etag\"', 1764000000.0)")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Catalog.open(path) as catalog:
        cup = catalog.get("CUP-1")
        assert cup == single(sku="CUP-1", title="陶瓷杯", price_cents=3990, promo_price_cents=2990,
                             promo_ends_at="2099-01-01T00:00:00Z", image="https://p.example/cup.jpg",
                             applet_app_id=APP_ID, applet_name="好圈", applet_path=PAGE, pages=(PAGE,),
                             updated_at="2026-11-01T00:00:00Z")
        gone = catalog.get("GONE-2")
        assert gone is not None and gone.withdrawn
        assert [p.product_id for p in catalog.search("杯")] == ["CUP-1"] and catalog.search("gone") == []
        assert catalog.count() == 2 and catalog.applet_known(APP_ID)
        assert list(catalog.image_urls("https://p.example/")) == ["https://p.example/cup.jpg"]
        # what version 1 never held (variants, stock, every page) comes with the next sync, which asks for all
        assert catalog.sync_state("https://platform.example") == (None, None)
        assert catalog.last_synced("https://platform.example") == 1764000000.0
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'listings'").fetchone() is None
    finally:
        db.close()
    with Catalog.open(path) as catalog:  # opened again: nothing to migrate, nothing lost
        assert catalog.count() == 2
