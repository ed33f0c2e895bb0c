"""The Listings window with products sold in variants, driven as a merchant would (real widgets offscreen, real
SQLite): a product's row expands into its variants, a variant's price and stock are edited inline and undone,
the bulk edits (set stock among them) reach every variant of the selected products, sold-out variants and
products are marked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

from studio.core.listings_store import ListingsStore
from studio.core.product import Product, Variant, single
from studio.ui.merchant.listings_model import COLUMNS
from studio.ui.merchant.listings_view import ListingsView
from studio.ui.workers import running_tasks


def got(store: ListingsStore, product_id: str) -> Product:
    """Product `product_id`, which the test expects to be there."""
    product = store.get(product_id)
    assert product is not None, product_id
    return product

pytestmark = pytest.mark.gui


def col(name: str) -> int:
    return COLUMNS.index(name)


TEE = Product(product_id="TEE", title="纯棉T恤", variants=(
    Variant(sku="TEE-R", options=(("颜色", "红"), ("尺码", "M")), price_cents=5900, stock=3),
    Variant(sku="TEE-G", options=(("颜色", "绿"), ("尺码", "M")), price_cents=6900, stock=0),
    Variant(sku="TEE-B", options=(("颜色", "蓝"), ("尺码", "L")), price_cents=7900, stock=None)))
GONE = Product(product_id="GONE", title="Sold-out cap", variants=(
    Variant(sku="GONE-1", price_cents=1000, stock=0), Variant(sku="GONE-2", price_cents=1000, stock=0)))


@pytest.fixture
def view(qtbot) -> Iterator[ListingsView]:
    with ListingsStore.open() as store:
        store.put([TEE, GONE, single(sku="MUG", title="Mug", price_cents=1500, stock=2)], dirty=False)
        widget = ListingsView(store)
        qtbot.addWidget(widget)
        widget.resize(1280, 700)
        widget.show()
        yield widget
        qtbot.waitUntil(lambda: not running_tasks())


def text(view: ListingsView, row: int, name: str) -> str:
    return str(view.model.data(view.model.index(row, col(name))))


def test_a_product_row_expands_into_its_variants(qtbot, view: ListingsView) -> None:
    model = view.model
    assert [text(view, r, "sku") for r in range(3)] == ["▸ GONE", "MUG", "▸ TEE"]
    assert text(view, 2, "price") == "¥59.00–¥79.00" and text(view, 2, "options") == "3 variant(s)"
    assert text(view, 2, "stock") == ""  # TEE-B's stock is not counted: no total to show
    assert text(view, 1, "stock") == "2" and text(view, 1, "price") == "¥15.00"  # one variant: its own values
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualRect(model.index(2, col("sku"))).center())
    assert model.rowCount() == 6 and text(view, 2, "sku") == "▾ TEE"
    assert [text(view, r, "sku").strip() for r in range(3, 6)] == ["TEE-R", "TEE-G", "TEE-B"]
    assert [text(view, r, "options") for r in range(3, 6)] == ["红 / M", "绿 / M", "蓝 / L"]
    assert [text(view, r, "stock") for r in range(3, 6)] == ["3", "Sold out", ""]
    view.table.setCurrentIndex(model.index(4, col("title")))
    qtbot.keyClick(view.table, Qt.Key.Key_Minus)  # from a variant's row too
    assert model.rowCount() == 3
    view.table.setCurrentIndex(model.index(0, col("sku")))
    qtbot.keyClick(view.table, Qt.Key.Key_Plus)
    variant = model.variant(2)
    assert model.rowCount() == 5 and model.product(2).product_id == "GONE" and variant and variant.sku == "GONE-2"


def test_sold_out_variants_and_products_are_marked(view: ListingsView) -> None:
    model = view.model
    model.toggle(2)
    red = model.index(3, col("stock")).data(Qt.ItemDataRole.ForegroundRole)
    assert red is None  # TEE-R has stock
    sold = model.index(4, col("stock"))
    assert sold.data() == "Sold out" and sold.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#e5484d"
    assert "Sold out" in sold.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(4, col("price")).data(Qt.ItemDataRole.ForegroundRole) is not None  # the row greyed
    assert text(view, 0, "stock") == "Sold out"  # GONE: every variant sold out
    assert model.index(2, col("stock")).data(Qt.ItemDataRole.ForegroundRole) is None  # TEE still sells


def test_a_variants_price_and_stock_are_edited_inline_and_undone(qtbot, view: ListingsView) -> None:
    model, store = view.model, view.store
    model.toggle(2)
    green = model.index(4, col("price"))
    assert model.flags(green) & Qt.ItemFlag.ItemIsEditable and green.data(Qt.ItemDataRole.EditRole) == "69.00"
    assert not model.flags(model.index(2, col("price"))) & Qt.ItemFlag.ItemIsEditable  # the range is no value
    assert not model.flags(model.index(4, col("title"))) & Qt.ItemFlag.ItemIsEditable  # the product's field
    assert model.setData(green, "¥65.50")
    assert model.setData(model.index(4, col("stock")), "12")
    assert [(v.price_cents, v.stock) for v in got(store, "TEE").variants] == [(5900, 3), (6550, 12), (7900, None)]
    assert store.dirty(["TEE"]) == {"TEE"} and text(view, 4, "stock") == "12" and text(view, 2, "dirty") == "●"
    assert not model.setData(model.index(4, col("stock")), "-1")
    assert "not a stock count" in view.message_label.text()
    assert not model.setData(model.index(3, col("promo_price")), "60")  # not below TEE-R's 59.00
    assert view.undo_stack.undoText() == "Edit Stock of TEE-G"
    view.undo_action.trigger()
    view.undo_action.trigger()
    assert store.get("TEE") == TEE and store.dirty(["TEE"]) == set() and text(view, 4, "price") == "¥69.00"
    view.redo_action.trigger()
    assert got(store, "TEE").variants[1].price_cents == 6550
    assert model.setData(model.index(1, col("stock")), "0")  # a one-variant product edits on its own row
    assert got(store, "MUG").sold_out and text(view, 1, "stock") == "Sold out"


def test_bulk_edits_reach_every_variant_of_the_selected_products(qtbot, view: ListingsView) -> None:
    model, store = view.model, view.store
    model.toggle(2)
    view.table.selectRow(3)  # a variant's row counts for its product
    assert view.target_ids() == ["TEE"]
    dialog = view.ask_stock()
    spin = dialog.findChild(QSpinBox, "stock")
    assert spin is not None
    spin.setValue(7)
    dialog.accept()
    assert [v.stock for v in got(store, "TEE").variants] == [7, 7, 7] and got(store, "MUG").variants[0].stock == 2
    assert view.undo_stack.undoText() == "Set the stock of 1 listing(s)"
    dialog = view.ask_price_change()
    percent = dialog.findChild(QDoubleSpinBox, "percent")
    assert percent is not None
    percent.setValue(10)
    dialog.accept()
    assert [v.price_cents for v in got(store, "TEE").variants] == [6490, 7590, 8690]
    view.undo_stack.undo()
    view.undo_stack.undo()
    assert store.get("TEE") == TEE
    view.table.clearSelection()  # no selection: every product the filter shows
    dialog = view.ask_stock()
    spin = dialog.findChild(QSpinBox, "stock")
    assert spin is not None
    spin.setValue(-1)  # "Not counted"
    dialog.accept()
    assert all(v.stock is None for p in store.iter_all() for v in p.variants)
    assert not got(store, "GONE").sold_out and text(view, 0, "stock") == ""
