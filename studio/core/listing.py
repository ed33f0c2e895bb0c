"""A product listing as the creators' catalog knows it (docs/platform.md), and its snapshot for a popup.

Holds: the `Listing` value (money in integer cents, times RFC 3339 UTC strings) and the conversion to the
snapshot a popup keeps (title, prices, image, applet link as they were at tag time), plus RFC 3339 parsing.
Must not hold: storage (`catalog`), rules (`popup_rules`), I/O of any kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

FIRST_YEAR, LAST_YEAR = 1970, 9999
"""The years a time may fall in (UTC): a year-1 promotion end is a typo, and years past 9999 cannot be written
as RFC 3339."""


def parse_rfc3339(text: str) -> datetime:
    """An aware datetime from an RFC 3339 string (`Z` or an offset), in UTC years 1970 to 9999; ValueError when
    it is not one."""
    if not isinstance(text, str) or "T" not in text.upper() or not text.isascii():
        raise ValueError(f"not an RFC 3339 time: {text!r}")
    value = datetime.fromisoformat(text.strip().replace("z", "Z").replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"RFC 3339 time without a UTC offset: {text!r}")
    try:
        year = value.astimezone(UTC).year
    except OverflowError:
        year = 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"the time {text!r} is not between the years {FIRST_YEAR} and {LAST_YEAR}")
    return value


def format_rfc3339(value: datetime) -> str:
    """`value` in UTC as `YYYY-MM-DDTHH:MM:SSZ` (four-digit year)."""
    utc = value.astimezone(UTC)
    return f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S}Z"


@dataclass(frozen=True, kw_only=True)
class Listing:
    """One product a creator may tag."""

    sku: str
    title: str
    price_cents: int
    currency: str = "CNY"
    promo_price_cents: int | None = None
    promo_ends_at: str | None = None
    image: str = ""
    """Path or URL of the main image."""
    applet_app_id: str = ""
    applet_name: str = ""
    applet_path: str = ""
    updated_at: str = ""
    deleted: bool = False

    def snapshot(self) -> dict[str, Any]:
        """What a popup copies at tag time (`Popup.snapshot`)."""
        return {
            "title": self.title,
            "price_cents": self.price_cents,
            "promo_price_cents": self.promo_price_cents,
            "promo_ends_at": self.promo_ends_at,
            "currency": self.currency,
            "image": self.image,
            "applet": {"app_id": self.applet_app_id, "name": self.applet_name, "path": self.applet_path},
        }
