"""The popup problems list: every broken popup rule, live, with its code; a click jumps to the popup.

The `PopupEditor` re-runs `core.popup_rules.check_popups` on every change; this panel shows its result
(errors and warnings, each "product: message [code]" in the person's language) in a list model. Clicking a
problem selects its popup and shows the player at the popup's start. Must not hold: rules.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QListView, QStyle, QVBoxLayout, QWidget

from studio.ui.popup_editor import PopupEditor

POPUP_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2


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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        editor.popupsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.model.clear()
        style = self.style()
        icons = {"error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                 "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)}
        for problem in self.editor.problems:
            popup = self.editor.popup(problem.popup_id or "")
            message = self.editor.problem_text(problem)
            if popup is not None:
                text = self.tr("{title}: {message} [{code}]").format(title=self.editor.title(popup),
                                                                       message=message, code=problem.code)
            else:
                text = self.tr("{message} [{code}]").format(message=message, code=problem.code)
            item = QStandardItem(icons[problem.severity], text)
            item.setData(problem.popup_id or "", POPUP_ID_ROLE)
            item.setData(problem.code, CODE_ROLE)
            item.setToolTip(text)
            self.model.appendRow(item)
        errors = sum(p.severity == "error" for p in self.editor.problems)
        warnings = len(self.editor.problems) - errors
        self.summary.setText(self.tr("No problems with the popups") if not self.editor.problems else
                             self.tr("Errors: {errors}, warnings: {warnings}").format(errors=errors,
                                                                                   warnings=warnings))

    def codes(self) -> list[str]:
        """The codes listed, in order."""
        return [self.model.item(row).data(CODE_ROLE) for row in range(self.model.rowCount())]

    def _clicked(self, index: QModelIndex) -> None:
        popup_id = index.data(POPUP_ID_ROLE)
        if popup_id:
            self.editor.jump_to(popup_id)
