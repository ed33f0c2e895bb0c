"""The cover title, painted with QtGui: one function for the cover panel's preview and the exported JPEG.

Holds: `TitleStyle` (the title's look, read from `CoverChoice.title_style`), `title_lines` (wrapping,
Chinese included), `title_box` (where the text lands, normalised, for the rules in `core.cover_rules`),
`paint_title` (paint on any painter at any scale) and `compose_cover` / `compose_cover_rgb` (a cover picture
with its title, as QImage or as an RGB array for `studio.media.cover_image`).
Must not hold: widgets, the crop (`studio.media.cover_image`), rules or file output.

Decisions:
- The title is laid out on the reference cover, 1080 px wide (the exported size, `cover_rules.OUTPUT_WIDTH`):
  sizes in `TitleStyle` are pixels of that cover, positions are normalised. A smaller preview is the same
  drawing under a painter scale, so the preview is the export, scaled (the font is unhinted).
- Text is filled from a `QPainterPath` of the glyph outlines; the outline is that path stroked with a round
  join under the fill, the shadow the path's fill offset and blurred-free (a soft shadow would need a
  second image pass that the preview could not afford on every drag).
- Lines break at the person's newlines, then wherever the next character would pass `max_width`: after a
  space when the line has one, otherwise between any two characters (Chinese has no spaces).
- The font is the shipped CJK font (`render.fonts`), bold by default, so covers look the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from studio.core import cover_rules
from studio.render import fonts
from studio.render.gui import ensure_gui_app

REFERENCE_WIDTH = cover_rules.OUTPUT_WIDTH


@dataclass(frozen=True)
class TitleStyle:
    """How the title looks: sizes in px of the 1080-wide cover, (x, y) the centre of the text block (0..1)."""

    size: float = 84.0
    color: str = "#ffffff"
    bold: bool = True
    outline: float = 6.0
    """Outline width in px; 0 for none."""
    outline_color: str = "#000000"
    shadow: bool = True
    shadow_color: str = "#99000000"
    shadow_offset: float = 5.0
    x: float = 0.5
    y: float = 0.22
    align: str = "center"
    """"left", "center" or "right" within the block."""
    max_width: float = 0.72
    """The widest a line may be, as a fraction of the cover's width."""
    line_spacing: float = 1.15

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> TitleStyle:
        """The style a project stores (unknown keys ignored, wrong types fall back to the default)."""
        values: dict[str, Any] = {}
        defaults = cls()
        for f in fields(cls):
            if data is None or f.name not in data:
                continue
            value, default = data[f.name], getattr(defaults, f.name)
            if isinstance(default, bool):
                if isinstance(value, bool):
                    values[f.name] = value
            elif isinstance(default, float):
                if isinstance(value, int | float) and not isinstance(value, bool) and value == value:
                    values[f.name] = float(value)
            elif isinstance(value, str):
                values[f.name] = value
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _font(style: TitleStyle) -> Any:
    ensure_gui_app()
    return fonts.font(max(style.size, 1.0), bold=style.bold)


def title_lines(title: str, style: TitleStyle) -> list[str]:
    """The title broken into the lines it is drawn in (on the 1080-wide reference cover)."""
    metrics = QFontMetricsF(_font(style))
    limit = style.max_width * REFERENCE_WIDTH
    lines: list[str] = []
    for paragraph in title.replace("\r\n", "\n").split("\n"):
        line = ""
        for char in paragraph:
            if line and metrics.horizontalAdvance(line + char) > limit:
                space = line.rfind(" ")
                if char != " " and space > 0:
                    lines.append(line[:space])
                    line = line[space + 1:]
                else:
                    lines.append(line.rstrip())
                    line = ""
                if char == " ":
                    continue
            line += char
        lines.append(line)
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


def _layout(title: str, style: TitleStyle, cover_height: float) -> tuple[QPainterPath, QRectF]:
    """The glyph outlines of the title on the reference cover (1080 x `cover_height`) and their line box."""
    font = _font(style)
    metrics = QFontMetricsF(font)
    lines = title_lines(title, style)
    path = QPainterPath()
    if not lines:
        return path, QRectF()
    step = metrics.height() * style.line_spacing
    block_h = metrics.height() + step * (len(lines) - 1)
    widths = [metrics.horizontalAdvance(line) for line in lines]
    block_w = max(widths)
    cx, cy = style.x * REFERENCE_WIDTH, style.y * cover_height
    left, top = cx - block_w / 2, cy - block_h / 2
    for i, (line, width) in enumerate(zip(lines, widths, strict=True)):
        if style.align == "left":
            x = left
        elif style.align == "right":
            x = left + block_w - width
        else:
            x = left + (block_w - width) / 2
        path.addText(QPointF(x, top + i * step + metrics.ascent()), font, line)
    return path, QRectF(left, top, block_w, block_h)


def title_box(title: str, style: TitleStyle, aspect: str) -> cover_rules.Box | None:
    """Where the title's painted pixels lie (x0, y0, x1, y1) on a cover of `aspect`, normalised; None if empty."""
    width, height = cover_rules.output_size(aspect)
    return _box(title, style, height * REFERENCE_WIDTH / width)


def _box(title: str, style: TitleStyle, reference_height: float) -> cover_rules.Box | None:
    """The normalised box of the glyphs, their outline and shadow on a 1080 x `reference_height` cover."""
    path, block = _layout(title, style, reference_height)
    if path.isEmpty():
        return None
    grow = style.outline / 2 + (style.shadow_offset if style.shadow else 0.0)
    r = path.boundingRect().united(block).adjusted(-grow, -grow, grow, grow)
    return (r.left() / REFERENCE_WIDTH, r.top() / reference_height, r.right() / REFERENCE_WIDTH,
            r.bottom() / reference_height)


def paint_title(painter: QPainter, target: QRectF, title: str, style: TitleStyle) -> None:
    """Paint `title` onto the cover drawn in `target` (any size; the layout is that of the 1080-wide cover)."""
    if not title.strip() or target.width() <= 0:
        return
    scale = target.width() / REFERENCE_WIDTH
    path, _ = _layout(title, style, target.height() / scale)
    if path.isEmpty():
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.translate(target.topLeft())
    painter.scale(scale, scale)
    if style.shadow:
        painter.save()
        painter.translate(style.shadow_offset, style.shadow_offset)
        shadow = QColor(style.shadow_color)
        if style.outline > 0:
            painter.strokePath(path, QPen(shadow, style.outline, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                                          Qt.PenJoinStyle.RoundJoin))
        painter.fillPath(path, shadow)
        painter.restore()
    if style.outline > 0:
        pen = QPen(QColor(style.outline_color), style.outline, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.strokePath(path, pen)
    painter.fillPath(path, QColor(style.color))
    painter.restore()


def compose_cover(image: QImage, title: str, style: TitleStyle) -> QImage:
    """A copy of the cropped cover picture `image` with the title painted on it (RGB888)."""
    ensure_gui_app()
    out = image.convertToFormat(QImage.Format.Format_RGB888)
    if title.strip():
        painter = QPainter(out)
        try:
            paint_title(painter, QRectF(0, 0, out.width(), out.height()), title, style)
        finally:
            painter.end()
    return out


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """An RGB uint8 array (h x w x 3) as a QImage that owns a copy of the pixels."""
    rgb = np.ascontiguousarray(rgb)
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, rgb.strides[0], QImage.Format.Format_RGB888).copy()


def qimage_to_rgb(image: QImage) -> np.ndarray:
    """A QImage as an RGB uint8 array (h x w x 3), a copy."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    buffer = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.bytesPerLine() * height)
    return buffer.reshape(height, image.bytesPerLine())[:, :width * 3].reshape(height, width, 3).copy()


def compose_cover_rgb(rgb: np.ndarray, title: str, title_style: Mapping[str, Any] | TitleStyle | None
                      ) -> tuple[np.ndarray, cover_rules.Box | None]:
    """`compose_cover` on an RGB array at the cover's output size; also the title's normalised box."""
    style = title_style if isinstance(title_style, TitleStyle) else TitleStyle.from_dict(title_style)
    height, width = rgb.shape[:2]
    out = compose_cover(rgb_to_qimage(rgb), title, style)
    return qimage_to_rgb(out), _box(title, style, height * REFERENCE_WIDTH / width)
