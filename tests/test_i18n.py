"""The UI language: the translation is found or built wherever the app runs, and a language that cannot be
loaded is said, not silently replaced by English."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.core import paths, settings
from studio.ui.i18n import install_translator, language_problem, translation_file

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.gui


def test_a_checkout_without_the_compiled_translation_builds_it_on_first_use(qapp, tmp_path: Path) -> None:
    """An editable install without the build step has the .ts but no .qm: Chinese still shows."""
    folder = tmp_path / "i18n"
    folder.mkdir()
    shutil.copy(ROOT / "resources" / "i18n" / "zh_CN.ts", folder)
    qm, reason = translation_file("zh_CN", folder)
    assert reason == "" and qm is not None and qm.parent == paths.cache_dir() / "i18n"
    try:
        assert install_translator(qapp, "zh_CN", folder) == ""
        assert QCoreApplication.translate("Menus", "&File") == "文件(&F)"
    finally:
        install_translator(qapp, "en")
    assert translation_file("zh_CN", folder) == (qm, "")  # built once, then reused


def test_a_language_that_cannot_be_loaded_is_said(qapp, tmp_path: Path) -> None:
    empty = tmp_path / "i18n"
    empty.mkdir()
    problem = install_translator(qapp, "zh_CN", empty)
    assert "简体中文 cannot be shown, so the app is in English" in problem and "zh_CN.qm is missing" in problem
    assert QCoreApplication.translate("Menus", "&File") == "&File"
    assert language_problem("zh_CN", empty) == problem
    assert language_problem("zh_CN") == "" and language_problem("en", empty) == ""


def test_choosing_a_language_the_app_cannot_show_says_so(qtbot, tmp_path: Path, monkeypatch) -> None:
    from studio.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    broken = tmp_path / "resources"
    (broken / "i18n").mkdir(parents=True)
    monkeypatch.setattr(paths, "resources_dir", lambda: broken)  # an install that lost its translations
    chinese = next(a for a in window.findChildren(QAction) if a.text() == "简体中文")
    chinese.trigger()
    box = window.findChild(QMessageBox, "languageProblem")
    assert box is not None and "简体中文 cannot be shown" in box.text()
    assert settings.Settings().get(settings.LANGUAGE) == "zh_CN"
    box.close()
    QApplication.processEvents()
