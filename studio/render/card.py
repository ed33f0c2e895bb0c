"""The one popup-card renderer (docs/architecture.md): the live overlay, the reviewer's player and the burned-in
preview all call it, so what a reviewer approves is what ships.

A card shows the product image (with the label badge, e.g. "限时折扣", on it), the title (at most two lines,
elided; one when the popup shows a variant, whose label, e.g. "红 / M", takes the second), the price (a promo
price in red with the original struck through, or the range ¥59–¥79 when the popup shows a whole product whose
variants cost different prices) and a "tap to buy" button whose text the caller passes (default "立即购买",
what the viewer's phone shows). Cards are laid out on the
1080x1920 reference frame (sizes and placement from `core.card_geometry`, which keeps them inside the safe
zone) and scaled to whatever frame they are painted on.

Holds: `CardContent` (what a card shows, built from a popup's snapshot), `card_size`/`card_rect` (where a
card goes on a frame), `card_layout` (where each part of a card goes), `paint_card`, `paint_popups` (many
cards on a frame rect) and `render_popups` (cards on a copy of a video frame), `frame_rect_on_picture` (the
9:16 frame around a picture of another shape). QtGui only; a QGuiApplication must exist (`gui`).
Must not hold: which popups are visible when (`core.popup_rules.visible_popups`), rules, widgets, I/O
beyond reading a local product image.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QTextLayout,
    QTextOption,
)

from studio.core import card_geometry, platform_profile, safe_zones
from studio.core.project import Popup
from studio.render import fonts

REF_W, REF_H = safe_zones.FRAME_WIDTH, safe_zones.FRAME_HEIGHT
BUTTON_TEXT = "立即购买"
"""The button's text on the viewer's phone."""
VARIANT_TEXT = "已选：{label}"
"""How the viewer's phone names the variant a card shows ("chosen: 红 / M")."""
CURRENCY_SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "HKD": "HK$", "EUR": "€", "GBP": "£", "JPY": "JP¥"}

INK = QColor("#1f1f1f")
MUTED = QColor("#8c8c8c")
VARIANT_INK = QColor("#595959")
ACCENT = QColor("#ff2442")
CARD_BG = QColor(255, 255, 255)
SHADOW = QColor(0, 0, 0, 70)
PLACEHOLDER = QColor("#eeeeee")


@dataclass(frozen=True)
class _Metrics:
    """Sizes of one card style, in pixels of the 1080x1920 reference frame."""

    pad: float
    radius: float
    title_px: float
    title_lines: int
    price_px: float
    original_px: float
    badge_px: float
    button_px: float
    button_h: float


METRICS = {
    "card": _Metrics(pad=20, radius=24, title_px=30, title_lines=2, price_px=44, original_px=24, badge_px=22,
                     button_px=26, button_h=52),
    "compact": _Metrics(pad=12, radius=18, title_px=26, title_lines=1, price_px=32, original_px=20, badge_px=16,
                        button_px=20, button_h=40),
}


def format_price(cents: int, currency: str = "CNY") -> str:
    """`¥49` for whole amounts, `¥39.90` otherwise; other currencies by symbol or by code.

    The price as the viewer's phone shows it on the card, burned into the video: platform output, the same
    whatever language the editor runs in, so not the UI's locale formatting (`studio.ui.locale_format`).
    """
    symbol = CURRENCY_SYMBOLS.get(currency.upper(), f"{currency} ")
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{symbol}{whole}" if part == 0 else f"{sign}{symbol}{whole}.{part:02d}"


def load_product_image(ref: str | Path | None, base: Path | None = None) -> QImage | None:
    """The product image named by a snapshot's `image`: a local file (relative to `base`) or `demo:<shape>`.

    None when there is none, it is a URL (rendering never touches the network) or the file is unreadable:
    the card then shows a placeholder.
    """
    if ref is None or ref == "":
        return None
    text = str(ref)
    if text.startswith("demo:"):
        from studio.render.demo_scenes import product_picture

        return product_picture(text.removeprefix("demo:"))
    if "://" in text:
        from studio.platform.image_cache import local_image

        text = local_image(text)  # the offline copy of a platform URL, when the image cache holds one
        if "://" in text:
            return None
    path = Path(text)
    if not path.is_absolute() and base is not None:
        path = base / path
    image = QImage(str(path))
    return None if image.isNull() else image


@dataclass(eq=False, kw_only=True)
class CardContent:
    """What one card shows. `image` may be given as a QImage, a path / `demo:` reference, or None."""

    title: str = ""
    price_cents: int | None = None
    price_high_cents: int | None = None
    """The top of a price range (`price_cents` its bottom): the whole product, its variants priced apart."""
    variant: str = ""
    """The label of the variant the popup shows ("红 / M"), "" for the whole product."""
    promo_price_cents: int | None = None
    currency: str = "CNY"
    label: str = ""
    image: QImage | str | Path | None = None
    style: str = "card"
    button_text: str = BUTTON_TEXT
    _scaled: dict[tuple[int, int], QImage] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.style not in METRICS:
            self.style = "card"
        if not isinstance(self.image, QImage):
            self.image = load_product_image(self.image)
        elif self.image.isNull():
            self.image = None

    @classmethod
    def from_popup(cls, popup: Popup, *, image: QImage | str | Path | None = None, image_base: Path | None = None,
                   button_text: str = BUTTON_TEXT) -> CardContent:
        """The card of `popup`, from its snapshot; `image` overrides the snapshot's image reference."""
        snap = popup.snapshot
        if image is None:
            image = load_product_image(snap.get("image"), image_base)
        variant = snap.get("variant")
        return cls(title=str(snap.get("title") or popup.sku), price_cents=_cents(snap.get("price_cents")),
                   price_high_cents=_cents(snap.get("price_high_cents")),
                   variant=str(variant.get("label") or "") if isinstance(variant, dict) else "",
                   promo_price_cents=_cents(snap.get("promo_price_cents")),
                   currency=str(snap.get("currency") or "CNY"), label=popup.label, image=image,
                   style=popup.style, button_text=button_text)

    def scaled_image(self, width: int, height: int) -> QImage | None:
        """The image centre-cropped to `width`:`height` and scaled to exactly that many pixels (memoised)."""
        if not isinstance(self.image, QImage) or width <= 0 or height <= 0:
            return None
        key = (width, height)
        if key not in self._scaled:
            if len(self._scaled) > 8:
                self._scaled.clear()
            scaled = self.image.scaled(width, height, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                                       Qt.TransformationMode.SmoothTransformation)
            x, y = (scaled.width() - width) // 2, (scaled.height() - height) // 2
            self._scaled[key] = scaled.copy(x, y, width, height)
        return self._scaled[key]


def _cents(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class PlacedCard:
    """A card and where it goes: its anchor on the 9:16 frame (normalised) and the popup it belongs to."""

    content: CardContent
    anchor_x: float = card_geometry.DEFAULT_ANCHOR[0]
    anchor_y: float = card_geometry.DEFAULT_ANCHOR[1]
    popup_id: str = ""

    @classmethod
    def from_popup(cls, popup: Popup, content: CardContent | None = None) -> PlacedCard:
        return cls(content or CardContent.from_popup(popup), popup.anchor_x, popup.anchor_y, popup.id)


# -- where cards go ---------------------------------------------------------------------------------------


def card_size(style: str, frame_w: float, frame_h: float) -> QSizeF:
    """The card's size on a 9:16 frame of `frame_w` x `frame_h` pixels."""
    w, h = card_geometry.CARD_SIZE_PX.get(style, card_geometry.CARD_SIZE_PX["card"])
    return QSizeF(w * frame_w / REF_W, h * frame_h / REF_H)


def card_rect(anchor: tuple[float, float], style: str, frame_w: float, frame_h: float) -> QRectF:
    """Where the card anchored at `anchor` goes on a 9:16 frame of `frame_w` x `frame_h`, inside the safe zone."""
    x0, y0, x1, y1 = card_geometry.card_box_px(anchor[0], anchor[1], style)
    sx, sy = frame_w / REF_W, frame_h / REF_H
    return QRectF(x0 * sx, y0 * sy, (x1 - x0) * sx, (y1 - y0) * sy)


def frame_rect_on_picture(width: int, height: int, fit: platform_profile.Fit = "pad") -> QRectF:
    """The 1080x1920 output frame in the coordinates of a `width` x `height` picture fitted onto it.

    A 9:16 picture is its own frame; a landscape one fitted with `pad` sits in the middle of a taller frame
    (so the rect reaches above and below the picture), with `crop` the frame is a part of the picture.
    """
    fitting = platform_profile.fitting(width, height, fit)
    if fitting.fills_frame:
        return QRectF(0, 0, width, height)
    scale = width / fitting.width
    return QRectF(-fitting.x * scale, -fitting.y * scale, REF_W * scale, REF_H * scale)


@dataclass(frozen=True)
class CardLayout:
    """Where each part of a card goes, in the coordinates `paint_card` was given (None when not shown)."""

    card: QRectF
    image: QRectF
    badge: QRectF | None
    title: QRectF
    title_lines: tuple[str, ...]
    variant: QRectF | None
    variant_text: str
    price: QRectF | None
    price_text: str
    original: QRectF | None
    original_text: str
    button: QRectF
    scale: float


def _ref_font(px: float, bold: bool = False, strike: bool = False) -> QFont:
    result = fonts.font(px, bold)
    result.setStrikeOut(strike)
    return result


def _wrap(text: str, font: QFont, width: float, max_lines: int) -> tuple[str, ...]:
    """`text` broken into at most `max_lines` lines of `width`, the last one elided with "…" if it overflows."""
    text = " ".join(text.split())
    if not text:
        return ()
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[str] = []
    while len(lines) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start = line.textStart()
        if len(lines) == max_lines - 1:
            rest = text[start:]
            lines.append(QFontMetricsF(font).elidedText(rest, Qt.TextElideMode.ElideRight, width))
            break
        lines.append(text[start:start + line.textLength()].rstrip())
    layout.endLayout()
    return tuple(lines)


def card_layout(card: CardContent, rect: QRectF) -> CardLayout:
    """The parts of `card` painted into `rect` (laid out at reference size, then scaled to `rect`)."""
    m = METRICS[card.style]
    ref_w, ref_h = card_geometry.CARD_SIZE_PX[card.style]
    scale = rect.width() / ref_w

    def to_rect(x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(rect.x() + x * scale, rect.y() + y * scale, w * scale, h * scale)

    side = ref_h - 2 * m.pad
    image = (m.pad, m.pad, side, side)
    badge = None
    if card.label:
        badge_font = _ref_font(m.badge_px, bold=True)
        badge_w = min(QFontMetricsF(badge_font).horizontalAdvance(card.label) + m.badge_px, side)
        badge = to_rect(m.pad, m.pad, badge_w, m.badge_px * 1.6)
    x0 = m.pad + side + m.pad
    col_w = ref_w - x0 - m.pad
    title_font = _ref_font(m.title_px, bold=True)
    title_h = m.title_px * 1.35
    variant_text = VARIANT_TEXT.format(label=card.variant) if card.variant else ""
    title_text = card.title
    if variant_text and m.title_lines < 2:  # no room for a line of its own: after the title
        title_text, variant_text = f"{card.title} · {variant_text}", ""
    title_lines = m.title_lines - (1 if variant_text else 0)
    lines = _wrap(title_text, title_font, col_w, title_lines)
    title = (x0, m.pad, col_w, title_h * title_lines)
    variant = to_rect(x0, m.pad + title_h * title_lines, col_w, title_h) if variant_text else None

    button_font = _ref_font(m.button_px, bold=True)
    button_w = QFontMetricsF(button_font).horizontalAdvance(card.button_text) + m.button_px * 1.8
    button = (ref_w - m.pad - button_w, ref_h - m.pad - m.button_h, button_w, m.button_h)

    price_text = original_text = ""
    price = original = None
    if card.promo_price_cents is not None:
        price_text = format_price(card.promo_price_cents, card.currency)
        if card.price_cents is not None and card.price_cents != card.promo_price_cents:
            original_text = format_price(card.price_cents, card.currency)
    elif card.price_cents is not None and card.price_high_cents is not None \
            and card.price_high_cents > card.price_cents:
        price_text = "–".join(format_price(c, card.currency) for c in (card.price_cents, card.price_high_cents))
    elif card.price_cents is not None:
        price_text = format_price(card.price_cents, card.currency)
    if price_text:
        if card.style == "card":  # its own row under the title
            row_y, row_h, row_w = m.pad + title_h * m.title_lines + 4, m.price_px * 1.2, col_w
        else:  # beside the button
            row_y, row_h, row_w = button[1] + m.button_h - m.price_px * 1.2, m.price_px * 1.2, col_w - button_w - 8
        price_w = min(QFontMetricsF(_ref_font(m.price_px, bold=True)).horizontalAdvance(price_text), row_w)
        price = to_rect(x0, row_y, price_w, row_h)
        if original_text:
            gap = m.original_px * 0.4
            orig_w = QFontMetricsF(_ref_font(m.original_px)).horizontalAdvance(original_text)
            room = row_w - price_w - gap
            if room >= orig_w * 0.6:
                original = to_rect(x0 + price_w + gap, row_y, min(orig_w, room), row_h)
    return CardLayout(card=rect, image=to_rect(*image), badge=badge, title=to_rect(*title), title_lines=lines,
                      variant=variant, variant_text=variant_text, price=price, price_text=price_text,
                      original=original, original_text=original_text,
                      button=to_rect(*button), scale=scale)


# -- painting ---------------------------------------------------------------------------------------------


def paint_card(painter: QPainter, rect: QRectF, card: CardContent) -> CardLayout:
    """Paint `card` into `rect` (in the painter's coordinates); returns where its parts went."""
    layout = card_layout(card, rect)
    m = METRICS[card.style]
    s = layout.scale
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setPen(Qt.PenStyle.NoPen)
    body = rect.adjusted(0, 0, 0, -5 * s)  # the shadow stays inside `rect` too (out of the feed's controls)
    painter.setBrush(SHADOW)
    painter.drawRoundedRect(body.translated(0, 5 * s), m.radius * s, m.radius * s)
    painter.setBrush(CARD_BG)
    painter.drawRoundedRect(body, m.radius * s, m.radius * s)

    _paint_image(painter, layout.image, card, m.radius * 0.6 * s)
    if layout.badge is not None:
        painter.setBrush(ACCENT)
        painter.drawRoundedRect(layout.badge, layout.badge.height() / 2, layout.badge.height() / 2)
        _text(painter, layout.badge, card.label, m.badge_px * s, QColor("white"), bold=True,
              align=Qt.AlignmentFlag.AlignCenter, elide=True)

    line_h = m.title_px * 1.35 * s
    for i, line in enumerate(layout.title_lines):
        row = QRectF(layout.title.x(), layout.title.y() + i * line_h, layout.title.width(), line_h)
        _text(painter, row, line, m.title_px * s, INK, bold=True)
    if layout.variant is not None:
        _text(painter, layout.variant, layout.variant_text, m.title_px * 0.9 * s, VARIANT_INK, elide=True)
    if layout.price is not None:
        _text(painter, layout.price, layout.price_text, m.price_px * s, ACCENT, bold=True, shrink=True,
              align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
    if layout.original is not None:
        box = layout.original.adjusted(0, 0, 0, -m.price_px * 0.12 * s)
        _text(painter, box, layout.original_text, m.original_px * s, MUTED, strike=True, shrink=True,
              align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ACCENT)
    painter.drawRoundedRect(layout.button, layout.button.height() / 2, layout.button.height() / 2)
    _text(painter, layout.button, card.button_text, m.button_px * s, QColor("white"), bold=True,
          align=Qt.AlignmentFlag.AlignCenter)
    painter.restore()
    return layout


def _paint_image(painter: QPainter, target: QRectF, card: CardContent, radius: float) -> None:
    path = QPainterPath()
    path.addRoundedRect(target, radius, radius)
    device = painter.transform().mapRect(target)
    image = card.scaled_image(max(1, round(device.width())), max(1, round(device.height())))
    painter.save()
    painter.setClipPath(path, Qt.ClipOperation.IntersectClip)
    if image is None:
        painter.fillRect(target, PLACEHOLDER)
        pen = QPen(MUTED, max(1.0, target.width() / 40))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        c, r = target.center(), target.width() / 6
        painter.drawRoundedRect(QRectF(c.x() - r, c.y() - r * 0.6, 2 * r, 1.8 * r), r / 5, r / 5)
        painter.drawArc(QRectF(c.x() - r / 2, c.y() - r * 1.2, r, r * 1.2), 0, 180 * 16)
    else:
        painter.drawImage(target, image)
    painter.restore()


def fit_text(text: str, font: QFont, width: float, *, shrink: bool = False, elide: bool = False
             ) -> tuple[str, float]:
    """`text` as it is drawn in `width` with `font`, and the horizontal scale it is drawn at.

    A price is never cut (`shrink`): where a window system hints glyphs to whole pixels, the text at a small
    pixel size can be a little wider than the reference frame measured, and an elided "¥…" would show no
    price at all; it is narrowed to fit instead. Other text is elided with "…" (`elide`) or left as it is."""
    wide = QFontMetricsF(font).horizontalAdvance(text)
    if wide <= width or width <= 0:
        return text, 1.0
    if shrink:
        return text, width / wide
    if elide:
        return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width), 1.0
    return text, 1.0


def _text(painter: QPainter, rect: QRectF, text: str, px: float, color: QColor, *, bold: bool = False,
          strike: bool = False, elide: bool = False, shrink: bool = False,
          align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) -> None:
    if px < 1:
        return
    font = _ref_font(px, bold, strike)
    # setPixelSize takes whole pixels: scale the painter for fractional sizes so a small preview keeps the
    # layout of the reference frame
    size = float(font.pixelSize())
    factor = px / size
    painter.save()
    painter.setFont(font)
    painter.setPen(color)
    painter.translate(rect.topLeft())
    painter.scale(factor, factor)
    local = QRectF(0, 0, rect.width() / factor, rect.height() / factor)
    text, narrow = fit_text(text, font, local.width(), shrink=shrink, elide=elide)
    if narrow < 1:
        painter.scale(narrow, 1)
        local.setWidth(local.width() / narrow)
    painter.drawText(local, int(align | Qt.TextFlag.TextSingleLine), text)
    painter.restore()


def paint_popups(painter: QPainter, frame_rect: QRectF, cards: Sequence[Popup | PlacedCard]) -> list[
        tuple[str, QRectF]]:
    """Paint `cards` (the later on top) on the 9:16 frame that occupies `frame_rect` in the painter's coordinates.

    Returns each card's popup id and rect (for hit tests), in painting order.
    """
    placed: list[tuple[str, QRectF]] = []
    for item in cards:
        card = item if isinstance(item, PlacedCard) else PlacedCard.from_popup(item)
        rect = card_rect((card.anchor_x, card.anchor_y), card.content.style, frame_rect.width(),
                         frame_rect.height()).translated(frame_rect.topLeft())
        paint_card(painter, rect, card.content)
        placed.append((card.popup_id, rect))
    return placed


def render_popups(frame: QImage, cards: Sequence[Popup | PlacedCard], fit: platform_profile.Fit = "pad") -> QImage:
    """A copy of the video `frame` with `cards` painted on it at the frame's own scale.

    A 9:16 frame is the output frame itself; another shape is taken as the source picture that `fit` places
    on the output frame (`frame_rect_on_picture`), so cards sit where the phone will show them.
    """
    out = frame.convertToFormat(QImage.Format.Format_RGB32)  # implicitly shared: painting detaches it
    if not cards:
        return out
    painter = QPainter(out)
    paint_popups(painter, frame_rect_on_picture(frame.width(), frame.height(), fit), cards)
    painter.end()
    return out



def image_from_bytes(data: bytes) -> QImage | None:
    """A product picture held in memory (a package member), or None when it does not decode."""
    image = QImage.fromData(data)
    return None if image.isNull() else image


def transparent_layer(width: int, height: int) -> QImage:
    """A fully transparent picture to paint an overlay on (the preview export composites it over the video)."""
    layer = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    layer.fill(Qt.GlobalColor.transparent)
    return layer


def popup_layer(card: PlacedCard, width: int = REF_W, height: int = REF_H) -> QImage:
    """A transparent `width` x `height` layer with `card` painted where the phone shows it."""
    layer = transparent_layer(width, height)
    painter = QPainter(layer)
    paint_popups(painter, QRectF(0, 0, width, height), [card])
    painter.end()
    return layer
