"""Serving the sandbox with uvicorn: in the foreground (`studio sandbox serve`) or on a background thread
(the app's first run, and the tests' `sandbox` fixture).

`SandboxServer(data_dir, host, port, faults)` binds the socket itself (port 0 picks a free port, so the
URL is known before the first request), runs uvicorn on a thread and stops it cleanly.
`start_background_sandbox(data_dir)` is the embedded default: it tries the default port 8765 and falls
back to a free one, and returns the URL; its one local person holds every role, so it lets a reviewer judge
their own posts (`allow_self_review`), which `studio sandbox serve` never does. Binds 127.0.0.1 unless told
otherwise.

uvicorn speaks HTTP through `_Protocol` (h11): a request head larger than the `max_header_bytes` setting is
answered 431 (the rest of what the client sends is read and dropped for a moment, so the client sees the
answer instead of a reset), and a head that has not arrived whole `header_timeout` seconds after the
connection opened (or after the last answer) is answered 408 and the connection closed: a client sending a
byte now and then cannot hold a connection for ever. Bodies have their own timeouts (api.read_body, tus).
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from studio.core.errors import QT_TRANSLATE_NOOP, MachineError
from studio.sandbox.app import Settings, create_app
from studio.sandbox.faults import Faults
from studio.sandbox.store import Store

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


def _error_body(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message, "details": []}}).encode()


class _Protocol(H11Protocol):
    """uvicorn's h11 protocol with a cap (431) and a deadline (408) on each request head."""

    settings = Settings()

    # ignore: H11Protocol narrows asyncio's BaseTransport to Transport (with its own ignore); so does this
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._draining = False
        self._head_timer: asyncio.TimerHandle | None = None
        self._arm_head_timer()

    def _arm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        self._head_timer = self.loop.call_later(self.settings.header_timeout, self._head_timed_out)

    def _head_timed_out(self) -> None:
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing() and not self._draining:
            self._answer_and_close(408, "header_timeout", "the request head did not arrive in time")

    def data_received(self, data: bytes) -> None:
        if self._draining:
            return  # after a 431: read and drop, so the client's send finishes and it reads the answer
        super().data_received(data)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        buffered = len(self.conn.trailing_data[0])
        if buffered > self.settings.max_header_bytes:
            self._answer_and_close(431, "header_too_large",
                                   f"the request head is larger than {self.settings.max_header_bytes} bytes")
        else:
            self._answer_and_close(400, "bad_request", "the request is not valid HTTP/1.1")

    def _answer_and_close(self, status: int, code: str, message: str) -> None:
        body = _error_body(code, message)
        head = (f"HTTP/1.1 {status} {h11_reason(status)}\r\ncontent-type: application/json\r\n"
                f"content-length: {len(body)}\r\nconnection: close\r\n\r\n").encode()
        self.transport.write(head + body)
        self._draining = True
        self.loop.call_later(2.0, self.transport.close)


def h11_reason(status: int) -> str:
    return {400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large"}[status]


class SandboxServer:
    """The sandbox on a thread: `start()` returns the URL once it answers; `stop()` ends it. `settings` are the
    fields of `app.Settings` (quotas, timeouts, `allow_self_review`, ...)."""

    def __init__(self, data_dir: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *,
                 faults: Faults | None = None, **settings: Any) -> None:
        self._socket = _bind(host, port)
        try:
            self.store = Store(data_dir)
        except BaseException:
            self._socket.close()
            raise
        self.faults = faults or Faults()
        self.settings = Settings(**settings)
        self.app = create_app(self.store, faults=self.faults, **settings)
        bound_host, bound_port = self._socket.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        self.url = f"http://{shown}:{bound_port}"
        protocol = type("SandboxProtocol", (_Protocol,), {"settings": self.settings})
        config = uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off",
                                timeout_graceful_shutdown=2, http=protocol,
                                h11_max_incomplete_event_size=self.settings.max_header_bytes)
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
        server = SandboxServer(Path(data_dir), DEFAULT_HOST, DEFAULT_PORT, allow_self_review=True)
    except MachineError:
        server = SandboxServer(Path(data_dir), DEFAULT_HOST, 0, allow_self_review=True)
    url = server.start()
    _background.append(server)
    return url


def stop_background_sandbox() -> None:
    """Stop the embedded sandbox, if this process started one."""
    while _background:
        _background.pop().stop()
