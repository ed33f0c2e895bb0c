"""The font cards and cover titles are drawn with: the CJK font shipped in resources/fonts (docs/architecture.md).

"Good Circle Sans SC" is a subset of Noto Sans CJK SC (OFL 1.1; installers/subset_font.py makes it): Latin,
digits, punctuation, ¥, full-width forms and the GB2312 hanzi, Regular and Bold. Loading it into the
application's font database happens once, on first use; a QGuiApplication must exist (`gui.ensure_gui_app`).
Must not hold: sizes or colours of any particular drawing (the card and cover modules choose those).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

from studio.core import paths

FONT_FILES = ("GoodCircleSansSC-Regular.otf", "GoodCircleSansSC-Bold.otf")
FAMILY = "Good Circle Sans SC"


class FontMissing(RuntimeError):
    """The shipped font file is missing or Qt could not read it (a broken install)."""


@cache
def ui_font_family() -> str:
    """The family name of the shipped CJK font, loaded into the application's font database on first call."""
    folder = paths.resources_dir() / "fonts"
    families: set[str] = set()
    for name in FONT_FILES:
        path = folder / name
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise FontMissing(f"{path}: the font is missing or unreadable; reinstall the app")
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    if FAMILY not in families:
        raise FontMissing(f"{folder}: the fonts there are {sorted(families)}, not {FAMILY!r}")
    return FAMILY


def font(px: float, bold: bool = False) -> QFont:
    """The shipped font at `px` pixels (fractional sizes allowed), bold or regular, without hinting.

    Unhinted outlines scale linearly, so text laid out on the 1080x1920 reference frame keeps its layout
    when a painter scales it down to a preview.
    """
    result = QFont(ui_font_family())
    result.setFamilies([ui_font_family()])
    result.setPixelSize(max(1, round(px)))
    result.setWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    result.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    result.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return result
