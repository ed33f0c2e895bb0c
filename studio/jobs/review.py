"""Opening a package for review, offline: verify, take the video and product pictures out, probe.

`open_for_review` runs the same checks as `studio verify` in one pass (`core.package.open_verified`); an
invalid or hostile package is refused with the verifier's findings and nothing is decoded. A valid one has
its video and product pictures copied (checksums checked again) into a cache folder named by the package's
sha256, so a second opening is instant; the popups come back on the OUTPUT timeline with their snapshot's
`image` pointing at the extracted picture, ready for the card renderer. `reviewer_checks` adds the checks
of `core.review` to the verifier's (with the reviewer's catalog, so a popup that opens another page than its
listing's is an error to see). Nothing here touches the network.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studio.core import paths
from studio.core.cancel import CancelToken, Progress, check
from studio.core.catalog import local_view
from studio.core.errors import ValidationError
from studio.core.media_info import MediaInfo
from studio.core.package import Finding, Package, manifest_popups, open_verified
from studio.core.popup_product import CatalogView
from studio.core.problems import Problem
from studio.core.project import Popup
from studio.core.review import PopupMeasure, cover_title_on_frame, review_checks
from studio.media.faces import face_boxes
from studio.media.popup_measures import measure_popups
from studio.media.probe import probe


@dataclass
class OpenedPackage:
    """A verified package ready to watch: its manifest, video, popups (output time) and every finding."""

    package: Package
    video: Path
    info: MediaInfo
    popups: list[Popup]
    findings: list[Finding]
    checks: list[Problem] = field(default_factory=list)
    measures: dict[str, PopupMeasure] = field(default_factory=dict)

    @property
    def manifest(self) -> dict[str, Any]:
        return self.package.manifest

    @property
    def sha256(self) -> str:
        return self.package.sha256


def review_folder(sha256: str) -> Path:
    """Where a package's members are taken out for review (one folder per package content)."""
    return paths.cache_dir() / "review" / sha256[:32]


def open_for_review(path: str | os.PathLike[str], *, now: datetime | None = None,
                    progress: Progress | None = None, cancel: CancelToken | None = None,
                    measure: bool = True, catalog: CatalogView | None = None) -> OpenedPackage:
    """Verify and open the package at `path` for watching; raises ValidationError (with `.problems`) when the
    verifier finds errors, InputError when it is not a readable package.

    The members are copied out during the verifier's own pass over the file (`open_verified(extract_to=)`),
    so opening costs about one read of the package. `measure=False` leaves the pixel checks to
    `measure_checks` (the review window shows the video first and measures after)."""
    now = now or datetime.now(UTC)
    root = paths.cache_dir() / "review"
    root.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix="incoming-", dir=root))
    try:
        report, package = open_verified(path, now=now, extract_to=incoming)
        if package is None:
            errors = [f for f in report.problems if f.severity == "error"]
            first = errors[0]
            error = ValidationError(first.template, path, code=first.code, **first.values)
            error.problems = errors
            raise error
        folder = review_folder(package.sha256)
        if not folder.is_dir():
            os.replace(incoming, folder)
    finally:
        shutil.rmtree(incoming, ignore_errors=True)
    check(cancel, os.fspath(path))
    if progress is not None:
        progress(1, 2)
    popups = []
    for popup in manifest_popups(package.manifest):
        image = popup.snapshot.get("image")
        if image and image in package.members:
            popup = replace(popup, snapshot={**popup.snapshot, "image": str(folder / image)})
        popups.append(popup)
    video = folder / package.manifest["video"]["path"]
    info = probe(video, keyframes=False, cancel=cancel)
    opened = OpenedPackage(package, video, info, popups, list(report.problems))
    if measure:
        measure_checks(opened, now=now, cancel=cancel, catalog=catalog)
    if progress is not None:
        progress(2, 2)
    return opened


def measure_checks(opened: OpenedPackage, *, now: datetime | None = None,
                   cancel: CancelToken | None = None, catalog: CatalogView | None = None) -> list[Problem]:
    """Measure the pixels under the cards and run the reviewer's checks (`core.review`) with `catalog` (by
    default the local catalog, so each popup's applet page is held to its listing); kept on `opened`."""
    opened.measures = measure_popups(opened.info, opened.popups, find_faces=face_boxes, cancel=cancel)
    with nullcontext(catalog) if catalog is not None else local_view() as view:
        opened.checks = review_checks(opened.manifest, now=now or datetime.now(UTC), measures=opened.measures,
                                      cover_title_box=cover_title_on_frame(opened.manifest), catalog=view)
    return opened.checks


def forget_review_cache(sha256: str) -> None:
    """Remove what was taken out of a package for review."""
    shutil.rmtree(review_folder(sha256), ignore_errors=True)
