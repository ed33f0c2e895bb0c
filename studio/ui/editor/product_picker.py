"""The product picker: search the local catalog by title, product id or SKU and tag a product at the playhead.

Shows each product's picture, title, id, price (a range when its variants differ), stock (a sold-out product
greyed and marked), promo (price and end) and the store-applet page it opens, through a table model over
`Product`s; the pictures are read in the background (from the offline image cache for the platform's
products). Under the table the creator picks what the popup shows: the whole product or one variant (each with
its price and stock, a sold-out one marked). "Add popup" (or a double-click, or Enter in the table) asks the
`PopupEditor` to tag the chosen product (or variant) at the playhead; the editor fits it to the rules and takes
the snapshot. A line above
the table says where the catalog stands (synced when, syncing, offline since when) and, when nothing is shown,
why. The picker owns the `CatalogKeeper` that keeps the catalog in step with the platform; Refresh syncs now.
Must not hold: catalog storage or rules (core), the popup model (the editor), HTTP (platform).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.core.cancel import CancelToken, Progress, check
from studio.core.errors import Cancelled
from studio.core.product import Product, Variant
from studio.render.card import load_product_image
from studio.ui.editor.catalog_keeper import CatalogKeeper
from studio.ui.editor.popup_editor import PopupEditor
from studio.ui.locale_format import date_text, date_time, money, number
from studio.ui.workers import Kind, Task, run_task

log = logging.getLogger(__name__)

THUMB_PX = 32
DETAIL_PX = 64
MAX_PICTURES = 200
"""Pictures read per search (the first rows; a search shows at most 50 by default)."""


def read_pictures(listings: list[tuple[str, str]], progress: Progress, cancel: CancelToken,
                  ) -> dict[str, QImage]:
    """Each (sku, image) listing's picture scaled for the detail pane, on a worker; missing ones are left out."""
    pictures: dict[str, QImage] = {}
    for done, (sku, image) in enumerate(listings[:MAX_PICTURES]):
        check(cancel)
        picture = load_product_image(image)
        if picture is not None:
            pictures[sku] = picture.scaled(DETAIL_PX, DETAIL_PX, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation)
        progress(done + 1, len(listings))
    return pictures

ModelIndex = QModelIndex | QPersistentModelIndex
SOLD_OUT_INK = QColor("#9a9a9a")


def price_text(product: Product, variant_sku: str = "") -> str:
    """The product's price as the picker shows it: its one variant's (or the chosen variant's) list price (the
    promo has its own column), or the range a viewer pays over its variants in stock (¥59.00 – ¥79.00)."""
    chosen = product.variant(variant_sku) if variant_sku else None
    if chosen is None and len(product.variants) == 1:
        chosen = product.variants[0]
    if chosen is not None:
        return money(chosen.price_cents, product.currency)
    low, high = product.price_range(datetime.now(UTC))
    if low == high:
        return money(low, product.currency)
    return QCoreApplication.translate("ProductModel", "{low} – {high}").format(
        low=money(low, product.currency), high=money(high, product.currency))


def stock_text(stock: int | None, sold_out: bool) -> str:
    """"Sold out", the units in stock, or "" when the shop does not count them."""
    if sold_out:
        return QCoreApplication.translate("ProductModel", "Sold out")
    return "" if stock is None else QCoreApplication.translate("ProductModel", "{count} in stock").format(
        count=number(stock))


def variant_text(product: Product, variant: Variant) -> str:
    """One variant as the picker lists it: its options, price and stock."""
    parts = [variant.label, money(variant.price_at(datetime.now(UTC)), product.currency),
             stock_text(variant.stock, variant.sold_out)]
    return " · ".join(part for part in parts if part)


class VariantChoice(QComboBox):
    """What a popup shows of a product, under the product in the Products dock and the popup inspector: the whole
    product (its price range) or one variant (by SKU, "" for the whole product), sold-out variants greyed."""

    def __init__(self, parent: QWidget, object_name: str) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        # long variant names never widen the dock: the list opens as wide as they need
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.setToolTip(self.tr("What the popup shows: the whole product (its price range) or one variant (its "
                                "price, options and page)"))

    def chosen(self) -> str:
        """The chosen variant's SKU, "" for the whole product."""
        return str(self.currentData() or "")

    def fill(self, product: Product | None, chosen: str) -> None:
        """The choices for `product` (only "Whole product" without one), `chosen` selected when it is there."""
        self.clear()
        if product is None or product.withdrawn:
            self.addItem(self.tr("Whole product"), "")
        else:
            self.addItem(self.tr("Whole product · {price}").format(price=price_text(product)), "")
            for variant in product.variants if len(product.variants) > 1 else ():
                self.addItem(variant_text(product, variant), variant.sku)
                if variant.sold_out:
                    self.setItemData(self.count() - 1, SOLD_OUT_INK, Qt.ItemDataRole.ForegroundRole)
        self.setCurrentIndex(max(0, self.findData(chosen)))
        self.setEnabled(self.count() > 1)


class ProductModel(QAbstractTableModel):
    """Products as rows: title, id, price (or range), stock, promo, applet page; a sold-out one greyed."""

    COLUMNS = ("title", "sku", "price", "stock", "promo", "applet")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Product] = []
        self._thumbs: dict[str, QPixmap] = {}
        self._headers = (self.tr("Product"), self.tr("SKU"), self.tr("Price"), self.tr("Stock"), self.tr("Promo"),
                         self.tr("Store applet page"))

    def set_products(self, products: list[Product]) -> None:
        self.beginResetModel()
        self._rows = list(products)
        self.endResetModel()

    def set_pictures(self, pictures: dict[str, QPixmap]) -> None:
        self._thumbs = {sku: picture.scaled(THUMB_PX, THUMB_PX, Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.SmoothTransformation)
                        for sku, picture in pictures.items()}
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0),
                                  [Qt.ItemDataRole.DecorationRole])

    def product(self, row: int) -> Product | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.product(index.row())
        if item is not None and role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return self._thumbs.get(item.product_id)
        if item is not None and role == Qt.ItemDataRole.ForegroundRole and item.sold_out:
            return SOLD_OUT_INK
        if item is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = self.COLUMNS[index.column()]
        if column == "title":
            if role == Qt.ItemDataRole.ToolTipRole and len(item.variants) > 1:
                return "\n".join(variant_text(item, v) for v in item.variants)
            return item.title
        if column == "sku":
            return item.product_id
        if column == "price":
            return price_text(item)
        if column == "stock":
            return stock_text(item.stock, item.sold_out)
        if column == "promo":
            promos = [v for v in item.variants if v.promo_price_cents is not None]
            if len(item.variants) != 1 or not promos:
                return ""
            [variant] = promos
            promo = money(variant.promo_price_cents, item.currency)
            if variant.promo_ends_at and role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("{price} until {time}").format(price=promo, time=date_time(variant.promo_ends_at))
            return promo
        page = item.rendered_page()
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.applet_name} ({item.applet_app_id})\n{page}"
        return page


class ProductPicker(QWidget):
    """Search box, results table and the "Add popup" button."""

    def __init__(self, editor: PopupEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.keeper = CatalogKeeper(self)
        self.pictures: dict[str, QPixmap] = {}
        self._picture_task: Task | None = None
        self.setObjectName("productPicker")
        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("productSearch")
        self.search_field.setPlaceholderText(self.tr("Search the catalog by title or SKU"))
        self.search_field.setClearButtonEnabled(True)
        self.model = ProductModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows choose a row, Enter adds it
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(THUMB_PX + 6)
        self.table.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.table.setMinimumHeight(2 * (THUMB_PX + 6) + 24)
        # the table takes the room left, never asks for more: the dock (in a scroll area) then fits the buttons
        # and the chosen product's details below it instead of scrolling them out of view
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(ProductModel.COLUMNS)):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.hideColumn(ProductModel.COLUMNS.index("applet"))  # too wide for the dock: shown below
        self.table.hideColumn(ProductModel.COLUMNS.index("sku"))  # the title needs the room: the id is below
        self.status = QLabel(self)
        self.status.setObjectName("catalogStatus")
        self.status.setWordWrap(True)
        self.picture = QLabel(self)
        self.picture.setObjectName("listingPicture")
        self.picture.setFixedSize(DETAIL_PX, DETAIL_PX)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details = QLabel(self)
        self.details.setObjectName("listingDetails")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.variant_box = VariantChoice(self, "variantChoice")
        self.add_button = QPushButton(self.tr("Add popup"), self)
        self.add_button.setObjectName("addPopupButton")
        self.add_button.setToolTip(self.tr("Show the chosen product from the playhead on"))
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setObjectName("refreshCatalogButton")
        self.refresh_button.setToolTip(self.tr("Get what changed in the platform's catalog, search again and check "
                                               "the popups against it"))
        self.find_button = QPushButton(self.tr("Find products"), self)  # the window connects it (product finder)
        self.find_button.setObjectName("findProductsButton")
        self.find_button.setToolTip(self.tr("Look for the tagged products and the chosen one in the video, "
                                            "from their listing photos, and propose popups"))
        # the catalog's state beside its Refresh, and the choice beside Add popup: two rows fewer under the
        # table, which a laptop's dock needs for the products themselves
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        variant_row = QHBoxLayout()
        variant_row.addWidget(QLabel(self.tr("Shows"), self))
        variant_row.addWidget(self.variant_box, 1)
        variant_row.addWidget(self.add_button)
        search_row = QHBoxLayout()  # beside the search, so the dock is no wider than before
        search_row.addWidget(self.search_field, 1)
        search_row.addWidget(self.find_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        details_row = QHBoxLayout()
        details_row.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        details_row.addWidget(self.details, 1)
        layout.addLayout(search_row)
        layout.addLayout(status_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(variant_row)  # under the table, so a long description never pushes it out of view
        layout.addLayout(details_row)
        for before, after in ((self.search_field, self.find_button), (self.find_button, self.refresh_button),
                              (self.refresh_button, self.table), (self.table, self.variant_box),
                              (self.variant_box, self.add_button)):
            self.setTabOrder(before, after)  # as laid out: the search row, Refresh, the table, the choice
        self.search_field.textChanged.connect(self.search)
        self.refresh_button.clicked.connect(self.refresh)
        self.add_button.clicked.connect(self.add_current)
        self.table.activated.connect(self._activated)  # a double-click, or Enter on a row
        self.table.selectionModel().selectionChanged.connect(self._update_button)
        self.variant_box.currentIndexChanged.connect(self._variant_chosen)
        editor.popupsChanged.connect(self._update_button)
        editor.document.loaded.connect(self._reload)  # the catalog may have been filled meanwhile
        self.keeper.changed.connect(self._catalog_changed)
        self.keeper.stateChanged.connect(self._show_status)
        self._reload()  # what an earlier sync left, before any video is open

    def refresh(self) -> None:
        """Ask the platform what changed (in the background), search again, and check the popups."""
        self.keeper.sync_now()
        self.search(self.search_field.text())
        self.editor.recheck()

    def _catalog_changed(self) -> None:
        self.search(self.search_field.text())
        self.editor.recheck()

    def _reload(self) -> None:
        self.search(self.search_field.text())

    def search(self, text: str) -> None:
        current = self.current()
        products = self.editor.search(text)
        self.model.set_products(products)
        rows = [i for i in range(self.model.rowCount())
                if current and (product := self.model.product(i)) is not None
                and product.product_id == current.product_id]
        if rows or self.model.rowCount():
            self.table.selectRow(rows[0] if rows else 0)
        self._update_button()
        self._show_status()
        self._read_pictures(products)

    def _read_pictures(self, products: list[Product]) -> None:
        if self._picture_task is not None:
            self._picture_task.cancel()
        wanted = [(item.product_id, item.image) for item in products if item.image]
        self._picture_task = run_task(lambda progress, cancel: read_pictures(wanted, progress, cancel),
                                      on_done=self._pictures_read, on_error=self._pictures_failed, owner=self,
                                      label="product pictures", kind=Kind.INTERACTIVE)

    def _pictures_failed(self, error: BaseException) -> None:
        if not isinstance(error, Cancelled):  # a newer search took over: nothing to say
            log.warning("product pictures not read: %s", error)

    def _pictures_read(self, pictures: dict[str, QImage]) -> None:
        self.pictures.update({sku: QPixmap.fromImage(image) for sku, image in pictures.items()})
        self.model.set_pictures(self.pictures)
        self._update_button()

    def status_text(self) -> str:
        """Where the catalog stands, and why the list is empty when it is."""
        keeper = self.keeper
        empty = self.model.rowCount() == 0
        text = self.search_field.text().strip()
        if empty and text:
            return self.tr("No product matches “{text}”").format(text=text)
        if keeper.state == "not_synced" and keeper.busy():
            return self.tr("Getting the catalog from {server}…").format(server=keeper.server)
        if keeper.state == "offline":
            since = _when(keeper.offline_since)
            return (self.tr("Offline since {time}: no products here yet") if empty else
                    self.tr("Offline since {time}: the catalog as last synced")).format(time=since)
        if keeper.state == "logged_out":
            return self.tr("Log in to the platform to get its catalog (Account menu)")
        if keeper.state == "refused":
            return self.tr("The catalog could not be synced: {reason}").format(reason=keeper.problem)
        if keeper.state == "not_synced" or keeper.last_synced is None:
            return (self.tr("Not synced with the platform yet") if empty else
                    self.tr("Not synced with the platform yet: the products found here"))
        if empty:
            return self.tr("No merchant lists products yet (synced {time})").format(time=_when(keeper.last_synced))
        return self.tr("Synced with the platform {time}").format(time=_when(keeper.last_synced))

    def _show_status(self) -> None:
        self.status.setText(self.status_text())

    def current(self) -> Product | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.product(rows[0].row()) if rows else None

    def chosen_variant(self) -> str:
        """The SKU of the variant chosen under the table, "" for the whole product."""
        return self.variant_box.chosen()

    def add_current(self) -> None:
        product = self.current()
        if product is not None:
            self.editor.add_product(product, self.chosen_variant())

    def _activated(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.add_current()

    def _update_button(self, *_: object) -> None:
        product = self.current()
        self._fill_variants(product)
        self.add_button.setEnabled(product is not None and self.editor.duration_ms > 0)
        self.details.setText(self.describe(product) if product is not None else "")
        picture = self.pictures.get(product.product_id) if product is not None else None
        self.picture.setPixmap(picture if picture is not None else QPixmap())
        self.picture.setText("" if picture is not None or product is None else self.tr("No picture"))
        self.picture.setVisible(product is not None)

    def _fill_variants(self, product: Product | None) -> None:
        """The variant choice for `product`: the whole product first, then each variant (sold-out ones marked);
        the choice made before is kept while the same product stays chosen."""
        wanted = self.chosen_variant()
        self.variant_box.blockSignals(True)
        self.variant_box.fill(product, wanted)
        self.variant_box.blockSignals(False)

    def _variant_chosen(self, _index: int) -> None:
        product = self.current()
        self.details.setText(self.describe(product) if product is not None else "")

    def describe(self, product: Product) -> str:
        """The chosen product's stock, promo end and the store-applet page a tap on its card opens."""
        lines = [f"{product.title} · {product.product_id}"]
        if product.sold_out:
            lines.append(self.tr("Sold out since {date}").format(date=date_text(product.sold_out_since))
                         if product.sold_out_since else self.tr("Sold out"))
        sold_out = [v.label for v in product.variants if v.sold_out] if not product.sold_out else []
        if sold_out:
            lines.append(self.tr("Sold out: {variants}").format(variants=", ".join(sold_out)))
        promos = [v for v in product.variants if v.promo_price_cents is not None and v.promo_ends_at]
        if len(product.variants) == 1 and promos:
            lines.append(self.tr("Promo {price} until {time}").format(
                price=money(promos[0].promo_price_cents, product.currency), time=date_time(promos[0].promo_ends_at)))
        page = product.rendered_page(self.chosen_variant())
        if page:
            lines.append(self.tr("Opens {name} ({app_id}): {path}").format(
                name=product.applet_name, app_id=product.applet_app_id, path=page))
        else:
            lines.append(self.tr("No store applet page linked"))
        return "\n".join(lines)


def _when(seconds: float | None) -> str:
    return "" if seconds is None else date_time(datetime.fromtimestamp(seconds, UTC))
