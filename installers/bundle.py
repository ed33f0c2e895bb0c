"""What goes into an installer build, in one place: read by installers/studio.spec and checked by the tests.

Standard library only, so tests/test_installers.py can check the lists without PyInstaller installed. The
spec adds what needs PyInstaller's helpers (Qt plugins through the PySide6 hooks, package metadata, the
submodules of uvicorn and starlette).
"""

from __future__ import annotations

import mmap
import re
import struct
import subprocess
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
APP_NAME = "GoodCircleStudio"  # the folder (and the macOS .app) the build makes
CLI_NAME = "studio"  # the console binary: the app with no argument, the CLI with one
ENTRY = ROOT / "installers" / "launch.py"
ICON_PNG = ROOT / "resources" / "icons" / "app-512.png"  # PyInstaller turns it into .ico / .icns with Pillow
APP_DISTRIBUTION = "good-circle-studio"  # its metadata (and, recursively, its requirements') is bundled

# Loaded by name at run time, so PyInstaller's import analysis cannot see them: uvicorn picks its loop and
# protocol modules from strings, keyring finds its backends through entry points.
DYNAMIC_PACKAGES = ("uvicorn", "starlette", "keyring.backends")

# Test and development tools: never shipped, even when the build runs in the development venv.
EXCLUDES = ("pytest", "_pytest", "pytestqt", "hypothesis", "schemathesis", "importlinter", "grimp", "ruff",
            "tkinter", "_tkinter", "IPython", "matplotlib", "PIL")

# Qt's own translations the app loads (studio/ui/i18n.py installs qtbase_<language>; English needs none). The
# wheels carry about 300 more, every Qt module in every language Qt speaks: not shipped.
QT_TRANSLATIONS = ("qtbase_zh_CN.qm", "qt_zh_CN.qm", "qtmultimedia_zh_CN.qm")
# Qt plugins PyInstaller's hooks collect that the app never loads, with the libraries only they link: the virtual
# keyboard input method (loaded only when QT_IM_MODULE asks for it) and the PDF image format.
QT_UNUSED = ("virtualkeyboard", "qt6pdf", "qpdf")

# OpenCV's data files the app loads (studio/media/faces.py: CASCADE); the wheel carries 17 more cascades (10 MB).
CV2_DATA = ("haarcascade_frontalface_default.xml",)

# FFmpeg's libraries are in the Linux folder twice, from PyAV's wheel (av.libs) and from OpenCV's
# (opencv_python_headless.libs): the same FFmpeg release, built twice. The app never reads video through OpenCV
# (it decodes with PyAV; cv2 only decodes still images and finds faces), but cv2's module links them, so they
# must load. `share_ffmpeg` keeps PyAV's build and makes OpenCV's copies links to it: PyAV's is built with more
# (every symbol OpenCV's asks for is there; the other way round PyAV's libavfilter misses symbols). A library is
# shared only when both wheels carry the same name and version; otherwise both copies stay.
FFMPEG_LIBRARIES = ("avcodec", "avformat", "avutil", "swscale", "swresample")
FFMPEG_KEEP = "av.libs"
FFMPEG_LINK = "opencv_python_headless.libs"
_VENDORED = re.compile(r"^lib(?P<name>[a-z0-9_]+)-[0-9a-f]{8}\.so\.(?P<version>[0-9.]+)$")
# OpenCV's FFmpeg on Windows: a plugin DLL that only cv2.VideoCapture/VideoWriter load.
CV2_VIDEO_PLUGIN = "opencv_videoio_ffmpeg"

# Top-level entries of resources/ not shipped (translation sources: the compiled .qm files are).
RESOURCE_SKIP_SUFFIXES = (".ts",)
# Folders of resources/ that are for people reading the repository, not for the app (README screenshots).
RESOURCE_SKIP_DIRS = ("docs",)


def studio_modules() -> list[str]:
    """Every module of the `studio` package, dotted: the CLI imports its commands with importlib and the
    media code starts `studio.media.probe_child` as a child process, so all of them are listed explicitly."""
    package = ROOT / "studio"
    names = []
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def resource_files() -> list[tuple[str, str]]:
    """(source file, destination folder inside the bundle) for every shipped file under resources/."""
    out = []
    base = ROOT / "resources"
    for path in sorted(base.rglob("*")):
        if (path.is_file() and path.suffix not in RESOURCE_SKIP_SUFFIXES and "__pycache__" not in path.parts
                and path.relative_to(base).parts[0] not in RESOURCE_SKIP_DIRS):
            out.append((str(path), str(Path("resources") / path.parent.relative_to(base))))
    return out


def shipped(destination: str) -> bool:
    """False for a file PyInstaller collected that the app never loads (the spec filters its lists with it)."""
    path = PurePosixPath(destination.replace("\\", "/"))
    if path.name.startswith(CV2_VIDEO_PLUGIN):
        return False
    if "PySide6" not in path.parts:
        return True
    if path.parent.name == "translations":
        return path.name in QT_TRANSLATIONS
    return not any(part in path.name.lower() for part in QT_UNUSED)


def _elf_sections(data: mmap.mmap) -> list[tuple[int, ...]]:
    """The section headers of a 64-bit little-endian ELF file: (name, type, flags, addr, offset, size, link, ...)."""
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    return [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]


def _is_elf(path: str | Path) -> bool:
    with open(path, "rb") as file:
        return file.read(6) == b"\x7fELF\x02\x01"


def has_debug_sections(path: str | Path) -> bool:
    """True for an ELF file that carries `.debug_*` sections (compiled with -g and never stripped)."""
    if not _is_elf(path):
        return False
    with open(path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        sections = _elf_sections(data)
        (shstrndx,) = struct.unpack_from("<H", data, 0x3E)
        names = sections[shstrndx][4]
        return any(data[names + section[0]:names + section[0] + 7] == b".debug_" for section in sections)


def strip_debug(binaries: Iterable[tuple[str, str, str]], folder: Path) -> list[tuple[str, str, str]]:
    """PyInstaller's binaries with the debug sections taken off those that carry them (copies under `folder`).

    Only `strip --strip-debug`, and only where there are debug sections: a full strip of the libraries the wheels
    vendor (patched by auditwheel) leaves some that no longer load (numpy's OpenBLAS: "ELF load command
    address/offset not page-aligned")."""
    out = []
    for dest, source, kind in binaries:
        if kind in ("BINARY", "EXTENSION") and has_debug_sections(source):
            target = folder / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["strip", "--strip-debug", "-o", str(target), source], check=True, timeout=300)
            source = str(target)
        out.append((dest, source, kind))
    return out


def elf_needed(path: str | Path) -> list[str]:
    """The DT_NEEDED names of a 64-bit little-endian ELF file (the libraries it asks the loader for); [] for any
    other file. Read from the section headers, which `strip` keeps."""
    if not _is_elf(path):
        return []
    with open(path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        sections = _elf_sections(data)
        for section in sections:
            if section[1] != 6:  # SHT_DYNAMIC
                continue
            strings = sections[section[6]][4]
            needed = []
            for offset in range(section[4], section[4] + section[5], 16):
                tag, value = struct.unpack_from("<qQ", data, offset)
                if tag == 0:
                    break
                if tag == 1:  # DT_NEEDED
                    start = strings + value
                    needed.append(bytes(data[start:data.find(b"\0", start)]).decode())
            return needed
    return []


def _place(dest: str) -> tuple[str, str]:
    path = PurePosixPath(dest.replace("\\", "/"))
    return path.parent.name, path.name


def share_ffmpeg(binaries: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """PyInstaller's binaries (dest, source, typecode) with OpenCV's FFmpeg libraries turned into links to PyAV's
    of the same version, and OpenCV's libraries that nothing needs any more left out.

    A library's `$ORIGIN` is the folder of the link it was loaded through, so what the shared libraries need
    (their own dependencies, by the names PyAV's wheel gave them) is linked into OpenCV's folder too."""
    out = list(binaries)
    keep = {name: (dest, source) for dest, source, _kind in out for folder, name in [_place(dest)]
            if folder == FFMPEG_KEEP}
    versions = {(m["name"], m["version"]): name for name in keep if (m := _VENDORED.match(name))
                and m["name"] in FFMPEG_LIBRARIES}
    links: dict[str, str] = {}
    for dest, _source, _kind in out:
        folder, name = _place(dest)
        match = _VENDORED.match(name)
        if folder == FFMPEG_LINK and match and (match["name"], match["version"]) in versions:
            links[dest] = versions[match["name"], match["version"]]
    if not links:
        return out
    link_folder = PurePosixPath(next(iter(links)).replace("\\", "/")).parent
    present = {_place(dest)[1] for dest, _source, _kind in out if _place(dest)[0] == FFMPEG_LINK}
    wanted, todo = set(), list(links.values())
    while todo:  # everything the shared libraries need, by the names they ask for
        name = todo.pop()
        for needed in elf_needed(keep[name][1]):
            if needed in keep and needed not in wanted:
                wanted.add(needed)
                todo.append(needed)
    out = [(dest, f"../{FFMPEG_KEEP}/{links[dest]}", "SYMLINK") if dest in links else (dest, source, kind)
           for dest, source, kind in out]
    out += [(str(link_folder / name), f"../{FFMPEG_KEEP}/{name}", "SYMLINK")
            for name in sorted(wanted - present)]
    while True:  # leave out OpenCV's libraries that only its own FFmpeg needed
        needed_names = {name for _dest, source, kind in out if kind != "SYMLINK" for name in elf_needed(source)}
        orphans = {dest for dest, _source, kind in out if kind != "SYMLINK" and _place(dest)[0] == FFMPEG_LINK
                   and _place(dest)[1] not in needed_names}
        if not orphans:
            return out
        out = [entry for entry in out if entry[0] not in orphans]


def missing_before_build() -> list[str]:
    """Generated inputs a build needs that are not there yet (the build scripts make them first)."""
    needed = [ROOT / "resources" / "i18n" / (ts.stem + ".qm") for ts in (ROOT / "resources" / "i18n").glob("*.ts")]
    needed.append(ICON_PNG)
    return [str(p) for p in needed if not p.is_file()]
