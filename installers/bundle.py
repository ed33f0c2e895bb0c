"""What goes into an installer build, in one place: read by installers/studio.spec and checked by the tests.

Standard library only, so tests/test_installers.py can check the lists without PyInstaller installed. The
spec adds what needs PyInstaller's helpers (Qt plugins through the PySide6 hooks, package metadata, the
submodules of uvicorn and starlette).
"""

from __future__ import annotations

import json
import mmap
import os
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

# FFmpeg on Linux: installers/ffmpeg_build.py builds the ffmpeg program and FFmpeg's libraries (the release
# PyAV's wheel vendors, with only the encoders, muxers and filters the app uses); they go into FFMPEG_FOLDER.
# PyAV's wheel (av.libs) and OpenCV's (opencv_python_headless.libs) each vendor the same release built with
# much more (x265, SVT-AV1, libvpx, ...): `own_ffmpeg` turns their copies into links to ours, so one FFmpeg
# serves the ffmpeg program, PyAV and OpenCV. A wheel's library of another version stops the build.
FFMPEG_LIBRARIES = ("avcodec", "avformat", "avutil", "swscale", "swresample", "avfilter", "avdevice")
FFMPEG_FOLDER = "ffmpeg"  # in the bundle: the program, the libraries by their sonames, build.json
FFMPEG_MANIFEST = "build.json"  # written by ffmpeg_build.py: the libraries' versions and the licences
WHEEL_LIBRARY_FOLDERS = ("av.libs", "opencv_python_headless.libs")
# The imageio-ffmpeg wheel's static ffmpeg (165 MB; its PyInstaller hook collects it): the Linux folder has its own.
WHEEL_FFMPEG = ("imageio_ffmpeg", "binaries")
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


def is_wheel_ffmpeg(destination: str) -> bool:
    """True for the imageio-ffmpeg wheel's ffmpeg binary (the Linux spec leaves it out for its own build)."""
    return PurePosixPath(destination.replace("\\", "/")).parts[:2] == WHEEL_FFMPEG


def _dangling(entries: list[tuple[str, str, str]], others: Iterable[tuple[str, str, str]] = ()) -> set[str]:
    """The SYMLINK entries of `entries` whose target is neither among `entries` nor among `others`."""
    dests = {PurePosixPath(dest.replace("\\", "/")) for dest, _source, _kind in [*entries, *others]}
    return {dest for dest, source, kind in entries if kind == "SYMLINK"
            and PurePosixPath(os.path.normpath(PurePosixPath(dest.replace("\\", "/")).parent / source)) not in dests}


def without_dangling_links(datas: Iterable[tuple[str, str, str]],
                           binaries: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """PyInstaller's datas without the links it made (in the top folder, to libraries of the wheels' folders)
    to files that were left out since (own_ffmpeg's orphans, the Qt plugins `shipped` refuses)."""
    datas, binaries = list(datas), list(binaries)
    while dangling := _dangling(datas, binaries):  # a link to a link that goes, goes next
        datas = [entry for entry in datas if entry[0] not in dangling]
    return datas


def own_ffmpeg(binaries: Iterable[tuple[str, str, str]], build: Path) -> list[tuple[str, str, str]]:
    """PyInstaller's binaries (dest, source, typecode) with the FFmpeg build in `build` (ffmpeg_build.py's
    folder) added under FFMPEG_FOLDER, the wheels' copies of FFmpeg's libraries turned into links to it, and the
    wheels' libraries that nothing needs any more (x265, SVT-AV1, ... that only their FFmpeg linked) left out.

    A library's `$ORIGIN` is the folder of the link it was loaded through, so what our libraries need (each
    other, x264, ...) is linked by name into every wheel folder that links to them."""
    manifest = json.loads((build / FFMPEG_MANIFEST).read_text())
    ours = {(name, version): soname for soname, (name, version) in manifest["libraries"].items()}
    out: list[tuple[str, str, str]] = []
    linked_folders: set[PurePosixPath] = set()
    for dest, source, kind in binaries:
        folder, name = _place(dest)
        match = _VENDORED.match(name)
        if folder in WHEEL_LIBRARY_FOLDERS and match and match["name"] in FFMPEG_LIBRARIES:
            soname = ours.get((match["name"], match["version"]))
            if soname is None:
                raise SystemExit(f"{dest}: the wheel vendors FFmpeg's lib{match['name']} {match['version']}, the "
                                 f"FFmpeg build has {sorted(ours)}: build the release the wheel vendors "
                                 "(installers/ffmpeg_build.py VERSION)")
            out.append((dest, f"../{FFMPEG_FOLDER}/{soname}", "SYMLINK"))
            linked_folders.add(PurePosixPath(dest.replace("\\", "/")).parent)
        else:
            out.append((dest, source, kind))
    files = sorted(path for path in build.iterdir() if path.name != FFMPEG_MANIFEST)
    out += [(f"{FFMPEG_FOLDER}/{path.name}", str(path), "BINARY") for path in files]
    names = {path.name for path in files}
    wanted = {needed for path in files for needed in elf_needed(path) if needed in names}
    for link_folder in sorted(linked_folders):
        present = {_place(dest)[1] for dest, _source, _kind in out if PurePosixPath(dest).parent == link_folder}
        out += [(str(link_folder / name), f"../{FFMPEG_FOLDER}/{name}", "SYMLINK")
                for name in sorted(wanted - present)]
    while True:  # leave out the wheels' libraries that only their own FFmpeg needed, and links to them
        needed_names = {name for _dest, source, kind in out if kind != "SYMLINK" for name in elf_needed(source)}
        orphans = {dest for dest, _source, kind in out if kind != "SYMLINK"
                   and _place(dest)[0] in WHEEL_LIBRARY_FOLDERS and _place(dest)[1] not in needed_names}
        orphans |= _dangling(out)
        if not orphans:
            return out
        out = [entry for entry in out if entry[0] not in orphans]


def missing_before_build() -> list[str]:
    """Generated inputs a build needs that are not there yet (the build scripts make them first)."""
    needed = [ROOT / "resources" / "i18n" / (ts.stem + ".qm") for ts in (ROOT / "resources" / "i18n").glob("*.ts")]
    needed.append(ICON_PNG)
    return [str(p) for p in needed if not p.is_file()]
