"""UI language: which translation to load (the setting, else the system's) and installing it.

Translations are `resources/i18n/<locale>.ts`, compiled to `.qm` by `installers/build_translations.py`
(run by the set-up and build scripts; never edited by hand).
"""

from __future__ import annotations

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


def install_translator(app: QApplication, language: str | None = None) -> str:
    """Install our and Qt's own translations for `language` (default: `chosen_language()`); returns it."""
    language = language or chosen_language()
    for old in app.findChildren(QTranslator):
        app.removeTranslator(old)
        old.deleteLater()
    QLocale.setDefault(QLocale(language if language != "en" else "en_US"))
    if language == "en":
        return language
    ours = QTranslator(app)
    if ours.load(str(paths.resources_dir() / "i18n" / f"{language}.qm")):
        app.installTranslator(ours)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
    return language
