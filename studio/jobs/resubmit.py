""""Fix and send again": pack the (edited, saved) project and create a new post that replaces a rejected one.

The package goes to the outbox folder under the data folder (kept: the upload store names it, so an upload
cut off here resumes from the upload queue or by running this again), then `platform.upload.upload_package`
sends it and creates the post with `replaces` = the old post, which the platform then reads as replaced.
Holds the sequence only; the rules are `jobs.pack`'s and the platform's. No Qt widgets.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studio.core import paths
from studio.core.cancel import CancelToken, Progress, check
from studio.jobs.pack import PackResult, pack_project
from studio.media.export import Mode
from studio.platform.session import PlatformSession
from studio.platform.upload import UploadResult, upload_package
from studio.platform.upload_store import UploadStore

PACK_SHARE, UPLOAD_SHARE = 700, 300
"""How the progress bar is shared between packing and uploading (per mille)."""


@dataclass(frozen=True)
class ResubmitResult:
    old_post_id: str
    package: PackResult
    upload: UploadResult

    @property
    def new_post_id(self) -> str | None:
        return self.upload.post_id

    def to_json(self) -> dict[str, Any]:
        return {"replaces": self.old_post_id, "post_id": self.upload.post_id, "status": self.upload.status,
                "package": self.package.output, "sha256": self.package.sha256}


def outbox_path(project_path: Path, now: datetime | None = None) -> Path:
    """Where a package made to be sent goes: `<data>/outbox/<project stem>-<UTC time>.gcpkg`."""
    folder = paths.data_dir() / "outbox"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    stem = re.sub(r"[^\w.-]+", "_", project_path.stem) or "post"
    return folder / f"{stem}-{stamp}.gcpkg"


def _share(progress: Progress | None, start: int, span: int) -> Progress | None:
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(start + (span * done // total if total else 0), 1000)

    return report


def resubmit(session: PlatformSession, project_path: str | os.PathLike[str], old_post_id: str, *,
             out_path: str | os.PathLike[str] | None = None, mode: Mode = "smart",
             progress: Progress | None = None, cancel: CancelToken | None = None,
             store: UploadStore | None = None, now: datetime | None = None, **pack_options: Any) -> ResubmitResult:
    """Pack the project file at `project_path` and send it as a new post replacing `old_post_id`.

    Raises what `pack_project` raises (nothing is sent then) and what `upload_package` raises (the package
    stays in the outbox and the upload resumes when run again).
    """
    project_path = Path(project_path)
    out = Path(out_path) if out_path is not None else outbox_path(project_path, now)
    packed = pack_project(project_path, out, mode=mode, progress=_share(progress, 0, PACK_SHARE), cancel=cancel,
                          now=now, **pack_options)
    check(cancel, str(project_path))
    uploaded = upload_package(session, packed.output, progress=_share(progress, PACK_SHARE, UPLOAD_SHARE),
                              cancel=cancel, store=store, replaces=old_post_id)
    if progress is not None:
        progress(1000, 1000)
    return ResubmitResult(old_post_id, packed, uploaded)
