"""What goes into an installer build, in one place: read by installers/studio.spec and checked by the tests.

Standard library only, so tests/test_installers.py can check the lists without PyInstaller installed. The
spec adds what needs PyInstaller's helpers (Qt plugins through the PySide6 hooks, package metadata, the
submodules of uvicorn and starlette).
"""

from __future__ import annotations

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
    if "PySide6" not in path.parts:
        return True
    if path.parent.name == "translations":
        return path.name in QT_TRANSLATIONS
    return not any(part in path.name.lower() for part in QT_UNUSED)


def missing_before_build() -> list[str]:
    """Generated inputs a build needs that are not there yet (the build scripts make them first)."""
    needed = [ROOT / "resources" / "i18n" / (ts.stem + ".qm") for ts in (ROOT / "resources" / "i18n").glob("*.ts")]
    needed.append(ICON_PNG)
    return [str(p) for p in needed if not p.is_file()]
