"""Serving the sandbox with uvicorn: in the foreground (`studio sandbox serve`) or on a background thread
(the app's first run, and the tests' `sandbox` fixture).

`SandboxServer(data_dir, host, port, faults)` binds the socket itself (port 0 picks a free port, so the
URL is known before the first request), runs uvicorn on a thread and stops it cleanly.
`start_background_sandbox(data_dir)` is the embedded default: it tries the default port 8765 and falls
back to a free one, and returns the URL. Binds 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn

from studio.core.errors import QT_TRANSLATE_NOOP, MachineError
from studio.sandbox.app import DEFAULT_MAX_UPLOAD, create_app
from studio.sandbox.faults import Faults
from studio.sandbox.store import DEFAULT_UPLOAD_TTL, Store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765

T_BIND = QT_TRANSLATE_NOOP("errors", "cannot listen on {host}:{port}: {reason}")
T_START = QT_TRANSLATE_NOOP("errors", "the sandbox server did not start")


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise MachineError(T_BIND, code="bind_failed", host=host, port=port, reason=exc.strerror or str(exc)) from None
    sock.setblocking(False)
    return sock


class SandboxServer:
    """The sandbox on a thread: `start()` returns the URL once it answers; `stop()` ends it."""

    def __init__(self, data_dir: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *,
                 faults: Faults | None = None, max_upload_bytes: int = DEFAULT_MAX_UPLOAD,
                 upload_ttl_seconds: float = DEFAULT_UPLOAD_TTL, body_idle_timeout: float = 60.0,
                 check_media: bool = False) -> None:
        self._socket = _bind(host, port)
        try:
            self.store = Store(data_dir)
        except BaseException:
            self._socket.close()
            raise
        self.faults = faults or Faults()
        self.app = create_app(self.store, faults=self.faults, max_upload_bytes=max_upload_bytes,
                              upload_ttl_seconds=upload_ttl_seconds, body_idle_timeout=body_idle_timeout,
                              check_media=check_media)
        bound_host, bound_port = self._socket.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        self.url = f"http://{shown}:{bound_port}"
        config = uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off",
                                timeout_graceful_shutdown=2)
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 20.0) -> str:
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]},
                                        name="studio-sandbox", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise MachineError(T_START, code="sandbox_start")
            time.sleep(0.01)
        return self.url

    def wait(self) -> None:
        """Block until the server stops (Ctrl-C stops it)."""
        assert self._thread is not None
        try:
            while self._thread.is_alive():
                self._thread.join(0.5)
        except KeyboardInterrupt:
            self.stop()
            raise

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        self._socket.close()
        self.store.close()


_background: list[SandboxServer] = []


def start_background_sandbox(data_dir: Path) -> str:
    """Start the embedded sandbox for this process (once) and return its URL: port 8765, or a free one."""
    if _background:
        return _background[0].url
    try:
        server = SandboxServer(Path(data_dir), DEFAULT_HOST, DEFAULT_PORT)
    except MachineError:
        server = SandboxServer(Path(data_dir), DEFAULT_HOST, 0)
    url = server.start()
    _background.append(server)
    return url


def stop_background_sandbox() -> None:
    """Stop the embedded sandbox, if this process started one."""
    while _background:
        _background.pop().stop()
