"""CSV import and export of listings: generated shop files in every encoding and separator, with each kind of bad
row; real SQLite store in the test's STUDIO_HOME, real image files (OpenCV writes them). These files list one
variant per product (test_listing_csv_variants.py has the shapes of shop exports with variants)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.cli import main
from studio.core.errors import InputError, ValidationError
from studio.core.listing_csv import read_csv
from studio.core.listings_store import ListingsStore
from studio.core.merchant_listing import ImageFacts, parse_price, parse_time
from studio.core.product import Product, Variant, single
from studio.jobs.listings import export_listings, import_listings, read_mapping_file
from studio.media.image_info import measure_image


def got(store: ListingsStore, product_id: str) -> Product:
    """Product `product_id`, which the test expects to be there."""
    product = store.get(product_id)
    assert product is not None, product_id
    return product


@pytest.fixture
def store() -> Iterator[ListingsStore]:
    with ListingsStore.open() as opened:
        yield opened


@pytest.fixture
def images(tmp_path: Path) -> Path:
    folder = tmp_path / "shop"
    folder.mkdir()
    cv2.imwrite(str(folder / "ok.png"), np.full((480, 400, 3), 200, np.uint8))
    cv2.imwrite(str(folder / "ok.jpg"), np.full((800, 800, 3), 90, np.uint8))
    cv2.imwrite(str(folder / "small.jpg"), np.full((300, 500, 3), 90, np.uint8))
    (folder / "fake.png").write_text("not a picture", encoding="utf-8")
    rng = np.random.default_rng(7)
    cv2.imwrite(str(folder / "huge.png"), rng.integers(0, 256, (1400, 1400, 3), np.uint8))
    assert (folder / "huge.png").stat().st_size > 5 * 1024 * 1024
    return folder


def cells_line(cells: list[str], sep: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="").writerow(cells)
    return out.getvalue()


def shop_file(folder: Path, encoding: str, sep: str, chinese_header: bool = False) -> Path:
    header = (["商家编码", "商品名称", "价格", "促销价", "促销结束时间", "主图", "状态"] if chinese_header else
              ["sku", "title", "price", "promo_price", "promo_ends_at", "image", "status"])
    yen = "￥" if encoding.startswith("gb") else "¥"  # GBK has only the full-width sign, as Excel writes it
    rows = [
        cells_line(header, sep),                                                                  # 1
        cells_line(["A1", "帆布托特包", f"{yen}1,299.00", "999", "2026-12-31 23:59", "ok.png", "上架"], sep),  # 2
        cells_line(["A2", "Mug, large", "1299", "", "", "", ""], sep),                           # 3
        "",                                                                                       # 4 blank
        cells_line(["", "No SKU", "12.99元", "", "", "", ""], sep),                               # 5 missing SKU
        cells_line(["A3", "Bad price", "12,99", "", "", "", ""], sep),                           # 6 bad price
        cells_line(["A1", "Again", "10", "", "", "", ""], sep),                                  # 7 duplicate SKU
        cells_line(["A7", "长" * 61, "10", "", "", "", ""], sep),                                 # 8 title > 60
        cells_line(["A8", "Missing image", "10", "", "", "missing.png", ""], sep),               # 9 bad image path
        sep.join(["A4", '"Broken title', "100", "", "", "", ""]),                                 # 10 stray quote
        cells_line(["A5", "轻跑运动鞋", "12.99元", "", "", "ok.jpg", "下架"], sep),                  # 11 good
        sep * 6,                                                                                  # 12 Excel blank
        cells_line(["A6", '12" pizza tray', "8", "", "", "", ""], sep),                          # 13 good
    ]
    path = folder / f"shop-{encoding}-{'tab' if sep == chr(9) else 'comma'}.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode(encoding))
    return path


EXPECTED_FAILED = [(5, 1, "sku_missing"), (6, 3, "price_invalid"), (7, 1, "sku_duplicate"),
                   (8, 2, "title_too_long"), (9, 6, "image_missing"), (10, 2, "stray_quote")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
@pytest.mark.parametrize("sep", [",", "\t"])
def test_shop_file_in_each_encoding_and_separator(store: ListingsStore, images: Path, encoding: str,
                                                  sep: str) -> None:
    path = shop_file(images, encoding, sep, chinese_header=encoding.startswith("gb"))
    plan, imported = import_listings(path, store)
    report = plan.to_json(imported)
    assert [(f["line"], f["column"], f["code"]) for f in report["failed"]] == EXPECTED_FAILED
    assert all(f["message"] for f in report["failed"])
    assert report["rows"] == 10 and imported == 4 and report["blank_lines"] == [4, 12]
    assert report["separator"] == ("tab" if sep == "\t" else "comma")
    assert sorted(item.product_id for item in store.iter_all()) == ["A1", "A2", "A5", "A6"]
    a1 = got(store, "A1")
    assert a1 is not None and [v.sku for v in a1.variants] == ["A1"]
    v1 = a1.variants[0]
    assert (a1.title, v1.price_cents, v1.promo_price_cents, a1.status) == ("帆布托特包", 129900, 99900, "active")
    assert v1.promo_ends_at == "2026-12-31T15:59:00Z"  # Beijing time
    assert a1.image == str(images / "ok.png") and store.dirty(["A1"]) == {"A1"}
    assert got(store, "A2").title == "Mug, large" and got(store, "A2").variants[0].price_cents == 129900
    a5 = got(store, "A5")
    assert a5.variants[0].price_cents == 1299 and a5.status == "inactive" and a5.title == "轻跑运动鞋"
    assert got(store, "A6").title == '12" pizza tray'


def test_report_messages_and_column_names(store: ListingsStore, images: Path) -> None:
    plan, _ = import_listings(shop_file(images, "utf-8", ","), store, dry_run=True)
    by_line = {issue.line: issue for issue in plan.issues}
    assert by_line[6].message == "“12,99” is not a price (write 1299, 1,299.00, ¥12.99 or 12.99元)"
    assert by_line[6].column_name == "price"
    assert by_line[7].message == "SKU A1 is there twice (first on line 2)"
    assert by_line[8].message == "the title has 61 characters; at most 60 are allowed"
    assert "missing.png" in by_line[9].message


def test_image_rules_on_real_files(store: ListingsStore, images: Path) -> None:
    path = images / "img.csv"
    # distinct titles: without a product id column, rows with the same title are one product's variants
    path.write_text("sku,title,price,image\nI1,t1,1,ok.jpg\nI2,t2,1,small.jpg\nI3,t3,1,fake.png\nI4,t4,1,huge.png\n"
                    "I5,t5,1,https://cdn.example.com/a.jpg\n", encoding="utf-8")
    plan, imported = import_listings(path, store)
    assert [(i.line, i.code) for i in plan.issues] == [(3, "image_too_small"), (4, "image_format"),
                                                       (5, "image_too_big")]
    assert "300x500" not in plan.issues[0].message and "500x300 px" in plan.issues[0].message
    assert imported == 2 and got(store, "I5").image == "https://cdn.example.com/a.jpg"


def test_dry_run_and_failed_runs_leave_the_database_unchanged(store: ListingsStore, images: Path) -> None:
    path = shop_file(images, "utf-8", ",")
    before = list(store.iter_all())
    plan, imported = import_listings(path, store, dry_run=True)
    assert imported == 0 and len(plan.good) == 4 and list(store.iter_all()) == before
    bad_header = images / "nosku.csv"
    bad_header.write_text("title,price\nA,1\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        import_listings(bad_header, store)
    assert info.value.code == "column_missing" and "sku" in info.value.message and "product_id" in info.value.message
    assert list(store.iter_all()) == before

    # a write that fails half-way commits nothing (one transaction)
    def rows():
        yield single(sku="T1", title="t", price_cents=1)
        raise OSError("disk went away")

    with pytest.raises(OSError):
        store.put(rows(), dirty=True)
    assert store.get("T1") is None


def test_stray_quote_does_not_swallow_the_rows_after_it_but_multiline_cells_work(store: ListingsStore,
                                                                               tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('sku,title,price\nM1,"Two\nlines",5\nS1,"open,5\nG1,"Quoted, title",6\nG2,Plain,7\n',
                    encoding="utf-8")
    table = read_csv(path)
    assert [(r.line, r.cells) for r in table.records] == [(2, ["M1", "Two\nlines", "5"]),
                                                         (5, ["G1", "Quoted, title", "6"]), (6, ["G2", "Plain", "7"])]
    assert [(i.line, i.code) for i in table.issues] == [(4, "stray_quote")]
    plan, imported = import_listings(path, store)
    # the two-line title is read whole, then refused by the title rule (no line breaks in a title)
    assert [(i.line, i.code) for i in plan.issues] == [(2, "title_bad_char"), (4, "stray_quote")]
    assert imported == 2


def test_mapping_file_and_remembered_per_shop(store: ListingsStore, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Code,Name,Retail,Extra\nX1,Thing,1299,zz\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        import_listings(path, store, shop="weidian")
    map_file = tmp_path / "map.json"
    map_file.write_text(json.dumps({"sku": "Code", "title": "Name", "price": "Retail"}), encoding="utf-8")
    plan, imported = import_listings(path, store, mapping=read_mapping_file(map_file), shop="weidian")
    assert imported == 1 and plan.mapping == {"sku": "Code", "title": "Name", "price": "Retail"}
    path.write_text("Code,Name,Retail,Extra\nX2,Other,5,zz\n", encoding="utf-8")
    assert import_listings(path, store, shop="weidian")[1] == 1  # remembered
    with pytest.raises(ValidationError):
        import_listings(path, store, shop="youzan")  # another shop has its own mapping
    with pytest.raises(ValidationError) as info:
        import_listings(path, store, mapping={"sku": "Nope"}, shop="weidian")
    assert info.value.code == "column_unknown"
    map_file.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError):
        read_mapping_file(map_file)


def test_export_reads_back_identical(store: ListingsStore, images: Path, tmp_path: Path) -> None:
    import_listings(shop_file(images, "gb18030", "\t", chinese_header=True), store)
    store.put([single(sku="Z-9", title='Quote " and, comma', price_cents=5, promo_price_cents=1,
                      promo_ends_at="2027-01-01T00:00:00Z", applet_path="pages/a?sku={sku}", status="inactive",
                      currency="USD", stock=0),
               Product(product_id="TEE", title="T恤", variants=(
                   Variant(sku="TEE-R", options=(("颜色", "红"), ("尺码", "M")), price_cents=5900, stock=3),
                   Variant(sku="TEE-G", options=(("颜色", "绿"),), price_cents=6900)))], dirty=True)
    out = tmp_path / "export.csv"
    assert export_listings(out, store) == 7
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with ListingsStore.open(tmp_path / "other.sqlite3") as other:
        plan, imported = import_listings(out, other)
        assert plan.issues == [] and imported == 6

        def strip(item: Product) -> Product:
            return replace(item, updated_at="")

        assert [strip(x) for x in other.iter_all()] == [strip(x) for x in store.iter_all()]


def test_unreadable_and_undecodable_files(store: ListingsStore, tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        import_listings(tmp_path / "missing.csv", store)
    assert info.value.code == "unreadable"
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ValidationError):
        import_listings(path, store)
    path.write_bytes(b"sku,title,price\n\x80\xff\xfe,t,1\n")
    with pytest.raises(InputError) as info:
        import_listings(path, store)
    assert info.value.code == "bad_encoding"


@pytest.mark.parametrize(("text", "cents"), [
    ("¥1,299.00", 129900), ("1299", 129900), ("12.99元", 1299), ("￥ 8", 800), ("0.5", 50), ("RMB 3.10", 310),
    ("1,234,567.89", 123456789), ("12.9", 1290),
])
def test_prices_as_shops_write_them(text: str, cents: int) -> None:
    assert parse_price(text) == cents


@pytest.mark.parametrize("text", ["12,99", "-5", "1.999", "abc", "", "1,29.00", "¥", "12.99$", "1e3"])
def test_not_prices(text: str) -> None:
    assert parse_price(text) is None


def test_times_as_shops_write_them() -> None:
    assert parse_time("2026-12-31 23:59") == "2026-12-31T15:59:00Z"
    assert parse_time("2026/1/5 08:00:30") == "2026-01-05T00:00:30Z"
    assert parse_time("2026-12-31") == "2026-12-31T16:00:00Z"  # to the end of that day, Beijing time
    assert parse_time("2027-01-01T00:00:00+08:00") == "2026-12-31T16:00:00Z"
    assert parse_time("2026-13-01") is None and parse_time("tomorrow") is None


@pytest.mark.parametrize(("name", "fmt"), [("a.jpg", "jpeg"), ("a.png", "png"), ("a.webp", "webp")])
def test_measure_image_reads_the_header_of_real_files(tmp_path: Path, name: str, fmt: str) -> None:
    path = tmp_path / name
    assert cv2.imwrite(str(path), np.full((410, 650, 3), 120, np.uint8))
    facts = measure_image(path)
    assert facts == ImageFacts(fmt, 650, 410, path.stat().st_size)
    assert measure_image(tmp_path / "none.png") is None
    broken = tmp_path / f"broken{path.suffix}"
    broken.write_bytes(path.read_bytes()[:20])
    broken_facts = measure_image(broken)
    assert broken_facts is not None and broken_facts.format is None


def test_cli_import_json_is_pinned_and_exit_codes_follow_cli_md(images: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = shop_file(images, "utf-8", ",")
    assert main(["listings", "import", str(path), "--dry-run", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {"rows", "imported", "failed"} <= set(data) and data["imported"] == 0 and data["valid"] == 4
    assert [(f["line"], f["column"], f["code"]) for f in data["failed"]] == EXPECTED_FAILED
    assert all(set(f) >= {"line", "column", "code", "message"} for f in data["failed"])
    with ListingsStore.open() as store:
        assert store.count() == 0  # dry run
    assert main(["listings", "import", str(path), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["imported"] == 4
    good = tmp_path / "good.csv"
    good.write_text("sku,title,price\nG1,Good,1\n", encoding="utf-8")
    assert main(["listings", "import", str(good)]) == 0
    assert "imported 1 products (1 variants), 0 failed" in capsys.readouterr().out
    out = tmp_path / "out.csv"
    assert main(["listings", "export", "-o", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"output": str(out), "listings": 5}  # rows: one per variant
    assert main(["listings", "import", str(tmp_path / "nope.csv"), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "unreadable"


def test_cli_applet_link(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["applet", "link", "wx0123456789abcdef", "--path-template", "/pages/a?sku={sku}", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "path_leading_slash"
    assert main(["applet", "link", "WX01", "--path-template", "pages/a"]) == 1
    assert "wx followed by 16 lowercase hex digits" in capsys.readouterr().err
    assert main(["applet", "link", "wx0123456789abcdef", "--path-template", "pages/goods/detail?sku={sku}",
                 "--name", "好圈小店", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["example"] == "pages/goods/detail?sku=GC-BOTTLE-001"
    with ListingsStore.open() as store:
        link = store.applet()
        assert link is not None and link.name == "好圈小店"


def test_the_creators_catalog_reads_through_the_same_reader(tmp_path: Path) -> None:
    from studio.core.catalog import Catalog

    path = tmp_path / "catalog.tsv"
    path.write_bytes("sku\ttitle\tprice_cents\nC1\t陶瓷咖啡杯\t3990\n".encode("utf-16"))
    with Catalog.open() as catalog:
        cup = catalog.get("C1") if catalog.import_csv(path) == 1 else None
        assert cup is not None and cup.title == "陶瓷咖啡杯"
        path.write_text('sku,title,price_cents\nC2,"open,1\nC3,t,2\n', encoding="utf-8")
        with pytest.raises(ValidationError) as info:
            catalog.import_csv(path)
        assert (info.value.values["line"], info.value.code) == (2, "bad_row") and catalog.count() == 1
