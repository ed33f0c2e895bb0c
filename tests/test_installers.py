"""The installer sources, checked fast: the build itself (installers/build-linux) is too slow
for the suite; its figures are in the README.

The spec is executed with PyInstaller's build classes recorded (PyInstaller is a build tool, not installed in
the test venv), once per platform branch: what it hands to Analysis, and which binaries and bundle it makes.
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import pkgutil
import re
import shutil
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

import studio
from studio.cli import COMMAND_MODULES, build_parser
from studio.jobs import licences
from studio.media import tools
from studio.media.audio_mix import SILENCE

ROOT = Path(__file__).resolve().parents[1]
INSTALLERS = ROOT / "installers"
SPEC = INSTALLERS / "studio.spec"
DESKTOP = INSTALLERS / "linux" / "good-circle-studio.desktop"


def _load(name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(f"installers_{name}", INSTALLERS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = _load("bundle")
ffmpeg_build = _load("ffmpeg_build")
make_icons = _load("make_icons")


class _Recorded:
    """Stands for one of PyInstaller's build classes: keeps what the spec passed."""

    made: list[_Recorded]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.kind = type(self).__name__
        self.made.append(self)
        # what the spec reads back from an Analysis: PyInstaller's TOC lists of (name, path, type code)
        self.pure: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[str, str, str]] = []
        self.binaries: list[tuple[str, str, str]] = []
        self.datas: list[tuple[str, str, str]] = []


def fake_ffmpeg_build(base: Path) -> Path:
    """A folder in `base` laid out as installers/ffmpeg_build.py leaves its build (the spec's Linux branch
    reads it)."""
    folder = base / "ffmpeg-build"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ffmpeg").write_bytes(b"#!/bin/sh\n")
    (folder / bundle.FFMPEG_MANIFEST).write_text('{"libraries": {}, "components": []}', encoding="utf-8")
    return folder


def run_spec(platform: str, monkeypatch: pytest.MonkeyPatch, ffmpeg_folder: Path) -> list[_Recorded]:
    made: list[_Recorded] = []
    kinds = ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")
    classes = {name: type(name, (_Recorded,), {"made": made}) for name in kinds}
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    # ignores: a bare ModuleType declares no attributes; these stand in for PyInstaller's hook helpers
    hooks.collect_submodules = lambda package: [f"{package}.collected"]  # type: ignore[attr-defined]
    hooks.collect_data_files = lambda package, **_kw: [(f"{package}-data", package)]  # type: ignore[attr-defined]
    hooks.copy_metadata = lambda dist, **kw: [(f"{dist}-metadata", f"recursive={kw.get('recursive')}")]  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setitem(sys.modules, "bundle", bundle)
    monkeypatch.setitem(sys.modules, "ffmpeg_build", ffmpeg_build)
    monkeypatch.setattr(ffmpeg_build, "output_folder", lambda: ffmpeg_folder)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec inserts its folder
    monkeypatch.setattr(sys, "platform", platform)
    code = compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec")
    exec(code, {"__name__": "__main__", "SPECPATH": str(INSTALLERS), **classes})
    return made


def of_kind(made: list[_Recorded], kind: str) -> list[_Recorded]:
    return [m for m in made if m.kind == kind]


def test_every_studio_module_is_a_hidden_import(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (analysis,) = of_kind(run_spec("linux", monkeypatch, fake_ffmpeg_build(tmp_path)), "Analysis")
    hidden = set(analysis.kwargs["hiddenimports"])
    # the CLI imports its command modules by name, and the probe runs as `studio --child studio.media.probe_child`
    for name in COMMAND_MODULES:
        assert f"studio.commands.{name}" in hidden
    assert "studio.media.probe_child" in hidden
    walked = {m.name for m in pkgutil.walk_packages(studio.__path__, "studio.")}
    assert walked <= hidden, sorted(walked - hidden)
    for package in bundle.DYNAMIC_PACKAGES:
        assert f"{package}.collected" in hidden
    assert analysis.args[0] == [str(INSTALLERS / "launch.py")]
    assert {"pytest", "hypothesis", "schemathesis", "ruff"} <= set(analysis.kwargs["excludes"])


def test_spec_ships_resources_ffmpeg_and_metadata(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = fake_ffmpeg_build(tmp_path)
    (analysis,) = of_kind(run_spec("linux", monkeypatch, folder), "Analysis")
    datas = analysis.kwargs["datas"]
    shipped = {str(Path(dest) / Path(src).name) for src, dest in datas}
    for needed in ("resources/openapi.yaml", "resources/schema/manifest.schema.json",
                   "resources/schema/project.schema.json", "resources/i18n/zh_CN.qm", "resources/icons/studio.png",
                   "resources/fonts/GoodCircleSansSC-Regular.otf", "resources/fonts/OFL.txt"):
        assert needed in shipped
    assert not any(name.endswith(".ts") for name in shipped)  # translation sources stay out
    assert ("good-circle-studio-metadata", "recursive=True") in datas
    # Linux ships its own FFmpeg build (its manifest for --licenses here, its binaries after the analysis);
    # Windows and macOS the imageio-ffmpeg wheel's binary
    assert (str(folder / bundle.FFMPEG_MANIFEST), bundle.FFMPEG_FOLDER) in datas
    assert ("imageio_ffmpeg-data", "imageio_ffmpeg") not in datas
    for platform in ("win32", "darwin"):
        (analysis,) = of_kind(run_spec(platform, monkeypatch, tmp_path / "none"), "Analysis")
        assert ("imageio_ffmpeg-data", "imageio_ffmpeg") in analysis.kwargs["datas"]


def test_the_linux_spec_needs_the_ffmpeg_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match=r"ffmpeg_build\.py"):
        run_spec("linux", monkeypatch, tmp_path / "not-built")


@pytest.mark.parametrize(("platform", "binaries", "app_bundle"), [
    ("linux", ["studio"], False),
    ("win32", ["GoodCircleStudio", "studio"], False),
    ("darwin", ["GoodCircleStudio", "studio"], True),
])
def test_spec_platform_branches(monkeypatch: pytest.MonkeyPatch, platform: str, binaries: list[str],
                                app_bundle: bool, tmp_path: Path) -> None:
    made = run_spec(platform, monkeypatch, fake_ffmpeg_build(tmp_path))
    (collect,) = of_kind(made, "COLLECT")
    assert collect.kwargs["name"] == "GoodCircleStudio"
    exes = [a for a in collect.args if isinstance(a, _Recorded) and a.kind == "EXE"]
    assert [e.kwargs["name"] for e in exes] == binaries  # in the folder, in this order (the .app runs the first)
    assert {e.kwargs["name"]: e.kwargs["console"] for e in exes} == {
        name: name == "studio" for name in binaries}
    bundles = of_kind(made, "BUNDLE")
    assert bool(bundles) == app_bundle
    if bundles:
        assert bundles[0].kwargs["info_plist"]["CFBundleExecutable"] == binaries[0]
    if platform != "linux":
        assert all(Path(e.kwargs["icon"][0]).is_file() for e in exes)


def test_missing_inputs_stop_the_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(bundle, "ICON_PNG", tmp_path / "no-icon.png")
    with pytest.raises(SystemExit, match=r"no-icon\.png"):
        run_spec("linux", monkeypatch, fake_ffmpeg_build(tmp_path))


def test_launcher_is_the_studio_command() -> None:
    out = subprocess.run([sys.executable, str(INSTALLERS / "launch.py"), "--version"], capture_output=True,
                         text=True, timeout=120, check=True)
    assert out.stdout.strip() == f"studio {studio.__version__}"


def test_desktop_file() -> None:
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Good Circle Studio"
    assert entry["Terminal"] == "false"
    assert entry["Icon"] == "good-circle-studio"  # the name build-linux installs the icons under
    assert entry["Categories"].endswith(";") and "AudioVideo" in entry["Categories"].split(";")
    command, *args = entry["Exec"].split()
    assert command == bundle.CLI_NAME == entry["TryExec"]
    assert args[-1] in ("%f", "%F")
    parsed = build_parser().parse_args([*args[:-1], "project.gcs"])  # the Exec line is a real `studio` call
    assert parsed.command == "gui" and parsed.files == ["project.gcs"]


def test_icons_exist_at_every_size() -> None:
    icons = ROOT / "resources" / "icons"
    svg = ET.parse(icons / "app.svg").getroot()
    assert svg.get("viewBox") == "0 0 512 512"
    for size in make_icons.SIZES:
        image = QImage(str(icons / make_icons.png_name(size)))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
    window_icon = QImage(str(icons / make_icons.WINDOW_ICON))
    assert window_icon.width() == make_icons.WINDOW_ICON_SIZE
    assert (min(make_icons.SIZES), max(make_icons.SIZES)) == (16, 512)
    assert icons / make_icons.png_name(512) == bundle.ICON_PNG


def test_build_scripts_are_in_step() -> None:
    scripts = [INSTALLERS / "build-linux", INSTALLERS / "build-macos.sh", INSTALLERS / "build-windows.ps1"]
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        assert "--require-hashes" in text and "requirements.lock" in text, script  # the locked versions
        assert "--no-deps" in text, script  # and nothing resolved beside them
        assert "installers/studio.spec" in text.replace("\\", "/"), script
        assert "build_translations.py" in text, script
        assert "--self-test" in text or "check-build" in text, script
        assert "--licenses" in text or "check-build" in text, script
    check = (INSTALLERS / "check-build").read_text(encoding="utf-8")
    assert "env -i" in check and "--self-test" in check and "--licenses" in check
    bash = shutil.which("bash")
    if bash:
        for script in [*scripts[:2], INSTALLERS / "check-build"]:
            subprocess.run([bash, "-n", str(script)], check=True, timeout=30)
    for script in [*scripts[:2], INSTALLERS / "check-build"]:
        assert script.stat().st_mode & 0o111, f"{script} is not executable"


def test_bundle_module_is_standard_library_only() -> None:
    tree = ast.parse((INSTALLERS / "bundle.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}


def test_the_deb_is_made_from_the_folder_and_checked_installed() -> None:
    build, check = (INSTALLERS / "build-deb").read_text(encoding="utf-8"), (INSTALLERS / "check-deb").read_text(
        encoding="utf-8")
    assert "dpkg-deb" in build and "/opt/$APP" in build and "tar -C" in build and "installers/check-deb" in build
    assert "good-circle-studio.desktop" in check and "dpkg -i" in check and "dpkg -P" in check
    assert "installers/check-build\" /usr/bin/studio" in check  # --self-test and --licenses, installed
    assert "Exec=studio " in DESKTOP.read_text(encoding="utf-8")  # what the .deb's /usr/bin/studio link serves
    for script in (INSTALLERS / "build-deb", INSTALLERS / "check-deb"):
        assert script.stat().st_mode & 0o111, f"{script} is not executable"
        if shutil.which("bash"):
            subprocess.run(["bash", "-n", str(script)], check=True, timeout=30)


def test_only_the_qt_translations_the_app_loads_are_shipped() -> None:
    assert bundle.shipped("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not bundle.shipped("PySide6/Qt/translations/qtbase_de.qm")
    assert not bundle.shipped("PySide6\\Qt\\translations\\qtmultimedia_ja.qm")  # Windows separators
    assert bundle.shipped("resources/i18n/zh_CN.qm") and bundle.shipped("PySide6/Qt/lib/libQt6Core.so.6")
    assert not bundle.shipped("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so")
    assert not bundle.shipped("PySide6/Qt/lib/libQt6Pdf.so.6") and not bundle.shipped("PySide6/Qt6Pdf.dll")
    assert bundle.shipped("PySide6/Qt/lib/libQt6Quick.so.6")  # the multimedia plugin links it
    assert "studio.ui.i18n" in bundle.studio_modules()
    assert "qtbase_" in (ROOT / "studio" / "ui" / "i18n.py").read_text(encoding="utf-8")  # the one it loads


def _named_in_studio(*patterns: str) -> set[str]:
    """Every first group of `patterns` (regular expressions) over the source of the studio package."""
    found: set[str] = set()
    for path in (ROOT / "studio").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            found.update(match.group(1) for match in re.finditer(pattern, text))
    return found


def test_the_ffmpeg_build_has_every_filter_codec_and_format_the_code_names() -> None:
    graphs = _named_in_studio(r'Filter\("(\w+)"', r'\.filter\("(\w+)"', r'ffmpeg\.filter\(\[[^\]]*\],\s*"(\w+)"',
                              r"\.(overlay)\(", r"video\.(split)\(\)")
    for chain in _named_in_studio(r'"-[va]f",\s*f?"([^"]+)"'):  # -vf / -af written out
        graphs.update(part.split("=")[0] for part in chain.split(",") if "{" not in part.split("=")[0])
    sources = _named_in_studio(r'"-i",\s*f?"(\w+)=', r'ffmpeg\.input\(f?"(\w+)=') | {SILENCE.split("=")[0]}
    assert {"zscale", "tonemap", "loudnorm", "ebur128", "overlay", "xfade", "amix", "silencedetect"} <= graphs
    assert {"testsrc2", "sine", "anullsrc", "aevalsrc"} <= sources
    assert graphs | sources <= set(ffmpeg_build.FILTERS), sorted(graphs | sources - set(ffmpeg_build.FILTERS))
    encoders = _named_in_studio(r'"-?(?:c:v|c:a)"\s*[:,]\s*"(\w+)"', r'\b(?:vcodec|acodec)="(\w+)"') - {"copy"}
    assert {"libx264", "aac", "mjpeg"} <= encoders <= set(ffmpeg_build.ENCODERS)
    formats = _named_in_studio(r'"-f",\s*"(\w+)"', r'"f":\s*"(\w+)"', r'\bf="(\w+)"') - {"lavfi"}
    assert {"mp4", "h264", "null", "s16le", "image2"} <= formats <= set(ffmpeg_build.MUXERS)
    bsfs = _named_in_studio(r'"bsf:v":\s*f?"(\w+)=')
    assert bsfs == {"h264_metadata"} and bsfs <= set(ffmpeg_build.BSFS)
    # `-f lavfi` hands its frames over as wrapped_avframe packets and its sound as PCM (aevalsrc: doubles)
    assert {"wrapped_avframe", "pcm_s16le", "pcm_f64le"} <= set(ffmpeg_build.DECODERS)
    assert "lavfi" in ffmpeg_build.INDEVS
    (whitelist,) = _named_in_studio(r'"-protocol_whitelist",\s*"([\w,]+)"')
    assert set(ffmpeg_build.PROTOCOLS) == set(whitelist.split(","))


def test_the_ffmpeg_build_is_the_release_pyav_vendors_pinned_and_self_contained(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import av

    if sys.version_info[:2] == (3, 11):  # the lock pins av 18.1 for 3.11, the Python the installers build with
        assert av.ffmpeg_version_info == ffmpeg_build.VERSION
    assert re.fullmatch(r"[0-9a-f]{64}", ffmpeg_build.SHA256)
    args = ffmpeg_build.configure_args(Path("/prefix"))
    # nothing found on the build machine by chance; GPL for libx264, whose licence --licenses then names
    assert {"--disable-autodetect", "--enable-gpl", "--enable-shared", "--disable-network"} <= set(args)
    assert {f"--enable-{name}" for name in ffmpeg_build.EXTERNAL} <= set(args)
    assert {prefix.split(".")[0] for prefix, *_ in ffmpeg_build.BUNDLED} == set(ffmpeg_build.EXTERNAL)
    assert set(ffmpeg_build.LIBRARIES) == set(bundle.FFMPEG_LIBRARIES)
    assert ffmpeg_build.MANIFEST == bundle.FFMPEG_MANIFEST == licences.BUILD_MANIFEST
    assert bundle.FFMPEG_FOLDER == tools.BUNDLED_FOLDER
    # the cache folder changes with the recipe, so a changed pin is never served an old build
    before = ffmpeg_build.output_folder()
    assert before.parent == ROOT / "build" / "ffmpeg" and before.name.startswith(ffmpeg_build.VERSION)
    monkeypatch.setattr(ffmpeg_build, "FILTERS", (*ffmpeg_build.FILTERS, "gblur"))
    assert ffmpeg_build.output_folder() != before
    assert "installers/ffmpeg_build.py" in (INSTALLERS / "build-linux").read_text(encoding="utf-8")
