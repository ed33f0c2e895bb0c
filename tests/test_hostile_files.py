"""Hostile files fail fast and cleanly: a huge project file, a project of 200,000 popups, a snapshot nested 900
deep, and (with the server's text) the cleaning of control characters and file names that core does."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from studio.core.display_text import clean_text, one_line
from studio.core.errors import InputError, ProjectFileError
from studio.core.project import Project
from studio.core.project_file import MAX_FILE_BYTES, load_project, project_to_dict


def _project_dict() -> dict:
    return project_to_dict(Project())


def test_a_200_mb_project_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.gcproj"
    with path.open("wb") as fh:
        fh.write(b"{")
        fh.truncate(200 << 20)  # 200 MB on disk, sparse
    started = time.monotonic()
    with pytest.raises(ProjectFileError) as caught:
        load_project(path)
    assert caught.value.code == "project_too_big" and time.monotonic() - started < 1
    assert "200 MB" in caught.value.message and f"{MAX_FILE_BYTES >> 20} MB" in caught.value.message


def test_200000_popups_fail_in_seconds_not_minutes(tmp_path: Path) -> None:
    data = _project_dict()
    data["popups"] = [{"id": f"p{i}", "sku": "A", "start_ms": 0, "end_ms": 1000} for i in range(200_000)]
    path = tmp_path / "many.gcproj"
    path.write_text(json.dumps(data), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ProjectFileError) as caught:
        load_project(path)
    assert caught.value.code == "project_too_many_popups" and "200000 popups" in caught.value.message
    assert time.monotonic() - started < 10


def test_a_snapshot_nested_900_deep_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    data = _project_dict()
    deep: dict = {}
    for _ in range(900):
        deep = {"x": deep}
    data["popups"] = [{"id": "p1", "sku": "A", "start_ms": 0, "end_ms": 1000, "snapshot": deep}]
    path = tmp_path / "deep.gcproj"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProjectFileError) as caught:
        load_project(path)
    assert caught.value.code == "project_too_deep"


def test_control_characters_never_reach_a_terminal_or_a_single_line() -> None:
    hostile = "Sale\x1b]0;pwned\x07\x1b[2J\r\nnow\u202egpj.exe\x9b\ud800 end"
    assert one_line(hostile) == "Sale]0;pwned[2J nowgpj.exe end"
    assert clean_text("line one\nline two\x1b[A") == "line one\nline two[A"


def test_a_huge_picture_is_refused_from_its_header_before_it_is_decoded(tmp_path: Path) -> None:
    from studio.media.cover_image import load_image
    from tests.hostile_fixtures import png_header

    path = tmp_path / "wide.png"
    path.write_bytes(png_header(32000, 32000))
    with pytest.raises(InputError) as caught:
        load_image(path)  # what the product finder and the cover import decode with
    assert caught.value.code == "image_too_many_pixels" and "32000x32000" in caught.value.message
