"""The merchant's listing jobs: import a shop's CSV, export the listings; used by the CLI and the UI.

`import_listings` composes the CSV reader and rules (`core.listing_csv`), the image measurer
(`media.image_info`) and the store (`core.listings_store`): it reads, groups and checks every row, keeps out a
product whose variant SKU another product of the store sells, then commits the good products in one
transaction (nothing on a dry run) and remembers the column mapping for the shop.
Must not hold: rules (core's), widgets, printing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from studio.core.cancel import CancelToken, Progress, check
from studio.core.errors import QT_TRANSLATE_NOOP, InputError
from studio.core.listing_csv import ImportPlan, plan_import, read_csv, write_csv
from studio.core.listing_fields import FIELDS
from studio.core.listings_store import ListingsStore
from studio.core.merchant_listing import now_rfc3339
from studio.core.product import Product
from studio.media.image_info import measure_image

DEFAULT_SHOP = "default"


def read_mapping_file(path: str | Path) -> dict[str, str]:
    """A `--map` file: a JSON object of field -> the CSV's column name (e.g. {"sku": "商家编码"})."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(QT_TRANSLATE_NOOP("errors", "cannot read the file: {reason}"), path, code="unreadable",
                         reason=exc.strerror or str(exc)) from None
    except ValueError as exc:
        raise InputError(QT_TRANSLATE_NOOP("errors", "not valid JSON ({reason})"), path, code="bad_json",
                         reason=str(exc)) from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise InputError(QT_TRANSLATE_NOOP("errors", "the mapping must be a JSON object of field names to column "
                                                     "names; the fields are {fields}"), path, code="bad_mapping",
                         fields=", ".join(FIELDS))
    return data


def import_listings(csv_path: str | Path, store: ListingsStore, *, mapping: Mapping[str, str] | None = None,
                    shop: str = DEFAULT_SHOP, dry_run: bool = False, progress: Progress | None = None,
                    cancel: CancelToken | None = None,
                    previous: dict[str, Product] | None = None,
                    previous_dirty: set[str] | None = None) -> tuple[ImportPlan, int]:
    """Check every row of `csv_path` and (unless `dry_run`) commit the good products; returns the plan and how
    many products were imported. `mapping` (field -> column) wins over the one remembered for `shop`, which
    wins over the automatic one. `previous` and `previous_dirty`, when given, are filled with what the import
    replaced and which of those were changed here (the UI's undo)."""
    table = read_csv(csv_path)
    check(cancel, str(csv_path))
    remembered = {k: v for k, v in store.mapping(shop).items() if v in table.header}
    plan = plan_import(table, {**remembered, **(mapping or {})}, measure_image, now=now_rfc3339())
    plan.refuse_taken(store.owners(v.sku for _, product in plan.good for v in product.variants))
    total = len(plan.good)
    if progress:
        progress(0, total)
    check(cancel, str(csv_path))
    if dry_run or not plan.good:
        return plan, 0
    if previous is not None:
        previous.update(store.get_many(item.product_id for _, item in plan.good))
    if previous_dirty is not None:
        previous_dirty.update(store.dirty(item.product_id for _, item in plan.good))
    store.put((item for _, item in plan.good), dirty=True)
    store.remember_mapping(shop, plan.mapping)
    if progress:
        progress(total, total)
    return plan, total


def export_listings(path: str | Path, store: ListingsStore) -> int:
    """Write every product to `path` as CSV, one row per variant (atomically); returns how many rows."""
    return write_csv(path, store.iter_all())
