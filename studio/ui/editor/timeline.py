"""The main window's timeline: a painted time ruler, keyframe filmstrip, trim shading and playhead.

One widget. It shows what its owner tells it (`set_media`, `set_thumbs`, `set_trim`, `set_position`) and
reports what the person does (`seekRequested`, `trimHandleMoved`, `trimHandleReleased`). It holds no
rules and edits no model: the owner turns a released handle into one undo command and calls `set_trim`.
Times are integer ms on the source timeline (studio.core.timeline); ranges are [start, end).

What stays while the person edits (the ruler, the filmstrip, the waveform, the keyframe ticks) is drawn once
into a backdrop picture, kept while the size, zoom, scroll and content stay: a trim drag or a frame step repaints
the timeline with one picture copy and the few things that move (trim shade, handles, playhead).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QScrollBar, QSizePolicy, QWidget

from studio.core.timeline import format_ms
from studio.ui.keyboard import paint_focus_frame

MARGIN = 10  # px left and right of the clip, so the handles at 0 and at the end stay grabbable
RULER_H = 22
KEYFRAME_ROW_H = 8
SCROLLBAR_H = 10
HANDLE_GRAB_PX = 6
HANDLE_ARM_PX = 8
LABEL_SPACING_PX = 80
MIN_THUMB_SPAN_PX = 28  # a thumb closer than this to the previous one shown is skipped when zoomed out
ZOOM_PER_NOTCH = 1.25
SCROLL_PER_NOTCH = 0.15  # of the view width
_TICK_STEPS_MS = (
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000,
    300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 18_000_000, 36_000_000,
)  # fmt: skip

BACKGROUND = QColor("#1b1c1f")
RULER_BG = QColor("#24262b")
RULER_TEXT = QColor("#c9ccd2")
RULER_TICK = QColor("#6a6f78")
STRIP_BG = QColor("#30333a")
THUMB_SEPARATOR = QColor(0, 0, 0, 140)
WAVEFORM = QColor(120, 210, 255, 210)
WAVEFORM_BG = QColor(0, 0, 0, 110)
KEYFRAME_TICK = QColor("#7fb2ff")
TRIM_SHADE = QColor(0, 0, 0, 170)
HANDLE_TRIMMED = QColor("#ffd60a")
HANDLE_UNTRIMMED = QColor("#a9adb5")
PLAYHEAD = QColor("#ff453a")


class TimelineWidget(QWidget):
    """The clip's time as a horizontal strip; zoom 1.0 shows the whole clip, Ctrl+wheel (or + and - while it has
    the keyboard focus) zooms in and out.

    While a trim handle is dragged the widget shows the dragged value itself; the owner makes one undo
    command from `trimHandleReleased` and calls `set_trim` (with the old values to refuse the drag).
    """

    # Qt names its signals in camelCase.
    seekRequested = Signal(int)
    trimHandleMoved = Signal(str, int)
    trimHandleReleased = Signal(str, int)
    zoomChanged = Signal(float)
    viewChanged = Signal()
    """The time under some x changed (zoom, scroll, resize): widgets aligned with this one redraw."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._duration = 0
        self._keyframes: list[int] = []
        self._thumb_times: list[int] = []
        self._thumb_images: list[QImage] = []
        self._scaled: dict[int, QPixmap] = {}  # thumb index -> pixmap at the current strip height
        self._scaled_key: tuple[int, float] = (0, 0.0)
        self._peaks: Sequence[float] | np.ndarray = ()
        self._peak_ms = 20
        self._position = 0
        self._trim: tuple[int | None, int | None] = (None, None)
        self._zoom = 1.0
        self._backdrop: tuple[tuple[object, ...], QPixmap] | None = None
        self._scroll = 0.0  # px of the zoomed clip hidden left of the view
        self._drag: str | None = None  # "seek", "in" or "out"
        self._grab_offset = 0.0
        self._last_seek: int | None = None
        self._scrollbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self._scrollbar.hide()
        self._scrollbar.valueChanged.connect(self._on_scrollbar)
        self.setMouseTracking(True)
        self.setMinimumHeight(100)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName(self.tr("Timeline"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Esc brings the keys back here (the window's shortcuts)

    def sizeHint(self) -> QSize:
        return QSize(900, 120)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 100)

    # --- what the owner tells us ---------------------------------------------------------------------

    def set_media(self, duration_ms: int, keyframes_ms: Sequence[int]) -> None:
        """A new clip: forgets thumbs, trim, zoom and position."""
        self._duration = max(int(duration_ms), 0)
        self._keyframes = sorted({int(k) for k in keyframes_ms if 0 <= k < self._duration})
        self._thumb_times, self._thumb_images, self._scaled = [], [], {}
        self._peaks = ()
        self._backdrop = None
        self._trim = (None, None)
        self._position = 0
        self._drag = None
        self.setToolTip("")
        self._set_zoom(1.0, 0.0)
        self.update()

    def clear(self) -> None:
        self.set_media(0, [])

    def set_thumbs(self, thumbs: Sequence[tuple[int, QImage]]) -> None:
        """Keyframe thumbnails, each shown from its time until the next one's."""
        by_time = {int(t): image for t, image in thumbs if 0 <= t < self._duration and not image.isNull()}
        self._thumb_times = sorted(by_time)
        self._thumb_images = [by_time[t] for t in self._thumb_times]
        self._scaled = {}
        self._backdrop = None
        self.update()

    def set_waveform(self, peaks: Sequence[float] | np.ndarray, bucket_ms: int) -> None:
        """The sound's peak level (0..1) per `bucket_ms` of source time, drawn over the lower part of the strip."""
        self._peaks, self._peak_ms = peaks, max(1, int(bucket_ms))
        self._backdrop = None
        self.update()

    def set_position(self, ms: int) -> None:
        """Move the playhead; when zoomed, scroll so that it stays in view."""
        ms = min(max(int(ms), 0), self._duration)
        if ms == self._position:
            return
        old_x = self.x_for_ms(self._position)
        self._position = ms
        x = self.x_for_ms(ms)
        left, right = MARGIN, self.width() - MARGIN
        if self._zoom > 1.0 and not left <= x <= right:
            view_w = self._view_width()
            anchor = 0.1 if x > right else 0.9  # page forward / back, leaving some context
            self._set_scroll(ms * self._px_per_ms() - anchor * view_w)
            self.update()
        else:
            self.update(self._playhead_rect(old_x))
            self.update(self._playhead_rect(x))

    def set_trim(self, start_ms: int | None, end_ms: int | None) -> None:
        """The kept range [start, end); None on a side means untrimmed there."""
        self._trim = (start_ms, end_ms)
        self.update()

    @property
    def position_ms(self) -> int:
        return self._position

    @property
    def zoom(self) -> float:
        return self._zoom

    @zoom.setter
    def zoom(self, value: float) -> None:
        """Zoom around the playhead when it is in view, else around the middle of the view."""
        x = self.x_for_ms(self._position)
        self._set_zoom(value, x if MARGIN <= x <= self.width() - MARGIN else self.width() / 2)

    # --- geometry ------------------------------------------------------------------------------------

    def _view_width(self) -> float:
        return float(max(self.width() - 2 * MARGIN, 1))

    def _px_per_ms(self) -> float:
        return self._view_width() * self._zoom / max(self._duration, 1)

    def _max_zoom(self) -> float:
        return max(1.0, self._duration / self._view_width())  # 1 px ~ 1 ms

    def _ms_float(self, x: float) -> float:
        return (x - MARGIN + self._scroll) / self._px_per_ms()

    def x_for_ms(self, ms: float) -> float:
        """The widget x of a source time (may lie outside the widget when zoomed)."""
        return MARGIN + ms * self._px_per_ms() - self._scroll

    def ms_at(self, x: float) -> int:
        """The source time under widget x, clamped to [0, duration)."""
        return min(max(round(self._ms_float(x)), 0), max(self._duration - 1, 0))

    def visible_range(self) -> tuple[int, int]:
        """The [start, end) ms currently in view."""
        start = math.floor(self._ms_float(MARGIN))
        end = math.ceil(self._ms_float(MARGIN + self._view_width()))
        return max(start, 0), min(end, self._duration)

    def _rows(self) -> tuple[float, float, float]:
        """(strip top, strip bottom, keyframe row bottom)."""
        kf_bottom = self.height() - SCROLLBAR_H - 2
        strip_bottom = kf_bottom - KEYFRAME_ROW_H
        return float(RULER_H), float(strip_bottom), float(kf_bottom)

    def _handle_ms(self, handle: str) -> int:
        start, end = self._trim
        if handle == "in":
            return start or 0
        return self._duration if end is None else end

    def _handle_xs(self) -> dict[str, float]:
        return {name: self.x_for_ms(self._handle_ms(name)) for name in ("in", "out")}

    def _handle_at(self, x: float, y: float) -> str | None:
        """The handle within grabbing distance of (x, y), the nearer one if both; the ruler always seeks."""
        if self._duration <= 0 or y < RULER_H:
            return None
        near = [(abs(x - hx), name) for name, hx in self._handle_xs().items() if abs(x - hx) <= HANDLE_GRAB_PX]
        return min(near)[1] if near else None

    def _playhead_rect(self, x: float) -> QRect:
        return QRect(round(x) - 8, 0, 16, self.height())

    # --- zoom and scroll -----------------------------------------------------------------------------

    def _set_zoom(self, zoom: float, anchor_x: float) -> None:
        zoom = min(max(zoom, 1.0), self._max_zoom())
        t = self._ms_float(anchor_x)
        changed = zoom != self._zoom
        self._zoom = zoom
        self._set_scroll(MARGIN + t * self._px_per_ms() - anchor_x)
        self.update()
        if changed:
            self.zoomChanged.emit(zoom)

    def _set_scroll(self, px: float) -> None:
        max_scroll = self._view_width() * (self._zoom - 1.0)
        self._scroll = min(max(px, 0.0), max_scroll)
        bar = self._scrollbar
        bar.blockSignals(True)
        bar.setRange(0, math.ceil(max_scroll))
        bar.setPageStep(round(self._view_width()))
        bar.setSingleStep(max(round(self._view_width() / 10), 1))
        bar.setValue(round(self._scroll))
        bar.blockSignals(False)
        bar.setVisible(self._zoom > 1.0)
        self.update()
        self.viewChanged.emit()

    def _on_scrollbar(self, value: int) -> None:
        self._scroll = float(value)
        self.update()
        self.viewChanged.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A hidden widget's resize() takes effect at once but reports its event (with no old size) at show.
        old_view = event.oldSize().width() - 2 * MARGIN
        self._scrollbar.setGeometry(MARGIN, self.height() - SCROLLBAR_H, round(self._view_width()), SCROLLBAR_H)
        self._zoom = min(self._zoom, self._max_zoom())
        self._set_scroll(self._scroll * self._view_width() / old_view if old_view > 0 else self._scroll)
        super().resizeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """+ and - zoom around the playhead (the window's shortcuts do the rest: arrows, I, O, J, K, L…)."""
        key = event.key()
        if self._duration > 0 and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom = self._zoom * ZOOM_PER_NOTCH
        elif self._duration > 0 and key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom = self._zoom / ZOOM_PER_NOTCH
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self._duration <= 0:
            event.ignore()
            return
        delta = event.angleDelta().y() or event.angleDelta().x()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._set_zoom(self._zoom * ZOOM_PER_NOTCH ** (delta / 120), event.position().x())
            event.accept()
        elif self._zoom > 1.0:
            pixels = event.pixelDelta().y() or event.pixelDelta().x()
            step = pixels if pixels else delta / 120 * SCROLL_PER_NOTCH * self._view_width()
            self._set_scroll(self._scroll - step)
            event.accept()
        else:
            event.ignore()

    # --- mouse ---------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._duration <= 0 or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        x = event.position().x()
        handle = self._handle_at(x, event.position().y())
        if handle:
            self._drag = handle
            self._grab_offset = self._handle_xs()[handle] - x
        else:
            self._drag = "seek"
            self._seek_to(x)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x = event.position().x()
        if self._drag == "seek":
            self._seek_to(x)
        elif self._drag in ("in", "out"):
            value = self._drag_value(self._drag, x + self._grab_offset)
            start, end = self._trim
            if value != (start if self._drag == "in" else end):
                self._trim = (value, end) if self._drag == "in" else (start, value)
                self.update()
                self.trimHandleMoved.emit(self._drag, value)
        elif self._duration > 0:
            hover = self._handle_at(x, event.position().y())
            self.setCursor(Qt.CursorShape.SizeHorCursor if hover else Qt.CursorShape.ArrowCursor)
            self.setToolTip(self._tooltip(hover, x))

    def _tooltip(self, handle: str | None, x: float) -> str:
        if handle == "in":
            text = self.tr("In point {time}: drag to change where the clip starts")
        elif handle == "out":
            text = self.tr("Out point {time}: drag to change where the clip ends")
        else:
            text = self.tr("{time}: click or drag to seek; Ctrl+wheel to zoom")
        return text.format(time=format_ms(self._handle_ms(handle) if handle else self.ms_at(x)))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._drag is None:
            super().mouseReleaseEvent(event)
            return
        drag, self._drag, self._last_seek = self._drag, None, None
        if drag in ("in", "out"):
            self.trimHandleReleased.emit(drag, self._handle_ms(drag))
        event.accept()

    def _seek_to(self, x: float) -> None:
        ms = self.ms_at(x)
        if ms != self._last_seek:
            self._last_seek = ms
            self.seekRequested.emit(ms)

    def _drag_value(self, handle: str, x: float) -> int:
        """The handle's time at x, kept inside the clip and on its side of the other handle."""
        ms = round(self._ms_float(x))
        start, end = self._trim
        if handle == "in":
            return min(max(ms, 0), (self._duration if end is None else end) - 1)
        return max(min(ms, self._duration), (start or 0) + 1)

    # --- painting ------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            p.fillRect(self.rect(), BACKGROUND)
            if self._duration <= 0:
                p.setPen(RULER_TEXT)
                p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No clip loaded"))
                return
            p.drawPixmap(0, 0, self._backdrop_picture())
            p.save()
            p.setClipRect(QRectF(MARGIN, 0, self._view_width(), self.height()))
            self._paint_trim_shade(p)
            p.restore()
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint_handles(p)
            self._paint_playhead(p)
        finally:
            if self.hasFocus():
                paint_focus_frame(p, self)
            p.end()

    def _backdrop_picture(self) -> QPixmap:
        """The ruler, filmstrip, waveform and keyframe ticks as they are now, drawn again only when they change."""
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio, self._zoom, self._scroll, self._duration, self.font().key())
        if self._backdrop is None or self._backdrop[0] != key:
            picture = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
            picture.setDevicePixelRatio(ratio)
            picture.fill(BACKGROUND)
            painter = QPainter(picture)
            painter.setFont(self.font())
            painter.setClipRect(QRectF(MARGIN, 0, self._view_width(), self.height()))
            self._paint_ruler(painter)
            self._paint_strip(painter)
            self._draw_waveform(painter)
            self._paint_keyframes(painter)
            painter.end()
            self._backdrop = (key, picture)
        return self._backdrop[1]

    def _tick_step(self, fm: QFontMetrics) -> int:
        spacing = max(LABEL_SPACING_PX, fm.horizontalAdvance(format_ms(self._duration)) + 16)
        ppm = self._px_per_ms()
        return next((s for s in _TICK_STEPS_MS if s * ppm >= spacing), _TICK_STEPS_MS[-1])

    def _paint_ruler(self, p: QPainter) -> None:
        p.fillRect(QRectF(0, 0, self.width(), RULER_H), RULER_BG)
        fm = p.fontMetrics()
        step = self._tick_step(fm)
        minor = next((step // d for d in (5, 4, 2) if step % d == 0 and step // d * self._px_per_ms() >= 6), step)
        start, end = self.visible_range()
        p.setPen(RULER_TICK)
        for t in range(start - start % minor, end + 1, minor):
            x = round(self.x_for_ms(t))
            p.drawLine(x, RULER_H - (8 if t % step == 0 else 4), x, RULER_H - 1)
        p.setPen(RULER_TEXT)
        baseline = (RULER_H - 6 + fm.ascent()) // 2
        for t in range(start - start % step - step, end + 1, step):
            if t >= 0:
                p.drawText(QPointF(round(self.x_for_ms(t)) + 3, baseline), format_ms(t))

    def _visible_thumbs(self) -> list[tuple[int, float, float]]:
        """(index, x0, x1) of the thumbs to draw: skips thumbs too close to the previous one shown."""
        ppm = self._px_per_ms()
        picked: list[int] = []
        for i, t in enumerate(self._thumb_times):
            if not picked or (t - self._thumb_times[picked[-1]]) * ppm >= MIN_THUMB_SPAN_PX:
                picked.append(i)
        if not picked:
            return []
        ends = [self._thumb_times[j] for j in picked[1:]] + [self._duration]
        left, right = MARGIN, self.width() - MARGIN
        spans = [(i, self.x_for_ms(self._thumb_times[i]), self.x_for_ms(e)) for i, e in zip(picked, ends, strict=True)]
        return [(i, x0, x1) for i, x0, x1 in spans if x1 > left and x0 < right]

    def _thumb_pixmap(self, index: int, height: int) -> QPixmap:
        dpr = self.devicePixelRatioF()
        if self._scaled_key != (height, dpr):
            self._scaled, self._scaled_key = {}, (height, dpr)
        pm = self._scaled.get(index)
        if pm is None:
            image = self._thumb_images[index].scaledToHeight(
                round(height * dpr), Qt.TransformationMode.SmoothTransformation
            )
            pm = QPixmap.fromImage(image)
            pm.setDevicePixelRatio(dpr)
            self._scaled[index] = pm
        return pm

    def _paint_strip(self, p: QPainter) -> None:
        top, bottom, _ = self._rows()
        x0, x1 = self.x_for_ms(0), self.x_for_ms(self._duration)
        p.fillRect(QRectF(x0, top, x1 - x0, bottom - top), STRIP_BG)
        height = round(bottom - top)
        for index, span_x0, span_x1 in self._visible_thumbs():
            pm = self._thumb_pixmap(index, height)
            tile_w = max(pm.width() / pm.devicePixelRatio(), 1.0)
            p.save()
            p.setClipRect(QRectF(span_x0, top, span_x1 - span_x0, height), Qt.ClipOperation.IntersectClip)
            x = span_x0 + max(math.floor((MARGIN - span_x0) / tile_w), 0) * tile_w  # first tile in view
            while x < min(span_x1, self.width()):
                p.drawPixmap(QPointF(x, top), pm)
                x += tile_w
            p.restore()
            p.fillRect(QRectF(span_x0, top, 1, height), THUMB_SEPARATOR)

    def _draw_waveform(self, p: QPainter) -> None:
        """A line per pixel (tens of ms: drawn into the backdrop only)."""
        if len(self._peaks) == 0:
            return
        top, bottom, _ = self._rows()
        half = (bottom - top) * 0.22
        centre = bottom - half - 2
        p.fillRect(QRectF(MARGIN, centre - half - 1, self._view_width(), 2 * half + 2), WAVEFORM_BG)
        p.setPen(WAVEFORM)
        ppm = self._px_per_ms()
        left = max(MARGIN, math.floor(self.x_for_ms(0)))
        right = min(self.width() - MARGIN, math.ceil(self.x_for_ms(self._duration)))
        for x in range(int(left), int(right)):
            first = int(self._ms_float(x) / self._peak_ms)
            last = max(first + 1, int(self._ms_float(x + 1) / self._peak_ms))
            if first >= len(self._peaks):
                break
            level = max(self._peaks[first:last]) if ppm * self._peak_ms < 1 else self._peaks[first]
            h = max(0.5, float(level) * half)
            p.drawLine(QPointF(x + 0.5, centre - h), QPointF(x + 0.5, centre + h))

    def _paint_keyframes(self, p: QPainter) -> None:
        _, strip_bottom, _ = self._rows()
        start, end = self.visible_range()
        p.setPen(KEYFRAME_TICK)
        last_x = None
        first, last = bisect.bisect_left(self._keyframes, start), bisect.bisect_right(self._keyframes, end)
        for t in self._keyframes[first:last]:
            x = round(self.x_for_ms(t))
            if x != last_x:
                p.drawLine(x, round(strip_bottom) + 2, x, round(strip_bottom) + KEYFRAME_ROW_H - 2)
                last_x = x

    def _paint_trim_shade(self, p: QPainter) -> None:
        start, end = self._trim
        top, _, kf_bottom = self._rows()
        if start is not None and start > 0:
            x0, x1 = self.x_for_ms(0), self.x_for_ms(start)
            p.fillRect(QRectF(x0, top, x1 - x0, kf_bottom - top), TRIM_SHADE)
        if end is not None and end < self._duration:
            x0, x1 = self.x_for_ms(end), self.x_for_ms(self._duration)
            p.fillRect(QRectF(x0, top, x1 - x0, kf_bottom - top), TRIM_SHADE)
        if start is not None or end is not None:  # frame the kept range
            x0, x1 = self._handle_xs()["in"], self._handle_xs()["out"]
            p.fillRect(QRectF(x0, top, x1 - x0, 2), HANDLE_TRIMMED)
            p.fillRect(QRectF(x0, kf_bottom - 2, x1 - x0, 2), HANDLE_TRIMMED)

    def _paint_handles(self, p: QPainter) -> None:
        top, _, bottom = self._rows()
        start, end = self._trim
        for name, x in self._handle_xs().items():
            if not MARGIN - HANDLE_GRAB_PX <= x <= self.width() - MARGIN + HANDLE_GRAB_PX:
                continue
            trimmed = (start if name == "in" else end) is not None
            arm = HANDLE_ARM_PX if name == "in" else -HANDLE_ARM_PX
            path = QPainterPath(QPointF(x + arm, top + 1.5))
            path.lineTo(x, top + 1.5)
            path.lineTo(x, bottom - 1.5)
            path.lineTo(x + arm, bottom - 1.5)
            pen = QPen(HANDLE_TRIMMED if trimmed else HANDLE_UNTRIMMED, 3)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            p.strokePath(path, pen)

    def _paint_playhead(self, p: QPainter) -> None:
        x = round(self.x_for_ms(self._position))
        if not MARGIN - 1 <= x <= self.width() - MARGIN + 1:
            return
        _, _, bottom = self._rows()
        p.fillRect(QRect(x - 1, 8, 2, round(bottom) - 8), PLAYHEAD)
        head = QPolygonF([QPointF(x - 6, 1), QPointF(x + 6, 1), QPointF(x + 6, 8), QPointF(x, 14), QPointF(x - 6, 8)])
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(PLAYHEAD)
        p.drawPolygon(head)
