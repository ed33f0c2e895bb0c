"""The main window: menus and shortcuts, the player and timeline, open/save, recent files, autosave.

It wires widgets to the `Document` and runs slow work (probe, frame index, filmstrip) through
`workers.run_task`, with progress and Cancel in the status bar. It holds no rules: trim math lives in
`core.trim`, project files in `core.project_file`, relinking in `core.media_ref`.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import shiboken6
from PySide6.QtCore import QByteArray, QRectF, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QImage,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studio.core import paths, settings, timeline, trim
from studio.core.cancel import CancelToken, Progress
from studio.core.media_info import MediaInfo
from studio.core.media_ref import make_media_ref, resolve_media
from studio.core.project import Popup, Project
from studio.core.project_file import load_project
from studio.core.recovery import RecoveryEntry, discard_recovery, list_recoveries, load_recovery
from studio.core.timeline import format_ms
from studio.jobs.demo import make_demo_project
from studio.jobs.pack import PackResult, pack_project
from studio.media.filmstrip import filmstrip
from studio.media.frames import FrameServer
from studio.media.probe import probe
from studio.media.proxy import PROXY_SHORT_SIDE, find_proxy, make_proxy
from studio.media.waveform import BUCKET_MS as WAVEFORM_BUCKET_MS
from studio.media.waveform import waveform_peaks
from studio.ui import icons, locale_format
from studio.ui.about_dialog import AboutDialog
from studio.ui.account_menu import AccountMenu
from studio.ui.cover_panel import CoverPanel
from studio.ui.document import Document
from studio.ui.errors import show_error, translated
from studio.ui.export_dialog import ExportDialog
from studio.ui.finder_proposals import FindOutcome, ProposalRow, Proposals, find_job
from studio.ui.i18n import LANGUAGES
from studio.ui.keyboard import PanelKeys, focus_first, focus_next_shown
from studio.ui.merchant_window import MerchantWindow
from studio.ui.player import Player, rgb_to_qimage
from studio.ui.popup_card_drag import PopupCardDrag
from studio.ui.popup_editor import PopupEditor
from studio.ui.popup_inspector import PopupInspector
from studio.ui.popup_lanes import PopupLanes
from studio.ui.post_editor import PostEditor
from studio.ui.posts_panel import PostsPanel
from studio.ui.problems_panel import ProblemsPanel
from studio.ui.product_picker import ProductPicker
from studio.ui.reframe_bar import ReframeBar
from studio.ui.relink_dialog import RelinkDialog
from studio.ui.review_queue import ReviewQueueDialog
from studio.ui.review_window import ReviewWindow
from studio.ui.sound_panel import SoundPanel
from studio.ui.timeline import TimelineWidget
from studio.ui.transport_bar import TransportBar
from studio.ui.undo_commands import SetTrim
from studio.ui.upload_queue import UploadQueuePanel
from studio.ui.user_guide import UserGuideDialog
from studio.ui.video_view import VideoView
from studio.ui.welcome import WelcomeDialog
from studio.ui.workers import Task, run_task

PACKAGE_SUFFIX = ".gcpkg"
RIGHT_DOCK_WIDTH = 380

PROJECT_SUFFIX = ".gcs"
VIDEO_FILTER = "*.mp4 *.mov *.m4v *.mkv *.webm *.avi *.mts *.m2ts *.3gp"
JUMP_MS = 1000


class MainWindow(QMainWindow):
    packed = Signal(str)
    """A package was written (its path)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings.Settings()
        self.document = Document(self)
        self._task: Task | None = None
        self._filmstrip_task: Task | None = None
        self._proxy_task: Task | None = None
        self._drag_serial = 0
        self.review_windows: list[ReviewWindow] = []
        self.merchant_window: MerchantWindow | None = None
        self.last_package: Path | None = None
        self.setAcceptDrops(True)
        self.resize(1280, 800)

        self.view = VideoView(self)
        self.view.set_placeholder(self.tr("Open a video or a project (Ctrl+O), or drop a file here"))
        self.player = Player(self.view, self)
        self.timeline = TimelineWidget(self)
        self.popup_editor = PopupEditor(self.document, self)
        self.popup_lanes = PopupLanes(self.popup_editor, self.timeline, self)
        self.proposals = Proposals(self.popup_editor, self)  # the product finder's ghost popups
        self.proposal_row = ProposalRow(self.proposals, self.timeline, self)
        self._build_actions()
        self.transport = TransportBar([self.act_step_back, self.act_play, self.act_step_forward,
                                       self.act_set_in, self.act_set_out], self)

        top = QWidget(self)
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.reframe_bar = ReframeBar(self.document, self.view, self)  # landscape/square: how to become 9:16
        column.addWidget(self.reframe_bar)
        column.addWidget(self.view, 1)
        column.addWidget(self.transport)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        lanes_column = QWidget(self)  # the lanes share the timeline's width, so its time axis
        lanes_layout = QVBoxLayout(lanes_column)
        lanes_layout.setContentsMargins(0, 0, 0, 0)
        lanes_layout.setSpacing(0)
        lanes_layout.addWidget(self.timeline, 1)
        lanes_layout.addWidget(self.popup_lanes)
        lanes_layout.addWidget(self.proposal_row)
        splitter.addWidget(lanes_column)
        splitter.setStretchFactor(0, 1)
        splitter.setCollapsible(1, False)
        self.setCentralWidget(splitter)
        self._build_popup_docks()
        self._build_creator_docks()
        self._build_platform_docks()
        self.panel_keys = PanelKeys(self, splitter)  # in a panel, Space, arrows and letters go to its widgets
        self._build_menus()
        self._build_status_bar()

        self.player.positionChanged.connect(self._on_position)
        self.player.playingChanged.connect(self._on_playing)
        # signals from children go to bound methods, never lambdas: Qt drops those connections before the
        # children are destroyed, so nothing fires into a half-deleted window
        self.player.errorOccurred.connect(self._show_transient)
        self.timeline.seekRequested.connect(self.player.seek)
        self.timeline.trimHandleMoved.connect(self._drag_trim)
        self.timeline.trimHandleReleased.connect(self._drag_trim_done)
        self.transport.time_field.timeEntered.connect(self.player.seek)
        self.transport.in_field.timeEntered.connect(self._type_in)
        self.transport.out_field.timeEntered.connect(self._type_out)
        for field in (self.transport.time_field, self.transport.in_field, self.transport.out_field):
            field.timeEntered.connect(self._keys_to_timeline)  # a typed time done, the keys drive the video again
        self.document.changed.connect(self._on_document_changed)
        self.document.pathChanged.connect(self._update_title)
        self.document.modifiedChanged.connect(self._update_title)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(self.settings.get(settings.AUTOSAVE_SECONDS) * 1000)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self._restore_window_state()
        self._update_recent_menu()
        self._update_actions()
        self._update_title()

    # --- construction -----------------------------------------------------------------------------------

    def _action(self, text: str, shortcut: QKeySequence | str | None = None, slot=None,
                icon: QIcon | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            # the tooltip names the shortcut (a later setToolTip says more and names it itself)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{action.toolTip()} ({keys})")
        if slot is not None:
            action.triggered.connect(slot)
        if icon is not None:
            action.setIcon(icon)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.act_open = self._action(self.tr("&Open…"), QKeySequence.StandardKey.Open, self.open_dialog)
        self.act_save = self._action(self.tr("&Save"), QKeySequence.StandardKey.Save, self.save)
        self.act_save_as = self._action(self.tr("Save &As…"), QKeySequence.StandardKey.SaveAs, self.save_as)
        self.act_export = self._action(self.tr("&Export Video…"), "Ctrl+E", self.export_dialog)
        self.act_close = self._action(self.tr("&Close"), QKeySequence.StandardKey.Close, self.close_document)
        self.act_quit = self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        self.act_undo = self.document.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = self.document.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        for extra in (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")):
            if extra not in redo_keys:
                redo_keys.append(extra)
        self.act_redo.setShortcuts(redo_keys)
        self.addActions([self.act_undo, self.act_redo])
        self.act_set_in = self._action(self.tr("Set &In Point"), "I", lambda: self._move_trim("in", None))
        self.act_set_out = self._action(self.tr("Set &Out Point"), "O", lambda: self._move_trim("out", None))
        self.act_clear_trim = self._action(self.tr("Clear In and Out"), "Alt+X", self._clear_trim)
        self.act_snap_keyframes = self._action(self.tr("Snap In and Out to Keyframes"), "Ctrl+K")
        self.act_snap_keyframes.setCheckable(True)
        self.act_snap_keyframes.setToolTip(self.tr("Cut only at keyframes, where a stream copy can cut exactly"))
        self.act_play = self._action(self.tr("Play"), "Space", self.player.toggle, icons.play())
        self.act_step_back = self._action(self.tr("Previous Frame"), "Left", lambda: self.player.step(-1),
                                          icons.step_back())
        self.act_step_forward = self._action(self.tr("Next Frame"), "Right", lambda: self.player.step(1),
                                             icons.step_forward())
        self.act_jump_back = self._action(self.tr("Back 1 Second"), "Shift+Left", lambda: self.player.jump(-JUMP_MS))
        self.act_jump_forward = self._action(self.tr("Forward 1 Second"), "Shift+Right",
                                             lambda: self.player.jump(JUMP_MS))
        self.act_shuttle_back = self._action(self.tr("Play Backward"), "J", self.player.shuttle_back)
        self.act_shuttle_stop = self._action(self.tr("Pause"), "K", self.player.pause)
        self.act_shuttle_forward = self._action(self.tr("Play Forward"), "L", self.player.shuttle_forward)
        self.act_goto_start = self._action(self.tr("Go to Start"), "Home", lambda: self.player.seek(0))
        self.act_goto_end = self._action(self.tr("Go to End"), "End",
                                         lambda: self.player.seek(self.player.frame_times[-1]
                                                                  if self.player.frame_times else 0))
        self.act_goto_time = self._action(self.tr("Go to Time…"), "Ctrl+G", self._focus_time_field)
        self.act_cancel = self._action(self.tr("Cancel Task"), None, self.cancel_task)
        self.act_to_timeline = self._action(self.tr("Back to the &Timeline"), "Esc", self._escape)
        self.act_to_timeline.setToolTip(self.tr("Put the keys back on the timeline; pressed there, cancel the "
                                                "running task (Esc)"))
        self.act_delete_popup = self._action(self.tr("Delete Popup"), QKeySequence.StandardKey.Delete,
                                             self.popup_editor.delete_selected)
        self.act_delete_popup.setEnabled(False)
        self.act_find_products = self._action(self.tr("&Find Products"), "Ctrl+Shift+F", self.find_products)
        self.act_find_products.setToolTip(self.tr("Look for the tagged products in the video and propose popups"))
        self.act_pack = self._action(self.tr("&Pack for Upload…"), "Ctrl+Shift+E", self.pack_dialog)
        self.act_pack.setToolTip(self.tr("Export the video and write the package: cover, product images and "
                                         "popup times (Ctrl+Shift+E)"))
        self.act_open_package = self._action(self.tr("Open &Package for Review…"), "Ctrl+Shift+O",
                                             self.open_package_dialog)
        self.act_about = self._action(self.tr("&About Good Circle Studio"), None, self.show_about)
        self.act_review_queue = self._action(self.tr("&Review Queue…"), None, self.show_review_queue)
        self.act_upload = self._action(self.tr("&Upload Package…"), "Ctrl+U", self.upload_dialog)
        self.act_listings = self._action(self.tr("&Listings (Merchant)…"), "Ctrl+Shift+L", self.open_merchant_workspace)
        self.act_welcome = self._action(self.tr("&Welcome and Setup Check…"), None, self.show_welcome)
        self.act_guide = self._action(self.tr("&User Guide"), QKeySequence.StandardKey.HelpContents, self.show_guide)
        self.media_actions = [self.act_pack, self.act_set_in, self.act_set_out, self.act_clear_trim, self.act_play,
                              self.act_step_back, self.act_step_forward, self.act_jump_back, self.act_jump_forward,
                              self.act_shuttle_back, self.act_shuttle_stop, self.act_shuttle_forward,
                              self.act_goto_start, self.act_goto_end, self.act_goto_time, self.act_save,
                              self.act_export, self.act_save_as, self.act_close, self.act_find_products]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.act_open)
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        file_menu.addSeparator()
        file_menu.addActions([self.act_save, self.act_save_as, self.act_export, self.act_pack, self.act_close])
        file_menu.addAction(self.act_upload)
        file_menu.addSeparator()
        file_menu.addAction(self.act_open_package)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.act_undo, self.act_redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.act_set_in, self.act_set_out, self.act_clear_trim, self.act_snap_keyframes])
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_delete_popup)
        edit_menu.addAction(self.act_find_products)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addActions([dock.toggleViewAction() for dock in self.popup_docks + self.creator_docks])
        self._build_panel_menu(view_menu)
        play_menu = bar.addMenu(self.tr("&Playback"))
        play_menu.addActions([self.act_play, self.act_step_back, self.act_step_forward, self.act_jump_back,
                              self.act_jump_forward])
        play_menu.addSeparator()
        play_menu.addActions([self.act_shuttle_back, self.act_shuttle_stop, self.act_shuttle_forward])
        play_menu.addSeparator()
        play_menu.addActions([self.act_goto_start, self.act_goto_end, self.act_goto_time])
        bar.addMenu(self.account_menu)
        self._build_preferences_menu(view_menu)
        window_menu = bar.addMenu(self.tr("&Window"))
        window_menu.addActions([self.act_listings, self.act_review_queue])
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addActions([self.act_guide, self.act_welcome, self.act_about])

    def _build_panel_menu(self, view_menu: QMenu) -> None:
        """View > Go to Panel: Ctrl+1 … Ctrl+8 put the keyboard focus in a dock, Esc back on the timeline."""
        menu = view_menu.addMenu(self.tr("&Go to Panel"))
        menu.addAction(self.act_to_timeline)
        menu.addSeparator()
        self.panel_actions: list[QAction] = []
        for number, dock in enumerate(self.popup_docks + self.creator_docks, start=1):
            action = self._action(dock.windowTitle(), f"Ctrl+{number}", functools.partial(self.go_to_panel, dock))
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
        if dock is self.findChild(QDockWidget, "popupDock"):
            self.popup_lanes.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.statusBar().showMessage(self.tr("Select a popup with Up and Down in the lanes under the timeline"),
                                         8000)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab skips the panels tabbed behind others (Qt counts them as shown)."""
        return focus_next_shown(super().focusNextPrevChild, next)

    def _keys_to_timeline(self, *_: object) -> None:
        self.timeline.setFocus(Qt.FocusReason.OtherFocusReason)

    def _escape(self) -> None:
        """Esc: from a panel or a field, the keys go back to the timeline; on the timeline, the picture or the
        lanes, Esc cancels the running task."""
        focus = QApplication.focusWidget()
        if focus is None or focus in (self.timeline, self.popup_lanes, self.proposal_row.lanes, self.view):
            self.act_cancel.trigger()
        self.activateWindow()  # from a floating panel too
        self.timeline.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _build_popup_docks(self) -> None:
        """The product picker, the popup inspector and the problems list, docked on the right."""
        self.product_picker = ProductPicker(self.popup_editor, self)
        self.popup_inspector = PopupInspector(self.popup_editor, self)
        self.problems_panel = ProblemsPanel(self.popup_editor, self)
        self.popup_docks: list[QDockWidget] = []
        for name, title, widget in (("productsDock", self.tr("Products"), self.product_picker),
                                    ("popupDock", self.tr("Popup"), self.popup_inspector),
                                    ("problemsDock", self.tr("Problems"), self.problems_panel)):
            self.popup_docks.append(self._dock(name, title, widget))
        self.popup_editor.seekRequested.connect(self.player.seek)
        self.product_picker.find_button.clicked.connect(self.act_find_products.trigger)
        self.popup_editor.selectionChanged.connect(self._popup_selected_for_finder)
        self.proposals.changed.connect(self._show_proposal_box)
        self.proposals.selectionChanged.connect(self._show_proposal_box)
        self.popup_editor.message.connect(self._show_transient)
        self.popup_editor.selectionChanged.connect(self._on_popup_selected)
        self.popup_editor.popupsChanged.connect(self._show_popups_on_player)
        self.document.pathChanged.connect(self._show_popups_on_player)
        self.view.popupClicked.connect(self.popup_editor.select)
        self.card_drag = PopupCardDrag(self.view, self.popup_editor)

    def _dock(self, name: str, title: str, widget: QWidget, tab_with: QDockWidget | None = None) -> QDockWidget:
        """A dock on the right holding `widget` in a scroll area (panels taller or wider than a laptop's dock
        scroll, so the window always fits a 1280x800 screen), tabbed with `tab_with` when given."""
        dock = QDockWidget(title, self)
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
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        if tab_with is not None:
            self.tabifyDockWidget(tab_with, dock)
        return dock

    def _build_creator_docks(self) -> None:
        """The cover, the post's text and the sound, tabbed with the product picker."""
        self.cover_panel = CoverPanel(self.document, parent=self)
        self.post_editor = PostEditor(self.document, self)
        self.sound_panel = SoundPanel(self.document, self)
        self.creator_docks: list[QDockWidget] = []
        for name, title, widget in (("coverDock", self.tr("Cover"), self.cover_panel),
                                    ("postDock", self.tr("Post"), self.post_editor),
                                    ("soundDock", self.tr("Sound"), self.sound_panel)):
            self.creator_docks.append(self._dock(name, title, widget, tab_with=self.popup_docks[0]))
        self.popup_docks[0].raise_()

    def _build_platform_docks(self) -> None:
        """The account (a menu), the upload queue and the creator's posts (docks tabbed with the others)."""
        self.account_menu = AccountMenu(None, self)
        factory = self.account_menu.session_factory
        self.upload_queue = UploadQueuePanel(factory, self.account_menu.server, self)
        self.posts_panel = PostsPanel(factory, self, project_path=self._saved_project_path,
                                      popup_label=self._popup_label)
        for name, title, widget in (("uploadsDock", self.tr("Uploads"), self.upload_queue),
                                    ("postsDock", self.tr("My Posts"), self.posts_panel)):
            # tabbed with the problems, so the upper tab row stays short
            self.creator_docks.append(self._dock(name, title, widget, tab_with=self.popup_docks[2]))
        self.popup_docks[0].raise_()
        self.popup_docks[2].raise_()
        # the tabbed panels would widen the dock area to the widest one's size hint; the picture comes first
        self.resizeDocks(self.popup_docks, [RIGHT_DOCK_WIDTH] * len(self.popup_docks), Qt.Orientation.Horizontal)
        self.posts_panel.popupRequested.connect(self._jump_to_popup)
        self.posts_panel.authRequired.connect(self.account_menu.handle_auth_required)
        self.upload_queue.auth_required.connect(self.account_menu.handle_auth_required)
        self.account_menu.accountChanged.connect(self._account_changed)
        self.account_menu.workspaceRequested.connect(self.start_workspace)

    def _saved_project_path(self) -> Path | None:
        """For "fix and send again": the project saved first (None when it has never been saved)."""
        if self.document.path is None:
            return None
        if self.document.modified and not self._save_to(self.document.path):
            return None
        return self.document.path

    def _popup_label(self, popup_id: str) -> str:
        popup = next((p for p in self.popup_editor.popups if p.id == popup_id), None)
        if popup is None:
            return self.tr("Popup {id}").format(id=popup_id[:8])
        title = str(popup.snapshot.get("title") or popup.sku)
        return f"{title} ({format_ms(popup.start_ms)})"

    def _jump_to_popup(self, popup_id: str) -> None:
        self.popup_editor.jump_to(popup_id)
        self.raise_()

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

    def start_workspace(self, role: str) -> None:
        if role == "merchant":
            self.open_merchant_workspace()
        elif role == "reviewer":
            self.show_review_queue()
        else:
            self.raise_()

    def upload_dialog(self) -> None:
        """File > Upload Package: the last package made, or one the person picks, goes into the queue."""
        start = str(self.last_package) if self.last_package else ""
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Upload package"), start,
                                              self.tr("Good Circle packages (*{suffix})").format(suffix=PACKAGE_SUFFIX))
        if name:
            self.upload(Path(name))

    def upload(self, package: Path) -> Task:
        dock = self.findChild(QDockWidget, "uploadsDock")
        dock.show()
        dock.raise_()
        return self.upload_queue.add_package(package)

    # --- pack, review, about ---------------------------------------------------------------------------

    def pack_dialog(self) -> None:
        """File > Pack for Upload: save the project, then choose where the package goes."""
        if (self.document.path is None or self.document.modified) and not self.save():
            return
        assert self.document.path is not None
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Pack for upload"),
                                              str(self.document.path.with_suffix(PACKAGE_SUFFIX)),
                                              self.tr("Good Circle packages (*{suffix})").format(suffix=PACKAGE_SUFFIX))
        if name:
            self.pack_to(Path(name))

    def pack_to(self, out: Path) -> None:
        """Pack the saved project into `out` in the background (progress and cancel in the status bar)."""
        project_path = self.document.path
        assert project_path is not None

        def work(progress: Progress, cancel: CancelToken) -> PackResult:
            return pack_project(project_path, out, progress=progress, cancel=cancel)

        self._start_task(work, self._packed, self.tr("Packing {name}…").format(name=out.name))

    def _packed(self, result: PackResult) -> None:
        self.last_package = Path(result.output)
        notes = "; ".join(note.message for note in result.notes)
        text = self.tr("Packed {path} ({size})").format(path=result.output, size=locale_format.data_size(result.bytes))
        self.statusBar().showMessage(text + (f" — {notes}" if notes else ""), 12000)
        self.packed.emit(result.output)

    def open_package_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open package for review"), "",
                                              self.tr("Good Circle packages (*{suffix})").format(suffix=PACKAGE_SUFFIX))
        if name:
            self.open_review(Path(name))

    def open_review(self, package: Path, post_id: str | None = None) -> ReviewWindow:
        """Open `package` in a review window (offline, verified first); with the post it came from, the verdict
        can be sent back to the platform."""
        window = ReviewWindow()
        if post_id:
            window.set_post(post_id, self.account_menu.session_factory)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(self._forget_review_windows)
        self.review_windows.append(window)
        window.show()
        window.open_package(package)
        return window

    def _forget_review_windows(self) -> None:
        self.review_windows = [w for w in self.review_windows if shiboken6.isValid(w)]

    def open_merchant_workspace(self) -> MerchantWindow:
        """The merchant's listings in their own window (one per main window)."""
        if self.merchant_window is None or not shiboken6.isValid(self.merchant_window):
            self.merchant_window = MerchantWindow(self.account_menu.session_factory)
            self.merchant_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.merchant_window.show()
        self.merchant_window.raise_()
        return self.merchant_window

    def show_welcome(self, platform_url: str = "") -> WelcomeDialog:
        dialog = WelcomeDialog(platform_url, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.roleChosen.connect(self.start_role)
        dialog.finished.connect(lambda _r: self.settings.set(settings.WELCOME_DONE, True)
                                if dialog.dont_show.isChecked() else None)
        dialog.open()
        return dialog

    def start_role(self, role: str) -> None:
        """What the welcome's role buttons do: the demo project, the listings, or the demo package in review."""
        if role == "merchant":
            self.open_merchant_workspace()
            return
        reviewer = role == "reviewer"

        def work(progress: Progress, cancel: CancelToken) -> Path:
            project = make_demo_project(progress=progress, cancel=cancel)
            if not reviewer:
                return project
            package = project.with_suffix(PACKAGE_SUFFIX)
            if not package.exists():
                pack_project(project, package, mode="copy", progress=progress, cancel=cancel)
            return package

        def done(path: Path) -> None:
            if reviewer:
                self.open_review(path)
            else:
                self.open_path(path)

        self._start_task(work, done, self.tr("Preparing the demo…"))

    def show_review_queue(self) -> ReviewQueueDialog:
        dialog = ReviewQueueDialog(self.account_menu.session_factory, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.packageReady.connect(lambda path, post: self.open_review(Path(path), post))
        dialog.open()
        return dialog

    def _build_preferences_menu(self, view_menu: QMenu) -> None:
        """View > Language and View > Theme: the person's choice, kept in the settings."""
        view_menu.addSeparator()
        language_menu = view_menu.addMenu(self.tr("&Language"))
        current = self.settings.get(settings.LANGUAGE)
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
            action.setChecked(code == self.settings.get(settings.THEME))
            action.setData(code)
            themes.addAction(action)
        themes.triggered.connect(self._theme_chosen)

    def _language_chosen(self, action: QAction) -> None:
        self.settings.set(settings.LANGUAGE, str(action.data()))
        self.statusBar().showMessage(self.tr("The language changes the next time the app starts."), 8000)

    def _theme_chosen(self, action: QAction) -> None:
        from studio.ui.app import apply_theme

        self.settings.set(settings.THEME, str(action.data()))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, str(action.data()))

    def show_guide(self) -> UserGuideDialog:
        dialog = UserGuideDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_popup_selected(self, popup_id: str) -> None:
        self.act_delete_popup.setEnabled(bool(popup_id))
        self.view.set_selected_popup(popup_id or None)

    def _show_popups_on_player(self) -> None:
        """The player draws the project's popups over the frame it shows (the one card renderer)."""
        folder = self.document.path.parent if self.document.path is not None else None
        self.view.set_popups(self.popup_editor.popups, image_base=folder)  # relative product images

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.facts_label = QLabel(self)
        self.facts_label.setObjectName("factsLabel")
        status.addWidget(self.facts_label, 1)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel_task)
        self.cancel_button.hide()
        status.addPermanentWidget(self.progress_bar)
        status.addPermanentWidget(self.cancel_button)

    # --- window state -----------------------------------------------------------------------------------

    def _qsettings(self) -> QSettings:
        return QSettings(str(paths.qt_settings_file()), QSettings.Format.IniFormat)

    def _restore_window_state(self) -> None:
        stored = self._qsettings()
        geometry = stored.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = stored.value("main/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        else:  # first run: most room for the tabbed panels (cover, post), enough for the inspector
            QTimer.singleShot(0, self._size_docks)

    def _size_docks(self) -> None:
        self.resizeDocks(self.popup_docks, [340, 340, 100], Qt.Orientation.Vertical)

    def _save_window_state(self) -> None:
        stored = self._qsettings()
        stored.setValue("main/geometry", self.saveGeometry())
        stored.setValue("main/state", self.saveState())
        stored.sync()

    def _show_transient(self, message: str) -> None:
        self.statusBar().showMessage(message, 5000)

    def _update_title(self, *_: object) -> None:
        if self.document.path is not None:
            name = self.document.path.name
        elif self.document.media_path is not None:
            name = self.document.media_path.name
        else:
            name = self.tr("No project")
        self.setWindowTitle(self.tr("{name}[*] — Good Circle Studio").format(name=name))
        self.setWindowModified(self.document.modified)

    def _update_actions(self) -> None:
        has_media = self.document.has_media
        for action in self.media_actions:
            action.setEnabled(has_media)

    # --- opening ----------------------------------------------------------------------------------------

    def open_dialog(self) -> None:
        dialog = QFileDialog(self, self.tr("Open a video or project"))
        dialog.setNameFilters([self.tr("Videos and projects ({patterns})").format(
            patterns=f"{VIDEO_FILTER} *{PROJECT_SUFFIX}"), self.tr("All files (*)")])
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda name: self.open_path(Path(name)))
        dialog.open()

    def open_path(self, path: Path) -> None:
        """Open a project file or a video (a new project around it)."""
        path = Path(path).expanduser().absolute()
        if not self._can_discard():
            return
        if path.suffix.lower() == PROJECT_SUFFIX:
            try:
                project = load_project(path)
            except Exception as exc:
                show_error(self, exc)
                return
            self._open_project(project, path)
        else:
            self._load_media(path, None, None)

    def _open_project(self, project: Project, project_path: Path | None, *, recovered: bool = False) -> None:
        if project.source is None:
            self.document.replace(project, project_path, None, None, modified=recovered)
            self._after_load(project_path)
            return
        media = resolve_media(project.source, project_path)
        if media is None:
            dialog = RelinkDialog(project.source, project_path, self)
            dialog.relinked.connect(lambda found: self._load_media(found, project, project_path, recovered=recovered))
            dialog.open()
            return
        self._load_media(media, project, project_path, recovered=recovered)

    def _load_media(self, media: Path, project: Project | None, project_path: Path | None, *,
                    recovered: bool = False) -> None:
        """Probe and index `media` off the GUI thread, then show it; a relinked source is an edit to save."""
        relinked = project is not None and project.source is not None and resolve_media(project.source,
                                                                                         project_path) is None

        def work(progress: Progress, cancel: CancelToken) -> tuple[MediaInfo, FrameServer, Project]:
            progress(0, 3)
            info = probe(media, keyframes=True, cancel=cancel)
            progress(1, 3)
            server = FrameServer(info)
            progress(2, 3)
            target = project if project is not None else Project()
            target.source = make_media_ref(media, project_path)
            progress(3, 3)
            return info, server, target

        def done(result: tuple[MediaInfo, FrameServer, Project]) -> None:
            info, server, target = result
            self.player.clear()
            self.document.replace(target, project_path, media, info, modified=recovered or relinked)
            self.player.set_media(info, server)
            self.popup_editor.set_frame_times(self.player.frame_times)
            self.popup_editor.set_position(self.player.position)  # clear() reset it without a signal
            self.timeline.set_media(info.duration_ms, list(info.keyframes_ms or ()))
            self._after_load(project_path or media)
            self._start_filmstrip(info)
            self._start_proxy(info)

        self._start_task(work, done, self.tr("Opening {name}…").format(name=media.name))

    def _after_load(self, recent: Path | None) -> None:
        if recent is not None:
            self.settings.add_recent(str(recent))
            self._update_recent_menu()
        self._update_actions()
        self._update_title()
        self._update_facts()
        self._on_document_changed()

    def _start_filmstrip(self, info: MediaInfo) -> None:
        if self._filmstrip_task is not None:
            self._filmstrip_task.cancel()

        def work(progress: Progress, cancel: CancelToken) -> tuple[list[tuple[int, QImage]], np.ndarray]:
            thumbs = [(thumb.time_ms, rgb_to_qimage(thumb.image))
                      for thumb in filmstrip(info, progress=progress, cancel=cancel)]
            return thumbs, waveform_peaks(info, WAVEFORM_BUCKET_MS, cancel)

        def done(result: tuple[list[tuple[int, QImage]], np.ndarray]) -> None:
            if self.document.media_info is info:
                self.timeline.set_thumbs(result[0])
                self.timeline.set_waveform(result[1], WAVEFORM_BUCKET_MS)

        self._filmstrip_task = run_task(work, on_done=done, on_error=lambda _e: None, owner=self, label="filmstrip")

    def _start_proxy(self, info: MediaInfo) -> None:
        """Make the scrub proxy in the background when the source is larger than it (once per file)."""
        if self._proxy_task is not None:
            self._proxy_task.cancel()
            self._proxy_task = None
        if find_proxy(info) is not None or min(info.display_width, info.display_height) <= PROXY_SHORT_SIDE:
            return
        self._proxy_task = run_task(lambda progress, cancel: make_proxy(info, progress, cancel),
                                    on_error=lambda _e: None, owner=self, label="proxy")

    def close_document(self) -> None:
        if not self._can_discard():
            return
        self.document.discard_recovery()
        self.player.clear()
        self.timeline.clear()
        self.popup_editor.set_frame_times(())
        self.document.replace(Project(), None, None, None)
        self._after_load(None)

    # --- saving -----------------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.document.path is None:
            self.save_as()
            return False
        return self._save_to(self.document.path)

    def save_as(self) -> None:
        dialog = QFileDialog(self, self.tr("Save project"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(PROJECT_SUFFIX.lstrip("."))
        dialog.setNameFilter(self.tr("Good Circle projects (*{suffix})").format(suffix=PROJECT_SUFFIX))
        if self.document.media_path is not None:
            dialog.selectFile(str(self.document.media_path.with_suffix(PROJECT_SUFFIX)))
        dialog.fileSelected.connect(lambda name: self._save_to(Path(name)))
        dialog.open()

    def _save_to(self, path: Path) -> bool:
        try:
            saved = self.document.save(path)
        except Exception as exc:
            show_error(self, exc)
            return False
        self.settings.add_recent(str(saved))
        self._update_recent_menu()
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=saved), 4000)
        return True

    def export_dialog(self) -> ExportDialog | None:
        """File > Export Video: the kept range, in the mode the person picks (non-blocking dialog)."""
        info = self.document.media_info
        if info is None or self.document.media_path is None:
            return None
        kept = trim.effective(self.document.project.trim, info.duration_ms)
        out = self.document.media_path.with_name(self.document.media_path.stem + "-export.mp4")
        dialog = ExportDialog(info, kept.start_ms, kept.end_ms, out, self)
        dialog.accepted.connect(lambda: self._exported(dialog))
        dialog.open()
        return dialog

    def _exported(self, dialog: ExportDialog) -> None:
        result = dialog.result
        if result is not None:
            self.statusBar().showMessage(self.tr("Exported {path} ({mode}, {seconds})").format(
                path=result.output, mode=result.mode, seconds=locale_format.seconds(result.seconds)), 8000)

    def autosave(self) -> Path | None:
        try:
            return self.document.autosave()
        except Exception as exc:  # a failing autosave must not interrupt the work; say so quietly
            self.statusBar().showMessage(self.tr("Autosave failed: {error}").format(error=exc), 8000)
            return None

    def _can_discard(self) -> bool:
        """True when the current document may be replaced (not modified, or the person says so)."""
        if not self.document.modified:
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("The project has unsaved changes. Save them first?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.document.discard_recovery()
            return True
        return False

    # --- recovery ---------------------------------------------------------------------------------------

    def offer_recovery(self) -> QMessageBox | None:
        """After a crash: offer the newest autosaved project back (non-blocking)."""
        entries = list_recoveries()
        if not entries:
            return None
        entry = max(entries, key=lambda e: e.saved_at)
        name = entry.recovery_of.name if entry.recovery_of else (entry.title or entry.source_name)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Recover unsaved work?"),
                          self.tr("Good Circle Studio closed before “{name}” was saved. Its autosave from {time} "
                                  "can be recovered.").format(name=name, time=locale_format.date_time(entry.saved_at)),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("recoveryBox")
        recover = box.addButton(self.tr("Recover"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.finished.connect(lambda _r: self._recovery_answer(entry, box.clickedButton() is recover))
        box.open()
        return box

    def _recovery_answer(self, entry: RecoveryEntry, recover: bool) -> None:
        if not recover:
            discard_recovery(entry)
            return
        try:
            project = load_recovery(entry)
        except Exception as exc:
            show_error(self, exc)
            return
        discard_recovery(entry)
        self._open_project(project, entry.recovery_of, recovered=True)

    # --- editing ----------------------------------------------------------------------------------------

    def _move_trim(self, which: str, ms: int | None, merge_key: str = "") -> None:
        """Move the in or out point: to the playhead's frame (ms None), or to a typed or dragged time,
        snapped to a frame boundary (or to a keyframe when snapping to keyframes is on)."""
        info = self.document.media_info
        if info is None:
            return
        times = self.player.frame_times
        keys = list(info.keyframes_ms or ()) if self.act_snap_keyframes.isChecked() else []
        current = self.document.project.trim
        if which == "in":
            at = self.player.position if ms is None else trim.snap_in(times, ms, keys)
            new, text = trim.set_in(current, info.duration_ms, at), self.tr("Set In Point")
        else:
            # the out point is exclusive: keyed at the playhead, the range ends after the frame shown there
            end = (timeline.frame_end(times, info.duration_ms, self.player.position) if ms is None
                   else trim.snap_out(times, info.duration_ms, ms, keys))
            new, text = trim.set_out(current, info.duration_ms, end), self.tr("Set Out Point")
        if new != current:
            self.document.push(SetTrim(self.document, new, text, merge_key=merge_key))

    def _type_in(self, ms: int) -> None:
        self._move_trim("in", ms)

    def _type_out(self, ms: int) -> None:
        self._move_trim("out", ms)

    def _drag_trim(self, which: str, ms: int) -> None:
        """A drag of a trim handle: one undo step per drag, however many moves it makes."""
        self._move_trim(which, ms, merge_key=f"{which}-drag-{self._drag_serial}")

    def _drag_trim_done(self, which: str, ms: int) -> None:
        self._drag_trim(which, ms)
        self._drag_serial += 1

    def _clear_trim(self) -> None:
        if self.document.project.trim is not None:
            self.document.push(SetTrim(self.document, None, self.tr("Clear In and Out")))

    def _on_document_changed(self) -> None:
        project_trim = self.document.project.trim
        info = self.document.media_info
        self.timeline.set_trim(project_trim.start_ms if project_trim else None,
                               project_trim.end_ms if project_trim else None)
        if info is not None:
            kept = trim.effective(project_trim, info.duration_ms)
            self.transport.set_trim(kept.start_ms, kept.end_ms)
            self.transport.set_duration(info.duration_ms)
        else:
            self.transport.clear_trim()

    # --- player glue ------------------------------------------------------------------------------------

    def _on_position(self, ms: int) -> None:
        self.timeline.set_position(ms)
        self.popup_editor.set_position(ms)
        self.popup_lanes.update()
        self.transport.time_field.set_time(ms)

    def _on_playing(self, playing: bool) -> None:
        self.act_play.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.act_play.setIcon(icons.pause() if playing else icons.play())

    def _focus_time_field(self) -> None:
        self.transport.time_field.setFocus()
        self.transport.time_field.selectAll()

    def _update_facts(self) -> None:
        info = self.document.media_info
        if info is None:
            self.facts_label.clear()
            return
        parts = [
            f"{info.display_width}×{info.display_height}",
            self.tr("{fps} fps").format(fps=locale_format.number(round(info.avg_fps, 3)))
            + (self.tr(" (variable)") if info.vfr else ""),
            info.video_codec.upper() + (f" {info.video_profile}" if info.video_profile else ""),
            format_ms(info.duration_ms),
            self.tr("{frames} frames").format(frames=locale_format.number(info.frame_count)),
            (info.audio_codec or "").upper() + (f" {info.audio_sample_rate} Hz" if info.audio_sample_rate else "")
            if info.has_audio else self.tr("no audio"),
        ]
        if info.rotation:
            parts.insert(1, self.tr("rotated {degrees}°").format(degrees=info.rotation))
        if info.interlaced:
            parts.append(self.tr("interlaced"))
        if info.color_transfer in ("arib-std-b67", "smpte2084"):
            parts.append(self.tr("HDR"))
        self.facts_label.setText("  ·  ".join(parts))

    # --- the product finder (issue 11) ---------------------------------------------------------------------

    def find_products(self) -> None:
        """Look for the tagged products (and the one chosen in the picker) in the background; proposals follow."""
        media, info = self.document.media_path, self.document.media_info
        if media is None or info is None:
            return
        listing = self.product_picker.current()
        extra = (Popup(sku=listing.sku, start_ms=0, end_ms=0, snapshot=listing.snapshot())  # photos only
                 if listing is not None and not listing.deleted else None)
        work = find_job(self.document.project, self.document.path, media, info, extra)
        self._start_task(work, functools.partial(self._found, media),
                         self.tr("Finding products in {name}…").format(name=media.name))

    def _found(self, media: Path, outcome: FindOutcome) -> None:
        if self.document.media_path != media:  # another video was opened meanwhile
            return
        self.proposals.set_outcome(outcome)
        notes = " ".join(translated(n.template, n.values, n.message) for n in outcome.notes)
        text = self.tr("Found %n proposal(s)", "", len(outcome.windows))
        self.statusBar().showMessage(text + (f" — {notes}" if notes else ""), 12000)

    def _popup_selected_for_finder(self, popup_id: str) -> None:
        if popup_id:
            self.proposals.select(None)

    def _show_proposal_box(self, *_: object) -> None:
        """The selected proposal's product box on the player, while the frame shown is inside its window."""
        proposal = self.proposals.selected()
        info = self.document.media_info
        if proposal is None or info is None:
            self.view.set_proposal_boxes([])
            return
        w, h = info.display_width, info.display_height
        self.view.set_proposal_boxes([(t, QRectF(x / w, y / h, bw / w, bh / h)) for t, (x, y, bw, bh)
                                      in proposal.boxes()], (proposal.start_ms, proposal.end_ms))

    # --- background tasks -------------------------------------------------------------------------------

    def _start_task(self, work, done, label: str) -> None:
        if self._task is not None:
            self._task.cancel()
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setFormat(label)
        self.progress_bar.show()
        self.cancel_button.show()
        self.statusBar().showMessage(label)

        def progress(value: int, total: int) -> None:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(value)

        def finish() -> None:
            if self._task is task:
                self._task = None
                self.progress_bar.hide()
                self.cancel_button.hide()
                self.statusBar().clearMessage()

        def on_done(result) -> None:
            finish()
            done(result)

        def on_error(error: BaseException) -> None:
            finish()
            show_error(self, error)

        task = run_task(work, on_done=on_done, on_error=on_error, on_progress=progress, owner=self, label=label)
        self._task = task

    def cancel_task(self) -> None:
        if self._task is not None:
            self._task.cancel()

    # --- recent files, drag and drop, closing -----------------------------------------------------------

    def _update_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.get(settings.RECENT_FILES)
        for number, name in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{number % 10} {Path(name).name}")
            action.setToolTip(name)
            action.setData(name)
            action.triggered.connect(lambda _checked=False, n=name: self.open_path(Path(n)))
        self.recent_menu.setEnabled(bool(recent))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._can_discard():
            event.ignore()
            return
        self.cancel_task()
        for task in (self._filmstrip_task, self._proxy_task):
            if task is not None:
                task.cancel()
        self.player.shutdown()
        self.upload_queue.shutdown()  # running uploads pause; they resume next time
        self.posts_panel.shutdown()
        self.popup_editor.close()
        self._save_window_state()
        event.accept()


def file_url(path: Path) -> QUrl:
    return QUrl.fromLocalFile(str(path))


def app_icon() -> QIcon:
    """The app's icon in every size that ships (crisp at any scale and on high-DPI screens)."""
    icon = QIcon()
    for path in sorted((paths.resources_dir() / "icons").glob("app-*.png")):
        icon.addFile(str(path))
    return icon
