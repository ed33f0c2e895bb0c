"""The rules of a merchant's listing (a `core.product.Product` and each of its variants), field by field.

Holds: the field rules (product id and variant SKU, title <= 60 characters, prices, stock, currency, promo end,
status, applet path, image facts) each with its own code and English template, `check_product` (a product
and every variant: a variant's problems name it in their `sku` value), the parsers that turn what a person
or a shop's CSV writes into values ("¥1,299.00", "1299", "12.99元"; "2026-12-31 23:59"; stock "12", "12件";
options "颜色:红;尺码:M") and the bulk edits on products (price by %, promo end, stock). The merchant keeps a
product's status as "active" or "inactive" (an inactive product is withdrawn on the platform).
The image rule decides on facts that `studio.media.image_info` measured (`ImageFacts`); it never opens
a file. Must not hold: storage (`listings_store`), CSV (`listing_csv`), Qt, I/O.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

from studio.core.applet_link import check_path_template
from studio.core.errors import QT_TRANSLATE_NOOP
from studio.core.listing import format_rfc3339, parse_rfc3339
from studio.core.post_text import char_count
from studio.core.problems import Problem
from studio.core.product import Product, Variant

TITLE_MAX = 60
STOCK_MAX = 1_000_000_000
"""The contract's largest stock count."""
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
    "variant_sku_duplicate": QT_TRANSLATE_NOOP("errors", "SKU {value} names two variants of product {product}"),
    "stock_invalid": QT_TRANSLATE_NOOP(
        "errors", "\u201c{value}\u201d is not a stock count (a whole number from 0, or empty when not counted)"),
    "options_invalid": QT_TRANSLATE_NOOP(
        "errors", "\u201c{value}\u201d is not a list of options (write 颜色:红;尺码:M)"),
    "variants_missing": QT_TRANSLATE_NOOP("errors", "product {value} has no variant to sell"),
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
    """A listing rule problem; `field` (the `path`) is the Product or Variant field it concerns."""
    return Problem(code, TEMPLATES[code], values, "error", field)


# -- parsers: what people and shops write ---------------------------------------------------------------------

_PRICE = re.compile(r"\s*(?:¥|￥|RMB|CNY)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(?:元|RMB|CNY)?\s*",
                    re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
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


_STOCK = re.compile(r"\s*(\d{1,10})\s*(?:件|个|pcs|units?)?\s*", re.IGNORECASE)


def parse_stock(text: str) -> int | None:
    """Units in stock from what shops write ("12", "12件", "0"); None when it is not a whole number (an empty
    cell is "not counted": the caller tells the two apart)."""
    match = _STOCK.fullmatch(text)
    return int(match.group(1)) if match else None


_OPTION_MARKS = re.compile(r"[:：;；,，]")
_OPTION_SPLIT = re.compile(r"[;；,，]")


def parse_options(text: str) -> tuple[tuple[str, str], ...] | None:
    """A variant's options from a shop's 销售属性 cell: "颜色:红;尺码:M" (also ：, ；, commas, "颜色分类:红"),
    or a bare value ("红") whose name is empty; None when a part names no value."""
    if not _OPTION_MARKS.search(text):  # the common cell: one bare value ("红色")
        return (("", text.strip()),) if text.strip() else ()
    found: list[tuple[str, str]] = []
    for part in _OPTION_SPLIT.split(text):
        if not part.strip():
            continue
        name, sep, value = part.replace("：", ":").partition(":")
        if sep and not value.strip():
            return None
        found.append((name.strip(), value.strip()) if sep else ("", name.strip()))
    return tuple(found)


def format_options(options: tuple[tuple[str, str], ...]) -> str:
    """Options as `parse_options` reads them back: "颜色:红;尺码:M"."""
    return ";".join(f"{name}:{value}" if name else value for name, value in options)


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


def check_variant(variant: Variant) -> list[Problem]:
    """Every broken rule of one variant (paths are `Variant` field names)."""
    problems = check_sku(variant.sku)
    if not 0 <= variant.price_cents <= PRICE_MAX_CENTS:
        problems.append(problem("price_invalid", "price_cents", value=format_price(variant.price_cents)))
    promo = variant.promo_price_cents
    if promo is not None and not 0 <= promo <= PRICE_MAX_CENTS:
        problems.append(problem("price_invalid", "promo_price_cents", value=format_price(promo)))
    if promo is not None and promo >= variant.price_cents:
        problems.append(problem("promo_not_below", "promo_price_cents", promo=format_price(promo),
                                price=format_price(variant.price_cents)))
    if variant.stock is not None and not 0 <= variant.stock <= STOCK_MAX:
        problems.append(problem("stock_invalid", "stock", value=str(variant.stock)))
    return problems


def check_product_fields(product: Product) -> list[Problem]:
    """The product's own fields (paths are `Product` field names; the product id follows the SKU rule)."""
    problems = [replace(p, path="product_id") for p in check_sku(product.product_id)] + check_title(product.title)
    if not CURRENCY_RE.fullmatch(product.currency):
        problems.append(problem("currency_invalid", "currency", value=product.currency))
    if product.status not in STATUSES:
        problems.append(problem("status_invalid", "status", value=product.status))
    if product.applet_path:
        problems.extend(check_path_template(product.applet_path, "applet_path"))
    return problems


def check_product(product: Product) -> list[Problem]:
    """Every broken rule of `product` except the image's (which needs measured facts: `check_image`): its own
    fields, then each variant's (with the variant's SKU in the problem's `variant` value) and SKUs named twice."""
    problems = check_product_fields(product)
    if not product.variants:
        problems.append(problem("variants_missing", "variants", value=product.product_id))
    seen: set[str] = set()
    for variant in product.variants:
        problems += [replace(p, values={**p.values, "variant": variant.sku}) for p in check_variant(variant)]
        if variant.sku in seen:
            problems.append(problem("variant_sku_duplicate", "sku", value=variant.sku, product=product.product_id,
                                    variant=variant.sku))
        seen.add(variant.sku)
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


def _each_variant(product: Product, change: Callable[[Variant], Variant]) -> Product:
    return replace(product, variants=tuple(change(v) for v in product.variants))


def change_price_by_percent(product: Product, percent: float | Decimal) -> Product:
    """`product` with every variant's price and promo price changed by `percent` (+10 raises by a tenth),
    rounded to cents."""
    pct = Decimal(str(percent))

    def change(v: Variant) -> Variant:
        promo = None if v.promo_price_cents is None else max(0, _scale(v.promo_price_cents, pct))
        return replace(v, price_cents=max(0, _scale(v.price_cents, pct)), promo_price_cents=promo)
    return _each_variant(product, change)


def set_promo_end(product: Product, ends_at: str | None) -> Product:
    """`product` with every variant's promotion ending at `ends_at` (None: runs on)."""
    return _each_variant(product, lambda v: replace(v, promo_ends_at=ends_at))


def set_stock(product: Product, stock: int | None) -> Product:
    """`product` with every variant's stock set to `stock` (None: not counted)."""
    return _each_variant(product, lambda v: replace(v, stock=stock))


def now_rfc3339() -> str:
    return format_rfc3339(datetime.now(UTC))
