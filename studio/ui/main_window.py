"""The creator's main window, a shell: it assembles the editor, its docks, the platform panels, the task list and
the menus, and keeps the title, the status bar, the window's geometry, drops and closing.

The parts are their own modules: `editor` (picture, timeline, panels' widgets, editing), `editor_docks`,
`platform_panels`, `project_files` (open, save, export, pack), `workspaces` (merchant and review windows),
`recovery_offer`, `task_list` and `menus`. The window computes nothing itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from studio.core import paths, settings
from studio.ui.account.platform_panels import PlatformPanels
from studio.ui.app_windows import app_windows
from studio.ui.editor.document import Document
from studio.ui.editor.editor import Editor
from studio.ui.editor.editor_docks import EditorDocks
from studio.ui.editor.project_files import ProjectFiles
from studio.ui.editor.recovery_offer import RecoveryOffer
from studio.ui.keyboard import PanelKeys, focus_next_shown
from studio.ui.menus import Menus
from studio.ui.task_list import TaskList
from studio.ui.welcome import WelcomeDialog
from studio.ui.workspaces import Workspaces


class MainWindow(QMainWindow):
    packed = Signal(str)
    """A package was written (its path)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings.Settings()
        self.document = Document(self)
        self.last_package: Path | None = None
        self._may_close = self._closing = False
        app_windows().adopt(self)
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self.facts_label = QLabel(self)
        self.facts_label.setObjectName("factsLabel")
        self.statusBar().addWidget(self.facts_label, 1)
        self.tasks = TaskList(self)
        self.editor = editor = Editor(self)
        self.files = ProjectFiles(self)
        self.workspaces = Workspaces(self)
        self.platform = PlatformPanels(self)
        self.setCentralWidget(editor.centre)
        self.docks: EditorDocks = EditorDocks(self)
        self.panel_keys = PanelKeys(self, editor.centre)  # in a panel, Space, arrows and letters go to its widgets
        self.menus = Menus(self)
        self.recovery = RecoveryOffer(self)
        # the parts most often reached through the window
        self.view, self.player, self.timeline, self.transport = editor.view, editor.player, editor.timeline, \
            editor.transport
        self.popup_editor, self.popup_lanes, self.proposals, self.proposal_row = \
            editor.popup_editor, editor.popup_lanes, editor.proposals, editor.proposal_row
        self.product_picker, self.popup_inspector, self.problems_panel = \
            editor.product_picker, editor.popup_inspector, editor.problems_panel
        self.cover_panel, self.post_editor, self.sound_panel = editor.cover_panel, editor.post_editor, \
            editor.sound_panel
        self.account_menu, self.upload_queue, self.posts_panel = \
            self.platform.account_menu, self.platform.upload_queue, self.platform.posts_panel
        self.platform.account_menu.workspaceRequested.connect(self.workspaces.start_workspace)
        self.document.pathChanged.connect(self._update_title)
        self.document.modifiedChanged.connect(self._update_title)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(self.settings.get(settings.AUTOSAVE_SECONDS) * 1000)
        self.autosave_timer.timeout.connect(self.files.autosave)
        self.autosave_timer.start()
        self._restore_window_state()
        self.refresh()

    # --- what the app and other windows ask of it ------------------------------------------------------

    def open_path(self, path: Path) -> None:
        self.files.open_path(path)

    def offer_recovery(self) -> QMessageBox | None:
        return self.recovery.offer()

    def show_welcome(self, platform_url: str = "") -> WelcomeDialog:
        return self.workspaces.show_welcome(platform_url)

    def connect_platform(self, server: str) -> None:
        self.platform.connect_platform(server)

    def show_transient(self, message: str) -> None:
        self.statusBar().showMessage(message, 5000)

    def say_language_problem(self, problem: str) -> QMessageBox:
        """Why the chosen language cannot be shown, in a box that stays until read."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Language"), problem, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("languageProblem")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def refresh(self) -> None:
        """Actions, title, facts and trim follow the document just put in place."""
        has_media = self.document.has_media
        for action in self.editor.media_actions + self.files.media_actions:
            action.setEnabled(has_media)
        self._update_title()
        self.facts_label.setText(self.editor.facts_text())
        self.editor.show_trim()

    def _update_title(self, *_: object) -> None:
        if self.document.path is not None:
            name = self.document.path.name
        elif self.document.media_path is not None:
            name = self.document.media_path.name
        else:
            name = self.tr("No project")
        self.setWindowTitle(self.tr("{name}[*] — Good Circle Studio").format(name=name))
        self.setWindowModified(self.document.modified)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab skips the panels tabbed behind others (Qt counts them as shown)."""
        return focus_next_shown(super().focusNextPrevChild, next)

    # --- window state -----------------------------------------------------------------------------------

    def _qsettings(self) -> QSettings:
        return QSettings(str(paths.qt_settings_file()), QSettings.Format.IniFormat)

    def _restore_window_state(self) -> None:
        stored = self._qsettings()
        geometry = stored.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = stored.value("main/state")
        self.docks.arrange(state if isinstance(state, QByteArray) else None)

    def _save_window_state(self) -> None:
        stored = self._qsettings()
        stored.setValue("main/geometry", self.saveGeometry())
        stored.setValue("main/state", self.saveState())
        stored.sync()

    # --- drag and drop, closing -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.files.open_path(files[0])

    def settle(self, then: Callable[[], object]) -> None:
        """Before closing: ask about running tasks, then about unsaved changes (Save As for an untitled project);
        `then` once the window may close (after that it closes without asking)."""
        self.tasks.ask_to_stop(functools.partial(self.files.ask_to_discard, functools.partial(self._settled, then)))

    def _settled(self, then: Callable[[], object]) -> None:
        self._may_close = True
        then()

    def _close_when_settled(self) -> None:
        if not self._closing:  # answered later, in a dialog: close now (answered at once, closeEvent goes on)
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_close:
            self._closing = True
            if app_windows().last_of_its_kind(self):
                # the last one's close button is Quit: every window settles and the others close; this one
                # closes here when it settled at once (Qt ignores a close() made inside its closeEvent), or
                # from quit's own close() once a dialog was answered
                app_windows().quit(asking=self)
            else:
                self.settle(self._close_when_settled)
            self._closing = False
            if not self._may_close:
                event.ignore()
                return
        self.tasks.cancel_all()
        self.editor.shutdown()
        self.platform.shutdown()
        self._save_window_state()
        event.accept()


def app_icon() -> QIcon:
    """The app's icon in every size that ships (crisp at any scale and on high-DPI screens)."""
    icon = QIcon()
    for path in sorted((paths.resources_dir() / "icons").glob("app-*.png")):
        icon.addFile(str(path))
    return icon
