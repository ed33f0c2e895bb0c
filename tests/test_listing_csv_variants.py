"""Shop exports with variants, in two shapes written here (not copies of real files): a Taobao/Tmall-style GBK
file (宝贝ID, a product's own row then its variant rows, 销售属性 "颜色分类:红色;尺码:M", ￥ prices, 库存) and a
Youzan/Weidian-style UTF-8 file without a product id (grouped by title, 颜色 and 尺码 columns, 规格编码,
价格（元）, 库存数量). Real SQLite store, real CSV files, the import job and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.cli import main
from studio.core.listings_store import ListingsStore
from studio.core.product import Product, Variant
from studio.jobs.listings import import_listings


def write(path: Path, rows: list[list[str]], encoding: str) -> Path:
    path.write_bytes(("\r\n".join(",".join(row) for row in rows) + "\r\n").encode(encoding))
    return path


def taobao_export(folder: Path) -> Path:
    """GBK, a product's own row (its price a range, its stock the total) before its variant rows."""
    return write(folder / "taobao.csv", [
        ["宝贝ID", "宝贝标题", "销售属性", "商家编码", "价格", "库存", "宝贝状态"],           # 1
        ["6001", "纯棉圆领T恤", "", "", "￥59.00-￥79.00", "30", "出售中"],                # 2 the product's row
        ["6001", "", "颜色分类:红色;尺码:M", "TEE-RED-M", "￥59.00", "10", ""],             # 3
        ["6001", "", "颜色分类:红色;尺码:L", "TEE-RED-L", "￥69.00", "0", ""],              # 4 sold out
        ["6001", "", "颜色分类:白色;尺码:M", "TEE-WHT-M", "￥79.00", "20", ""],             # 5
        ["6002", "帆布托特包", "", "BAG-1", "￥89.00", "", "仓库中"],                       # 6 one variant
        ["6003", "陶瓷咖啡杯", "容量:350ml", "CUP-350", "￥39.90", "5", ""],                # 7
        ["6003", "陶瓷咖啡杯", "容量:500ml", "CUP-500", "￥四十", "5", ""],                 # 8 bad price
    ], "gbk")


def youzan_export(folder: Path) -> Path:
    """UTF-8 with a BOM, no product id: the rows of one title are one product."""
    return write(folder / "youzan.csv", [
        ["\ufeff商品名称", "颜色", "尺码", "规格编码", "价格（元）", "库存数量"],                 # 1
        ["轻跑运动鞋", "黑", "40", "SHOE-B-40", "￥299.00", "3"],                           # 2
        ["轻跑运动鞋", "黑", "41", "SHOE-B-41", "￥299.00", "0"],                           # 3
        ["轻跑运动鞋", "白", "41", "SHOE-W-41", "￥319.00", "-2"],                          # 4 bad stock
        ["玻璃水瓶", "", "", "BOTTLE-1", "59", "100"],                                     # 5
        ["保温杯", "蓝", "", "MUG-1", "￥79", ""],                                          # 6
        ["保温杯", "粉", "", "BOTTLE-1", "￥79", ""],                                       # 7 SKU twice
    ], "utf-8")


@pytest.fixture
def store() -> ListingsStore:
    with ListingsStore.open() as opened:
        yield opened


def test_a_taobao_style_gbk_export_groups_variants_by_product_id(store: ListingsStore, tmp_path: Path) -> None:
    plan, imported = import_listings(taobao_export(tmp_path), store)
    assert plan.mapping == {"product_id": "宝贝ID", "sku": "商家编码", "title": "宝贝标题", "options": "销售属性",
                            "price": "价格", "stock": "库存", "status": "宝贝状态"}
    assert [(i.line, i.column, i.code) for i in plan.issues] == [(7, 0, "sibling_failed"), (8, 5, "price_invalid")]
    assert "product 6003" in plan.issues[0].message and "line 8" in plan.issues[0].message
    assert imported == 2 and plan.variants == 4 and plan.rows == 7
    tee = store.get("6001")
    assert tee == Product(product_id="6001", title="纯棉圆领T恤", updated_at=tee.updated_at, variants=(
        Variant(sku="TEE-RED-M", options=(("颜色分类", "红色"), ("尺码", "M")), price_cents=5900, stock=10),
        Variant(sku="TEE-RED-L", options=(("颜色分类", "红色"), ("尺码", "L")), price_cents=6900, stock=0),
        Variant(sku="TEE-WHT-M", options=(("颜色分类", "白色"), ("尺码", "M")), price_cents=7900, stock=20)))
    assert tee.price_range() == (5900, 7900) and tee.stock == 30 and not tee.sold_out
    bag = store.get("6002")
    assert bag.status == "inactive" and [(v.sku, v.price_cents, v.stock) for v in bag.variants] == [
        ("BAG-1", 8900, None)]
    assert store.get("6003") is None  # one bad row keeps its whole product out: no variant dropped silently


def test_a_youzan_style_utf8_export_groups_by_title_with_option_columns(store: ListingsStore,
                                                                        tmp_path: Path) -> None:
    plan, imported = import_listings(youzan_export(tmp_path), store)
    assert plan.mapping == {"sku": "规格编码", "title": "商品名称", "price": "价格（元）", "stock": "库存数量"}
    assert [(i.line, i.column, i.column_name, i.code) for i in plan.issues] == [
        (2, 0, "", "sibling_failed"), (3, 0, "", "sibling_failed"), (4, 6, "库存数量", "stock_invalid"),
        (6, 0, "", "sibling_failed"), (7, 4, "规格编码", "sku_duplicate")]
    assert plan.issues[4].message == "SKU BOTTLE-1 is there twice (first on line 5)"
    assert imported == 1 and [p.product_id for p in store.iter_all()] == ["BOTTLE-1"]
    bottle = store.get("BOTTLE-1")  # without a product id, a product is known by its first variant's SKU
    assert bottle.title == "玻璃水瓶" and bottle.variants == (Variant(sku="BOTTLE-1", price_cents=5900, stock=100),)
    fixed = youzan_export(tmp_path)
    fixed.write_text(fixed.read_text(encoding="utf-8").replace(",-2", ",2").replace("粉,,BOTTLE-1", "粉,,MUG-2"),
                     encoding="utf-8")
    plan, imported = import_listings(fixed, store)
    assert plan.issues == [] and imported == 3
    shoe = store.get("SHOE-B-40")
    assert [(v.sku, v.options, v.stock) for v in shoe.variants] == [
        ("SHOE-B-40", (("颜色", "黑"), ("尺码", "40")), 3), ("SHOE-B-41", (("颜色", "黑"), ("尺码", "41")), 0),
        ("SHOE-W-41", (("颜色", "白"), ("尺码", "41")), 2)]
    assert [v.label for v in store.get("MUG-1").variants] == ["蓝", "粉"]


def test_a_variant_sku_another_product_sells_keeps_that_product_out(store: ListingsStore, tmp_path: Path) -> None:
    import_listings(taobao_export(tmp_path), store)
    path = write(tmp_path / "more.csv", [["商品编号", "商品名称", "商家编码", "价格", "库存"],
                                         ["7001", "T恤 new", "TEE-RED-M", "10", "1"],
                                         ["7002", "Cap", "CAP-1", "10", "1"]], "utf-8")
    plan, imported = import_listings(path, store)
    assert [(i.line, i.code) for i in plan.issues] == [(2, "sku_taken")] and imported == 1
    assert plan.issues[0].message == "SKU TEE-RED-M is already a variant of product 6001"
    assert store.get("7001") is None and store.get("7002") is not None


def test_the_saved_mapping_names_the_columns_a_shop_calls_otherwise(store: ListingsStore, tmp_path: Path) -> None:
    path = write(tmp_path / "wechat.csv", [["SPU", "名字", "SKU号", "规格值", "售卖价", "现货"],
                                           ["W1", "茶杯", "W1-A", "青", "¥25", "4"],
                                           ["W1", "茶杯", "W1-B", "白", "¥25", "0"]], "utf-8")
    mapping = {"product_id": "SPU", "title": "名字", "sku": "SKU号", "options": "规格值", "price": "售卖价",
               "stock": "现货"}
    plan, imported = import_listings(path, store, mapping=mapping, shop="wechat")
    assert plan.issues == [] and imported == 1
    assert [(v.sku, v.label, v.stock) for v in store.get("W1").variants] == [("W1-A", "青", 4), ("W1-B", "白", 0)]
    plan, _ = import_listings(path, store, shop="wechat", dry_run=True)  # remembered for that shop
    assert plan.mapping == mapping and plan.variants == 2


def test_the_cli_reports_products_and_variants(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["listings", "import", str(taobao_export(tmp_path)), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["imported"], data["variants"], data["failed_rows"]) == (2, 4, 2)
    assert [(f["line"], f["column"], f["code"]) for f in data["failed"]] == [(7, 0, "sibling_failed"),
                                                                             (8, 5, "price_invalid")]
