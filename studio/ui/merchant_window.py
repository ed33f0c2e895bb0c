"""The merchant's workspace (issue 7): the listings view in its own window, with the store applet link.

It opens the local listings store (SQLite under STUDIO_HOME), and pushes and pulls through a session on the
current server with the stored token (`studio.platform.credentials`); without a token Push and Pull say so.
"""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from studio.core.errors import QT_TRANSLATE_NOOP
from studio.core.listings_store import ListingsStore
from studio.platform.credentials import default_server, load_token
from studio.platform.session import AuthRequired, PlatformSession
from studio.ui.listings_view import ListingsView

T_NOT_LOGGED_IN = QT_TRANSLATE_NOOP("errors", "not logged in to {server}: log in from the account menu first")


def current_session() -> PlatformSession:
    """A session on the current server with the stored token (called on a worker thread)."""
    server = default_server()
    token = load_token(server)
    if token is None:
        raise AuthRequired(T_NOT_LOGGED_IN, server, code="not_logged_in", server=server)
    return PlatformSession(server, token.value)


class MerchantWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("merchantWindow")
        self.setWindowTitle(self.tr("Listings — Good Circle Studio"))
        self.resize(1280, 800)
        self.store = ListingsStore.open()
        self.view = ListingsView(self.store, self, session_factory=current_session)
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
