"""Every answer from the platform is read through here: bounded in bytes, in time, and checked against the contract.

A server the person logs in to may be hostile or broken, so nothing it sends is trusted to be small, quick or
well formed. Holds:
- `ReadLimits`: a size cap per kind of answer (`json` pages, `image`s, `package`s), an overall deadline per
  request (the read timeout alone restarts at every byte: one byte a second would never end), a page cap per
  sync. `STUDIO_HTTP_DEADLINE` (seconds) changes the default deadline.
- `Deadline` and `WatchedAdapter`: a timer per request that shuts the request's socket when the deadline
  passes, whether the server is slow to answer, to send its headers or its body.
- `read_body`/`stream_body`: the body read while it streams, its compressed size and its expanded size both
  capped (a 1 MB gzip body that expands to 1 GB stops at the cap), so memory never depends on the server.
- `parse_json`: JSON with nesting, NaN and lone surrogates refused, then validated against
  resources/openapi.yaml's schema for that answer (`studio.core.contract`) before the caller stores anything.
- `check_pixels`: an image's pixel count from its header, before anything decodes it.
Every failure is one `ResponseRefused` (a PlatformError: exit 3, `{"error": ...}` with `--json`).
Must not hold: retries, tokens, URLs' origin (`session.py`), what a caller does with the answer.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import HTTPError

from studio.core.contract import fast_validator
from studio.core.errors import QT_TRANSLATE_NOOP, PlatformError
from studio.media.image_info import MAX_PIXELS, T_TOO_MANY_PIXELS

ENV_DEADLINE = "STUDIO_HTTP_DEADLINE"
KINDS = ("json", "image", "package")
_BLOCK = 64 << 10

T_TOO_BIG = QT_TRANSLATE_NOOP("errors", "the platform's answer is larger than {limit} (a {kind} answer may not be)")
T_DEADLINE = QT_TRANSLATE_NOOP("errors", "the platform did not finish answering within {seconds} s; gave up")
T_ENCODING = QT_TRANSLATE_NOOP("errors", "the platform's answer is compressed in a way this app does not read "
                                         "({encoding})")
T_BROKEN = QT_TRANSLATE_NOOP("errors", "the platform's answer is broken ({reason})")
T_NOT_JSON = QT_TRANSLATE_NOOP("errors", "the platform's answer is not JSON ({reason})")
T_NOT_CONTRACT = QT_TRANSLATE_NOOP(
    "errors", "the platform's answer is not the {schema} the contract describes ({where}: {reason}); nothing "
              "was stored")
T_TOO_MANY_PAGES = QT_TRANSLATE_NOOP(
    "errors", "the platform kept sending more pages after {pages}; stopped (nothing of this sync was lost)")


class ResponseRefused(PlatformError):
    """An answer that is too large, too slow, not readable or not what the contract describes."""

    code = "bad_response"


def _default_deadline() -> float:
    try:
        return max(0.1, float(os.environ.get(ENV_DEADLINE, "") or 120.0))
    except ValueError:
        return 120.0


@dataclass(frozen=True)
class ReadLimits:
    """How much the client reads from one answer, and for how long. The package deadline is longer: a
    reviewer's package may be hundreds of MB on a slow line."""

    deadline_seconds: float = field(default_factory=_default_deadline)
    json_bytes: int = 16 << 20
    image_bytes: int = 20 << 20
    package_bytes: int = 4 << 30
    package_deadline_seconds: float = 3600.0
    max_pages: int = 10_000

    def bytes_for(self, kind: str) -> int:
        return {"json": self.json_bytes, "image": self.image_bytes, "package": self.package_bytes}[kind]

    def deadline_for(self, kind: str) -> float:
        return self.package_deadline_seconds if kind == "package" else self.deadline_seconds


def _size_text(n: int) -> str:
    return f"{n / (1 << 20):.0f} MiB" if n >= 1 << 20 else f"{n} bytes"


def _where(response: requests.Response) -> str:
    url = response.url or ""
    return url.split("?", 1)[0]


# -- the deadline ----------------------------------------------------------------------------------------------

_current = threading.local()


class Deadline:
    """One request's overall deadline: when it passes, every connection the request used is shut, which
    ends whatever read is waiting on it. Use as a context manager around sending and reading."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._connections: list[Any] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._outer = getattr(_current, "deadline", None)
        _current.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _current.deadline = self._outer
        with self._lock:
            self._connections.clear()

    def watch(self, connection: Any) -> None:
        with self._lock:
            self._connections.append(connection)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for connection in self._connections:
                sock = getattr(connection, "sock", None)
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)

    def error(self, url: str) -> ResponseRefused:
        return ResponseRefused(T_DEADLINE, url, code="deadline", seconds=round(self.seconds, 1))


def _watched(connection: Any) -> Any:
    deadline = getattr(_current, "deadline", None)
    if deadline is not None:
        deadline.watch(connection)
    return connection


class _WatchedHTTPPool(HTTPConnectionPool):
    def _get_conn(self, timeout: float | None = None) -> Any:
        return _watched(super()._get_conn(timeout))


class _WatchedHTTPSPool(HTTPSConnectionPool):
    def _get_conn(self, timeout: float | None = None) -> Any:
        return _watched(super()._get_conn(timeout))


class WatchedAdapter(HTTPAdapter):
    """requests' adapter whose connections the current `Deadline` can shut."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


# -- bodies ----------------------------------------------------------------------------------------------------

class _Expander:
    """The body's expanded bytes from its raw bytes (identity, gzip or deflate), never more than `limit`."""

    def __init__(self, encoding: str, limit: int, response: requests.Response, kind: str) -> None:
        self.limit, self.response, self.kind = limit, response, kind
        self.produced = 0
        if encoding in ("", "identity"):
            self._z: Any = None
        elif encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise ResponseRefused(T_ENCODING, _where(response), encoding=encoding[:40])

    def _too_big(self) -> ResponseRefused:
        return ResponseRefused(T_TOO_BIG, _where(self.response), code="response_too_big",
                               limit=_size_text(self.limit), kind=self.kind)

    def feed(self, raw: bytes) -> bytes:
        if self._z is None:
            data = raw
        else:
            try:
                data = self._z.decompress(raw, self.limit + 1 - self.produced)
            except zlib.error as exc:
                raise ResponseRefused(T_BROKEN, _where(self.response), reason=str(exc)[:80]) from None
            if self._z.unconsumed_tail:
                raise self._too_big()
        self.produced += len(data)
        if self.produced > self.limit:
            raise self._too_big()
        return data


def stream_body(response: requests.Response, kind: str, limits: ReadLimits) -> Iterator[bytes]:
    """The body of `response` (sent with stream=True) block by block, expanded, within the caps for `kind`.
    Raises ResponseRefused when a cap is passed or the deadline shut the connection."""
    limit = limits.bytes_for(kind)
    declared = response.headers.get("Content-Length", "")
    expander = _Expander(response.headers.get("Content-Encoding", "").strip().lower(), limit, response, kind)
    if declared.isdigit() and int(declared) > limit:
        raise expander._too_big()
    raw_total = 0
    deadline = getattr(_current, "deadline", None)
    try:
        for raw in response.raw.stream(_BLOCK, decode_content=False):
            raw_total += len(raw)
            if raw_total > limit:
                raise expander._too_big()
            data = expander.feed(raw)
            if data:
                yield data
    except (requests.RequestException, OSError, ValueError, HTTPError) as exc:
        if deadline is not None and deadline.expired:
            raise deadline.error(_where(response)) from None
        raise ResponseRefused(T_BROKEN, _where(response), reason=type(exc).__name__) from None
    if deadline is not None and deadline.expired:  # the socket was shut: what came is not the whole answer
        raise deadline.error(_where(response))


def read_body(response: requests.Response, kind: str, limits: ReadLimits) -> bytes:
    """The whole body within the caps for `kind`; also kept as `response.content` for the caller."""
    out = bytearray()
    for block in stream_body(response, kind, limits):
        out += block
    body = bytes(out)
    response._content = body
    response._content_consumed = True
    return body


# -- JSON and the contract -------------------------------------------------------------------------------------

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(response: requests.Response, schema: str | None = None) -> Any:
    """The JSON body of `response` (already read by the session), checked against the contract's `schema`
    (a name under components/schemas) when given. Raises ResponseRefused."""
    where = _where(response)
    body = response.content
    try:
        value = json.loads(body.decode("utf-8"), parse_constant=_no_constant)  # strict: no encoded surrogates
        if _SURROGATE_ESCAPE.search(body):
            json.dumps(value, ensure_ascii=False).encode("utf-8")  # a lone surrogate cannot be encoded
    except RecursionError:
        raise ResponseRefused(T_NOT_JSON, where, reason="nested too deep") from None
    except (ValueError, UnicodeError) as exc:
        raise ResponseRefused(T_NOT_JSON, where, reason=str(exc)[:120]) from None
    if schema is not None:
        check_schema(value, schema, where)
    return value


def check_schema(value: Any, schema: str, where: str) -> None:
    """ResponseRefused naming the first place `value` breaks the contract's `schema`."""
    try:
        error = next(iter(fast_validator(schema).iter_errors(value)), None)
    except (RecursionError, ValueError):
        raise ResponseRefused(T_NOT_CONTRACT, where, code="not_contract", schema=schema, where="/",
                              reason="nested too deep") from None
    if error is not None:
        at = "/" + "/".join(str(p) for p in error.instance_path)
        raise ResponseRefused(T_NOT_CONTRACT, where, code="not_contract", schema=schema, where=at[:120],
                              reason=_short(error.message))


def _short(text: str) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 160 else text[:157] + "..."


class PageCounter:
    """Counts the pages of one paged listing and stops a server that never stops handing out cursors."""

    def __init__(self, limits: ReadLimits, where: str) -> None:
        self.limit, self.where, self.pages = limits.max_pages, where, 0

    def next(self) -> None:
        self.pages += 1
        if self.pages > self.limit:
            raise ResponseRefused(T_TOO_MANY_PAGES, self.where, code="too_many_pages", pages=self.limit)


# -- images ----------------------------------------------------------------------------------------------------

def check_pixels(width: int, height: int, where: str, limit: int = MAX_PIXELS) -> None:
    """ResponseRefused when a picture of `width` x `height` is too large to decode safely."""
    if width * height > limit:
        raise ResponseRefused(T_TOO_MANY_PIXELS, where, code="image_too_large", width=width, height=height,
                              limit=limit // 1_000_000)
