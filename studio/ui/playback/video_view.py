"""A widget that shows one picture (a video frame) fitted into its area, letterboxed on black, with the
product popups visible at that frame's time drawn over it by the one card renderer (`studio.render.card`).

The overlay is in sync with the picture by construction: whoever hands the view a frame also hands it the
frame's time (`set_image(image, time_ms)`), and the same paint draws the frame and the cards of
`visible_popups(popups, time_ms)`. Cards are laid out on the 9:16 output frame around the picture (a
picture of another shape is placed on it as the export's `fit` would) and scaled to the view. With an
output preview (`set_output_preview`), a landscape or square picture is shown as the export makes it 9:16
(blurred bars, the centre, or the follow window at this frame's time) and the cards are placed on that.
Holds no playback logic and no popup rules; the editor sets the popups and the selection and listens to
`popupClicked`.

Each card is painted once into a picture of its own (`card.paint_card`, at its place's size and sub-pixel offset)
and that picture is drawn on every repaint while the card, its size and place stay: laying out and painting a
card's text and image took most of a frame step's repaint.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.core import platform_profile
from studio.core.popup_rules import visible_popups
from studio.core.project import Popup
from studio.core.reframe import Framing
from studio.render import card

SELECTION_COLOR = QColor("#2f80ed")
PROPOSAL_BOX_COLOR = QColor("#ffd60a")


class VideoView(QWidget):
    """Paints the current QImage scaled to fit, keeping its aspect, and the popups visible at its time."""

    popupClicked = Signal(str)
    """The id of the popup whose card was clicked on the picture."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._time_ms: int | None = None
        self._placeholder = ""
        self._popups: list[Popup] = []
        self._cards: dict[str, tuple[object, card.CardContent]] = {}
        self._sprites: dict[str, tuple[card.CardContent, tuple[float, ...], QPixmap]] = {}
        self._selected: str | None = None
        self._placed: list[tuple[str, QRectF]] = []
        self._fit: platform_profile.Fit = "pad"
        self._button_text = card.BUTTON_TEXT
        self._image_base: Path | None = None
        self._proposal_boxes: list[tuple[int, QRectF]] = []
        self._proposal_span: tuple[int, int] | None = None
        self._framing: Framing | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:
        return QSize(405, 720)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 160)

    # --- the picture -------------------------------------------------------------------------------------

    @property
    def image(self) -> QImage | None:
        return self._image

    @property
    def frame_time(self) -> int | None:
        """The source time (ms) of the frame shown, when its giver said; popups are drawn for this time."""
        return self._time_ms if self._image is not None else None

    def set_image(self, image: QImage | None, time_ms: int | None = None) -> None:
        """Show `image`, the frame at `time_ms` (None: a picture with no time, drawn without popups)."""
        self._image = image
        self._time_ms = time_ms
        self.update()

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.update()

    def image_rect(self) -> QRectF:
        """Where the picture is drawn inside the widget."""
        if self._image is None or self._image.isNull():
            return QRectF()
        size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) / 2
        y = (self.height() - size.height()) / 2
        return QRectF(x, y, size.width(), size.height())

    # --- popups ------------------------------------------------------------------------------------------

    def set_popups(self, popups: Sequence[Popup], fit: platform_profile.Fit | None = None,
                   image_base: Path | None = None) -> None:
        """The popups to draw (times on the timeline of the frames shown: source times in the editor).

        `fit` places a picture that is not 9:16 on the output frame (default "pad"); `image_base` is the
        folder that relative product-image paths in the snapshots are relative to (e.g. an unpacked package).
        """
        self._popups = list(popups)
        if fit is not None:
            self._fit = fit
        if image_base != self._image_base:
            self._image_base = image_base
            self._cards.clear()
        ids = {p.id for p in self._popups}
        self._cards = {key: value for key, value in self._cards.items() if key in ids}
        self._sprites = {key: value for key, value in self._sprites.items() if key in ids}
        self.update()

    @property
    def popups(self) -> list[Popup]:
        return list(self._popups)

    def set_selected_popup(self, popup_id: str | None) -> None:
        """Outline this popup's card when it is on screen (None: no outline)."""
        if popup_id != self._selected:
            self._selected = popup_id
            self.update()

    @property
    def selected_popup(self) -> str | None:
        return self._selected

    def set_button_text(self, text: str) -> None:
        """The cards' buy-button text (default: what the viewer's phone shows, "立即购买")."""
        self._button_text = text
        self._cards.clear()
        self.update()

    def shown_popups(self) -> list[Popup]:
        """The popups drawn over the frame now on screen."""
        if self._time_ms is None or self._image is None or self._image.isNull():
            return []
        return visible_popups(self._popups, self._time_ms)

    def popup_rect(self, popup_id: str) -> QRectF | None:
        """Where this popup's card was last painted, in widget coordinates (None when not on screen)."""
        for placed_id, rect in self._placed:
            if placed_id == popup_id:
                return QRectF(rect)
        return None

    def placed_cards(self) -> list[card.PlacedCard]:
        """The cards of the popups on screen now, as the renderer takes them (same as the preview export)."""
        return [card.PlacedCard.from_popup(p, self._content(p)) for p in self.shown_popups()]

    def composited_image(self) -> QImage | None:
        """The frame on screen with its popups, at the frame's own size: what the overlay shows, unscaled."""
        if self._image is None or self._image.isNull():
            return None
        return card.render_popups(self._image, self.placed_cards(), self._fit)

    def _content(self, popup: Popup) -> card.CardContent:
        key = (popup.style, popup.label, popup.sku, repr(popup.snapshot), self._button_text)
        cached = self._cards.get(popup.id)
        if cached is None or cached[0] != key:
            cached = (key, card.CardContent.from_popup(popup, image_base=self._image_base,
                                                       button_text=self._button_text))
            self._cards[popup.id] = cached
        return cached[1]

    def picture_transform(self) -> QTransform:
        """Maps the picture's pixel coordinates to the widget's."""
        target = self.image_rect()
        if target.isEmpty() or self._image is None:
            return QTransform()
        transform = QTransform()
        transform.translate(target.x(), target.y())
        transform.scale(target.width() / self._image.width(), target.height() / self._image.height())
        return transform

    # --- the output picture (a landscape or square source made 9:16) ---------------------------------------

    def set_output_preview(self, framing: Framing | None) -> None:
        """Show the picture as the export will make it 9:16 (`framing`: the fit, and the window's path for
        "follow", the centre until it is known), with the cards placed on that output picture; None shows
        the source picture as it is."""
        self._framing = framing
        if framing is not None:
            self._fit = framing.fit
        self.update()

    @property
    def output_fit(self) -> platform_profile.Fit | None:
        return self._framing.fit if self._framing is not None else None

    def output_rect(self) -> QRectF:
        """Where the 9:16 output picture is drawn (widget coordinates); empty when the source is shown as is."""
        if self._framing is None or self._image is None or self._image.isNull():
            return QRectF()
        if platform_profile.is_portrait_9_16(self._image.width(), self._image.height()):
            return QRectF()
        height = min(float(self.height()), self.width() * 16 / 9)
        width = height * 9 / 16
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def frame_rect(self) -> QRectF:
        """Where the 1080x1920 output frame lies in widget coordinates (cards are laid out on it): the output
        picture, or the frame around the source picture as the fit places it; empty without a picture."""
        output = self.output_rect()
        if not output.isEmpty() or self._image is None or self._image.isNull():
            return output
        frame = card.frame_rect_on_picture(self._image.width(), self._image.height(), self._fit)
        return self.picture_transform().mapRect(frame)

    def _paint_output(self, painter: QPainter, target: QRectF) -> None:
        """The source picture laid on the 9:16 `target` as the export lays it (`core.reframe.Framing`)."""
        image, framing = self._image, self._framing
        assert image is not None and framing is not None
        w, h = image.width(), image.height()
        if framing.fit == "pad":
            small = image.scaled(max(1, w // 24), max(1, h // 24), Qt.AspectRatioMode.IgnoreAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)  # the blurred copy behind
            cover = platform_profile.fitting(w, h, "crop", frame=(round(target.width()), round(target.height())))
            painter.save()
            painter.setClipRect(target)
            painter.drawImage(QRectF(target.x() + cover.x, target.y() + cover.y, cover.width, cover.height), small)
            painter.restore()
            inner = platform_profile.fitting(w, h, "pad", frame=(round(target.width()), round(target.height())))
            painter.drawImage(QRectF(target.x() + inner.x, target.y() + inner.y, inner.width, inner.height), image)
            return
        x, y, ww, wh = framing.window_at(self._time_ms or 0)
        sx, sy = w / framing.display_width, h / framing.display_height  # a proxy's frame is smaller
        painter.drawImage(target, image, QRectF(x * sx, y * sy, ww * sx, wh * sy))

    # --- the product finder's box ------------------------------------------------------------------------

    def set_proposal_boxes(self, boxes: Sequence[tuple[int, QRectF]], span: tuple[int, int] | None = None) -> None:
        """A proposal's product boxes to outline: `(t_ms, rect)` with `rect` a share (0..1) of the picture.

        While the frame's time is inside `span` (`[start, end)`; None: any time) the box of the sample nearest
        that time is drawn. An empty list draws none.
        """
        self._proposal_boxes = sorted(boxes, key=lambda b: b[0])
        self._proposal_span = span
        self.update()

    def proposal_box(self) -> QRectF | None:
        """Where the proposal's box is drawn for the frame on screen (widget coordinates), None when not drawn."""
        t = self.frame_time
        if t is None or not self._proposal_boxes or self._image is None or self._image.isNull():
            return None
        if self._proposal_span is not None and not self._proposal_span[0] <= t < self._proposal_span[1]:
            return None
        _, share = min(self._proposal_boxes, key=lambda b: (abs(b[0] - t), b[0]))
        target = self.image_rect()
        return QRectF(target.x() + share.x() * target.width(), target.y() + share.y() * target.height(),
                      share.width() * target.width(), share.height() * target.height())

    def _paint_proposal_box(self, painter: QPainter) -> None:
        rect = self.proposal_box()
        if rect is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(PROPOSAL_BOX_COLOR, 2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)

    # --- events ------------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        self._placed = []
        output = self.output_rect()
        if not output.isEmpty():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            self._paint_output(painter, output)
            self._placed = self._paint_cards(painter, output)  # on the output picture
            self._paint_selection(painter)
        elif self._image is not None and not self._image.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.image_rect(), self._image)
            self._paint_proposal_box(painter)
            frame = card.frame_rect_on_picture(self._image.width(), self._image.height(), self._fit)
            self._placed = self._paint_cards(painter, self.picture_transform().mapRect(frame))
            self._paint_selection(painter)
        elif self._placeholder:
            painter.setPen(QColor("#9aa0a6"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._placeholder)
        painter.end()

    def _paint_cards(self, painter: QPainter, frame: QRectF) -> list[tuple[str, QRectF]]:
        """The cards on screen on the 9:16 `frame` (widget coordinates); returns where each went."""
        placed = []
        for item in self.placed_cards():
            rect = card.card_rect((item.anchor_x, item.anchor_y), item.content.style, frame.width(),
                                  frame.height()).translated(frame.topLeft())
            left, top = math.floor(rect.x()), math.floor(rect.y())
            painter.drawPixmap(left, top, self._sprite(item, rect.translated(-left, -top)))
            placed.append((item.popup_id, rect))
        return placed

    def _sprite(self, item: card.PlacedCard, rect: QRectF) -> QPixmap:
        """The card painted into `rect` on a transparent picture whose corner is (0, 0): the place's fraction of
        a pixel is kept, so the card looks as it would painted in place."""
        ratio = self.devicePixelRatioF()
        key = (rect.x(), rect.y(), rect.width(), rect.height(), ratio)
        cached = self._sprites.get(item.popup_id)
        if cached is not None and cached[0] is item.content and cached[1] == key:
            return cached[2]
        sprite = QPixmap(math.ceil(rect.right() * ratio), math.ceil(rect.bottom() * ratio))
        sprite.setDevicePixelRatio(ratio)
        sprite.fill(Qt.GlobalColor.transparent)
        painter = QPainter(sprite)
        card.paint_card(painter, rect, item.content)
        painter.end()
        self._sprites[item.popup_id] = (item.content, key, sprite)
        return sprite

    def _paint_selection(self, painter: QPainter) -> None:
        rect = self.popup_rect(self._selected) if self._selected else None
        if rect is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(SELECTION_COLOR, 3, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(-3, -3, 3, 3), 8, 8)

    def popup_at(self, point: QPointF) -> str | None:
        """The id of the topmost card under `point` (widget coordinates), if any."""
        for popup_id, rect in reversed(self._placed):
            if rect.contains(point):
                return popup_id
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            popup_id = self.popup_at(event.position())
            if popup_id is not None:
                self.popupClicked.emit(popup_id)
                event.accept()
                return
        super().mousePressEvent(event)
