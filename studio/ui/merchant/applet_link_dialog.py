"""The store applet link form: AppID, display name, original ID and page path template, checked live by core.

As the merchant types, every broken rule (`core.applet_link`, each with its own message) is listed and the
path a popup would open is rendered with an example SKU. Saving keeps the link in the listings store as one
undoable step on the listings' undo stack; the next push links it on the platform.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from studio.core.applet_link import check_applet_link, example_path
from studio.core.listings_store import ListingsStore
from studio.core.project import AppletLink
from studio.ui.errors import translated


class SetApplet(QUndoCommand):
    def __init__(self, store: ListingsStore, after: AppletLink, text: str) -> None:
        super().__init__(text)
        self.store = store
        self.before = store.applet()
        self.after = after

    def redo(self) -> None:
        self.store.set_applet(self.after)

    def undo(self) -> None:
        if self.before is not None:
            self.store.set_applet(self.before)


class AppletLinkDialog(QDialog):
    def __init__(self, store: ListingsStore, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appletLinkDialog")
        self.setWindowTitle(self.tr("Store applet"))
        self.store = store
        self.undo_stack = undo_stack
        link = store.applet() or AppletLink(path_template="pages/goods/detail?sku={sku}")
        form = QFormLayout(self)
        self.app_id = QLineEdit(link.app_id, self)
        self.app_id.setPlaceholderText("wx0123456789abcdef")
        self.name = QLineEdit(link.name, self)
        self.original_id = QLineEdit(link.original_id, self)
        self.original_id.setPlaceholderText(self.tr("gh_ and 12 hex digits (optional)"))
        self.path_template = QLineEdit(link.path_template, self)
        self.example = QLabel(self)
        self.example.setObjectName("example")
        self.problems = QLabel(self)
        self.problems.setObjectName("problems")
        self.problems.setStyleSheet("color: #b3261e")
        self.problems.setWordWrap(True)
        form.addRow(self.tr("AppID"), self.app_id)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Original ID"), self.original_id)
        form.addRow(self.tr("Page path"), self.path_template)
        form.addRow(self.tr("A popup opens"), self.example)
        form.addRow(self.problems)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for edit in (self.app_id, self.name, self.original_id, self.path_template):
            edit.textChanged.connect(self.check)
        self.check()
        self.resize(560, 260)

    def link(self) -> AppletLink:
        return AppletLink(app_id=self.app_id.text().strip(), name=self.name.text().strip(),
                          original_id=self.original_id.text().strip(), path_template=self.path_template.text().strip())

    def check(self) -> None:
        link = self.link()
        problems = check_applet_link(link)
        self.problems.setText("\n".join(translated(p.template, p.values, p.message) for p in problems))
        self.example.setText(example_path(link.path_template))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)

    def save(self) -> None:
        link = self.link()
        if check_applet_link(link):
            return
        self.undo_stack.push(SetApplet(self.store, link, self.tr("Link applet %1").replace("%1", link.app_id)))
        self.accept()
