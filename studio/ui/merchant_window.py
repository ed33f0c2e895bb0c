"""The merchant's workspace (issue 7): the listings view in its own window, with the store applet link.

It opens the local listings store (SQLite under STUDIO_HOME); pushes and pulls go through the session factory
it is given (the account menu's: the current server with the stored token).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from studio.core.listings_store import ListingsStore
from studio.platform.session import PlatformSession
from studio.ui.listings_view import ListingsView


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
        close = menu.addAction(self.tr("&Close"))
        close.setShortcut(QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.store.close()
