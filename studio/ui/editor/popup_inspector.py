"""The inspector for the selected popup: its times, style, label and card anchor, and the product facts.

Start and end are typed like the transport's times (TimeField) and land on frame boundaries; the anchor is
kept inside the feed's safe zone (the spin boxes cannot leave it, and the editor clamps). The product facts
are the snapshot taken when the product was tagged, read-only, with "Refresh from catalog" to take them
again; "Shows" picks the whole product (its price range) or one of its variants (sold-out ones marked), which
takes the facts and the page of that choice from the catalog. Every change goes through the `PopupEditor` as an
undo command; the fields show the model.
Must not hold: rules, model edits of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio.core import safe_zones
from studio.core.popup_rules import RULES_SUMMARY
from studio.core.project import Popup
from studio.ui.editor.popup_editor import PopupEditor
from studio.ui.editor.product_picker import VariantChoice
from studio.ui.locale_format import date_text, money
from studio.ui.playback.transport_bar import TimeField


def _cents(value: object) -> int | None:
    """A snapshot's price (JSON: an integer of cents), None when it holds none."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class PopupInspector(QWidget):
    """Edits the editor's selected popup; shows a hint and the timing rules when none is selected."""

    def __init__(self, editor: PopupEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.setObjectName("popupInspector")
        self._filling = False
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_hint())
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not to the scroll area
        scroll.setWidget(self._build_form())
        self.stack.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stack)
        editor.selectionChanged.connect(self._show)
        editor.popupsChanged.connect(self._show)
        self._show()

    def _build_hint(self) -> QWidget:
        """What shows with no popup selected: how to get one, the timing rules, and why the last "Add popup" added
        nothing (said here, where the person looks next, and not only in the status bar)."""
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(self.tr("Select a popup in the lanes under the timeline, or add one from the products."), page)
        hint.setWordWrap(True)
        self.rules_label = QLabel(QCoreApplication.translate("errors", RULES_SUMMARY), page)
        self.rules_label.setObjectName("popupRules")
        self.rules_label.setWordWrap(True)
        self.refused_label = QLabel(page)
        self.refused_label.setObjectName("popupRefused")
        self.refused_label.setWordWrap(True)
        self.refused_label.setStyleSheet("color: #e8a33d;")
        self.refused_label.hide()
        for label in (hint, self.rules_label, self.refused_label):
            column.addWidget(label)
        column.addStretch(1)
        self.editor.notAdded.connect(self._not_added)
        return page

    def _not_added(self, why: str) -> None:
        self.refused_label.setText(self.tr("No popup was added: {why}").format(why=why))
        self.refused_label.show()

    def _build_form(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.title_label = QLabel(page)
        self.title_label.setObjectName("productTitle")
        self.title_label.setWordWrap(True)
        self.facts_label = QLabel(page)
        self.facts_label.setObjectName("productFacts")
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refresh_button = QPushButton(self.tr("Refresh from catalog"), page)
        self.refresh_button.setToolTip(self.tr("Take the product's title, prices, image and applet page again "
                                               "from the local catalog"))
        self.variant_box = VariantChoice(page, "popupVariant")
        self.start_field = TimeField(page)
        self.start_field.setObjectName("popupStart")
        self.end_field = TimeField(page)
        self.end_field.setObjectName("popupEnd")
        self.style_box = QComboBox(page)
        self.style_box.setObjectName("popupStyle")
        self.style_box.addItem(self.tr("Card"), "card")
        self.style_box.addItem(self.tr("Compact"), "compact")
        self.label_field = QLineEdit(page)
        self.label_field.setObjectName("popupLabel")
        self.label_field.setPlaceholderText(self.tr("Optional badge, e.g. 限时折扣"))
        x0, y0, x1, y1 = safe_zones.safe_rect()
        self.anchor_x = self._spin(x0, x1, "anchorX")
        self.anchor_y = self._spin(y0, y1, "anchorY")
        anchor = QHBoxLayout()
        anchor.addWidget(QLabel(self.tr("x"), page))
        anchor.addWidget(self.anchor_x)
        anchor.addWidget(QLabel(self.tr("y"), page))
        anchor.addWidget(self.anchor_y)
        form.addRow(self.title_label)
        form.addRow(self.facts_label)
        form.addRow(self.refresh_button)
        form.addRow(self.tr("Shows"), self.variant_box)
        form.addRow(self.tr("Start"), self.start_field)
        form.addRow(self.tr("End"), self.end_field)
        form.addRow(self.tr("Style"), self.style_box)
        form.addRow(self.tr("Label"), self.label_field)
        form.addRow(self.tr("Anchor"), anchor)
        self.start_field.timeEntered.connect(self._start_entered)
        self.end_field.timeEntered.connect(self._end_entered)
        self.style_box.currentIndexChanged.connect(self._style_changed)
        self.label_field.editingFinished.connect(self._label_changed)
        self.anchor_x.valueChanged.connect(self._anchor_changed)
        self.anchor_y.valueChanged.connect(self._anchor_changed)
        self.refresh_button.clicked.connect(self._refresh)
        self.variant_box.currentIndexChanged.connect(self._variant_changed)
        return page

    def _spin(self, low: float, high: float, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setObjectName(name)
        spin.setDecimals(3)
        spin.setSingleStep(0.01)
        spin.setRange(low, high)
        spin.setKeyboardTracking(False)
        spin.setToolTip(self.tr("Where the card sits on the 9:16 frame (0–1); kept clear of the feed's controls"))
        return spin

    # --- model to fields ---------------------------------------------------------------------------------

    def _show(self, *_: object) -> None:
        popup = self.editor.selected()
        self.stack.setCurrentIndex(0 if popup is None else 1)
        if popup is None:
            return
        self.refused_label.hide()
        self._filling = True
        try:
            self.title_label.setText(f"<b>{self._escape(self.editor.title(popup))}</b>")
            self.facts_label.setText(self._facts(popup))
            self._fill_variants(popup)
            self.start_field.set_time(popup.start_ms)
            self.end_field.set_time(popup.end_ms)
            self.style_box.setCurrentIndex(max(self.style_box.findData(popup.style), 0))
            if not self.label_field.hasFocus():
                self.label_field.setText(popup.label)
            self.anchor_x.setValue(popup.anchor_x)
            self.anchor_y.setValue(popup.anchor_y)
        finally:
            self._filling = False

    def _fill_variants(self, popup: Popup) -> None:
        """The whole product and each of its variants as the catalog lists them now; the popup's choice chosen
        (kept, by its SKU, when the catalog no longer has it)."""
        product = self.editor.lookup(popup.sku) if popup.sku else None
        self.variant_box.fill(product, popup.variant_sku)
        if popup.variant_sku and self.variant_box.findData(popup.variant_sku) < 0:
            self.variant_box.addItem(popup.variant_sku, popup.variant_sku)
            self.variant_box.setCurrentIndex(self.variant_box.count() - 1)
            self.variant_box.setEnabled(True)

    @staticmethod
    def _escape(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def _facts(self, popup: Popup) -> str:
        snap = popup.snapshot
        currency = str(snap.get("currency") or "CNY")
        lines = [self.tr("SKU {sku}").format(sku=popup.sku)]
        variant = snap.get("variant")
        if isinstance(variant, dict) and variant.get("label"):
            lines.append(self.tr("Variant {label} ({sku})").format(label=variant["label"], sku=popup.variant_sku))
        price = money(_cents(snap.get("price_cents")), currency)
        high = _cents(snap.get("price_high_cents"))
        if high is not None and price:
            price = self.tr("{low} – {high}").format(low=price, high=money(high, currency))
        promo = money(_cents(snap.get("promo_price_cents")), currency)
        if promo:
            until = date_text(str(snap.get("promo_ends_at") or ""))
            lines.append(self.tr("Price {price}, promo {promo} until {date}").format(
                price=price, promo=promo, date=until) if until else
                self.tr("Price {price}, promo {promo}").format(price=price, promo=promo))
        elif price:
            lines.append(self.tr("Price {price}").format(price=price))
        applet = snap.get("applet") or {}
        if isinstance(applet, dict) and applet.get("path"):
            lines.append(self.tr("Opens {name}: {path}").format(name=applet.get("name") or applet.get("app_id", ""),
                                                                 path=applet["path"]))
        if not snap:
            lines.append(self.tr("No product facts were taken"))
        return "<br>".join(self._escape(line) for line in lines)

    # --- fields to edits ---------------------------------------------------------------------------------

    def _selected_id(self) -> str | None:
        return None if self._filling else (self.editor.selected_id or None)

    def _start_entered(self, ms: int) -> None:
        popup_id = self._selected_id()
        if popup_id:
            self.editor.set_start(popup_id, ms)
            self._show()

    def _end_entered(self, ms: int) -> None:
        popup_id = self._selected_id()
        if popup_id:
            self.editor.set_end(popup_id, ms)
            self._show()

    def _style_changed(self, _index: int) -> None:
        popup_id = self._selected_id()
        if popup_id:
            self.editor.edit(popup_id, self.tr("Set Popup Style"), style=self.style_box.currentData())

    def _label_changed(self) -> None:
        popup_id = self._selected_id()
        if popup_id:
            self.editor.edit(popup_id, self.tr("Set Popup Label"), label=self.label_field.text().strip())

    def _anchor_changed(self, _value: float) -> None:
        popup_id = self._selected_id()
        if popup_id:
            self.editor.set_anchor(popup_id, self.anchor_x.value(), self.anchor_y.value())

    def _variant_changed(self, _index: int) -> None:
        popup_id = self._selected_id()
        if popup_id:
            self.editor.set_variant(popup_id, str(self.variant_box.currentData() or ""))

    def _refresh(self) -> None:
        popup_id = self._selected_id()
        if popup_id:
            self.editor.refresh_snapshot(popup_id)
