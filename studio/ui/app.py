"""Starting the GUI: the QApplication, translations, style, the main window, and what to open first."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from studio import __version__
from studio.core import settings
from studio.platform.credentials import default_server, wants_embedded_sandbox
from studio.ui import crash
from studio.ui.i18n import install_translator
from studio.ui.main_window import MainWindow, app_icon
from studio.ui.theme import apply_theme
from studio.ui.workers import Kind, Task, lower_switch_interval, run_task

LANGUAGE_PROBLEM = "studioLanguageProblem"
"""The app's property saying why the chosen language is not showing ("" when it is)."""


def create_app(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    assert isinstance(app, QApplication)
    app.setApplicationName("Good Circle Studio")
    app.setOrganizationName("GoodCircle")
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    apply_theme(app, settings.Settings().get(settings.THEME))
    app.styleHints().colorSchemeChanged.connect(_follow_system_theme)
    app.setWindowIcon(app_icon())
    app.setProperty(LANGUAGE_PROBLEM, install_translator(app))
    lower_switch_interval()
    return app


def _follow_system_theme(_scheme: Qt.ColorScheme) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication) and settings.Settings().get(settings.THEME) == "system":
        apply_theme(app, "system")


def run_gui(files: Sequence[str]) -> int:
    """Open the main window (with `files`, else offer recovered work, and the welcome on a first run), start the
    local sandbox platform in the background when no other server was chosen, and run the event loop."""
    app = create_app()
    window = MainWindow()
    crash.install(window, window.document.autosave)
    window.show()
    if app.property(LANGUAGE_PROBLEM):
        window.say_language_problem(app.property(LANGUAGE_PROBLEM))
    platform_task = _start_local_platform(window)
    if files:
        window.open_path(Path(files[0]))
    else:
        window.offer_recovery()
        if not window.settings.get(settings.WELCOME_DONE):
            window.show_welcome(default_server())
    code = app.exec()
    del platform_task
    window.player.shutdown()  # quitting without closing the window (a signal, the session ending)
    return code


def _start_local_platform(window: MainWindow) -> Task | None:
    """The embedded sandbox and a login to it, off the GUI thread, when no other server was chosen; then the
    account menu asks who is logged in. A chosen server (wherever it is, 127.0.0.1 included) is used as it is."""
    if not wants_embedded_sandbox():
        window.connect_platform(default_server())
        return None
    from studio.jobs.first_run import start_local_platform

    def failed(error: BaseException) -> None:
        window.statusBar().showMessage(QCoreApplication.translate(
            "app", "The local sandbox did not start: {error}").format(error=error), 10000)

    return run_task(lambda _p, _c: start_local_platform(), on_done=lambda _platform: window.connect_platform(
        default_server()), on_error=failed, owner=window, label="local platform",
        kind=Kind.NETWORK)


def run_review(package: Path) -> int:
    """Open the review window on `package` and run the event loop; the verdict can go to the package's post on
    the server this machine is logged in to."""
    from studio.platform.credentials import load_token
    from studio.platform.session import PlatformSession
    from studio.ui.review.review_window import ReviewWindow

    def session() -> PlatformSession:
        server = default_server()
        token = load_token(server)
        return PlatformSession(server, token.value if token else None)

    app = create_app()
    window = ReviewWindow()
    window.set_post(None, session)
    window.show()
    window.open_package(package)
    code = app.exec()
    window.player.shutdown()
    return code
