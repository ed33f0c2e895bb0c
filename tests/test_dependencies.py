"""Every dependency pyproject.toml declares is used: imported by the product, its tests or its installers, or (for
the few that are never imported) run as the tool its comment says, where the test names. A declared package that
nothing uses only ships bytes (and its own dependencies) into the build."""

from __future__ import annotations

import ast
import tomllib
from functools import cache
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]

# used without an import: where each one is put to work
TOOLS = {
    "ruff": ("installers/dev.py", '"ruff"'),
    "import-linter": ("installers/dev.py", '"lint-imports"'),
    "mypy": ("installers/mypy_check.py", '"mypy"'),
    "uv": ("installers/dev.py", '"uv"'),
    "pytest-xdist": ("installers/dev.py", '"--dist"'),
    "pytest-timeout": ("pyproject.toml", "\ntimeout = "),
    "pyinstaller": ("installers/build-linux", "-m PyInstaller"),
    "pillow": ("installers/build-windows.ps1", "Pillow"),  # PyInstaller's .ico/.icns conversion
}
STUBS = {"types-regex": "regex", "types-pyyaml": "yaml", "types-jsonschema": "jsonschema"}


def declared() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        names += extra
    return sorted({canonicalize_name(Requirement(name).name) for name in names})


@cache
def imported() -> frozenset[str]:
    """Every module name (and each of its parents) that a Python file of the repo imports."""
    names: set[str] = set()
    for folder in ("studio", "tests", "installers"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                found: list[str] = []
                if isinstance(node, ast.Import):
                    found = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found = [f"{node.module}.{alias.name}" for alias in node.names]
                for name in found:
                    parts = name.split(".")
                    names.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
    return frozenset(names)


def modules_of(distribution: str) -> set[str]:
    """The importable modules a distribution installs, from its file list."""
    modules: set[str] = set()
    for file in metadata.files(distribution) or []:
        parts = file.parts
        if not parts or parts[0].endswith((".dist-info", ".data")) or parts[0] == "..":
            continue
        name = file.name
        if name.endswith(".py"):
            stem = parts[:-1] if name == "__init__.py" else (*parts[:-1], name[:-3])
        elif name.endswith((".so", ".pyd")):
            stem = (*parts[:-1], name.split(".")[0])
        else:
            continue
        modules.add(".".join(stem))
    return modules


def test_every_declared_dependency_is_imported_or_run() -> None:
    unused = []
    for name in declared():
        if name in TOOLS:
            where, needle = TOOLS[name]
            assert needle in (ROOT / where).read_text(encoding="utf-8"), f"{name}: {where} no longer runs it"
        elif name in STUBS:
            assert STUBS[name] in imported(), f"{name}: stubs for {STUBS[name]}, which nothing imports"
        elif not modules_of(name) & imported():
            unused.append(name)
    assert not unused, f"declared in pyproject.toml and never imported: {unused}"


def test_the_check_tells_the_two_qt_wheels_apart() -> None:
    essentials, addons = modules_of("PySide6-Essentials"), modules_of("PySide6-Addons")
    assert "PySide6.QtWidgets" in essentials and "PySide6.QtMultimedia" in addons
    assert "PySide6.QtMultimedia" not in essentials
    assert "ffmpeg" in modules_of("ffmpeg-python") and "ffmpeg" in imported()
