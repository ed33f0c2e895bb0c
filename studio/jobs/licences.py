"""What the app ships and under which licence, with where each one's source is.

One list serves `studio --licenses` and the About dialog. Python packages are found by walking the app's
own requirements (not extras) through the installed distributions' metadata, so the list is what a build
really carries. The components that are not Python packages (Qt inside PySide6, the ffmpeg binary, OpenCV's
native libraries, the bundled font) are described here, with their versions read from the running app.
"""

from __future__ import annotations

import importlib.metadata as metadata
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from studio import __version__

APP_DISTRIBUTION = "good-circle-studio"


@dataclass(frozen=True)
class Component:
    """One shipped thing: its name, version, licence and where its source code is."""

    name: str
    version: str
    licence: str
    source: str
    note: str = ""

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version, "licence": self.licence, "source": self.source,
                "note": self.note}


_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _runtime_requirements(dist: metadata.Distribution) -> list[str]:
    names = []
    for requirement in dist.requires or []:
        requirement_name, _, marker = requirement.partition(";")
        if "extra" in marker:
            continue
        match = _NAME.match(requirement_name)
        if match:
            names.append(match.group(1))
    return names


def _field(meta: metadata.PackageMetadata, name: str) -> str | None:
    """The first value of the metadata field `name`, or None when the distribution does not have it."""
    values = meta.get_all(name)
    return values[0] if values else None


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    classifiers = [c.rsplit("::", 1)[-1].strip() for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::") and c.count("::") > 1]
    if classifiers:
        return ", ".join(classifiers)
    text = (_field(meta, "License") or "").strip()
    return text.splitlines()[0][:80] if text else "see the package"


def _source_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    urls = meta.get_all("Project-URL") or []
    for wanted in ("source", "repository", "code", "github", "homepage"):
        for entry in urls:
            label, _, url = entry.partition(",")
            if wanted in label.strip().lower():
                return url.strip()
    return (_field(meta, "Home-page") or f"https://pypi.org/project/{meta['Name']}/").strip()


def python_packages() -> list[Component]:
    """Every Python distribution the app needs at run time (its requirements, transitively)."""
    seen: dict[str, Component] = {}
    todo = [APP_DISTRIBUTION]
    while todo:
        key = _canonical(todo.pop())
        if key in seen:
            continue
        try:
            dist = metadata.distribution(key)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = Component(dist.metadata["Name"], dist.version, _licence_of(dist), _source_of(dist))
        todo.extend(_runtime_requirements(dist))
    seen.pop(_canonical(APP_DISTRIBUTION), None)
    return sorted(seen.values(), key=lambda c: c.name.lower())


def ffmpeg_component() -> Component:
    """The ffmpeg binary the app runs: its version and, from its configure line, GPL or LGPL."""
    from studio.media.tools import find_ffmpeg

    try:
        binary = find_ffmpeg()
        out = subprocess.run([str(binary), "-hide_banner", "-version"], capture_output=True, text=True,
                             timeout=15, check=False).stdout
    except Exception as exc:  # the About box must open even when ffmpeg is missing
        return Component("FFmpeg", "not found", "-", "https://ffmpeg.org/download.html", str(exc))
    first = out.splitlines()[0] if out else ""
    version = first.split(" ")[2] if first.startswith("ffmpeg version ") else "unknown"
    licence = "LGPL-2.1-or-later"
    if "--enable-gpl" in out:
        licence = "GPL-3.0-or-later" if "--enable-version3" in out else "GPL-2.0-or-later"
    elif "--enable-version3" in out:
        licence = "LGPL-3.0-or-later"
    note = f"{binary}"
    source = "https://ffmpeg.org/releases/ (git: https://github.com/FFmpeg/FFmpeg)"
    if "ffbuild" in out:
        source += "; built by https://github.com/BtbN/FFmpeg-Builds, configure line: `ffmpeg -version`"
    return Component("FFmpeg", version, licence, source, note)


BUILD_MANIFEST = "build.json"
"""Beside an ffmpeg an installer built itself (installers/ffmpeg_build.py): the libraries it links, with
their versions, licences and sources."""


def ffmpeg_libraries(folder: Path | None) -> list[Component]:
    """The libraries an installer's own FFmpeg build links (x264, dav1d, zimg), from the manifest in its
    `folder` (`media.tools.bundled_folder()`); [] when there is none."""
    manifest = folder / BUILD_MANIFEST if folder is not None else None
    if manifest is None or not manifest.is_file():
        return []
    entries = json.loads(manifest.read_text(encoding="utf-8"))["components"]
    return [Component(e["name"], e["version"], e["licence"], e["source"], e.get("note", ""))
            for e in entries if e["name"] != "FFmpeg"]


def native_components() -> list[Component]:
    """Qt, OpenCV's native libraries, the bundled font and ffmpeg."""
    import cv2
    import PySide6
    from PySide6.QtCore import qVersion

    from studio.media.tools import bundled_folder

    # the build's libraries ship in the folder and PyAV loads them whichever ffmpeg program runs
    libraries = ffmpeg_libraries(bundled_folder())

    return [
        Component("Qt", qVersion(), "LGPL-3.0-only", "https://download.qt.io/official_releases/qt/",
                  f"through PySide6 {PySide6.__version__} (https://code.qt.io/cgit/pyside/pyside-setup.git)"),
        Component("OpenCV", cv2.__version__, "Apache-2.0", "https://github.com/opencv/opencv",
                  "native libraries inside opencv-python-headless"),
        Component("Noto Sans CJK SC (subset)", "2.004", "OFL-1.1", "https://github.com/notofonts/noto-cjk",
                  "resources/fonts, subset by installers/subset_font.py"),
        ffmpeg_component(),
        *libraries,
    ]


def all_components() -> list[Component]:
    """Everything shipped: native parts first, then the Python packages."""
    return [*native_components(), *python_packages()]


def licences_text() -> str:
    """The plain-text list `studio --licenses` prints."""
    lines = [f"Good Circle Studio {__version__}", ""]
    for c in all_components():
        lines.append(f"{c.name} {c.version} — {c.licence}")
        lines.append(f"    source: {c.source}")
        if c.note:
            lines.append(f"    {c.note}")
    return "\n".join(lines) + "\n"
