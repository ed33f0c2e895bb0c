"""What the Linux build leaves out or shares (installers/bundle.py), checked against the real wheels of this venv.

The folder's own FFmpeg build (installers/ffmpeg_build.py, too slow for the suite) takes the place of PyAV's and
OpenCV's copies of FFmpeg's libraries: `own_ffmpeg` makes their copies links to it. Here the build is stood in
for by PyAV's own libraries, laid out as the build leaves its folder, so the layout `own_ffmpeg` makes can be
laid out with links to the installed wheels and both modules imported from it in a fresh Python, in both
orders, with every symbol bound at load (`LD_BIND_NOW`). The real build is proved the same way in the built
folder: installers/check-build runs the self-test, which loads every PyAV module, with LD_BIND_NOW=1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import av
import cv2
import pytest

from studio.media import faces
from tests.test_installers import bundle, fake_ffmpeg_build, of_kind, run_spec

SITE = Path(av.__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason="only the Linux build shares FFmpeg between PyAV and OpenCV (other wheels lay their libraries out "
           "otherwise)")


def _wheel_binaries() -> list[tuple[str, str, str]]:
    """PyInstaller-style (dest, source, kind) entries for the two wheels' modules and vendored libraries."""
    entries = []
    for folder in ("av", "cv2", *bundle.WHEEL_LIBRARY_FOLDERS):
        for path in sorted((SITE / folder).rglob("*.so*")):
            entries.append((str(path.relative_to(SITE)), str(path), "BINARY"))
    return entries


def _stand_in_build(folder: Path, version_of: dict[str, str] | None = None) -> Path:
    """PyAV's libraries laid out as ffmpeg_build.py leaves its build: FFmpeg's libraries by their sonames,
    what they link beside them (by the names they ask for), build.json."""
    folder.mkdir()
    libraries = {}
    for path in sorted((SITE / "av.libs").iterdir()):
        (folder / path.name).symlink_to(path)
        match = bundle._VENDORED.match(path.name)
        if match and match["name"] in bundle.FFMPEG_LIBRARIES:
            soname = f"lib{match['name']}.so.{match['version'].split('.')[0]}"
            (folder / soname).symlink_to(path)
            libraries[soname] = [match["name"], (version_of or {}).get(match["name"], match["version"])]
    manifest = {"libraries": libraries, "components": []}
    (folder / bundle.FFMPEG_MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _stand_in_build(tmp_path_factory.mktemp("bundle") / "ffmpeg-build")


@pytest.fixture(scope="module")
def shared(stand_in: Path) -> list[tuple[str, str, str]]:
    return bundle.own_ffmpeg(_wheel_binaries(), stand_in)


def test_the_wheels_keep_no_ffmpeg_of_their_own(shared: list[tuple[str, str, str]], stand_in: Path) -> None:
    links = {dest: source for dest, source, kind in shared if kind == "SYMLINK"}
    for dest, source, kind in shared:
        match = bundle._VENDORED.match(Path(dest).name)
        if Path(dest).parent.name in bundle.WHEEL_LIBRARY_FOLDERS and match and match["name"] in \
                bundle.FFMPEG_LIBRARIES:
            assert kind == "SYMLINK" and source.startswith(f"../{bundle.FFMPEG_FOLDER}/"), dest
            assert (stand_in / Path(source).name).resolve().name.startswith(f"lib{match['name']}-"), dest
    for folder in bundle.WHEEL_LIBRARY_FOLDERS:
        assert any(Path(dest).parent.name == folder and Path(dest).name.startswith("libavcodec-") for dest in links)
    shipped = {dest for dest, _source, _kind in shared}
    assert {f"{bundle.FFMPEG_FOLDER}/{path.name}" for path in stand_in.iterdir()
            if path.name != bundle.FFMPEG_MANIFEST} <= shipped
    # what only OpenCV's own FFmpeg linked is left out (its OpenSSL), what OpenCV itself links stays (libavif)
    assert not [dest for dest in shipped if "libssl" in dest or "libcrypto" in dest]
    assert [dest for dest in shipped if Path(dest).name.startswith("libavif")]
    # PyInstaller's own links to what is left out go too (it links the wheels' libraries into the top folder)
    dropped = "opencv_python_headless.libs/" + next(path.name for path in (SITE / "opencv_python_headless.libs")
                                                     .iterdir() if path.name.startswith("libssl"))
    module = next(dest for dest, _source, _kind in _wheel_binaries() if dest.startswith("av/"))
    top = [(Path(dropped).name, dropped, "SYMLINK"), ("kept.so", module, "SYMLINK")]
    linked = bundle.own_ffmpeg([*_wheel_binaries(), *top], stand_in)
    assert "kept.so" in {dest for dest, _source, _kind in linked} and not bundle._dangling(linked)


def test_links_to_what_was_left_out_go() -> None:
    datas = [("libx265.so", "av.libs/libx265.so", "SYMLINK"), ("libav.so", "av.libs/libav.so", "SYMLINK"),
             ("again.so", "libx265.so", "SYMLINK"), ("resources/a.txt", "/src/a.txt", "DATA")]
    binaries = [("av.libs/libav.so", "/site/av.libs/libav.so", "BINARY")]
    assert bundle.without_dangling_links(datas, binaries) == [datas[1], datas[3]]


def test_the_wheels_ffmpeg_binary_is_recognised() -> None:
    assert bundle.is_wheel_ffmpeg("imageio_ffmpeg/binaries/ffmpeg-linux-x86_64-v9.0.2")
    assert bundle.is_wheel_ffmpeg("imageio_ffmpeg\\binaries\\ffmpeg-win-x86_64-v9.0.2.exe")
    assert not bundle.is_wheel_ffmpeg("imageio_ffmpeg/_utils.py") and not bundle.is_wheel_ffmpeg("ffmpeg/ffmpeg")


def test_a_wheel_of_another_ffmpeg_release_stops_the_build(tmp_path: Path) -> None:
    other = _stand_in_build(tmp_path / "other", {"avcodec": "62.99.100"})
    with pytest.raises(SystemExit, match=r"libavcodec-[0-9a-f]{8}\.so\.[0-9.]+: .*'avcodec', '62\.99\.100'"):
        bundle.own_ffmpeg(_wheel_binaries(), other)


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
        if folder not in (*bundle.WHEEL_LIBRARY_FOLDERS, bundle.FFMPEG_FOLDER):
            continue
        place = tmp_path / dest
        place.parent.mkdir(exist_ok=True)
        place.symlink_to(source if kind == "SYMLINK" else Path(source))
    opencv = bundle.WHEEL_LIBRARY_FOLDERS[1]
    replaced = sorted(Path(dest).name for dest, _source, kind in shared if kind == "SYMLINK"
                      and Path(dest).parent.name == opencv and (SITE / dest).is_file())
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
def test_pyinstaller_never_strips_everything(monkeypatch: pytest.MonkeyPatch, platform: str, tmp_path: Path) -> None:
    made = run_spec(platform, monkeypatch, fake_ffmpeg_build(tmp_path))
    assert [c.kwargs["strip"] for c in of_kind(made, "COLLECT")] == [False]
    assert all(exe.kwargs["strip"] is False for exe in of_kind(made, "EXE"))
