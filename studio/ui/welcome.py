"""The first-run welcome: pick a role, or check the setup.

Three roles, each one click from its work on the demo material: a creator opens the demo project, a
merchant opens the listings workspace, a reviewer opens the demo package in review mode. The setup page runs
`jobs.first_run.check_setup` in the background (ffmpeg, keyring, disk space, the platform). The window says
that a local sandbox platform runs in the background, so nothing needs an account.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.jobs.first_run import SetupCheck, check_setup
from studio.ui.errors import translated
from studio.ui.workers import Kind, Task, run_task

CARD_TEXT_WIDTH = 200
"""About the width a role's text gets in a third of the 760 px dialog (less its margins)."""


class WelcomeDialog(QDialog):
    roleChosen = Signal(str)
    """"creator", "merchant" or "reviewer"."""

    def __init__(self, platform_url: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.setWindowTitle(self.tr("Welcome to Good Circle Studio"))
        self.setMinimumWidth(760)
        self.check_task: Task | None = None
        tabs = QTabWidget()
        roles = QWidget()
        grid = QHBoxLayout(roles)
        for role, title, text, button in (
            ("creator", self.tr("Creator"),
             self.tr("Trim a phone video, pick a cover, tag products as popups, pack and upload."),
             self.tr("Open the demo project")),
            ("merchant", self.tr("Merchant"),
             self.tr("Link your store applet, import the shop's CSV, keep listings in sync."),
             self.tr("Open the listings")),
            ("reviewer", self.tr("Reviewer"),
             self.tr("Watch a package as the viewer's phone shows it, offline, and record a verdict."),
             self.tr("Review the demo package")),
        ):
            card = QWidget()
            card.setObjectName(f"role_{role}")
            column = QVBoxLayout(card)
            heading = QLabel(f"<h3>{title}</h3>")
            column.addWidget(heading)
            body = QLabel(text)
            body.setWordWrap(True)
            body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            body.setMinimumHeight(body.heightForWidth(CARD_TEXT_WIDTH))  # wrapped whole in a third of the dialog
            column.addWidget(body)
            go = QPushButton(button)
            go.setObjectName(f"go_{role}")
            go.clicked.connect(lambda _checked=False, r=role: self._choose(r))
            column.addWidget(go)
            column.addStretch(1)  # the button right under its text; any room left goes below
            grid.addWidget(card)
        tabs.addTab(roles, self.tr("Start"))
        self.checks = QListWidget()
        self.checks.setObjectName("setupChecks")
        setup = QWidget()
        setup_layout = QVBoxLayout(setup)
        setup_layout.addWidget(self.checks, 1)
        again = QPushButton(self.tr("Check again"))
        again.clicked.connect(self.run_checks)
        setup_layout.addWidget(again, alignment=Qt.AlignmentFlag.AlignRight)
        tabs.addTab(setup, self.tr("Check setup"))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        if platform_url:
            note = QLabel(self.tr("A local sandbox platform runs in the background at {url}: you are logged in as "
                                  "creator, merchant and reviewer, with no account anywhere.").format(url=platform_url))
            note.setWordWrap(True)
            layout.addWidget(note)
        self.checks.setMaximumHeight(160)  # its default size hint would make the roles' tab tall and empty
        self.dont_show = QCheckBox(self.tr("Do not show this again"))
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("welcomeClose")
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.dont_show)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        self.resize(760, self.sizeHint().height())  # as tall as the cards need, no more
        self.run_checks()

    def _choose(self, role: str) -> None:
        self.roleChosen.emit(role)
        self.accept()

    def run_checks(self) -> Task:
        self.checks.clear()
        self.checks.addItem(self.tr("Checking…"))
        self.check_task = run_task(lambda _p, _c: check_setup(), on_done=self._show_checks,
                                   on_error=lambda e: self.checks.addItem(str(e)), owner=self, label="setup check",
                                   kind=Kind.INTERACTIVE)
        return self.check_task

    def _show_checks(self, checks: list[SetupCheck]) -> None:
        self.checks.clear()
        marks = {"ok": "✔", "warning": "⚠", "error": "✖"}
        names = {"ffmpeg": self.tr("ffmpeg"), "keyring": self.tr("Keyring"), "disk": self.tr("Disk space"),
                 "platform": self.tr("Platform")}
        for check in checks:
            line = self.tr("{name}: {detail}").format(name=names.get(check.name, check.name),
                                                      detail=translated(check.template, check.values, check.message))
            item = QListWidgetItem(f"{marks[check.status]}  {line}")
            item.setData(Qt.ItemDataRole.UserRole, check.status)
            self.checks.addItem(item)
