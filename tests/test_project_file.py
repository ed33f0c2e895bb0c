"""The project file: round trip, atomic saves, migration, refusals, the JSON Schema, and relinking media."""

from __future__ import annotations

import ast
import copy
import functools
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from studio.core import paths
from studio.core.errors import InputError, MachineError, ProjectFileError, ValidationError
from studio.core.media_ref import (
    MIB,
    check_relink,
    content_hash,
    find_relink_candidates,
    make_media_ref,
    resolve_media,
)
from studio.core.project import (
    AppletLink,
    CoverChoice,
    MediaRef,
    MusicTrack,
    Popup,
    PostText,
    Project,
    Rect,
    SoundSettings,
    TrimRange,
)
from studio.core.project_file import CURRENT, MIGRATIONS, load_project, project_to_dict, save_project

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "resources" / "schema" / "project.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway STUDIO_HOME, so nothing here touches a real profile."""
    folder = tmp_path / "home"
    monkeypatch.setenv("STUDIO_HOME", str(folder))
    return folder


def write_media(path: Path, size: int, seed: int = 0) -> Path:
    """A file of `size` pseudo-random bytes (different seeds give different content)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_media_bytes(size, seed))
    return path


@functools.cache
def _media_bytes(size: int, seed: int) -> bytes:
    # made once per size and seed: hashing 3 MiB in 32-byte steps took seconds per test on a busy machine
    block = hashlib.sha256(f"seed-{seed}".encode()).digest()
    data = bytearray()
    counter = 0
    while len(data) < size:
        data += hashlib.sha256(block + counter.to_bytes(8, "big")).digest()
        counter += 1
    return bytes(data[:size])


def full_project(project_path: Path, media: Path, cover_image: Path, music: Path) -> Project:
    return Project(
        source=make_media_ref(media, project_path),
        trim=TrimRange(1_250, 31_000),
        cover=CoverChoice(time_ms=None, image=make_media_ref(cover_image, project_path), aspect="9:16",
                          crop=Rect(0.1, 0.05, 0.8, 0.9), title="夏日清凉 🍉 新品",
                          title_style={"size": 64, "color": "#ffffff", "align": "center"}),
        popups=[
            Popup(sku="SKU-001", start_ms=2_000, end_ms=6_500, anchor_x=0.25, anchor_y=0.75, label="同款",
                  snapshot={"title": "冰丝防晒衣", "price_cents": 12900, "image": "https://img.example/1.jpg",
                            "applet": {"path": "pages/item?sku=SKU-001"}}),
            Popup(sku="SKU-002", start_ms=10_000, end_ms=14_000, style="compact"),
        ],
        applet=AppletLink(app_id="wx1234567890abcdef", name="好物小店", original_id="gh_0123456789ab",
                          path_template="pages/item?sku={sku}"),
        post=PostText(title="通勤穿搭", description="三件单品，一周不重样", hashtags=["穿搭", "夏天"]),
        sound=SoundSettings(mute=False, normalize_loudness=True,
                            music=MusicTrack(media=make_media_ref(music, project_path), gain_db=-15.5, duck_db=-8,
                                             fade_in_ms=500, fade_out_ms=2000)),
    )


@pytest.fixture
def project_setup(tmp_path: Path) -> tuple[Project, Path]:
    folder = tmp_path / "work"
    project_path = folder / "summer.gcs.json"
    media = write_media(folder / "media" / "clip.mp4", 3 * MIB + 123)
    cover = write_media(folder / "cover.jpg", 40_000, seed=1)
    music = write_media(folder / "media" / "music.m4a", 50_000, seed=2)
    return full_project(project_path, media, cover, music), project_path


def validate(data: Any) -> None:
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)


# --- round trip and file shape ----------------------------------------------------------------------------


def test_round_trip_keeps_every_field(project_setup: tuple[Project, Path]) -> None:
    project, path = project_setup
    save_project(project, path)
    loaded = load_project(path)
    assert loaded == project
    assert loaded.popups[1].style == "compact"
    assert loaded.cover is not None and loaded.cover.title == "夏日清凉 🍉 新品"


def test_saved_bytes_are_stable_utf8_with_trailing_newline(project_setup: tuple[Project, Path]) -> None:
    project, path = project_setup
    save_project(project, path)
    first = path.read_bytes()
    assert first.endswith(b"}\n")
    assert "夏日清凉".encode() in first  # not \\u-escaped
    data = json.loads(first)
    assert list(data) == ["schema_version", "id", "source", "trim", "cover", "popups", "applet", "post", "sound",
                          "fit"]
    assert list(data["popups"][0]["snapshot"]) == ["applet", "image", "price_cents", "title"]
    save_project(load_project(path), path)
    assert path.read_bytes() == first


def test_saved_files_validate_against_the_schema(project_setup: tuple[Project, Path], tmp_path: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    project, path = project_setup
    save_project(project, path)
    validate(json.loads(path.read_bytes()))
    empty = tmp_path / "empty.json"
    save_project(Project(), empty)
    validate(json.loads(empty.read_bytes()))
    assert SCHEMA["properties"]["schema_version"]["const"] == CURRENT


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["trim"].update(start_ms="1250"), "trim.start_ms"),
        (lambda d: d["popups"][0].update(end_ms=6.5), "popups[0].end_ms"),
        (lambda d: d["popups"][1].update(anchor_x=True), "popups[1].anchor_x"),
        (lambda d: d["popups"][0].update(anchor_y=1.5), "popups[0].anchor_y"),
        (lambda d: d["popups"][0].update(style="banner"), "popups[0].style"),
        (lambda d: d["cover"].update(aspect="16:9"), "cover.aspect"),
        (lambda d: d["cover"].update(crop=[0, 0, 1, 1]), "cover.crop"),
        (lambda d: d["source"].update(size_bytes=-1), "source.size_bytes"),
        (lambda d: d["source"].update(content_hash="md5:abc"), "source.content_hash"),
        (lambda d: d["post"].update(hashtags="穿搭"), "post.hashtags"),
        (lambda d: d["post"].update(hashtags=["ok", 7]), "post.hashtags[1]"),
        (lambda d: d.update(popups={"0": {}}), "popups"),
        (lambda d: d.update(applet="wx123"), "applet"),
        (lambda d: d.update(id=""), "id"),
        (lambda d: d["popups"][0].pop("start_ms"), "popups[0].start_ms"),
        (lambda d: d["sound"].update(mute="yes"), "sound.mute"),
        (lambda d: d["sound"]["music"].update(gain_db=3), "sound.music.gain_db"),
        (lambda d: d["sound"]["music"].update(duck_db=-90), "sound.music.duck_db"),
    ],
)
def test_wrong_fields_are_refused_by_loader_and_schema(
    project_setup: tuple[Project, Path], tmp_path: Path, mutate: Any, field: str
) -> None:
    project, path = project_setup
    save_project(project, path)
    data = json.loads(path.read_bytes())
    mutate(data)
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProjectFileError) as info:
        load_project(bad)
    assert info.value.path == str(bad)
    assert field in info.value.message
    assert info.value.code == "project_bad_field"


def test_unknown_keys_are_ignored(project_setup: tuple[Project, Path]) -> None:
    project, path = project_setup
    save_project(project, path)
    data = json.loads(path.read_bytes())
    data["future_thing"] = {"x": 1}
    data["popups"][0]["glow"] = True
    data["post"]["mood"] = None
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_project(path) == project


# --- atomic saves -----------------------------------------------------------------------------------------


def test_failed_save_leaves_the_old_file_whole(
    project_setup: tuple[Project, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, path = project_setup
    save_project(project, path)
    before = path.read_bytes()
    project.post.title = "changed"

    def refuse(src: Any, dst: Any) -> None:  # the noted exception to "no mocks": a failing rename
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(MachineError) as info:
        save_project(project, path)
    monkeypatch.undo()
    assert info.value.path == str(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["cover.jpg", "media", "summer.gcs.json"]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda p: setattr(p.popups[0], "anchor_x", float("nan")),
        lambda p: p.cover.title_style.update(fonts={"a", "b"}),
        lambda p: setattr(p.popups[1], "start_ms", "2s"),
    ],
)
def test_a_model_the_file_cannot_hold_is_not_written(project_setup: tuple[Project, Path], spoil: Any) -> None:
    project, path = project_setup
    save_project(project, path)
    before = path.read_bytes()
    spoil(project)
    with pytest.raises(ValidationError) as info:
        save_project(project, path)
    assert info.value.code == "project_invalid"
    assert path.read_bytes() == before


def test_save_as_refreshes_relative_paths(project_setup: tuple[Project, Path], tmp_path: Path) -> None:
    project, path = project_setup
    save_project(project, path)
    assert project.source is not None and project.source.relative_path == "media/clip.mp4"
    elsewhere = tmp_path / "other" / "deep" / "copy.gcs.json"
    save_project(project, elsewhere)
    assert project.source.relative_path == "../../work/media/clip.mp4"
    assert project.cover is not None and project.cover.image is not None
    assert project.cover.image.relative_path == "../../work/cover.jpg"
    saved = json.loads(elsewhere.read_bytes())
    assert saved["source"]["relative_path"] == "../../work/media/clip.mp4"
    assert json.loads(path.read_bytes())["source"]["relative_path"] == "media/clip.mp4"


# --- refusals ---------------------------------------------------------------------------------------------


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.json"
    data = project_to_dict(Project())
    data["schema_version"] = CURRENT + 1
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProjectFileError) as info:
        load_project(path)
    assert info.value.code == "project_too_new"
    assert "made by a newer version of Good Circle Studio" in info.value.message
    assert info.value.path == str(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "project_not_json"),
        (b'{"schema_version": 2, "id": ', "project_not_json"),
        (b"\xff\xfe not utf-8", "project_not_json"),
        (b'{"schema_version": 2, "id": "a", "popups": [{"start_ms": 0, "end_ms": NaN}]}', "project_not_json"),
        (b"[1, 2, 3]", "project_not_object"),
        (b'"a project"', "project_not_object"),
        (b'{"id": "a"}', "project_not_project"),
        (b'{"schema_version": "2"}', "project_bad_version"),
        (b'{"schema_version": 0}', "project_bad_version"),
        (b"[" * 100_000 + b"]" * 100_000, "project_not_json"),
    ],
)
def test_unusable_files_are_refused_with_the_file_named(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError) as info:
        load_project(path)
    assert info.value.code == code
    assert info.value.path == str(path)


def test_missing_and_unreadable_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError) as info:
        load_project(tmp_path / "nope.json")
    assert info.value.code == "project_missing"
    assert info.value.path == str(tmp_path / "nope.json")
    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    with pytest.raises(ProjectFileError) as info:
        load_project(folder)
    assert info.value.code == "project_unreadable"


# --- migration --------------------------------------------------------------------------------------------


def test_every_old_version_has_a_migration_step() -> None:
    assert sorted(MIGRATIONS) == list(range(1, CURRENT))


def test_version_1_file_is_migrated(tmp_path: Path) -> None:
    media = write_media(tmp_path / "videos" / "clip.mp4", 5_000)
    path = tmp_path / "old.json"
    v1 = {
        "schema_version": 1,
        "id": "0123456789abcdef0123456789abcdef",
        "media": str(media),
        "in_ms": 500,
        "out_ms": 9_000,
        "popups": [{"id": "p1", "sku": "S1", "start_ms": 1_000, "end_ms": 4_000}],
        "post": {"title": "旧项目"},
    }
    path.write_text(json.dumps(v1, ensure_ascii=False), encoding="utf-8")
    project = load_project(path)
    assert project.schema_version == CURRENT
    assert project.id == v1["id"]
    assert project.source == MediaRef(absolute_path=str(media), size_bytes=0, content_hash="")
    assert project.trim == TrimRange(500, 9_000)
    assert project.popups == [Popup(id="p1", sku="S1", start_ms=1_000, end_ms=4_000)]
    assert project.post.title == "旧项目"
    assert resolve_media(project.source, path) == media.resolve()
    save_project(project, path)
    saved = json.loads(path.read_bytes())
    validate(saved)
    assert saved["schema_version"] == CURRENT
    assert saved["source"]["relative_path"] == "videos/clip.mp4"
    assert "media" not in saved and "in_ms" not in saved


def test_version_2_file_gets_the_original_sound(tmp_path: Path) -> None:
    path = tmp_path / "v2.gcs"
    path.write_text(json.dumps({"schema_version": 2, "id": "abc", "source": None, "trim": None, "cover": None,
                                "popups": [], "applet": None,
                                "post": {"title": "t", "description": "", "hashtags": []}}), encoding="utf-8")
    project = load_project(path)
    assert project.sound == SoundSettings()
    assert project.schema_version == CURRENT


def test_version_3_file_has_no_fit_chosen_and_the_choice_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "v3.gcs"
    path.write_text(json.dumps({"schema_version": 3, "id": "abc", "source": None, "trim": None, "cover": None,
                                "popups": [], "applet": None,
                                "post": {"title": "t", "description": "", "hashtags": []},
                                "sound": {"mute": False, "normalize_loudness": False, "music": None}}),
                    encoding="utf-8")
    project = load_project(path)
    assert project.fit is None
    project.fit = "follow"
    save_project(project, path)
    assert load_project(path).fit == "follow"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["fit"] = "stretch"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProjectFileError) as caught:
        load_project(path)
    assert "fit" in str(caught.value) and "stretch" in str(caught.value)


def test_version_1_relative_media_and_no_trim(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"schema_version": 1, "media": "clips\\a.mp4"}), encoding="utf-8")
    project = load_project(path)
    assert project.source is not None and project.source.relative_path == "clips/a.mp4"
    assert project.trim is None
    assert len(project.id) == 32


def test_version_1_in_point_without_out_point_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"schema_version": 1, "media": "a.mp4", "in_ms": 700}), encoding="utf-8")
    with pytest.raises(ProjectFileError) as info:
        load_project(path)
    assert info.value.code == "project_migration"
    assert "700" in info.value.message


# --- media references and relink --------------------------------------------------------------------------


def test_content_hash_covers_size_head_and_tail(tmp_path: Path) -> None:
    small = write_media(tmp_path / "small.bin", 2 * MIB)
    data = small.read_bytes()
    assert content_hash(small) == "sha256-hl:" + hashlib.sha256(b"2097152\n" + data).hexdigest()

    big = write_media(tmp_path / "big.bin", 2 * MIB + 10)
    data = big.read_bytes()
    expected = hashlib.sha256(b"2097162\n" + data[:MIB] + data[-MIB:]).hexdigest()
    assert content_hash(big) == "sha256-hl:" + expected

    changed = bytearray(data)
    changed[-1] ^= 0xFF
    big.write_bytes(bytes(changed))
    assert content_hash(big) != "sha256-hl:" + expected
    with pytest.raises(InputError) as info:
        content_hash(tmp_path / "missing.bin")
    assert info.value.code == "media_missing"


def test_moved_project_finds_its_source_by_relative_path(
    project_setup: tuple[Project, Path], tmp_path: Path
) -> None:
    project, path = project_setup
    save_project(project, path)
    moved = tmp_path / "moved-work"
    shutil.move(path.parent, moved)
    loaded = load_project(moved / path.name)
    assert loaded.source is not None
    assert not Path(loaded.source.absolute_path).exists()
    assert resolve_media(loaded.source, moved / path.name) == (moved / "media" / "clip.mp4").resolve()


def test_a_different_file_with_the_same_name_is_never_taken(
    project_setup: tuple[Project, Path], tmp_path: Path
) -> None:
    project, path = project_setup
    save_project(project, path)
    assert project.source is not None
    original = Path(project.source.absolute_path)
    # same name, same size, different content, in the very place the project expects it
    write_media(original, project.source.size_bytes, seed=99)
    assert resolve_media(project.source, path) is None
    with pytest.raises(ValidationError) as info:
        check_relink(project.source, original)
    assert info.value.code == "relink_mismatch"
    assert info.value.path == str(original.resolve())
    assert "clip.mp4" in info.value.message
    impostor = write_media(tmp_path / "downloads" / "clip.mp4", 1_000, seed=5)
    with pytest.raises(ValidationError):
        check_relink(project.source, impostor)
    assert find_relink_candidates(project.source, tmp_path / "downloads") == []


def test_an_identical_copy_elsewhere_is_accepted(project_setup: tuple[Project, Path], tmp_path: Path) -> None:
    project, path = project_setup
    save_project(project, path)
    assert project.source is not None
    original = Path(project.source.absolute_path)
    library = tmp_path / "library"
    same_name = library / "2024" / "clip.mp4"
    renamed = library / "renamed.mp4"
    same_name.parent.mkdir(parents=True)
    shutil.copyfile(original, same_name)
    shutil.copyfile(original, renamed)
    write_media(library / "clip.mp4", project.source.size_bytes, seed=42)  # same name, not the same file
    deep = library / "a" / "b" / "clip.mp4"  # an identical copy two levels down: not searched
    deep.parent.mkdir(parents=True)
    shutil.copyfile(original, deep)
    original.unlink()

    assert resolve_media(project.source, path) is None
    assert check_relink(project.source, renamed) == renamed.resolve()
    assert find_relink_candidates(project.source, library) == [same_name, renamed]


def test_relinked_file_can_be_made_into_a_fresh_reference(
    project_setup: tuple[Project, Path], tmp_path: Path
) -> None:
    project, path = project_setup
    assert project.source is not None
    copy_path = tmp_path / "elsewhere" / "clip-copy.mp4"
    copy_path.parent.mkdir()
    shutil.copyfile(project.source.absolute_path, copy_path)
    fresh = make_media_ref(check_relink(project.source, copy_path), path)
    assert fresh.content_hash == project.source.content_hash
    assert fresh.size_bytes == project.source.size_bytes
    assert fresh.relative_path == "../elsewhere/clip-copy.mp4"


# --- layering ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["project", "project_file", "media_ref", "recovery"])
def test_module_stays_pure(module: str) -> None:
    source = (ROOT / "studio" / "core" / f"{module}.py").read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"PySide6", "numpy", "subprocess", "socket", "requests", "cv2", "av"}


def test_recovery_folder_is_under_the_test_home(home: Path) -> None:
    assert paths.recovery_dir().is_relative_to(home.resolve())


def test_project_to_dict_does_not_touch_the_model(project_setup: tuple[Project, Path]) -> None:
    project, _ = project_setup
    before = copy.deepcopy(project)
    data = project_to_dict(project)
    data["popups"][0]["snapshot"]["title"] = "x"
    assert project == before
