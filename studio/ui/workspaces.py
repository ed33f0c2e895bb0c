"""The other workspaces the creator's window opens: the merchant's listings window, review windows on packages,
the review queue, and the welcome dialog's roles (the demo project, or the demo package in review).

Must not hold: what those windows do inside (`merchant_window`, `review_window`, `review_queue`, `welcome`).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog

from studio.core import settings
from studio.core.cancel import CancelToken, Progress
from studio.core.package import SUFFIX as PACKAGE_SUFFIX
from studio.jobs.demo import make_demo_project
from studio.jobs.pack import pack_project
from studio.ui.app_windows import app_windows
from studio.ui.menus import make_action
from studio.ui.merchant.merchant_window import MerchantWindow
from studio.ui.review.review_queue import ReviewQueueDialog
from studio.ui.review.review_window import ReviewWindow
from studio.ui.welcome import WelcomeDialog

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow


class Workspaces(QObject):
    """Opens and remembers the merchant and review windows; runs the welcome's roles."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.review_windows: list[ReviewWindow] = []
        self.merchant_window: MerchantWindow | None = None
        w = window
        self.act_open_package = make_action(w, self.tr("Open &Package for Review…"), "Ctrl+Shift+O",
                                            self.open_package_dialog)
        self.act_review_queue = make_action(w, self.tr("&Review Queue…"), None, self.show_review_queue)
        self.act_listings = make_action(w, self.tr("&Listings (Merchant)…"), "Ctrl+Shift+L",
                                        self.open_merchant_workspace)
        self.act_welcome = make_action(w, self.tr("&Welcome and Setup Check…"), None, self.show_welcome)

    def start_workspace(self, role: str) -> None:
        if role == "merchant":
            self.open_merchant_workspace()
        elif role == "reviewer":
            self.show_review_queue()
        else:
            self.window.raise_()

    def open_package_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open package for review"), "",
                                              self.tr("Good Circle packages (*{suffix})").format(suffix=PACKAGE_SUFFIX))
        if name:
            self.open_review(Path(name))

    def open_review(self, package: Path, post_id: str | None = None) -> ReviewWindow:
        """Open `package` in a review window (offline, verified first); the verdict can be sent to its post on the
        platform (`post_id` when it came from the queue, else found by the package's content)."""
        window = ReviewWindow()
        window.set_reviewer((self.window.platform.account_menu.person() or {}).get("name", ""))
        window.set_post(post_id, self.window.platform.account_menu.session_factory)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        app_windows().adopt(window)
        window.destroyed.connect(self._forget_review_windows)
        self.review_windows.append(window)
        window.show()
        window.open_package(package)
        return window

    def _forget_review_windows(self) -> None:
        self.review_windows = [w for w in self.review_windows if shiboken6.isValid(w)]

    def open_merchant_workspace(self) -> MerchantWindow:
        """The merchant's listings in their own window (one per main window)."""
        if self.merchant_window is None or not shiboken6.isValid(self.merchant_window):
            self.merchant_window = MerchantWindow(self.window.platform.account_menu.session_factory)
            self.merchant_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            app_windows().adopt(self.merchant_window)
        self.merchant_window.show()
        self.merchant_window.raise_()
        return self.merchant_window

    def show_review_queue(self) -> ReviewQueueDialog:
        dialog = ReviewQueueDialog(self.window.platform.account_menu.session_factory, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.packageReady.connect(self._review_from_queue)
        dialog.open()
        return dialog

    def _review_from_queue(self, path: str, post_id: str) -> None:
        self.open_review(Path(path), post_id)

    def show_welcome(self, platform_url: str = "") -> WelcomeDialog:
        dialog = WelcomeDialog(platform_url, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.roleChosen.connect(self.start_role)
        dialog.finished.connect(functools.partial(self._welcome_closed, dialog))
        dialog.open()
        return dialog

    def _welcome_closed(self, dialog: WelcomeDialog, _result: int) -> None:
        if dialog.dont_show.isChecked():
            self.window.settings.set(settings.WELCOME_DONE, True)

    def start_role(self, role: str) -> None:
        """What the welcome's role buttons do: the demo project, the listings, or the demo package in review."""
        if role == "merchant":
            self.open_merchant_workspace()
            return
        reviewer = role == "reviewer"
        open_path = self.window.files.open_path

        def done(path: Path) -> None:  # the review window is not a line for the task list
            if reviewer:
                self.open_review(path)
            else:
                open_path(path)

        creator = self.window.platform.account_menu.person()
        self.window.tasks.start(functools.partial(_demo_job, reviewer, creator), done, self.tr("Preparing the demo…"))


def _demo_job(reviewer: bool, creator: dict[str, str] | None, progress: Progress, cancel: CancelToken) -> Path:
    """The demo project (made once), or for a reviewer its package."""
    project = make_demo_project(progress=progress, cancel=cancel)
    if not reviewer:
        return project
    package = project.with_suffix(PACKAGE_SUFFIX)
    if not package.exists():
        pack_project(project, package, mode="copy", progress=progress, cancel=cancel, creator=creator)
    return package
