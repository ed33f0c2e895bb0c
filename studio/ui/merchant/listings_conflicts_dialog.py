"""Listings edited here and on the platform since the last sync, side by side, for the merchant to settle.

Each conflict shows the product's fields that differ (yours, the platform's) and each variant whose price,
promo or stock differs (or that only one side has). "Keep mine" leaves the local edit to be
pushed; "Take the platform's" replaces it (one undoable step on the listings model's stack). The settling
itself is `studio.platform.listings_sync`'s (`keep_mine`, `take_theirs`); this dialog only shows and asks.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.platform.listings_sync import keep_mine, platform_copy
from studio.ui.locale_format import money, number
from studio.ui.merchant.listings_model import ListingsEdit, ListingsModel, shop_time_text

_FIELDS = ("title", "currency", "applet_path")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _variant_text(variant: dict[str, Any] | None, currency: Any) -> str:
    """A variant of a conflict's side in one line: price, promo (and its end), stock."""
    if variant is None:
        return "—"
    parts = [money(variant["price_cents"], str(currency or "CNY"))]
    if variant.get("promo_price_cents") is not None:
        parts.append("→ " + money(variant["promo_price_cents"], str(currency or "CNY")))
        if variant.get("promo_ends_at"):
            parts.append(shop_time_text(variant["promo_ends_at"]))
    if variant.get("stock") is not None:
        parts.append(QCoreApplication.translate("ListingsConflictsDialog", "stock %1").replace(
            "%1", number(variant["stock"])))
    return " · ".join(parts)


class ListingsConflictsDialog(QDialog):
    settled = Signal(int)
    """How many conflicts were just settled."""

    def __init__(self, model: ListingsModel, conflicts: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("listingsConflictsDialog")
        self.setWindowTitle(self.tr("Listings changed on both sides"))
        self.model = model
        self.conflicts = {c["sku"]: c for c in conflicts}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("These listings were changed here and on the platform since the last "
                                        "sync. Choose which copy to keep."), self))
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("conflicts")
        self.tree.setHeaderLabels([self.tr("SKU / field"), self.tr("Yours"), self.tr("Platform's")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        names = {"title": self.tr("Title"), "currency": self.tr("Currency"), "applet_path": self.tr("Applet path")}
        for sku, conflict in self.conflicts.items():
            top = QTreeWidgetItem([sku])
            local, platform = conflict["local"], conflict["platform"]
            for name in _FIELDS:
                mine, theirs = local.get(name), platform.get(name)
                if mine != theirs:
                    top.addChild(QTreeWidgetItem([names[name], _text(mine), _text(theirs)]))
            ours = {v["sku"]: v for v in local.get("variants", [])}
            their_variants = {v["sku"]: v for v in platform.get("variants", [])}
            for variant_sku in dict.fromkeys([*ours, *their_variants]):
                mine, theirs = ours.get(variant_sku), their_variants.get(variant_sku)
                if mine != theirs:
                    top.addChild(QTreeWidgetItem([variant_sku, _variant_text(mine, local.get("currency")),
                                                  _variant_text(theirs, platform.get("currency"))]))
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.keep_button = QPushButton(self.tr("Keep mine"), self)
        self.take_button = QPushButton(self.tr("Take the platform's"), self)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.take_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.keep_button.clicked.connect(lambda: self.keep_mine())
        self.take_button.clicked.connect(lambda: self.take_theirs())
        self.resize(720, 420)

    def chosen(self) -> list[dict[str, Any]]:
        """The selected conflicts (a selected field row counts for its SKU), or all when none is selected."""
        skus = set()
        for item in self.tree.selectedItems():
            top = item.parent() or item
            skus.add(top.text(0))
        return [c for sku, c in self.conflicts.items() if not skus or sku in skus]

    def _remove(self, settled: list[dict[str, Any]]) -> None:
        for conflict in settled:
            self.conflicts.pop(conflict["sku"], None)
            for i in range(self.tree.topLevelItemCount()):
                item = self.tree.topLevelItem(i)
                if item is not None and item.text(0) == conflict["sku"]:
                    self.tree.takeTopLevelItem(i)
                    break
        self.settled.emit(len(settled))
        if not self.conflicts:
            self.accept()

    def keep_mine(self) -> None:
        settled = self.chosen()
        keep_mine(self.model.store, settled)
        self._remove(settled)

    def take_theirs(self) -> None:
        settled = self.chosen()
        local = self.model.store.get_many(c["sku"] for c in settled)
        before = [local[c["sku"]] for c in settled if c["sku"] in local]
        after = [platform_copy(c, local[c["sku"]]) for c in settled if c["sku"] in local]
        self.model.undo_stack.push(_TakeTheirs(self.model, before, after, settled,
                                               self.tr("Take the platform's copy of %Ln listing(s)", "", len(after))))
        self._remove(settled)


class _TakeTheirs(ListingsEdit):
    """The platform's copies written and marked synced at the platform's version; undo makes them local edits."""

    def __init__(self, model: ListingsModel, before: list[Any], after: list[Any], conflicts: list[dict[str, Any]],
                 text: str) -> None:
        super().__init__(model, before, after, text, dirty_after=False)
        self.versions = {c["sku"]: c["platform"]["updated_at"] for c in conflicts}

    def redo(self) -> None:
        super().redo()
        self.model.store.mark_synced(self.versions)

    def undo(self) -> None:
        super().undo()
        self.model.store.rebase(self.versions)
