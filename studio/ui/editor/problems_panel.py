"""The popup problems list: every broken popup rule, live, as a sentence; a click jumps to the popup.

The `PopupEditor` re-runs `core.popup_rules.check_popups` on every change; this panel shows its result
(errors and warnings, each "product: message" in the person's language, times as the timeline writes them; the
rule's code stays in the item's data) in a list model. Clicking a
problem selects its popup and shows the player at the popup's start. The last pack's notes (a popup shortened or
left out, an image missing) are listed after them, until the next pack or another project. Must not hold: rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from studio.core.problems import PopupProblem
from studio.ui.editor.popup_editor import PopupEditor

POPUP_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2


class _WrappedRows(QStyledItemDelegate):
    """Rows as tall as their sentence wrapped to the list's width (QListView's own wrapping elides instead)."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = max(80, self.view.viewport().width() - opt.decorationSize.width() - 24)
        text = opt.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, opt.text)
        return QSize(self.view.viewport().width(), max(text.height(), opt.decorationSize.height()) + 10)


class ProblemsPanel(QWidget):
    """The list of popup problems; see the module docstring."""

    def __init__(self, editor: PopupEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.setObjectName("problemsPanel")
        self.summary = QLabel(self)
        self.summary.setObjectName("problemsSummary")
        self.model = QStandardItemModel(self)
        self.view = QListView(self)
        self.view.setObjectName("problemsList")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.view.setItemDelegate(_WrappedRows(self.view))
        self.view.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap long sentences when the dock resizes
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self.pack_notes: list[PopupProblem] = []
        editor.popupsChanged.connect(self.refresh)
        editor.document.pathChanged.connect(self._forget_pack_notes)
        self.refresh()

    def set_pack_notes(self, notes: Sequence[PopupProblem]) -> None:
        """What the last pack warned about, listed under the rules' problems until the next pack or another
        project, so each can be read whole and clicked to its popup."""
        self.pack_notes = list(notes)
        self.refresh()

    def _forget_pack_notes(self) -> None:
        if self.pack_notes:
            self.set_pack_notes([])

    def refresh(self) -> None:
        self.model.clear()
        style = self.style()
        icons = {"error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                 "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)}
        for problem in [*self.editor.problems, *self.pack_notes]:
            popup = self.editor.popup(problem.popup_id or "")
            message = self.editor.problem_text(problem)
            text = message if popup is None else self.tr("{title}: {message}").format(
                title=self.editor.title(popup), message=message)
            if problem in self.pack_notes:
                text = self.tr("Pack: {note}").format(note=text)
            item = QStandardItem(icons[problem.severity], text)
            item.setData(problem.popup_id or "", POPUP_ID_ROLE)
            item.setData(problem.code, CODE_ROLE)
            item.setToolTip(text)
            self.model.appendRow(item)
        errors = sum(p.severity == "error" for p in self.editor.problems)
        warnings = len(self.editor.problems) - errors
        summary = (self.tr("No problems with the popups") if not self.editor.problems else
                   self.tr("Errors: {errors}, warnings: {warnings}").format(errors=errors, warnings=warnings))
        if self.pack_notes:
            summary += " " + self.tr("The last pack noted {count}.").format(count=len(self.pack_notes))
        self.summary.setText(summary)

    def codes(self) -> list[str]:
        """The codes listed, in order."""
        return [self.model.item(row).data(CODE_ROLE) for row in range(self.model.rowCount())]

    def _clicked(self, index: QModelIndex) -> None:
        popup_id = index.data(POPUP_ID_ROLE)
        if popup_id:
            self.editor.jump_to(popup_id)
