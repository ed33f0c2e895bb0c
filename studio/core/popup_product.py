"""What a popup opens and shows of its product: the rules that tie a popup to the listing it was tagged from.

A popup opens exactly its product's page in the applet of the merchant who lists it: its AppID must be the
listing's and its path one of the listing's pages (today a listing is one SKU with one page: the merchant's
path template filled with that SKU, or the listing's own path; `listing_pages` is where a product with
variants will give one page per variant). The path itself must be a relative applet page: no scheme, no
leading `//`, no `..`, no control characters, and the rest of `applet_link`'s page-path rules. And a popup's
product has an image, else its card shows a placeholder (a warning, the one Pack gives when it packs such a
popup).

Holds: `CatalogView` (what these rules ask of a catalog), `AppletTarget` (an AppID and a page path),
`target_of` (the target a popup's snapshot names), `listing_pages`, `check_page_path` (the path on its own),
`check_target` (the path against the listing), `image_problem`, each rule with its own code and English
template (`TEMPLATES`).
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
from studio.core.listing import Listing
from studio.core.problems import PopupProblem, Severity

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
}
"""Every sentence of these rules, by code."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*):")


@dataclass(frozen=True)
class CatalogView:
    """What the rules ask of a catalog (the local cache or the platform's listings): a listing by SKU, whether
    any listed product opens in an applet, and whether an unlisted product or an ended promo is only a warning
    (an offline verify, cli.md) or an error (the platform, whose listings are the truth)."""

    lookup: Callable[[str], Listing | None] | None = None
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


def listing_pages(listing: Listing) -> tuple[AppletTarget, ...]:
    """Every target a popup of `listing` may open: the listing's one page in its merchant's applet (a product
    with variants will list one page per variant here); none when the listing names no applet."""
    if not listing.applet_app_id or not listing.applet_path:
        return ()
    return (AppletTarget(listing.applet_app_id, listing.applet_path, listing.applet_name),)


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


def _other_product(target: AppletTarget, page: AppletTarget, sku: str,
                   lookup: Callable[[str], Listing | None]) -> str | None:
    """The SKU whose page `target` opens when it is `page` with another SKU in place of `sku`, else None."""
    token = quote(sku, safe="-._~")
    head, found, tail = page.path.partition(token)
    path = target.path
    if not found or not path.startswith(head) or not path.endswith(tail) or len(path) <= len(head) + len(tail):
        return None
    other = unquote(path[len(head):len(path) - len(tail)])
    if other == sku:
        return None
    listing = lookup(other)
    if listing is None or listing.deleted:
        return None
    return other if any(p.app_id == target.app_id and p.path == target.path for p in listing_pages(listing)) else None


def check_target(target: AppletTarget, sku: str, listing: Listing | None, *, popup_id: str | None = None,
                 where: str = "", lookup: Callable[[str], Listing | None] | None = None,
                 applet_known: AppletKnown | None = None) -> list[PopupProblem]:
    """Whether `target` is exactly one of `listing`'s pages (`listing_pages`); the path's own rules first.

    Without a listing (no catalog, or the product is not in it) only the path's own rules apply: whether the
    product is listed is `popup_rules`' `product_withdrawn`. `lookup` (the catalog) tells "another product's
    page" from "another page"; `applet_known` tells "an applet nobody lists in" from "another applet"."""
    problems = check_page_path(target.path, popup_id=popup_id, where=where)
    at = f"{where}.applet" if where else "applet"
    bad_id = applet_link.check_app_id(target.app_id, f"{at}.app_id")
    if bad_id:
        problems.append(_problem("popup_app_id_invalid", popup_id, f"{at}.app_id", detail=bad_id[0].message))
    if problems or listing is None or listing.deleted:
        return problems
    pages = listing_pages(listing)
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
    other = _other_product(target, expected, sku, lookup) if lookup is not None else None
    if other is not None:
        return [_problem("popup_page_other_product", popup_id, f"{at}.path", other=other, page=target.path[:120],
                         sku=sku, expected=expected.path)]
    return [_problem("popup_page_mismatch", popup_id, f"{at}.path", page=target.path[:120], sku=sku,
                     expected=expected.path)]


def image_problem(sku: str, snapshot: Mapping[str, Any], listing: Listing | None, *, popup_id: str | None = None,
                  where: str = "") -> PopupProblem | None:
    """A warning when neither the popup's snapshot nor its listing has an image for product `sku`."""
    if snapshot.get("image") or (listing is not None and listing.image):
        return None
    return _problem("image_none", popup_id, f"{where}.snapshot.image" if where else "snapshot.image", "warning",
                    sku=sku)
