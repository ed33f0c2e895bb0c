"""A product as shops keep it: one title, picture and applet page, sold in one or more variants.

Real shop exports (Taobao/Tmall, Youzan, Weidian, WeChat shops) list a product with variants (颜色分类, 尺码,
规格), each with its own merchant code (the variant's SKU), price, promo price and stock. This is the one model
of a product for every role: the merchant's listings store, the creators' catalog, the platform's catalog
answer (`to_wire`/`from_wire`), a popup's snapshot (`snapshot`) and the rules that read them. A listing from
before variants (one SKU, one price) is a product with one variant whose SKU is the product's id (`single`).

Pages: a product's applet page is its merchant's path template (or the product's own path) filled with
`{product_id}` and `{sku}`; `{sku}` is the chosen variant's code, and the product's id when the popup shows the
whole product. So a template without `{sku}` gives one page for the product and every variant, and one with
`{sku}` gives the product's page plus one per variant (`render_pages`). The platform renders them and sends
them in the catalog (`Product.pages`), so a creator's app never needs the merchant's template.

Stock: `None` means the shop does not count it (never sold out); a product is sold out when every variant is.

Holds: `Variant`, `Product`, the price range and sold-out rules, the wire and snapshot forms.
Must not hold: storage, CSV, I/O, Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from studio.core.applet_link import render_path
from studio.core.listing import parse_rfc3339


@dataclass(frozen=True, kw_only=True)
class Variant:
    """One way a product is sold: its options (("颜色", "红"), ("尺码", "M")), merchant code, prices, stock."""

    sku: str
    options: tuple[tuple[str, str], ...] = ()
    price_cents: int
    promo_price_cents: int | None = None
    promo_ends_at: str | None = None
    stock: int | None = None
    """Units in stock; None when the shop does not count them."""

    @property
    def label(self) -> str:
        """The options as a person reads them ("红 / M"); the SKU when there are none."""
        return " / ".join(value for _, value in self.options) or self.sku

    @property
    def sold_out(self) -> bool:
        return self.stock is not None and self.stock <= 0

    def price_at(self, now: datetime | None) -> int:
        """What a viewer pays at `now`: the promo price while its promotion runs (an open end runs on)."""
        if self.promo_price_cents is None:
            return self.price_cents
        if self.promo_ends_at and now is not None and parse_rfc3339(self.promo_ends_at) <= now:
            return self.price_cents
        return self.promo_price_cents


@dataclass(frozen=True, kw_only=True)
class Product:
    """One product a merchant lists and a creator may tag."""

    product_id: str
    title: str
    variants: tuple[Variant, ...] = field(default_factory=tuple)
    currency: str = "CNY"
    image: str = ""
    """Path or URL of the main image."""
    applet_app_id: str = ""
    applet_name: str = ""
    applet_path: str = ""
    """The product's own page template (may hold {product_id} and {sku}); empty: the applet's template."""
    pages: tuple[str, ...] = ()
    """The pages rendered (the product's first, then each variant's), as the platform's catalog sends them to
    creators; empty on the merchant's side, where `render_pages` makes them from the applet's template."""
    status: str = "active"
    updated_at: str = ""
    sold_out_since: str | None = None
    """When the platform saw the last variant's stock reach zero (RFC 3339), None while any is in stock."""

    @property
    def withdrawn(self) -> bool:
        return self.status != "active"

    def variant(self, sku: str) -> Variant | None:
        return next((v for v in self.variants if v.sku == sku), None)

    @property
    def sold_out(self) -> bool:
        """Every variant is sold out (a product without variants is not sold)."""
        return bool(self.variants) and all(v.sold_out for v in self.variants)

    @property
    def stock(self) -> int | None:
        """Units in stock over all variants; None when any variant's stock is not counted."""
        counts = [v.stock for v in self.variants]
        return None if not counts or any(c is None for c in counts) else sum(max(0, c or 0) for c in counts)

    def price_range(self, now: datetime | None = None, variant_sku: str = "") -> tuple[int, int]:
        """The lowest and highest price a viewer pays at `now` (of the chosen variant only, when one is given;
        of the variants in stock, unless all are sold out)."""
        chosen = self.variant(variant_sku) if variant_sku else None
        pool = [chosen] if chosen else [v for v in self.variants if not v.sold_out] or list(self.variants)
        prices = [v.price_at(now) for v in pool] or [0]
        return min(prices), max(prices)

    def page(self, template: str, variant_sku: str = "") -> str:
        """The applet page for the product (or its variant `variant_sku`) from the applet's `template` (the
        product's own path wins)."""
        return render_path(self.applet_path or template, product_id=self.product_id,
                           sku=variant_sku or self.product_id)

    def rendered_page(self, variant_sku: str = "") -> str:
        """The page a popup of the product (or of its variant `variant_sku`) opens, where the merchant's
        template is not at hand (the creator's side): picked from the pages the platform rendered (`pages`, in
        `render_pages`' order), else made from the product's own path; "" when it has neither."""
        if not self.pages:
            return self.page("", variant_sku) if self.applet_path else ""
        # render_pages keeps each page once: with {sku} in the template, one per distinct code, in this order
        codes = list(dict.fromkeys([self.product_id, *(v.sku for v in self.variants)]))
        wanted = variant_sku or self.product_id
        if len(self.pages) == len(codes) and wanted in codes:
            return self.pages[codes.index(wanted)]
        return self.pages[0]

    def render_pages(self, template: str) -> tuple[str, ...]:
        """Every page a popup of this product may open: the product's, then each variant's (once each)."""
        found = [self.page(template)] + [self.page(template, v.sku) for v in self.variants]
        return tuple(dict.fromkeys(found))


def single(*, sku: str, title: str, price_cents: int, promo_price_cents: int | None = None,
           promo_ends_at: str | None = None, stock: int | None = None, **product: Any) -> Product:
    """A product sold in one variant whose SKU is the product's id: what a listing from before variants was."""
    variant = Variant(sku=sku, price_cents=price_cents, promo_price_cents=promo_price_cents,
                      promo_ends_at=promo_ends_at, stock=stock)
    return Product(product_id=sku, title=title, variants=(variant,), **product)


# -- the wire: the platform's catalog answer and a listing's PUT body -----------------------------------------

def variant_to_wire(variant: Variant) -> dict[str, Any]:
    return {"sku": variant.sku, "options": [{"name": n, "value": v} for n, v in variant.options],
            "price_cents": variant.price_cents, "promo_price_cents": variant.promo_price_cents,
            "promo_ends_at": variant.promo_ends_at, "stock": variant.stock}


def variant_from_wire(data: Mapping[str, Any]) -> Variant:
    options = tuple((str(o["name"]), str(o["value"])) for o in data.get("options") or ())
    return Variant(sku=str(data["sku"]), options=options, price_cents=int(data["price_cents"]),
                   promo_price_cents=data.get("promo_price_cents"), promo_ends_at=data.get("promo_ends_at"),
                   stock=data.get("stock"))


def to_wire(product: Product, *, template: str = "") -> dict[str, Any]:
    """The catalog's form of `product` (version 2), its pages rendered from the applet's `template` unless it
    carries them already."""
    pages = product.pages or (product.render_pages(template) if product.applet_app_id else ())
    return {"product_id": product.product_id, "title": product.title, "currency": product.currency,
            "image": product.image, "variants": [variant_to_wire(v) for v in product.variants],
            "applet": {"app_id": product.applet_app_id, "name": product.applet_name, "path": product.applet_path,
                       "pages": list(pages)},
            "updated_at": product.updated_at, "sold_out_since": product.sold_out_since}


def from_wire(data: Mapping[str, Any]) -> Product:
    """A product from its catalog form; a version-1 flat listing (`sku`, `price_cents`, ...) becomes a product
    with one variant. Raises KeyError/TypeError/ValueError on what is neither (the contract checks first)."""
    applet = data.get("applet") or {}
    common: dict[str, Any] = {"title": str(data["title"]), "currency": str(data.get("currency") or "CNY"),
              "image": str(data.get("image") or ""), "applet_app_id": str(applet.get("app_id") or ""),
              "applet_name": str(applet.get("name") or ""), "applet_path": str(applet.get("path") or ""),
              "pages": tuple(str(p) for p in applet.get("pages") or ([applet["path"]] if applet.get("path") else [])),
              "updated_at": str(data.get("updated_at") or ""),
              "status": "withdrawn" if data.get("deleted") else "active"}
    if "variants" not in data:
        return single(sku=str(data["sku"]), price_cents=int(data["price_cents"]),
                      promo_price_cents=data.get("promo_price_cents"), promo_ends_at=data.get("promo_ends_at"),
                      stock=data.get("stock"), **common)
    return Product(product_id=str(data["product_id"]), variants=tuple(variant_from_wire(v) for v in data["variants"]),
                   sold_out_since=data.get("sold_out_since"), **common)


# -- a popup's snapshot: what the card shows, copied at tag time ----------------------------------------------

def snapshot(product: Product, page: str | None = None, *, variant_sku: str = "",
             now: datetime | None = None) -> dict[str, Any]:
    """What a popup copies when it is tagged: the title, the price (or the range ¥59–¥79 as low/high cents
    when the variants differ and none is chosen), the chosen variant, the image and the applet page (by
    default the one the platform rendered for the product or the chosen variant, `Product.rendered_page`)."""
    if page is None:
        page = product.rendered_page(variant_sku)
    chosen = product.variant(variant_sku) if variant_sku else None
    low, high = product.price_range(now, variant_sku)
    base = chosen or (product.variants[0] if len(product.variants) == 1 else None)
    return {
        "title": product.title,
        "price_cents": base.price_cents if base else low,
        "price_high_cents": None if base or low == high else high,
        "promo_price_cents": base.promo_price_cents if base else None,
        "promo_ends_at": base.promo_ends_at if base else None,
        "currency": product.currency,
        "variant": {"sku": chosen.sku, "label": chosen.label} if chosen else None,
        "image": product.image,
        "applet": {"app_id": product.applet_app_id, "name": product.applet_name, "path": page},
    }

