"""Where the platform token is kept: the OS keyring, `STUDIO_TOKEN` for scripts and CI, or this session only.

Holds: `load_token` / `save_token` / `forget_token` (one token per server, keyed by the server's URL in the
keyring service `GoodCircleStudio`), `KeyringUnavailable` (the clear message when no keyring backend works)
and the server the person last logged in to (`default_server`, `remember_server`, through core settings).
The embedded sandbox serves only when no other server was chosen (`wants_embedded_sandbox`); when its usual
port is taken it runs elsewhere for this process only (`use_embedded_server`), never written over the choice.
Must not hold: HTTP (`session.py`), Qt, and never a file: a token is never written to disk by this app.

Order of lookup: `STUDIO_TOKEN` when set (a script or CI said so explicitly), then the keyring, then the
tokens kept in this process's memory when the keyring could not take them (headless Linux without Secret
Service): the session-only mode. Saving never falls back silently: `save_token` says which store took the
token, and `KeyringUnavailable.message` tells the person why it will be gone when the app closes.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from typing import Literal

import keyring
import keyring.errors

from studio.core import settings
from studio.core.errors import QT_TRANSLATE_NOOP, MachineError
from studio.platform.session import normalize_server

SERVICE = "GoodCircleStudio"
ENV_TOKEN = "STUDIO_TOKEN"
SANDBOX_URL = "http://127.0.0.1:8765"
"""The local sandbox (`studio sandbox serve`'s default port): the server when none was ever chosen."""

Source = Literal["env", "keyring", "session"]

T_NO_KEYRING = QT_TRANSLATE_NOOP(
    "errors", "no keyring works on this computer ({reason}), so the token is kept only until the app closes; "
              "scripts and CI can set STUDIO_TOKEN instead")

T_PLAINTEXT = QT_TRANSLATE_NOOP("errors", "the only keyring here ({backend}) keeps passwords in a plain file")

_session_tokens: dict[str, str] = {}
_problems: dict[str, str] = {}


class KeyringUnavailable(MachineError):
    """No keyring backend works here; the token was kept for this session only (never in a file)."""

    code = "no_keyring"


@dataclass(frozen=True)
class Token:
    value: str
    source: Source

    def __repr__(self) -> str:  # never show the secret, not even in a debugger or a crash report
        return f"Token(source={self.source!r}, value=<hidden>)"

    __str__ = __repr__


def _reason(exc: BaseException) -> str:
    return type(exc).__name__ if isinstance(exc, keyring.errors.NoKeyringError) else str(exc) or type(exc).__name__


def plaintext_backend() -> str | None:
    """The name of the keyring backend when it stores secrets in a file anyone who reads the disk can read
    (keyrings.alt's file backends, the null backend); None for a real OS keyring."""
    backend = keyring.get_keyring()
    parts = getattr(backend, "backends", None) or [backend]  # a chain writes to the first that takes it
    names = [f"{type(part).__module__}.{type(part).__qualname__}" for part in parts]
    if all(name.startswith(_PLAIN_MODULES) or "plaintext" in name.lower() for name in names):
        return type(parts[0]).__qualname__
    return None


_PLAIN_MODULES = ("keyrings.alt", "keyring.backends.null")


def load_token(server: str) -> Token | None:
    """The token for `server`: `STUDIO_TOKEN`, else the keyring, else this session's memory; None if none."""
    env = os.environ.get(ENV_TOKEN, "").strip()
    if env:
        return Token(env, "env")
    key = normalize_server(server)
    try:
        stored = None if plaintext_backend() else keyring.get_password(SERVICE, key)
    except keyring.errors.KeyringError:
        stored = None
    if stored:
        return Token(stored, "keyring")
    if key in _session_tokens:
        return Token(_session_tokens[key], "session")
    return None


def save_token(server: str, token: str) -> Source:
    """Keep `token` for `server` in the keyring; where no keyring works, in this session's memory only.

    Returns the store that took it. When that is "session", `keyring_problem(server)` says why.
    """
    key = normalize_server(server)
    plaintext = plaintext_backend()
    if plaintext:  # a file in $HOME is no safer than the files this app never writes a token to
        _session_tokens[key] = token
        _problems[key] = T_PLAINTEXT.format(backend=plaintext)
        return "session"
    try:
        keyring.set_password(SERVICE, key, token)
    except keyring.errors.KeyringError as exc:
        _session_tokens[key] = token
        _problems[key] = _reason(exc)
        return "session"
    _session_tokens.pop(key, None)
    _problems.pop(key, None)
    return "keyring"



def keyring_problem(server: str) -> KeyringUnavailable | None:
    """Why the last `save_token` for `server` kept the token in memory only, as an error to show; else None."""
    key = normalize_server(server)
    if key not in _problems:
        return None
    return KeyringUnavailable(T_NO_KEYRING, key, reason=_problems[key])


def forget_token(server: str) -> None:
    """Log out of `server`: remove its keyring entry and any session-only token (STUDIO_TOKEN stays the
    caller's business)."""
    key = normalize_server(server)
    _session_tokens.pop(key, None)
    _problems.pop(key, None)
    with contextlib.suppress(keyring.errors.KeyringError):  # none stored, or no backend: nothing to remove
        keyring.delete_password(SERVICE, key)


_embedded_url: str | None = None


def wants_embedded_sandbox() -> bool:
    """Whether the app should run its embedded sandbox: no server was chosen, or the chosen one is the sandbox's
    usual address. Any other address, on 127.0.0.1 or not, is someone else's server."""
    return settings.Settings().get(settings.SERVER_URL) in ("", SANDBOX_URL)


def use_embedded_server(url: str) -> None:
    """The embedded sandbox runs at `url` in this process (its usual port was taken); the settings keep the choice."""
    global _embedded_url
    _embedded_url = normalize_server(url)


def default_server() -> str:
    """The server last logged in to, else the local sandbox (docs/cli.md, "Server and credentials")."""
    if wants_embedded_sandbox():
        return _embedded_url or SANDBOX_URL
    return str(settings.Settings().get(settings.SERVER_URL))


def remember_server(server: str) -> None:
    settings.Settings().set(settings.SERVER_URL, normalize_server(server))
