"""Autosave recovery files: a modified project's latest state, offered back after a crash.

Each recovery file lives in `paths.recovery_dir()` and is a JSON object
`{"recovery_version", "recovery_of", "saved_at", "project"}`: `recovery_of` is the project file it stands
in for (null for a project never saved), `saved_at` an ISO 8601 UTC time, `project` the project JSON as
`project_file` writes it. Its media references' relative paths are computed for `recovery_of`, so a
recovered project goes back to its own file unchanged.

One recovery file per project file path (per project id while the project is unsaved), so autosaving
overwrites instead of piling up. After the first save of a new project, discard its id-based recovery file.

Holds no timer and no clock: the UI owns the autosave interval and passes the time in (default: now, UTC).
`write_recovery` reads the model it is given without locking it: a caller on another thread hands it a copy
(`copy.deepcopy`) taken on the thread that edits the project.
Writes are atomic, so a crash during an autosave leaves the previous recovery file whole.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studio.core import paths
from studio.core.atomic_file import write_atomic
from studio.core.errors import QT_TRANSLATE_NOOP, ProjectFileError, StudioError
from studio.core.media_ref import ref_name
from studio.core.project import Project
from studio.core.project_file import (
    dump_json,
    encode_project,
    project_from_dict,
    read_json_object,
    rebase_media_refs,
)

log = logging.getLogger(__name__)

RECOVERY_VERSION = 1
SUFFIX = ".recovery.json"


@dataclass(frozen=True)
class RecoveryEntry:
    """What the "recover unsaved work?" prompt shows about one recovery file."""

    path: Path
    recovery_of: Path | None
    """The project file this recovery stands in for; None for a project that was never saved."""
    saved_at: datetime
    """When the autosave was written (aware, UTC)."""
    project_id: str
    title: str
    """The post title, else the cover title, else ""."""
    source_name: str
    """The source video's file name, else ""."""


def recovery_path_for(project: Project, project_path: Path | None) -> Path:
    """The recovery file for `project`: stable per project file path, per project id when unsaved."""
    if project_path is not None:
        key = "file:" + os.path.normcase(str(Path(project_path).resolve()))
        stem = Path(project_path).stem
    else:
        key = "unsaved:" + project.id
        stem = "unsaved"
    readable = re.sub(r"[^A-Za-z0-9_-]+", "_", stem)[:40].strip("_") or "project"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return paths.recovery_dir() / f"{readable}-{digest}{SUFFIX}"


def write_recovery(project: Project, project_path: Path | None, now: datetime | None = None) -> Path:
    """Autosave `project` (belonging to `project_path`, None if unsaved) to its recovery file; returns it.

    Raises `ValidationError` when the model cannot be written as a project, `MachineError` when the disk
    fails.
    """
    if now is not None and now.tzinfo is None:
        raise ValueError("write_recovery needs an aware datetime (UTC)")
    saved_at = (now or datetime.now(UTC)).astimezone(UTC)
    target = recovery_path_for(project, project_path)
    rebased = rebase_media_refs(project, Path(project_path)) if project_path is not None else project
    encoded = encode_project(rebased, target)  # the same check a save makes
    record = {
        "recovery_version": RECOVERY_VERSION,
        "recovery_of": str(Path(project_path).resolve()) if project_path is not None else None,
        "saved_at": saved_at.isoformat(timespec="milliseconds"),
        "project": json.loads(encoded),
    }
    write_atomic(target, dump_json(record))
    return target


def _read_record(path: Path) -> tuple[dict[str, Any], Path | None, datetime]:
    data = read_json_object(path)
    recovery_of = data.get("recovery_of")
    saved_at = data.get("saved_at")
    if recovery_of is not None and not isinstance(recovery_of, str):
        raise ProjectFileError(QT_TRANSLATE_NOOP("errors", "this recovery file is damaged ({field})"), path,
                               code="recovery_damaged", field="recovery_of")
    try:
        when = datetime.fromisoformat(saved_at) if isinstance(saved_at, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise ProjectFileError(QT_TRANSLATE_NOOP("errors", "this recovery file is damaged ({field})"), path,
                               code="recovery_damaged", field="saved_at")
    return data, Path(recovery_of) if recovery_of else None, when.astimezone(UTC)


def list_recoveries() -> list[RecoveryEntry]:
    """The recovery files waiting to be offered, newest first. Damaged ones are skipped (and kept)."""
    entries: list[RecoveryEntry] = []
    for path in sorted(paths.recovery_dir().glob(f"*{SUFFIX}")):
        try:
            data, recovery_of, saved_at = _read_record(path)
            project = project_from_dict(data.get("project"), path)
        except StudioError as exc:
            log.warning("skipping recovery file %s: %s", path, exc)
            continue
        source_name = ref_name(project.source) if project.source is not None else ""
        title = project.post.title or (project.cover.title if project.cover is not None else "")
        entries.append(RecoveryEntry(path=path, recovery_of=recovery_of, saved_at=saved_at,
                                     project_id=project.id, title=title, source_name=source_name))
    entries.sort(key=lambda entry: entry.saved_at, reverse=True)
    return entries


def load_recovery(entry: RecoveryEntry | Path) -> Project:
    """The project saved in a recovery file (raises `ProjectFileError` naming it when damaged)."""
    path = entry.path if isinstance(entry, RecoveryEntry) else Path(entry)
    data, _, _ = _read_record(path)
    return project_from_dict(data.get("project"), path)


def discard_recovery(entry: RecoveryEntry | Path) -> None:
    """Delete a recovery file (fine when already gone). Refuses paths outside the recovery folder."""
    path = entry.path if isinstance(entry, RecoveryEntry) else Path(entry)
    folder = paths.recovery_dir().resolve()
    if path.resolve().parent != folder or not path.name.endswith(SUFFIX):
        raise ValueError(f"not a recovery file: {path}")
    path.unlink(missing_ok=True)
