"""Numbers, prices, sizes, percentages and dates as the UI shows them: the one place for display formatting.

Every function formats with `QLocale()`, the default locale that `studio.ui.i18n.install_translator` sets for
the UI language (en -> en_US, zh_CN), so what the app shows follows the language it runs in; nothing is
cached across a language switch. Prices are `money(cents, currency)`: the locale's currency pattern with `¥`
for CNY and the ISO code for any other currency ("USD 12.50"); `parse_money` reads back what `money` writes
in the current locale, and everything core's shop-style `parse_price` reads ("1,299.00", "¥12.99", "12.99元").

Dates and times are shown in the local time zone unless the caller names one: the merchant's listings are
edited in shop time (Beijing, `core.merchant_listing.SHOP_TIME_ZONE`), as the platform and shop CSVs write
them, so the listings workspace passes that zone both to `date_time` and to `parse_date_time`. Short formats
always carry a four-digit year (the locale's short date with `yy` widened), so a date is never ambiguous.

Not for: what is painted on the video (the popup card copies the viewer's phone, `render.card.format_price`,
whatever the editor's language), files (CSV, JSON, logs: fixed machine formats) or timecodes
(`core.timeline.format_ms`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

from studio.core.listing import parse_rfc3339
from studio.core.merchant_listing import parse_price

CURRENCY_SYMBOLS = {"CNY": "¥", "RMB": "¥"}
"""Currencies written with a symbol; any other is written with its ISO code and a non-breaking space."""
_NBSP = "\u00a0"
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})
_CURRENCY_MARK = re.compile(r"^\s*(?:[A-Za-z]{3}|[¥￥])?\s*(.*?)\s*(?:[A-Za-z]{3}|[¥￥])?\s*$")
_SHORT_YEAR = re.compile(r"(?<!y)yy(?!y)")
_SI = QLocale.DataSizeFormat.DataSizeSIFormat
_SHORT = QLocale.FormatType.ShortFormat
_LONG = QLocale.FormatType.LongFormat


# -- numbers ----------------------------------------------------------------------------------------------------

def number(value: int | float, places: int | None = None) -> str:
    """`value` with the locale's digit grouping and decimal point: 12,345 / 3.5 (`places` fixes the decimals)."""
    locale = QLocale()
    if places is None:
        return locale.toString(value) if isinstance(value, int) else locale.toString(float(value), "g", 12)
    return locale.toString(float(value), "f", places)


def percent(value: float, places: int = 0) -> str:
    """`value` (already in percent: 45.3 for 45.3 %) as the locale writes a percentage: 45.3%."""
    return number(value, places) + QLocale().percent()


def data_size(n_bytes: int | float, places: int = 1) -> str:
    """A size in bytes with decimal (SI) units, as disks and browsers count them: 5.3 MB, 999 bytes."""
    return QLocale().formattedDataSize(int(n_bytes), places, _SI)


def data_rate(bytes_per_second: float, places: int = 1) -> str:
    """A speed: 2.5 MB/s."""
    return QCoreApplication.translate("locale_format", "{size}/s").format(size=data_size(bytes_per_second, places))


def seconds(value: float, places: int = 1) -> str:
    """A duration in seconds for messages ("12.5 s"); timecodes on the timeline are `core.timeline.format_ms`."""
    return QCoreApplication.translate("locale_format", "{seconds} s").format(seconds=number(value, places))


# -- money ------------------------------------------------------------------------------------------------------

def money(cents: int | None, currency: str = "CNY") -> str:
    """A price from cents in the locale's currency pattern: ¥1,299.00 for CNY, "USD 12.50" else; "" for None."""
    if cents is None:
        return ""
    code = (currency or "CNY").upper()
    locale = QLocale()
    text = locale.toCurrencyString(abs(cents) / 100, "\x00", 2)
    if code in CURRENCY_SYMBOLS:
        text = text.replace("\x00", CURRENCY_SYMBOLS[code])
    else:  # a code needs a space where a symbol sits against the digits: "USD 12.50", "12,50 USD"
        text = re.sub(r"\x00(?=\d)", code + _NBSP, text)
        text = re.sub(r"(?<=\d)\x00", _NBSP + code, text).replace("\x00", code)
    return locale.negativeSign() + text if cents < 0 else text


def parse_money(text: str) -> int | None:
    """Cents from a typed price: what `money` shows in the current locale (with or without the currency mark)
    or any shop form core's `parse_price` reads; None when it is not a price (never a guess: "12,99" in
    English is refused, as in the CSV import)."""
    cents = parse_price(text)
    if cents is not None:
        return cents
    locale = QLocale()
    match = _CURRENCY_MARK.fullmatch(text.translate(_SPACES))
    if match is None or not match.group(1):
        return None
    body = match.group(1).replace(" ", "")
    group, point = locale.groupSeparator().translate(_SPACES).strip(), locale.decimalPoint()
    if (group, point) != (",", "."):  # write the locale's number the way core reads numbers
        body = "".join("," if ch == group else "." if ch == point else "?" if ch in ",." else ch for ch in body)
    return parse_price(body)


# -- dates and times --------------------------------------------------------------------------------------------

def _four_digit_year(fmt: str) -> str:
    return _SHORT_YEAR.sub("yyyy", fmt)


def date_format(long: bool = False) -> str:
    """The locale's date pattern (Qt syntax); the short one with a four-digit year."""
    locale = QLocale()
    return locale.dateFormat(_LONG) if long else _four_digit_year(locale.dateFormat(_SHORT))


def date_time_format(long: bool = False) -> str:
    """The locale's date-and-time pattern (Qt syntax) without seconds or zone; the short one with a 4-digit year."""
    locale = QLocale()
    if long:
        return f"{locale.dateFormat(_LONG)} {locale.timeFormat(_SHORT)}"
    return _four_digit_year(locale.dateTimeFormat(_SHORT))


def _when(value: datetime | str, zone: tzinfo | None) -> datetime:
    """`value` (RFC 3339 text or a datetime; a naive one is local time) as a wall-clock time in `zone` (default:
    local); ValueError for text that is not RFC 3339."""
    moment = parse_rfc3339(value) if isinstance(value, str) else value
    return moment.astimezone(zone)


def _qt(value: datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute, value.second))


def date_time(value: datetime | str | None, zone: tzinfo | None = None, long: bool = False) -> str:
    """A moment (an aware datetime or an RFC 3339 string) in `zone` (default: the local time zone) as the
    locale writes it: 12/31/2026 11:59 PM, 2026/12/31 23:59. "" for None or ""; an unreadable string as is."""
    if value is None or value == "":
        return ""
    try:
        moment = _when(value, zone)
    except ValueError:
        return str(value)
    return QLocale().toString(_qt(moment), date_time_format(long))


def date_text(value: date | datetime | str | None, zone: tzinfo | None = None, long: bool = False) -> str:
    """A day as the locale writes it (12/31/2026, 2026/12/31); a moment is first put in `zone` (default local)."""
    if value is None or value == "":
        return ""
    if isinstance(value, (str, datetime)):
        try:
            value = _when(value, zone).date()
        except ValueError:
            return str(value)
    return QLocale().toString(QDate(value.year, value.month, value.day), date_format(long))


def parse_date_time(text: str, zone: tzinfo | None = None) -> datetime | None:
    """A moment from what `date_time` shows in the current locale (short or long), read as a time in `zone`
    (default: local); None when the text is not in that form."""
    locale = QLocale()
    value = " ".join(text.translate(_SPACES).split())
    for fmt in (date_time_format(), date_time_format(long=True), locale.dateTimeFormat(_SHORT)):
        parsed = locale.toDateTime(value, " ".join(fmt.translate(_SPACES).split()), 2000)
        if parsed.isValid():
            day, clock = parsed.date(), parsed.time()
            naive = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute(), clock.second())
            return naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
    return None
