"""Fixtures for the platform client's tests: an in-memory keyring (the one mock: the OS keyring is outside).

`memory_keyring` installs `MemoryKeyring` as the keyring backend for one test and yields it; `no_keyring`
installs keyring's own "fail" backend, which is what a headless Linux without Secret Service has.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import keyring
import keyring.backend
import keyring.errors
import pytest
import requests
from keyring.backends import fail

from studio.core.catalog import demo_products
from studio.core.package import write_package
from studio.core.product import snapshot as product_snapshot
from studio.platform import credentials


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that keeps passwords in a dict."""

    priority = 1

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


class ByteCountingProxy:
    """A TCP forwarder on loopback that counts the bytes the client sends to the server, and can cut the
    connection at an exact byte.

    Between the client and the sandbox, so a test can say how many bytes the server received over the wire
    (request lines and headers included) without touching the server. `start()` returns its URL.
    """

    def __init__(self, target_url: str) -> None:
        parts = urlsplit(target_url)
        self._target = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.client_bytes = 0
        self.cuts = 0
        self._cut_at: int | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []

    def start(self) -> str:
        thread = threading.Thread(target=self._accept, name="byte-proxy", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self.url

    def _accept(self) -> None:
        self._listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection(self._target)
            with self._lock:
                self._sockets += [client, upstream]
            for src, dst, counted in ((client, upstream, True), (upstream, client, False)):
                thread = threading.Thread(target=self._pump, args=(src, dst, counted), daemon=True)
                thread.start()
                self._threads.append(thread)

    def cut_at(self, total_bytes: int) -> None:
        """Reset the connection carrying the client's byte number `total_bytes` (counted over all connections)."""
        with self._lock:
            self._cut_at = total_bytes

    def _pump(self, src: socket.socket, dst: socket.socket, counted: bool) -> None:
        try:
            while data := src.recv(1 << 20):
                cut = False
                if counted:
                    with self._lock:
                        if self._cut_at is not None and self.client_bytes + len(data) >= self._cut_at:
                            data = data[:self._cut_at - self.client_bytes]
                            self._cut_at = None
                            self.cuts += 1
                            cut = True
                        self.client_bytes += len(data)
                dst.sendall(data)
                if cut:  # both ends see the connection end at once (shutdown also wakes the other pump)
                    for sock in (src, dst):
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        with contextlib.suppress(OSError):
                            sock.shutdown(socket.SHUT_RDWR)
                    return
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        self._stop.set()
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.close()
        for thread in self._threads:
            thread.join(5)


def package_manifest(title: str = "玻璃水瓶") -> dict[str, Any]:
    """A valid manifest (one popup on the demo bottle) with the post text `title`."""
    bottle = demo_products()[0]
    snapshot = product_snapshot(bottle)
    applet = snapshot.pop("applet")
    snapshot["image"] = "images/GC-BOTTLE-001.png"
    return {
        "format": "good-circle-package", "schema_version": 1, "app_version": "0.1.0",
        "created_at": "2026-11-25T22:00:00Z", "creator": {"id": "u1", "name": "小圈"},
        "video": {"path": "video.mp4", "duration_ms": 30_000, "width": 1080, "height": 1920},
        "cover": {"path": "cover.jpg", "title": "夏天的水瓶"},
        "post": {"title": title, "description": "好看又好用", "hashtags": ["好物", "水瓶"]},
        "max_visible": 1,
        "popups": [{"id": "p1", "sku": bottle.product_id, "start_ms": 2_000, "end_ms": 6_000,
                    "anchor": {"x": 0.5, "y": 0.6}, "style": "card", "label": "限时折扣", "snapshot": snapshot,
                    "applet": applet}],
    }


def make_package(path: Path, video_bytes: int, *, title: str = "玻璃水瓶", seed: int = 1) -> Path:
    """A valid package of about `video_bytes` (random bytes stand in for the video: core does not decode it),
    written with the project's own writer; the video streams from a temporary file, so any size works."""
    rng = random.Random(seed)
    video = path.with_suffix(".video.tmp")
    with video.open("wb") as fh:
        left = video_bytes
        while left > 0:
            n = min(left, 8 << 20)
            fh.write(rng.randbytes(n))
            left -= n
    try:
        write_package(path, package_manifest(title), {"video.mp4": video, "cover.jpg": b"\xff\xd8cover" + bytes(500),
                                                      "images/GC-BOTTLE-001.png": b"\x89PNG" + bytes(300)})
    finally:
        video.unlink()
    return path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


APP_ID = "wx0123456789abcdef"


class Merchant:
    """A merchant's side, over plain HTTP: link an applet, put and withdraw listings."""

    def __init__(self, sandbox) -> None:
        self.url = sandbox.url
        self.headers = {"Authorization": f"Bearer {sandbox.token('shop', 'merchant')}"}
        self.call("PUT", f"/v1/applets/{APP_ID}", {"name": "好圈小店", "path_template": "pages/goods?sku={sku}"})

    def call(self, method: str, path: str, body: dict | None = None) -> requests.Response:
        response = requests.request(method, self.url + path, json=body, headers=self.headers, timeout=10)
        assert response.status_code < 300, response.text
        return response

    def put(self, sku: str, title: str, price: int) -> None:
        self.call("PUT", f"/v1/listings/{sku}", {"title": title, "price_cents": price, "applet": {"app_id": APP_ID}})
