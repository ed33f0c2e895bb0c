"""The listings view and model, driven as a merchant would: real Qt widgets offscreen over a real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox, QDoubleSpinBox, QLineEdit

from studio.core.listings_store import ListingsStore
from studio.core.product import Product, single
from studio.ui.merchant.listings_model import COLUMNS, PAGE_SIZE, ListingsModel
from studio.ui.merchant.listings_view import ListingsView
from studio.ui.workers import running_tasks
from tests.qt_fixtures import child

pytestmark = pytest.mark.gui


def col(name: str) -> int:
    return COLUMNS.index(name)


def got(store: ListingsStore, product_id: str) -> Product:
    """Product `product_id`, which the test expects to be there."""
    product = store.get(product_id)
    assert product is not None, product_id
    return product


def price(store: ListingsStore, product_id: str) -> int:
    """The price of a one-variant product."""
    product = got(store, product_id)
    assert len(product.variants) == 1
    return product.variants[0].price_cents


@pytest.fixture
def store() -> Iterator[ListingsStore]:
    with ListingsStore.open() as opened:
        opened.put([single(sku=f"SKU-{i:05d}", title=f"{'咖啡杯' if i % 10 == 0 else 'Bottle'} {i}",
                           price_cents=1000 + i) for i in range(1000)], dirty=False)
        yield opened


@pytest.fixture
def view(qtbot, store: ListingsStore) -> Iterator[ListingsView]:
    widget = ListingsView(store)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    yield widget
    qtbot.waitUntil(lambda: not running_tasks())


def test_pages_are_fetched_as_the_view_scrolls(qtbot, view: ListingsView) -> None:
    model = view.model
    assert model.rowCount() == PAGE_SIZE and model.matching == 1000 and model.canFetchMore(QModelIndex())
    view.table.scrollToBottom()
    view.table.scrollToBottom()
    assert model.rowCount() > PAGE_SIZE
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 1000 and len({model.product(r).product_id for r in range(1000)}) == 1000
    qtbot.waitUntil(lambda: view.count_label.text() == "1,000 listing(s)")


def test_filter_and_sort_in_sql(qtbot, view: ListingsView) -> None:
    view.filter_edit.insert("咖啡")  # what an input method commits (QTest types ASCII only)
    qtbot.keyClick(view.filter_edit, Qt.Key.Key_Return)
    assert view.model.matching == 100 and view.model.rowCount() == 100
    assert all("咖啡" in view.model.product(r).title for r in range(100))
    qtbot.waitUntil(lambda: view.count_label.text() == "100 of 1,000 listing(s)")  # counted after the paint
    view.table.sortByColumn(col("price"), Qt.SortOrder.DescendingOrder)
    assert view.model.product(0).product_id == "SKU-00990"
    view.filter_edit.clear()
    view.apply_filter()
    assert view.model.matching == 1000 and view.model.product(0).product_id == "SKU-00999"


def test_inline_edit_is_checked_and_undoable(qtbot, view: ListingsView, store: ListingsStore) -> None:
    model = view.model
    index = model.index(0, col("price"))
    assert model.data(index) == "¥10.00" and model.data(index, Qt.ItemDataRole.EditRole) == "10.00"
    # type into the table's editor the way a person does
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    editor = view.table.findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "¥1,299.50")  # what the table shows is taken back
    assert editor.text() == "¥1,299.50", editor.text()
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: price(store, "SKU-00000") == 129950)
    assert store.dirty(["SKU-00000"])
    assert model.data(index) == "¥1,299.50" and model.data(model.index(0, col("dirty"))) == "●"
    # refused edits say why and change nothing
    assert not model.setData(model.index(0, col("price")), "12,99")
    assert "“12,99” is not a price" in view.message_label.text()
    assert not model.setData(model.index(0, col("title")), "x" * 61)
    assert "61 characters" in view.message_label.text()
    assert not model.setData(model.index(0, col("promo_price")), "2000")
    assert "not below the price" in view.message_label.text()
    assert not model.setData(model.index(0, col("image")), "/nowhere/a.png")
    assert not model.setData(model.index(0, col("sku")), "NEW")
    assert price(store, "SKU-00000") == 129950
    assert model.setData(model.index(0, col("promo_ends_at")), "2026-12-31 23:59")
    assert got(store, "SKU-00000").variants[0].promo_ends_at == "2026-12-31T15:59:00Z"
    assert model.data(model.index(0, col("promo_ends_at"))) == "12/31/2026 11:59\u202fPM"  # shop time, en_US
    assert model.data(model.index(0, col("promo_ends_at")), Qt.ItemDataRole.EditRole) == "2026-12-31 23:59"
    view.undo_action.trigger()
    assert got(store, "SKU-00000").variants[0].promo_ends_at is None
    view.undo_action.trigger()
    assert price(store, "SKU-00000") == 1000 and not store.dirty(["SKU-00000"])
    assert model.data(index) == "¥10.00" and model.data(model.index(0, col("dirty"))) == ""
    view.redo_action.trigger()
    assert price(store, "SKU-00000") == 129950


def test_bulk_price_change_and_promo_end_on_selection_and_filter(qtbot, view: ListingsView,
                                                                store: ListingsStore) -> None:
    view.table.selectRow(1)
    dialog = view.ask_price_change()
    spin = child(dialog, QDoubleSpinBox, "percent")
    spin.setValue(10)
    dialog.accept()
    assert price(store, "SKU-00001") == 1101 and price(store, "SKU-00002") == 1002
    view.undo_stack.undo()
    assert price(store, "SKU-00001") == 1001
    # no selection: every listing the filter shows
    view.table.clearSelection()
    view.filter_edit.setText("咖啡")
    view.apply_filter()
    when = datetime(2027, 1, 1, tzinfo=UTC)
    assert view.model.set_promo_end(view.target_ids(), when) == 100
    assert got(store, "SKU-00010").variants[0].promo_ends_at == "2027-01-01T00:00:00Z"
    assert got(store, "SKU-00011").variants[0].promo_ends_at is None
    assert view.undo_stack.count() == 1  # the undone price change gave way to this step
    view.undo_stack.undo()
    assert got(store, "SKU-00010").variants[0].promo_ends_at is None


def test_import_dialog_dry_run_report_then_import_and_undo(qtbot, view: ListingsView, store: ListingsStore,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "shop.csv"
    path.write_bytes("商家编码,商品名称,价格\nSKU-00000,Renamed,12.99元\nN-1,New thing,￥5\n,no sku,1\nN-2,bad,abc\n"
                     .encode("gbk"))
    dialog = view.open_import_dialog(path)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.mapping()["sku"] == "商家编码" and dialog.mapping()["price"] == "价格"
    assert "gb18030" in dialog.file_label.text()
    with qtbot.waitSignal(dialog.checked, timeout=10_000):
        dialog.check_button.click()
    assert dialog.report.rowCount() == 2
    assert [dialog.report.data(dialog.report.index(r, 0)) for r in range(2)] == [4, 5]
    assert dialog.report.data(dialog.report.index(0, 2)) == "the SKU is missing"
    assert "2 listing(s) with 2 variant(s) would be imported, 2 failed" in dialog.summary.text()
    assert store.get("N-1") is None  # dry run
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_button.click()
    assert price(store, "N-1") == 500 and got(store, "SKU-00000").title == "Renamed"
    assert view.model.matching == 1001
    view.undo_stack.undo()
    assert store.get("N-1") is None and got(store, "SKU-00000").title == "咖啡杯 0"
    assert view.model.matching == 1000
    view.undo_stack.redo()
    assert store.get("N-1") is not None
    assert store.mapping("default")["sku"] == "商家编码"


def test_model_alone_over_an_empty_store(qtbot, store: ListingsStore) -> None:
    store.delete(store.product_ids())
    model = ListingsModel(store)
    assert model.rowCount() == 0 and not model.canFetchMore(QModelIndex())
    assert model.headerData(0, Qt.Orientation.Horizontal) == "SKU"


def test_applet_link_form_checks_live_and_saves_undoably(qtbot, view: ListingsView, store: ListingsStore) -> None:
    dialog = view.open_applet_dialog()
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert "the applet AppID is missing" in dialog.problems.text() and not save.isEnabled()
    qtbot.keyClicks(dialog.app_id, "wx0123456789ABCDEF")
    assert "16 lowercase hex digits" in dialog.problems.text()
    dialog.app_id.clear()
    qtbot.keyClicks(dialog.app_id, "wx0123456789abcdef")
    dialog.path_template.clear()
    qtbot.keyClicks(dialog.path_template, "/pages/goods/detail?sku={sku}&from={shop}")
    problems = dialog.problems.text()
    assert "starts with a slash" in problems and "{shop} is not a known placeholder" in problems
    dialog.path_template.clear()
    qtbot.keyClicks(dialog.path_template, "pages/goods/detail?sku={sku}")
    assert dialog.problems.text() == "" and save.isEnabled()
    assert dialog.example.text() == "pages/goods/detail?sku=GC-BOTTLE-001"
    save.click()
    link = store.applet()
    assert link is not None and link.app_id == "wx0123456789abcdef"
    assert got(store, "SKU-00000").page(link.path_template) == "pages/goods/detail?sku=SKU-00000"


def test_an_empty_table_says_how_listings_get_there_or_that_the_filter_hides_them(qtbot, view: ListingsView,
                                                                                   store: ListingsStore) -> None:
    assert not view.empty_label.isVisible()
    view.filter_edit.setText("no such listing")
    view.apply_filter()
    qtbot.waitUntil(view.empty_label.isVisible)
    assert "no such listing" in view.empty_label.text()
    view.filter_edit.clear()
    view.apply_filter()
    qtbot.waitUntil(lambda: not view.empty_label.isVisible())
    store.delete(store.product_ids())
    view.model.changed_outside()
    qtbot.waitUntil(view.empty_label.isVisible)
    assert "Import CSV" in view.empty_label.text() and "Pull" in view.empty_label.text()
    assert view.table.viewport().rect().contains(view.empty_label.geometry())
