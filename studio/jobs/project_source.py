"""Finding a project's source video again, by its media reference (beside the project when it moved with it),
checked by size and content hash: every job that reads the source asks here (export, pack, the finder).

Must not hold: relinking a moved file with the person (the UI's relink dialog), probing or exporting.
"""

from __future__ import annotations

import os
from pathlib import Path

from studio.core.errors import QT_TRANSLATE_NOOP, InputError
from studio.core.media_ref import ref_name, resolve_media
from studio.core.project import Project

T_NO_SOURCE = QT_TRANSLATE_NOOP("errors", "the project has no video")
T_SOURCE_MISSING = QT_TRANSLATE_NOOP(
    "errors", "the project's video {name} is not where it was and was not found beside the project; open the "
              "project in the app to find it again")


def project_source(project: Project, project_path: str | os.PathLike[str]) -> Path:
    """The project's source video file, checked by size and content hash; InputError naming the project."""
    if project.source is None:
        raise InputError(T_NO_SOURCE, project_path, code="no_source")
    found = resolve_media(project.source, Path(project_path))
    if found is None:
        raise InputError(T_SOURCE_MISSING, project_path, code="source_missing", name=ref_name(project.source))
    return found
