"""Times as listings and the platform write them: RFC 3339 in UTC (promotion ends, updates, review times).

Holds: `parse_rfc3339` and `format_rfc3339` (the one reading and writing of such times). The product a listing
describes is `core.product`.
Must not hold: storage, rules, I/O of any kind.
"""

from __future__ import annotations

from datetime import UTC, datetime

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
