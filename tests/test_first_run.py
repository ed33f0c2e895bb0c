"""First run: the local sandbox with a login, the setup check, the welcome's roles, the
theme, and the crash handler that keeps the work and writes a log."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from studio.core import paths, settings
from studio.core.catalog import demo_products
from studio.jobs.first_run import check_setup, start_local_platform
from studio.platform.credentials import load_token
from studio.sandbox.server import stop_background_sandbox
from studio.ui import crash
from studio.ui.theme import apply_theme, dark_wanted
from studio.ui.welcome import WelcomeDialog
from tests.platform_fixtures import MemoryKeyring
from tests.qt_fixtures import child, gui_app


@pytest.fixture
def local_platform(memory_keyring: MemoryKeyring):
    platform = start_local_platform()
    yield platform
    stop_background_sandbox()


def test_local_platform_logs_in_as_every_role(local_platform) -> None:
    token = load_token(local_platform.url)
    assert token is not None and token.source == "keyring"
    me = requests.get(local_platform.url + "/v1/me", headers={"Authorization": f"Bearer {token.value}"},
                      timeout=10).json()
    assert sorted(me["roles"]) == ["creator", "merchant", "reviewer"]
    # the demo shop is listed there, under that user, so the demo project can become a post
    catalog = requests.get(local_platform.url + "/v1/catalog", headers={"Authorization": f"Bearer {token.value}"},
                           timeout=10).json()["items"]
    assert sorted(item["product_id"] for item in catalog) == sorted(item.product_id for item in demo_products())
    assert {item["applet"]["pages"][0] for item in catalog} == {item.pages[0] for item in demo_products()}
    again = start_local_platform()  # once per process, same login
    kept = load_token(again.url)
    assert again.url == local_platform.url and kept is not None and kept.value == token.value
    assert (paths.data_dir() / "sandbox").is_dir()


def test_setup_check_says_what_works(local_platform) -> None:
    checks = {c.name: c for c in check_setup(local_platform.url)}
    assert list(checks) == ["ffmpeg", "keyring", "disk", "platform"]
    assert checks["ffmpeg"].status == "ok" and "ffmpeg" in checks["ffmpeg"].message
    assert checks["keyring"].status == "ok"
    assert checks["platform"].status == "ok" and "creator" in checks["platform"].message
    unreachable = check_setup("http://127.0.0.1:9")[-1]
    assert unreachable.status == "error"


def test_setup_check_without_a_keyring(no_keyring: None) -> None:
    keyring_check = check_setup("http://127.0.0.1:9")[1]
    assert keyring_check.status == "warning" and "session" in keyring_check.message


def test_welcome_lists_the_checks_and_opens_a_role(qtbot: QtBot, local_platform) -> None:
    dialog = WelcomeDialog(local_platform.url)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.checks.count() == 4 and "✔" in dialog.checks.item(0).text(), timeout=20_000)
    with qtbot.waitSignal(dialog.roleChosen) as chosen:
        child(dialog, QPushButton, "go_merchant").click()
    assert chosen.args == ["merchant"]


def test_merchant_role_opens_the_listings(qtbot: QtBot) -> None:
    from studio.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.workspaces.start_role("merchant")
    assert win.workspaces.merchant_window is not None and win.workspaces.merchant_window.isVisible()
    assert win.workspaces.open_merchant_workspace() is win.workspaces.merchant_window
    win.workspaces.merchant_window.close()


@pytest.mark.parametrize(("choice", "dark"), [("dark", True), ("light", False)])
def test_theme_choice(choice: str, dark: bool) -> None:
    app = gui_app()
    assert dark_wanted(choice) is dark
    apply_theme(app, choice)
    assert (app.palette().window().color().lightness() < 128) is dark
    apply_theme(app, "dark")


def test_crash_handler_keeps_the_work_and_writes_a_log(qtbot: QtBot, tmp_path: Path) -> None:
    saved = tmp_path / "recovered.gcs"
    saved.write_text("{}")
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as raised:
        error = raised
    log, recovery = crash.handle(None, lambda: saved, type(error), error, error.__traceback__)
    assert recovery == saved
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: boom in a slot" in text and "Good Circle Studio" in text
    assert log.parent == paths.logs_dir()
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "crashBox" and w.isVisible())
    assert isinstance(box, QMessageBox) and str(log) in box.text() and "saved" in box.text()
    box.close()


def test_welcome_is_not_shown_again_when_asked(qtbot: QtBot) -> None:
    from studio.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    dialog = win.show_welcome()
    dialog.dont_show.setChecked(True)
    assert dialog.close_button.isVisible() and dialog.height() <= 400  # no empty gaps
    from PySide6.QtWidgets import QLabel

    wrapped = [label for label in dialog.findChildren(QLabel) if label.wordWrap() and label.isVisible()]
    assert wrapped and all(label.height() >= label.heightForWidth(label.width()) for label in wrapped)  # none cut
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)  # a button that says Close, not only the x
    assert not dialog.isVisible()
    assert settings.Settings().get(settings.WELCOME_DONE) is True


def test_language_theme_and_guide_from_the_menus(qtbot: QtBot) -> None:
    """View > Language and View > Theme keep the person's choice; Help > User Guide opens in their language."""
    from PySide6.QtGui import QActionGroup
    from PySide6.QtWidgets import QTextBrowser

    from studio.ui.main_window import MainWindow, app_icon
    from studio.ui.user_guide import UserGuideDialog

    win = MainWindow()
    qtbot.addWidget(win)
    groups = win.findChildren(QActionGroup)
    chinese = next(a for g in groups for a in g.actions() if a.data() == "zh_CN")
    chinese.trigger()
    assert settings.Settings().get(settings.LANGUAGE) == "zh_CN"
    light = next(a for g in groups for a in g.actions() if a.data() == "light")
    light.trigger()
    assert settings.Settings().get(settings.THEME) == "light"
    assert gui_app().palette().window().color().lightness() > 128
    next(a for g in groups for a in g.actions() if a.data() == "dark").trigger()
    dialog = win.menus.show_guide()
    assert isinstance(dialog, UserGuideDialog)
    guide = child(dialog, QTextBrowser, "guideText").toPlainText()
    assert "Creators" in guide and "Reviewers" in guide and "Ctrl+Shift+E" in guide
    dialog.close()
    assert len(app_icon().availableSizes()) >= 6


def test_tooltips_name_the_shortcuts(qtbot: QtBot) -> None:
    from studio.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    assert win.editor.act_set_in.toolTip().endswith("(I)")
    assert "Ctrl+U" in win.platform.act_upload.toolTip()
    assert "Ctrl+Shift+E" in win.files.act_pack.toolTip()
