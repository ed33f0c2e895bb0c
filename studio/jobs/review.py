"""Opening a package for review, offline (issue 8): verify, take the video and product pictures out, probe.

`open_for_review` runs the same checks as `studio verify` in one pass (`core.package.open_verified`); an
invalid or hostile package is refused with the verifier's findings and nothing is decoded. A valid one has
its video and product pictures copied (checksums checked again) into a cache folder named by the package's
sha256, so a second opening is instant; the popups come back on the OUTPUT timeline with their snapshot's
`image` pointing at the extracted picture, ready for the card renderer. `reviewer_checks` adds the checks
of `core.review` to the verifier's. Nothing here touches the network.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studio.core import paths
from studio.core.cancel import CancelToken, Progress, check
from studio.core.errors import ValidationError
from studio.core.media_info import MediaInfo
from studio.core.package import Finding, Package, manifest_popups, open_verified
from studio.core.problems import Problem
from studio.core.project import Popup
from studio.core.review import PopupMeasure, review_checks
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


def _extract(package: Package, name: str, folder: Path, cancel: CancelToken | None) -> Path:
    target = folder / name
    entry = package.members[name]
    if target.is_file() and target.stat().st_size == entry.size:
        return target  # taken out by an earlier opening of this very package (the folder is named by sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    package.extract_member(name, partial, cancel=cancel)
    os.replace(partial, target)
    return target


def open_for_review(path: str | os.PathLike[str], *, now: datetime | None = None,
                    progress: Progress | None = None, cancel: CancelToken | None = None) -> OpenedPackage:
    """Verify and open the package at `path` for watching; raises ValidationError (with `.problems`) when the
    verifier finds errors, InputError when it is not a readable package."""
    now = now or datetime.now(UTC)
    report, package = open_verified(path, now=now)
    if package is None:
        errors = [f for f in report.problems if f.severity == "error"]
        first = errors[0]
        error = ValidationError(first.template, path, code=first.code, **first.values)
        error.problems = errors  # type: ignore[attr-defined]
        raise error
    check(cancel, path)
    folder = review_folder(package.sha256)
    video = _extract(package, package.manifest["video"]["path"], folder, cancel)
    if progress is not None:
        progress(1, 2)
    popups = []
    for popup in manifest_popups(package.manifest):
        image = popup.snapshot.get("image")
        if image and image in package.members:
            popup = replace(popup, snapshot={**popup.snapshot, "image": str(_extract(package, image, folder, cancel))})
        popups.append(popup)
    info = probe(video, keyframes=False, cancel=cancel)
    measures = measure_popups(info, popups, cancel=cancel)
    if progress is not None:
        progress(2, 2)
    checks = review_checks(package.manifest, now=now, measures=measures)
    return OpenedPackage(package, video, info, popups, list(report.problems), checks, measures)


def forget_review_cache(sha256: str) -> None:
    """Remove what was taken out of a package for review."""
    shutil.rmtree(review_folder(sha256), ignore_errors=True)
