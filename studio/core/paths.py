"""Every folder the app writes to, in one place.

All of them live under `STUDIO_HOME` when that variable is set (tests, scripts, portable installs), else
in the user's platform folders (platformdirs). Nothing else in the project builds a data path.
`resources_dir()` finds the read-only resources shipped with the app (the top-level `resources/` of a
checkout, or the PyInstaller bundle's copy).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "GoodCircleStudio"
APP_AUTHOR = "GoodCircle"


def studio_home() -> Path | None:
    """The relocation root from `STUDIO_HOME`, or None when the platform folders are used."""
    value = os.environ.get("STUDIO_HOME")
    return Path(value).expanduser().resolve() if value else None


def _dir(kind: str) -> Path:
    home = studio_home()
    if home is not None:
        path = home / kind
    else:
        dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR)
        path = Path(
            {"config": dirs.user_config_dir, "data": dirs.user_data_dir, "cache": dirs.user_cache_dir,
             "logs": dirs.user_log_dir}[kind]
        )
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """Settings (settings.json, Qt's window-state file)."""
    return _dir("config")


def data_dir() -> Path:
    """Databases and documents the app owns (catalog cache, upload queue, demo project)."""
    return _dir("data")


def cache_dir() -> Path:
    """Things that can be rebuilt: proxies, thumbnails."""
    return _dir("cache")


def logs_dir() -> Path:
    return _dir("logs")


def recovery_dir() -> Path:
    """Autosaved copies of modified projects, offered back after a crash."""
    path = data_dir() / "recovery"
    path.mkdir(parents=True, exist_ok=True)
    return path


def demo_dir() -> Path:
    path = data_dir() / "demo"
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file() -> Path:
    return config_dir() / "settings.json"


def qt_settings_file() -> Path:
    """Where the UI's QSettings (INI format) keeps window geometry and state."""
    return config_dir() / "window-state.ini"


def resources_dir() -> Path:
    """The read-only resources folder: `sys._MEIPASS/resources` when frozen, else the checkout's."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
