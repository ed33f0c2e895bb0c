"""The CSV import dialog: map the shop's columns, check every row (dry run), see the per-row report, import.

The file is read once on the GUI thread to show its columns (header only matters; reading 50,000 lines takes
a fraction of a second); checking and importing run through `run_task` on a separate store connection, so
the GUI never waits. An import is one undoable step on the listings model's stack.
Must not hold: rules or CSV parsing (core's), the import itself (`studio.jobs.listings`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.core.listing_csv import REQUIRED, CsvTable, ImportPlan, RowIssue, auto_mapping, read_csv
from studio.core.listing_fields import FIELDS
from studio.core.listings_store import ListingsStore
from studio.core.product import Product
from studio.jobs.listings import DEFAULT_SHOP, import_listings
from studio.ui.errors import error_text, translated
from studio.ui.locale_format import number
from studio.ui.merchant.listings_model import ListingsEdit, ListingsModel
from studio.ui.workers import Task, run_task

Index = QModelIndex | QPersistentModelIndex


class ReportModel(QAbstractTableModel):
    """The per-row report: line, column, code, message (translated)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.issues: list[RowIssue] = []

    def set_issues(self, issues: list[RowIssue]) -> None:
        self.beginResetModel()
        self.issues = list(issues)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.issues)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Line"), self.tr("Column"), self.tr("Problem"), self.tr("Code"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        issue = self.issues[index.row()]
        if index.column() == 0:
            return issue.line
        if index.column() == 1:
            return f"{issue.column} {issue.column_name}".strip() if issue.column else ""
        if index.column() == 2:
            return translated(issue.template, issue.values, issue.message)
        return issue.code


def _field_label(name: str) -> str:
    # literal translate() calls, so pyside6-lupdate collects every label
    return {
        "product_id": QCoreApplication.translate("ListingsImportDialog", "Product ID"),
        "sku": QCoreApplication.translate("ListingsImportDialog", "SKU"),
        "title": QCoreApplication.translate("ListingsImportDialog", "Title"),
        "options": QCoreApplication.translate("ListingsImportDialog", "Options (颜色:红;尺码:M)"),
        "stock": QCoreApplication.translate("ListingsImportDialog", "Stock"),
        "price": QCoreApplication.translate("ListingsImportDialog", "Price"),
        "promo_price": QCoreApplication.translate("ListingsImportDialog", "Promo price"),
        "promo_ends_at": QCoreApplication.translate("ListingsImportDialog", "Promo ends"),
        "currency": QCoreApplication.translate("ListingsImportDialog", "Currency"),
        "image": QCoreApplication.translate("ListingsImportDialog", "Image"),
        "applet_path": QCoreApplication.translate("ListingsImportDialog", "Applet path"),
        "status": QCoreApplication.translate("ListingsImportDialog", "Status"),
    }[name]


def _job(db_path: Path, csv_path: Path, mapping: dict[str, str], shop: str, dry_run: bool) -> Any:
    def run(progress: Any, cancel: Any) -> tuple[ImportPlan, int, list[Product], set[str]]:
        previous: dict[str, Product] = {}
        dirty: set[str] = set()
        with ListingsStore.open(db_path) as store:
            plan, imported = import_listings(csv_path, store, mapping=mapping, shop=shop, dry_run=dry_run,
                                             progress=progress, cancel=cancel, previous=previous,
                                             previous_dirty=dirty)
        return plan, imported, list(previous.values()), dirty
    return run


class ListingsImportDialog(QDialog):
    """Pick the mapping, check, import. `imported(count)` is emitted after a real import."""

    imported = Signal(int)
    checked = Signal()
    """A dry run or an import finished and the report shows its result."""

    def __init__(self, model: ListingsModel, csv_path: str | Path, shop: str = DEFAULT_SHOP,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("listingsImportDialog")
        self.setWindowTitle(self.tr("Import listings"))
        self.model = model
        self.csv_path = Path(csv_path)
        self.shop = shop
        self.task: Task | None = None
        self.plan: ImportPlan | None = None
        self.table: CsvTable = read_csv(self.csv_path)

        layout = QVBoxLayout(self)
        separator = self.tr("tab") if self.table.delimiter == "\t" else self.tr("comma")
        rows = len(self.table.records) + len(self.table.issues)
        self.file_label = QLabel(self.tr("%1 — %2, %3 separated, %Ln row(s)", "", rows)
                                 .replace("%1", self.csv_path.name).replace("%2", self.table.encoding)
                                 .replace("%3", separator))
        layout.addWidget(self.file_label)
        form = QFormLayout()
        remembered = {k: v for k, v in model.store.mapping(shop).items() if v in self.table.header}
        preset = {**auto_mapping(self.table.header), **remembered}
        self.combos: dict[str, QComboBox] = {}
        for name in FIELDS:
            combo = QComboBox(self)
            combo.setObjectName(f"map_{name}")
            combo.addItem(self.tr("(none)"), "")
            for column in self.table.header:
                combo.addItem(column, column)
            combo.setCurrentIndex(max(0, combo.findData(preset.get(name, ""))))
            self.combos[name] = combo
            label = _field_label(name) + (" *" if name in REQUIRED else "")
            form.addRow(label, combo)
        layout.addLayout(form)
        self.shop_edit = QLineEdit(shop, self)
        form.addRow(self.tr("Shop"), self.shop_edit)

        buttons = QHBoxLayout()
        self.check_button = QPushButton(self.tr("Check (dry run)"), self)
        self.import_button = QPushButton(self.tr("Import"), self)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.summary = QLabel(self.tr("Check the file to see what would be imported."), self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.report = ReportModel(self)
        self.report_view = QTableView(self)
        self.report_view.setObjectName("importReport")
        self.report_view.setModel(self.report)
        self.report_view.verticalHeader().setVisible(False)
        self.report_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.report_view, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.check_button.clicked.connect(lambda: self.run(dry_run=True))
        self.import_button.clicked.connect(lambda: self.run(dry_run=False))
        self.resize(760, 640)

    def mapping(self) -> dict[str, str]:
        """field -> column as chosen ("" for none)."""
        return {name: combo.currentData() for name, combo in self.combos.items()}

    def run(self, dry_run: bool) -> Task:
        self.check_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Checking…") if dry_run else self.tr("Importing…"))
        job = _job(self.model.store.path, self.csv_path, self.mapping(), self.shop_edit.text().strip() or
                   DEFAULT_SHOP, dry_run)
        self.task = run_task(job, on_done=lambda result: self._done(result, dry_run), on_error=self._failed,
                             owner=self, label="import listings")
        return self.task

    def _done(self, result: tuple[ImportPlan, int, list[Product], set[str]], dry_run: bool) -> None:
        plan, imported, previous, dirty = result
        self.plan = plan
        self.report.set_issues(plan.issues)
        failed = len(plan.failed_lines)
        if dry_run:
            text = self.tr("%1 rows: %2 listing(s) with %4 variant(s) would be imported, %3 failed. Nothing was "
                           "changed.")
            text = text.replace("%2", number(len(plan.good)))
        else:
            text = self.tr("%1 rows: %2 listing(s) with %4 variant(s) imported, %3 failed.").replace(
                "%2", number(imported))
            if imported:
                after = [item for _, item in plan.good]
                self.model.undo_stack.push(ListingsEdit(
                    self.model, previous, after, self.tr("Import %Ln listing(s)", "", imported), applied=True,
                    dirty_before=dirty))
                self.imported.emit(imported)
        self.summary.setText(text.replace("%1", number(plan.rows)).replace("%3", number(failed)).replace(
            "%4", number(plan.variants)))
        self.check_button.setEnabled(True)
        self.import_button.setEnabled(True)
        self.checked.emit()

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(error_text(error))
        self.report.set_issues([])
        self.check_button.setEnabled(True)
        self.import_button.setEnabled(True)
        self.checked.emit()
