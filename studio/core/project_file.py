"""The project file: JSON with a `schema_version`, migrated forward on load, saved atomically.

Layout: the field names of the dataclasses in `project`, described by resources/schema/project.schema.json.
Saving writes UTF-8 (non-ASCII kept as is), two-space indents, keys in the model's field order (free-form
dicts such as `title_style` and `snapshot` sorted), a trailing newline, through `write_atomic`; it refreshes
each media reference's relative path against the new location. What is saved must load: `save_project`
checks the JSON it is about to write with the same reader `load_project` uses, and writes nothing when the
model holds something the file cannot (a wrong type, NaN, a value JSON has no word for).

Loading accepts what the schema accepts, plus unknown keys (ignored) and absent keys that have a default,
and raises `ProjectFileError` naming the file and the field for anything else. Range checks end where the
schema ends: whether a popup is long enough or a trim lies inside the video is for the rule modules, which
can explain it to the creator.

Older files come forward through `MIGRATIONS`, one step function per version (`n -> n + 1`) that takes and
returns the raw JSON object. A file with a newer `schema_version` is refused: guessing would lose the newer
app's data on the next save.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, NoReturn

from studio.core.atomic_file import write_atomic
from studio.core.errors import QT_TRANSLATE_NOOP, ProjectFileError, ValidationError
from studio.core.finder_windows import TimedBox
from studio.core.media_ref import HASH_PATTERN, relative_media_path
from studio.core.platform_profile import FITS
from studio.core.project import (
    COVER_ASPECTS,
    CURRENT_SCHEMA_VERSION,
    POPUP_STYLES,
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
    new_id,
)

CURRENT = CURRENT_SCHEMA_VERSION
SUFFIX = ".gcs"
"""A project file's name ends so."""

_CONTENT_HASH = re.compile(f"(?:{HASH_PATTERN})?")
MAX_FILE_BYTES = 20 << 20
"""A project file holds text and numbers only (media are referenced): even thousands of popups stay far
below this, and a larger file would take minutes and gigabytes to parse before it failed."""
MAX_POPUPS = 1000
MAX_DEPTH = 64
_MISSING: Any = object()
_FROM_0_TO_1 = QT_TRANSLATE_NOOP("errors", "{field} must be between 0 and 1, but it is {value}")
_ABOVE_0_UP_TO_1 = QT_TRANSLATE_NOOP("errors", "{field} must be above 0 and at most 1, but it is {value}")


# --- migrations -------------------------------------------------------------------------------------------


class MigrationError(Exception):
    """Raised by a step function when an old file cannot be brought forward; becomes a `ProjectFileError`."""

    def __init__(self, template: str, **values: Any) -> None:
        super().__init__(template)
        self.template = template
        self.values = values


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 (first draft): `"media": "<path>"` and top-level `in_ms`/`out_ms`.

    The path becomes a `source` reference without size or hash (the file is checked when it is opened and
    the reference is renewed on relink); an absolute path fills `absolute_path`, a relative one
    `relative_path`. `in_ms`/`out_ms` become `trim` (a missing in point is 0; an in point without an out
    point cannot be kept).
    """
    out = {key: value for key, value in data.items() if key not in ("media", "in_ms", "out_ms")}
    media = data.get("media")
    if media is None or media == "":
        out["source"] = None
    elif isinstance(media, str):
        if PurePosixPath(media).is_absolute() or PureWindowsPath(media).is_absolute():
            out["source"] = {"relative_path": None, "absolute_path": media}
        else:
            out["source"] = {"relative_path": media.replace("\\", "/"), "absolute_path": ""}
        out["source"].update(size_bytes=0, content_hash="")
    else:
        raise MigrationError(QT_TRANSLATE_NOOP("errors", "{field} should be a path, but it is {found}"),
                             field="media", found=_json_type(media))
    in_ms, out_ms = data.get("in_ms"), data.get("out_ms")
    if in_ms is None and out_ms is None:
        out["trim"] = None
    elif out_ms is None:
        raise MigrationError(
            QT_TRANSLATE_NOOP("errors", "the trim has an in point ({value}) but no out point"), value=in_ms)
    else:
        out["trim"] = {"start_ms": 0 if in_ms is None else in_ms, "end_ms": out_ms}
    if not out.get("id"):
        out["id"] = new_id()
    return out


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 adds `sound` (mute, loudness, music); a version 2 project had the original sound as it was."""
    return {**data, "sound": {"mute": False, "normalize_loudness": False, "music": None}}


def _v3_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """Version 4 adds `fit` (how a landscape or square source becomes 9:16); a version 3 project never chose,
    so it is asked again (its exports padded with blurred bars, which stays the default until then)."""
    return {**data, "fit": None}


def _v4_to_v5(data: dict[str, Any]) -> dict[str, Any]:
    """Version 5 names the variant a popup shows (`variant_sku`); a version 4 popup tagged a one-SKU listing,
    which is now a product with one variant whose id is that SKU, so it shows the whole product ("")."""
    popups = data.get("popups")
    if not isinstance(popups, list):
        return data  # the reader says what is wrong with it
    return {**data, "popups": [{**p, "variant_sku": ""} if isinstance(p, dict) else p for p in popups]}


def _v5_to_v6(data: dict[str, Any]) -> dict[str, Any]:
    """Version 6 keeps where a popup's product is in the picture (`product_boxes`, from the product finder); a
    version 5 popup threw the finder's boxes away when its proposal was accepted, so it has none and counts as
    tagged by hand (the follow reframe looks for its product when it plans the window)."""
    popups = data.get("popups")
    if not isinstance(popups, list):
        return data  # the reader says what is wrong with it
    return {**data, "popups": [{**p, "product_boxes": []} if isinstance(p, dict) else p for p in popups]}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5, 5: _v5_to_v6}
"""`MIGRATIONS[n]` turns a version-n JSON object into a version n+1 one."""


def migrate(data: dict[str, Any], file: str | Path) -> dict[str, Any]:
    """Bring a raw project JSON object forward to `CURRENT`; raises `ProjectFileError` naming `file`."""
    if "schema_version" not in data:
        _fail(file,
              QT_TRANSLATE_NOOP("errors", "this is not a Good Circle Studio project (no schema_version)"),
              code="project_not_project")
    version = data["schema_version"]
    if isinstance(version, float) and version.is_integer():
        version = int(version)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        _fail(file, QT_TRANSLATE_NOOP("errors", "the schema_version {value} is not a version number"),
              code="project_bad_version", value=json.dumps(version))
    if version > CURRENT:
        _fail(file,
              QT_TRANSLATE_NOOP("errors", "this project was made by a newer version of Good Circle Studio "
                                          "(file version {found}; this app reads up to {current})"),
              code="project_too_new", found=version, current=CURRENT)
    data["schema_version"] = version
    while version < CURRENT:
        try:
            data = MIGRATIONS[version](data)
        except MigrationError as exc:
            _fail(file, exc.template, code="project_migration", **exc.values)
        version += 1
        data["schema_version"] = version
    return data


# --- reading ----------------------------------------------------------------------------------------------


def _fail(file: str | Path, template: str, *, code: str = "project_bad_field", **values: Any) -> NoReturn:
    raise ProjectFileError(template, file, code=code, **values)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


class _Object:
    """Typed fields out of one JSON object; every error names the file and the field (`popups[2].sku`)."""

    def __init__(self, value: Any, where: str, file: str | Path) -> None:
        self.where = where
        self.file = file
        if not isinstance(value, dict):
            self.wrong_type(where or "the project", "object", value)
        self.data: dict[str, Any] = value

    def name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def wrong_type(self, field: str, expected: str, value: Any) -> NoReturn:
        _fail(self.file,
              QT_TRANSLATE_NOOP("errors", "{field} should be of type {expected}, but it is {found}"),
              field=field, expected=expected, found=_json_type(value))

    def raw(self, key: str, default: Any) -> Any:
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            _fail(self.file, QT_TRANSLATE_NOOP("errors", "{field} is missing"), field=self.name(key))
        return copy.deepcopy(default)

    def integer(self, key: str, default: Any = _MISSING, *, nullable: bool = False) -> Any:
        """A whole number >= 0 (1000.0 counts, as in JSON Schema); None too when `nullable`."""
        value = self.raw(key, default)
        if value is None and nullable:
            return None
        if isinstance(value, float) and not isinstance(value, bool) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(self.name(key), "integer or null" if nullable else "integer", value)
        if value < 0:
            _fail(self.file, QT_TRANSLATE_NOOP("errors", "{field} must not be negative, but it is {value}"),
                  field=self.name(key), value=value)
        return value

    def fraction(self, key: str, default: Any = _MISSING, *, positive: bool = False) -> float:
        """A number in 0..1 (in (0, 1] when `positive`)."""
        value = self.raw(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.wrong_type(self.name(key), "number", value)
        value = float(value)
        low_ok = value > 0 if positive else value >= 0
        if not (math.isfinite(value) and low_ok and value <= 1):
            template = _ABOVE_0_UP_TO_1 if positive else _FROM_0_TO_1
            _fail(self.file, template, field=self.name(key), value=value)
        return value

    def string(self, key: str, default: Any = _MISSING, *, nullable: bool = False, non_empty: bool = False,
               choices: tuple[str, ...] | None = None, pattern: re.Pattern[str] | None = None) -> Any:
        value = self.raw(key, default)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.wrong_type(self.name(key), "string or null" if nullable else "string", value)
        if non_empty and not value:
            _fail(self.file, QT_TRANSLATE_NOOP("errors", "{field} must not be empty"), field=self.name(key))
        if choices is not None and value not in choices:
            _fail(self.file,
                  QT_TRANSLATE_NOOP("errors", "{field} must be one of {choices}, but it is {value}"),
                  field=self.name(key), choices=", ".join(choices),
                  value=json.dumps(value, ensure_ascii=False))
        if pattern is not None and not pattern.fullmatch(value):
            _fail(self.file, QT_TRANSLATE_NOOP("errors", "{field} is not valid: {value}"),
                  field=self.name(key), value=json.dumps(value, ensure_ascii=False))
        return value

    def boolean(self, key: str, default: Any = _MISSING) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            self.wrong_type(self.name(key), "boolean", value)
        return value

    def decibels(self, key: str, default: Any = _MISSING) -> float:
        """A level change in dB, from -60 to 0."""
        value = self.raw(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.wrong_type(self.name(key), "number", value)
        value = float(value)
        if not (math.isfinite(value) and -60 <= value <= 0):
            _fail(self.file, QT_TRANSLATE_NOOP("errors", "{field} must be between -60 and 0 dB, but it is {value}"),
                  field=self.name(key), value=value)
        return value

    def free_object(self, key: str) -> dict[str, Any]:
        value = self.raw(key, {})
        if not isinstance(value, dict):
            self.wrong_type(self.name(key), "object", value)
        return value

    def string_list(self, key: str) -> list[str]:
        value = self.raw(key, [])
        if not isinstance(value, list):
            self.wrong_type(self.name(key), "array", value)
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.wrong_type(f"{self.name(key)}[{i}]", "string", item)
        return list(value)

    def array(self, key: str) -> list[Any]:
        value = self.raw(key, [])
        if not isinstance(value, list):
            self.wrong_type(self.name(key), "array", value)
        return value

    def child(self, key: str) -> _Object | None:
        """A nested object, or None when it is null or absent."""
        value = self.raw(key, None)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.wrong_type(self.name(key), "object or null", value)
        return _Object(value, self.name(key), self.file)

    def required_child(self, key: str) -> _Object:
        """A nested object that is never null (absent: all its defaults)."""
        return _Object(self.raw(key, {}), self.name(key), self.file)


def _media_ref(obj: _Object | None) -> MediaRef | None:
    if obj is None:
        return None
    return MediaRef(
        relative_path=obj.string("relative_path", None, nullable=True),
        absolute_path=obj.string("absolute_path", ""),
        size_bytes=obj.integer("size_bytes", 0),
        content_hash=obj.string("content_hash", "", pattern=_CONTENT_HASH),
    )


def _trim(obj: _Object | None) -> TrimRange | None:
    if obj is None:
        return None
    return TrimRange(obj.integer("start_ms"), obj.integer("end_ms"))


def _rect(obj: _Object | None) -> Rect | None:
    if obj is None:
        return None
    return Rect(obj.fraction("x"), obj.fraction("y"), obj.fraction("w", positive=True),
                obj.fraction("h", positive=True))


def _cover(obj: _Object | None) -> CoverChoice | None:
    if obj is None:
        return None
    return CoverChoice(
        time_ms=obj.integer("time_ms", None, nullable=True),
        image=_media_ref(obj.child("image")),
        aspect=obj.string("aspect", "3:4", choices=COVER_ASPECTS),
        crop=_rect(obj.child("crop")),
        title=obj.string("title", ""),
        title_style=obj.free_object("title_style"),
    )


def _popup(obj: _Object) -> Popup:
    return Popup(
        id=obj.string("id", non_empty=True),
        sku=obj.string("sku", ""),
        variant_sku=obj.string("variant_sku", ""),
        start_ms=obj.integer("start_ms"),
        end_ms=obj.integer("end_ms"),
        anchor_x=obj.fraction("anchor_x", 0.5),
        anchor_y=obj.fraction("anchor_y", 0.5),
        style=obj.string("style", "card", choices=POPUP_STYLES),
        label=obj.string("label", ""),
        snapshot=obj.free_object("snapshot"),
        product_boxes=[_timed_box(_Object(item, f"{obj.name('product_boxes')}[{i}]", obj.file))
                       for i, item in enumerate(obj.array("product_boxes"))],
    )


def _timed_box(obj: _Object) -> TimedBox:
    return TimedBox(obj.integer("t_ms"), obj.integer("x"), obj.integer("y"), obj.integer("w"), obj.integer("h"))


def _applet(obj: _Object | None) -> AppletLink | None:
    if obj is None:
        return None
    return AppletLink(
        app_id=obj.string("app_id", ""),
        name=obj.string("name", ""),
        original_id=obj.string("original_id", ""),
        path_template=obj.string("path_template", ""),
    )


def _post(obj: _Object) -> PostText:
    return PostText(title=obj.string("title", ""), description=obj.string("description", ""),
                    hashtags=obj.string_list("hashtags"))


def _sound(obj: _Object) -> SoundSettings:
    music = obj.child("music")
    track = None
    if music is not None:
        media = _media_ref(music.required_child("media"))
        assert media is not None
        track = MusicTrack(media=media, gain_db=music.decibels("gain_db", -12.0),
                           duck_db=music.decibels("duck_db", -10.0), fade_in_ms=music.integer("fade_in_ms", 1000),
                           fade_out_ms=music.integer("fade_out_ms", 1500))
    return SoundSettings(mute=obj.boolean("mute", False), normalize_loudness=obj.boolean("normalize_loudness", False),
                         music=track)


def _deepest(value: Any) -> int:
    """How deep objects and arrays nest in `value` (walked without recursion: any depth is safe)."""
    deepest, todo = 0, [(value, 0)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth + 1)
            todo += [(child, depth + 1) for child in (item.values() if isinstance(item, dict) else item)]
    return deepest


def project_from_dict(data: Any, file: str | Path) -> Project:
    """The project in a parsed JSON value (any version this app knows); errors name `file` and the field."""
    if not isinstance(data, dict):
        _fail(file, QT_TRANSLATE_NOOP("errors", "the file holds a JSON {found}, not a project object"),
              code="project_not_object", found=_json_type(data))
    if _deepest(data) > MAX_DEPTH:
        _fail(file, QT_TRANSLATE_NOOP("errors", "objects in the file nest more than {limit} deep; a project never "
                                                "does"), code="project_too_deep", limit=MAX_DEPTH)
    data = migrate(copy.deepcopy(data), file)
    top = _Object(data, "", file)
    popups = top.array("popups")
    if len(popups) > MAX_POPUPS:
        _fail(file, QT_TRANSLATE_NOOP("errors", "the project has {count} popups; at most {limit} are allowed"),
              code="project_too_many_popups", count=len(popups), limit=MAX_POPUPS)
    return Project(
        schema_version=data["schema_version"],
        id=top.string("id", non_empty=True),
        source=_media_ref(top.child("source")),
        trim=_trim(top.child("trim")),
        cover=_cover(top.child("cover")),
        popups=[_popup(_Object(item, f"popups[{i}]", file)) for i, item in enumerate(popups)],
        applet=_applet(top.child("applet")),
        post=_post(top.required_child("post")),
        sound=_sound(top.required_child("sound")),
        fit=top.string("fit", nullable=True, choices=FITS),
    )


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large a number")
    return value


def read_json_object(path: Path) -> dict[str, Any]:
    """Parse the JSON object in `path`; `ProjectFileError` naming the file when it is missing, unreadable,
    not UTF-8 JSON (NaN and Infinity included) or not an object."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            _fail(path, QT_TRANSLATE_NOOP("errors", "the project file is {size_mb} MB; a project file is at most "
                                                    "{limit_mb} MB"), code="project_too_big",
                  size_mb=path.stat().st_size >> 20, limit_mb=MAX_FILE_BYTES >> 20)
        raw = path.read_bytes()
    except FileNotFoundError:
        _fail(path, QT_TRANSLATE_NOOP("errors", "the project file does not exist"), code="project_missing")
    except OSError as exc:
        _fail(path, QT_TRANSLATE_NOOP("errors", "cannot read the project file: {reason}"),
              code="project_unreadable", reason=exc.strerror or str(exc))
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_reject_constant,
                          parse_float=_finite_float)
    except UnicodeDecodeError:
        _fail(path, QT_TRANSLATE_NOOP("errors", "this is not a project file: it is not UTF-8 text"),
              code="project_not_json")
    except (ValueError, RecursionError) as exc:
        _fail(path,
              QT_TRANSLATE_NOOP("errors", "this is not a project file: it is not valid JSON ({reason})"),
              code="project_not_json", reason=str(exc) or type(exc).__name__)
    if not isinstance(data, dict):
        _fail(path, QT_TRANSLATE_NOOP("errors", "the file holds a JSON {found}, not a project object"),
              code="project_not_object", found=_json_type(data))
    return data


def load_project(path: Path) -> Project:
    """Read, migrate and check the project file at `path`. Raises `ProjectFileError` naming it."""
    path = Path(path)
    return project_from_dict(read_json_object(path), path)


# --- writing ----------------------------------------------------------------------------------------------


def _sorted_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_keys(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [_sorted_keys(item) for item in value]
    return value


def project_to_dict(project: Project) -> dict[str, Any]:
    """The JSON object for `project`: model field order, free-form dicts sorted, paths as they are."""
    data = asdict(project)
    data["schema_version"] = CURRENT
    if data["cover"] is not None:
        data["cover"]["title_style"] = _sorted_keys(data["cover"]["title_style"])
    for popup in data["popups"]:
        popup["snapshot"] = _sorted_keys(popup["snapshot"])
    music = data["sound"]["music"]
    if music is not None:  # levels are numbers in dB: written as floats, so a file reads back byte for byte
        music["gain_db"], music["duck_db"] = float(music["gain_db"]), float(music["duck_db"])
    return data


def dump_json(data: dict[str, Any]) -> bytes:
    """UTF-8 JSON as the project's files are written: non-ASCII kept, two-space indent, trailing newline.

    Raises `TypeError`/`ValueError` for values JSON cannot hold (sets, NaN, infinities).
    """
    return (json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")


def encode_project(project: Project, path: Path) -> bytes:
    """The bytes `save_project` would write for `project` (paths as they are); `ValidationError` naming
    `path` when the model holds something the file format cannot (checked with the loader's own reader)."""
    data = project_to_dict(project)
    try:
        encoded = dump_json(data)
        project_from_dict(json.loads(encoded), path)
    except (TypeError, ValueError, ProjectFileError) as exc:
        problem = exc.message if isinstance(exc, ProjectFileError) else str(exc)
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "the project cannot be saved: {problem}"), path,
                              code="project_invalid", problem=problem) from None
    return encoded


def rebase_media_refs(project: Project, project_path: Path) -> Project:
    """A copy of `project` whose media references' relative paths are computed for `project_path`.

    References without an absolute path keep the relative path they have.
    """
    rebased = copy.deepcopy(project)
    for ref in rebased.media_refs():
        if ref.absolute_path:
            ref.relative_path = relative_media_path(Path(ref.absolute_path), project_path)
    return rebased


def save_project(project: Project, path: Path) -> None:
    """Write `project` to `path` atomically (the old file stays whole if anything fails).

    Each media reference's relative path is recomputed for `path`, in the file and, once the write has
    succeeded, in `project` itself. Raises `ValidationError` (nothing written) when the model holds
    something the file cannot, `MachineError` when the disk fails.
    """
    path = Path(path)
    rebased = rebase_media_refs(project, path)
    write_atomic(path, encode_project(rebased, path))
    for ref, new in zip(project.media_refs(), rebased.media_refs(), strict=True):
        ref.relative_path = new.relative_path
