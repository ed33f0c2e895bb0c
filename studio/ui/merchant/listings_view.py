"""The merchant's listings workspace: a filter box, the products table, bulk edits, undo, import and export.

`ListingsView(store)` shows a `ListingsModel` in a QTableView (sorted and filtered by SQL, fetched in pages as
it scrolls): one row per product, and under a product with several variants (click its ▸, or + / - on its
row) one row per variant; cells are edited inline and a refused edit says why under the table. Bulk edits
(price by %, promo end, stock) apply to every variant of the selected products (a selected variant's row
counts for its product), or of every product the filter shows when none is selected. Every change goes on
`undo_stack` (its undo/redo actions are `undo_action` / `redo_action`).
Must not hold: rules (core's), the import itself (the dialog runs the job).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, QModelIndex, QObject, Qt, QTimer, QTimeZone, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.errors import StudioError
from studio.core.listings_store import ListingsStore
from studio.core.merchant_listing import SHOP_TIME_ZONE, STOCK_MAX
from studio.jobs.listings import export_listings
from studio.platform.listings_sync import pull_listings, push_listings
from studio.platform.session import PlatformSession
from studio.ui.errors import error_text, show_error
from studio.ui.locale_format import date_time_format, number
from studio.ui.merchant.applet_link_dialog import AppletLinkDialog
from studio.ui.merchant.listings_conflicts_dialog import ListingsConflictsDialog
from studio.ui.merchant.listings_import_dialog import ListingsImportDialog
from studio.ui.merchant.listings_model import COLUMNS, ListingsModel, shop_time_text, sync_legend
from studio.ui.workers import Kind, Task, run_task

FILTER_DELAY_MS = 150
SHOP_OFFSET_SECONDS = int(SHOP_TIME_ZONE.utcoffset(None).total_seconds())
"""Shop time as a Qt offset: promo ends are picked in shop time, as the table shows them."""


class _BulkDialog(QDialog):
    """Asks for one value (a percentage or a date) for a bulk edit of `count` listings."""

    def __init__(self, title: str, label: str, editor: QWidget, count: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QFormLayout(self)
        layout.addRow(QLabel(self.tr("Applies to %Ln listing(s).", "", count), self))
        layout.addRow(label, editor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.why_not = QLabel(self)
        self.why_not.setObjectName("bulkWhyNot")
        layout.addRow(self.why_not)
        layout.addRow(buttons)

    def refuse_zero(self, spin: QDoubleSpinBox) -> None:
        """OK stays off while the percentage is 0 (a change of nothing), and the dialog says so."""
        self._spin = spin
        spin.valueChanged.connect(self._check_zero)
        self._check_zero()

    def _check_zero(self) -> None:
        zero = self._spin.value() == 0
        self.ok_button.setEnabled(not zero)
        self.why_not.setText(self.tr("0 % changes no price: type how much, e.g. -10 or 5.") if zero else "")


class ListingsView(QWidget):
    """The listings workspace. `store` stays open as long as the view lives (the caller owns it).

    `session_factory` makes a logged-in `PlatformSession` (called on a worker thread); without it the Push and
    Pull actions are disabled (offline: edits stay marked until a push).
    """

    importDialogOpened = Signal(object)
    """The import dialog just opened (tests and the integrator may drive it)."""
    syncFinished = Signal(object)
    """A push or pull ended: its PushResult / PullResult, or the error."""

    def __init__(self, store: ListingsStore, parent: QWidget | None = None,
                 session_factory: Callable[[], PlatformSession] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("listingsView")
        self.store = store
        self.session_factory = session_factory
        self.sync_task: Task | None = None
        self.conflicts_dialog: ListingsConflictsDialog | None = None
        self.undo_stack = QUndoStack(self)
        self.model = ListingsModel(store, self.undo_stack, self)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("listingsFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter by SKU or title"))
        self.filter_edit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.filter_edit.returnPressed.connect(self.apply_filter)

        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("Redo"))
        self.redo_action.setShortcuts(list(dict.fromkeys(  # Ctrl+Shift+Z everywhere, Ctrl+Y too where usual
            [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Shift+Z")])))
        # the buttons keep a short name; the full "Undo Change 3 prices by 10%" is the menu's text and the tooltip
        self.undo_action.setIconText(self.tr("Undo"))
        self.redo_action.setIconText(self.tr("Redo"))
        self.filter_edit.installEventFilter(self)  # Ctrl+Z there undoes the listings when the box has no typing
        self.filter_edit.setMinimumWidth(220)
        self.import_action = QAction(self.tr("Import CSV…"), self)
        self.import_action.triggered.connect(lambda: self.open_import_dialog())
        self.export_action = QAction(self.tr("Export CSV…"), self)
        self.export_action.triggered.connect(lambda: self.export_csv())
        self.price_action = QAction(self.tr("Change price by %…"), self)
        self.price_action.triggered.connect(lambda: self.ask_price_change())
        self.promo_action = QAction(self.tr("Set promo end…"), self)
        self.promo_action.triggered.connect(lambda: self.ask_promo_end())
        self.stock_action = QAction(self.tr("Set stock…"), self)
        self.stock_action.setToolTip(self.tr("Set the stock of every variant of the selected listings"))
        self.stock_action.triggered.connect(lambda: self.ask_stock())
        self.picture_action = QAction(self.tr("Choose picture…"), self)
        self.picture_action.setToolTip(self.tr("Choose the main picture of the selected listing; Push sends it"))
        self.picture_action.triggered.connect(self.choose_picture)
        self.applet_action = QAction(self.tr("Store applet…"), self)
        self.applet_action.triggered.connect(lambda: self.open_applet_dialog())
        self.push_action = QAction(self.tr("Push"), self)
        self.push_action.setToolTip(self.tr("Send the listings changed here to the platform"))
        self.push_action.triggered.connect(lambda: self.sync(push=True))
        self.pull_action = QAction(self.tr("Pull"), self)
        self.pull_action.setToolTip(self.tr("Take the platform's copy of the listings not changed here"))
        self.pull_action.triggered.connect(lambda: self.sync(push=False))
        for action in (self.push_action, self.pull_action):
            action.setEnabled(session_factory is not None)
        self.addActions([self.undo_action, self.redo_action])

        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        for action in (self.applet_action, self.import_action, self.export_action, self.price_action,
                       self.promo_action, self.stock_action, self.picture_action, self.push_action,
                       self.pull_action, self.undo_action, self.redo_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            bar.addWidget(button)

        self.table = QTableView(self)
        self.table.setObjectName("listingsTable")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells, F2 edits
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch)
        # a time is as wide as the UI language writes it ("12/31/2026 11:59 PM" is wider than "2026/12/31 23:59")
        time_width = max(130, self.table.fontMetrics().horizontalAdvance(
            shop_time_text("2026-12-28T15:58:00Z")) + 16)
        # at 1280 px the title keeps about 180 px: the variant, price range and stock columns take the rest
        for name, width in (("sku", 120), ("options", 96), ("price", 110), ("promo_price", 86),
                            ("promo_ends_at", time_width), ("stock", 64), ("currency", 68), ("image", 72),
                            ("applet_path", 100), ("status", 60), ("updated_at", time_width), ("dirty", 44)):
            self.table.setColumnWidth(COLUMNS.index(name), width)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.clicked.connect(self._clicked)
        self.table.installEventFilter(self)  # + / - show and hide a product's variants
        # an empty table says how listings get there (or that the filter hides them), in its own middle
        self.empty_label = QLabel(self.table.viewport())
        self.empty_label.setObjectName("listingsEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_layout = QVBoxLayout(self.table.viewport())
        empty_layout.addWidget(self.empty_label)  # the whole width: it wraps only when the window is narrow

        self.count_label = QLabel(self)
        self.count_label.setObjectName("listingsCount")
        self.message_label = QLabel(self)
        self.message_label.setObjectName("listingsMessage")
        self.message_label.setWordWrap(True)
        self.legend_label = QLabel(sync_legend(), self)
        self.legend_label.setObjectName("syncLegend")
        status = QHBoxLayout()
        status.addWidget(self.count_label)
        status.addWidget(self.message_label, 1)
        status.addWidget(self.legend_label)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(status)

        self.model.countsChanged.connect(self._show_counts)
        self.model.editRejected.connect(self.say_problem)
        self.undo_stack.indexChanged.connect(lambda _i: self.message_label.clear())
        self._show_counts(self.model.matching, self.model.total)

    # -- keys and messages ----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The filter box takes Ctrl+Z / Ctrl+Shift+Z only while it has typing of its own to undo or redo;
        otherwise the keys reach the listings' Undo and Redo, as the buttons do."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            row = self.table.currentIndex().row()
            if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Minus) and row >= 0 and (
                    self.model.toggle(row, expand=event.key() == Qt.Key.Key_Plus)):
                return True
        if watched is self.filter_edit and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            keys = QKeySequence(event.keyCombination())
            if ((keys in self.undo_action.shortcuts() and not self.filter_edit.isUndoAvailable())
                    or (keys in self.redo_action.shortcuts() and not self.filter_edit.isRedoAvailable())):
                event.ignore()
                return True
        return super().eventFilter(watched, event)

    def say(self, text: str) -> None:
        """A result under the table, in the normal colour (a push that went through is not an error)."""
        self.message_label.setStyleSheet("")
        self.message_label.setText(text)

    def say_problem(self, text: str) -> None:
        """A refused edit or a failed sync under the table, in red."""
        self.message_label.setStyleSheet("color: #e5484d;")
        self.message_label.setText(text)

    # -- filter and counts ----------------------------------------------------------------------------------

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter(self.filter_edit.text())

    def _show_counts(self, matching: int, total: int) -> None:
        if matching == total:
            self.count_label.setText(self.tr("%Ln listing(s)", "", total))
        else:
            self.count_label.setText(self.tr("%1 of %Ln listing(s)", "", total).replace("%1", number(matching)))
        if total == 0:
            self.empty_label.setText(self.tr(
                "No listings yet. Import your shop's CSV with Import CSV…, or take the platform's copy with Pull."))
        elif matching == 0:
            self.empty_label.setText(self.tr("No listing matches “{filter}”.").format(filter=self.model.filter_text))
        self.empty_label.setVisible(matching == 0)

    # -- bulk edits -----------------------------------------------------------------------------------------

    def _clicked(self, index: QModelIndex) -> None:
        """A click on a product's ▸ / ▾ (its id) shows or hides its variants."""
        if index.column() == COLUMNS.index("sku") and self.model.expandable(index.row()):
            self.model.toggle(index.row())

    def target_ids(self) -> list[str]:
        """The selected rows' products (a variant's row counts for its product), or every product the filter
        shows when no row is selected."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if rows:
            return list(dict.fromkeys(self.model.product(row).product_id for row in rows))
        return self.store.product_ids(self.model.filter_text)

    def choose_picture(self, path: str | Path | None = None) -> bool:
        """Make `path` (asked for when None) the main picture of the current listing; the model checks it."""
        row = self.table.currentIndex().row()
        if row < 0:
            self.message_label.setText(self.tr("Select a listing first."))
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Listing picture"), "",
                                                  self.tr("Pictures (*.jpg *.jpeg *.png *.webp)"))
            if not path:
                return False
        top = self.model.row_of(self.model.product(row).product_id)  # the picture is the product's
        return self.model.setData(self.model.index(row if top is None else top, COLUMNS.index("image")), str(path),
                                  Qt.ItemDataRole.EditRole)

    def ask_price_change(self) -> _BulkDialog:
        skus = self.target_ids()
        spin = QDoubleSpinBox()
        spin.setObjectName("percent")
        spin.setRange(-99.0, 1000.0)
        spin.setDecimals(1)
        spin.setSuffix(" %")
        dialog = _BulkDialog(self.tr("Change price"), self.tr("Change by"), spin, len(skus), self)
        dialog.refuse_zero(spin)
        dialog.accepted.connect(lambda: self.model.change_prices(skus, spin.value()))
        dialog.open()
        return dialog

    def ask_promo_end(self) -> _BulkDialog:
        skus = self.target_ids()
        edit = QDateTimeEdit()
        edit.setObjectName("promoEnd")
        edit.setTimeZone(QTimeZone(SHOP_OFFSET_SECONDS))  # the listings show and take shop (Beijing) time
        edit.setDateTime(QDateTime.currentDateTime().addDays(7))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_time_format())
        dialog = _BulkDialog(self.tr("Set promo end"), self.tr("Promo ends"), edit, len(skus), self)
        dialog.accepted.connect(lambda: self.model.set_promo_end(
            skus, datetime.fromtimestamp(edit.dateTime().toSecsSinceEpoch(), UTC)))
        dialog.open()
        return dialog

    def ask_stock(self) -> _BulkDialog:
        ids = self.target_ids()
        spin = QSpinBox()
        spin.setObjectName("stock")
        spin.setRange(-1, STOCK_MAX)
        spin.setSpecialValueText(self.tr("Not counted"))  # -1: the shop does not count this stock
        spin.setValue(0)
        dialog = _BulkDialog(self.tr("Set stock"), self.tr("Stock of each variant"), spin, len(ids), self)
        dialog.accepted.connect(lambda: self.model.set_stock(ids, None if spin.value() < 0 else spin.value()))
        dialog.open()
        return dialog

    def open_applet_dialog(self) -> AppletLinkDialog:
        dialog = AppletLinkDialog(self.store, self.undo_stack, self)
        dialog.accepted.connect(self.model.refresh)
        dialog.open()
        return dialog

    # -- import and export ----------------------------------------------------------------------------------

    def open_import_dialog(self, path: str | Path | None = None) -> ListingsImportDialog | None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Import listings"), "",
                                                    self.tr("CSV files (*.csv *.txt *.tsv)"))
            if not chosen:
                return None
            path = chosen
        try:
            dialog = ListingsImportDialog(self.model, path, parent=self)
        except StudioError as exc:  # unreadable, not text, no header: shown, never raised into Qt
            show_error(self, exc)
            return None
        dialog.open()
        self.importDialogOpened.emit(dialog)
        return dialog

    def export_csv(self, path: str | Path | None = None) -> int:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export listings"), "listings.csv",
                                                    self.tr("CSV files (*.csv)"))
            if not chosen:
                return 0
            path = chosen
        try:
            return export_listings(path, self.store)
        except StudioError as exc:
            show_error(self, exc)
            return 0

    # -- sync -----------------------------------------------------------------------------------------------

    def sync(self, push: bool) -> Task | None:
        """Push (or pull) on a worker with its own store connection; conflicts open the conflicts dialog."""
        if self.session_factory is None or (self.sync_task is not None and not self.sync_task.done):
            return None
        factory, db_path = self.session_factory, self.store.path

        def job(progress: Any, cancel: Any) -> Any:
            with ListingsStore.open(db_path) as store, factory() as session:
                if push:
                    return push_listings(session, store, progress=progress, cancel=cancel)
                return pull_listings(session, store, progress=progress, cancel=cancel)

        self.push_action.setEnabled(False)
        self.pull_action.setEnabled(False)
        self.say(self.tr("Pushing…") if push else self.tr("Pulling…"))
        self.sync_task = run_task(job, on_done=lambda r: self._synced(r, push), on_error=self._sync_failed,
                                  on_progress=self._sync_progress if push else None, owner=self,
                                  label="push listings" if push else "pull listings", kind=Kind.NETWORK)
        return self.sync_task

    def _sync_progress(self, done: int, total: int) -> None:
        self.message_label.setText(self.tr("Pushing… %1 of %2").replace("%1", number(done)).replace(
            "%2", number(total)))

    def _sync_ended(self) -> None:
        self.push_action.setEnabled(True)
        self.pull_action.setEnabled(True)
        self.model.refresh()

    def _synced(self, result: Any, push: bool) -> None:
        self._sync_ended()
        if push:
            text = self.tr("Pushed %1, withdrew %2, %3 refused.").replace("%1", number(result.pushed)).replace(
                "%2", number(result.withdrawn)).replace("%3", number(len(result.failed)))
            if result.images:
                text += " " + self.tr("Pictures sent: %1.").replace("%1", number(result.images))
            if result.cleaned:
                text += " " + self.tr("The location (GPS) was removed from %1 of them before sending.").replace(
                    "%1", number(len(result.cleaned)))
            if result.failed:
                if result.errors:  # a picture refused here: said in the person's language
                    sku, reason = result.errors[0][0], error_text(result.errors[0][1])
                else:
                    sku, reason = result.failed[0]["sku"], result.failed[0]["message"]
                text += " " + self.tr("%1: %2").replace("%1", sku).replace("%2", reason)
        else:
            text = self.tr("Received %1, updated %2, %3 changed on both sides.").replace(
                "%1", number(result.received)).replace("%2", number(result.updated)).replace(
                "%3", number(len(result.conflicts)))
            if result.refused:
                first = result.refused[0]
                text += " " + self.tr("%1 not taken: they break a listing rule (first: %2, %3).").replace(
                    "%1", number(len({r["sku"] for r in result.refused}))).replace("%2", first["sku"]).replace(
                    "%3", self._column_title(first["field"]))
            if result.conflicts:
                self.conflicts_dialog = ListingsConflictsDialog(self.model, result.conflicts, self)
                self.conflicts_dialog.settled.connect(lambda _n: self.model.refresh())
                self.conflicts_dialog.open()
        if push and result.failed:
            self.say_problem(text)
        else:
            self.say(text)
        self.syncFinished.emit(result)

    def _column_title(self, name: str) -> str:
        if name in COLUMNS:
            return str(self.model.headerData(COLUMNS.index(name), Qt.Orientation.Horizontal))
        return name

    def _sync_failed(self, error: BaseException) -> None:
        self._sync_ended()
        self.say_problem(error_text(error))
        self.syncFinished.emit(error)
