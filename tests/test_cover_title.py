"""The cover title: Chinese text really drawn, the export equals the preview, the
title's box feeds the safe-zone and card warnings."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QRawFont

from studio.core import cover_rules
from studio.core.project import CoverAspect, CoverChoice, Project, Rect
from studio.jobs.cover import export_cover
from studio.media.cover_image import crop_to_cover
from studio.media.frames import FrameServer
from studio.media.probe import probe
from studio.render import fonts
from studio.render.cover_title import (
    TitleStyle,
    compose_cover,
    paint_title,
    qimage_to_rgb,
    rgb_to_qimage,
    title_box,
    title_lines,
)
from tests.image_fixtures import read_rgb

CHINESE = "限时折扣 夏日好物"


def _grey(width: int = 1080, height: int = 1440) -> np.ndarray:
    return np.full((height, width, 3), 90, np.uint8)


def _render(title: str, style: TitleStyle | None = None) -> np.ndarray:
    return qimage_to_rgb(compose_cover(rgb_to_qimage(_grey()), title, style or TitleStyle()))


def _box_px(box: cover_rules.Box, width: int = 1080, height: int = 1440) -> tuple[slice, slice]:
    x0, y0, x1, y1 = box
    return (slice(max(0, int(y0 * height)), int(y1 * height) + 1), slice(max(0, int(x0 * width)), int(x1 * width) + 1))


def test_chinese_title_is_drawn_with_real_glyphs_not_tofu(qapp) -> None:
    raw = QRawFont.fromFont(fonts.font(84, bold=True))
    assert all(raw.supportsCharacter(ord(c)) for c in CHINESE if c != " ")
    plain = _render("")
    with_text = _render(CHINESE)
    box = title_box(CHINESE, TitleStyle(), "3:4")
    assert box is not None
    rows, cols = _box_px(box)
    changed = np.any(with_text != plain, axis=2)
    assert changed[rows, cols].mean() > 0.05  # the text area is not empty
    assert not changed[:rows.start].any() and not changed[rows.stop:].any()  # nothing drawn outside the box
    # Tofu boxes look alike for every character: different characters must give different pictures
    first, second = _render("限时折扣"), _render("夏日好物")
    assert np.any(first != second, axis=2)[rows, cols].mean() > 0.03
    # ... and each glyph has strokes inside it, unlike a hollow box: white fill pixels exist
    assert (with_text[rows, cols] > 240).all(axis=2).sum() > 2000


def test_lines_break_at_newlines_and_wrap_chinese_without_spaces(qapp) -> None:
    assert title_lines("第一行\n第二行", TitleStyle()) == ["第一行", "第二行"]
    long_line = "夏" * 40
    lines = title_lines(long_line, TitleStyle(size=84, max_width=0.5))
    assert len(lines) > 2 and "".join(lines) == long_line
    assert title_lines("hello wonderful world", TitleStyle(size=100, max_width=0.6)) == ["hello", "wonderful", "world"]
    assert title_lines("\n\n  \n", TitleStyle()) == []


def test_style_from_the_project_ignores_what_it_cannot_use() -> None:
    style = TitleStyle.from_dict({"size": 60, "color": "#ff0000", "bold": "yes", "y": "top", "x": float("nan"),
                                  "unknown": 1, "shadow": False})
    assert (style.size, style.color, style.shadow) == (60.0, "#ff0000", False)
    assert (style.bold, style.y, style.x) == (TitleStyle().bold, TitleStyle().y, TitleStyle().x)
    assert TitleStyle.from_dict(style.to_dict()) == style
    assert TitleStyle.from_dict(None) == TitleStyle()


def test_outline_colour_and_size_change_the_drawing(qapp) -> None:
    base = _render(CHINESE)
    assert np.any(base != _render(CHINESE, TitleStyle(color="#ffd000")))
    assert np.any(base != _render(CHINESE, TitleStyle(outline=0)))
    big, small = title_box("夏日", TitleStyle(size=120), "3:4"), title_box("夏日", TitleStyle(size=60), "3:4")
    assert big is not None and small is not None
    assert big[2] - big[0] > 1.5 * (small[2] - small[0])


@pytest.mark.parametrize("aspect", ["3:4", "9:16"])
def test_exported_cover_matches_the_preview(qapp, clip, tmp_path: Path, aspect: CoverAspect) -> None:
    source = clip(seconds=2.0, width=1080, height=1920, audio=False)
    crop = Rect(0.05, 0.1, 0.9, 0.9)
    style = {"size": 96, "y": 0.3, "color": "#ffe000"}
    cover = CoverChoice(time_ms=800, aspect=aspect, crop=crop, title="新品上市\n限时折扣 ¥99", title_style=style)
    project = Project(cover=cover)
    result = export_cover(project, source, tmp_path / "cover.jpg")
    exported = read_rgb(tmp_path / "cover.jpg")
    # the preview as the cover panel makes it: the same frame, crop and compose_cover
    with FrameServer(probe(source)) as frames:
        frame = frames.frame_at(800).image
    cropped, _ = crop_to_cover(frame, aspect, crop)
    preview = compose_cover(rgb_to_qimage(cropped), cover.title, TitleStyle.from_dict(style))
    full = qimage_to_rgb(preview)
    assert full.shape == exported.shape
    diff = np.abs(full.astype(int) - exported.astype(int))
    assert diff.mean() < 3, diff.mean()
    untitled = qimage_to_rgb(compose_cover(rgb_to_qimage(cropped), "", TitleStyle()))
    assert diff.mean() * 3 < np.abs(untitled.astype(int) - exported.astype(int)).mean()
    # the small feed-grid preview is the same drawing scaled: compare against the export scaled down
    small = QImage(270, result.height * 270 // result.width, QImage.Format.Format_RGB888)
    painter = QPainter(small)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    target = QRectF(0, 0, small.width(), small.height())
    painter.drawImage(target, rgb_to_qimage(cropped).scaled(small.size(), Qt.AspectRatioMode.IgnoreAspectRatio,
                                                              Qt.TransformationMode.SmoothTransformation))
    paint_title(painter, target, cover.title, TitleStyle.from_dict(style))
    painter.end()
    shrunk = cv2.resize(exported, (small.width(), small.height()), interpolation=cv2.INTER_AREA)
    assert np.abs(qimage_to_rgb(small).astype(int) - shrunk.astype(int)).mean() < 8


def test_title_warnings_follow_the_safe_zones_and_the_card(qapp) -> None:
    def codes(style: TitleStyle, aspect: str = "9:16") -> list[str]:
        return [p.code for p in cover_rules.title_problems(title_box("夏日好物", style, aspect), aspect)]

    assert codes(TitleStyle()) == []
    assert codes(TitleStyle(y=0.02)) == ["title_safe_zone"]
    assert codes(TitleStyle(y=0.95)) == ["title_safe_zone"]
    assert codes(TitleStyle(x=0.95)) == ["title_safe_zone"]
    assert codes(TitleStyle(y=0.5)) == ["title_card"]
    # a 3:4 cover is the middle of the 9:16 frame: its top edge is below the feed's top bar
    assert codes(TitleStyle(y=0.04), "3:4") == []
    assert cover_rules.title_problems(None, "3:4") == []
