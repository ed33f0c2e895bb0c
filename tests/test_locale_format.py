"""Display formatting per locale (studio/ui/locale_format.py) and the real widgets that use it, in English
(en_US) and Chinese (zh_CN) as `studio.ui.i18n` sets them, plus German to show numbers follow the locale."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QLabel

from studio.core.listings_store import ListingsStore
from studio.core.merchant_listing import SHOP_TIME_ZONE
from studio.core.product import Product, Variant, single
from studio.core.project import Project
from studio.core.recovery import write_recovery
from studio.platform.posts import Post
from studio.platform.session import PlatformSession
from studio.platform.upload_store import UploadStore
from studio.ui import locale_format as fmt
from studio.ui.account.posts_panel import PostsPanel
from studio.ui.account.upload_queue import COL_PROGRESS, COL_SPEED, UploadQueueModel
from studio.ui.editor.product_picker import ProductModel
from studio.ui.i18n import install_translator
from studio.ui.main_window import MainWindow
from studio.ui.merchant.listings_conflicts_dialog import ListingsConflictsDialog
from studio.ui.merchant.listings_model import COLUMNS, ListingsModel
from studio.ui.merchant.listings_view import ListingsView
from studio.ui.workers import running_tasks, wait_for_done
from tests.qt_fixtures import child, sub_items, top_items
from tests.test_listings_view import got

pytestmark = pytest.mark.gui

NBSP, NNBSP = "\u00a0", "\u202f"
END = "2026-12-31T15:59:00Z"
"""23:59 on 31 December 2026 in shop (Beijing) time."""


def col(name: str) -> int:
    return COLUMNS.index(name)


@pytest.fixture
def tokyo(monkeypatch: pytest.MonkeyPatch):
    """The machine's local time zone is UTC+9 (POSIX TZ, no tz database needed)."""
    monkeypatch.setenv("TZ", "JST-9")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# -- the formatters -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("locale", "expected"), [
    ("en_US", {"money": "¥1,299.50", "usd": f"USD{NBSP}12.50", "number": "12,345", "decimal": "0.87",
               "percent": "45.3%", "size": "5.3 MB", "rate": "2.5 MB/s", "seconds": "3.5 s"}),
    ("zh_CN", {"money": "¥1,299.50", "usd": f"USD{NBSP}12.50", "number": "12,345", "decimal": "0.87",
               "percent": "45.3%", "size": "5.3 MB", "rate": "2.5 MB/s", "seconds": "3.5 s"}),
    ("de_DE", {"money": f"1.299,50{NBSP}¥", "usd": f"12,50{NBSP}USD", "number": "12.345", "decimal": "0,87",
               "percent": "45,3%", "size": "5,3 MB", "rate": "2,5 MB/s", "seconds": "3,5 s"}),
])
def test_numbers_prices_and_sizes_follow_the_locale(ui_locale, locale: str, expected: dict[str, str]) -> None:
    ui_locale(locale)
    assert {
        "money": fmt.money(129950), "usd": fmt.money(1250, "usd"), "number": fmt.number(12345),
        "decimal": fmt.number(0.871, 2), "percent": fmt.percent(45.25, 1), "size": fmt.data_size(5_300_000),
        "rate": fmt.data_rate(2_500_000), "seconds": fmt.seconds(3.5),
    } == expected
    assert fmt.money(None) == "" and fmt.money(-500).startswith("-") and fmt.money(-500).endswith(fmt.money(500)[1:])


@pytest.mark.parametrize("locale", ["en_US", "zh_CN", "de_DE"])
@pytest.mark.parametrize("cents", [0, 5, 1299, 129950, 123456789])
@pytest.mark.parametrize("currency", ["CNY", "USD"])
def test_a_shown_price_reads_back(ui_locale, locale: str, cents: int, currency: str) -> None:
    ui_locale(locale)
    shown = fmt.money(cents, currency)
    assert fmt.parse_money(shown) == cents, shown
    assert fmt.parse_money(shown.replace(NBSP, " ")) == cents  # typed with an ordinary space


def test_prices_are_read_as_the_locale_writes_them_and_never_guessed(ui_locale) -> None:
    for text, cents in (("1,299.50", 129950), ("¥12.99", 1299), ("12.99元", 1299), ("1299", 129900),
                        ("USD 3.10", 310)):
        assert fmt.parse_money(text) == cents, text
    for text in ("12,99", "1,29.00", "abc", "¥", "1.999", "$"):
        assert fmt.parse_money(text) is None, text  # English: a comma groups thousands, it is no decimal point
    ui_locale("de_DE")
    assert fmt.parse_money("12,99") == 1299 and fmt.parse_money("1.299,50 €") is None  # € is not a code
    assert fmt.parse_money("1.299,50 EUR") == 129950 and fmt.parse_money("1.29,00") is None


@pytest.mark.parametrize(("locale", "short", "long_date"), [
    ("en_US", f"12/31/2026 11:59{NNBSP}PM", "Thursday, December 31, 2026"),
    ("zh_CN", "2026/12/31 23:59", "2026年12月31日星期四"),
])
def test_dates_in_the_locale_format_with_a_four_digit_year(ui_locale, locale: str, short: str,
                                                           long_date: str) -> None:
    ui_locale(locale)
    assert fmt.date_time(END, SHOP_TIME_ZONE) == short
    assert fmt.date_time(datetime(2026, 12, 31, 15, 59, tzinfo=UTC), SHOP_TIME_ZONE) == short
    assert fmt.date_time(END, SHOP_TIME_ZONE, long=True).startswith(long_date)
    assert fmt.date_text(END, SHOP_TIME_ZONE, long=True) == long_date
    assert fmt.date_text(END, UTC) == short.split(" ")[0]  # still the 31st in UTC
    assert fmt.date_text(END, timezone(timedelta(hours=9))) == {"en_US": "1/1/2027", "zh_CN": "2027/1/1"}[locale]
    # what is shown reads back, short or long, typed with ordinary spaces
    expected = datetime(2026, 12, 31, 23, 59, tzinfo=SHOP_TIME_ZONE)
    assert fmt.parse_date_time(short, SHOP_TIME_ZONE) == expected
    assert fmt.parse_date_time(short.replace(NNBSP, " "), SHOP_TIME_ZONE) == expected
    assert fmt.parse_date_time(fmt.date_time(END, SHOP_TIME_ZONE, long=True), SHOP_TIME_ZONE) == expected
    assert fmt.parse_date_time("tomorrow", SHOP_TIME_ZONE) is None
    assert fmt.date_time(None) == fmt.date_time("") == "" and fmt.date_time("not a time") == "not a time"


def test_dates_default_to_the_local_time_zone(ui_locale, tokyo) -> None:
    ui_locale("zh_CN")
    assert fmt.date_time("2026-12-31T15:59:00Z") == "2027/1/1 00:59"
    assert fmt.parse_date_time("2027/1/1 00:59") == datetime(2026, 12, 31, 15, 59, tzinfo=UTC)


# -- the widgets --------------------------------------------------------------------------------------------------

@pytest.fixture
def store() -> Iterator[ListingsStore]:
    with ListingsStore.open() as opened:
        opened.put([single(sku="A-1", title="帆布托特包", price_cents=129900, promo_price_cents=99900,
                           promo_ends_at=END, updated_at="2026-11-20T02:05:00Z"),
                    single(sku="B-2", title="Bottle", price_cents=1250, currency="USD")], dirty=False)
        yield opened


def cells(model: ListingsModel, row: int, *names: str) -> list[str]:
    return [model.data(model.index(row, col(name))) for name in names]


@pytest.mark.parametrize(("locale", "shown"), [
    ("en_US", ["¥1,299.00", "¥999.00", f"12/31/2026 11:59{NNBSP}PM", f"11/20/2026 10:05{NNBSP}AM"]),
    ("zh_CN", ["¥1,299.00", "¥999.00", "2026/12/31 23:59", "2026/11/20 10:05"]),
])
def test_listings_show_prices_and_shop_times_in_the_locale_and_take_them_back(
        qtbot, ui_locale, store: ListingsStore, locale: str, shown: list[str]) -> None:
    ui_locale(locale)
    view = ListingsView(store)
    qtbot.addWidget(view)
    model = view.model
    assert cells(model, 0, "price", "promo_price", "promo_ends_at", "updated_at") == shown
    assert cells(model, 1, "price") == [f"USD{NBSP}12.50"]
    header_tip = model.headerData(col("promo_ends_at"), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Beijing" in header_tip  # the zone the times are shown and typed in
    assert view.table.columnWidth(col("promo_ends_at")) > view.fontMetrics().horizontalAdvance(shown[2])
    # the cell's text typed back (as shown) changes nothing; a new price in the same form is taken
    assert model.setData(model.index(0, col("promo_ends_at")), shown[2].replace(NNBSP, " "))
    assert got(store, "A-1").variants[0].promo_ends_at == END and not store.dirty(["A-1"])
    assert model.setData(model.index(1, col("price")), f"USD{NBSP}13.75")
    assert got(store, "B-2").variants[0].price_cents == 1375
    assert model.setData(model.index(0, col("price")), "¥1,399.00")
    assert got(store, "A-1").variants[0].price_cents == 139900 and cells(model, 0, "price") == ["¥1,399.00"]
    one_day_later = {"en_US": "1/1/2027 11:59 PM", "zh_CN": "2027/1/1 23:59"}[locale]
    assert model.setData(model.index(0, col("promo_ends_at")), one_day_later)
    assert got(store, "A-1").variants[0].promo_ends_at == "2027-01-01T15:59:00Z"


def test_listings_count_and_bulk_dialog_group_thousands(qtbot, tokyo) -> None:
    with ListingsStore.open() as store:
        store.put([single(sku=f"S-{i:05d}", title=f"t {i}", price_cents=100) for i in range(1200)], dirty=False)
        view = ListingsView(store)
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: view.count_label.text() == "1,200 listing(s)")
        view.filter_edit.setText("S-001")
        view.apply_filter()
        qtbot.waitUntil(lambda: view.count_label.text() == "100 of 1,200 listing(s)")
        view.filter_edit.clear()
        view.apply_filter()
        qtbot.waitUntil(lambda: view.count_label.text() == "1,200 listing(s)")
        view.table.selectRow(0)
        dialog = view.ask_promo_end()
        assert "Applies to 1 listing(s)." in [label.text() for label in dialog.findChildren(QLabel)]
        view.table.clearSelection()
        dialog.reject()
        dialog = view.ask_promo_end()
        assert "Applies to 1,200 listing(s)." in [label.text() for label in dialog.findChildren(QLabel)]
        edit = child(dialog, QDateTimeEdit, "promoEnd")
        assert edit.displayFormat() == fmt.date_time_format()
        assert edit.dateTime().offsetFromUtc() == 8 * 3600  # picked in shop time (the machine is in Tokyo)
        edit.setDate(QDate(2027, 1, 1))
        edit.setTime(QTime(0, 0))
        assert edit.text() == f"1/1/2027 12:00{NNBSP}AM"
        dialog.accept()
        assert got(store, "S-00000").variants[0].promo_ends_at == "2026-12-31T16:00:00Z"  # midnight, Beijing
        assert view.undo_stack.undoText() == "Set the promo end of 1,200 listing(s)"
        view.model.change_prices(store.product_ids(""), 12.5)
        assert view.undo_stack.undoText() == "Change 1,200 price(s) by 12.5%"
        with qtbot.waitSignal(view.model.countsChanged):  # counted before the store closes
            view.model.refresh()
        assert cells(view.model, 0, "promo_ends_at") == [f"1/1/2027 12:00{NNBSP}AM"]


def test_conflicts_dialog_shows_each_sides_price_in_its_currency(qtbot, ui_locale, store: ListingsStore) -> None:
    ui_locale("zh_CN")
    model = ListingsModel(store)
    variant = {"sku": "A-1", "options": [], "price_cents": 129900, "promo_price_cents": 99900, "promo_ends_at": END,
               "stock": 3}
    local = {"title": "t", "currency": "CNY", "applet_path": "", "updated_at": "", "variants": [variant]}
    platform = {**local, "currency": "USD", "variants": [{**variant, "price_cents": 1250, "promo_price_cents": None,
                                                          "promo_ends_at": None, "stock": None}]}
    dialog = ListingsConflictsDialog(model, [{"sku": "A-1", "local": local, "platform": platform}])
    qtbot.addWidget(dialog)
    top = top_items(dialog.tree)[0]
    rows = {row.text(0): (row.text(1), row.text(2)) for row in sub_items(top)}
    assert rows["Currency"] == ("CNY", "USD")
    assert rows["A-1"] == ("¥1,299.00 · → ¥999.00 · 2026/12/31 23:59 · stock 3", f"USD{NBSP}12.50")


def test_product_picker_prices_and_promo_end(ui_locale, tokyo) -> None:
    listing = single(sku="GC-1", title="杯子", price_cents=3990, promo_price_cents=2990, promo_ends_at=END,
                     currency="CNY")
    tee = Product(product_id="TEE", title="衬衫", variants=(Variant(sku="TEE-M", price_cents=5900, stock=1234),
                                                           Variant(sku="TEE-L", price_cents=129900, stock=0)))
    model = ProductModel()
    model.set_products([listing, tee])
    assert model.index(1, model.COLUMNS.index("stock")).data() == "1,234 in stock"
    assert model.index(1, model.COLUMNS.index("price")).data() == "¥59.00"  # the sold-out variant is out of range
    promo = model.index(0, model.COLUMNS.index("promo"))
    assert model.index(0, model.COLUMNS.index("price")).data() == "¥39.90" and promo.data() == "¥29.90"
    assert promo.data(Qt.ItemDataRole.ToolTipRole) == f"¥29.90 until 1/1/2027 12:59{NNBSP}AM"  # Tokyo time
    ui_locale("zh_CN")
    model.set_products([listing, tee])
    assert promo.data(Qt.ItemDataRole.ToolTipRole) == "¥29.90 until 2027/1/1 00:59"
    tee = Product(product_id="TEE", title="衬衫", variants=(Variant(sku="TEE-M", price_cents=5900, stock=1234),
                                                           Variant(sku="TEE-L", price_cents=129900, stock=1)))
    model.set_products([tee])
    assert model.index(0, model.COLUMNS.index("price")).data() == "¥59.00 – ¥1,299.00"


def test_posts_panel_dates_in_local_time(qtbot, ui_locale, tokyo) -> None:
    ui_locale("zh_CN")
    panel = PostsPanel(lambda: PlatformSession("http://127.0.0.1:9"), poll_ms=3_600_000)
    try:
        panel.set_posts([Post("a", "approved", "标题", updated_at="2026-11-25T22:30:00Z")])
        item = top_items(panel.list)[0]
        assert item.text(2) == "2026/11/26 07:30"
    finally:
        panel.shutdown()
        panel.deleteLater()


def test_upload_queue_sizes_percent_and_speed(ui_locale, tmp_path: Path) -> None:
    with UploadStore.open(tmp_path / "uploads.sqlite3") as store:
        record = store.add("http://127.0.0.1:9", str(tmp_path / "p.gcpkg"), 5_300_000, "ab" * 32)
        store.update(record.id, state="uploading", offset=1_325_000)
        model = UploadQueueModel(store)
        model.speed[record.id] = 2_500_000
        progress, speed = model.index(0, COL_PROGRESS), model.index(0, COL_SPEED)
        assert progress.data() == "25.0%" and speed.data() == "2.5 MB/s"
        assert progress.data(Qt.ItemDataRole.ToolTipRole) == "1.3 MB of 5.3 MB"
        ui_locale("de_DE")
        assert progress.data() == "25,0%" and speed.data() == "2,5 MB/s"
        assert progress.data(Qt.ItemDataRole.ToolTipRole) == "1,3 MB of 5,3 MB"


def test_display_follows_a_language_switch(qtbot, ui_locale, store: ListingsStore) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    view = ListingsView(store)
    qtbot.addWidget(view)
    assert cells(view.model, 0, "promo_ends_at") == [f"12/31/2026 11:59{NNBSP}PM"]
    try:
        install_translator(app, "zh_CN")
        view.model.refresh()
        assert cells(view.model, 0, "promo_ends_at") == ["2026/12/31 23:59"]
        assert fmt.date_time_format() == "yyyy/M/d HH:mm"
    finally:
        install_translator(app, "en")
    view.model.refresh()
    assert cells(view.model, 0, "promo_ends_at") == [f"12/31/2026 11:59{NNBSP}PM"]


def test_recovery_offer_says_when_in_local_time(qtbot, ui_locale, tokyo, tmp_path: Path) -> None:
    write_recovery(Project(), tmp_path / "take.gcs", now=datetime(2026, 11, 25, 22, 30, tzinfo=UTC))
    ui_locale("zh_CN")
    win = MainWindow()
    try:
        box = win.offer_recovery()
        assert box is not None and "take.gcs" in box.text() and "2026/11/26 07:30" in box.text()
        box.close()
    finally:
        win.document.undo_stack.setClean()
        win.close()
        win.deleteLater()
        wait_for_done(10_000)
        qtbot.waitUntil(lambda: not running_tasks(), timeout=10_000)
