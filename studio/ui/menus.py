"""The main window's menu bar and the actions no workspace owns: how an action is made (its shortcut named in its
tooltip), the menus assembled from the parts' actions, Open Recent, View > Language and Theme, and Help.

Must not hold: what an action does (each part owns its actions and their slots).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from studio.core import settings
from studio.ui.about_dialog import AboutDialog
from studio.ui.i18n import LANGUAGES, chosen_language, language_problem
from studio.ui.theme import apply_theme
from studio.ui.user_guide import UserGuideDialog

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow


def make_action(window: QWidget, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                slot: Callable[[], object] | None = None, icon: QIcon | None = None) -> QAction:
    """An action of `window` (its shortcut works anywhere in it), its shortcut named in its tooltip."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        # the tooltip names the shortcut (a later setToolTip says more and names it itself)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{action.toolTip()} ({keys})")
    if slot is not None:
        action.triggered.connect(slot)
    if icon is not None:
        action.setIcon(icon)
    window.addAction(action)
    return action


class Menus(QObject):
    """Builds the window's menu bar from its parts' actions; keeps Open Recent current; Language, Theme, Help."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.act_about = make_action(window, self.tr("&About Good Circle Studio"), None, self.show_about)
        self.act_guide = make_action(window, self.tr("&User Guide"), QKeySequence.StandardKey.HelpContents,
                                     self.show_guide)
        files, editor, workspaces = window.files, window.editor, window.workspaces
        bar = window.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(files.act_open)
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.triggered.connect(self._open_recent)
        file_menu.addSeparator()
        file_menu.addActions([files.act_save, files.act_save_as, files.act_export, files.act_pack, files.act_close])
        file_menu.addAction(window.platform.act_upload)
        file_menu.addSeparator()
        file_menu.addAction(workspaces.act_open_package)
        file_menu.addSeparator()
        file_menu.addAction(files.act_quit)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addActions([editor.act_undo, editor.act_redo])
        edit_menu.addSeparator()
        edit_menu.addActions([editor.act_set_in, editor.act_set_out, editor.act_clear_trim,
                              editor.act_snap_keyframes])
        edit_menu.addSeparator()
        edit_menu.addAction(editor.act_delete_popup)
        edit_menu.addAction(editor.act_find_products)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addActions([dock.toggleViewAction() for dock in window.docks.all_docks])
        window.docks.add_panel_menu(view_menu)
        view_menu.addAction(window.tasks.act_show)
        play_menu = bar.addMenu(self.tr("&Playback"))
        play_menu.addActions([editor.act_play, editor.act_step_back, editor.act_step_forward, editor.act_jump_back,
                              editor.act_jump_forward])
        play_menu.addSeparator()
        play_menu.addActions([editor.act_shuttle_back, editor.act_shuttle_stop, editor.act_shuttle_forward])
        play_menu.addSeparator()
        play_menu.addActions([editor.act_goto_start, editor.act_goto_end, editor.act_goto_time])
        bar.addMenu(window.platform.account_menu)
        self._build_preferences_menu(view_menu)
        window_menu = bar.addMenu(self.tr("&Window"))
        window_menu.addActions([workspaces.act_listings, workspaces.act_review_queue])
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addActions([self.act_guide, workspaces.act_welcome, self.act_about])
        self.update_recent()

    def update_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.window.settings.get(settings.RECENT_FILES)
        for number, name in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{number % 10} {Path(name).name}")
            action.setToolTip(name)
            action.setData(name)
        self.recent_menu.setEnabled(bool(recent))

    def _open_recent(self, action: QAction) -> None:
        self.window.files.open_path(Path(str(action.data())))

    def _build_preferences_menu(self, view_menu: QMenu) -> None:
        """View > Language and View > Theme: the person's choice, kept in the settings."""
        view_menu.addSeparator()
        language_menu = view_menu.addMenu(self.tr("&Language"))
        current = self.window.settings.get(settings.LANGUAGE)
        group = QActionGroup(self)
        for code, name in (("", self.tr("System")), *LANGUAGES.items()):
            action = language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.setData(code)
            group.addAction(action)
        group.triggered.connect(self._language_chosen)
        theme_menu = view_menu.addMenu(self.tr("&Theme"))
        themes = QActionGroup(self)
        for code, name in (("system", self.tr("Follow the System")), ("dark", self.tr("Dark")),
                           ("light", self.tr("Light"))):
            action = theme_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == self.window.settings.get(settings.THEME))
            action.setData(code)
            themes.addAction(action)
        themes.triggered.connect(self._theme_chosen)

    def _language_chosen(self, action: QAction) -> None:
        self.window.settings.set(settings.LANGUAGE, str(action.data()))
        problem = language_problem(str(action.data()) or chosen_language())
        if problem:
            self.window.say_language_problem(problem)
        else:
            self.window.statusBar().showMessage(self.tr("The language changes the next time the app starts."), 8000)

    def _theme_chosen(self, action: QAction) -> None:
        self.window.settings.set(settings.THEME, str(action.data()))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, str(action.data()))

    def show_guide(self) -> UserGuideDialog:
        dialog = UserGuideDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
