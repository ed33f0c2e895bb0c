"""The listings table model: products with their variants over `ListingsStore`, fast at 50,000 rows, and its
undo command.

The model is a table whose rows are products and, under an expanded product, its variants (a product sold in
one variant shows that variant on its own row; one with several shows its price range and total stock and
expands with `toggle`). It holds only the products fetched so far: a reset (new filter or sort) reads the
first page, and the view pulls more pages through canFetchMore/fetchMore as it scrolls; filter and sort are
done by SQLite. Inline edits (a product's fields on its row, a variant's price, promo and stock on the
variant's row, or on the product's when it has one variant) are checked with core's rules
(`listing_fields`) before anything is written; a refused edit emits `editRejected` with the translated
reason. Sold-out variants and products are marked (greyed, "Sold out" in the Stock column). Every change (a
cell, a bulk edit, an import) is a `ListingsEdit` pushed on the model's QUndoStack, so it can be undone; the
store is written by the command.
Must not hold: rules (core's), widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QUndoCommand, QUndoStack

from studio.core.listing import format_rfc3339, parse_rfc3339
from studio.core.listing_fields import PRODUCT_FIELDS, Readers, judge, read_fields
from studio.core.listings_store import ListingsStore
from studio.core.merchant_listing import (
    SHOP_TIME_ZONE,
    ImageFacts,
    change_price_by_percent,
    check_image,
    format_options,
    format_price,
    is_url,
    now_rfc3339,
    parse_time,
    set_promo_end,
    set_stock,
)
from studio.core.problems import Problem
from studio.core.product import Product, Variant
from studio.media.image_info import measure_image
from studio.ui.errors import translated
from studio.ui.locale_format import date_time, money, number, parse_date_time, parse_money

PAGE_SIZE = 256
COLUMNS = ("sku", "title", "options", "price", "promo_price", "promo_ends_at", "stock", "currency", "image",
           "applet_path", "status", "updated_at", "dirty")
EDITABLE = frozenset({"title", "price", "promo_price", "promo_ends_at", "stock", "currency", "image",
                      "applet_path", "status"})
VARIANT_EDITABLE = frozenset({"price", "promo_price", "promo_ends_at", "stock"})
"""What a variant's own row edits (the rest of EDITABLE is the product's)."""
Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
_EDITABLE_FLAGS = _FLAGS | Qt.ItemFlag.ItemIsEditable
_RIGHT_COLUMNS = frozenset(COLUMNS.index(name) for name in ("price", "promo_price", "stock"))
_TIME_COLUMNS = ("promo_ends_at", "updated_at")
_SOLD_OUT = QBrush(QColor("#e5484d"))
_GREYED = QBrush(QColor("#8b8d98"))
Row = tuple[int, int]
"""A table row: (the product's place among those fetched, the variant's place in it; -1: the product's row)."""


def _header(name: str) -> str:
    return {
        "sku": QCoreApplication.translate("ListingsModel", "SKU"),
        "title": QCoreApplication.translate("ListingsModel", "Title"),
        "options": QCoreApplication.translate("ListingsModel", "Variant"),
        "stock": QCoreApplication.translate("ListingsModel", "Stock"),
        "price": QCoreApplication.translate("ListingsModel", "Price"),
        "promo_price": QCoreApplication.translate("ListingsModel", "Promo price"),
        "promo_ends_at": QCoreApplication.translate("ListingsModel", "Promo ends (Beijing)"),
        "currency": QCoreApplication.translate("ListingsModel", "Currency"),
        "image": QCoreApplication.translate("ListingsModel", "Image"),
        "applet_path": QCoreApplication.translate("ListingsModel", "Applet path"),
        "status": QCoreApplication.translate("ListingsModel", "Status"),
        "updated_at": QCoreApplication.translate("ListingsModel", "Updated (Beijing)"),
        "dirty": QCoreApplication.translate("ListingsModel", "Sync"),
    }[name]


def sync_legend() -> str:
    """What the Sync column's ● means."""
    return QCoreApplication.translate("ListingsModel", "● changed here, not pushed to the platform yet")


def shop_time(value: str | None) -> str:
    """An RFC 3339 UTC time in the form the merchant types it and shop CSVs hold: Beijing time, `2026-12-31
    23:59` (the cell's editor starts from it; the cell shows `shop_time_text`)."""
    if not value:
        return ""
    try:
        return parse_rfc3339(value).astimezone(SHOP_TIME_ZONE).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


def shop_time_text(value: str | None) -> str:
    """An RFC 3339 UTC time as the listings show it: Beijing time in the UI language's date format."""
    return date_time(value, SHOP_TIME_ZONE)


def parse_shop_time(text: str) -> str | None:
    """RFC 3339 UTC from a typed time: every form core's `parse_time` reads, or what `shop_time_text` shows."""
    when = parse_time(text)
    if when is None and (moment := parse_date_time(text, SHOP_TIME_ZONE)) is not None:
        when = format_rfc3339(moment)
    return when


class ListingsEdit(QUndoCommand):
    """Products before and after a change; redo writes `after` (changed here, unless `dirty_after` is False),
    undo writes `before` as it was (`dirty_before`: those that were changed here; by default as the store says
    now) and removes what was new.

    `applied=True`: the change is already in the store (an import done by a worker); the first redo skips it.
    """

    def __init__(self, model: ListingsModel, before: Sequence[Product], after: Sequence[Product], text: str, *,
                 applied: bool = False, dirty_before: Collection[str] | None = None,
                 dirty_after: bool = True) -> None:
        super().__init__(text)
        self.model = model
        self.before = list(before)
        self.after = list(after)
        self.dirty_before = set(dirty_before if dirty_before is not None else
                                model.store.dirty(p.product_id for p in before))
        self.dirty_after = dirty_after
        known = {b.product_id for b in before}
        self.created = [item.product_id for item in after if item.product_id not in known]
        self._skip = applied

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            self.model.changed_outside()
            return
        self.model.apply(self.after, dirty=self.dirty_after)

    def undo(self) -> None:
        self.model.apply(self.before, removed=self.created, dirty=self.dirty_before)


class ListingsModel(QAbstractTableModel):
    editRejected = Signal(str)
    """A cell edit broke a rule; the translated reason."""
    countsChanged = Signal(int, int)
    """(products matching the filter, products in all)."""

    def __init__(self, store: ListingsStore, undo_stack: QUndoStack | None = None, parent: QObject | None = None,
                 measure: Callable[[Path], ImageFacts | None] = measure_image) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack or QUndoStack(self)
        self._measure = measure
        self._products: list[Product] = []
        self._dirty: set[str] = set()
        self._rows: list[Row] = []
        self._expanded: set[str] = set()
        self._cells: dict[int, tuple[str, ...]] = {}
        """Display texts of the rows painted so far (a repaint asks each cell several times)."""
        self._sold: dict[int, bool] = {}
        """Whether each row painted so far shows something sold out."""
        self._place: dict[str, int] = {}
        """product id -> its place in `_products`."""
        self._more = False
        self._matching: int | None = None
        """How many products match the filter; counted after the first paint (`matching` counts on demand)."""
        self._total: int | None = None
        self._filter = ""
        self._sort = "sku"
        self._descending = False
        self.refresh()

    # -- reading ------------------------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return self._filter

    @property
    def matching(self) -> int:
        if self._matching is None:
            self._matching = self.store.count(self._filter)
        return self._matching

    @property
    def total(self) -> int:
        if self._total is None:
            self._total = self.store.count() if self._filter else self.matching
        return self._total

    def _rows_of(self, place: int) -> list[Row]:
        product = self._products[place]
        shown = len(product.variants) > 1 and product.product_id in self._expanded
        return [(place, -1)] + ([(place, v) for v in range(len(product.variants))] if shown else [])

    def _forget(self) -> None:
        """Drop what was worked out for the rows painted so far (they moved or changed)."""
        self._cells.clear()
        self._sold.clear()

    def _relayout(self) -> None:
        self._rows = [row for place in range(len(self._products)) for row in self._rows_of(place)]
        self._forget()

    def refresh(self) -> None:
        """Read the first page again (after a filter, a sort, or a change that moves rows).

        Only the page is read before the view repaints; the counts follow on the next turn of the event loop
        (`countsChanged`), so a filter over 50,000 variants paints its first rows without waiting for them.
        """
        self.beginResetModel()
        products = self.store.page(self._filter, self._sort, self._descending, 0, PAGE_SIZE + 1)
        self._more = len(products) > PAGE_SIZE
        self._products = products[:PAGE_SIZE]
        self._dirty = self.store.dirty(p.product_id for p in self._products)
        self._place = {p.product_id: i for i, p in enumerate(self._products)}
        self._matching = None if self._more else len(self._products)
        self._total = None
        self._relayout()
        self.endResetModel()
        QTimer.singleShot(0, self, self._emit_counts)

    def _emit_counts(self) -> None:
        self.countsChanged.emit(self.matching, self.total)

    def set_filter(self, text: str) -> None:
        if text.strip() != self._filter:
            self._filter = text.strip()
            self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = COLUMNS[column] if COLUMNS[column] != "options" else "sku"
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or not self._more:
            return
        more = self.store.page(self._filter, self._sort, self._descending, len(self._products), PAGE_SIZE + 1)
        self._more = len(more) > PAGE_SIZE
        more = [item for item in more[:PAGE_SIZE] if item.product_id not in self._place]
        if not more:
            self._more = False
            return
        start, first = len(self._rows), len(self._products)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._products.extend(more)
        self._dirty |= self.store.dirty(p.product_id for p in more)
        self._place.update((item.product_id, first + i) for i, item in enumerate(more))
        self._rows.extend((first + i, -1) for i in range(len(more)))  # fetched products come collapsed
        self.endInsertRows()

    def product(self, row: int) -> Product:
        """The product of table row `row` (a variant's row: the product it belongs to)."""
        return self._products[self._rows[row][0]]

    def variant(self, row: int) -> Variant | None:
        """The variant row `row` shows: its own, or a one-variant product's; None on a product's row with
        several."""
        place, at = self._rows[row]
        variants = self._products[place].variants
        return variants[at] if at >= 0 else variants[0] if len(variants) == 1 else None

    def is_variant_row(self, row: int) -> bool:
        return self._rows[row][1] >= 0

    def row_of(self, product_id: str) -> int | None:
        """The table row of product `product_id`, when fetched."""
        place = self._place.get(product_id)
        return None if place is None else self._rows.index((place, -1))

    def expandable(self, row: int) -> bool:
        return not self.is_variant_row(row) and len(self.product(row).variants) > 1

    def expanded(self, row: int) -> bool:
        return self.product(row).product_id in self._expanded

    def toggle(self, row: int, expand: bool | None = None) -> bool:
        """Show (or hide) the variants of the product on row `row` (any of its rows); True when it changed."""
        place = self._rows[row][0]
        product = self._products[place]
        want = (product.product_id not in self._expanded) if expand is None else expand
        if len(product.variants) < 2 or want == (product.product_id in self._expanded):
            return False
        top = self._rows.index((place, -1))
        count = len(product.variants)
        if want:
            self.beginInsertRows(QModelIndex(), top + 1, top + count)
            self._expanded.add(product.product_id)
            self._rows[top + 1:top + 1] = [(place, v) for v in range(count)]
            self._forget()
            self.endInsertRows()
        else:
            self.beginRemoveRows(QModelIndex(), top + 1, top + count)
            self._expanded.discard(product.product_id)
            del self._rows[top + 1:top + 1 + count]
            self._forget()
            self.endRemoveRows()
        self.dataChanged.emit(self.index(top, 0), self.index(top, 0))
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _header(COLUMNS[section])
        if orientation == Qt.Orientation.Horizontal and role == _TOOLTIP and COLUMNS[section] in _TIME_COLUMNS:
            return self.tr("Shop time (Beijing, UTC+8), as the platform and shop exports write it")
        if orientation == Qt.Orientation.Horizontal and role == _TOOLTIP and COLUMNS[section] == "dirty":
            return sync_legend()
        return None

    def _editable(self, row: int, name: str) -> bool:
        if name not in EDITABLE:
            return False
        if self.is_variant_row(row):
            return name in VARIANT_EDITABLE
        return name in PRODUCT_FIELDS or len(self.product(row).variants) == 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS
        return _EDITABLE_FLAGS if self._editable(index.row(), COLUMNS[index.column()]) else _FLAGS

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, name = index.row(), COLUMNS[index.column()]
        if role == _DISPLAY:
            cells = self._cells.get(row)
            if cells is None:
                cells = self._cells[row] = tuple(self._display(row, column) for column in COLUMNS)
            return cells[index.column()]
        if role == _ALIGN:
            return _RIGHT if index.column() in _RIGHT_COLUMNS else None
        if role == _FOREGROUND:
            return self._colour(row, name)
        if role == _EDIT:
            return self._edit_text(row, name)
        if role == _TOOLTIP:
            return self._tooltip(row, name)
        return None

    def _sold_out(self, row: int) -> bool:
        sold = self._sold.get(row)
        if sold is None:
            variant = self.variant(row)
            sold = self._sold[row] = (variant.sold_out if self.is_variant_row(row) and variant else
                                      self.product(row).sold_out)
        return sold

    def _colour(self, row: int, name: str) -> QBrush | None:
        if not self._sold_out(row):
            return None
        return _SOLD_OUT if name == "stock" else _GREYED

    def _tooltip(self, row: int, name: str) -> str | None:
        item = self.product(row)
        if name == "image" and item.image and not self.is_variant_row(row):
            where = (self.tr("On the platform") if self.store.image_on_platform(item.product_id, item.image) else
                     self.tr("Not on the platform yet: Push sends it"))
            return f"{item.image}\n{where}"
        if name == "dirty" and item.product_id in self._dirty:
            return self.tr("Changed here; not pushed to the platform yet")
        if name == "stock" and self._sold_out(row):
            return self.tr("Sold out: creators are warned before they tag it")
        if name == "sku" and self.expandable(row):
            return self.tr("%Ln variant(s); click or press + / - to show or hide them", "", len(item.variants))
        return None

    def _display(self, row: int, name: str) -> str:
        item, variant = self.product(row), self.variant(row)
        if self.is_variant_row(row):
            assert variant is not None
            if name == "sku":
                return f"    {variant.sku}"
            if name == "options":
                return variant.label if variant.options else ""
            if name in ("price", "promo_price", "promo_ends_at", "stock"):
                return self._variant_cell(variant, name, item.currency)
            return ""
        if name == "sku":
            if len(item.variants) < 2:
                return item.product_id
            return ("▾ " if item.product_id in self._expanded else "▸ ") + item.product_id
        if name == "options":
            if variant is not None:
                return variant.label if variant.options else ""
            return self.tr("%Ln variant(s)", "", len(item.variants))
        if name in ("price", "promo_price", "promo_ends_at", "stock"):
            if variant is not None:
                return self._variant_cell(variant, name, item.currency)
            return self._product_cell(item, name)
        if name == "updated_at":
            return shop_time_text(item.updated_at)
        if name == "image":
            shown = item.image if is_url(item.image) else Path(item.image).name if item.image else ""
            return f"✓ {shown}" if shown and self.store.image_on_platform(item.product_id, item.image) else shown
        if name == "status":
            return self.tr("Active") if item.status == "active" else self.tr("Inactive")
        if name == "dirty":
            return "●" if item.product_id in self._dirty else ""
        return str(getattr(item, name))

    def _variant_cell(self, variant: Variant, name: str, currency: str) -> str:
        if name == "price":
            return money(variant.price_cents, currency)
        if name == "promo_price":
            return money(variant.promo_price_cents, currency)
        if name == "promo_ends_at":
            return shop_time_text(variant.promo_ends_at)
        if variant.stock is None:
            return ""
        return self.tr("Sold out") if variant.sold_out else number(variant.stock)

    def _product_cell(self, item: Product, name: str) -> str:
        """A product with several variants: price ranges, the first promo end, the stock over all."""
        if name in ("price", "promo_price"):
            prices = [v.price_cents if name == "price" else v.promo_price_cents for v in item.variants]
            known = sorted(p for p in prices if p is not None)
            if not known:
                return ""
            low, high = money(known[0], item.currency), money(known[-1], item.currency)
            return low if low == high else f"{low}–{high}"
        if name == "promo_ends_at":
            ends = sorted(v.promo_ends_at for v in item.variants if v.promo_ends_at)
            return shop_time_text(ends[0]) if ends else ""
        if item.sold_out:
            return self.tr("Sold out")
        stock = item.stock
        return "" if stock is None else number(stock)

    def _edit_text(self, row: int, name: str) -> str:
        item, variant = self.product(row), self.variant(row)
        if name in VARIANT_EDITABLE:
            if variant is None:
                return ""
            if name == "price":
                return format_price(variant.price_cents)
            if name == "promo_price":
                return format_price(variant.promo_price_cents)
            if name == "promo_ends_at":
                return shop_time(variant.promo_ends_at)
            return "" if variant.stock is None else str(variant.stock)
        if name == "options":
            return format_options(variant.options) if variant else ""
        if self.is_variant_row(row) and name != "sku":
            return ""
        return self._display(row, name) if name in ("dirty", "updated_at", "sku") else str(getattr(item, name))

    # -- editing ------------------------------------------------------------------------------------------

    def edited(self, item: Product, name: str, text: str, variant: str | None = None
               ) -> tuple[Product | None, list[Problem]]:
        """`item` with field `name` (of the product, or of its variant `variant`) set from what the person typed,
        or the problems that refuse it (core's `read_fields`, with prices and times also read the way this locale
        writes them)."""
        if name not in EDITABLE:
            return None, []
        old_codes = {p.code for p in judge(item)}
        readers = Readers(price=parse_money, time=parse_shop_time, image=self._read_image)
        changed, found = read_fields(item, {name: text}, readers, variant)
        found = [p for p in found if p.path == name or p.code not in old_codes]  # old faults elsewhere stay
        return (None, found) if found else (changed, [])

    def _read_image(self, text: str) -> tuple[str, list[Problem]]:
        if is_url(text):
            return text, []
        return str(Path(text).resolve()), check_image(text, self._measure(Path(text)))

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, name = index.row(), COLUMNS[index.column()]
        if not self._editable(row, name):
            return False
        item, variant = self.product(row), self.variant(row)
        which = variant.sku if variant is not None and name in VARIANT_EDITABLE else None
        changed, problems = self.edited(item, name, "" if value is None else str(value), which)
        if changed is None:
            if problems:
                self.editRejected.emit(translated(problems[0].template, problems[0].values, problems[0].message))
            return False
        if changed == item:
            return True
        self.push_change([item], [changed], self.tr("Edit %1 of %2").replace("%1", _header(name)).replace(
            "%2", which or item.product_id))
        return True

    def push_change(self, before: Sequence[Product], after: Iterable[Product], text: str) -> None:
        """Push one undoable change: `after` stamped as edited here now."""
        now = now_rfc3339()
        stamped = [replace(item, updated_at=now) for item in after]
        self.undo_stack.push(ListingsEdit(self, before, stamped, text))

    def _bulk(self, product_ids: Iterable[str], change: Callable[[Product], Product],
              text: Callable[[int], str]) -> int:
        """`change` applied to the products `product_ids`, as one undoable step named `text(how many)`; returns
        how many products it changed (a change of nothing is no undo step)."""
        pairs = [(item, change(item)) for item in self.store.get_many(product_ids).values()]
        changed = [(old, new) for old, new in pairs if old != new]
        if changed:
            self.push_change([old for old, _ in changed], [new for _, new in changed], text(len(changed)))
        return len(changed)

    def change_prices(self, product_ids: Iterable[str], percent: float) -> int:
        """Change the price and promo price of every variant of `product_ids` by `percent`; returns how many
        products changed (0 % or too small to move a cent changes nothing)."""
        return self._bulk(product_ids, lambda item: change_price_by_percent(item, percent), lambda n: self.tr(
            "Change %Ln price(s) by %1%", "", n).replace("%1", number(percent)))

    def set_promo_end(self, product_ids: Iterable[str], ends_at: datetime | None) -> int:
        """Set the promo end of every variant of `product_ids` (None clears it); returns how many products."""
        when = None if ends_at is None else parse_time(ends_at.isoformat())
        before = list(self.store.get_many(product_ids).values())
        if before:
            self.push_change(before, [set_promo_end(item, when) for item in before],
                             self.tr("Set the promo end of %Ln listing(s)", "", len(before)))
        return len(before)

    def set_stock(self, product_ids: Iterable[str], stock: int | None) -> int:
        """Set the stock of every variant of `product_ids` (None: not counted); returns how many products
        changed."""
        return self._bulk(product_ids, lambda item: set_stock(item, stock),
                          lambda n: self.tr("Set the stock of %Ln listing(s)", "", n))

    def apply(self, items: Sequence[Product], removed: Sequence[str] = (),
              dirty: bool | Collection[str] = True) -> None:
        """Write `items` (and delete `removed`) in the store, and show them in the rows already fetched."""
        self.store.put(items, dirty=dirty)
        if removed:
            self.store.delete(removed)
        if len(items) > PAGE_SIZE or removed:
            self.refresh()
            return
        for item in items:
            place = self._place.get(item.product_id)
            if place is None:
                continue
            was = self._products[place]
            self._products[place] = item
            if dirty is True or (not isinstance(dirty, bool) and item.product_id in dirty):
                self._dirty.add(item.product_id)
            else:
                self._dirty.discard(item.product_id)
            if len(was.variants) != len(item.variants):
                self.refresh()
                return
            self._forget()
            rows = [r for r, (p, _) in enumerate(self._rows) if p == place]
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], len(COLUMNS) - 1))

    def changed_outside(self) -> None:
        """The store was changed by someone else (an import in a worker): read it again."""
        self.refresh()
