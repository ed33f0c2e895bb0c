"""The docks around the editor: each panel in a scrolling dock on the right, tabbed so the window fits a laptop,
and View > Go to Panel (Ctrl+1 … Ctrl+8 put the keys in a panel).

Must not hold: the panels themselves (`editor`, `platform_panels`).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QFrame, QMenu, QScrollArea, QWidget

from studio.ui.keyboard import focus_first
from studio.ui.menus import make_action

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

RIGHT_DOCK_WIDTH = 380


class EditorDocks(QObject):
    """Puts the editor's and the platform's panels in docks and moves the keyboard between them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        editor, platform = window.editor, window.platform
        # the product picker, the popup inspector and the problems list, docked on the right
        self.popup_docks = [self._dock(name, title, widget) for name, title, widget in (
            ("productsDock", self.tr("Products"), editor.product_picker),
            ("popupDock", self.tr("Popup"), editor.popup_inspector),
            ("problemsDock", self.tr("Problems"), editor.problems_panel))]
        # the cover, the post's text and the sound, tabbed with the product picker
        self.creator_docks = [self._dock(name, title, widget, tab_with=self.popup_docks[0]) for name, title, widget
                              in (("coverDock", self.tr("Cover"), editor.cover_panel),
                                  ("postDock", self.tr("Post"), editor.post_editor),
                                  ("soundDock", self.tr("Sound"), editor.sound_panel))]
        self.popup_docks[0].raise_()
        # the upload queue and the creator's posts, tabbed with the problems, so the upper tab row stays short
        self.creator_docks += [self._dock(name, title, widget, tab_with=self.popup_docks[2]) for name, title, widget
                               in (("uploadsDock", self.tr("Uploads"), platform.upload_queue),
                                   ("postsDock", self.tr("My Posts"), platform.posts_panel))]
        self.popup_docks[0].raise_()
        self.popup_docks[2].raise_()
        # the tabbed panels would widen the dock area to the widest one's size hint; the picture comes first
        window.resizeDocks(self.popup_docks, [RIGHT_DOCK_WIDTH] * len(self.popup_docks), Qt.Orientation.Horizontal)
        self.all_docks = self.popup_docks + self.creator_docks
        self.panel_actions: list[QAction] = []

    def _dock(self, name: str, title: str, widget: QWidget, tab_with: QDockWidget | None = None) -> QDockWidget:
        """A dock on the right holding `widget` in a scroll area (panels taller or wider than a laptop's dock
        scroll, so the window always fits a 1280x800 screen), tabbed with `tab_with` when given."""
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        scroll = QScrollArea(dock)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the panel's fields, not to the scroll area
        scroll.setWidget(widget)
        dock.setWidget(scroll)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)  # a panel can get a window's room
        dock.setMinimumWidth(300)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        if tab_with is not None:
            self.window.tabifyDockWidget(tab_with, dock)
        return dock

    def size_docks(self) -> None:
        """First run: most room for the tabbed panels (cover, post), enough for the inspector."""
        self.window.resizeDocks(self.popup_docks, [300, 220, 240], Qt.Orientation.Vertical)  # Problems' tabs show rows

    def add_panel_menu(self, view_menu: QMenu) -> None:
        """View > Go to Panel: Ctrl+1 … Ctrl+8 put the keyboard focus in a dock, Esc back on the timeline."""
        menu = view_menu.addMenu(self.tr("&Go to Panel"))
        menu.addAction(self.window.editor.act_to_timeline)
        menu.addSeparator()
        for number, dock in enumerate(self.all_docks, start=1):
            action = make_action(self.window, dock.windowTitle(), f"Ctrl+{number}",
                                 functools.partial(self.go_to_panel, dock))
            menu.addAction(action)
            self.panel_actions.append(action)

    def go_to_panel(self, dock: QDockWidget, *_: object) -> None:
        """Show and raise `dock` and put the keyboard focus on its first field (the popup lanes for the Popup
        dock while no popup is selected: Up and Down select one there)."""
        dock.show()
        dock.raise_()
        if dock.isFloating():
            dock.activateWindow()
        if focus_first(dock.widget()):
            return
        if dock is self.popup_docks[1]:
            self.window.editor.popup_lanes.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.window.statusBar().showMessage(
                self.tr("Select a popup with Up and Down in the lanes under the timeline"), 8000)
