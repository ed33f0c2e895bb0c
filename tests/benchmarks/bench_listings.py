"""Listings benchmark, run on demand: `.venv/bin/python tests/benchmarks/bench_listings.py [--rows N] [--runs N]`.

Not collected by pytest. The goals: importing 50,000 CSV variant rows (10,000 products of 5 variants) <= 3 s,
and filtering the listings view by a text query over them <= 50 ms from the model reset to the first paint.
- Import: `studio listings import`'s job (read, group the variant rows into products, check every row with
  core's rules, one transaction) on a generated GB18030 shop export (Chinese header, 商品ID, 颜色分类 and 尺码
  columns, "￥1,299.00" prices, 库存, promo ends, statuses) into a fresh store;
  baseline in the same run: the bare minimum any import does — csv.reader over the decoded text and one
  executemany of the raw tuples into an empty SQLite table.
- Filter: `ListingsView`'s model `set_filter(q)` plus a synchronous repaint of the table's viewport
  (offscreen), for a few queries from rare to common (the match count follows after the paint, as in the app);
  baseline: the first page's SQL query alone.
Prints medians (wall clock, and the process's CPU time, which a machine shared with other work inflates far
less), the ratios, and whether each goal is met.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

IMPORT_GOAL_S = 3.0
FILTER_GOAL_MS = 50.0
WORDS = ["帆布托特包", "Glass Bottle", "陶瓷咖啡杯", "Running Shoes", "轻跑运动鞋", "Wool Scarf", "蓝牙耳机",
         "Desk Lamp"]


VARIANTS = 5
COLOURS = ["红色", "白色", "黑色", "藏青", "灰色"]


def make_csv(path: Path, rows: int) -> None:
    """`rows` variant rows, `VARIANTS` per product (its id, title and status repeated on each row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["商品ID", "商品名称", "颜色分类", "尺码", "商家编码", "价格", "促销价", "促销结束时间", "库存",
                     "状态"])
    for i in range(rows):
        product, n = divmod(i, VARIANTS)
        price = 990 + (product * 37) % 90000 + 100 * n
        writer.writerow([f"P{product:06d}", f"{WORDS[product % len(WORDS)]} {product} 号", COLOURS[n],
                         "SML"[product % 3], f"SKU-{i:06d}", f"￥{price / 100:,.2f}",
                         f"{price * 0.8 / 100:.2f}" if product % 3 == 0 else "",
                         "2026-12-31 23:59" if product % 3 == 0 else "", str((i * 7) % 50),
                         "上架" if product % 5 else "下架"])
    path.write_bytes(out.getvalue().encode("gb18030"))


def baseline_import(path: Path, db_path: Path) -> None:
    text = path.read_bytes().decode("gb18030")
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    db = sqlite3.connect(db_path)
    with db:
        db.execute("CREATE TABLE t (a, b, c, d, e, f, g, h, i, j)")
        db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.close()


def bench_import(path: Path, rows: int, runs: int) -> Path:
    from studio.core.listings_store import ListingsStore
    from studio.jobs.listings import import_listings

    ours, base, cpu = [], [], []
    keep = None
    for run in range(runs):
        folder = Path(tempfile.mkdtemp(prefix="bench-listings-"))
        started, cpu_started = time.perf_counter(), time.process_time()
        with ListingsStore.open(folder / "listings.sqlite3") as store:
            plan, imported = import_listings(path, store)
        ours.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        assert imported == rows // VARIANTS and plan.variants == rows and not plan.issues, plan.issues[:3]
        started = time.perf_counter()
        baseline_import(path, folder / f"baseline{run}.sqlite3")
        base.append(time.perf_counter() - started)
        keep = folder / "listings.sqlite3"
    o, b = statistics.median(ours), statistics.median(base)
    print(f"import {rows:,} variant rows ({rows // VARIANTS:,} products): {o:.2f} s "
          f"(runs {', '.join(f'{x:.2f}' for x in ours)}); CPU {statistics.median(cpu):.2f} s")
    print(f"  baseline (csv.reader + executemany, no checks): {b:.2f} s; ratio {o / b:.1f}x")
    print(f"  goal <= {IMPORT_GOAL_S} s: {'met' if o <= IMPORT_GOAL_S else 'NOT met'}")
    assert keep is not None
    return keep


def bench_filter(db_path: Path, runs: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from studio.core.listings_store import ListingsStore
    from studio.ui.merchant.listings_model import PAGE_SIZE
    from studio.ui.merchant.listings_view import ListingsView

    app = QApplication.instance() or QApplication([])
    with ListingsStore.open(db_path) as store:
        view = ListingsView(store)
        view.resize(1280, 800)
        view.show()
        app.processEvents()
        print(f"filter over {store.count():,} products, {store.variant_count():,} variants (model reset + first "
              "paint):")
        worst = 0.0
        for query in ("SKU-049999", "P004999", "咖啡", "shoes 1", "sku-0", "藏青", "号"):
            ours, base, cpu = [], [], []
            for _ in range(runs):
                view.model.set_filter("")
                app.processEvents()
                started, cpu_started = time.perf_counter(), time.process_time()
                view.model.set_filter(query)
                view.table.viewport().repaint()
                ours.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
                app.processEvents()  # the deferred count
                started = time.perf_counter()
                store.page(query, "sku", False, 0, PAGE_SIZE + 1)
                base.append((time.perf_counter() - started) * 1000)
            o, b = statistics.median(ours), statistics.median(base)
            worst = max(worst, o)
            print(f"  {query!r:>12}: {o:6.1f} ms, CPU {statistics.median(cpu):5.1f} ms ({view.model.matching:,} "
                  f"match); first page's SQL alone {b:5.1f} ms; ratio {o / b:.1f}x")
        print(f"  goal <= {FILTER_GOAL_MS:.0f} ms: {'met' if worst <= FILTER_GOAL_MS else 'NOT met'} "
              f"(worst {worst:.1f} ms)")
        view.close()
        view.deleteLater()
        app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-listings-csv-"))
    os.environ["STUDIO_HOME"] = str(folder / "home")
    path = folder / "shop.csv"
    make_csv(path, args.rows)
    print(f"{path.name}: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB GB18030; {args.runs} runs each")
    db_path = bench_import(path, args.rows, args.runs)
    bench_filter(db_path, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
