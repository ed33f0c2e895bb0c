"""The cover's rules and geometry in core, on numbers."""

from __future__ import annotations

import pytest

from studio.core import card_geometry, cover_rules, safe_zones
from studio.core.project import Popup, TrimRange


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def test_size_aspect_and_bytes() -> None:
    assert cover_rules.output_size("3:4") == (1080, 1440)
    assert cover_rules.output_size("9:16") == (1080, 1920)
    assert codes(cover_rules.check_cover(aspect="1:1")) == ["aspect"]
    assert cover_rules.check_cover(aspect="3:4", source_width=720, jpeg_bytes=2_000_000) == []
    problems = cover_rules.check_cover(aspect="3:4", source_width=719, jpeg_bytes=2_000_001)
    assert codes(problems) == ["too_large", "too_small"]
    assert [p.severity for p in problems] == ["error", "warning"]
    assert "2.0 MB" in problems[0].message and "719 px" in problems[1].message
    with pytest.raises(ValueError):
        cover_rules.ratio("4:3")


def test_default_crop_is_the_largest_centred_box() -> None:
    box = cover_rules.default_crop(1920, 1080, "9:16")
    assert box.h * 1080 >= 1079 and abs(box.w * 1920 - 1080 * 9 / 16) <= 1 and abs(box.x + box.w / 2 - 0.5) < 0.001
    assert cover_rules.crop_box_px(1080, 1920, "9:16", None) == (0, 0, 1080, 1920)
    assert cover_rules.crop_box_px(1080, 1920, "3:4", None) == (0, 240, 1080, 1440)


def test_safe_box_maps_the_frame_onto_the_cover() -> None:
    x0, y0, x1, y1 = cover_rules.safe_box("9:16")
    assert (x0, y0, x1, y1) == safe_zones.safe_rect()
    x0, y0, x1, y1 = cover_rules.safe_box("3:4")  # the 3:4 cover is the middle 1440 px of the 1920 frame
    assert y0 == pytest.approx((160 - 240) / 1440) and y1 == pytest.approx((1920 - 420 - 240) / 1440)
    assert x1 == pytest.approx(930 / 1080)


def test_title_warnings_use_the_projects_popups() -> None:
    top_title = (0.2, 0.15, 0.7, 0.25)
    assert cover_rules.title_problems(top_title, "9:16") == []
    popup = Popup(start_ms=0, end_ms=3000, anchor_x=0.5, anchor_y=0.2)
    assert codes(cover_rules.title_problems(top_title, "9:16", [popup])) == ["title_card"]
    middle = (0.3, 0.45, 0.7, 0.55)  # the default card area when there are no popups
    assert codes(cover_rules.title_problems(middle, "9:16")) == ["title_card"]
    assert codes(cover_rules.title_problems(middle, "9:16", [popup])) == []


def test_card_box_stays_inside_the_safe_area() -> None:
    left, top, right, bottom = safe_zones.safe_rect_px()
    for ax in (0.0, 0.3, 1.0):
        for ay in (0.0, 0.5, 1.0):
            for style in ("card", "compact"):
                x0, y0, x1, y1 = card_geometry.card_box_px(ax, ay, style)
                assert left <= x0 < x1 <= right and top <= y0 < y1 <= bottom
                assert (x1 - x0, y1 - y0) == card_geometry.CARD_SIZE_PX[style]


def test_a_cover_frame_outside_the_trim_is_a_warning() -> None:
    trim = TrimRange(1_000, 5_000)
    assert cover_rules.check_cover(aspect="3:4", time_ms=1_000, trim=trim) == []
    problems = cover_rules.check_cover(aspect="3:4", time_ms=5_000, trim=trim)
    assert codes(problems) == ["outside_trim"] and problems[0].severity == "warning"
    assert cover_rules.check_cover(aspect="3:4", time_ms=9_000, trim=None) == []
