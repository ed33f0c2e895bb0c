"""UI language: which translation to load (the setting, else the system's), finding or building it, installing it.

Translations are `resources/i18n/<locale>.ts`, compiled to `.qm` by `installers/build_translations.py` (run by the
set-up and build scripts, so a built app ships the `.qm`). Where the app runs from a checkout whose `.qm` is missing
or older than its `.ts` (an editable install without that step), the `.qm` is compiled on first use into the cache
folder with the `lrelease` that PySide6 ships. When neither works the UI stays English and `translation_file` says why.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from studio.core import paths, settings

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}


def chosen_language() -> str:
    """The language code to use: the setting, else the system locale when we have it, else English."""
    wanted = settings.Settings().get(settings.LANGUAGE)
    if wanted in LANGUAGES:
        return wanted
    system = QLocale.system().name()
    if system.startswith("zh"):
        return "zh_CN"
    return "en"


def _lrelease() -> str | None:
    exe = ".exe" if sys.platform == "win32" else ""
    for candidate in (Path(PySide6.__file__).parent / f"lrelease{exe}",
                      Path(sys.executable).parent / f"pyside6-lrelease{exe}"):
        if candidate.is_file():
            return str(candidate)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def _newer(built: Path, source: Path) -> bool:
    return built.is_file() and (not source.is_file() or built.stat().st_mtime >= source.stat().st_mtime)


def translation_file(language: str, folder: Path | None = None) -> tuple[Path | None, str]:
    """The compiled translation for `language` (from `folder`, default the app's `resources/i18n`), compiling its
    `.ts` into the cache when the `.qm` is missing or stale; else None and the reason, in English (the
    translation that would say it in the person's language is the one missing)."""
    folder = folder or paths.resources_dir() / "i18n"
    shipped, source = folder / f"{language}.qm", folder / f"{language}.ts"
    if _newer(shipped, source):
        return shipped, ""
    if not source.is_file():
        return None, f"{shipped} is missing"
    built = paths.cache_dir() / "i18n" / f"{language}.qm"
    if _newer(built, source):
        return built, ""
    tool = _lrelease()
    if tool is None:
        return None, f"{shipped} is missing and no lrelease was found to build it from {source.name}"
    built.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([tool, "-silent", str(source), "-qm", str(built)], capture_output=True, text=True)
    if result.returncode != 0 or not built.is_file():
        return None, f"{shipped} is missing and building it failed: {(result.stderr or result.stdout).strip()}"
    return built, ""


def _unavailable(language: str, reason: str) -> str:
    return f"{LANGUAGES.get(language, language)} cannot be shown, so the app is in English: {reason}."


def language_problem(language: str, folder: Path | None = None) -> str:
    """"" when `language` can be shown (English always can), else the sentence saying why not."""
    if language not in LANGUAGES or language == "en":
        return ""
    qm, reason = translation_file(language, folder)
    if qm is not None and QTranslator().load(str(qm)):
        return ""
    return _unavailable(language, reason or f"{qm} is not a translation file")


def install_translator(app: QApplication, language: str | None = None, folder: Path | None = None) -> str:
    """Install our and Qt's own translations for `language` (default: `chosen_language()`). Returns "" when it is
    showing, else the sentence saying why the UI stays English (in English: the translation is what failed)."""
    language = language or chosen_language()
    for old in app.findChildren(QTranslator):
        app.removeTranslator(old)
        old.deleteLater()
    problem = ""
    if language != "en":
        qm, reason = translation_file(language, folder)
        ours = QTranslator(app)
        if qm is not None and ours.load(str(qm)):
            app.installTranslator(ours)
            qt_own = QTranslator(app)
            if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                app.installTranslator(qt_own)
        else:
            problem, language = _unavailable(language, reason or f"{qm} is not a translation file"), "en"
    QLocale.setDefault(QLocale(language if language != "en" else "en_US"))
    return problem
