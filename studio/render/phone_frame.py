"""The viewer's phone around the video: the feed's own controls drawn over a 9:16 frame.

`paint_feed_chrome` draws what a viewer's phone shows on top of a post in the feed — the status bar, the
"关注 | 推荐" tabs, the right-hand column (avatar, like, comment, favourite, share), the creator, title and
hashtags at the bottom and the tab bar — laid out on the 1080x1920 reference frame and scaled to the frame
rect it is given, so the reviewer sees what the popups and the title compete with. `paint_safe_zones`
shades the areas `core.safe_zones` reserves for those controls. The texts are the phone's (Simplified
Chinese, like the app the viewers use), not the reviewer's UI language. `paint_phone_body` draws the bezel
around a frame rect. QtGui only: the review window and `render-preview` share it.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import cos, pi, sin

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from studio.core import safe_zones
from studio.render.card import transparent_layer
from studio.render.fonts import font

REF_W, REF_H = safe_zones.FRAME_WIDTH, safe_zones.FRAME_HEIGHT
TEXT = QColor(255, 255, 255, 235)
DIM = QColor(255, 255, 255, 150)
SHADE = QColor(0, 0, 0, 90)
ZONE = QColor(255, 64, 64, 70)
ZONE_EDGE = QColor(255, 96, 96, 200)
BODY = QColor("#111317")
BODY_EDGE = QColor("#3a3f47")


def _scaled(painter: QPainter, frame: QRectF) -> None:
    painter.translate(frame.topLeft())
    painter.scale(frame.width() / REF_W, frame.height() / REF_H)


def _text(painter: QPainter, rect: QRectF, text: str, px: float, color: QColor = TEXT, *, bold: bool = False,
          align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
          elide: bool = True) -> None:
    f = font(px, bold)
    painter.setFont(f)
    painter.setPen(color)
    if elide:
        text = QFontMetricsF(f).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(rect, int(align), text)


def _heart(x: float, y: float, s: float) -> QPainterPath:
    path = QPainterPath(QPointF(x, y + s * 0.3))
    path.cubicTo(x, y - s * 0.1, x - s * 0.5, y - s * 0.1, x - s * 0.5, y + s * 0.25)
    path.cubicTo(x - s * 0.5, y + s * 0.55, x, y + s * 0.75, x, y + s * 0.9)
    path.cubicTo(x, y + s * 0.75, x + s * 0.5, y + s * 0.55, x + s * 0.5, y + s * 0.25)
    path.cubicTo(x + s * 0.5, y - s * 0.1, x, y - s * 0.1, x, y + s * 0.3)
    return path


def paint_feed_chrome(painter: QPainter, frame: QRectF, *, creator: str = "", title: str = "",
                      hashtags: Sequence[str] = ()) -> None:
    """The feed's controls over the 9:16 `frame` (in the painter's coordinates)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    _scaled(painter, frame)
    # gentle shades so white text stays readable on a bright video, as the apps do
    painter.fillRect(QRectF(0, 0, REF_W, 220), SHADE)
    painter.fillRect(QRectF(0, REF_H - 520, REF_W, 520), SHADE)
    # status bar and tabs
    _text(painter, QRectF(48, 18, 300, 60), "9:41", 34, bold=True)
    _text(painter, QRectF(REF_W - 260, 18, 212, 60), "5G  ▮▮▮  100%", 28,
          align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    _text(painter, QRectF(300, 86, 200, 64), "关注", 40, DIM, align=Qt.AlignmentFlag.AlignCenter)
    _text(painter, QRectF(580, 86, 200, 64), "推荐", 40, bold=True, align=Qt.AlignmentFlag.AlignCenter)
    painter.fillRect(QRectF(650, 150, 60, 6), TEXT)
    # the right-hand column
    cx = REF_W - 75
    painter.setPen(QPen(TEXT, 4))
    painter.setBrush(QColor("#9aa4b2"))
    painter.drawEllipse(QPointF(cx, 900), 50, 50)
    painter.setBrush(QColor("#ff2442"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QPointF(cx, 952), 18, 18)
    icons = [("heart", "2.3万"), ("comment", "1846"), ("star", "5120"), ("share", "分享")]
    for index, (kind, label) in enumerate(icons):
        y = 1030 + index * 150
        painter.setBrush(TEXT)
        painter.setPen(Qt.PenStyle.NoPen)
        if kind == "heart":
            painter.drawPath(_heart(cx, y, 80))
        elif kind == "comment":
            painter.drawRoundedRect(QRectF(cx - 38, y, 76, 62), 28, 28)
            painter.drawPolygon([QPointF(cx - 20, y + 55), QPointF(cx - 30, y + 80), QPointF(cx, y + 58)])
        elif kind == "star":
            points = [QPointF(cx + (40 if i % 2 == 0 else 17) * sin(i * pi / 5),
                              y + 40 - (40 if i % 2 == 0 else 17) * cos(i * pi / 5)) for i in range(10)]
            painter.drawPolygon(points)
        else:
            painter.drawPolygon([QPointF(cx - 36, y + 70), QPointF(cx + 40, y + 30), QPointF(cx - 36, y - 4),
                                 QPointF(cx - 36, y + 18), QPointF(cx - 10, y + 40)])
        _text(painter, QRectF(cx - 75, y + 84, 150, 40), label, 26, align=Qt.AlignmentFlag.AlignCenter)
    # caption
    left, width = 40, REF_W - safe_zones.RIGHT_PX - 60
    _text(painter, QRectF(left, REF_H - 400, width, 56), f"@{creator or '创作者'}", 38, bold=True)
    if title:
        _text(painter, QRectF(left, REF_H - 340, width, 56), title, 36)
    if hashtags:
        _text(painter, QRectF(left, REF_H - 282, width, 50), "  ".join(f"#{t}" for t in hashtags), 32)
    _text(painter, QRectF(left, REF_H - 226, width, 46), "♪ 原声 - 好物圈", 28, DIM)
    # the tab bar
    painter.fillRect(QRectF(0, REF_H - 150, REF_W, 150), QColor(0, 0, 0, 200))
    tabs = ["首页", "朋友", "", "消息", "我"]
    for index, label in enumerate(tabs):
        rect = QRectF(index * REF_W / 5, REF_H - 150, REF_W / 5, 110)
        if label:
            _text(painter, rect, label, 34, TEXT if index == 0 else DIM, bold=index == 0,
                  align=Qt.AlignmentFlag.AlignCenter)
        else:
            painter.setBrush(TEXT)
            painter.drawRoundedRect(QRectF(rect.center().x() - 50, rect.center().y() - 32, 100, 64), 16, 16)
            _text(painter, QRectF(rect.center().x() - 50, rect.center().y() - 32, 100, 64), "+", 48,
                  QColor("#111111"), bold=True, align=Qt.AlignmentFlag.AlignCenter)
    painter.restore()


def paint_safe_zones(painter: QPainter, frame: QRectF) -> None:
    """Shade the parts of `frame` that the feed's controls own (core.safe_zones), with a dashed edge."""
    left, top, right, bottom = safe_zones.safe_rect_px()
    painter.save()
    _scaled(painter, frame)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ZONE)
    painter.drawRect(QRectF(0, 0, REF_W, top))
    painter.drawRect(QRectF(0, bottom, REF_W, REF_H - bottom))
    painter.drawRect(QRectF(right, top, REF_W - right, bottom - top))
    pen = QPen(ZONE_EDGE, 4, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(left, top, right - left, bottom - top))
    painter.restore()


def phone_rect_around(frame: QRectF) -> QRectF:
    """The phone body's outline around a frame rect (a bezel of 3.5 % of the frame's width)."""
    bezel = frame.width() * 0.035
    return frame.adjusted(-bezel, -bezel * 2.2, bezel, bezel * 2.2)


def paint_phone_body(painter: QPainter, frame: QRectF) -> None:
    """The phone's body around `frame` as a ring: the frame itself is left untouched (paint before or after
    the video)."""
    body = phone_rect_around(frame)
    radius = frame.width() * 0.09
    ring = QPainterPath()
    ring.setFillRule(Qt.FillRule.OddEvenFill)
    ring.addRoundedRect(body, radius, radius)
    ring.addRect(frame)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BODY)
    painter.drawPath(ring)
    painter.setPen(QPen(BODY_EDGE, max(1.0, frame.width() * 0.006)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(body, radius, radius)
    notch = QRectF(frame.center().x() - frame.width() * 0.12, body.top() + frame.width() * 0.015,
                   frame.width() * 0.24, frame.width() * 0.035)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#000000"))
    painter.drawRoundedRect(notch, notch.height() / 2, notch.height() / 2)
    painter.restore()


def chrome_layer(width: int, height: int, *, creator: str = "", title: str = "",
                 hashtags: Sequence[str] = ()) -> QImage:
    """A transparent `width` x `height` layer with the feed's controls (`paint_feed_chrome`) over the frame."""
    layer = transparent_layer(width, height)
    painter = QPainter(layer)
    paint_feed_chrome(painter, QRectF(0, 0, width, height), creator=creator, title=title, hashtags=hashtags)
    painter.end()
    return layer
