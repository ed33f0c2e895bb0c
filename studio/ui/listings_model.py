"""The listings table model: a QAbstractTableModel over `ListingsStore`, fast at 50,000 rows, and its undo command.

The model holds only the rows fetched so far: a reset (new filter or sort) reads the first page, and the view
pulls more pages through canFetchMore/fetchMore as it scrolls; filter and sort are done by SQLite. Inline
edits are checked with core's rules (`merchant_listing`) before anything is written; a refused edit emits
`editRejected` with the translated reason. Every change (a cell, a bulk edit, an import) is a `ListingsEdit`
pushed on the model's QUndoStack, so it can be undone; the store is written by the command.
Must not hold: rules (core's), widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
from PySide6.QtGui import QUndoCommand, QUndoStack

from studio.core.listing import format_rfc3339, parse_rfc3339
from studio.core.listing_fields import Readers, read_fields
from studio.core.listings_store import ListingsStore
from studio.core.merchant_listing import (
    SHOP_TIME_ZONE,
    ImageFacts,
    MerchantListing,
    change_price_by_percent,
    check_image,
    check_listing,
    format_price,
    is_url,
    now_rfc3339,
    parse_time,
    set_promo_end,
)
from studio.core.problems import Problem
from studio.media.image_info import measure_image
from studio.ui.errors import translated
from studio.ui.locale_format import date_time, money, number, parse_date_time, parse_money

PAGE_SIZE = 256
COLUMNS = ("sku", "title", "price", "promo_price", "promo_ends_at", "currency", "image", "applet_path", "status",
           "updated_at", "dirty")
EDITABLE = frozenset({"title", "price", "promo_price", "promo_ends_at", "currency", "image", "applet_path",
                      "status"})
Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
_EDITABLE_FLAGS = _FLAGS | Qt.ItemFlag.ItemIsEditable
_EDITABLE_COLUMNS = frozenset(COLUMNS.index(name) for name in EDITABLE)
_PRICE_COLUMNS = frozenset(COLUMNS.index(name) for name in ("price", "promo_price"))
_TIME_COLUMNS = ("promo_ends_at", "updated_at")


def _header(name: str) -> str:
    return {
        "sku": QCoreApplication.translate("ListingsModel", "SKU"),
        "title": QCoreApplication.translate("ListingsModel", "Title"),
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
    """Listings before and after a change; redo writes `after`, undo writes `before` and removes what was new.

    `applied=True`: the change is already in the store (an import done by a worker); the first redo skips it.
    """

    def __init__(self, model: ListingsModel, before: Sequence[MerchantListing], after: Sequence[MerchantListing],
                 text: str, *, applied: bool = False) -> None:
        super().__init__(text)
        self.model = model
        self.before = list(before)
        self.after = list(after)
        self.created = [item.sku for item in after if item.sku not in {b.sku for b in before}]
        self._skip = applied

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            self.model.changed_outside()
            return
        self.model.apply(self.after)

    def undo(self) -> None:
        self.model.apply(self.before, removed=self.created)


class ListingsModel(QAbstractTableModel):
    editRejected = Signal(str)
    """A cell edit broke a rule; the translated reason."""
    countsChanged = Signal(int, int)
    """(listings matching the filter, listings in all)."""

    def __init__(self, store: ListingsStore, undo_stack: QUndoStack | None = None, parent: QObject | None = None,
                 measure: Callable[[Path], ImageFacts | None] = measure_image) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack or QUndoStack(self)
        self._measure = measure
        self._rows: list[MerchantListing] = []
        self._cells: dict[int, tuple[str, ...]] = {}
        """Display texts of the rows painted so far (a repaint asks each cell several times)."""
        self._row_of: dict[str, int] = {}
        self._more = False
        self._matching: int | None = None
        """How many listings match the filter; counted after the first paint (`matching` counts on demand)."""
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

    def refresh(self) -> None:
        """Read the first page again (after a filter, a sort, or a change that moves rows).

        Only the page is read before the view repaints; the counts follow on the next turn of the event loop
        (`countsChanged`), so a filter over 50,000 listings paints its first rows without waiting for them.
        """
        self.beginResetModel()
        rows = self.store.page(self._filter, self._sort, self._descending, 0, PAGE_SIZE + 1)
        self._more = len(rows) > PAGE_SIZE
        self._rows = rows[:PAGE_SIZE]
        self._matching = None if self._more else len(self._rows)
        self._total = None
        self._cells.clear()
        self._row_of = {item.sku: row for row, item in enumerate(self._rows)}
        self.endResetModel()
        QTimer.singleShot(0, self, self._emit_counts)

    def _emit_counts(self) -> None:
        self.countsChanged.emit(self.matching, self.total)

    def set_filter(self, text: str) -> None:
        if text.strip() != self._filter:
            self._filter = text.strip()
            self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = COLUMNS[column]
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
        more = self.store.page(self._filter, self._sort, self._descending, len(self._rows), PAGE_SIZE + 1)
        self._more = len(more) > PAGE_SIZE
        more = [item for item in more[:PAGE_SIZE] if item.sku not in self._row_of]
        if not more:
            self._more = False
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self._row_of.update((item.sku, start + i) for i, item in enumerate(more))
        self.endInsertRows()

    def listing(self, row: int) -> MerchantListing:
        return self._rows[row]

    def row_of(self, sku: str) -> int | None:
        return self._row_of.get(sku)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _header(COLUMNS[section])
        if orientation == Qt.Orientation.Horizontal and role == _TOOLTIP and COLUMNS[section] in _TIME_COLUMNS:
            return self.tr("Shop time (Beijing, UTC+8), as the platform and shop exports write it")
        if orientation == Qt.Orientation.Horizontal and role == _TOOLTIP and COLUMNS[section] == "dirty":
            return sync_legend()
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS
        return _EDITABLE_FLAGS if index.column() in _EDITABLE_COLUMNS else _FLAGS

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY:
            row = index.row()
            cells = self._cells.get(row)
            if cells is None:
                item = self._rows[row]
                cells = self._cells[row] = tuple(self._display(item, name) for name in COLUMNS)
            return cells[index.column()]
        if role == _ALIGN:
            return _RIGHT if index.column() in _PRICE_COLUMNS else None
        if role not in (_EDIT, _TOOLTIP) or not index.isValid():
            return None
        item = self._rows[index.row()]
        name = COLUMNS[index.column()]
        if role == _EDIT:
            return self._edit_text(item, name)
        if role == _TOOLTIP:
            if name == "image" and item.image:
                where = (self.tr("On the platform") if self.store.image_on_platform(item.sku, item.image) else
                         self.tr("Not on the platform yet: Push sends it"))
                return f"{item.image}\n{where}"
            if name == "dirty" and item.dirty:
                return self.tr("Changed here; not pushed to the platform yet")
        return None

    def _display(self, item: MerchantListing, name: str) -> str:
        if name == "price":
            return money(item.price_cents, item.currency)
        if name == "promo_price":
            return money(item.promo_price_cents, item.currency)
        if name in ("promo_ends_at", "updated_at"):
            return shop_time_text(getattr(item, name))
        if name == "image":
            shown = item.image if is_url(item.image) else Path(item.image).name if item.image else ""
            return f"✓ {shown}" if shown and self.store.image_on_platform(item.sku, item.image) else shown
        if name == "status":
            return self.tr("Active") if item.status == "active" else self.tr("Inactive")
        if name == "dirty":
            return "●" if item.dirty else ""
        return str(getattr(item, name))

    def _edit_text(self, item: MerchantListing, name: str) -> str:
        if name == "price":
            return format_price(item.price_cents)
        if name == "promo_price":
            return format_price(item.promo_price_cents)
        if name == "promo_ends_at":
            return shop_time(item.promo_ends_at)
        return self._display(item, name) if name in ("dirty", "updated_at") else str(getattr(item, name))

    # -- editing ------------------------------------------------------------------------------------------

    def edited(self, item: MerchantListing, name: str, text: str) -> tuple[MerchantListing | None, list[Problem]]:
        """`item` with field `name` set from what the person typed, or the problems that refuse it (core's
        `read_fields`, with prices and times also read the way this locale writes them)."""
        if name not in EDITABLE:
            return None, []
        old_codes = {p.code for p in check_listing(item)}
        readers = Readers(price=parse_money, time=parse_shop_time, image=self._read_image)
        changed, found = read_fields(item, {name: text}, readers)
        found = [p for p in found if p.path == name or p.code not in old_codes]  # old faults elsewhere stay
        return (None, found) if found else (changed, [])

    def _read_image(self, text: str) -> tuple[str, list[Problem]]:
        if is_url(text):
            return text, []
        return str(Path(text).resolve()), check_image(text, self._measure(Path(text)))

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        item = self._rows[index.row()]
        name = COLUMNS[index.column()]
        if name not in EDITABLE:
            return False
        changed, problems = self.edited(item, name, "" if value is None else str(value))
        if changed is None:
            if problems:
                self.editRejected.emit(translated(problems[0].template, problems[0].values, problems[0].message))
            return False
        if changed == item:
            return True
        self.push_change([item], [changed], self.tr("Edit %1 of %2").replace("%1", _header(name)).replace("%2",
                                                                                                          item.sku))
        return True

    def push_change(self, before: Sequence[MerchantListing], after: Iterable[MerchantListing], text: str) -> None:
        """Push one undoable change: `after` stamped as edited here now."""
        now = now_rfc3339()
        stamped = [replace(item, dirty=True, updated_at=now) for item in after]
        self.undo_stack.push(ListingsEdit(self, before, stamped, text))

    def change_prices(self, skus: Iterable[str], percent: float) -> int:
        """Change the price and promo price of `skus` by `percent`, as one undoable step; returns how many
        changed (a change that changes no price, 0 % or too small to move a cent, is no undo step)."""
        pairs = [(item, change_price_by_percent(item, percent)) for item in self.store.get_many(skus).values()]
        changed = [(old, new) for old, new in pairs
                   if (new.price_cents, new.promo_price_cents) != (old.price_cents, old.promo_price_cents)]
        if changed:
            self.push_change([old for old, _ in changed], [new for _, new in changed],
                             self.tr("Change %Ln price(s) by %1%", "", len(changed)).replace("%1", number(percent)))
        return len(changed)

    def set_promo_end(self, skus: Iterable[str], ends_at: datetime | None) -> int:
        """Set the promo end of `skus` (None clears it), as one undoable step; returns how many."""
        when = None if ends_at is None else parse_time(ends_at.isoformat())
        before = list(self.store.get_many(skus).values())
        if before:
            self.push_change(before, [set_promo_end(item, when) for item in before],
                             self.tr("Set the promo end of %Ln listing(s)", "", len(before)))
        return len(before)

    def apply(self, items: Sequence[MerchantListing], removed: Sequence[str] = ()) -> None:
        """Write `items` (and delete `removed`) in the store, and show them in the rows already fetched."""
        self.store.put(items)
        if removed:
            self.store.delete(removed)
        if len(items) > PAGE_SIZE or removed:
            self.refresh()
            return
        for item in items:
            row = self._row_of.get(item.sku)
            if row is not None:
                self._rows[row] = item
                self._cells.pop(row, None)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def changed_outside(self) -> None:
        """The store was changed by someone else (an import in a worker): read it again."""
        self.refresh()
