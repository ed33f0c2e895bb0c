"""core/listing_fields: the one reading of a listing's fields that the CSV import, the Listings table's inline
edits and pulled listings share."""

from __future__ import annotations

from studio.core.listing_fields import Readers, judge, read_fields
from studio.core.merchant_listing import PRICE_MAX_CENTS, MerchantListing

BASE = MerchantListing(sku="S1", title="Bottle", price_cents=1000)


def codes(texts: dict[str, str], readers: Readers = Readers()) -> list[tuple[str, str]]:  # noqa: B008
    return [(p.path or "", p.code) for p in read_fields(BASE, texts, readers)[1]]


def test_text_becomes_values_and_spaces_alone_are_trimmed() -> None:
    item, problems = read_fields(BASE, {"price": " ¥1,299.00 ", "currency": "usd", "status": "下架",
                                        "promo_ends_at": "2026-12-31 23:59", "title": " Mug "})
    assert problems == []
    assert (item.price_cents, item.currency, item.status, item.title) == (129900, "USD", "inactive", "Mug")
    assert item.promo_ends_at == "2026-12-31T15:59:00Z"


def test_a_leading_tab_or_carriage_return_is_kept_for_the_title_rule_to_refuse() -> None:
    for lead in ("\t", "\r"):
        item, problems = read_fields(BASE, {"title": f"{lead}=1+1"})
        assert item.title == f"{lead}=1+1" and [p.code for p in problems] == ["title_bad_char"]


def test_unreadable_text_is_reported_once_not_again_by_the_rules() -> None:
    assert codes({"price": "twelve", "promo_price": "5"}) == [("price", "price_invalid")]
    assert codes({"price": ""}) == [("price", "price_missing")]
    assert codes({"promo_ends_at": "soon", "status": "maybe"}) == [("promo_ends_at", "promo_end_invalid"),
                                                                   ("status", "status_invalid")]
    assert codes({"price": "10", "promo_price": "12"}) == [("promo_price", "promo_not_below")]


def test_the_caller_reads_prices_and_images_its_own_way() -> None:
    readers = Readers(price=lambda text: 42 if text == "forty-two cents" else None,
                      image=lambda text: ("/abs/" + text, []))
    item, problems = read_fields(BASE, {"price": "forty-two cents", "image": "a.jpg"}, readers)
    assert problems == [] and (item.price_cents, item.image) == (42, "/abs/a.jpg")


def test_typed_values_from_the_platform_pass_the_same_rules() -> None:
    assert judge(BASE) == []
    bad = MerchantListing(sku="../../etc", title="two\nlines", price_cents=PRICE_MAX_CENTS + 1, currency="\u202eYNC")
    assert sorted((p.path, p.code) for p in judge(bad)) == [
        ("currency", "currency_invalid"), ("price", "price_invalid"), ("sku", "sku_invalid"),
        ("title", "title_bad_char")]
