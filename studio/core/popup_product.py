"""What a popup opens and shows of its product: the rules that tie a popup to the product it was tagged from.

A popup names its product by the product's id (`Popup.sku`, the field's name from before variants, when a
listing's SKU was its id) and, optionally, the variant it shows (`Popup.variant_sku`; empty: the whole
product). It opens exactly one of its product's pages in the applet of the merchant who lists it: its AppID
must be the product's and its path one of `product_pages` (the product's page, then each variant's, as the
platform rendered them from the merchant's template). The path itself must be a relative applet page: no
scheme, no leading `//`, no `..`, no control characters, and the rest of `applet_link`'s page-path rules. A
popup's product has an image, else its card shows a placeholder (a warning, the one Pack gives when it packs
such a popup). And a viewer's tap should land on something they can buy: a popup whose product is sold out
(every variant), or whose chosen variant is, is a warning (`stock_problem`).

Holds: `CatalogView` (what these rules ask of a catalog), `AppletTarget` (an AppID and a page path),
`target_of` (the target a popup's snapshot names), `product_pages`, `check_page_path` (the path on its own),
`check_target` (the path against the product), `image_problem`, `stock_problem`, each rule with its own code
and English template (`TEMPLATES`).
The editor's Problems, `studio verify`, pack, the reviewer's checks and the sandbox platform all ask here
(through `popup_rules.check_popups` and `review.review_checks`). Must not hold: storage, I/O, Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from studio.core import applet_link
from studio.core.errors import QT_TRANSLATE_NOOP
from studio.core.problems import PopupProblem, Severity
from studio.core.product import Product

AppletKnown = Callable[[str], bool]
"""Whether any listed product opens in applet `app_id` (the catalog's or the platform's view)."""

TEMPLATES: dict[str, str] = {
    "popup_path_control": QT_TRANSLATE_NOOP(
        "errors", "the popup's page path holds a control character at {position}; a popup opens a page of its "
                  "product's applet"),
    "popup_path_web_address": QT_TRANSLATE_NOOP(
        "errors", "the popup opens the web address {page}; a popup opens a page of its product's applet"),
    "popup_path_scheme": QT_TRANSLATE_NOOP(
        "errors", "the popup's page path {page} is a {scheme}: link; a popup opens a page of its product's "
                  "applet"),
    "popup_path_network": QT_TRANSLATE_NOOP(
        "errors", "the popup's page path {page} starts with //; write the applet page without it"),
    "popup_path_traversal": QT_TRANSLATE_NOOP(
        "errors", "the popup's page path {page} climbs out of the page with \"..\""),
    "popup_path_invalid": QT_TRANSLATE_NOOP("errors", "the popup's page path {page} is not an applet page: {detail}"),
    "popup_app_id_invalid": QT_TRANSLATE_NOOP("errors", "the popup's applet is not valid: {detail}"),
    "popup_applet_unlinked": QT_TRANSLATE_NOOP(
        "errors", "the popup opens applet {app_id}, which no listed product opens in; product {sku} is listed in "
                  "applet {expected}"),
    "popup_applet_mismatch": QT_TRANSLATE_NOOP(
        "errors", "the popup opens applet {app_id}, but product {sku} is listed in applet {expected}"),
    "popup_page_other_product": QT_TRANSLATE_NOOP(
        "errors", "the popup opens the page of product {other} ({page}); product {sku}'s page is {expected}"),
    "popup_page_mismatch": QT_TRANSLATE_NOOP(
        "errors", "the popup opens page {page}, but product {sku}'s page is {expected}"),
    "image_none": QT_TRANSLATE_NOOP(
        "errors", "product {sku} has no image; its popup is packed without one"),
    "product_sold_out": QT_TRANSLATE_NOOP(
        "errors", "product {sku} is sold out: a viewer who taps the popup cannot buy it"),
    "variant_sold_out": QT_TRANSLATE_NOOP(
        "errors", "{variant} of product {sku} is sold out: a viewer who taps the popup cannot buy it; show the "
                  "whole product or another variant"),
}
"""Every sentence of these rules, by code."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*):")


@dataclass(frozen=True)
class CatalogView:
    """What the rules ask of a catalog (the local cache or the platform's products): a product by id, whether
    any listed product opens in an applet, and whether an unlisted product or an ended promo is only a warning
    (an offline verify, cli.md) or an error (the platform, whose listings are the truth)."""

    lookup: Callable[[str], Product | None] | None = None
    applet_known: AppletKnown | None = None
    soft: bool = True


@dataclass(frozen=True)
class AppletTarget:
    """What a tap on a popup opens: a page path inside the applet `app_id` (`name` is shown, not checked)."""

    app_id: str
    path: str
    name: str = ""

    def to_json(self) -> dict[str, str]:
        return {"app_id": self.app_id, "name": self.name, "path": self.path}


def target_of(snapshot: Mapping[str, Any]) -> AppletTarget | None:
    """The target a popup's snapshot names (`snapshot["applet"]`), None when it names none."""
    applet = snapshot.get("applet")
    if not isinstance(applet, Mapping):
        return None
    app_id, path = str(applet.get("app_id") or ""), str(applet.get("path") or "")
    if not app_id and not path:
        return None
    return AppletTarget(app_id, path, str(applet.get("name") or ""))


def product_pages(product: Product) -> tuple[AppletTarget, ...]:
    """Every target a popup of `product` may open: the product's page and each variant's in its merchant's
    applet (the platform's rendering, else the product's own path); none when the product names no applet."""
    pages = product.pages or (product.render_pages("") if product.applet_path else ())
    if not product.applet_app_id:
        return ()
    return tuple(AppletTarget(product.applet_app_id, page, product.applet_name) for page in pages)


def _problem(code: str, popup_id: str | None, at: str, severity: Severity = "error",
             **values: Any) -> PopupProblem:
    return PopupProblem(code, TEMPLATES[code], values, severity, at, popup_id=popup_id)


def check_page_path(page: str, *, popup_id: str | None = None, where: str = "") -> list[PopupProblem]:
    """The page path on its own: a relative applet page path, or the one problem that says why not."""
    at = f"{where}.applet.path" if where else "applet.path"
    if control := _CONTROL.search(page):
        return [_problem("popup_path_control", popup_id, at, position=control.start() + 1)]
    shown = page[:120]
    if scheme := _SCHEME.match(page):
        name = scheme.group(1).lower()
        if name in ("http", "https"):
            return [_problem("popup_path_web_address", popup_id, at, page=shown)]
        return [_problem("popup_path_scheme", popup_id, at, page=shown, scheme=name)]
    if page.startswith(("//", "\\\\")):
        return [_problem("popup_path_network", popup_id, at, page=shown)]
    if ".." in re.split(r"[/\\?&=#]", unquote(page)):
        return [_problem("popup_path_traversal", popup_id, at, page=shown)]
    syntax = applet_link.check_path_template(page, at, placeholders=False)
    if syntax:
        return [_problem("popup_path_invalid", popup_id, at, page=shown, detail=syntax[0].message)]
    return []


def _other_product(target: AppletTarget, product: Product,
                   lookup: Callable[[str], Product | None]) -> str | None:
    """The id of another product whose page `target` opens: one of `product`'s pages with another product's
    id in place of one of its codes (its id, a variant's SKU), else None."""
    codes = dict.fromkeys([product.product_id, *(v.sku for v in product.variants)])
    path = target.path
    for page in product_pages(product):
        for code in codes:
            head, found, tail = page.path.partition(quote(code, safe="-._~"))
            if not found or not path.startswith(head) or not path.endswith(tail) \
                    or len(path) <= len(head) + len(tail):
                continue
            other = unquote(path[len(head):len(path) - len(tail)])
            found_product = lookup(other) if other not in codes else None
            if found_product is not None and not found_product.withdrawn and any(
                    p.app_id == target.app_id and p.path == path for p in product_pages(found_product)):
                return other
    return None


def check_target(target: AppletTarget, sku: str, product: Product | None, *, popup_id: str | None = None,
                 where: str = "", lookup: Callable[[str], Product | None] | None = None,
                 applet_known: AppletKnown | None = None) -> list[PopupProblem]:
    """Whether `target` is exactly one of `product`'s pages (`product_pages`); the path's own rules first.

    Without a product (no catalog, or the product is not in it) only the path's own rules apply: whether the
    product is listed is `popup_rules`' `product_withdrawn`. `lookup` (the catalog) tells "another product's
    page" from "another page"; `applet_known` tells "an applet nobody lists in" from "another applet"."""
    problems = check_page_path(target.path, popup_id=popup_id, where=where)
    at = f"{where}.applet" if where else "applet"
    bad_id = applet_link.check_app_id(target.app_id, f"{at}.app_id")
    if bad_id:
        problems.append(_problem("popup_app_id_invalid", popup_id, f"{at}.app_id", detail=bad_id[0].message))
    if problems or product is None or product.withdrawn:
        return problems
    pages = product_pages(product)
    if not pages:
        return problems
    if any(page.app_id == target.app_id and page.path == target.path for page in pages):
        return []
    in_applet = [page for page in pages if page.app_id == target.app_id]
    if not in_applet:
        code = "popup_applet_unlinked" if applet_known is not None and not applet_known(target.app_id) \
            else "popup_applet_mismatch"
        return [_problem(code, popup_id, f"{at}.app_id", app_id=target.app_id, sku=sku,
                         expected=" / ".join(sorted({p.app_id for p in pages})))]
    expected = in_applet[0]
    other = _other_product(target, product, lookup) if lookup is not None else None
    if other is not None:
        return [_problem("popup_page_other_product", popup_id, f"{at}.path", other=other, page=target.path[:120],
                         sku=sku, expected=expected.path)]
    return [_problem("popup_page_mismatch", popup_id, f"{at}.path", page=target.path[:120], sku=sku,
                     expected=expected.path)]


def image_problem(sku: str, snapshot: Mapping[str, Any], product: Product | None, *, popup_id: str | None = None,
                  where: str = "") -> PopupProblem | None:
    """A warning when neither the popup's snapshot nor its product has an image for product `sku`."""
    if snapshot.get("image") or (product is not None and product.image):
        return None
    return _problem("image_none", popup_id, f"{where}.snapshot.image" if where else "snapshot.image", "warning",
                    sku=sku)


def variant_gone(product: Product | None, variant_sku: str) -> bool:
    """Whether the popup shows a variant that its listed product no longer has (the merchant deleted it): its
    price and page went with it, so `popup_rules`' `variant_withdrawn` says why rather than a page mismatch."""
    return (product is not None and not product.withdrawn and bool(variant_sku)
            and product.variant(variant_sku) is None)


def judged_product(product: Product | None, variant_sku: str) -> Product | None:
    """The product a popup's page and stock are judged against: none when the variant it shows is gone
    (`variant_gone`), whose page and stock went with it."""
    return None if variant_gone(product, variant_sku) else product


def stock_problem(sku: str, variant_sku: str, product: Product | None, *, popup_id: str | None = None,
                  where: str = "") -> PopupProblem | None:
    """A warning when product `sku` is sold out (`since` says when the platform saw it run out, "" when it
    does not say), or when the variant `variant_sku` the popup shows is; None while there is stock, or when
    the product is unknown or withdrawn (other rules say so)."""
    if product is None or product.withdrawn:
        return None
    at = f"{where}.sku" if where else "sku"
    if product.sold_out:
        return _problem("product_sold_out", popup_id, at, "warning", sku=sku, since=product.sold_out_since or "")
    variant = product.variant(variant_sku) if variant_sku else None
    if variant is not None and variant.sold_out:
        return _problem("variant_sold_out", popup_id, f"{where}.variant_sku" if where else "variant_sku", "warning",
                        sku=sku, variant=variant.label, variant_sku=variant.sku)
    return None
