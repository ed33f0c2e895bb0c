"""Product-showcase scenes for the demo project, painted with QtGui into QImages.

Each scene is a still poster (background, a drawn product, its name in English and Chinese, a price
tag); `studio.jobs.demo` animates and joins them with ffmpeg. Text is drawn with the shipped CJK font
(`render.fonts`), so the demo looks the same on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QLinearGradient, QPainter, QPainterPath, QPen

from studio.render import fonts


@dataclass(frozen=True)
class Scene:
    name_en: str
    name_zh: str
    price: str
    top: str
    bottom: str
    shape: str


SCENES = (
    Scene("Good Circle Studio", "好物圈 演示", "", "#1d2b64", "#f8cdda", "logo"),
    Scene("Glass Water Bottle", "玻璃水瓶", "¥59.00", "#0f2027", "#2c5364", "bottle"),
    Scene("Canvas Tote Bag", "帆布托特包", "¥89.00", "#42275a", "#734b6d", "bag"),
    Scene("Ceramic Coffee Cup", "陶瓷咖啡杯", "¥39.90", "#3e5151", "#decba4", "cup"),
    Scene("Running Shoes", "轻跑运动鞋", "¥299.00", "#141e30", "#243b55", "shoe"),
)


def paint_scene(scene: Scene, width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    grad = QLinearGradient(0, 0, 0, height)
    grad.setColorAt(0, QColor(scene.top))
    grad.setColorAt(1, QColor(scene.bottom))
    p.fillRect(image.rect(), QBrush(grad))
    s = width / 1080
    cx, cy = width / 2, height * 0.45
    _paint_product(p, scene.shape, cx, cy, s)
    p.setPen(QColor("white"))
    p.setFont(fonts.font(84 * s, bold=True))
    p.drawText(QRectF(0, height * 0.68, width, 120 * s), Qt.AlignmentFlag.AlignCenter, scene.name_zh)
    p.setFont(fonts.font(56 * s))
    p.drawText(QRectF(0, height * 0.68 + 120 * s, width, 90 * s), Qt.AlignmentFlag.AlignCenter, scene.name_en)
    if scene.price:
        tag = QRectF(cx - 200 * s, height * 0.68 + 240 * s, 400 * s, 120 * s)
        p.setBrush(QColor("#ff4d4f"))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(tag, 60 * s, 60 * s)
        p.setPen(QColor("white"))
        p.setFont(fonts.font(64 * s, bold=True))
        p.drawText(tag, Qt.AlignmentFlag.AlignCenter, scene.price)
    p.end()
    return image


def _paint_product(p: QPainter, shape: str, cx: float, cy: float, s: float) -> None:
    p.setPen(QPen(QColor(255, 255, 255, 220), 8 * s))
    if shape == "bottle":
        p.setBrush(QColor(120, 200, 255, 120))
        p.drawRoundedRect(QRectF(cx - 130 * s, cy - 260 * s, 260 * s, 560 * s), 60 * s, 60 * s)
        p.setBrush(QColor("#2f80ed"))
        p.drawRoundedRect(QRectF(cx - 70 * s, cy - 360 * s, 140 * s, 110 * s), 20 * s, 20 * s)
    elif shape == "bag":
        p.setBrush(QColor("#f2e8cf"))
        p.drawRect(QRectF(cx - 250 * s, cy - 180 * s, 500 * s, 460 * s))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawArc(QRectF(cx - 150 * s, cy - 380 * s, 300 * s, 400 * s), 0, 180 * 16)
    elif shape == "cup":
        p.setBrush(QColor("#fafafa"))
        path = QPainterPath()
        path.moveTo(cx - 200 * s, cy - 150 * s)
        path.lineTo(cx + 200 * s, cy - 150 * s)
        path.lineTo(cx + 150 * s, cy + 220 * s)
        path.lineTo(cx - 150 * s, cy + 220 * s)
        path.closeSubpath()
        p.drawPath(path)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(QPointF(cx + 230 * s, cy), 70 * s, 90 * s)
        p.setBrush(QColor("#d4a373"))
        p.drawEllipse(QRectF(cx - 300 * s, cy + 200 * s, 600 * s, 90 * s))
    elif shape == "shoe":
        p.setBrush(QColor("#ff6b6b"))
        path = QPainterPath()
        path.moveTo(cx - 320 * s, cy + 120 * s)
        path.cubicTo(cx - 300 * s, cy - 160 * s, cx - 80 * s, cy - 200 * s, cx + 20 * s, cy - 40 * s)
        path.cubicTo(cx + 160 * s, cy - 20 * s, cx + 320 * s, cy + 20 * s, cx + 330 * s, cy + 120 * s)
        path.closeSubpath()
        p.drawPath(path)
        p.setBrush(QColor("white"))
        p.drawRect(QRectF(cx - 330 * s, cy + 120 * s, 660 * s, 50 * s))
    else:
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor("white"), 28 * s))
        p.drawEllipse(QPointF(cx, cy), 260 * s, 260 * s)
        p.setPen(QPen(QColor("#ffd166"), 28 * s))
        p.drawArc(QRectF(cx - 180 * s, cy - 180 * s, 360 * s, 360 * s), 30 * 16, 300 * 16)


def product_picture(shape: str, size: int = 400) -> QImage:
    """A square picture of one demo product (the image of the demo catalog's `demo:<shape>` listings)."""
    image = QImage(size, size, QImage.Format.Format_RGB32)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    grad = QLinearGradient(0, 0, 0, size)
    grad.setColorAt(0, QColor("#3a6073"))
    grad.setColorAt(1, QColor("#16222a"))
    p.fillRect(image.rect(), QBrush(grad))
    s = size / 900
    _paint_product(p, shape, size / 2, size / 2 + 40 * s, s)
    p.end()
    return image
