"""The account menu: who is logged in (name, roles, server), log in, switch account or server, log out, and
the workspaces the person's roles open (one person may be creator and merchant and sees both).

Tokens are asked for in `TokenDialog` (hidden input; never from argv or a file), checked with `GET /v1/me`
before anything is stored, then kept by `platform.credentials` (keyring, else this session only, said so).
Logging out removes the keyring entry. An expired token (any job's `AuthRequired`, e.g. the upload queue's
`auth_required`) is answered by `handle_auth_required`: the dialog opens without closing or clearing
anything, so the upload queue (in SQLite) and the unsaved project stay as they are; `accountChanged` then
tells the owners to take `session_factory` again (and the queue to resume what the 401 paused).
Where `STUDIO_TOKEN` is set it wins over the keyring (scripts and CI); the menu says so.
Holds no HTTP beyond `PlatformSession.me`, no credential storage of its own.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMenu, QVBoxLayout, QWidget

from studio.core.cancel import CancelToken, Progress
from studio.platform.credentials import (
    ENV_TOKEN,
    default_server,
    forget_token,
    keyring_problem,
    load_token,
    remember_server,
    save_token,
)
from studio.platform.session import AuthRequired, PlatformSession, normalize_server
from studio.ui.errors import error_text
from studio.ui.workers import Kind, Task, run_task

WORKSPACES = ("creator", "merchant", "reviewer")
"""Roles that open a workspace, in the order the menu lists them."""


class TokenDialog(QDialog):
    """Server address and token. OK emits `submitted(server, token)`; the owner checks the token and either
    calls `accept()` or `show_problem()` (the dialog stays open with what was typed)."""

    submitted = Signal(str, str)

    def __init__(self, server: str, reason: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tokenDialog")
        self.setWindowTitle(self.tr("Log in to the platform"))
        self.reason = QLabel(reason, self)
        self.reason.setObjectName("tokenReason")
        self.reason.setWordWrap(True)
        self.reason.setVisible(bool(reason))
        self.server_edit = QLineEdit(server, self)
        self.server_edit.setObjectName("serverEdit")
        self.token_edit = QLineEdit(self)
        self.token_edit.setObjectName("tokenEdit")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText(self.tr("Paste the token the platform gave you"))
        self.problem = QLabel(self)
        self.problem.setObjectName("tokenProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Log in"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Server:"), self.server_edit)
        form.addRow(self.tr("Token:"), self.token_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reason)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.token_edit.setFocus()

    def _submit(self) -> None:
        token = self.token_edit.text().strip()
        if not token:
            self.show_problem(self.tr("Paste a token first."))
            return
        self.set_checking(True)
        self.submitted.emit(self.server_edit.text().strip(), token)

    def set_checking(self, checking: bool) -> None:
        self.ok_button.setEnabled(not checking)
        if checking:
            self.problem.hide()

    def show_problem(self, text: str) -> None:
        self.set_checking(False)
        self.problem.setText(text)
        self.problem.show()


class AccountMenu(QMenu):
    """The Account menu: its first line says who is logged in; actions log in, switch, log out and open
    workspaces."""

    accountChanged = Signal()
    """Logged in, switched or logged out: take `session_factory` again (upload queue, posts, listings)."""
    loggedOut = Signal()
    rolesChanged = Signal(list)
    workspaceRequested = Signal(str)
    """The person chose the workspace of this role ("creator", "merchant" or "reviewer")."""

    def __init__(self, server: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountMenu")
        self.server = normalize_server(server or default_server())
        self.me: dict[str, Any] | None = None
        self.dialog: TokenDialog | None = None
        self._check: Task | None = None
        self.who_action = self._info("whoAction")
        self.server_action = self._info("serverAction")
        self.roles_action = self._info("rolesAction")
        self.note_action = self._info("noteAction")
        self.addSeparator()
        self.workspace_actions: dict[str, QAction] = {}
        for role, text in zip(WORKSPACES, (self.tr("Creator workspace"), self.tr("Merchant workspace"),
                                           self.tr("Review workspace")), strict=True):
            action = self.addAction(text)
            action.setObjectName(f"{role}Workspace")
            action.triggered.connect(lambda _checked=False, role=role: self.workspaceRequested.emit(role))
            self.workspace_actions[role] = action
        self.addSeparator()
        self.login_action = self.addAction(self.tr("Log in…"))
        self.login_action.triggered.connect(lambda: self.ask_token())
        self.switch_action = self.addAction(self.tr("Switch account or server…"))
        self.switch_action.triggered.connect(lambda: self.ask_token())
        self.logout_action = self.addAction(self.tr("Log out"))
        self.logout_action.triggered.connect(self.logout)
        self._update()

    def _info(self, name: str) -> QAction:
        action = self.addAction("")
        action.setObjectName(name)
        action.setEnabled(False)
        return action

    # -- what the rest of the app calls ---------------------------------------------------------------------

    def roles(self) -> list[str]:
        """The logged-in person's roles as the platform said (`GET /v1/me`); empty when logged out."""
        return [str(r) for r in (self.me or {}).get("roles", [])]

    def workspaces(self) -> list[str]:
        """The workspaces the roles open, in menu order (a creator and merchant gets both)."""
        return [r for r in WORKSPACES if r in self.roles()]

    def logged_in(self) -> bool:
        return self.me is not None

    def person(self) -> dict[str, str] | None:
        """Who is logged in as `{id, name}` (what a package names as its creator); None when logged out."""
        if self.me is None:
            return None
        return {"id": str(self.me.get("id") or ""), "name": str(self.me.get("name") or "")}

    def session_factory(self) -> PlatformSession:
        """A fresh session for the current server with the stored token (none when logged out)."""
        token = load_token(self.server)
        return PlatformSession(self.server, token.value if token else None)

    def refresh(self) -> Task | None:
        """Ask the platform who the stored token belongs to; an expired one asks for a new token."""
        if load_token(self.server) is None:
            self._set_me(None)
            return None
        session = self.session_factory()

        def job(progress: Progress, cancel: CancelToken) -> dict[str, Any]:
            with session:
                return session.me()

        def failed(error: BaseException) -> None:
            if isinstance(error, AuthRequired):
                self._set_me(None)
                self.handle_auth_required()
            else:
                self.note_action.setText(error_text(error))

        return run_task(job, owner=self, label="who am I", kind=Kind.NETWORK, on_done=self._set_me, on_error=failed)

    def ask_token(self, reason: str = "") -> TokenDialog:
        """Open the token dialog (not modal: nothing else stops); the token is checked before it is kept."""
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        dialog = TokenDialog(self.server, reason, self.parentWidget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.submitted.connect(self._check_token)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def handle_auth_required(self) -> TokenDialog:
        """Connect any `AuthRequired` signal here (upload queue, posts panel, listings): asks for a new token and
        keeps everything else as it is."""
        return self.ask_token(self.tr("The platform no longer accepts your token (it may have expired). Paste a "
                                      "new one; your upload queue and unsaved work are kept."))

    def logout(self) -> None:
        """Forget the token for this server (the keyring entry is removed)."""
        forget_token(self.server)
        self._set_me(None)
        self.loggedOut.emit()
        self.accountChanged.emit()

    # -- inside --------------------------------------------------------------------------------------------

    def _dialog_closed(self, _result: int) -> None:
        self.dialog = None

    def _check_token(self, server_text: str, token: str) -> None:
        dialog = self.dialog
        try:
            server = normalize_server(server_text)
            session = PlatformSession(server, token)  # plain http to another machine is refused here
        except Exception as exc:  # a bad address: said in the dialog
            if dialog is not None:
                dialog.show_problem(error_text(exc))
            return

        def job(progress: Progress, cancel: CancelToken) -> dict[str, Any]:
            with session:
                return session.me()

        def done(me: dict[str, Any]) -> None:
            self._check = None
            stored = save_token(server, token)
            remember_server(server)
            self.server = server
            self._set_me(me)
            problem = keyring_problem(server) if stored == "session" else None
            if problem is not None:
                self.note_action.setText(error_text(problem))
                self.note_action.setVisible(True)
            if self.dialog is not None:
                self.dialog.accept()
            self.accountChanged.emit()

        def failed(error: BaseException) -> None:
            self._check = None
            if self.dialog is not None:
                self.dialog.show_problem(error_text(error))

        self._check = run_task(job, owner=self, label="check token", kind=Kind.NETWORK,
                               on_done=done, on_error=failed)

    def _set_me(self, me: dict[str, Any] | None) -> None:
        before = self.roles()
        self.me = me
        self._update()
        if self.roles() != before:
            self.rolesChanged.emit(self.roles())

    def _update(self) -> None:
        names = {"creator": self.tr("creator"), "merchant": self.tr("merchant"), "reviewer": self.tr("reviewer")}
        self.setTitle(self.tr("Account"))  # the README's name for it; who is logged in is the first line inside
        if self.me is None:
            self.who_action.setText(self.tr("Not logged in"))
        else:
            name = str(self.me.get("name") or self.me.get("id") or "")
            self.who_action.setText(self.tr("Logged in as {name}").format(name=name))
        self.server_action.setText(self.tr("Server: {server}").format(server=self.server))
        roles = ", ".join(names.get(r, r) for r in self.roles())
        self.roles_action.setText(self.tr("Roles: {roles}").format(roles=roles) if roles else self.tr("Roles: none"))
        self.roles_action.setVisible(self.me is not None)
        env = bool(os.environ.get(ENV_TOKEN, "").strip())
        self.note_action.setText(self.tr("STUDIO_TOKEN is set: it is used instead of the keyring") if env else "")
        self.note_action.setVisible(env)
        for role, action in self.workspace_actions.items():
            action.setVisible(role in self.roles())
        self.login_action.setVisible(self.me is None)
        self.switch_action.setVisible(self.me is not None)
        self.logout_action.setEnabled(self.me is not None or load_token(self.server) is not None)
