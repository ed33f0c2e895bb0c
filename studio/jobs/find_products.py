"""`find products`: the product finder run for a project or for a video and photos, for CLI and UI.

Holds: `find_in_video` (a video and {sku: photo files} to proposals), `project_products` (a project's source
video and, for each product tagged in it, its listing photos: the popup's tag-time snapshot image and the
local catalog's listing image) and `find_in_project` (both together), plus `FindResult` (the proposals, the
SKUs that were searched and notes about photos that could not be used).
Must not hold: how products are found (`studio.media.product_finder`), window rules (`core.finder_windows`),
where a card goes (`core.card_placement`), widgets.

Decisions:
- A product's photos are every local image the project knows for it: each popup's snapshot image and the
  catalog listing's image, without duplicates. A `demo:` picture (the demo catalog) is painted by
  `studio.render.demo_scenes`, so the demo project can be searched too. A URL, a missing file or a popup
  without any image is skipped with a note; finding works offline and never downloads.
- A project with no tagged product, or whose products have no usable photo at all, is an InputError naming
  the project (exit 2): there is nothing to search for.
- An unreadable photo named explicitly (`find_in_video`) is an InputError naming it; in a project it is a
  note, and the other photos are still used.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from studio.core import paths
from studio.core.cancel import CancelToken, Progress
from studio.core.catalog import FILE_NAME, Catalog
from studio.core.errors import QT_TRANSLATE_NOOP, InputError
from studio.core.finder_windows import ProductWindow
from studio.core.problems import Problem
from studio.core.project import Project
from studio.core.project_file import load_project
from studio.jobs.project_source import project_source
from studio.media.cover_image import load_image
from studio.media.product_finder import ImageSource, find_products
from studio.platform.image_cache import local_image

T_NO_PRODUCTS = QT_TRANSLATE_NOOP("errors", "the project has no tagged products to look for")
T_NO_PHOTOS = QT_TRANSLATE_NOOP("errors", "none of the project's products has a listing photo on this computer")
NOTES: dict[str, str] = {
    "photo_not_file": QT_TRANSLATE_NOOP("errors", "the photo of {sku} is not a local file ({image}); skipped"),
    "photo_missing": QT_TRANSLATE_NOOP("errors", "the photo of {sku} is missing ({image}); skipped"),
    "photo_unreadable": QT_TRANSLATE_NOOP("errors", "the photo of {sku} cannot be read ({detail}); skipped"),
    "no_photo": QT_TRANSLATE_NOOP("errors", "product {sku} has no listing photo; it was not looked for"),
}


def _note(code: str, **values: Any) -> Problem:
    """Something the search skipped (a warning), said in a translatable sentence from NOTES."""
    return Problem(code, NOTES[code], values, "warning")


@dataclass(frozen=True)
class FindResult:
    """What a search found: proposals sorted by start, the SKUs looked for, and notes."""

    video: str
    windows: list[ProductWindow]
    skus: list[str]
    notes: list[Problem] = field(default_factory=list)


def find_in_video(video: str | os.PathLike[str], products: Mapping[str, Sequence[ImageSource]], *,
                  progress: Progress | None = None, cancel: CancelToken | None = None) -> FindResult:
    """Proposals for `products` ({sku: photos}) in `video`; InputError naming a bad photo or video."""
    windows = find_products(video, products, progress=progress, cancel=cancel)
    return FindResult(str(Path(video).absolute()), windows, list(products))


def _demo_picture(shape: str) -> np.ndarray:
    from PySide6.QtGui import QImage

    from studio.render.demo_scenes import product_picture
    from studio.render.gui import ensure_gui_app

    ensure_gui_app()
    image = product_picture(shape).convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), np.uint8, count=stride * height).reshape(height, stride)
    return data[:, :width * 3].reshape(height, width, 3).copy()


def _photo(source: str, project_path: Path, sku: str) -> tuple[ImageSource | None, Problem | None]:
    """A usable photo from a snapshot's or listing's `image` text, or a note saying why not."""
    source = local_image(source)  # a platform URL: its offline copy, when the image cache holds one
    if source.startswith("demo:"):
        return _demo_picture(source.removeprefix("demo:")), None
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", source) and not re.match(r"^[A-Za-z]:[\\/]", source):
        return None, _note("photo_not_file", sku=sku, image=source)
    path = Path(source).expanduser()
    if not path.is_absolute():
        path = project_path.resolve().parent / path
    if not path.is_file():
        return None, _note("photo_missing", sku=sku, image=source)
    try:
        load_image(path)  # read once here, so an unreadable photo is a note and not the end of the search
    except InputError as exc:
        return None, _note("photo_unreadable", sku=sku, detail=exc.message)
    return path, None


def project_photos(project: Project, project_path: str | os.PathLike[str] | None = None,
                   ) -> tuple[dict[str, list[ImageSource]], list[Problem]]:
    """{sku: photos} of the products tagged in `project` (relative images resolve beside `project_path`).

    For the editor, which holds the project in memory (saved or not). InputError when nothing is tagged or
    no product has a usable photo; `project_path` names the project in that error.
    """
    where = Path(project_path) if project_path is not None else Path.cwd() / "project"
    skus = list(dict.fromkeys(p.sku for p in project.popups if p.sku))
    if not skus:
        raise InputError(T_NO_PRODUCTS, project_path, code="no_products")
    listings: dict[str, Any] = {}
    catalog_file = paths.data_dir() / FILE_NAME
    if catalog_file.is_file():
        with Catalog.open(catalog_file) as catalog:
            listings = {sku: catalog.get(sku) for sku in skus}
    products: dict[str, list[ImageSource]] = {}
    notes: list[Problem] = []
    for sku in skus:
        sources = [str(p.snapshot.get("image") or "") for p in project.popups if p.sku == sku]
        listing = listings.get(sku)
        if listing is not None and not listing.withdrawn:
            sources.append(listing.image)
        photos: list[ImageSource] = []
        for source in dict.fromkeys(s for s in sources if s):
            photo, note = _photo(source, where, sku)
            if photo is not None:
                photos.append(photo)
            if note is not None:
                notes.append(note)
        if photos:
            products[sku] = photos
        else:
            notes.append(_note("no_photo", sku=sku))
    if not products:
        raise InputError(T_NO_PHOTOS, project_path, code="no_photos")
    return products, notes


def project_products(project_path: str | os.PathLike[str]) -> tuple[Path, dict[str, list[ImageSource]], list[Problem]]:
    """The saved project's source video, {sku: photos} of its tagged products, and notes on skipped photos."""
    project_path = Path(project_path)
    project = load_project(project_path)
    video = project_source(project, project_path)
    products, notes = project_photos(project, project_path)
    return video, products, notes


def find_in_project(project_path: str | os.PathLike[str], *, progress: Progress | None = None,
                    cancel: CancelToken | None = None) -> FindResult:
    """Proposals for every product tagged in the project, in its source video."""
    video, products, notes = project_products(project_path)
    windows = find_products(video, products, progress=progress, cancel=cancel)
    return FindResult(str(video), windows, list(products), notes)
