"""What the Linux build leaves out or shares (installers/bundle.py), checked against the real wheels of this venv.

OpenCV's copy of FFmpeg's libraries becomes links to PyAV's: the layout `share_ffmpeg` makes is laid out with
links to the installed wheels and both modules are imported from it in a fresh Python, in both orders, with
every symbol bound at load (`LD_BIND_NOW`), so a library or symbol that the shared build lacks fails here and
not in a person's app. The build itself (`installers/build-linux`, minutes) checks the folder it makes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import av
import cv2
import pytest

from studio.media import faces
from tests.test_installers import bundle, of_kind, run_spec

SITE = Path(av.__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason="only the Linux build shares FFmpeg between PyAV and OpenCV (other wheels lay their libraries out "
           "otherwise)")


def _wheel_binaries() -> list[tuple[str, str, str]]:
    """PyInstaller-style (dest, source, kind) entries for the two wheels' modules and vendored libraries."""
    entries = []
    for folder in ("av", "cv2", bundle.FFMPEG_KEEP, bundle.FFMPEG_LINK):
        for path in sorted((SITE / folder).rglob("*.so*")):
            entries.append((str(path.relative_to(SITE)), str(path), "BINARY"))
    return entries


@pytest.fixture(scope="module")
def shared() -> list[tuple[str, str, str]]:
    return bundle.share_ffmpeg(_wheel_binaries())


def test_opencv_keeps_no_ffmpeg_of_its_own(shared: list[tuple[str, str, str]]) -> None:
    before = {dest for dest, _source, _kind in _wheel_binaries()}
    links = {dest: source for dest, source, kind in shared if kind == "SYMLINK"}
    files = {dest for dest, _source, kind in shared if kind != "SYMLINK"}
    for dest in files:
        match = bundle._VENDORED.match(Path(dest).name)
        assert not (Path(dest).parent.name == bundle.FFMPEG_LINK and match
                    and match["name"] in bundle.FFMPEG_LIBRARIES), f"{dest} is still a copy"
    linked = [dest for dest in links if Path(dest).name.startswith("libavcodec-")]
    assert linked and all(Path(dest).parent.name == bundle.FFMPEG_LINK for dest in linked)
    for dest, target in links.items():
        assert (SITE / Path(dest).parent / target).resolve().is_file(), f"{dest} -> {target} points nowhere"
    saved = sum((SITE / dest).stat().st_size for dest in before - files)  # left out, or a link now
    assert saved > 30_000_000, f"only {saved} bytes saved"


def test_both_modules_load_from_the_shared_layout(shared: list[tuple[str, str, str]], tmp_path: Path) -> None:
    for package in ("av", "cv2"):  # Python files copied (cv2 finds its folder by their real path), the rest linked
        for path in (SITE / package).rglob("*"):
            place = tmp_path / path.relative_to(SITE)
            place.parent.mkdir(parents=True, exist_ok=True)
            if path.is_dir():
                place.mkdir(exist_ok=True)
            elif path.suffix == ".py":
                place.write_bytes(path.read_bytes())
            else:
                place.symlink_to(path)
    for dest, source, kind in shared:
        folder = Path(dest).parent.name
        if folder not in (bundle.FFMPEG_KEEP, bundle.FFMPEG_LINK):
            continue
        place = tmp_path / dest
        place.parent.mkdir(exist_ok=True)
        place.symlink_to(source if kind == "SYMLINK" else Path(source))
    replaced = sorted(Path(dest).name for dest, _source, kind in shared if kind == "SYMLINK"
                      and Path(dest).parent.name == bundle.FFMPEG_LINK and (SITE / dest).is_file())
    assert replaced
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "LD_BIND_NOW": "1"}
    for first, second in (("cv2", "av"), ("av", "cv2")):
        code = (f"import {first}, {second}, numpy as np, av.filter, av.device\n"
                f"assert {first}.__file__.startswith({str(tmp_path)!r}), {first}.__file__\n"
                "ok, png = cv2.imencode('.png', np.full((4, 4, 3), 7, np.uint8))\n"
                "assert cv2.imdecode(png, cv2.IMREAD_COLOR)[0, 0, 0] == 7\n"
                "assert av.codec.Codec('h264', 'r').name == 'h264'\n"
                "maps = open('/proc/self/maps').read()\n"  # what is mapped, by the files' real names
                f"assert not [name for name in {replaced!r} if name in maps], 'a replaced library was loaded'\n")
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{first} then {second}: {done.stderr[-2000:]}"


def test_only_the_face_cascade_the_app_loads_is_shipped() -> None:
    assert bundle.CV2_DATA == (faces.CASCADE,)
    assert (Path(cv2.__file__).parent / "data" / faces.CASCADE).is_file()


def test_opencvs_windows_video_plugin_stays_out() -> None:
    assert not bundle.shipped("cv2/opencv_videoio_ffmpeg4110_64.dll")
    assert bundle.shipped("cv2/cv2.pyd")


def test_debug_sections_come_off_and_nothing_else_is_touched(tmp_path: Path) -> None:
    module = next(path for path in sorted((SITE / "av").rglob("*.so")) if bundle.has_debug_sections(path))
    vendored = next(path for path in sorted((SITE / "numpy.libs").glob("*.so")) if "openblas" in path.name)
    assert not bundle.has_debug_sections(vendored)  # a full strip made this one unloadable
    entries = [("av/x.so", str(module), "EXTENSION"), ("numpy.libs/y.so", str(vendored), "BINARY")]
    (dest, source, _kind), kept = bundle.strip_debug(entries, tmp_path)
    assert dest == "av/x.so" and kept == entries[1]
    assert Path(source).parent == tmp_path / "av" and not bundle.has_debug_sections(source)
    assert Path(source).stat().st_size < module.stat().st_size / 2
    assert bundle.elf_needed(source) == bundle.elf_needed(module)


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_pyinstaller_never_strips_everything(monkeypatch: pytest.MonkeyPatch, platform: str) -> None:
    made = run_spec(platform, monkeypatch)
    assert [c.kwargs["strip"] for c in of_kind(made, "COLLECT")] == [False]
    assert all(exe.kwargs["strip"] is False for exe in of_kind(made, "EXE"))
