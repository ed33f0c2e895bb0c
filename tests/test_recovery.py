"""Autosave recovery files: write, list, load, discard, and what survives damage."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from studio.core import paths
from studio.core.errors import ProjectFileError
from studio.core.media_ref import make_media_ref
from studio.core.project import CoverChoice, Popup, PostText, Project
from studio.core.project_file import save_project
from studio.core.recovery import (
    discard_recovery,
    list_recoveries,
    load_recovery,
    recovery_path_for,
    write_recovery,
)

NOON = datetime(2024, 6, 1, 12, 0, 0, 250_000, tzinfo=UTC)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway STUDIO_HOME, so recovery files never land in a real profile."""
    folder = tmp_path / "home"
    monkeypatch.setenv("STUDIO_HOME", str(folder))
    return folder


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Project, Path]:
    folder = tmp_path / "work"
    folder.mkdir()
    media = folder / "街拍.mp4"
    media.write_bytes(b"not really a video, but bytes all the same" * 100)
    path = folder / "look.gcs.json"
    project = Project(source=make_media_ref(media, path), post=PostText(title="七月穿搭"),
                      popups=[Popup(sku="S1", start_ms=0, end_ms=3_000)])
    save_project(project, path)
    return project, path


def test_write_list_load_discard(saved: tuple[Project, Path], home: Path) -> None:
    project, path = saved
    project.post.title = "七月穿搭（改）"  # a modification not yet saved
    written = write_recovery(project, path, now=NOON)
    assert written.parent == paths.recovery_dir()
    assert written.is_relative_to(home.resolve())
    assert written == recovery_path_for(project, path)

    [entry] = list_recoveries()
    assert entry.path == written
    assert entry.recovery_of == path.resolve()
    assert entry.saved_at == NOON
    assert entry.title == "七月穿搭（改）"
    assert entry.source_name == "街拍.mp4"
    assert entry.project_id == project.id

    assert load_recovery(entry) == project
    assert json.loads(path.read_bytes())["post"]["title"] == "七月穿搭"  # the project file is untouched

    discard_recovery(entry)
    assert not written.exists()
    assert list_recoveries() == []
    discard_recovery(entry)  # already gone: fine


def test_record_layout(saved: tuple[Project, Path]) -> None:
    project, path = saved
    written = write_recovery(project, path, now=NOON.astimezone(timezone(timedelta(hours=8))))
    record = json.loads(written.read_bytes())
    assert record["recovery_of"] == str(path.resolve())
    assert record["saved_at"] == "2024-06-01T12:00:00.250+00:00"
    assert record["project"]["id"] == project.id
    assert record["project"]["source"]["relative_path"] == "街拍.mp4"
    assert written.read_bytes().endswith(b"\n")


def test_one_recovery_file_per_project_file(saved: tuple[Project, Path], tmp_path: Path) -> None:
    project, path = saved
    first = write_recovery(project, path, now=NOON)
    project.post.title = "later"
    second = write_recovery(project, path, now=NOON + timedelta(minutes=1))
    assert first == second
    [entry] = list_recoveries()
    assert entry.title == "later"
    assert entry.saved_at == NOON + timedelta(minutes=1)
    other = write_recovery(project, tmp_path / "work" / "other.gcs.json", now=NOON)
    assert other != first
    assert len(list_recoveries()) == 2


def test_unsaved_projects_are_kept_apart_by_id() -> None:
    a = Project(cover=CoverChoice(title="封面标题"))
    b = Project()
    path_a = write_recovery(a, None, now=NOON)
    path_b = write_recovery(b, None, now=NOON + timedelta(seconds=60))
    assert path_a != path_b
    assert recovery_path_for(a, None) == path_a
    entries = {e.path: e for e in list_recoveries()}
    assert entries[path_a].recovery_of is None
    assert entries[path_a].title == "封面标题"
    assert entries[path_a].source_name == ""
    assert load_recovery(path_a) == a
    assert load_recovery(path_b) == b


def test_newest_first() -> None:
    projects = sorted((Project() for _ in range(4)), key=lambda p: recovery_path_for(p, None).name)
    for minutes, project in enumerate(projects):  # file-name order is oldest first
        write_recovery(project, None, now=NOON + timedelta(minutes=minutes))
    assert [e.project_id for e in list_recoveries()] == [p.id for p in reversed(projects)]


def test_recovered_relative_paths_point_from_the_original_project(saved: tuple[Project, Path]) -> None:
    project, path = saved
    assert project.source is not None
    entry_path = write_recovery(project, path, now=NOON)
    recovered = load_recovery(entry_path)
    assert recovered.source is not None
    assert recovered.source.relative_path == "街拍.mp4"
    assert recovered.source.absolute_path == project.source.absolute_path


def test_damaged_recovery_files_are_skipped_not_deleted(saved: tuple[Project, Path]) -> None:
    project, path = saved
    good = write_recovery(project, path, now=NOON)
    broken = paths.recovery_dir() / f"broken-0000{good.name[-len('.recovery.json'):]}"
    broken.write_text('{"recovery_of": null, "saved_at": "yesterday", "project": {}}', encoding="utf-8")
    garbage = paths.recovery_dir() / "garbage.recovery.json"
    garbage.write_bytes(b"\x00\x01 not json")
    assert [e.path for e in list_recoveries()] == [good]
    assert broken.exists() and garbage.exists()
    with pytest.raises(ProjectFileError) as info:
        load_recovery(broken)
    assert info.value.path == str(broken)
    with pytest.raises(ProjectFileError):
        load_recovery(garbage)


def test_discard_refuses_files_outside_the_recovery_folder(saved: tuple[Project, Path]) -> None:
    _, path = saved
    with pytest.raises(ValueError, match="not a recovery file"):
        discard_recovery(path)
    assert path.exists()


def test_times_must_be_aware(saved: tuple[Project, Path]) -> None:
    project, path = saved
    with pytest.raises(ValueError, match="aware"):
        write_recovery(project, path, now=datetime(2024, 6, 1, 12, 0))
    assert list_recoveries() == []


def test_default_time_is_now_utc(saved: tuple[Project, Path]) -> None:
    project, path = saved
    before = datetime.now(UTC).replace(microsecond=0)  # saved_at keeps milliseconds
    write_recovery(project, path)
    [entry] = list_recoveries()
    assert before <= entry.saved_at <= datetime.now(UTC)
    assert entry.saved_at.tzinfo is not None


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_atomic_files_get_ordinary_permissions(tmp_path: Path) -> None:
    """A saved file is not private to the saver (mkstemp's 0600): 0644, or the mode of the file it replaces."""
    import stat

    from studio.core.atomic_file import write_atomic

    path = tmp_path / "a.bin"
    write_atomic(path, b"1")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    path.chmod(0o640)
    write_atomic(path, b"2")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640 and path.read_bytes() == b"2"
