"""The follow window of a project: the one planning that a project's export and pack, the editor's preview and
the CLI share, so each keeps the same tagged products in the picture.

Holds: `popup_products` (each popup's product as the window keeps it, `core.reframe.KeptProduct`: the finder's
boxes stored on the popup, or, for a popup tagged by hand, the finder run over its span now) and
`plan_project_follow` (those and the faces seen over the kept range made into the window's path by
`media.follow_targets.plan_follow`).
Must not hold: the path or the rule that a product is never cut (`core.reframe`), how products are found
(`media.product_finder`), Qt widgets.

Decisions (docs/decisions/follow-products.md):
- A popup tagged by hand has no boxes: its product is looked for over the popup's own span with its photos (the
  snapshot image, the catalog's), as "Find products" would, and the boxes of the window the finder gives for
  it are kept while the card shows. The project is not changed (planning is not an edit); `found` lets a
  caller that plans again and again (the editor) keep what was found, by product and span.
- A product that has no photo, or that the finder does not see in the span, cannot be held: the window
  follows the faces there. Nothing is said about it (no rule can tell a product missing from the picture
  from one the finder misses).
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping, Sequence
from pathlib import Path

from studio.core.cancel import CancelToken, check
from studio.core.errors import InputError
from studio.core.finder_windows import TimedBox
from studio.core.media_info import MediaInfo
from studio.core.project import Popup, Project
from studio.core.reframe import FollowPath, KeptProduct, SeenBox, kept_product
from studio.jobs.find_products import project_photos
from studio.media.follow_targets import plan_follow
from studio.media.product_finder import find_products

FoundKey = tuple[str, str, int, int]
"""(source path, product id, start ms, end ms): a hand-tagged popup's product looked for over its span."""


def popup_products(project: Project, project_path: str | os.PathLike[str] | None, info: MediaInfo, *,
                   found: MutableMapping[FoundKey, list[TimedBox]] | None = None,
                   cancel: CancelToken | None = None) -> list[KeptProduct]:
    """Every popup's product that the follow window holds while its card shows (see the module's decisions)."""
    found = {} if found is None else found
    kept: list[KeptProduct] = []
    for popup in project.popups:
        boxes = popup.product_boxes or _found(project_path, info, popup, found, cancel)
        product = kept_product(popup, boxes)
        if product is not None:
            kept.append(product)
    return kept


def _found(project_path: str | os.PathLike[str] | None, info: MediaInfo, popup: Popup,
           found: MutableMapping[FoundKey, list[TimedBox]], cancel: CancelToken | None) -> list[TimedBox]:
    """The finder's boxes of a hand-tagged popup's product over its span ([] when it is not seen there)."""
    key = (info.path, popup.sku, popup.start_ms, popup.end_ms)
    if not popup.sku or popup.end_ms <= popup.start_ms:
        return []
    if key not in found:
        check(cancel, info.path)
        try:
            photos, _notes = project_photos(Project(popups=[popup]), project_path)
        except InputError:  # no usable photo: nothing to look for
            found[key] = []
            return []
        windows = find_products(info, photos, span=(popup.start_ms, popup.end_ms), cancel=cancel)
        found[key] = [b for w in windows if w.sku == popup.sku for b in w.boxes]
    return found[key]


def plan_project_follow(project: Project, project_path: str | os.PathLike[str] | None, info: MediaInfo,
                        start_ms: int, end_ms: int, *, faces: Sequence[SeenBox] | None = None,
                        found: MutableMapping[FoundKey, list[TimedBox]] | None = None,
                        cancel: CancelToken | None = None) -> FollowPath:
    """The follow window's path for the project's source `info` over `[start_ms, end_ms)`: after the faces seen
    there (`faces` when the caller has them) and holding every popup's product while its card shows."""
    products = popup_products(project, Path(project_path) if project_path is not None else None, info,
                              found=found, cancel=cancel)
    return plan_follow(info, start_ms, end_ms, products, faces=faces, cancel=cancel)
