"""The popup lanes under the timeline: each popup a block with its product title, on the timeline's time axis.

Uses the `TimelineWidget`'s own mapping (`x_for_ms`, its zoom and scroll; it sits in the same column at the
same width), so a block lines up with the frames above it. Drag a block to move it, drag an edge to resize
it; both snap to frame times, and, within a few pixels, to other popups' edges, the playhead and the trim.
Popups that overlap stack in lanes. Click selects, Delete (the window's action) deletes, double-click jumps
the player. By keyboard (Tab or Esc then Tab reaches the lanes): Up and Down select the previous or next popup
in time, Enter jumps the player to the selected one. Every drag is one undo step (`PopupEditor.set_times` with one
merge key per drag). `LaneStrip`, the geometry and keys every such strip shares, is also the base of the
finder's proposal row (`finder_proposals.ProposalLanes`).
Must not hold: rules (problems come from the editor), model edits other than through the editor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.core import trim
from studio.core.project import Popup
from studio.core.timeline import format_ms
from studio.ui.editor.popup_editor import PopupEditor, nearest_edge
from studio.ui.editor.timeline import BACKGROUND, MARGIN, PLAYHEAD, TRIM_SHADE, TimelineWidget
from studio.ui.keyboard import paint_focus_frame, step_in_order

LANE_H = 24
PAD = 3
EDGE_GRAB_PX = 6
SNAP_PX = 8
CARD_COLOR = QColor("#3a7bd5")
COMPACT_COLOR = QColor("#6c5ce7")
SELECTED_BORDER = QColor("#ffd60a")
ERROR_MARK = QColor("#ff453a")
BLOCK_TEXT = QColor("#ffffff")
HINT_TEXT = QColor("#8a8f98")


class Span(Protocol):
    """What a lane block is drawn from: a popup, or a finder proposal."""

    @property
    def id(self) -> str: ...
    @property
    def start_ms(self) -> int: ...
    @property
    def end_ms(self) -> int: ...


def assign_lanes(popups: Iterable[Span]) -> dict[str, int]:
    """Lane index per block id: each block goes to the first lane free at its start (by start, then end)."""
    lane_ends: list[int] = []
    lanes: dict[str, int] = {}
    for popup in sorted(popups, key=lambda p: (p.start_ms, p.end_ms, p.id)):
        lane = next((i for i, end in enumerate(lane_ends) if end <= popup.start_ms), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(popup.end_ms)
        else:
            lane_ends[lane] = popup.end_ms
        lanes[popup.id] = lane
    return lanes


def _magnet(values: Sequence[float], magnets: Sequence[int], tolerance: float) -> float | None:
    """The shift that puts one of `values` on the nearest magnet within `tolerance`, None when none is near."""
    best: float | None = None
    for value in values:
        for magnet in magnets:
            shift = magnet - value
            if abs(shift) <= tolerance and (best is None or abs(shift) < abs(best)):
                best = shift
    return best


def snap_drag(part: str, start: int, end: int, delta: float, *, edges: Sequence[int], magnets: Sequence[int],
              tolerance_ms: float, duration_ms: int) -> tuple[int, int]:
    """The popup's `[start, end)` after dragging `part` ("move", "start" or "end") by `delta` ms.

    A magnet (another popup's edge, the playhead, a trim point) within `tolerance_ms` wins; otherwise the
    dragged edges go to the nearest frame boundary in `edges`. A move keeps the length and stays in the clip;
    a resized edge stays on its side of the other one.
    """
    length = end - start
    if part == "move":
        new_start = min(max(start + delta, 0), max(duration_ms - length, 0))
        shift = _magnet((new_start, new_start + length), magnets, tolerance_ms)
        if shift is not None and 0 <= new_start + shift <= duration_ms - length:
            s = round(new_start + shift)
            return s, s + length
        s = nearest_edge(edges, new_start)
        e = nearest_edge(edges, s + length)
        return (s, e) if e > s else (s, s + length)
    if part == "start":
        value = min(max(start + delta, 0), end - 1)
        shift = _magnet((value,), [m for m in magnets if m < end], tolerance_ms)
        s = round(value + shift) if shift is not None else nearest_edge([e for e in edges if e < end], value)
        return min(s, end - 1), end
    value = max(min(end + delta, duration_ms), start + 1)
    shift = _magnet((value,), [m for m in magnets if m > start], tolerance_ms)
    e = round(value + shift) if shift is not None else nearest_edge([x for x in edges if x > start], value)
    return start, max(e, start + 1)


class LaneStrip(QWidget):
    """A strip of blocks on the timeline's time axis, overlapping ones stacked in lanes: the popup lanes and the
    finder's proposals. Holds the geometry (lanes, block rectangles, which part of a block is under the mouse),
    the timeline's x mapping and zoom, and Up/Down selection in time; subclasses hold the model and painting."""

    def __init__(self, timeline: TimelineWidget, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline = timeline
        self._lanes: dict[str, int] = {}
        self.setObjectName(name)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it: Up/Down choose, Enter acts
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        timeline.viewChanged.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(900, self.height())

    def lay_out(self, spans: Iterable[Span]) -> None:
        """Stack `spans` in lanes and take the height they need."""
        self._lanes = assign_lanes(spans)
        self.setFixedHeight((max(self._lanes.values(), default=0) + 1) * LANE_H + 2 * PAD)
        self.update()

    def _px_per_ms(self) -> float:
        return self.timeline.x_for_ms(1) - self.timeline.x_for_ms(0)

    def ms_at(self, x: float) -> float:
        """The (unclamped) source time under x, by the timeline's mapping."""
        ppm = self._px_per_ms()
        return (x - self.timeline.x_for_ms(0)) / ppm if ppm > 0 else 0.0

    def block_rect(self, span: Span) -> QRectF:
        """Where `span` is drawn (widget coordinates)."""
        x0, x1 = self.timeline.x_for_ms(span.start_ms), self.timeline.x_for_ms(span.end_ms)
        top = PAD + self._lanes.get(span.id, 0) * LANE_H + 1
        return QRectF(x0, top, max(x1 - x0, 2.0), LANE_H - 2)

    def part_at(self, span: Span, pos: QPointF) -> str | None:
        """"start" or "end" near an edge of `span`'s block, "body" inside it, None off it."""
        inner = self.block_rect(span)
        if not inner.adjusted(-EDGE_GRAB_PX / 2, 0, EDGE_GRAB_PX / 2, 0).contains(pos):
            return None
        grab = min(EDGE_GRAB_PX, inner.width() / 3)
        if abs(pos.x() - inner.left()) <= grab:
            return "start"
        return "end" if abs(pos.x() - inner.right()) <= grab else "body"

    @staticmethod
    def step_id(spans: Iterable[Span], selected: str | None, step: int) -> str | None:
        """The id `step` places after `selected` in time (the first or last when none is)."""
        ordered = sorted(spans, key=lambda p: (p.start_ms, p.end_ms, p.id))
        return step_in_order([p.id for p in ordered], selected, step)

    def paint_label(self, p: QPainter, rect: QRectF, text: str, color: QColor) -> None:
        """`text` inside a block, elided to fit, when the block is wide enough to read."""
        text_rect = rect.adjusted(6, 0, -6, 0)
        if text_rect.width() > 12:
            p.setPen(color)
            shown = p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, round(text_rect.width()))
            p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.timeline.wheelEvent(event)  # same x axis: zoom and scroll as on the timeline


class PopupLanes(LaneStrip):
    """The popup blocks; see the module docstring."""

    def __init__(self, editor: PopupEditor, timeline: TimelineWidget, parent: QWidget | None = None) -> None:
        super().__init__(timeline, "popupLanes", parent)
        self.setAccessibleName(self.tr("Popup lanes"))
        self.editor = editor
        self._drag: tuple[str, str, int, int, float] | None = None  # id, part, start, end, press ms
        self._drag_serial = 0
        editor.popupsChanged.connect(self._relayout)
        editor.selectionChanged.connect(self._on_selection)
        self._relayout()

    # --- geometry ----------------------------------------------------------------------------------------

    def _relayout(self) -> None:
        self.lay_out(self.editor.popups)

    def _on_selection(self, _popup_id: str) -> None:
        self.update()

    def hit(self, pos: QPointF) -> tuple[Popup, str] | None:
        """The popup under `pos` and the part ("start", "end" or "move"); the selected popup wins overlaps."""
        found: tuple[Popup, str] | None = None
        for popup in self.editor.popups:
            part = self.part_at(popup, pos)
            if part is None:
                continue
            hit = (popup, "move" if part == "body" else part)
            if popup.id == self.editor.selected_id:
                return hit
            found = found or hit
        return found

    # --- mouse -------------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        hit = self.hit(event.position())
        if hit is None:
            self.editor.select(None)
            self._drag = None
        else:
            popup, part = hit
            self.editor.select(popup.id)
            self._drag = (popup.id, part, popup.start_ms, popup.end_ms, self.ms_at(event.position().x()))
            self._drag_serial += 1
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag is None:
            hit = self.hit(pos)
            part = hit[1] if hit else None
            self.setCursor(Qt.CursorShape.SizeHorCursor if part in ("start", "end")
                           else Qt.CursorShape.OpenHandCursor if part else Qt.CursorShape.ArrowCursor)
            self.setToolTip(self._tooltip(hit[0]) if hit else "")
            return
        popup_id, part, start, end, pressed = self._drag
        others = [p for p in self.editor.popups if p.id != popup_id]
        magnets = sorted({p.start_ms for p in others} | {p.end_ms for p in others} | set(self._fixed_magnets()))
        new = snap_drag(part, start, end, self.ms_at(pos.x()) - pressed, edges=self.editor.frame_edges(),
                        magnets=magnets, tolerance_ms=SNAP_PX / max(self._px_per_ms(), 1e-9),
                        duration_ms=self.editor.duration_ms)
        self.editor.set_times(popup_id, *new, merge_key=f"popup-drag-{self._drag_serial}")

    def _fixed_magnets(self) -> list[int]:
        magnets = [self.editor.position]
        project_trim = self.editor.document.project.trim
        if project_trim is not None:
            magnets += [project_trim.start_ms, project_trim.end_ms]
        return magnets

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self.hit(event.position())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag = None
            self.editor.jump_to(hit[0].id)
            event.accept()
        else:
            super().mouseDoubleClickEvent(event)

    # --- keyboard ----------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.editor.popups:
            self.select_step(-1 if key == Qt.Key.Key_Up else 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.editor.selected_id:
            self.editor.jump_to(self.editor.selected_id)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def select_step(self, step: int) -> None:
        """Select the popup `step` places after the selected one in time (the first or last when none is)."""
        self.editor.select(self.step_id(self.editor.popups, self.editor.selected_id, step))

    def _tooltip(self, popup: Popup) -> str:
        return self.tr("{title}\n{start} – {end}\nDrag to move, drag an edge to resize, double-click to "
                       "jump there").format(title=self.editor.title(popup), start=format_ms(popup.start_ms),
                                            end=format_ms(popup.end_ms))

    # --- painting ----------------------------------------------------------------------------------------

    def move_playhead(self, old_ms: int, new_ms: int) -> None:
        """Repaint where the playhead was and where it is."""
        for ms in (old_ms, new_ms):
            x = round(self.timeline.x_for_ms(ms))
            self.update(x - 3, 0, 6, self.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            p.fillRect(self.rect(), BACKGROUND)
            duration = self.editor.duration_ms
            if duration <= 0:
                return
            p.setClipRect(QRectF(MARGIN, 0, self.width() - 2 * MARGIN, self.height()))
            kept = trim.effective(self.editor.document.project.trim, duration)
            for a, b in ((0, kept.start_ms), (kept.end_ms, duration)):
                if b > a:
                    x0, x1 = self.timeline.x_for_ms(a), self.timeline.x_for_ms(b)
                    p.fillRect(QRectF(x0, 0, x1 - x0, self.height()), TRIM_SHADE)
            if not self.editor.popups:
                p.setPen(HINT_TEXT)
                p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                           self.tr("Popups: pick a product and press “Add popup” to tag it at the playhead"))
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            broken = self.editor.problem_ids()
            dirty = QRectF(event.rect()).adjusted(-4, 0, 4, 0)  # a moved playhead repaints two thin strips only
            for popup in self.editor.popups:
                if self.block_rect(popup).intersects(dirty):
                    self._paint_block(p, popup, popup.id == self.editor.selected_id, popup.id in broken)
            x = round(self.timeline.x_for_ms(self.editor.position))
            p.fillRect(QRectF(x - 1, 0, 2, self.height()), PLAYHEAD)
        finally:
            if self.hasFocus():
                paint_focus_frame(p, self)
            p.end()

    def _paint_block(self, p: QPainter, popup: Popup, selected: bool, broken: bool) -> None:
        rect = self.block_rect(popup)
        p.setPen(QPen(SELECTED_BORDER, 2) if selected else Qt.PenStyle.NoPen)
        p.setBrush(COMPACT_COLOR if popup.style == "compact" else CARD_COLOR)
        p.drawRoundedRect(rect, 4, 4)
        if broken:
            p.fillRect(QRectF(rect.left() + 2, rect.bottom() - 3, rect.width() - 4, 3), ERROR_MARK)
        self.paint_label(p, rect, self.editor.title(popup), BLOCK_TEXT)
