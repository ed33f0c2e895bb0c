"""The merchant's workspace: the listings view in its own window, with the store applet link.

It opens the local listings store (SQLite under STUDIO_HOME); pushes and pulls go through the session factory
it is given (the account menu's: the current server with the stored token).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from studio.core.listings_store import ListingsStore
from studio.platform.session import PlatformSession
from studio.ui.merchant.listings_view import ListingsView


class MerchantWindow(QMainWindow):
    def __init__(self, session_factory: Callable[[], PlatformSession] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("merchantWindow")
        self.setWindowTitle(self.tr("Listings — Good Circle Studio"))
        self.resize(1280, 800)
        self.store = ListingsStore.open()
        self.view = ListingsView(self.store, self, session_factory=session_factory)
        self.setCentralWidget(self.view)
        menu = self.menuBar().addMenu(self.tr("&Listings"))
        menu.addAction(self.view.undo_action)
        menu.addAction(self.view.redo_action)
        menu.addSeparator()
        applet = menu.addAction(self.tr("Store &Applet…"))
        applet.triggered.connect(self.view.open_applet_dialog)
        menu.addSeparator()  # every button of the bar, by keyboard from the menu too (Alt+L)
        menu.addActions([self.view.import_action, self.view.export_action, self.view.price_action,
                         self.view.promo_action, self.view.push_action, self.view.pull_action])
        menu.addSeparator()
        find = menu.addAction(self.tr("&Filter"))
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.focus_filter)
        self.addAction(find)  # the shortcut works wherever the focus is in the window
        keys = find.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.view.filter_edit.setToolTip(f"{self.view.filter_edit.placeholderText()} ({keys})")
        close = menu.addAction(self.tr("&Close"))
        close.setShortcut(QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)

    def focus_filter(self) -> None:
        """Listings > Filter (Ctrl+F): the keys to the filter field, its text selected."""
        self.view.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.view.filter_edit.selectAll()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.store.close()
