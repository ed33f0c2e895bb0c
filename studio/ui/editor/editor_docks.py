"""The docks around the editor: each panel in a scrolling dock on the right, tabbed so the window fits a laptop,
and View > Go to Panel (Ctrl+1 … Ctrl+8 put the keys in a panel).

Must not hold: the panels themselves (`editor`, `platform_panels`).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QMenu, QScrollArea, QWidget

from studio.ui.keyboard import focus_first
from studio.ui.menus import make_action

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

RIGHT_DOCK_WIDTH = 380

TAB_GROUPS = (("productsDock", "coverDock", "postDock", "soundDock"), ("problemsDock", "uploadsDock", "postsDock"))
"""The default layout's tab groups, each shown on its first dock: the cover, the post's text and the sound with the
product picker; the upload queue and the creator's posts with the problems, so the upper tab row stays short."""


def default_state(docks: list[QDockWidget]) -> QByteArray:
    """The default arrangement of `docks` (one column on the right, tabbed as TAB_GROUPS says), as saveState
    writes it. Built in a scratch window with stand-in docks of the same names, so that the tab bars tabifying
    leaves behind die with the scratch window."""
    scratch = QMainWindow()
    stand_ins = {}
    for dock in docks:
        stand_in = QDockWidget(scratch)
        stand_in.setObjectName(dock.objectName())
        scratch.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, stand_in)
        stand_ins[dock.objectName()] = stand_in
    for first, *others in TAB_GROUPS:
        for other in others:
            scratch.tabifyDockWidget(stand_ins[first], stand_ins[other])
        stand_ins[first].raise_()
    return scratch.saveState()


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
        self.creator_docks = [self._dock(name, title, widget) for name, title, widget in (
            ("coverDock", self.tr("Cover"), editor.cover_panel),
            ("postDock", self.tr("Post"), editor.post_editor),
            ("soundDock", self.tr("Sound"), editor.sound_panel),
            ("uploadsDock", self.tr("Uploads"), platform.upload_queue),
            ("postsDock", self.tr("My Posts"), platform.posts_panel))]
        self.all_docks = self.popup_docks + self.creator_docks
        self.panel_actions: list[QAction] = []

    def arrange(self, saved: QByteArray | None) -> None:
        """Put the docks in the saved arrangement, or (first run, or a state this Qt cannot read) in the default
        one. Either way through restoreState, never tabifyDockWidget on this window: under Qt 6.11 tabifying
        into a second tab group leaves a replaced tab bar behind, and restoreState over tabbed docks leaves every
        replaced one, each shown over the docks or the status bar until the event loop deletes it."""
        if saved is None or not self.window.restoreState(saved):
            self.window.restoreState(default_state(self.all_docks))
            QTimer.singleShot(0, self.size_docks)
        # the tabbed panels would widen the dock area to the widest one's size hint; the picture comes first
        self.window.resizeDocks(self.popup_docks, [RIGHT_DOCK_WIDTH] * len(self.popup_docks),
                                Qt.Orientation.Horizontal)

    def _dock(self, name: str, title: str, widget: QWidget) -> QDockWidget:
        """A dock on the right holding `widget` in a scroll area (panels taller or wider than a laptop's dock
        scroll, so the window always fits a 1280x800 screen)."""
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
        return dock

    def size_docks(self) -> None:
        """First run: most room for the tabbed panels (products with a product's details, cover, post); the
        inspector's hint fits in less (a selected popup's fields scroll); Problems' tabs keep rows to read."""
        self.window.resizeDocks(self.popup_docks, [335, 115, 250], Qt.Orientation.Vertical)

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
