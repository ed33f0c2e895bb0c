"""Transport icons painted with QPainter, so they read well on the dark theme at any scale."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QPolygonF

SIZE = 64


def _icon(draw) -> QIcon:
    icon = QIcon()
    for mode, colour in ((QIcon.Mode.Normal, "#e8eaed"), (QIcon.Mode.Disabled, "#5f6368"),
                         (QIcon.Mode.Active, "#ffffff")):
        pixmap = QPixmap(SIZE, SIZE)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        draw(painter)
        painter.end()
        icon.addPixmap(pixmap, mode)
    return icon


def _triangle(p: QPainter, x: float, pointing_right: bool, width: float = 26) -> None:
    tip, back = (x + width, x) if pointing_right else (x, x + width)
    p.drawPolygon(QPolygonF([QPointF(back, 14), QPointF(back, 50), QPointF(tip, 32)]))


def play() -> QIcon:
    return _icon(lambda p: _triangle(p, 20, True, 30))


def pause() -> QIcon:
    def draw(p: QPainter) -> None:
        p.drawRect(QRectF(18, 14, 10, 36))
        p.drawRect(QRectF(36, 14, 10, 36))

    return _icon(draw)


def step_back() -> QIcon:
    def draw(p: QPainter) -> None:
        p.drawRect(QRectF(14, 16, 6, 32))
        _triangle(p, 22, False)

    return _icon(draw)


def step_forward() -> QIcon:
    def draw(p: QPainter) -> None:
        _triangle(p, 16, True)
        p.drawRect(QRectF(44, 16, 6, 32))

    return _icon(draw)
