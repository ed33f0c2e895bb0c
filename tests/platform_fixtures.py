"""Fixtures for the platform client's tests: an in-memory keyring (the one mock: the OS keyring is outside).

`memory_keyring` installs `MemoryKeyring` as the keyring backend for one test and yields it; `no_keyring`
installs keyring's own "fail" backend, which is what a headless Linux without Secret Service has.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.backends import fail

from studio.platform import credentials


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that keeps passwords in a dict."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.passwords:
            raise keyring.errors.PasswordDeleteError(username)
        del self.passwords[(service, username)]


@contextlib.contextmanager
def _install(backend: keyring.backend.KeyringBackend) -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    credentials._session_tokens.clear()
    credentials._problems.clear()
    try:
        yield
    finally:
        keyring.set_keyring(before)
        credentials._session_tokens.clear()
        credentials._problems.clear()


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    monkeypatch.delenv(credentials.ENV_TOKEN, raising=False)
    backend = MemoryKeyring()
    with _install(backend):
        yield backend


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(credentials.ENV_TOKEN, raising=False)
    with _install(fail.Keyring()):
        yield
