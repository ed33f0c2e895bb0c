"""A merchant's listing as the merchant keeps it, and the rule for each of its fields.

Holds: the `MerchantListing` value (money in integer cents, times RFC 3339 UTC), the field rules (SKU,
title <= 60 characters, prices, currency, promo end, status, applet path, image facts) each with its own
code and English template, the parsers that turn what a person or a shop's CSV writes into values
("¥1,299.00", "1299", "12.99元"; "2026-12-31 23:59"), `MerchantListing.to_listing` (what a creator's
catalog and the platform see, with the applet path rendered) and the bulk edits (price by %, promo end).
The image rule decides on facts that `studio.media.image_info` measured (`ImageFacts`); it never opens
a file. Must not hold: storage (`listings_store`), CSV (`listing_csv`), Qt, I/O.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

from studio.core.applet_link import check_path_template, render_path
from studio.core.errors import QT_TRANSLATE_NOOP
from studio.core.listing import format_rfc3339, parse_rfc3339
from studio.core.post_text import char_count
from studio.core.problems import Problem
from studio.core.product import Product, single
from studio.core.project import AppletLink

TITLE_MAX = 60
PRICE_MAX_CENTS = 10_000_000_000
"""The contract's largest price (100 million in currency units); more does not fit the database's integers."""
SKU_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]{0,63}")
CURRENCY_RE = re.compile(r"[A-Z]{3}")
STATUSES = ("active", "inactive")
STATUS_WORDS = {"active": "active", "on": "active", "上架": "active", "在售": "active", "出售中": "active",
                "inactive": "inactive", "off": "inactive", "下架": "inactive", "已下架": "inactive",
                "仓库中": "inactive"}
"""Status words shops export, and what they mean here."""
IMAGE_FORMATS = ("jpeg", "png", "webp")
IMAGE_MIN_PX = 400
IMAGE_MAX_BYTES = 5 * 1024 * 1024
SHOP_TIME_ZONE = timezone(timedelta(hours=8), "Asia/Shanghai")
"""A time written without an offset ("2026-12-31 23:59", as Chinese shop exports write it) is Beijing time."""

TEMPLATES: dict[str, str] = {
    "sku_missing": QT_TRANSLATE_NOOP("errors", "the SKU is missing"),
    "sku_invalid": QT_TRANSLATE_NOOP(
        "errors", "SKU \u201c{value}\u201d is not 1 to 64 letters, digits, '-', '_' or '.' (starting with a letter "
                  "or digit)"),
    "sku_duplicate": QT_TRANSLATE_NOOP("errors", "SKU {value} is there twice (first on line {first})"),
    "title_missing": QT_TRANSLATE_NOOP("errors", "the title is missing"),
    "title_too_long": QT_TRANSLATE_NOOP("errors", "the title has {count} characters; at most {limit} are allowed"),
    "title_bad_char": QT_TRANSLATE_NOOP("errors", "the title holds a line break or a control character"),
    "price_missing": QT_TRANSLATE_NOOP("errors", "the price is missing"),
    "price_invalid": QT_TRANSLATE_NOOP(
        "errors", "\u201c{value}\u201d is not a price (write 1299, 1,299.00, ¥12.99 or 12.99元)"),
    "promo_not_below": QT_TRANSLATE_NOOP(
        "errors", "the promo price {promo} is not below the price {price}"),
    "promo_end_invalid": QT_TRANSLATE_NOOP(
        "errors", "\u201c{value}\u201d is not a date and time (write 2026-12-31 23:59 or an RFC 3339 time)"),
    "currency_invalid": QT_TRANSLATE_NOOP("errors", "\u201c{value}\u201d is not a three-letter currency code"),
    "status_invalid": QT_TRANSLATE_NOOP("errors", "\u201c{value}\u201d is not a status (active or inactive)"),
    "image_missing": QT_TRANSLATE_NOOP("errors", "the image {value} does not exist or cannot be read"),
    "image_format": QT_TRANSLATE_NOOP("errors", "the image {value} is not a JPEG, PNG or WebP picture"),
    "image_too_small": QT_TRANSLATE_NOOP(
        "errors", "the image {value} is {width}x{height} px; both sides must be at least {limit} px"),
    "image_too_big": QT_TRANSLATE_NOOP(
        "errors", "the image {value} is {size_mb} MB; at most 5 MB are allowed"),
}
"""Every listing field rule sentence, by code (the applet path's rules are applet_link's)."""


def problem(code: str, field: str, **values: object) -> Problem:
    """A listing rule problem; `field` (the `path`) is the MerchantListing field it concerns."""
    return Problem(code, TEMPLATES[code], values, "error", field)


@dataclass(frozen=True, kw_only=True)
class MerchantListing:
    """One product in the merchant's store, as kept locally and synced with the platform."""

    sku: str
    title: str
    price_cents: int
    currency: str = "CNY"
    promo_price_cents: int | None = None
    promo_ends_at: str | None = None
    image: str = ""
    """Absolute path of the main image, an http(s) URL, or empty."""
    applet_path: str = ""
    """This listing's own page path (may hold {sku}); empty: the linked applet's template. Rendered for the SKU."""
    status: str = "active"
    updated_at: str = ""
    dirty: bool = True
    """Changed here since the last push."""

    def to_listing(self, applet: AppletLink | None) -> Product:
        """What the creators' catalog and the platform see: a one-variant product, the applet path rendered
        for this SKU."""
        template = self.applet_path or (applet.path_template if applet else "")
        path = render_path(template, sku=self.sku)
        return single(sku=self.sku, title=self.title, price_cents=self.price_cents, currency=self.currency,
                      promo_price_cents=self.promo_price_cents, promo_ends_at=self.promo_ends_at,
                      image=self.image, applet_app_id=applet.app_id if applet else "",
                      applet_name=applet.name if applet else "", applet_path=path, pages=(path,) if path else (),
                      updated_at=self.updated_at, status=self.status)


# -- parsers: what people and shops write ---------------------------------------------------------------------

_PRICE = re.compile(r"\s*(?:¥|￥|RMB|CNY)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(?:元|RMB|CNY)?\s*",
                    re.IGNORECASE)


def parse_price(text: str) -> int | None:
    """Cents from a price as shops write it ("¥1,299.00", "1299", "12.99元", "￥ 8"); None when it is not one."""
    if text.isascii() and text.isdigit():
        return int(text) * 100
    match = _PRICE.fullmatch(text.replace("\u00a0", " "))
    if not match:
        return None
    whole = int(match.group(1).replace(",", ""))
    fraction = match.group(2) or "0"
    return whole * 100 + int(fraction.ljust(2, "0"))


def format_price(cents: int | None) -> str:
    """Cents as the CSV export and the table write them: 1299.00 (no currency mark, no thousands commas)."""
    return "" if cents is None else f"{cents // 100}.{cents % 100:02d}"


_DATE_ONLY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_LOCAL_TIME = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")


@functools.lru_cache(maxsize=4096)
def parse_time(text: str) -> str | None:
    """RFC 3339 UTC from an RFC 3339 time, a local "2026-12-31 23:59[:59]" (Beijing time) or a date (the promo
    runs to the end of that day: the next midnight, Beijing time); None when it is none of these."""
    value = text.strip()
    try:
        if match := _DATE_ONLY.fullmatch(value):
            day = date(*(int(g) for g in match.groups()))
            start = datetime(day.year, day.month, day.day, tzinfo=SHOP_TIME_ZONE) + timedelta(days=1)
            return format_rfc3339(start)
        if match := _LOCAL_TIME.fullmatch(value):
            y, mo, d, h, mi, s = (int(g or 0) for g in match.groups())
            return format_rfc3339(datetime(y, mo, d, h, mi, s, tzinfo=SHOP_TIME_ZONE))
        return format_rfc3339(parse_rfc3339(value))
    except ValueError:
        return None


def parse_status(text: str) -> str | None:
    """`active`/`inactive` from what shops write (上架, 下架, on, ...); empty means active; None when unknown."""
    value = text.strip()
    return "active" if not value else STATUS_WORDS.get(value.casefold(), STATUS_WORDS.get(value))


# -- rules ----------------------------------------------------------------------------------------------------

def check_sku(sku: str) -> list[Problem]:
    if not sku:
        return [problem("sku_missing", "sku")]
    if not SKU_RE.fullmatch(sku):
        return [problem("sku_invalid", "sku", value=sku)]
    return []


_CONTROL = re.compile("[\x00-\x1f\x7f\u2028\u2029]")


def check_title(title: str) -> list[Problem]:
    if not title.strip():
        return [problem("title_missing", "title")]
    if _CONTROL.search(title):
        return [problem("title_bad_char", "title")]
    if len(title) > TITLE_MAX and (count := char_count(title)) > TITLE_MAX:  # never more clusters than code points
        return [problem("title_too_long", "title", count=count, limit=TITLE_MAX)]
    return []


def check_listing(item: MerchantListing) -> list[Problem]:
    """Every broken field rule of `item` except the image's (which needs measured facts: `check_image`)."""
    problems = check_sku(item.sku) + check_title(item.title)
    if not 0 <= item.price_cents <= PRICE_MAX_CENTS:
        problems.append(problem("price_invalid", "price_cents", value=format_price(item.price_cents)))
    if item.promo_price_cents is not None and not 0 <= item.promo_price_cents <= PRICE_MAX_CENTS:
        problems.append(problem("price_invalid", "promo_price_cents", value=format_price(item.promo_price_cents)))
    if item.promo_price_cents is not None and item.promo_price_cents >= item.price_cents:
        problems.append(problem("promo_not_below", "promo_price_cents", promo=format_price(item.promo_price_cents),
                                price=format_price(item.price_cents)))
    if not CURRENCY_RE.fullmatch(item.currency):
        problems.append(problem("currency_invalid", "currency", value=item.currency))
    if item.status not in STATUSES:
        problems.append(problem("status_invalid", "status", value=item.status))
    if item.applet_path:
        problems.extend(check_path_template(item.applet_path, "applet_path"))
    return problems


@dataclass(frozen=True)
class ImageFacts:
    """What `studio.media.image_info` measured of an image file: format (jpeg/png/webp/None), pixels, bytes."""

    format: str | None
    width: int
    height: int
    size_bytes: int


def is_url(image: str) -> bool:
    return image.startswith(("http://", "https://"))


def check_image(value: str, facts: ImageFacts | None) -> list[Problem]:
    """The image rules on measured facts (`None`: the file is missing or unreadable)."""
    if facts is None:
        return [problem("image_missing", "image", value=value)]
    if facts.format not in IMAGE_FORMATS:
        return [problem("image_format", "image", value=value)]
    problems = []
    if min(facts.width, facts.height) < IMAGE_MIN_PX:
        problems.append(problem("image_too_small", "image", value=value, width=facts.width, height=facts.height,
                                limit=IMAGE_MIN_PX))
    if facts.size_bytes > IMAGE_MAX_BYTES:
        problems.append(problem("image_too_big", "image", value=value,
                                size_mb=f"{facts.size_bytes / (1024 * 1024):.1f}"))
    return problems


# -- bulk edits -----------------------------------------------------------------------------------------------

def _scale(cents: int, percent: Decimal) -> int:
    return int((Decimal(cents) * (100 + percent) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def change_price_by_percent(item: MerchantListing, percent: float | Decimal) -> MerchantListing:
    """`item` with its price and promo price changed by `percent` (+10 raises by a tenth), rounded to cents."""
    pct = Decimal(str(percent))
    promo = None if item.promo_price_cents is None else _scale(item.promo_price_cents, pct)
    return replace(item, price_cents=max(0, _scale(item.price_cents, pct)),
                   promo_price_cents=None if promo is None else max(0, promo), dirty=True)


def set_promo_end(item: MerchantListing, ends_at: str | None) -> MerchantListing:
    return replace(item, promo_ends_at=ends_at, dirty=True)


def now_rfc3339() -> str:
    return format_rfc3339(datetime.now(UTC))
