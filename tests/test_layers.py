"""Layer rules import-linter cannot express: no subprocess/socket in core, no QtWidgets in render or jobs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "studio"


def imported_modules(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("core", ("subprocess", "socket", "PySide6", "numpy", "cv2", "av", "requests")),
        ("render", ("PySide6.QtWidgets",)),
        ("jobs", ("PySide6.QtWidgets",)),
        ("media", ("PySide6",)),
    ],
)
def test_layer_does_not_import(package: str, forbidden: tuple[str, ...]) -> None:
    modules = imported_modules(package)
    assert modules, f"no modules found in studio/{package}"
    offenders = {
        file: sorted(name for name in names if any(name == f or name.startswith(f + ".") for f in forbidden))
        for file, names in modules.items()
    }
    assert {file: names for file, names in offenders.items() if names} == {}
