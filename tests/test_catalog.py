"""The catalog cache of products: real SQLite in the test's STUDIO_HOME, imports all-or-nothing with line and column,
CSV rows grouped into products with variants, search by title, product id or any variant's SKU."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.core import paths
from studio.core.catalog import Catalog, demo_products, load_demo_catalog
from studio.core.errors import InputError, ValidationError
from studio.core.popup_rules import check_popups
from studio.core.product import Product, Variant, single, snapshot
from studio.core.project import Popup

HEADER = "sku,title,price_cents,promo_price_cents,promo_ends_at,currency,image,applet_app_id,applet_name,applet_path\n"


@pytest.fixture
def catalog() -> Iterator[Catalog]:
    with Catalog.open() as opened:
        yield opened


def test_opens_under_studio_home_and_persists(studio_home: Path) -> None:
    with Catalog.open() as cat:
        assert cat.path == paths.data_dir() / "catalog.sqlite3"
        assert str(cat.path).startswith(str(studio_home))
        cat.upsert([single(sku="A1", title="Thing", price_cents=100)])
    with Catalog.open() as cat:
        assert cat.get("A1") == single(sku="A1", title="Thing", price_cents=100)
        assert cat.get("nope") is None


def test_upsert_replaces_and_keeps_withdrawn_flag(catalog: Catalog) -> None:
    catalog.upsert([single(sku="A1", title="Thing", price_cents=100)])
    catalog.upsert([single(sku="A1", title="Thing 2", price_cents=150, status="withdrawn")])
    got = catalog.get("A1")
    assert got is not None and got.title == "Thing 2" and got.withdrawn
    assert catalog.search("thing") == []
    assert catalog.count() == 1


def test_search_by_title_or_sku_case_insensitive_and_chinese(catalog: Catalog) -> None:
    load_demo_catalog(catalog)
    assert [x.product_id for x in catalog.search("BOTTLE")] == ["GC-BOTTLE-001"]
    assert [x.product_id for x in catalog.search("glass water")] == ["GC-BOTTLE-001"]
    assert [x.product_id for x in catalog.search("gc-cup-003")] == ["GC-CUP-003"]
    assert [x.product_id for x in catalog.search("咖啡")] == ["GC-CUP-003"]
    assert [x.product_id for x in catalog.search("包")] == ["GC-TOTE-002"]
    assert len(catalog.search("gc-")) == 4
    assert len(catalog.search("gc-", limit=2)) == 2
    assert catalog.search("100%") == [] and catalog.search("_") == []  # no LIKE wildcards


def test_search_ranks_exact_sku_then_prefix(catalog: Catalog) -> None:
    catalog.upsert([single(sku="X-CUP", title="A cup holder", price_cents=1),
                    single(sku="CUP", title="Zebra mug", price_cents=1),
                    single(sku="Q", title="Cup set", price_cents=1)])
    assert [x.product_id for x in catalog.search("cup")] == ["CUP", "Q", "X-CUP"]


def test_search_finds_a_product_by_any_variant_sku_exact_one_first(catalog: Catalog) -> None:
    shirt = Product(product_id="TEE", title="Linen shirt 亚麻衬衫", variants=(
        Variant(sku="TEE-RED-M", options=(("颜色", "红"), ("尺码", "M")), price_cents=5900, stock=3),
        Variant(sku="TEE-RED-L", options=(("颜色", "红"), ("尺码", "L")), price_cents=6900, stock=0)))
    catalog.upsert([shirt, single(sku="TEE-RED-LX", title="Another", price_cents=1)])
    assert [x.product_id for x in catalog.search("tee-red-l")] == ["TEE", "TEE-RED-LX"]  # exact SKU first
    assert [x.product_id for x in catalog.search("亚麻")] == ["TEE"]
    assert catalog.get("TEE") == shirt and catalog.get("TEE-RED-M") is None  # by product id only


def test_demo_catalog_matches_the_demo_scenes(catalog: Catalog) -> None:
    assert load_demo_catalog(catalog) == 4
    prices = {x.title: x.price_range() for x in catalog.search("")}
    assert prices == {"Glass Water Bottle 玻璃水瓶": (4900, 4900), "Canvas Tote Bag 帆布托特包": (8900, 8900),
                      "Ceramic Coffee Cup 陶瓷咖啡杯": (3990, 3990), "Running Shoes 轻跑运动鞋": (25900, 25900)}
    for item in demo_products():
        assert item.applet_app_id.startswith("wx") and len(item.applet_app_id) == 18
        assert item.pages == (f"pages/goods/detail?sku={item.product_id}",)
        assert [v.sku for v in item.variants] == [item.product_id]
    # a popup tagged from the demo catalog passes the catalog rules
    bottle = catalog.get("GC-BOTTLE-001")
    assert bottle is not None
    popup = Popup(sku=bottle.product_id, start_ms=2_000, end_ms=5_000, snapshot=snapshot(bottle))
    assert check_popups([popup], duration_ms=10_000, trim=None, catalog_lookup=catalog.get) == []


def test_default_demo_catalog_goes_to_the_data_folder() -> None:
    assert load_demo_catalog() == 4
    with Catalog.open() as cat:
        assert cat.count() == 4


def test_import_csv_with_bom_and_chinese(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "listings.csv"
    path.write_bytes(("\ufeff" + HEADER + "T1,帆布包,8900,7900,2027-01-01T00:00:00+08:00,CNY,img.png,"
                      "wx0123456789abcdef,店,pages/goods/detail?sku=T1\n"
                      "T2,\"Mug, large\",1200,,,,,,,\n").encode("utf-8"))
    assert catalog.import_csv(path) == 2
    t1 = catalog.get("T1")
    assert t1 is not None and t1.title == "帆布包" and t1.variants[0].promo_price_cents == 7900
    assert t1.variants[0].promo_ends_at == "2026-12-31T16:00:00Z"
    t2 = catalog.get("T2")
    assert t2 is not None and t2.title == "Mug, large" and t2.variants[0].promo_price_cents is None
    assert t2.currency == "CNY"


def test_import_csv_groups_variant_rows_into_products_with_stock(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "variants.csv"
    path.write_text("product_id,sku,title,options,price_cents,stock\n"
                    "TEE,TEE-M,亚麻衬衫,颜色=红; 尺码=M,5900,3\n"
                    "SOLO,SOLO,Mug,,1200,\n"
                    "TEE,TEE-L,亚麻衬衫,颜色=红; 尺码=L,7900,0\n", encoding="utf-8")
    assert catalog.import_csv(path) == 2
    tee = catalog.get("TEE")
    assert tee is not None and [(v.sku, v.label, v.price_cents, v.stock) for v in tee.variants] == [
        ("TEE-M", "红 / M", 5900, 3), ("TEE-L", "红 / L", 7900, 0)]
    assert tee.price_range() == (5900, 5900) and not tee.sold_out  # the sold-out variant leaves the range
    solo = catalog.get("SOLO")
    assert solo is not None and solo.stock is None and not solo.sold_out
    path.write_text("product_id,sku,title,options,price_cents,stock\nTEE,TEE-X,衬衫,红,5900,-1\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        catalog.import_csv(path)
    assert (info.value.values["line"], info.value.values["field"]) == (2, "options")


@pytest.mark.parametrize(("row", "line", "column", "field"), [
    ("B,Bad,12.5,,,,,,,", 3, 3, "price_cents"),
    (",No sku,100,,,,,,,", 3, 1, "sku"),
    ("B,Bad,100,,tomorrow,,,,,", 3, 5, "promo_ends_at"),
    ("B,Bad,100,,,yuan,,,,", 3, 6, "currency"),
    ("B,Bad,100,,,,,wxNOTHEX,,", 3, 8, "applet_app_id"),
    ("B,Bad,100,200,,,,,,", 3, 4, "promo_price_cents"),
])
def test_bad_csv_row_names_file_line_column_and_imports_nothing(catalog: Catalog, tmp_path: Path, row: str,
                                                                line: int, column: int, field: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "G,Good,100,,,,,,,\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        catalog.import_csv(path)
    err = info.value
    assert err.path == str(path) and err.code == "bad_row"
    assert (err.values["line"], err.values["column"], err.values["field"]) == (line, column, field)
    assert f"line {line}, column {column}" in str(err) and str(path) in str(err)
    assert catalog.count() == 0  # all or nothing


def test_csv_missing_column_and_duplicates(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("sku,title\nA,B\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="price_cents"):
        catalog.import_csv(path)
    path.write_text("sku,title,price_cents\nA,B,1\nC,D,2\nA,E,3\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        catalog.import_csv(path)
    assert info.value.code == "duplicate_sku" and info.value.values["line"] == 4 and info.value.values["first"] == 2
    assert catalog.count() == 0


def test_unreadable_and_not_utf8(catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        catalog.import_csv(tmp_path / "missing.csv")
    assert info.value.code == "unreadable"
    path = tmp_path / "gbk.csv"  # Excel's Chinese CSV: read by the one CSV reader (core.listing_csv)
    path.write_bytes(HEADER.encode() + "A,帆布包,1,,,,,,,\n".encode("gbk"))
    product = catalog.get("A") if catalog.import_csv(path) == 1 else None
    assert product is not None and product.title == "帆布包"
    path.write_bytes(HEADER.encode() + b"B,\x80\xff\xfe,1,,,,,,,\n")
    with pytest.raises(InputError) as info:
        catalog.import_csv(path)
    assert info.value.code == "bad_encoding"


def test_import_json_platform_shape(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "listings.json"
    items = [{"sku": "J1", "title": "轻跑运动鞋", "price_cents": 29900, "currency": "CNY", "images": ["a.jpg", "b.jpg"],
              "applet": {"app_id": "wx0123456789abcdef", "name": "店", "path": "pages/goods/detail?sku=J1"}}]
    path.write_text("\ufeff" + json.dumps({"listings": items}, ensure_ascii=False), encoding="utf-8")
    assert catalog.import_json(path) == 1
    got = catalog.get("J1")
    assert got is not None and got.image == "a.jpg" and got.applet_name == "店" and got.applet_app_id.startswith("wx")
    assert got.pages == ("pages/goods/detail?sku=J1",)


def test_import_json_bad_row_and_bad_json(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[\n  {"sku": "A", "title": "t", "price_cents": 1},\n  {"sku": "B", "title": "t", '
                    '"price_cents": -5}\n]\n', encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        catalog.import_json(path)
    assert (info.value.values["line"], info.value.values["column"], info.value.values["field"]) == (3, 3, "price_cents")
    assert catalog.count() == 0
    path.write_text('[\n  {"sku": "A",,}\n]', encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        catalog.import_json(path)
    assert info.value.code == "bad_json" and info.value.values["line"] == 2
    path.write_text('{"sku": "A"}', encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        catalog.import_json(path)
    assert info.value.code == "bad_shape"
