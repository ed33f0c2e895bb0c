"""Project files as an older version of the app wrote them, for the migration tests: today's file of a project,
with the fields that version did not have taken out of every popup and its version number put back."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from studio.core.project import Project
from studio.core.project_file import save_project


def older_project_file(path: Path, project: Project, version: int, popup_fields_after: Iterable[str]) -> Path:
    """`project` saved at `path` as version `version` did: without `popup_fields_after` (the popup fields later
    versions added) in its popups."""
    save_project(project, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    later = tuple(popup_fields_after)
    for popup in data["popups"]:
        for name in later:
            del popup[name]
    data["schema_version"] = version
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
