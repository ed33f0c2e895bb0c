"""The one HTTP session the app talks to the platform through (docs/platform.md), built on requests.

Holds: `PlatformSession` (base URL, bearer token, a timeout on every call, TLS always verified), the retry
rule (`RetryPolicy`: backoff with full jitter on 429, 5xx and connection errors, bounded in attempts and in
total time, `Retry-After` honoured, and only for requests that are safe to repeat), and the mapping of
every failure to `PlatformError` with the server's `message` and `code` (`AuthRequired` for 401).
Must not hold: tus upload logic (`upload.py`), credentials storage (`credentials.py`), Qt.

The token lives only in the session's headers: it is never part of a URL, a log line or an exception
message (errors name the URL without its query string). It goes only to the origin logged in to: every URL,
an API path or one the server handed back (tus Location, image URLs, stored upload URLs), passes `url()`,
which refuses one that leaves that origin; plain http is for loopback only unless the person allows it, and
an untrusted certificate is said as such, never retried. Every answer is read through `responses.py`.
A 401 is never retried: the person is asked for a token again (`AuthRequired`).
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import os
import random
import re
import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests

from studio import __version__
from studio.core.display_text import one_line
from studio.core.errors import QT_TRANSLATE_NOOP, PlatformError
from studio.platform.responses import Deadline, ReadLimits, WatchedAdapter, parse_json, read_body

log = logging.getLogger(__name__)

ENV_ALLOW_PLAIN_HTTP = "STUDIO_ALLOW_PLAIN_HTTP"
"""Set (to anything) by `--allow-plain-http`: plain http to another machine is the person's choice."""
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
"""Methods that may be repeated after a failure without asking (RFC 9110 9.2.2)."""
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

T_SERVER = QT_TRANSLATE_NOOP("errors", "the platform answered {status}: {message}")
T_AUTH = QT_TRANSLATE_NOOP("errors", "the platform did not accept the token ({message}); log in again")
T_FORBIDDEN = QT_TRANSLATE_NOOP("errors", "this account may not do that ({message})")
T_INVALID = QT_TRANSLATE_NOOP("errors", "the platform refused it: {message}{problems}")
T_NETWORK = QT_TRANSLATE_NOOP("errors", "cannot reach the platform ({reason})")
T_TIMEOUT = QT_TRANSLATE_NOOP("errors", "the platform did not answer within {seconds} s")
T_GAVE_UP = QT_TRANSLATE_NOOP(
    "errors", "the platform is still unavailable after {attempts} attempts in {seconds} s ({reason})")
T_BAD_URL = QT_TRANSLATE_NOOP("errors", "{url} is not an http(s) server address")
T_FOREIGN_URL = QT_TRANSLATE_NOOP(
    "errors", "the platform pointed to {url}, which is not on {server}; refused (the token goes to {server} only)")
T_PLAIN_HTTP = QT_TRANSLATE_NOOP(
    "errors", "{server} is not this computer and plain http:// would send the token unencrypted; use https:// "
              "(or --allow-plain-http when the network is trusted)")
T_CERTIFICATE = QT_TRANSLATE_NOOP(
    "errors", "the server's certificate is not trusted ({reason}); if it is a private server, put its CA in "
              "REQUESTS_CA_BUNDLE")


class AuthRequired(PlatformError):
    """401: the token is missing, wrong or expired; ask the person for a new one (never retried)."""

    code = "auth_required"


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try again: at most `attempts` tries within `total_seconds`, waits growing from `base_seconds`
    (doubling, full jitter, at most `max_wait_seconds`), or what the server's `Retry-After` asks."""

    attempts: int = 5
    total_seconds: float = 60.0
    base_seconds: float = 0.5
    max_wait_seconds: float = 15.0

    def backoff(self, retry_number: int, rng: random.Random) -> float:
        """The wait before retry `retry_number` (1-based): full jitter over the doubled base."""
        return rng.uniform(0, min(self.max_wait_seconds, self.base_seconds * 2 ** (retry_number - 1)))


@dataclass(frozen=True)
class Timeouts:
    connect: float = 10.0
    read: float = 60.0

    def as_tuple(self) -> tuple[float, float]:
        return (self.connect, self.read)


def normalize_server(url: str) -> str:
    """`url` without a trailing slash, checked to be http(s) with a host; raises PlatformError otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PlatformError(T_BAD_URL, url, code="bad_server_url", url=url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def is_loopback(host: str) -> bool:
    """`host` is this computer (localhost, 127.0.0.0/8, ::1): plain http never leaves the machine."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, the default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = -1
    return scheme, (parts.hostname or "").lower(), port or (443 if scheme == "https" else 80)


def check_transport(server: str, allow_plain_http: bool) -> None:
    """PlatformError when `server` is plain http to another machine and the person did not allow it."""
    parts = urlsplit(server)
    if parts.scheme == "http" and not is_loopback(parts.hostname or "") and not allow_plain_http:
        raise PlatformError(T_PLAIN_HTTP, server, code="plain_http", server=server)


def _public_url(url: str) -> str:
    """The URL as errors may name it: no query string, no user info."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """`Retry-After` as seconds from now (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (now if now is not None else datetime.now(UTC).timestamp()))


def error_body(response: requests.Response) -> tuple[str, str, list[Any]]:
    """(code, message, details) from the contract's `{"error": {...}}` body, or made from the status."""
    try:
        body = response.json()
        error = body["error"]
        # the server's own words reach a terminal or a label: no control characters, one line, bounded
        code, message = one_line(str(error.get("code") or response.status_code))[:100], \
            one_line(str(error.get("message") or ""))[:500]
        details = error.get("details") or []
        return code, message or response.reason or str(response.status_code), list(details)
    except (ValueError, KeyError, TypeError, AttributeError):
        return f"http_{response.status_code}", response.reason or str(response.status_code), []


def _problems_text(details: list[Any]) -> str:
    lines = []
    for item in details[:50]:  # a server may send a million; a person reads a few
        if isinstance(item, dict):
            where = item.get("path") or item.get("field") or ""
            text = item.get("message") or item.get("code") or ""
            code = item.get("code")
            warning = " (warning)" if item.get("severity") == "warning" else ""
            line = f"{where}: {text}{warning}" + (f" [{code}]" if code and code != text else "")
        else:
            line = str(item)
        lines.append("\n  " + one_line(line)[:300])
    return "".join(lines)


def platform_error(response: requests.Response) -> PlatformError:
    """The project's error for a refused request: the server's message and code; never the token."""
    code, message, details = error_body(response)
    where = _public_url(response.url or "")
    status = response.status_code
    retry_after = retry_after_seconds(response.headers.get("Retry-After"))
    if status == 401:
        return AuthRequired(T_AUTH, where, code="auth_required", message=message, status=status, server_code=code)
    if status == 403:
        return PlatformError(T_FORBIDDEN, where, code=code, message=message, status=status)
    if status in (400, 409, 422):
        return PlatformError(T_INVALID, where, code=code, message=message, problems=_problems_text(details),
                             status=status, details=details)
    return PlatformError(T_SERVER, where, code=code, message=message, status=status, details=details,
                         retry_after=retry_after)


Sleep = Callable[[float], None]


class PlatformSession:
    """One requests.Session for one server and one token. Use as a context manager or call `close()`."""

    def __init__(self, server: str, token: str | None = None, *, retry: RetryPolicy | None = None,
                 timeouts: Timeouts | None = None, sleep: Sleep = time.sleep,
                 rng: random.Random | None = None, limits: ReadLimits | None = None,
                 allow_plain_http: bool | None = None) -> None:
        self.server = normalize_server(server)
        check_transport(self.server, bool(os.environ.get(ENV_ALLOW_PLAIN_HTTP)) if allow_plain_http is None
                        else allow_plain_http)
        self.limits = limits or ReadLimits()
        self.retry = retry or RetryPolicy()
        self.timeouts = timeouts or Timeouts()
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._http = requests.Session()
        self._http.headers["User-Agent"] = f"GoodCircleStudio/{__version__}"
        self._http.headers["Accept-Encoding"] = "gzip, deflate"  # the encodings responses.py reads within caps
        self._http.mount("http://", WatchedAdapter())
        self._http.mount("https://", WatchedAdapter())
        self._http.verify = True  # TLS is always verified (a private CA goes in REQUESTS_CA_BUNDLE)
        self.set_token(token)

    def set_token(self, token: str | None) -> None:
        """Use `token` from now on (None: no Authorization header)."""
        if token:
            self._http.headers["Authorization"] = f"Bearer {token}"
        else:
            self._http.headers.pop("Authorization", None)

    @property
    def has_token(self) -> bool:
        return "Authorization" in self._http.headers

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PlatformSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path_or_url: str, base: str | None = None) -> str:
        """An absolute URL for an API path (`/v1/me`) or a URL the server handed out (resolved against `base`,
        default the server). PlatformError when it leaves the server's origin: the token never goes there."""
        if path_or_url.startswith(("http://", "https://", "//")) or base is not None:
            url = urljoin(base or self.server + "/", path_or_url)
        else:
            url = urljoin(self.server + "/", path_or_url.lstrip("/"))
        if origin(url) != origin(self.server):
            raise PlatformError(T_FOREIGN_URL, self.server, code="foreign_url", url=one_line(_public_url(url))[:200],
                                server=self.server)
        return url

    def request(self, method: str, path_or_url: str, *, retry: bool | None = None, ok: tuple[int, ...] = (),
                headers: Mapping[str, str] | None = None, timeout: Timeouts | None = None,
                kind: str = "json", stream: bool = False, **kwargs: Any) -> requests.Response:
        """Send one request, retrying per `RetryPolicy` when `retry` (default: the method is idempotent).

        Returns the response when it is 2xx/3xx or its status is in `ok`; otherwise raises `PlatformError`
        (`AuthRequired` for 401). A body given as a file or an iterator cannot be resent, so pass
        `retry=False` with those. A request that is not safe to repeat is still retried when it certainly
        never reached the server's logic: the connection could not be made, or the answer was 429.
        The answer is read through `responses` within the caps and the deadline for `kind` (json, image,
        package); with `stream`, the caller reads it with `responses.stream_body` inside `body_deadline(response)`.
        """
        method = method.upper()
        url = self.url(path_or_url)
        may_retry = method in IDEMPOTENT if retry is None else retry
        started = time.monotonic()
        attempt = 0
        reason = ""
        while True:
            attempt += 1
            response: requests.Response | None = None
            not_processed = False
            deadline = Deadline(self.limits.deadline_for(kind))
            try:
                with deadline:
                    response = self._http.request(method, url, headers=headers, stream=True,
                                                  timeout=(timeout or self.timeouts).as_tuple(), **kwargs)
                    if not stream or response.status_code >= 400:
                        try:
                            read_body(response, "json" if response.status_code >= 400 else kind, self.limits)
                        finally:
                            response.close()
            except requests.exceptions.SSLError as exc:
                raise PlatformError(T_CERTIFICATE, _public_url(url), code="certificate",
                                    reason=_certificate_reason(exc)) from None
            except requests.RequestException as exc:
                if deadline.expired:
                    raise deadline.error(_public_url(url)) from None
                if isinstance(exc, requests.Timeout):
                    reason = "timeout"
                    not_processed = isinstance(exc, requests.ConnectTimeout)
                    failure: PlatformError = PlatformError(T_TIMEOUT, _public_url(url), code="timeout",
                                                           seconds=int(self.timeouts.read))
                elif isinstance(exc, requests.ConnectionError):
                    reason = type(exc).__name__
                    not_processed = "NewConnectionError" in repr(exc.args)
                    failure = PlatformError(T_NETWORK, _public_url(url), code="network", reason=_short_reason(exc))
                else:
                    raise PlatformError(T_NETWORK, _public_url(url), code="network",
                                        reason=_short_reason(exc)) from None
            else:
                if stream and response.status_code < 400:
                    body_deadline = Deadline(self.limits.deadline_for(kind))
                    body_deadline.watch(response.raw.connection)  # the connection the body will come on
                    _body_deadlines[response] = body_deadline
                if response.status_code < 400 or response.status_code in ok:
                    return response
                failure = platform_error(response)
                if response.status_code not in RETRY_STATUSES:
                    raise failure
                reason = f"HTTP {response.status_code}"
                not_processed = response.status_code == 429
            if not (may_retry or not_processed):
                raise failure
            elapsed = time.monotonic() - started
            remaining = self.retry.total_seconds - elapsed
            wait = self.retry.backoff(attempt, self._rng)
            asked = retry_after_seconds(response.headers.get("Retry-After")) if response is not None else None
            if asked is not None:
                wait = asked
            if attempt >= self.retry.attempts or wait > remaining:
                raise PlatformError(T_GAVE_UP, _public_url(url), code=failure.code, attempts=attempt,
                                    seconds=round(elapsed, 1), reason=reason, retry_after=asked,
                                    status=response.status_code if response is not None else None) from None
            log.info("%s %s failed (%s); retry %d in %.2f s", method, _public_url(url), reason, attempt, wait)
            if response is not None:
                response.close()
            self._sleep(wait)

    def get_json(self, path: str, **kwargs: Any) -> Any:
        return json_of(self.request("GET", path, **kwargs))

    def me(self) -> dict[str, Any]:
        """`GET /v1/me`: `{id, name, roles, applets}`; raises AuthRequired when the token is not accepted."""
        data: dict[str, Any] = json_of(self.request("GET", "/v1/me"), "Me")
        return data


def json_of(response: requests.Response, schema: str | None = None) -> Any:
    """The JSON body of `response`, checked against the contract's `schema` when given; PlatformError when it
    is not JSON or not that schema (`responses.parse_json`)."""
    return parse_json(response, schema)


def _certificate_reason(exc: BaseException) -> str:
    """What the TLS check said ("self-signed certificate", "certificate has expired"), without URLs."""
    found = _CERT_RE.search(str(exc))
    return found.group(1).strip() if found else "certificate verify failed"


def _short_reason(exc: BaseException) -> str:
    """A one-line reason for a network failure, without URLs or headers (no token can leak through it)."""
    found = _ERRNO_RE.search(str(exc))
    if found:
        return found.group(0).strip()
    if "RemoteDisconnected" in str(exc) or "Connection aborted" in str(exc):
        return "the connection was closed"
    return type(exc).__name__


_body_deadlines: weakref.WeakKeyDictionary[requests.Response, Deadline] = weakref.WeakKeyDictionary()
"""The deadline of each streamed answer's body, kept as long as the answer."""


def body_deadline(response: requests.Response) -> Deadline:
    """The deadline for reading the body of `response`, an answer `PlatformSession.request(stream=True)` gave."""
    return _body_deadlines[response]


_ERRNO_RE = re.compile(r"\[Errno -?\d+\][^'\")\]]*")
_CERT_RE = re.compile(r"certificate verify failed: ([^(')\]]+)")
