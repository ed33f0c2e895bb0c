#!/usr/bin/env python3
"""Render the app icon (resources/icons/app.svg) to the PNG sizes the installers and the window use.

    .venv/bin/python installers/make_icons.py

Writes resources/icons/app-{16,24,32,48,64,128,256,512}.png and studio.png (256 px, the window icon the app
loads). The PNGs are committed; run this again after editing app.svg. Windows' .ico and macOS' .icns are made
from app-512.png by PyInstaller (with Pillow) in the platform build scripts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
WINDOW_ICON = "studio.png"  # the name studio.ui.main_window.app_icon loads
WINDOW_ICON_SIZE = 256


def png_name(size: int) -> str:
    return f"app-{size}.png"


def render(svg: Path, size: int, out: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out)):  # the format from the name's .png
        raise SystemExit(f"{out}: could not be written")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICONS / "app.svg"
    for size in SIZES:
        render(svg, size, ICONS / png_name(size))
    render(svg, WINDOW_ICON_SIZE, ICONS / WINDOW_ICON)
    print(f"wrote {len(SIZES) + 1} PNGs to {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
