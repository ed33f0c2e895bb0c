"""A hostile platform of the tests' own: a real HTTP server on loopback that answers whatever a test scripts.

    def test_x(hostile, other_origin):
        hostile.on("GET", "/v1/catalog", lambda h: h.json(catalog_page([listing("A1", images=["file:///x"])])))
        hostile.on("GET", "/v1/posts", HostileServer.endless_chunks)     # or trickle, gzip_bomb, ...
        ...
        assert other_origin.seen == []                                     # the token went nowhere else

Each handler gets the request handler `h` with `h.json`, `h.raw`, `h.chunked` and `h.trickle`; every request
is recorded in `server.seen` (method, path, headers). Unscripted paths answer the contract's 404 error. Also
the canned documents the contract describes (`listing`, `catalog_page`, `post`), a PNG header of any size,
and a gzip body that expands far beyond what it weighs. Loopback only, one server per test, stopped after.
"""

from __future__ import annotations

import contextlib
import json
import struct
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

TIME = "2026-12-01T08:00:00Z"
APP_ID = "wx0123456789abcdef"


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the tests say what matters
        return

    def _dispatch(self) -> None:
        hostile = self.server.hostile
        length = int(self.headers.get("Content-Length") or 0)
        remaining = length
        while remaining > 0:  # drain the body (an upload's PATCH) so the answer is read
            got = self.rfile.read(min(remaining, 1 << 20))
            if not got:
                break
            remaining -= len(got)
        path = self.path.split("?", 1)[0]
        hostile.seen.append(Seen(self.command, self.path, dict(self.headers.items())))
        handler = hostile.routes.get((self.command, path))
        if handler is None:
            self.json({"error": {"code": "not_found", "message": "no such thing", "details": []}}, 404)
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up: as most tests want
            handler(self)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _dispatch

    # -- answers ---------------------------------------------------------------------------------------------

    def raw(self, body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", "Content-Length": str(len(body)),
                            **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def json(self, value: Any, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.raw(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"), status, headers)

    def chunked(self, chunks: Iterable[bytes], headers: dict[str, str] | None = None) -> None:
        self.send_response(200)
        for name, value in {"Content-Type": "application/json", "Transfer-Encoding": "chunked",
                            **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        for chunk in chunks:
            if self.server.hostile.stopping.is_set():
                return
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")

    def trickle(self, interval: float = 1.0, headers_too: bool = False) -> None:
        """One byte every `interval` seconds: of the status line and headers when `headers_too`, else of a
        body announced as 1 MB. Ends when the client hangs up or the server stops."""
        if headers_too:
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
            for byte in head:
                if self.server.hostile.stopping.wait(interval):
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(1 << 20))
        self.end_headers()
        self.wfile.flush()
        while not self.server.hostile.stopping.wait(interval):
            self.wfile.write(b" ")
            self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hostile: HostileServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that hung up is what the tests expect
            super().handle_error(request, client_address)


Handler = Callable[[_Handler], None]


def _tus_offer(handler: _Handler) -> None:
    handler.raw(b"", 204, {"Tus-Resumable": "1.0.0", "Tus-Version": "1.0.0", "Tus-Checksum-Algorithm": "sha1",
                           "Tus-Extension": "creation,checksum,expiration,termination"})


class HostileServer:
    """A scriptable HTTP server on loopback (see the module's docstring)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[tuple[str, str], Handler] = {}
        self.seen: list[Seen] = []
        self.stopping = threading.Event()
        self._httpd = _Server((host, 0), _Handler)
        self._httpd.hostile = self
        self.url = f"http://{host}:{self._httpd.server_address[1]}"
        # serve_forever looks for shutdown every poll interval: 0.5 s by default, which every test paid at its end
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="hostile-server", daemon=True)
        # what any tus server says when asked (discovery comes before an upload's first byte)
        self.on("OPTIONS", "/v1/uploads/", _tus_offer)

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def on(self, method: str, path: str, handler: Handler) -> None:
        self.routes[(method, path)] = handler

    def answer(self, method: str, path: str, value: Any, status: int = 200) -> None:
        """Answer `method path` with the JSON `value`."""
        self.on(method, path, lambda h: h.json(value, status))

    def with_token(self, token: str) -> list[Seen]:
        """The requests that carried `token`."""
        return [s for s in self.seen if s.headers.get("Authorization") == f"Bearer {token}"]

    # -- hostile bodies ----------------------------------------------------------------------------------------

    @staticmethod
    def endless_chunks(h: _Handler) -> None:
        """A chunked JSON body that never ends (as long as the client reads)."""
        h.chunked(_endless())

    @staticmethod
    def gzip_bomb(expanded_mb: int) -> Handler:
        body = gzip_bomb(expanded_mb)

        def handler(h: _Handler) -> None:
            h.raw(body, headers={"Content-Encoding": "gzip"})
        return handler


def _endless() -> Iterator[bytes]:
    yield b'{"items": ['
    block = b'{"sku": "A", "deleted": true, "updated_at": "' + TIME.encode() + b'"},' * 1000
    while True:
        yield block


_BOMBS: dict[int, bytes] = {}


def gzip_bomb(expanded_mb: int) -> bytes:
    """A gzip body of spaces that expands to `expanded_mb` MiB (about a thousandth of that on the wire)."""
    if expanded_mb not in _BOMBS:
        z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        block = b" " * (1 << 20)
        parts = [z.compress(b"[")]
        parts += [z.compress(block) for _ in range(expanded_mb)]
        parts.append(z.compress(b"]") + z.flush())
        _BOMBS[expanded_mb] = b"".join(parts)
    return _BOMBS[expanded_mb]


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header says `width` x `height` (RGBA) with a tiny broken IDAT: decoding it would need
    width*height*4 bytes; measuring it needs 24."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


# -- documents as the contract describes them --------------------------------------------------------------------

def listing(sku: str, **over: Any) -> dict[str, Any]:
    return {"sku": sku, "title": f"Product {sku}", "price_cents": 1299, "promo_price_cents": None,
            "promo_ends_at": None, "currency": "CNY", "images": [],
            "applet": {"app_id": APP_ID, "name": "Shop", "path": f"pages/goods?sku={sku}"},
            "updated_at": TIME, **over}


def catalog_page(items: list[Any], next_cursor: str | None = None) -> dict[str, Any]:
    return {"items": items, "next_cursor": next_cursor, "since": TIME}


def post(post_id: str, **over: Any) -> dict[str, Any]:
    return {"post_id": post_id, "status": "rejected", "creator": {"id": "u1", "name": "ann"}, "upload_id": "up1",
            "sha256": "0" * 64, "size": 10, "title": "A post", "description": "", "hashtags": [], "reasons": [],
            "notes": "", "popup_notes": [], "replaces": None, "replaced_by": None, "created_at": TIME,
            "updated_at": TIME, **over}


ME = {"id": "u1", "name": "ann", "roles": ["creator", "merchant", "reviewer"], "applets": [],
      "may_review_own_posts": False}


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    server = HostileServer().start()
    server.answer("GET", "/v1/me", ME)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def other_origin() -> Iterator[HostileServer]:
    """Another server on loopback (another port: another origin) where nothing of ours may arrive."""
    server = HostileServer().start()
    try:
        yield server
    finally:
        server.stop()


def wait_until(predicate: Callable[[], bool], seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
