"""Finding the ffmpeg binary, in the order docs/media.md gives.

1. the person's setting (`settings.FFMPEG_PATH`), 2. `STUDIO_FFMPEG`, 3. `ffmpeg` on the PATH,
4. the ffmpeg an installer build ships in its `ffmpeg` folder (the Linux folder's own FFmpeg build),
5. the binary shipped by the imageio-ffmpeg wheel, so a machine with no system ffmpeg works.

Probing does not need ffprobe: no PyPI wheel ships a capable one (docs/media.md), so `probe` reads files
with PyAV in a child process instead, which behaves the same on every machine. `STUDIO_FFPROBE` is
therefore not consulted.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
from pathlib import Path

from studio.core import settings
from studio.core.errors import QT_TRANSLATE_NOOP, MachineError

BUNDLED_FOLDER = "ffmpeg"
"""The folder of an installer build (beside its libraries) that holds its own ffmpeg (installers/bundle.py)."""


def bundled_folder() -> Path | None:
    """The FFmpeg folder of the installer build this runs from (PyInstaller's folder), if it ships one."""
    base = getattr(sys, "_MEIPASS", None)
    folder = Path(base) / BUNDLED_FOLDER if base else None
    return folder if folder is not None and folder.is_dir() else None


def bundled_ffmpeg() -> Path | None:
    """The ffmpeg program of the installer build this runs from, if it ships one."""
    folder = bundled_folder()
    path = folder / ("ffmpeg.exe" if os.name == "nt" else "ffmpeg") if folder is not None else None
    return path if path is not None and path.is_file() else None


@functools.cache
def _wheel_ffmpeg() -> str | None:
    try:
        import imageio_ffmpeg
    except ImportError:
        return None
    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError:
        return None


def find_ffmpeg() -> Path:
    """The ffmpeg binary to use, or `MachineError` saying where we looked."""
    candidates = [
        ("setting", settings.Settings().get(settings.FFMPEG_PATH)),
        ("STUDIO_FFMPEG", os.environ.get("STUDIO_FFMPEG", "")),
        ("PATH", shutil.which("ffmpeg") or ""),
    ]
    for source, value in candidates:
        if not value:
            continue
        path = Path(value).expanduser()
        if path.is_file() and os.access(path, os.X_OK):
            return path.resolve()
        if source != "PATH":
            raise MachineError(QT_TRANSLATE_NOOP("errors", "ffmpeg named by {source} is not an executable file"),
                               path, code="ffmpeg_missing", source=source)
    bundled = bundled_ffmpeg()
    if bundled:
        return bundled
    wheel = _wheel_ffmpeg()
    if wheel:
        return Path(wheel)
    raise MachineError(QT_TRANSLATE_NOOP(
        "errors", "ffmpeg was not found: set it in Settings, set STUDIO_FFMPEG, or install imageio-ffmpeg"),
        "ffmpeg", code="ffmpeg_missing")
