#!/usr/bin/env python3
"""Translations: collect the UI's strings into resources/i18n/*.ts and compile them to .qm.

    python installers/build_translations.py            # compile every .ts to .qm (set-up and builds)
    python installers/build_translations.py --update   # re-collect strings from studio/ into the .ts files

The .qm files are generated (git ignores them); the .ts files are the source that translators edit.
Uses pyside6-lupdate / pyside6-lrelease from the PySide6 installed beside this Python.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"


def _tool(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "studio").rglob("*.py"))


def update_ts() -> None:
    for ts in sorted(I18N.glob("*.ts")):
        subprocess.run([_tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *sources(), "-ts",
                        str(ts.relative_to(ROOT))], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def compile_qm(out_dir: Path = I18N) -> list[Path]:
    out = []
    for ts in sorted(I18N.glob("*.ts")):
        qm = out_dir / ts.with_suffix(".qm").name
        subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        out.append(qm)
    return out


if __name__ == "__main__":
    if "--update" in sys.argv[1:]:
        update_ts()
    compile_qm()
