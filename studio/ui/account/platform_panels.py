"""What the creator's window shows of the platform: the account menu, the upload queue and the creator's posts,
and the wiring between them (the session they share, uploading a package, a post's popup back in the editor).

Must not hold: talking to the platform (`studio.platform`), the panels' own widgets.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget, QFileDialog

from studio.core.package import SUFFIX as PACKAGE_SUFFIX
from studio.core.timeline import format_ms
from studio.ui.account.account_menu import AccountMenu
from studio.ui.account.posts_panel import PostsPanel
from studio.ui.account.upload_queue import UploadQueuePanel
from studio.ui.menus import make_action
from studio.ui.workers import Task

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow


class PlatformPanels(QObject):
    """The account menu, the upload queue and My Posts, sharing one session."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.account_menu = AccountMenu(None, window)
        factory = self.account_menu.session_factory
        self.upload_queue = UploadQueuePanel(factory, self.account_menu.server, window)
        self.posts_panel = PostsPanel(factory, window, project_path=self._saved_project_path,
                                      popup_label=self._popup_label)
        self.act_upload = make_action(window, self.tr("&Upload Package…"), "Ctrl+U", self.upload_dialog)
        self.posts_panel.popupRequested.connect(self._jump_to_popup)
        self.posts_panel.authRequired.connect(self.account_menu.handle_auth_required)
        self.upload_queue.auth_required.connect(self.account_menu.handle_auth_required)
        self.upload_queue.upload_started.connect(self._follow_upload)
        self.account_menu.accountChanged.connect(self._account_changed)

    def _follow_upload(self, task: Task, record_id: int) -> None:
        """An upload shows in the window's task list; its Cancel there is the queue's Cancel."""
        record = self.upload_queue.store.get(record_id)
        name = Path(record.path).name if record is not None else ""
        self.window.tasks.follow(task, self.tr("Uploading {name}…").format(name=name),
                                 functools.partial(self._upload_result, record_id),
                                 functools.partial(self.upload_queue.cancel, record_id))

    def _upload_result(self, record_id: int, _result: object) -> str:
        return self.upload_queue.result_text(record_id)

    def _saved_project_path(self) -> Path | None:
        """For "fix and send again": the project saved first (None when it has never been saved)."""
        document = self.window.document
        if document.path is None:
            return None
        if document.modified and not self.window.files.save_to(document.path):
            return None
        return document.path

    def _popup_label(self, popup_id: str) -> str:
        popup = next((p for p in self.window.editor.popup_editor.popups if p.id == popup_id), None)
        if popup is None:
            return self.tr("Popup {id}").format(id=popup_id[:8])
        title = str(popup.snapshot.get("title") or popup.sku)
        return f"{title} ({format_ms(popup.start_ms)})"

    def _jump_to_popup(self, popup_id: str) -> None:
        self.window.editor.popup_editor.jump_to(popup_id)
        self.window.raise_()

    def connect_platform(self, server: str) -> None:
        """Talk to `server` from now on: ask who is logged in there and hand the panels its session."""
        self.account_menu.server = server
        self.account_menu.refresh()
        self._account_changed()

    def _account_changed(self) -> None:
        factory = self.account_menu.session_factory
        self.upload_queue.server = self.account_menu.server
        self.upload_queue.set_session_factory(factory)
        for record in self.upload_queue.model.records:
            if record.state == "paused":
                self.upload_queue.resume(record.id)
        self.posts_panel.set_session_factory(factory)
        self.window.editor.product_picker.keeper.set_session_factory(factory, self.account_menu.server)

    def upload_dialog(self) -> None:
        """File > Upload Package: the last package made, or one the person picks, goes into the queue."""
        last = self.window.last_package
        name, _ = QFileDialog.getOpenFileName(self.window, self.tr("Upload package"), str(last) if last else "",
                                              self.tr("Good Circle packages (*{suffix})").format(suffix=PACKAGE_SUFFIX))
        if name:
            self.upload(Path(name))

    def upload(self, package: Path) -> Task:
        dock = self.window.findChild(QDockWidget, "uploadsDock")
        assert dock is not None  # EditorDocks made it with the window
        dock.show()
        dock.raise_()
        return self.upload_queue.add_package(package)

    def shutdown(self) -> None:
        self.upload_queue.shutdown()  # running uploads pause; they resume next time
        self.posts_panel.shutdown()
        self.window.editor.product_picker.keeper.shutdown()
