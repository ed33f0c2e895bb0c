"""The listings window's keys and small words: Ctrl+Z / Ctrl+Shift+Z from anywhere in it, no 0 % price change,
short Undo/Redo buttons beside a usable filter box, the Sync column's legend, and time zones said."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton

from studio.core.product import single
from studio.ui.merchant.listings_model import COLUMNS
from studio.ui.merchant.merchant_window import MerchantWindow
from tests.test_listings_view import store, view  # noqa: F401 (fixtures)

pytestmark = pytest.mark.gui


def test_ctrl_z_and_ctrl_shift_z_work_from_the_filter_box_and_the_table(qtbot) -> None:
    window = MerchantWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.store.put([single(sku="A", title="Bottle", price_cents=1000)], dirty=False)
    listings = window.view

    def price() -> int:
        listing = window.store.get("A")
        assert listing is not None
        return listing.variants[0].price_cents

    listings.model.refresh()
    assert listings.model.change_prices(["A"], 10) == 1 and price() == 1100
    listings.filter_edit.setFocus()  # where the window puts the keys first
    qtbot.keyClick(listings.filter_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert price() == 1000
    qtbot.keyClick(listings.filter_edit, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert price() == 1100
    listings.table.setFocus()
    qtbot.keyClick(listings.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert price() == 1000
    # typing in the filter box is the box's own to undo first
    qtbot.keyClicks(listings.filter_edit, "Bot")
    qtbot.keyClick(listings.filter_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert listings.filter_edit.text() == "" and price() == 1000
    window.close()


def test_a_price_change_of_zero_percent_is_refused_and_adds_no_undo_step(qtbot, view, store) -> None:  # noqa: F811
    dialog = view.ask_price_change()
    assert not dialog.ok_button.isEnabled() and "0 %" in dialog.why_not.text()
    spin = dialog.findChild(type(dialog._spin), "percent")
    spin.setValue(5)
    assert dialog.ok_button.isEnabled() and dialog.why_not.text() == ""
    dialog.reject()
    steps = view.undo_stack.count()
    assert view.model.change_prices(["SKU-00000"], 0) == 0 and view.undo_stack.count() == steps
    assert view.model.change_prices(["SKU-00000"], 0.01) == 0 and view.undo_stack.count() == steps  # < 1 cent


def test_undo_buttons_stay_short_and_the_filter_box_keeps_its_room(qtbot, view) -> None:  # noqa: F811
    view.resize(1280, 700)
    view.model.change_prices(view.store.product_ids(""), 10)
    assert view.undo_action.text().startswith("Undo Change 1,000 price")  # the menu and the tooltip say it all
    buttons = {b.defaultAction(): b for b in view.findChildren(QToolButton)}
    assert buttons[view.undo_action].text() == "Undo" and buttons[view.redo_action].text() == "Redo"
    qtbot.wait(50)
    assert view.filter_edit.width() >= 220


def test_the_sync_dot_has_a_legend_and_times_say_their_zone(view) -> None:  # noqa: F811
    model = view.model
    dirty = COLUMNS.index("dirty")
    assert view.legend_label.text() == "● changed here, not pushed to the platform yet"
    assert model.headerData(dirty, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == view.legend_label.text()
    assert model.headerData(COLUMNS.index("updated_at"), Qt.Orientation.Horizontal) == "Updated (Beijing)"
    assert model.headerData(COLUMNS.index("promo_ends_at"), Qt.Orientation.Horizontal) == "Promo ends (Beijing)"
