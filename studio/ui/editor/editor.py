"""The creator's editor: the picture, the transport, the timeline with its popup and proposal lanes, the panels'
widgets, and the editing done there (trim, playback, the finder's proposals on the picture, the popups drawn over
the frame). It shows a video once the files part has opened it, and keeps the filmstrip and proxy going for it.

Must not hold: rules (trim math lives in `core.trim`), opening or saving files, the docks around the panels.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QSplitter, QVBoxLayout, QWidget

from studio.core import timeline, trim
from studio.core.cancel import CancelToken, Progress
from studio.core.media_info import MediaInfo
from studio.core.product import snapshot
from studio.core.project import Popup
from studio.core.timeline import format_ms
from studio.media.filmstrip import filmstrip
from studio.media.frames import FrameServer
from studio.media.proxy import PROXY_SHORT_SIDE, find_proxy, make_proxy
from studio.media.waveform import BUCKET_MS as WAVEFORM_BUCKET_MS
from studio.media.waveform import waveform_peaks
from studio.ui import icons, locale_format
from studio.ui.editor.cover_panel import CoverPanel
from studio.ui.editor.document import Document
from studio.ui.editor.finder_proposals import FindOutcome, ProposalRow, Proposals, find_job
from studio.ui.editor.popup_card_drag import PopupCardDrag
from studio.ui.editor.popup_editor import PopupEditor
from studio.ui.editor.popup_inspector import PopupInspector
from studio.ui.editor.popup_lanes import PopupLanes
from studio.ui.editor.post_editor import PostEditor
from studio.ui.editor.problems_panel import ProblemsPanel
from studio.ui.editor.product_picker import ProductPicker
from studio.ui.editor.reframe_bar import ReframeBar
from studio.ui.editor.sound_panel import SoundPanel
from studio.ui.editor.timeline import TimelineWidget
from studio.ui.editor.undo_commands import SetTrim
from studio.ui.errors import translated
from studio.ui.menus import make_action
from studio.ui.playback.player import Player, rgb_to_qimage
from studio.ui.playback.transport_bar import TransportBar
from studio.ui.playback.video_view import VideoView
from studio.ui.workers import Kind, Task, run_task

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

JUMP_MS = 1000


def _ignore_error(_error: BaseException) -> None:
    """Background extras (filmstrip, proxy) that fail leave the editor as it is: nothing to tell."""


class Editor(QObject):
    """The editing area of the main window (its central widget) and the panels' widgets, with their actions."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.document: Document = window.document
        self._drag_serial = 0
        self._filmstrip_task: Task | None = None
        self._proxy_task: Task | None = None
        self.view = VideoView(window)
        self.view.set_placeholder(self.tr("Open a video or a project (Ctrl+O), or drop a file here"))
        self.player = Player(self.view, window)
        self.timeline = TimelineWidget(window)
        self.popup_editor = PopupEditor(self.document, window)
        self.popup_lanes = PopupLanes(self.popup_editor, self.timeline, window)
        self.proposals = Proposals(self.popup_editor, window)  # the product finder's ghost popups
        self.proposal_row = ProposalRow(self.proposals, self.timeline, window)
        self._build_actions()
        self.transport = TransportBar([self.act_step_back, self.act_play, self.act_step_forward,
                                       self.act_set_in, self.act_set_out], window)
        self.centre = self._build_centre()
        # the panels' widgets (the docks around them are `EditorDocks`)
        self.product_picker: ProductPicker = ProductPicker(self.popup_editor, window)
        self.popup_inspector: PopupInspector = PopupInspector(self.popup_editor, window)
        self.problems_panel: ProblemsPanel = ProblemsPanel(self.popup_editor, window)
        self.cover_panel: CoverPanel = CoverPanel(self.document, parent=window)
        self.post_editor: PostEditor = PostEditor(self.document, window)
        self.sound_panel: SoundPanel = SoundPanel(self.document, window)
        self.card_drag = PopupCardDrag(self.view, self.popup_editor)
        self._connect()

    def _build_actions(self) -> None:
        w = self.window
        self.act_undo = self.document.undo_stack.createUndoAction(w, self.tr("&Undo"))
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = self.document.undo_stack.createRedoAction(w, self.tr("&Redo"))
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        for extra in (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")):
            if extra not in redo_keys:
                redo_keys.append(extra)
        self.act_redo.setShortcuts(redo_keys)
        w.addActions([self.act_undo, self.act_redo])
        self.act_set_in = make_action(w, self.tr("Set &In Point"), "I", self.set_in_here)
        self.act_set_out = make_action(w, self.tr("Set &Out Point"), "O", self.set_out_here)
        self.act_clear_trim = make_action(w, self.tr("Clear In and Out"), "Alt+X", self._clear_trim)
        self.act_snap_keyframes = make_action(w, self.tr("Snap In and Out to Keyframes"), "Ctrl+K")
        self.act_snap_keyframes.setCheckable(True)
        self.act_snap_keyframes.setToolTip(self.tr("Cut only at keyframes, where a stream copy can cut exactly"))
        player = self.player
        self.act_play = make_action(w, self.tr("Play"), "Space", player.toggle, icons.play())
        self.act_step_back = make_action(w, self.tr("Previous Frame"), "Left", self.step_back, icons.step_back())
        self.act_step_forward = make_action(w, self.tr("Next Frame"), "Right", self.step_forward,
                                            icons.step_forward())
        self.act_jump_back = make_action(w, self.tr("Back 1 Second"), "Shift+Left", self.jump_back)
        self.act_jump_forward = make_action(w, self.tr("Forward 1 Second"), "Shift+Right", self.jump_forward)
        self.act_shuttle_back = make_action(w, self.tr("Play Backward"), "J", player.shuttle_back)
        self.act_shuttle_stop = make_action(w, self.tr("Pause"), "K", player.pause)
        self.act_shuttle_forward = make_action(w, self.tr("Play Forward"), "L", player.shuttle_forward)
        self.act_goto_start = make_action(w, self.tr("Go to Start"), "Home", self.go_to_start)
        self.act_goto_end = make_action(w, self.tr("Go to End"), "End", self.go_to_end)
        self.act_goto_time = make_action(w, self.tr("Go to Time…"), "Ctrl+G", self._focus_time_field)
        self.act_to_timeline = make_action(w, self.tr("Back to the &Timeline"), "Esc", self._escape)
        self.act_to_timeline.setToolTip(self.tr("Put the keys back on the timeline; pressed there, cancel the "
                                                "running task (Esc)"))
        self.act_delete_popup = make_action(w, self.tr("Delete Popup"), QKeySequence.StandardKey.Delete,
                                            self.popup_editor.delete_selected)
        self.act_delete_popup.setEnabled(False)
        self.act_find_products = make_action(w, self.tr("&Find Products"), "Ctrl+Shift+F", self.find_products)
        self.act_find_products.setToolTip(self.tr("Look for the tagged products in the video and propose popups"))
        self.media_actions = [self.act_set_in, self.act_set_out, self.act_clear_trim, self.act_play,
                              self.act_step_back, self.act_step_forward, self.act_jump_back, self.act_jump_forward,
                              self.act_shuttle_back, self.act_shuttle_stop, self.act_shuttle_forward,
                              self.act_goto_start, self.act_goto_end, self.act_goto_time, self.act_find_products]

    def _build_centre(self) -> QSplitter:
        top = QWidget(self.window)
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.reframe_bar = ReframeBar(self.document, self.view, self.window)  # landscape/square: how to become 9:16
        column.addWidget(self.reframe_bar)
        column.addWidget(self.view, 1)
        column.addWidget(self.transport)
        splitter = QSplitter(Qt.Orientation.Vertical, self.window)
        splitter.addWidget(top)
        lanes_column = QWidget(self.window)  # the lanes share the timeline's width, so its time axis
        lanes_layout = QVBoxLayout(lanes_column)
        lanes_layout.setContentsMargins(0, 0, 0, 0)
        lanes_layout.setSpacing(0)
        lanes_layout.addWidget(self.timeline, 1)
        lanes_layout.addWidget(self.popup_lanes)
        lanes_layout.addWidget(self.proposal_row)
        splitter.addWidget(lanes_column)
        splitter.setStretchFactor(0, 1)
        splitter.setCollapsible(1, False)
        return splitter

    def _connect(self) -> None:
        # signals from children go to bound methods, never lambdas: Qt drops those connections before the
        # children are destroyed, so nothing fires into a half-deleted window
        self.player.positionChanged.connect(self._on_position)
        self.player.playingChanged.connect(self._on_playing)
        self.player.errorOccurred.connect(self.window.show_transient)
        self.timeline.seekRequested.connect(self.player.seek)
        self.timeline.trimHandleMoved.connect(self._drag_trim)
        self.timeline.trimHandleReleased.connect(self._drag_trim_done)
        self.transport.time_field.timeEntered.connect(self.player.seek)
        self.transport.in_field.timeEntered.connect(self._type_in)
        self.transport.out_field.timeEntered.connect(self._type_out)
        for field in (self.transport.time_field, self.transport.in_field, self.transport.out_field):
            field.timeEntered.connect(self._keys_to_timeline)  # a typed time done, the keys drive the video again
        self.document.trimChanged.connect(self.show_trim)
        self.popup_editor.seekRequested.connect(self.player.seek)
        self.product_picker.find_button.clicked.connect(self.act_find_products.trigger)
        self.popup_editor.selectionChanged.connect(self._popup_selected_for_finder)
        self.proposals.changed.connect(self._show_proposal_box)
        self.proposals.selectionChanged.connect(self._show_proposal_box)
        self.popup_editor.message.connect(self.window.show_transient)
        self.popup_editor.selectionChanged.connect(self._on_popup_selected)
        self.popup_editor.popupsChanged.connect(self._show_popups_on_player)
        self.document.pathChanged.connect(self._show_popups_on_player)
        self.view.popupClicked.connect(self.popup_editor.select)

    # --- showing a video -------------------------------------------------------------------------------

    def show_media(self, info: MediaInfo, server: FrameServer) -> None:
        """The document now holds `info`'s video: play it, lay out the timeline, start its filmstrip and proxy."""
        self.player.set_media(info, server)
        self.popup_editor.set_frame_times(self.player.frame_times)
        self.popup_editor.set_position(self.player.position)  # clear() reset it without a signal
        self.timeline.set_media(info.duration_ms, list(info.keyframes_ms or ()))
        self._start_filmstrip(info)
        self._start_proxy(info)

    def clear(self) -> None:
        self.player.clear()
        self.timeline.clear()
        self.popup_editor.set_frame_times(())

    def _start_filmstrip(self, info: MediaInfo) -> None:
        if self._filmstrip_task is not None:
            self._filmstrip_task.cancel()

        def work(progress: Progress, cancel: CancelToken) -> tuple[list[tuple[int, QImage]], np.ndarray]:
            thumbs = [(thumb.time_ms, rgb_to_qimage(thumb.image))
                      for thumb in filmstrip(info, progress=progress, cancel=cancel)]
            return thumbs, waveform_peaks(info, WAVEFORM_BUCKET_MS, cancel)

        # the timeline's thumbnails are on screen: interactive, after any frame the person asked for
        self._filmstrip_task = run_task(work, on_done=functools.partial(self._filmstrip_done, info),
                                        on_error=_ignore_error, owner=self, label="filmstrip", kind=Kind.INTERACTIVE)

    def _filmstrip_done(self, info: MediaInfo, result: tuple[list[tuple[int, QImage]], np.ndarray]) -> None:
        if self.document.media_info is info:
            self.timeline.set_thumbs(result[0])
            self.timeline.set_waveform(result[1], WAVEFORM_BUCKET_MS)

    def _start_proxy(self, info: MediaInfo) -> None:
        """Make the scrub proxy in the background when the source is larger than it (once per file)."""
        if self._proxy_task is not None:
            self._proxy_task.cancel()
            self._proxy_task = None
        if find_proxy(info) is not None or min(info.display_width, info.display_height) <= PROXY_SHORT_SIDE:
            return
        self._proxy_task = run_task(functools.partial(_proxy_job, info), on_error=_ignore_error, owner=self,
                                    label="proxy")

    def shutdown(self) -> None:
        """The window closes: stop the background extras and the player."""
        for task in (self._filmstrip_task, self._proxy_task):
            if task is not None:
                task.cancel()
        self.player.shutdown()
        self.popup_editor.close()

    def facts_text(self) -> str:
        """The status bar's line about the open video (empty without one)."""
        info = self.document.media_info
        if info is None:
            return ""
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
        return "  ·  ".join(parts)

    # --- trim -------------------------------------------------------------------------------------------

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

    def set_in_here(self) -> None:
        self._move_trim("in", None)

    def set_out_here(self) -> None:
        self._move_trim("out", None)

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

    def show_trim(self) -> None:
        """The timeline's handles and the transport's in/out fields show the project's trim."""
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

    # --- playback ---------------------------------------------------------------------------------------

    def step_back(self) -> None:
        self.player.step(-1)

    def step_forward(self) -> None:
        self.player.step(1)

    def jump_back(self) -> None:
        self.player.jump(-JUMP_MS)

    def jump_forward(self) -> None:
        self.player.jump(JUMP_MS)

    def go_to_start(self) -> None:
        self.player.seek(0)

    def go_to_end(self) -> None:
        self.player.seek(self.player.frame_times[-1] if self.player.frame_times else 0)

    def _on_position(self, ms: int) -> None:
        old = self.popup_editor.position
        self.timeline.set_position(ms)
        self.popup_editor.set_position(ms)
        self.popup_lanes.move_playhead(old, ms)  # a scroll to keep it in view repaints them whole (viewChanged)
        self.transport.time_field.set_time(ms)

    def _on_playing(self, playing: bool) -> None:
        self.act_play.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.act_play.setIcon(icons.pause() if playing else icons.play())

    def _focus_time_field(self) -> None:
        self.transport.time_field.setFocus()
        self.transport.time_field.selectAll()

    def _keys_to_timeline(self, *_: object) -> None:
        self.timeline.setFocus(Qt.FocusReason.OtherFocusReason)

    def _escape(self) -> None:
        """Esc: from a panel or a field, the keys go back to the timeline; on the timeline, the picture or the
        lanes, Esc cancels the running task."""
        focus = QApplication.focusWidget()
        if focus is None or focus in (self.timeline, self.popup_lanes, self.proposal_row.lanes, self.view):
            self.window.tasks.act_cancel.trigger()
        self.window.activateWindow()  # from a floating panel too
        self.timeline.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- popups on the picture and the product finder ---------------------------------------------------

    def _on_popup_selected(self, popup_id: str) -> None:
        self.act_delete_popup.setEnabled(bool(popup_id))
        self.view.set_selected_popup(popup_id or None)

    def _show_popups_on_player(self) -> None:
        """The player draws the project's popups over the frame it shows (the one card renderer)."""
        folder = self.document.path.parent if self.document.path is not None else None
        self.view.set_popups(self.popup_editor.popups, image_base=folder)  # relative product images

    def find_products(self) -> None:
        """Look for the tagged products (and the one chosen in the picker) in the background; proposals follow."""
        media, info = self.document.media_path, self.document.media_info
        if media is None or info is None:
            return
        product = self.product_picker.current()
        extra = (Popup(sku=product.product_id, start_ms=0, end_ms=0, snapshot=snapshot(product))  # photos only
                 if product is not None and not product.withdrawn else None)
        work = find_job(self.document.project, self.document.path, media, info, extra)
        self.window.tasks.start(work, functools.partial(self._found, media),
                                self.tr("Finding products in {name}…").format(name=media.name))

    def _found(self, media: Path, outcome: FindOutcome) -> str | None:
        if self.document.media_path != media:  # another video was opened meanwhile
            return None
        self.proposals.set_outcome(outcome)
        notes = " ".join(translated(n.template, n.values, n.message) for n in outcome.notes)
        text = self.tr("Found %n proposal(s)", "", len(outcome.windows))
        self.window.statusBar().showMessage(text + (f" — {notes}" if notes else ""), 12000)
        return text

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


def _proxy_job(info: MediaInfo, progress: Progress, cancel: CancelToken) -> Path:
    return make_proxy(info, progress, cancel)
