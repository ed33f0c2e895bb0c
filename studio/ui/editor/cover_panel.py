"""The cover panel: pick a frame of the trimmed range or import an image, crop it to 3:4 or
9:16, title it, see it as the feed will, and take a suggestion.

Holds widgets only: `CoverPanel` (the panel), `CropCanvas` (the picture with its aspect-locked crop box and
the title drawn live), and `SetCover`, the undo command every edit of the cover goes through. The pixels of
the previews come from the very functions the export uses (`media.cover_image.crop_to_cover`,
`render.cover_title.compose_cover`), so the preview is the exported file. Rules come from
`core.cover_rules`; frames, suggestions and imported images are fetched with `workers.run_task`.

API: `CoverPanel(document, frames=None)`; `set_frame_server(server)` hands it the app's FrameServer (else it
opens its own, off the GUI thread, when the document has media); `suggest()` starts the suggestions;
signals `coverChanged()` (after any edit of the cover) and `suggestionsReady(list)`. The main window shows it
in the Cover dock (View > Go to Panel, Ctrl+4).
"""

from __future__ import annotations

import copy
import functools
import itertools
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QIcon,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
    QUndoCommand,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from studio.core import cover_rules
from studio.core.cancel import CancelToken, Progress
from studio.core.media_ref import make_media_ref
from studio.core.project import CoverChoice, Rect
from studio.core.timeline import format_ms, frame_index_at
from studio.media.cover_image import crop_to_cover, load_image
from studio.media.frames import FrameServer
from studio.render.cover_title import TitleStyle, compose_cover, paint_title, rgb_to_qimage, title_box
from studio.ui.editor.document import Change, Document
from studio.ui.errors import show_error, translated
from studio.ui.keyboard import paint_focus_frame
from studio.ui.workers import Kind, Task, run_task

SUGGESTIONS = 6
SETTLE_MS = 200
"""How long the trim or the popups stay still before the cover follows them."""
THUMB = QSize(96, 128)
GRID_TILE_WIDTH = 120
FULL_PREVIEW_HEIGHT = 420
SIDE_BY_SIDE_WIDTH = 720
"""Narrower than this, the cover's controls go under the picture (above every side-by-side minimum width)."""
_drag_ids = itertools.count(1)


def _reason_text(reason: Any) -> str:
    """A suggestion's reason in the person's language (context "cover", where media marks its templates)."""
    try:
        return QCoreApplication.translate("cover", reason.template).format(**reason.values)
    except (KeyError, IndexError, ValueError):
        return reason.message


class SetCover(QUndoCommand):
    """Replace the project's cover choice; successive edits with the same merge key make one undo step."""

    KIND = Change.COVER
    ID = 1401

    def __init__(self, document: Document, cover: CoverChoice | None, text: str, merge_key: str = "") -> None:
        super().__init__(text)
        self.document = document
        self.before = copy.deepcopy(document.project.cover)
        self.after = copy.deepcopy(cover)
        self.merge_key = merge_key

    def id(self) -> int:
        return self.ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetCover) or other.merge_key != self.merge_key:
            return False
        self.after = copy.deepcopy(other.after)
        return True

    def redo(self) -> None:
        self.document.project.cover = copy.deepcopy(self.after)

    def undo(self) -> None:
        self.document.project.cover = copy.deepcopy(self.before)


class CropCanvas(QWidget):
    """The source picture fitted into the widget, the crop box (aspect-locked, move and resize by its corners)
    and the title painted live inside the box. By keyboard: the arrows move the box (Shift: ten times as far),
    + and - resize it; the presses while it keeps the focus are one undo step."""

    cropEdited = Signal(object, int)
    """(Rect normalised on the picture, drag id): the box moved or was resized during drag `drag id`."""

    HANDLE = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(240, 320)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._key_drag = next(_drag_ids)
        self._image: QImage | None = None
        self._aspect = "3:4"
        self._crop: Rect | None = None
        self._title = ""
        self._style = TitleStyle()
        self._drag: tuple[str, QPointF, Rect, int] | None = None

    def set_state(self, image: QImage | None, aspect: str, crop: Rect | None, title: str, style: TitleStyle) -> None:
        self._image, self._aspect, self._crop, self._title, self._style = image, aspect, crop, title, style
        self.update()

    def _picture_rect(self) -> QRectF:
        if self._image is None or self._image.isNull():
            return QRectF()
        iw, ih = self._image.width(), self._image.height()
        scale = min(self.width() / iw, self.height() / ih)
        w, h = iw * scale, ih * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def crop_box(self) -> QRectF:
        """The crop box in widget coordinates (exactly as the export will cut it)."""
        if self._image is None:
            return QRectF()
        pic = self._picture_rect()
        x, y, w, h = cover_rules.crop_box_px(self._image.width(), self._image.height(), self._aspect, self._crop)
        sx = pic.width() / self._image.width()
        return QRectF(pic.x() + x * sx, pic.y() + y * sx, w * sx, h * sx)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202020"))
        if self._image is not None and not self._image.isNull():
            pic = self._picture_rect()
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(pic, self._image)
            box = self.crop_box()
            shade = QColor(0, 0, 0, 150)
            painter.fillRect(QRectF(pic.left(), pic.top(), pic.width(), box.top() - pic.top()), shade)
            painter.fillRect(QRectF(pic.left(), box.bottom(), pic.width(), pic.bottom() - box.bottom()), shade)
            painter.fillRect(QRectF(pic.left(), box.top(), box.left() - pic.left(), box.height()), shade)
            painter.fillRect(QRectF(box.right(), box.top(), pic.right() - box.right(), box.height()), shade)
            paint_title(painter, box, self._title, self._style)
            painter.setPen(QPen(QColor("#ffcc00"), 2))
            painter.drawRect(box)
            for corner in (box.topLeft(), box.topRight(), box.bottomLeft(), box.bottomRight()):
                painter.fillRect(QRectF(corner.x() - self.HANDLE / 2, corner.y() - self.HANDLE / 2,
                                        self.HANDLE, self.HANDLE), QColor("#ffcc00"))
        if self.hasFocus():
            paint_focus_frame(painter, self)
        painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._key_drag = next(_drag_ids)  # a new undo step for the keys pressed from now on
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        step = 0.1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 0.01
        moves = {Qt.Key.Key_Left: (-step, 0.0), Qt.Key.Key_Right: (step, 0.0), Qt.Key.Key_Up: (0.0, -step),
                 Qt.Key.Key_Down: (0.0, step)}
        if self._image is None:
            super().keyPressEvent(event)
            return
        rect = self._current_rect()
        if key in moves:
            dx, dy = moves[Qt.Key(key)]
            new = Rect(min(max(rect.x + dx, 0.0), 1.0 - rect.w), min(max(rect.y + dy, 0.0), 1.0 - rect.h),
                       rect.w, rect.h)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            new = self._resized("br", rect, 0.05 if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) else -0.05)
        else:
            super().keyPressEvent(event)
            return
        self._crop = new
        self.update()
        self.cropEdited.emit(new, self._key_drag)
        event.accept()

    def _corner_at(self, pos: QPointF) -> str | None:
        box = self.crop_box()
        corners = {"tl": box.topLeft(), "tr": box.topRight(), "bl": box.bottomLeft(), "br": box.bottomRight()}
        for name, point in corners.items():
            if abs(pos.x() - point.x()) <= self.HANDLE and abs(pos.y() - point.y()) <= self.HANDLE:
                return name
        return None

    def _current_rect(self) -> Rect:
        assert self._image is not None
        iw, ih = self._image.width(), self._image.height()
        x, y, w, h = cover_rules.crop_box_px(iw, ih, self._aspect, self._crop)
        return Rect(x / iw, y / ih, w / iw, h / ih)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._image is None or event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        corner = self._corner_at(pos)
        if corner is None and not self.crop_box().contains(pos):
            return
        self._drag = (corner or "move", pos, self._current_rect(), next(_drag_ids))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None or self._image is None:
            return
        mode, start, rect, drag_id = self._drag
        pic = self._picture_rect()
        dx = (event.position().x() - start.x()) / pic.width()
        dy = (event.position().y() - start.y()) / pic.height()
        if mode == "move":
            new = Rect(min(max(rect.x + dx, 0.0), 1.0 - rect.w), min(max(rect.y + dy, 0.0), 1.0 - rect.h),
                       rect.w, rect.h)
        else:
            new = self._resized(mode, rect, dx)
        self._crop = new
        self.update()
        self.cropEdited.emit(new, drag_id)

    def _resized(self, corner: str, rect: Rect, dx: float) -> Rect:
        """The box resized by dragging `corner` by `dx` (of the picture's width), the opposite corner fixed."""
        assert self._image is not None
        ratio_w, ratio_h = cover_rules.ratio(self._aspect)
        image_ratio = self._image.width() / self._image.height()
        grow = dx if corner in ("tr", "br") else -dx
        w = min(max(rect.w + grow, 0.05), 1.0)
        h = w * image_ratio * ratio_h / ratio_w  # normalised height of an aspect-exact box
        if h > 1.0:
            h, w = 1.0, ratio_w / ratio_h / image_ratio
        x = rect.x if corner in ("tr", "br") else rect.x + rect.w - w
        y = rect.y if corner in ("bl", "br") else rect.y + rect.h - h
        return Rect(min(max(x, 0.0), 1.0 - w), min(max(y, 0.0), 1.0 - h), w, h)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None


class CoverPanel(QWidget):
    """Scrub, crop, title and preview the cover; suggestions as thumbnails; every edit undoable."""

    coverChanged = Signal()
    suggestionsReady = Signal(list)

    def __init__(self, document: Document, frames: FrameServer | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._frames = frames
        self._own_frames = False
        self._times: list[int] = []
        self._picture: np.ndarray | None = None
        self._picture_key: tuple[Any, ...] | None = None
        self._frame_task: Task | None = None
        self._suggest_task: Task | None = None
        self._open_task: Task | None = None
        self._import_task: Task | None = None
        self._updating = False
        self.suggestions: list[Any] = []
        self._build()
        # the cover shows its own edits at once; the trim (its default frame, its range) and the popups (its
        # warnings) only once an edit settles and while it is shown: a trim drag does not recompose the cover
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._refresh_if_shown)
        self._stale = False
        document.coverChanged.connect(self._on_document_changed)
        document.trimChanged.connect(self._settle.start)
        document.popupsChanged.connect(self._settle.start)
        document.loaded.connect(self._on_loaded)
        self._on_loaded()

    # -- layout ----------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.canvas = CropCanvas(self)
        self.canvas.cropEdited.connect(self._crop_edited)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.valueChanged.connect(self._slider_moved)
        self.back_button = QPushButton("◀", self)
        self.back_button.setToolTip(self.tr("Previous frame"))
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.forward_button = QPushButton("▶", self)
        self.forward_button.setToolTip(self.tr("Next frame"))
        self.forward_button.clicked.connect(lambda: self.step(1))
        self.time_label = QLabel(self)
        self.import_button = QPushButton(self.tr("Import image…"), self)
        self.import_button.clicked.connect(self._choose_image)
        self.video_button = QPushButton(self.tr("Use video frame"), self)
        self.video_button.clicked.connect(self._use_video)
        scrub = QHBoxLayout()
        for w in (self.back_button, self.slider, self.forward_button, self.time_label):
            scrub.addWidget(w, 1 if w is self.slider else 0)
        self.setTabOrder(self.back_button, self.slider)  # as laid out: ◀, the slider, ▶
        self.setTabOrder(self.slider, self.forward_button)
        source_buttons = QHBoxLayout()
        source_buttons.addWidget(self.import_button)
        source_buttons.addWidget(self.video_button)
        source_buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.canvas, 1)
        left.addLayout(scrub)
        left.addLayout(source_buttons)

        self.aspect_box = QComboBox(self)
        for aspect in cover_rules.ASPECT_RATIOS:
            self.aspect_box.addItem(aspect, aspect)
        self.aspect_box.currentIndexChanged.connect(self._aspect_changed)
        self.title_edit = QPlainTextEdit(self)
        self.title_edit.setPlaceholderText(self.tr("Cover title (Enter for a new line)"))
        self.title_edit.setFixedHeight(64)
        self.title_edit.setTabChangesFocus(True)  # Enter makes a new line, Tab moves on (keyboard navigation)
        self.title_edit.textChanged.connect(self._title_changed)
        self.size_spin = self._spin(20, 240, 2, " px")
        self.outline_spin = self._spin(0, 30, 1, " px")
        self.x_spin = self._spin(0.0, 1.0, 0.01)
        self.y_spin = self._spin(0.0, 1.0, 0.01)
        self.shadow_check = QCheckBox(self.tr("Shadow"), self)
        self.shadow_check.toggled.connect(lambda _on: self._style_edited("shadow"))
        self.color_button = QPushButton(self)
        self.color_button.clicked.connect(lambda: self._pick_colour("color"))
        self.outline_color_button = QPushButton(self)
        self.outline_color_button.clicked.connect(lambda: self._pick_colour("outline_color"))
        form = QFormLayout()
        form.addRow(self.tr("Aspect"), self.aspect_box)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Size"), self.size_spin)
        form.addRow(self.tr("Colour"), self.color_button)
        form.addRow(self.tr("Outline"), self.outline_spin)
        form.addRow(self.tr("Outline colour"), self.outline_color_button)
        form.addRow("", self.shadow_check)
        form.addRow(self.tr("Position across"), self.x_spin)
        form.addRow(self.tr("Position down"), self.y_spin)
        title_box = QGroupBox(self.tr("Cover"), self)
        title_box.setLayout(form)

        self.warnings_label = QLabel(self)
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setObjectName("coverWarnings")
        self.grid_preview = QLabel(self)
        self.grid_preview.setToolTip(self.tr("As the feed grid shows it"))
        self.full_preview = QLabel(self)
        self.full_preview.setToolTip(self.tr("Full size, as exported"))
        self._previews = previews = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        grid_column = QVBoxLayout()
        grid_column.addWidget(QLabel(self.tr("Feed grid"), self))
        grid_column.addWidget(self.grid_preview)
        grid_column.addStretch(1)
        full_column = QVBoxLayout()
        full_column.addWidget(QLabel(self.tr("Full size"), self))
        full_column.addWidget(self.full_preview)
        previews.addLayout(grid_column)
        previews.addLayout(full_column)

        self.suggest_button = QPushButton(self.tr("Suggest covers"), self)
        self.suggest_button.clicked.connect(self.suggest)
        self.suggest_progress = QProgressBar(self)
        self.suggest_progress.setVisible(False)
        self.suggestion_list = QListWidget(self)
        self.suggestion_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.suggestion_list.setIconSize(THUMB)
        self.suggestion_list.setGridSize(QSize(THUMB.width() + 40, THUMB.height() + 52))
        self.suggestion_list.setFixedHeight(THUMB.height() + 70)
        self.suggestion_list.setWordWrap(True)
        self.suggestion_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.suggestion_list.hide()  # until there are suggestions
        self.suggestion_list.setMovement(QListWidget.Movement.Static)
        self.suggestion_list.setWrapping(False)
        self.suggestion_list.setFlow(QListWidget.Flow.LeftToRight)
        self.suggestion_list.itemClicked.connect(self._suggestion_clicked)
        self.suggestion_list.itemActivated.connect(self._suggestion_activated)  # Enter (or a double-click)
        suggest_row = QHBoxLayout()
        suggest_row.addWidget(self.suggest_button)
        suggest_row.addWidget(self.suggest_progress, 1)

        right = QVBoxLayout()
        right.addWidget(title_box)
        right.addLayout(previews)
        right.addWidget(self.warnings_label)
        right.addStretch(1)
        self._top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._top.addLayout(left, 3)
        self._top.addLayout(right, 2)
        outer = QVBoxLayout(self)
        outer.addLayout(suggest_row)  # first: in a docked panel the rest scrolls, this should not need to
        outer.addWidget(self.suggestion_list)
        outer.addLayout(self._top, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Side by side when there is room (a floating or wide dock); the controls under the picture in a
        narrow dock, so it scrolls down only, never sideways."""
        narrow = event.size().width() < SIDE_BY_SIDE_WIDTH
        direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        self._top.setDirection(direction)
        self._previews.setDirection(direction)
        super().resizeEvent(event)

    def _spin(self, low: float, high: float, step: float, suffix: str = "") -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setDecimals(2 if step < 1 else 0)
        spin.setSuffix(suffix)
        spin.valueChanged.connect(lambda _v, s=spin: self._style_edited(s))
        return spin

    # -- the document ----------------------------------------------------------------------------------------

    @property
    def cover(self) -> CoverChoice:
        return self.document.project.cover or CoverChoice()

    def _trim_range(self) -> tuple[int, int]:
        info = self.document.media_info
        trim = self.document.project.trim
        if trim is not None:
            return trim.start_ms, trim.end_ms
        return 0, info.duration_ms if info is not None else 0

    def _on_loaded(self) -> None:
        self.suggestions = []
        self.suggestion_list.clear()
        self._picture = None
        self._picture_key = None
        if self._own_frames and self._frames is not None:
            self._frames.close()
            self._frames = None
            self._own_frames = False
        if self._frames is None and self.document.media_info is not None:
            info = self.document.media_info
            self._open_task = run_task(lambda _p, _c: FrameServer(info), on_done=self._frames_opened,
                                       on_error=self._failed, owner=self, label="cover frames",
                                       kind=Kind.INTERACTIVE)
        else:
            self._frames_ready()

    def _frames_opened(self, server: FrameServer) -> None:
        if self._frames is not None:  # a server was handed over meanwhile
            server.close()
        else:
            self._frames = server
            self._own_frames = True
        self._frames_ready()

    def set_frame_server(self, server: FrameServer) -> None:
        """Use the app's FrameServer (the panel does not close it)."""
        if self._own_frames and self._frames is not None:
            self._frames.close()
        self._frames = server
        self._own_frames = False
        self._frames_ready()

    def _frames_ready(self) -> None:
        self._times = self._frames.frame_times_ms if self._frames is not None else []
        self._refresh()

    def _on_document_changed(self) -> None:
        self._refresh()

    def _refresh_if_shown(self) -> None:
        self._stale = not self.isVisible()
        if not self._stale:
            self._refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._refresh_if_shown()

    def _push(self, cover: CoverChoice, text: str, merge_key: str = "") -> None:
        self.document.push(SetCover(self.document, cover, text, merge_key))
        self.coverChanged.emit()

    # -- showing ---------------------------------------------------------------------------------------------

    def _range_indices(self) -> tuple[int, int]:
        start, end = self._trim_range()
        if not self._times:
            return 0, 0
        first = frame_index_at(self._times, start)
        last = max(first, frame_index_at(self._times, max(start, end - 1)))
        return first, last

    def cover_time_ms(self) -> int | None:
        """The source time of the cover frame the panel shows (the trim's first frame when none is chosen)."""
        cover = self.cover
        if cover.image is not None:
            return None
        if cover.time_ms is not None:
            return cover.time_ms
        return self._trim_range()[0]

    def _refresh(self) -> None:
        self._updating = True
        try:
            cover = self.cover
            style = TitleStyle.from_dict(cover.title_style)
            self.aspect_box.setCurrentIndex(max(0, self.aspect_box.findData(cover.aspect)))
            if self.title_edit.toPlainText() != cover.title:
                self.title_edit.setPlainText(cover.title)
            self.size_spin.setValue(style.size)
            self.outline_spin.setValue(style.outline)
            self.x_spin.setValue(style.x)
            self.y_spin.setValue(style.y)
            self.shadow_check.setChecked(style.shadow)
            for button, colour in ((self.color_button, style.color), (self.outline_color_button, style.outline_color)):
                button.setText(colour)
                ink = "#000" if QColor(colour).lightness() > 128 else "#fff"
                button.setStyleSheet(f"background: {colour}; color: {ink}")
            first, last = self._range_indices()
            self.slider.setRange(first, last)
            t = self.cover_time_ms()
            if t is not None and self._times:
                self.slider.setValue(frame_index_at(self._times, t))
                self.time_label.setText(format_ms(self._times[self.slider.value()]))
            video = cover.image is None
            for w in (self.slider, self.back_button, self.forward_button):
                w.setEnabled(video and bool(self._times))
            self.video_button.setEnabled(not video)
            self.suggest_button.setEnabled(self.document.media_info is not None and self._suggest_task is None)
        finally:
            self._updating = False
        self._fetch_picture()
        self._update_previews()

    def _fetch_picture(self) -> None:
        """Load the uncropped picture of the cover (a frame or the imported image) off the GUI thread."""
        cover = self.cover
        if cover.image is not None:
            key: tuple[Any, ...] = ("image", cover.image.absolute_path)
            path = cover.image.absolute_path

            def job(_p: Progress, _c: CancelToken) -> np.ndarray:
                return load_image(path)
        else:
            t = self.cover_time_ms()
            frames = self._frames
            if frames is None or t is None:
                return
            key = ("frame", frame_index_at(self._times, t) if self._times else t)

            def job(_p: Progress, _c: CancelToken) -> np.ndarray:
                return frames.frame_at(t).image
        if key == self._picture_key:
            return
        self._picture_key = key
        if self._frame_task is not None:
            self._frame_task.cancel()
        self._frame_task = run_task(job, on_done=functools.partial(self._picture_loaded, key),
                                    on_error=self._failed, owner=self, label="cover picture",
                                    kind=Kind.INTERACTIVE)

    def _picture_loaded(self, key: tuple[Any, ...], image: np.ndarray) -> None:
        if key != self._picture_key:
            return
        self._frame_task = None
        self._picture = image
        self._update_previews()

    def composed(self) -> QImage | None:
        """The finished cover at its export size, exactly as `jobs.cover.export_cover` makes it."""
        return self._compose(self._picture) if self._picture is not None else None

    def _compose(self, picture: np.ndarray) -> QImage:
        cover = self.cover
        cropped, _ = crop_to_cover(picture, cover.aspect, cover.crop)
        return compose_cover(rgb_to_qimage(cropped), cover.title, TitleStyle.from_dict(cover.title_style))

    def _update_previews(self) -> None:
        cover = self.cover
        style = TitleStyle.from_dict(cover.title_style)
        picture = self._picture
        source = rgb_to_qimage(picture) if picture is not None else None
        self.canvas.set_state(source, cover.aspect, cover.crop, cover.title, style)
        if picture is None:
            self.grid_preview.clear()
            self.full_preview.clear()
            self.warnings_label.clear()
            return
        full = self._compose(picture)
        smooth = Qt.TransformationMode.SmoothTransformation
        self.grid_preview.setPixmap(QPixmap.fromImage(full.scaledToWidth(GRID_TILE_WIDTH, smooth)))
        self.full_preview.setPixmap(QPixmap.fromImage(full.scaledToHeight(FULL_PREVIEW_HEIGHT * 3 // 4
                                                                          if cover.aspect == "3:4"
                                                                          else FULL_PREVIEW_HEIGHT, smooth)))
        height, width = picture.shape[:2]
        source_width = cover_rules.crop_box_px(width, height, cover.aspect, cover.crop)[2]
        problems = cover_rules.check_cover(aspect=cover.aspect, source_width=source_width,
                                           title_box=title_box(cover.title, style, cover.aspect),
                                           popups=self.document.project.popups, time_ms=self.cover_time_ms(),
                                           trim=self.document.project.trim)
        self.warnings_label.setText("\n".join("⚠ " + translated(p.template, p.values, p.message) for p in problems))

    # -- edits -----------------------------------------------------------------------------------------------

    def _edited(self, **changes: Any) -> CoverChoice:
        cover = copy.deepcopy(self.cover)
        for name, value in changes.items():
            setattr(cover, name, value)
        return cover

    def _slider_moved(self, index: int) -> None:
        if self._updating or not self._times:
            return
        self._push(self._edited(time_ms=self._times[index], image=None), self.tr("Choose cover frame"),
                   "cover-frame")

    def step(self, frames: int) -> None:
        """Step the cover frame by `frames` within the trimmed range."""
        if not self._times or self.cover.image is not None:
            return
        first, last = self._range_indices()
        index = min(max(self.slider.value() + frames, first), last)
        self._push(self._edited(time_ms=self._times[index]), self.tr("Step cover frame"))

    def _crop_edited(self, rect: Rect, drag_id: int) -> None:
        self._push(self._edited(crop=rect), self.tr("Move cover crop"), f"cover-crop-{drag_id}")

    def _aspect_changed(self, _index: int) -> None:
        if self._updating:
            return
        aspect = self.aspect_box.currentData()
        self._push(self._edited(aspect=aspect, crop=None), self.tr("Change cover aspect"))

    def _title_changed(self) -> None:
        if self._updating:
            return
        self._push(self._edited(title=self.title_edit.toPlainText()), self.tr("Edit cover title"), "cover-title")

    def _style_values(self) -> dict[str, Any]:
        style = TitleStyle.from_dict(self.cover.title_style).to_dict()
        style.update(size=self.size_spin.value(), outline=self.outline_spin.value(), x=self.x_spin.value(),
                     y=self.y_spin.value(), shadow=self.shadow_check.isChecked())
        return style

    def _style_edited(self, source: object) -> None:
        if self._updating:
            return
        self._push(self._edited(title_style=self._style_values()), self.tr("Change title style"),
                   f"cover-style-{id(source)}")

    def set_title_style(self, **values: Any) -> None:
        """Change some of the title's style (as the controls do): one undo step."""
        style = TitleStyle.from_dict(self.cover.title_style).to_dict()
        style.update(values)
        self._push(self._edited(title_style=style), self.tr("Change title style"))

    def _pick_colour(self, key: str) -> None:
        current = QColor(TitleStyle.from_dict(self.cover.title_style).to_dict()[key])
        colour = QColorDialog.getColor(current, self, self.tr("Title colour"))
        if colour.isValid():
            self.set_title_style(**{key: colour.name()})

    def _use_video(self) -> None:
        self._push(self._edited(image=None, crop=None), self.tr("Use a video frame as cover"))

    def _choose_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import cover image"), "",
                                              self.tr("Images (*.jpg *.jpeg *.png *.webp *.bmp)"))
        if path:
            self.import_image(Path(path))

    def import_image(self, path: Path) -> Task:
        """Use the image at `path` as the cover (checked and hashed off the GUI thread)."""
        project_path = self.document.path

        def job(_p: Progress, _c: CancelToken) -> Any:
            load_image(path)  # refuse what is not an image before it goes into the project
            return make_media_ref(path, project_path)

        def done(ref: Any) -> None:
            self._import_task = None
            self._push(self._edited(image=ref, crop=None), self.tr("Import cover image"))

        self._import_task = run_task(job, on_done=done, on_error=self._failed, owner=self,
                                     label="import cover")
        return self._import_task

    # -- suggestions -----------------------------------------------------------------------------------------

    def suggest(self) -> Task | None:
        """Score the trimmed range off the GUI thread; the best frames appear as clickable thumbnails."""
        info, frames = self.document.media_info, self._frames
        if info is None or frames is None or self._suggest_task is not None:
            return None
        start, end = self._trim_range()

        def job(progress: Progress, cancel: CancelToken) -> list[tuple[Any, np.ndarray]]:
            from studio.media.cover_scoring import suggest_covers

            found = suggest_covers(info, SUGGESTIONS, start, end, progress=progress, cancel=cancel)
            return [(s, frames.frame_at(s.time_ms, max_size=(THUMB.width(), THUMB.height())).image) for s in found]

        self.suggest_button.setEnabled(False)
        self.suggest_progress.setVisible(True)
        self.suggest_progress.setValue(0)
        self._suggest_task = run_task(job, on_done=self._suggested, on_error=self._suggest_failed,
                                      on_progress=self._suggest_progressed, owner=self, label="cover suggestions")
        return self._suggest_task

    def _suggest_progressed(self, done: int, total: int) -> None:
        self.suggest_progress.setRange(0, max(total, 1))
        self.suggest_progress.setValue(done)

    def _failed(self, error: BaseException) -> None:
        show_error(self, error)

    def _suggest_failed(self, error: BaseException) -> None:
        self._suggest_task = None
        self.suggest_progress.setVisible(False)
        self.suggest_button.setEnabled(True)
        show_error(self, error)

    def _suggested(self, found: list[tuple[Any, np.ndarray]]) -> None:
        self._suggest_task = None
        self.suggest_progress.setVisible(False)
        self.suggest_button.setEnabled(True)
        self.suggestions = [s for s, _ in found]
        self.suggestion_list.clear()
        shared = set.intersection(*({r.code for r in s.reasons} for s in self.suggestions)) if found else set()
        for rank, (suggestion, image) in enumerate(found, 1):
            reasons = [_reason_text(r) for r in suggestion.reasons]
            # the scores sit close together; what tells the frames apart is the rank and what is not true of all
            telling = [_reason_text(r) for r in suggestion.reasons if r.code not in shared][:2] or reasons[:1]
            item = QListWidgetItem(QIcon(QPixmap.fromImage(rgb_to_qimage(image))), self.tr("{rank}. {time}").format(
                rank=rank, time=format_ms(suggestion.time_ms)) + "\n" + ", ".join(telling))
            item.setToolTip("\n".join(reasons))
            item.setData(Qt.ItemDataRole.UserRole, suggestion.time_ms)
            self.suggestion_list.addItem(item)
        self.suggestion_list.setVisible(bool(found))
        if not found:
            self.warnings_label.setText(self.tr("Every frame looked at in the range is black: nothing to suggest."))
        self.suggestionsReady.emit(self.suggestions)

    def _suggestion_clicked(self, item: QListWidgetItem) -> None:
        time_ms = int(item.data(Qt.ItemDataRole.UserRole))
        self._push(self._edited(time_ms=time_ms, image=None), self.tr("Use suggested cover"))

    def _suggestion_activated(self, item: QListWidgetItem) -> None:
        if self.cover.time_ms != int(item.data(Qt.ItemDataRole.UserRole)) or self.cover.image is not None:
            self._suggestion_clicked(item)  # a double-click has already chosen it on its first click

    def closeEvent(self, event: Any) -> None:
        for task in (self._frame_task, self._suggest_task):
            if task is not None:
                task.cancel()
        if self._own_frames and self._frames is not None:
            self._frames.close()
            self._frames = None
        super().closeEvent(event)
