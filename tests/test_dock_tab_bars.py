"""The main window's docks at 1280x800: one tab bar per group of tabbed docks, none left over on top of the status bar
or the picture, on the first launch and on the next one (the layout restored from the saved state), and default
heights that show the lists' rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtWidgets import QApplication, QDockWidget, QTabBar, QWidget

from studio.core import paths
from studio.core.catalog import Catalog
from studio.core.product import Product, Variant, single
from studio.ui.main_window import MainWindow
from studio.ui.workers import running_tasks, wait_for_done

pytestmark = pytest.mark.gui

GROUPS = [["Problems", "Uploads", "My Posts"], ["Products", "Cover", "Post", "Sound"]]
"""The tab rows of the default layout, in English."""


def rect_in(window: MainWindow, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def shown_tab_rows(window: MainWindow) -> list[list[str]]:
    return sorted([bar.tabText(i) for i in range(bar.count())]
                  for bar in window.findChildren(QTabBar) if bar.isVisibleTo(window))


def launch(qtbot) -> MainWindow:
    """A main window as the app starts it, checked at its first paint: shown and laid out, before the event loop
    has run (a tab bar Qt has only scheduled for deletion still shows there)."""
    window = MainWindow()
    window.show()
    QApplication.processEvents()
    assert_one_row_per_group(window)
    qtbot.waitExposed(window)
    qtbot.wait(50)  # the layout settles a few events after showing
    return window


def close(qtbot, window: MainWindow) -> None:
    window.close()
    window.deleteLater()
    wait_for_done(10_000)
    qtbot.waitUntil(lambda: not running_tasks(), timeout=10_000)
    qtbot.wait(50)


def assert_one_row_per_group(window: MainWindow) -> None:
    assert shown_tab_rows(window) == GROUPS, "a tab row shows twice (one of them left over)"
    status = rect_in(window, window.statusBar())
    central = window.centralWidget()
    assert central is not None
    centre = rect_in(window, central)
    for bar in window.findChildren(QTabBar):
        if bar.isVisibleTo(window):
            where = rect_in(window, bar)
            assert not where.intersects(status), [bar.tabText(i) for i in range(bar.count())]
            assert not where.intersects(centre), [bar.tabText(i) for i in range(bar.count())]


def test_each_tab_group_has_one_tab_row_on_the_first_and_the_second_launch(qtbot):
    first = launch(qtbot)
    try:
        assert_one_row_per_group(first)
        assert first.tabifiedDockWidgets(first.findChild(QDockWidget, "problemsDock")) == [
            first.findChild(QDockWidget, "uploadsDock"), first.findChild(QDockWidget, "postsDock")]
    finally:
        close(qtbot, first)
    second = launch(qtbot)  # the same STUDIO_HOME: the layout comes back from the saved state
    try:
        assert_one_row_per_group(second)
        # the group's own row still switches its docks
        uploads = second.findChild(QDockWidget, "uploadsDock")
        uploads.raise_()
        qtbot.waitUntil(lambda: not uploads.visibleRegion().isEmpty(), timeout=5_000)
    finally:
        close(qtbot, second)


def test_a_saved_layout_qt_cannot_read_gives_the_default_tab_groups(qtbot):
    stored = QSettings(str(paths.qt_settings_file()), QSettings.Format.IniFormat)
    stored.setValue("main/state", QByteArray(b"not a window state"))
    stored.sync()
    window = launch(qtbot)
    try:
        assert window.findChild(QDockWidget, "productsDock").visibleRegion().isEmpty() is False
        assert window.findChild(QDockWidget, "problemsDock").visibleRegion().isEmpty() is False
    finally:
        close(qtbot, window)


def test_the_first_layout_at_1280x800_shows_rows_in_the_lists_not_an_empty_inspector(qtbot):
    """The default heights: the product list shows four products, My Posts and Uploads three rows each, and the
    popup inspector (a two-line hint until a popup is chosen) takes the least room."""
    window = launch(qtbot)
    try:
        assert (window.width(), window.height()) == (1280, 800)
        qtbot.waitUntil(lambda: window.findChild(QDockWidget, "popupDock").height()
                        < window.findChild(QDockWidget, "productsDock").height(), timeout=5_000)
        table = window.product_picker.table
        assert table.viewport().height() >= 4 * table.verticalHeader().defaultSectionSize()
        for dock_name, view in (("postsDock", window.posts_panel.list), ("uploadsDock", window.upload_queue.view)):
            window.findChild(QDockWidget, dock_name).raise_()
            qtbot.waitUntil(view.isVisible, timeout=5_000)
            row = view.fontMetrics().height() + 4
            assert view.viewport().height() >= 3 * row, (dock_name, view.viewport().height(), row)
    finally:
        close(qtbot, window)


def test_a_chosen_product_with_variants_leaves_three_products_in_view_at_1280x800(qtbot):
    """A product's choice, its details and the catalog's state take rows from the list: three products still
    show when a product with variants and a long page is chosen."""
    shirt = Product(product_id="TEE", title="亚麻衬衫 Linen shirt", applet_app_id="wx0123456789abcdef",
                    applet_name="好圈小店", pages=("pages/goods/detail?sku=TEE-S", "pages/goods/detail?sku=TEE-M"),
                    variants=(Variant(sku="TEE-S", options=(("尺码", "S"),), price_cents=5900, stock=0),
                              Variant(sku="TEE-M", options=(("尺码", "M"),), price_cents=6900, stock=3)))
    others = [single(sku=f"P{i}", title=f"Product {i}", price_cents=100 * i, applet_app_id="wx0123456789abcdef")
              for i in range(1, 5)]
    with Catalog.open() as catalog:
        catalog.upsert([shirt, *others])
    window = launch(qtbot)
    try:
        picker = window.product_picker
        picker.search("")
        qtbot.waitUntil(lambda: picker.model.rowCount() == 5, timeout=10_000)
        row = next(r for r in range(5) if picker.model.product(r).product_id == "TEE")
        picker.table.selectRow(row)
        qtbot.waitUntil(lambda: "TEE" in picker.details.text(), timeout=5_000)
        table = picker.table
        # the details' rows are laid out a few events after they are set
        qtbot.waitUntil(lambda: not picker.details.visibleRegion().isEmpty(), timeout=5_000)
        assert table.viewport().height() >= 3 * table.verticalHeader().defaultSectionSize(), table.viewport().height()
        assert not picker.add_button.visibleRegion().isEmpty() and not picker.details.visibleRegion().isEmpty()
    finally:
        close(qtbot, window)
