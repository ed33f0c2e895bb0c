"""A listing's fields read from text: the one place the shop CSV import, the Listings window's inline edits and
the platform's pulled products turn what they were given into a checked `core.product.Product`.

Holds: `FIELDS` (the field names, in the CSV's column order: the product's, then its variant's), `Readers` (how
prices, times and images are read: core's shop forms by default, the UI passes its locale's), `read_fields`
(a product with some fields of it and of one variant set from text, and every problem: text that is no
value, then each rule the result breaks; `read_product` and `read_variant` each half alone) and `judge` (the
rules on a product whose values came typed, as the platform sends them). Problem paths are `FIELDS` names;
a variant's problem carries its SKU as `variant`.
Text is kept as it was given but for surrounding spaces: a leading tab or carriage return is not stripped (it
would turn "\\t=1+1" into a formula), the title rule refuses it instead.
Must not hold: CSV (`listing_csv`), storage, Qt, file access (an image is measured by the caller's reader).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

from studio.core.merchant_listing import (
    check_product_fields,
    check_variant,
    parse_options,
    parse_price,
    parse_status,
    parse_stock,
    parse_time,
    problem,
)
from studio.core.problems import Problem
from studio.core.product import Product, Variant

FIELDS = ("product_id", "sku", "title", "options", "price", "promo_price", "promo_ends_at", "stock", "currency",
          "image", "applet_path", "status")
PRODUCT_FIELDS = frozenset({"product_id", "title", "currency", "image", "applet_path", "status"})
"""Fields of the product; the rest are its variant's."""
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
    """A field's value(s) from its text, keyed by the `Product`/`Variant` attribute they set."""
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
    if name == "stock":
        stock = parse_stock(value) if value else None
        if value and stock is None:
            return {}, [problem("stock_invalid", name, value=value)]
        return {"stock": stock}, []
    if name == "options":
        options = parse_options(value)
        return ({}, [problem("options_invalid", name, value=value)]) if options is None else ({"options": options}, [])
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
    if name in ("product_id", "sku", "title", "applet_path"):
        return {name: value}, []
    raise KeyError(name)


def _named(rule: Problem, variant: str | None) -> Problem:
    name = _RULE_FIELD.get(rule.path or "", rule.path or "")
    values = {**rule.values, "variant": variant} if variant is not None else rule.values
    return Problem(rule.code, rule.template, values, rule.severity, name)


def _kept(found: list[Problem], unreadable: Collection[str]) -> list[Problem]:
    promo_unread = {"price", "promo_price"} & set(unreadable)
    return [p for p in found if p.path not in unreadable and not (p.code == "promo_not_below" and promo_unread)]


def judge(product: Product, unreadable: Collection[str] = (), variant: str | None = None) -> list[Problem]:
    """Every rule `product` breaks (its own fields, then its variants', or only variant `variant`'s), named by
    `FIELDS`; a field in `unreadable` (already reported) is not judged."""
    found = [_named(rule, None) for rule in check_product_fields(product)]
    for each in product.variants:
        if variant is None or each.sku == variant:
            found += [_named(rule, each.sku) for rule in check_variant(each)]
    return _kept(found, unreadable)


_EMPTY: dict[str, dict[str, Any]] = {
    "promo_price": {"promo_price_cents": None}, "promo_ends_at": {"promo_ends_at": None}, "stock": {"stock": None},
    "options": {"options": ()}}
"""What an empty cell of these fields means (most cells of a shop's export are empty ones)."""


def _values(texts: Mapping[str, str], readers: Readers) -> tuple[dict[str, Any], list[Problem]]:
    values: dict[str, Any] = {}
    found: list[Problem] = []
    for name, text in texts.items():
        if not text and name in _EMPTY:
            values.update(_EMPTY[name])
            continue
        read, problems = _read(name, trim(text), readers)
        values.update(read)
        found += problems
    return values, found


def read_product(base: Product, texts: Mapping[str, str], readers: Readers = Readers()
                 ) -> tuple[Product, list[Problem]]:
    """`base` with its own fields (`PRODUCT_FIELDS` in `texts`) set, and the problems of those fields only."""
    values, found = _values(texts, readers)
    item = replace(base, **values)
    return item, found + _kept([_named(r, None) for r in check_product_fields(item)], {p.path or "" for p in found})


def read_variant(texts: Mapping[str, str], readers: Readers = Readers(), base: Variant | None = None,
                 more_options: tuple[tuple[str, str], ...] = ()) -> tuple[Variant, list[Problem]]:
    """A variant (`base`, or a new one) with the variant fields of `texts` set and `more_options` added after
    its options, and its problems only."""
    values, found = _values(texts, readers)
    if more_options:
        values["options"] = values.get("options", base.options if base else ()) + more_options
    # a new one built whole: dataclasses.replace costs an import of 50,000 rows a good part of a second
    item = replace(base, **values) if base is not None else Variant(**{"sku": "", "price_cents": 0, **values})
    rules = [_named(r, item.sku) for r in check_variant(item)]
    return item, found + _kept(rules, {p.path or "" for p in found})


def read_fields(base: Product, texts: Mapping[str, str], readers: Readers = Readers(),
                variant: str | None = None) -> tuple[Product, list[Problem]]:
    """`base` with each field of `texts` set from its text, and every problem (none: the product is good).
    Variant fields go to variant `variant` (by SKU; the first when None), which `texts["sku"]` may rename."""
    product, found = read_product(base, {k: v for k, v in texts.items() if k in PRODUCT_FIELDS}, readers)
    variants = list(base.variants) or [Variant(sku="", price_cents=0)]
    at = next((i for i, v in enumerate(variants) if v.sku == variant), 0) if variant is not None else 0
    variants[at], more = read_variant({k: v for k, v in texts.items() if k not in PRODUCT_FIELDS}, readers,
                                      variants[at])
    return replace(product, variants=tuple(variants)), sorted(found + more, key=_field_order)


def _field_order(problem: Problem) -> int:
    return FIELDS.index(problem.path) if problem.path in FIELDS else len(FIELDS)
