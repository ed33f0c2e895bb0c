"""core/listing_fields: the one reading of a product's fields (and one variant's) that the CSV import, the
Listings window's inline edits and pulled products share."""

from __future__ import annotations

from studio.core.listing_fields import Readers, judge, read_fields
from studio.core.merchant_listing import PRICE_MAX_CENTS, parse_options, parse_stock
from studio.core.product import Product, Variant, single

BASE = single(sku="S1", title="Bottle", price_cents=1000)


def codes(texts: dict[str, str], readers: Readers = Readers()) -> list[tuple[str, str]]:  # noqa: B008
    return [(p.path or "", p.code) for p in read_fields(BASE, texts, readers)[1]]


def test_text_becomes_values_and_spaces_alone_are_trimmed() -> None:
    item, problems = read_fields(BASE, {"price": " ¥1,299.00 ", "currency": "usd", "status": "下架",
                                        "promo_ends_at": "2026-12-31 23:59", "title": " Mug ", "stock": "12件",
                                        "options": "颜色：红；尺码:M"})
    assert problems == []
    variant = item.variants[0]
    assert (variant.price_cents, item.currency, item.status, item.title) == (129900, "USD", "inactive", "Mug")
    assert variant.promo_ends_at == "2026-12-31T15:59:00Z" and variant.stock == 12
    assert variant.options == (("颜色", "红"), ("尺码", "M"))


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
    assert codes({"stock": "-3"}) == [("stock", "stock_invalid")] and codes({"stock": "1.5"}) == [
        ("stock", "stock_invalid")]
    assert codes({"stock": ""}) == [] and read_fields(BASE, {"stock": ""})[0].variants[0].stock is None


def test_a_variant_is_read_into_its_own_place() -> None:
    two = Product(product_id="TEE", title="T恤", variants=(Variant(sku="TEE-R", price_cents=5900, stock=1),
                                                          Variant(sku="TEE-G", price_cents=6900, stock=2)))
    item, problems = read_fields(two, {"price": "79", "stock": "0"}, variant="TEE-G")
    assert problems == [] and [(v.price_cents, v.stock) for v in item.variants] == [(5900, 1), (7900, 0)]
    assert item.variants[1].sold_out and not item.sold_out
    _, problems = read_fields(two, {"promo_price": "80"}, variant="TEE-G")
    assert [(p.code, p.values["variant"]) for p in problems] == [("promo_not_below", "TEE-G")]


def test_the_caller_reads_prices_and_images_its_own_way() -> None:
    readers = Readers(price=lambda text: 42 if text == "forty-two cents" else None,
                      image=lambda text: ("/abs/" + text, []))
    item, problems = read_fields(BASE, {"price": "forty-two cents", "image": "a.jpg"}, readers)
    assert problems == [] and (item.variants[0].price_cents, item.image) == (42, "/abs/a.jpg")


def test_typed_values_from_the_platform_pass_the_same_rules() -> None:
    assert judge(BASE) == []
    bad = Product(product_id="../../etc", title="two\nlines", currency="\u202eYNC",
                  variants=(Variant(sku="ok", price_cents=PRICE_MAX_CENTS + 1), Variant(sku="a b", price_cents=1)))
    assert sorted((p.path, p.code) for p in judge(bad)) == [
        ("currency", "currency_invalid"), ("price", "price_invalid"), ("product_id", "sku_invalid"),
        ("sku", "sku_invalid"), ("title", "title_bad_char")]


def test_shop_forms_of_stock_and_options() -> None:
    assert [parse_stock(t) for t in ("0", " 12 ", "12件", "3 pcs", "-1", "x", "")] == [0, 12, 12, 3, None, None,
                                                                                          None]
    assert parse_options("颜色分类:红色;尺码:XL") == (("颜色分类", "红色"), ("尺码", "XL"))
    assert parse_options("红色") == (("", "红色"),) and parse_options("颜色:") is None and parse_options("") == ()
