"""The rules tying a popup to its product (core.popup_product): each way a popup's applet target can be wrong has
its own code, the product's pages (its own and each variant's) are the only targets that pass, and a product
without an image is a warning."""

from __future__ import annotations

from dataclasses import replace

import pytest

from studio.core.popup_product import AppletTarget, check_page_path, check_target, image_problem, product_pages
from studio.core.popup_rules import CatalogLookup, check_popups
from studio.core.product import Product, Variant, single, snapshot
from studio.core.project import Popup

SHOP = "wx0123456789abcdef"
RIVAL = "wxfedcba9876543210"
BOTTLE = single(sku="BOTTLE-1", title="水瓶", price_cents=5900, image="bottle.jpg", applet_app_id=SHOP,
                applet_name="好圈", pages=("pages/goods/detail?sku=BOTTLE-1",))
CUP = single(sku="CUP 2", title="杯子", price_cents=3900, image="cup.jpg", applet_app_id=SHOP, applet_name="好圈",
             pages=("pages/goods/detail?sku=CUP%202",))
MUG = single(sku="MUG-9", title="别家", price_cents=100, applet_app_id=RIVAL, applet_path="pages/item?id=MUG-9")
_TEE = Product(product_id="TEE", title="衬衫", applet_app_id=SHOP, applet_name="好圈", variants=(
    Variant(sku="TEE-M", price_cents=5900), Variant(sku="TEE-L", price_cents=6900)))
TEE = replace(_TEE, pages=_TEE.render_pages("pages/goods/detail?sku={sku}"))  # as the platform sends them
CATALOG = {item.product_id: item for item in (BOTTLE, CUP, MUG, TEE)}


def known(app_id: str) -> bool:
    return any(item.applet_app_id == app_id for item in CATALOG.values())


def codes(app_id: str, path: str, listing: Product | None = BOTTLE) -> list[str]:
    return [p.code for p in check_target(AppletTarget(app_id, path), "BOTTLE-1", listing, popup_id="p1",
                                         where="popups[0]", lookup=CATALOG.get, applet_known=known)]


def test_the_listings_page_passes_and_is_its_only_page() -> None:
    assert product_pages(BOTTLE) == (AppletTarget(SHOP, "pages/goods/detail?sku=BOTTLE-1", "好圈"),)
    assert product_pages(MUG) == (AppletTarget(RIVAL, "pages/item?id=MUG-9"),)  # its own path, no platform pages
    assert codes(SHOP, "pages/goods/detail?sku=BOTTLE-1") == []
    assert product_pages(single(sku="X", title="x", price_cents=1)) == ()  # no applet: nothing to compare


def test_a_product_with_variants_opens_its_own_page_or_a_variants_and_no_other_products() -> None:
    assert [t.path for t in product_pages(TEE)] == ["pages/goods/detail?sku=TEE", "pages/goods/detail?sku=TEE-M",
                                                    "pages/goods/detail?sku=TEE-L"]
    assert TEE.rendered_page() == "pages/goods/detail?sku=TEE"
    assert TEE.rendered_page("TEE-L") == "pages/goods/detail?sku=TEE-L"

    def tee(path: str) -> list[str]:
        return [p.code for p in check_target(AppletTarget(SHOP, path), "TEE", TEE, lookup=CATALOG.get)]

    for path in ("pages/goods/detail?sku=TEE", "pages/goods/detail?sku=TEE-M", "pages/goods/detail?sku=TEE-L"):
        assert tee(path) == []
    assert tee("pages/goods/detail?sku=BOTTLE-1") == ["popup_page_other_product"]
    assert tee("pages/goods/detail?sku=TEE-XXL") == ["popup_page_mismatch"]


@pytest.mark.parametrize(("path", "code"), [
    ("https://pay.example.com/x", "popup_path_web_address"),
    ("HTTP://pay.example.com/x", "popup_path_web_address"),
    ("javascript:alert(1)", "popup_path_scheme"),
    ("weixin://dl/business", "popup_path_scheme"),
    ("//evil.example/pages/a", "popup_path_network"),
    ("../../pages/pay?amt=1", "popup_path_traversal"),
    ("pages/%2e%2e/pay", "popup_path_traversal"),
    ("pages/goods/detail?sku=BOTTLE-1\nx", "popup_path_control"),
    ("pages/goods/detail?sku=BOTTLE-1\u202e", "popup_path_invalid"),
    ("/pages/goods/detail?sku=BOTTLE-1", "popup_path_invalid"),
])
def test_a_path_that_is_no_relative_applet_page_is_refused_on_its_own(path: str, code: str) -> None:
    assert [p.code for p in check_page_path(path)] == [code]
    assert codes(SHOP, path) == [code]
    assert codes(SHOP, path, listing=None) == [code]  # even without a catalog


def test_each_mismatch_with_the_listing_has_its_own_code_and_says_what_was_expected() -> None:
    assert codes(RIVAL, "pages/goods/detail?sku=BOTTLE-1") == ["popup_applet_mismatch"]
    assert codes("wx00000000deadbeef", "pages/goods/detail?sku=BOTTLE-1") == ["popup_applet_unlinked"]
    assert codes(SHOP, "pages/pay/index?amt=1") == ["popup_page_mismatch"]
    assert codes(SHOP, "pages/goods/detail?sku=CUP%202") == ["popup_page_other_product"]
    assert codes(SHOP, "pages/goods/detail?sku=NOBODY") == ["popup_page_mismatch"]  # no such product
    [problem] = check_target(AppletTarget(SHOP, "pages/goods/detail?sku=CUP%202"), "BOTTLE-1", BOTTLE,
                             popup_id="p1", lookup=CATALOG.get)
    assert problem.popup_id == "p1" and problem.values["other"] == "CUP 2"
    assert problem.message.endswith("product BOTTLE-1's page is pages/goods/detail?sku=BOTTLE-1")
    assert codes("wx123", "pages/goods/detail?sku=BOTTLE-1") == ["popup_app_id_invalid"]


def test_check_popups_holds_the_snapshots_target_to_the_listing_and_names_the_popup() -> None:
    def popup(path: str) -> Popup:
        snap = {**snapshot(BOTTLE), "applet": {"app_id": SHOP, "name": "好圈", "path": path}}
        return Popup(id="p1", sku="BOTTLE-1", start_ms=2_000, end_ms=5_000, anchor_x=0.4, anchor_y=0.5,
                     snapshot=snap)

    def run(path: str, lookup: CatalogLookup | None = CATALOG.get) -> list[tuple[str, str | None, str]]:
        return [(p.code, p.popup_id, p.severity) for p in check_popups(
            [popup(path)], duration_ms=10_000, trim=None, catalog_lookup=lookup, applet_known=known)]

    assert run("pages/goods/detail?sku=BOTTLE-1") == []
    assert run("pages/pay/index") == [("popup_page_mismatch", "p1", "error")]
    assert run("pages/pay/index", lookup=None) == []  # without the catalog only the path's own rules
    assert run("javascript:void(0)", lookup=None) == [("popup_path_scheme", "p1", "error")]


def test_a_product_without_an_image_is_a_warning_where_pack_gives_it() -> None:
    problem = image_problem("MUG-9", {"title": "x"}, MUG, popup_id="p9", where="popups[3]")
    assert problem is not None and (problem.code, problem.severity, problem.popup_id) == ("image_none", "warning", "p9")
    assert problem.message == "product MUG-9 has no image; its popup is packed without one"
    assert image_problem("MUG-9", {"image": "images/01.jpg"}, MUG) is None
    assert image_problem("BOTTLE-1", {}, BOTTLE) is None  # the listing has one
