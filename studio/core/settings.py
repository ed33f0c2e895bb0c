"""The app's settings: each declared once (key, type, default, help), stored as versioned JSON.

Read and write through `Settings.get(KEY)` / `Settings.set(KEY, value)` with the declarations below,
never with a string key scattered in widgets. The file lives at `paths.settings_file()` and carries
`settings_version`; older files are migrated forward on load. Window geometry and dock state are the
UI's own business (QSettings, see studio/ui) and are not declared here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from studio.core import paths
from studio.core.atomic_file import write_atomic

T = TypeVar("T")

SETTINGS_VERSION = 1


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type
    default: T
    help: str


FFMPEG_PATH: Setting[str] = Setting("ffmpeg_path", str, "", "ffmpeg binary chosen by the person (empty: find it)")
LANGUAGE: Setting[str] = Setting("language", str, "", "UI language such as zh_CN or en (empty: the system's)")
RECENT_FILES: Setting[list[str]] = Setting("recent_files", list, [],
                                           "recently opened projects and videos, newest first")
AUTOSAVE_SECONDS: Setting[int] = Setting("autosave_seconds", int, 60, "autosave interval for a modified project")
SERVER_URL: Setting[str] = Setting("server_url", str, "", "platform server last logged in to (empty: sandbox)")

THEME: Setting[str] = Setting("theme", str, "system", "colour theme: system (follow the desktop), dark or light")
WELCOME_DONE: Setting[bool] = Setting("welcome_done", bool, False, "the first-run welcome was seen")

ALL: tuple[Setting[Any], ...] = (FFMPEG_PATH, LANGUAGE, RECENT_FILES, AUTOSAVE_SECONDS, SERVER_URL, THEME,
                                 WELCOME_DONE)

MAX_RECENT = 10


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a stored settings dict forward to SETTINGS_VERSION (no older versions exist yet)."""
    data.setdefault("settings_version", SETTINGS_VERSION)
    return data


class Settings:
    """Typed access to settings.json; every write is atomic."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.settings_file()
        self._data = self._load()

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"settings_version": SETTINGS_VERSION}
        if not isinstance(data, dict):
            return {"settings_version": SETTINGS_VERSION}
        return _migrate(data)

    def get(self, setting: Setting[T]) -> T:
        value = self._data.get(setting.key, setting.default)
        if not isinstance(value, setting.type):
            return setting.default
        return cast(T, value)  # a value of the setting's own type, checked above

    def set(self, setting: Setting[T], value: T) -> None:
        if not isinstance(value, setting.type):
            raise TypeError(f"{setting.key} takes {setting.type.__name__}, not {type(value).__name__}")
        self._data[setting.key] = value
        self._save()

    def add_recent(self, path: str) -> list[str]:
        """Put `path` first in the recent files list (no duplicates, at most MAX_RECENT)."""
        recent = [p for p in self.get(RECENT_FILES) if p != path]
        recent.insert(0, path)
        self.set(RECENT_FILES, recent[:MAX_RECENT])
        return self.get(RECENT_FILES)

    def _save(self) -> None:
        write_atomic(self.path, json.dumps(self._data, ensure_ascii=False, indent=2).encode("utf-8"))
