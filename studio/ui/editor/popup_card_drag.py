"""Dragging a popup's card on the player moves its anchor: one undo step per drag, kept in the safe zone.

An event filter on the `VideoView` (which draws the cards and says where: `popup_at`, `frame_rect`):
a press on a card starts a drag (the view itself still emits `popupClicked`, so the card is selected), each
move turns the mouse's travel into normalised 9:16-frame units and asks the `PopupEditor` to set the anchor
(the editor clamps it to the safe zone; the renderer keeps the whole card inside). Must not hold: painting,
rules, or any model edit not made through the editor.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QMouseEvent

from studio.ui.editor.popup_editor import PopupEditor
from studio.ui.playback.video_view import VideoView


class PopupCardDrag(QObject):
    """Installs itself on `view`; see the module docstring."""

    def __init__(self, view: VideoView, editor: PopupEditor) -> None:
        super().__init__(view)
        self.view = view
        self.editor = editor
        self._drag: tuple[str, QPointF, float, float] | None = None  # id, press point, anchor x, y
        self._serial = 0
        view.installEventFilter(self)

    def _frame_size(self) -> tuple[float, float]:
        """The 9:16 output frame's width and height in widget pixels: the output picture when the view shows a
        landscape source made 9:16, so a card moves with the mouse and its anchor is the one the renderer and
        the card rules read."""
        frame = self.view.frame_rect()
        return frame.width(), frame.height()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            popup = self.editor.popup(self.view.popup_at(event.position()) or "")
            if event.button() == Qt.MouseButton.LeftButton and popup is not None:
                self._serial += 1
                self._drag = (popup.id, event.position(), popup.anchor_x, popup.anchor_y)
        elif kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent) and self._drag is not None:
            popup_id, pressed, x, y = self._drag
            width, height = self._frame_size()
            if width > 0 and height > 0:
                moved = event.position() - pressed
                self.editor.set_anchor(popup_id, x + moved.x() / width, y + moved.y() / height,
                                       merge_key=f"card-drag-{self._serial}")
            return True
        elif kind == QEvent.Type.MouseButtonRelease and self._drag is not None:
            self._drag = None
        return False
