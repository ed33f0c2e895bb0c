"""A merchant listing's fields read from text: the one place the shop CSV import, the Listings table's inline
edits and the platform's pulled listings turn what they were given into a checked `MerchantListing`.

Holds: `FIELDS` (the field names, in the CSV's column order), `Readers` (how prices, times and images are read:
core's shop forms by default, the UI passes its locale's), `read_fields` (a listing with some fields set from
text, and every problem: text that is no value, then each rule the result breaks) and `judge` (the rules on a
listing whose values came typed, as the platform sends them). Problem paths are `FIELDS` names.
Text is kept as it was given but for surrounding spaces: a leading tab or carriage return is not stripped (it
would turn "\\t=1+1" into a formula), the title rule refuses it instead.
Must not hold: CSV (`listing_csv`), storage, Qt, file access (an image is measured by the caller's reader).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

from studio.core.merchant_listing import (
    MerchantListing,
    check_listing,
    parse_price,
    parse_status,
    parse_time,
    problem,
)
from studio.core.problems import Problem

FIELDS = ("sku", "title", "price", "promo_price", "promo_ends_at", "currency", "image", "applet_path", "status")
_RULE_FIELD = {"price_cents": "price", "promo_price_cents": "promo_price"}
ImageReader = Callable[[str], tuple[str, list[Problem]]]
"""An image's text to (the value to keep, its problems): resolves and measures a local file."""


def _image_as_given(text: str) -> tuple[str, list[Problem]]:
    return text, []


@dataclass(frozen=True)
class Readers:
    price: Callable[[str], int | None] = parse_price
    time: Callable[[str], str | None] = parse_time
    image: ImageReader = _image_as_given


def trim(text: str) -> str:
    """Surrounding spaces off, nothing else (tabs and carriage returns stay for the rules to judge)."""
    return text.strip(" \u00a0\u3000")


def _read(name: str, value: str, readers: Readers) -> tuple[dict[str, Any], list[Problem]]:
    if name in ("price", "promo_price"):
        cents = readers.price(value) if value else None
        if cents is None and (value or name == "price"):
            return {}, [problem("price_invalid" if value else "price_missing", name, value=value)]
        return {"price_cents" if name == "price" else "promo_price_cents": cents}, []
    if name == "promo_ends_at":
        when = readers.time(value) if value else None
        if value and when is None:
            return {}, [problem("promo_end_invalid", name, value=value)]
        return {"promo_ends_at": when}, []
    if name == "currency":
        return {"currency": (value or "CNY").upper()}, []
    if name == "status":
        status = parse_status(value)
        if status is None:
            return {}, [problem("status_invalid", name, value=value)]
        return {"status": status}, []
    if name == "image":
        image, found = readers.image(value) if value else ("", [])
        return ({}, found) if found else ({"image": image}, [])
    if name in ("sku", "title", "applet_path"):
        return {name: value}, []
    raise KeyError(name)


def judge(item: MerchantListing, unreadable: Collection[str] = ()) -> list[Problem]:
    """Every rule `item` breaks, named by `FIELDS`; a field in `unreadable` (already reported) is not judged."""
    found = []
    for rule in check_listing(item):
        name = _RULE_FIELD.get(rule.path or "", rule.path or "")
        if name in unreadable or (rule.code == "promo_not_below" and {"price", "promo_price"} & set(unreadable)):
            continue
        found.append(Problem(rule.code, rule.template, rule.values, rule.severity, name))
    return found


def read_fields(base: MerchantListing, texts: Mapping[str, str],
                readers: Readers = Readers()) -> tuple[MerchantListing, list[Problem]]:
    """`base` with each field of `texts` set from its text, and every problem (none: the listing is good)."""
    changes: dict[str, Any] = {}
    found: list[Problem] = []
    for name, text in texts.items():
        values, problems = _read(name, trim(text), readers)
        changes.update(values)
        found += problems
    item = replace(base, **changes)
    return item, found + judge(item, {p.path or "" for p in found})
