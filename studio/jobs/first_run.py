"""The first run: a platform to talk to with no account anywhere, and a setup check.

`start_local_platform` starts the embedded sandbox server in the background (studio.sandbox, data under
STUDIO_HOME) and, when there is no token for it yet, makes one for a local user who is creator, merchant and
reviewer at once, keeps it the usual way (keyring, else this session only) and lists the demo shop's products
under that user (the platform takes posts only of products it lists): the whole flow — trim, cover,
popups, pack, upload, review — works offline on a new machine. `check_setup` says what works here: ffmpeg, a
keyring backend, disk space, the platform.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from typing import Literal

import keyring
import keyring.errors
import requests

from studio.core import paths
from studio.core.errors import QT_TRANSLATE_NOOP
from studio.platform.credentials import default_server, load_token, save_token, use_embedded_server
from studio.sandbox.merchants import seed_demo_shop
from studio.sandbox.server import start_background_sandbox
from studio.sandbox.store import make_token

LOCAL_USER = "me"
LOCAL_ROLES = ("creator", "merchant", "reviewer")
MIN_FREE_BYTES = 2 * 10**9  # SI, as every size the app shows

Status = Literal["ok", "warning", "error"]


@dataclass(frozen=True)
class LocalPlatform:
    url: str
    user: str
    token_source: str


def start_local_platform() -> LocalPlatform:
    """Start the embedded sandbox (once per process) and make sure this machine is logged in to it. Call only
    when `credentials.wants_embedded_sandbox()`: a server the person chose is never replaced."""
    data = paths.data_dir() / "sandbox"
    url = start_background_sandbox(data)
    token = load_token(url)
    source = token.source if token else ""
    if token is None:
        value, _user = make_token(data, LOCAL_USER, LOCAL_ROLES)
        source = save_token(url, value)
        seed_demo_shop(data, LOCAL_USER)  # the demo project's products, so it can become a post here
    use_embedded_server(url)  # the usual port may have been taken: this run's sandbox may be elsewhere
    return LocalPlatform(url, LOCAL_USER, source)


@dataclass(frozen=True)
class SetupCheck:
    """One line of the setup page: what, its status, and an English template with values."""

    name: str
    status: Status
    template: str
    values: dict[str, object]

    @property
    def message(self) -> str:
        return self.template.format(**self.values)


def _ffmpeg() -> SetupCheck:
    from studio.media.tools import find_ffmpeg

    try:
        binary = find_ffmpeg()
        out = subprocess.run([str(binary), "-hide_banner", "-version"], capture_output=True, text=True,
                             timeout=15, check=False).stdout
    except Exception as exc:
        return SetupCheck("ffmpeg", "error", QT_TRANSLATE_NOOP("errors", "ffmpeg was not found: {detail}"),
                          {"detail": str(exc)})
    version = out.split(" ")[2] if out.startswith("ffmpeg version ") else "?"
    return SetupCheck("ffmpeg", "ok", QT_TRANSLATE_NOOP("errors", "ffmpeg {version} at {path}"),
                      {"version": version, "path": str(binary)})


def _keyring() -> SetupCheck:
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    try:
        keyring.get_password("good-circle-studio-check", "probe")
    except keyring.errors.KeyringError as exc:
        return SetupCheck("keyring", "warning", QT_TRANSLATE_NOOP(
            "errors", "no keyring works here ({detail}): tokens are kept for this session only"),
            {"detail": str(exc) or type(exc).__name__})
    return SetupCheck("keyring", "ok", QT_TRANSLATE_NOOP("errors", "tokens are kept in {backend}"),
                      {"backend": name})


def _disk() -> SetupCheck:
    folder = paths.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(folder).free
    status: Status = "ok" if free >= MIN_FREE_BYTES else "warning"
    return SetupCheck("disk", status, QT_TRANSLATE_NOOP("errors", "{free} GB free at {path}"),
                      {"free": f"{free / 1e9:.1f}", "path": str(folder)})


def _platform(server: str) -> SetupCheck:
    token = load_token(server)
    headers = {"Authorization": f"Bearer {token.value}"} if token else {}
    try:
        response = requests.get(server.rstrip("/") + "/v1/me", headers=headers, timeout=5)
    except requests.RequestException as exc:
        return SetupCheck("platform", "error", QT_TRANSLATE_NOOP("errors", "{server} cannot be reached: {detail}"),
                          {"server": server, "detail": type(exc).__name__})
    if response.status_code == 200:
        me = response.json()
        return SetupCheck("platform", "ok", QT_TRANSLATE_NOOP("errors", "{server}: logged in as {name} ({roles})"),
                          {"server": server, "name": me.get("name", ""), "roles": ", ".join(me.get("roles", []))})
    return SetupCheck("platform", "warning", QT_TRANSLATE_NOOP(
        "errors", "{server} answers, but this machine is not logged in (HTTP {status})"),
        {"server": server, "status": response.status_code})


def check_setup(server: str | None = None) -> list[SetupCheck]:
    """Every check, in the order the setup page lists them."""
    return [_ffmpeg(), _keyring(), _disk(), _platform(server or default_server())]
