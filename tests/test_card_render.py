"""The shipped CJK font and the one popup-card renderer (studio.render.fonts, studio.render.card)."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRawFont

from studio.core import safe_zones
from studio.core.popup_rules import visible_popups
from studio.core.project import Popup
from studio.render import card, fonts

pytestmark = pytest.mark.gui

SAMPLE = "限时折扣 ¥ 立即购买 ￥199.00（包邮）"


@pytest.mark.parametrize("bold", [False, True])
def test_shipped_font_has_every_character_a_card_uses(qapp, bold: bool) -> None:
    raw = QRawFont.fromFont(fonts.font(40, bold))
    assert raw.familyName() == fonts.FAMILY
    assert raw.styleName() == ("Bold" if bold else "Regular")
    missing = [c for c in SAMPLE if c != " " and not raw.supportsCharacter(ord(c))]
    assert missing == []


def test_gb2312_hanzi_are_all_in_the_font(qapp) -> None:
    raw = QRawFont.fromFont(fonts.font(40))
    hanzi = [bytes((lead, trail)).decode("gb2312") for lead in range(0xB0, 0xF8) for trail in range(0xA1, 0xFF)
             if (lead, trail) not in {(0xD7, t) for t in range(0xFA, 0xFF)}]
    assert len(hanzi) == 6763
    assert [c for c in hanzi if not raw.supportsCharacter(ord(c))] == []


# -- the card renderer ------------------------------------------------------------------------------------

BACKDROP = QColor(10, 120, 40)


def solid_frame(width: int = 1080, height: int = 1920, color: QColor = BACKDROP) -> QImage:
    frame = QImage(width, height, QImage.Format.Format_RGB32)
    frame.fill(color)
    return frame


def snapshot(title: str = "玻璃水瓶 Glass Bottle", price: int = 5900, promo: int | None = 4900) -> dict:
    return {"title": title, "price_cents": price, "promo_price_cents": promo, "currency": "CNY", "image": ""}


def popup(**kw) -> Popup:
    defaults = {"sku": "SKU-1", "start_ms": 2000, "end_ms": 5000, "snapshot": snapshot(), "label": "限时折扣"}
    return Popup(**{**defaults, **kw})


def changed_box(before: QImage, after: QImage) -> tuple[int, int, int, int] | None:
    """The bounding box (x0, y0, x1, y1 exclusive) of the pixels that differ, or None."""
    a, b = rgb(before).astype(int), rgb(after).astype(int)
    diff = np.abs(a - b).sum(axis=2) > 0
    ys, xs = np.nonzero(diff)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def rgb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    array = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return array.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3].reshape(
        image.height(), image.width(), 3).copy()


ANCHORS = [(x / 10, y / 10) for x in range(-1, 12, 2) for y in range(-1, 12, 2)] + [(0.5, 0.5), (1.0, 1.0), (0.0, 0.0)]


@pytest.mark.parametrize("style", ["card", "compact"])
@pytest.mark.parametrize("frame_size", [(1080, 1920), (540, 960), (720, 1280)])
def test_card_rect_stays_in_the_safe_zone_for_every_anchor(qapp, style: str, frame_size: tuple[int, int]) -> None:
    w, h = frame_size
    left, top, right, bottom = safe_zones.safe_rect_px()
    sx, sy = w / 1080, h / 1920
    for anchor in ANCHORS:
        rect = card.card_rect(anchor, style, w, h)
        assert rect.left() >= left * sx - 1e-6 and rect.top() >= top * sy - 1e-6, (anchor, rect)
        assert rect.right() <= right * sx + 1e-6 and rect.bottom() <= bottom * sy + 1e-6, (anchor, rect)
        size = card.card_size(style, w, h)
        assert (rect.width(), rect.height()) == pytest.approx((size.width(), size.height()))


@pytest.mark.parametrize("style", ["card", "compact"])
def test_painted_pixels_never_reach_the_feed_controls(qapp, style: str) -> None:
    frame = solid_frame()
    left, top, right, bottom = safe_zones.safe_rect_px()
    for anchor in [(0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.0, 1.0), (0.93, 0.8), (0.5, 0.05)]:
        out = card.render_popups(frame, [popup(anchor_x=anchor[0], anchor_y=anchor[1], style=style)])
        box = changed_box(frame, out)
        assert box is not None, anchor
        x0, y0, x1, y1 = box
        assert x0 >= left and y0 >= top and x1 <= right and y1 <= bottom, (anchor, box)


def test_chinese_title_is_painted(qapp) -> None:
    content = card.CardContent(title="限时折扣好物推荐", price_cents=5900)
    empty = card.CardContent(title="", price_cents=5900)
    image_with = solid_frame(640, 240, QColor("white"))
    image_without = solid_frame(640, 240, QColor("white"))
    rect = QRectF(0, 0, 640, 240)
    for image, content_ in ((image_with, content), (image_without, empty)):
        painter = QPainter(image)
        layout = card.paint_card(painter, rect, content_)
        painter.end()
    title = layout.title.toRect()
    ink_with = (rgb(image_with.copy(title)).max(axis=2) < 110).sum()
    ink_without = (rgb(image_without.copy(title)).max(axis=2) < 110).sum()
    assert ink_without == 0
    assert ink_with > 500  # eight CJK glyphs at 30 px, not an empty box
    other = solid_frame(640, 240, QColor("white"))
    painter = QPainter(other)
    card.paint_card(painter, rect, card.CardContent(title="立即购买商品推荐", price_cents=5900))
    painter.end()
    assert rgb(other.copy(title)).tobytes() != rgb(image_with.copy(title)).tobytes()  # real glyphs, not tofu


def test_long_title_is_two_lines_and_elided(qapp) -> None:
    content = card.CardContent(title="一个非常非常长的商品标题，用来测试两行以后的文字会不会被省略号代替而不是溢出卡片")
    layout = card.card_layout(content, QRectF(0, 0, 640, 240))
    assert len(layout.title_lines) == 2
    assert layout.title_lines[1].endswith("…")
    compact = card.card_layout(card.CardContent(title=content.title, style="compact"), QRectF(0, 0, 440, 120))
    assert len(compact.title_lines) == 1 and compact.title_lines[0].endswith("…")


def test_promo_price_strikes_through_the_original(qapp) -> None:
    rect = QRectF(0, 0, 640, 240)
    promo = card.CardContent(title="水瓶", price_cents=5900, promo_price_cents=4900)
    layout = card.card_layout(promo, rect)
    assert (layout.price_text, layout.original_text) == ("¥49", "¥59")
    image = solid_frame(640, 240, QColor("white"))
    painter = QPainter(image)
    card.paint_card(painter, rect, promo)
    painter.end()
    assert layout.original is not None, "a promo card shows the original price"
    box = layout.original.toRect()
    pixels = rgb(image.copy(box)).astype(int)
    grey = (np.abs(pixels - np.array([140, 140, 140])).max(axis=2) < 60)
    longest = max(_longest_run(row) for row in grey)
    assert longest >= 0.8 * box.width()  # a line through the whole original price
    plain = card.card_layout(card.CardContent(title="水瓶", price_cents=5900), rect)
    assert plain.original is None and plain.price_text == "¥59"


def _longest_run(row: np.ndarray) -> int:
    best = run = 0
    for value in row:
        run = run + 1 if value else 0
        best = max(best, run)
    return best


def test_compact_is_smaller_than_card(qapp) -> None:
    frame = solid_frame()
    boxes = {}
    for style in ("card", "compact"):
        out = card.render_popups(frame, [popup(style=style)])
        changed = changed_box(frame, out)
        assert changed is not None, style
        x0, y0, x1, y1 = changed
        boxes[style] = (x1 - x0) * (y1 - y0)
        size = card.card_size(style, 1080, 1920)
        assert boxes[style] <= size.width() * size.height() + 1
    assert boxes["compact"] < boxes["card"] * 0.6


def test_cards_are_laid_out_on_the_reference_frame_and_scaled(qapp) -> None:
    frame = solid_frame()
    big = card.render_popups(frame, [popup()])
    small = card.render_popups(frame.scaled(540, 960), [popup()])
    down = big.scaled(540, 960, mode=Qt.TransformationMode.SmoothTransformation)
    difference = np.abs(rgb(small).astype(int) - rgb(down).astype(int))
    assert difference.mean() < 1.5  # same layout; only text antialiasing differs
    assert changed_box(frame, big) is not None


def test_render_popups_leaves_the_frame_alone_and_paints_nothing_without_popups(qapp) -> None:
    frame = solid_frame(270, 480)
    before = rgb(frame)
    out = card.render_popups(frame, [popup()])
    assert rgb(frame).tobytes() == before.tobytes()
    assert changed_box(frame, out) is not None
    assert changed_box(frame, card.render_popups(frame, [])) is None


def test_landscape_picture_gets_the_padded_9_16_frame_around_it(qapp) -> None:
    rect = card.frame_rect_on_picture(1920, 1080, "pad")
    assert rect.width() == pytest.approx(1920) and rect.height() == pytest.approx(1920 * 16 / 9, rel=0.01)
    assert rect.center().y() == pytest.approx(540, abs=2)
    crop = card.frame_rect_on_picture(1920, 1080, "crop")
    assert crop.height() == pytest.approx(1080, abs=2) and crop.left() > 0
    assert card.frame_rect_on_picture(540, 960) == QRectF(0, 0, 540, 960)


def test_product_image_and_placeholder(qapp, tmp_path) -> None:
    red = solid_frame(300, 200, QColor("red"))
    path = tmp_path / "p.png"
    red.save(str(path))
    content = card.CardContent.from_popup(popup(snapshot={**snapshot(), "image": str(path)}))
    assert content.image is not None
    layout = card.card_layout(content, QRectF(0, 0, 640, 240))
    image = solid_frame(640, 240, QColor("white"))
    painter = QPainter(image)
    card.paint_card(painter, QRectF(0, 0, 640, 240), content)
    painter.end()
    centre = image.pixelColor(layout.image.center().toPoint())
    assert (centre.red(), centre.green(), centre.blue()) == (255, 0, 0)
    relative = card.CardContent.from_popup(popup(snapshot={**snapshot(), "image": "p.png"}), image_base=tmp_path)
    assert isinstance(relative.image, QImage) and relative.image.size() == red.size()
    assert card.CardContent.from_popup(popup(snapshot={**snapshot(), "image": "p.png"})).image is None
    assert card.load_product_image("https://example.com/a.png") is None
    assert card.load_product_image(str(tmp_path / "missing.png")) is None
    assert card.load_product_image("demo:bottle") is not None


def test_format_price() -> None:
    assert card.format_price(4900) == "¥49"
    assert card.format_price(3990) == "¥39.90"
    assert card.format_price(5, "USD") == "$0.05"
    assert card.format_price(100, "XYZ") == "XYZ 1"


def test_visible_popups_use_half_open_ranges() -> None:
    a, b = popup(start_ms=1000, end_ms=3000), popup(start_ms=3000, end_ms=5000)
    assert visible_popups([a, b], 999) == []
    assert visible_popups([a, b], 1000) == [a]
    assert visible_popups([a, b], 2999) == [a]
    assert visible_popups([a, b], 3000) == [b]
    assert visible_popups([a, b], 5000) == []


def test_cli_without_a_display_gets_an_offscreen_app_that_paints_cards(tmp_path) -> None:
    """What a CLI job does: no QApplication yet, no display; ensure_gui_app makes one and cards paint."""
    script = (
        "from studio.render.gui import ensure_gui_app\n"
        "app = ensure_gui_app()\n"
        "assert ensure_gui_app() is app\n"
        "from PySide6.QtGui import QImage, QColor\n"
        "from studio.render import card\n"
        "frame = QImage(540, 960, QImage.Format.Format_RGB32); frame.fill(QColor('black'))\n"
        "content = card.CardContent(title='限时折扣', price_cents=100)\n"
        "out = card.render_popups(frame, [card.PlacedCard(content)])\n"
        "print(app.platformName(), out != frame)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120,
                            cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["offscreen", "True"]


def test_a_price_a_little_too_wide_for_its_box_is_narrowed_never_elided(qapp) -> None:
    font = card._ref_font(44, bold=True)
    wide = card.QFontMetricsF(font).horizontalAdvance("¥49")
    shown, narrow = card.fit_text("¥49", font, wide * 0.9, shrink=True)
    assert (shown, round(narrow, 3)) == ("¥49", 0.9)
    title, scale = card.fit_text("Glass Water Bottle", font, wide * 0.9, elide=True)
    assert title.endswith("…") and scale == 1.0
    assert card.fit_text("¥49", font, wide + 1, shrink=True) == ("¥49", 1.0)


def test_a_promo_price_painted_into_a_box_narrower_than_its_text_keeps_every_digit(qapp) -> None:
    font = card._ref_font(44, bold=True)
    wide = card.QFontMetricsF(font).horizontalAdvance("¥49")

    def ink_columns(text: str, width: float) -> int:
        image = QImage(200, 60, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        card._text(painter, QRectF(0, 0, width, 60), text, 44, QColor("black"), bold=True, shrink=True)
        painter.end()
        pixels = np.frombuffer(image.constBits(), np.uint8).reshape(60, image.bytesPerLine() // 4, 4)[:, :200, 0]
        return int((pixels < 128).any(axis=0).sum())

    # the old elision drew "¥…": far less ink than the price narrowed by a tenth
    assert ink_columns("¥49", wide * 0.9) > 0.8 * ink_columns("¥49", wide + 2)
