"""What every sandbox endpoint shares: the one error body, bearer-token auth with roles, and the one input
layer: capped bodies read against a deadline, JSON parsed by `core.json_input` (depth, lone surrogates, 64-bit
integers) and checked against the contract's own schemas (resources/openapi.yaml, whose `PlainText` and
`Lines` refuse NUL and bidi controls), whole numbers in ASCII digits only, paging cursors and times.

Holds: `ApiError` (→ `{"error": {"code", "message", "details": [...]}}`), `authorize`, `read_body`,
`read_json`, `schema_problems`, `whole_number`, `int_param`, `cursor_param`, `json_response`, `rfc3339`, `contract()`.
Must not hold: an endpoint's own logic (merchants.py, posts.py, tus.py).
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import json
import re
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from studio.core import json_input
from studio.core.contract import contract, validator
from studio.sandbox.store import Store, User

MAX_JSON_BYTES = 2_000_000
_WHOLE = re.compile(r"[0-9]{1,18}")


class ApiError(Exception):
    """An error answer: HTTP status, stable code, English message, details (e.g. per-field problems)."""

    def __init__(self, status: int, code: str, message: str, details: list[Any] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or []
        self.headers = headers or {}

    def response(self) -> Response:
        return error_response(self.status, self.code, self.message, self.details, self.headers)


def error_response(status: int, code: str, message: str, details: list[Any] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    body = {"error": {"code": code, "message": message, "details": details or []}}
    return Response(json.dumps(body, ensure_ascii=False), status, headers=headers, media_type="application/json")


def disk_full(exc: BaseException) -> bool:
    """Whether `exc` says the disk (or the database's page budget) is full: the server answers 507."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    return isinstance(exc, sqlite3.OperationalError) and "full" in str(exc)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None,
                  request: Request | None = None) -> Response:
    """JSON with a strong ETag over the body; answers 304 when `request` already holds that ETag."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    all_headers = {"ETag": etag, **(headers or {})}
    if request is not None and status == 200 and etag in _etags(request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=all_headers)
    return Response(body, status, headers=all_headers, media_type="application/json")


def _etags(header: str) -> set[str]:
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}


def store_of(request: Request) -> Store:
    return request.app.state.store


def authorize(request: Request, *roles: str) -> User:
    """The caller: 401 without a live bearer token, 403 when the user holds none of `roles` (any role when empty)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    challenge = {"WWW-Authenticate": 'Bearer realm="good-circle"'}
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "a bearer token is required (Authorization: Bearer <token>)",
                       headers=challenge)
    user = store_of(request).user_for_token(token.strip())
    if user is None:
        raise ApiError(401, "unauthorized", "the token is unknown or has expired; log in again", headers=challenge)
    if roles and not set(roles) & set(user.roles):
        raise ApiError(403, "forbidden", f"this needs the {' or '.join(roles)} role",
                       details=[{"required_roles": list(roles), "your_roles": list(user.roles)}])
    _check_query(request)
    return user


def _check_query(request: Request) -> None:
    """400 for a query parameter the contract does not name for this operation (a typo such as `sinse`
    would otherwise silently mean a full sync)."""
    method = "get" if request.method == "HEAD" else request.method.lower()
    allowed = request.app.state.query_names.get((request.scope.get("endpoint"), method), frozenset())
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise ApiError(400, "unknown_parameter", f"unknown query parameter {unknown[0]!r}",
                       [{"path": name, "code": "unknown_parameter", "message": "not in the contract"}
                        for name in unknown])


def query_names(routes: list[Any]) -> dict[tuple[Any, str], frozenset[str]]:
    """For each route's (endpoint, method): the query parameters the contract names for that operation."""
    paths = contract()["paths"]
    found: dict[tuple[Any, str], frozenset[str]] = {}
    for route in routes:
        item = paths.get(re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path), {})
        for method in route.methods or ():
            operation = item.get(method.lower(), {})
            params = [*item.get("parameters", []), *operation.get("parameters", [])]
            names = set()
            for param in params:
                if "$ref" in param:
                    param = contract()["components"]["parameters"][param["$ref"].rsplit("/", 1)[1]]
                if param["in"] == "query":
                    names.add(param["name"])
            found[(route.endpoint, method.lower())] = frozenset(names)
    return found


def whole_number(text: str | None, name: str) -> int:
    """A header or parameter that is a whole number: ASCII digits only (`str.isdigit` takes "²"), at most 18 of
    them; 400 `bad_number` otherwise."""
    if text is None or not _WHOLE.fullmatch(text):
        raise ApiError(400, "bad_number", f"{name} must be a whole number written with 0-9 (at most 18 digits)")
    return int(text)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 past `limit` bytes (read as it streams, never more) and with 408 when
    it does not arrive whole within the server's body timeout, or stalls for its idle timeout."""
    declared = request.headers.get("content-length")
    if declared is not None and whole_number(declared, "Content-Length") > limit:
        raise ApiError(413, "too_large", f"the body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    idle = request.app.state.body_idle_timeout
    deadline = time.monotonic() + request.app.state.body_timeout
    stream = request.stream().__aiter__()
    while True:
        wait = min(idle, deadline - time.monotonic())
        try:
            chunk = await asyncio.wait_for(stream.__anext__(), max(wait, 0.001))
        except StopAsyncIteration:
            break
        except TimeoutError:
            raise ApiError(408, "body_timeout", "the body did not arrive in time") from None
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "too_large", f"the body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json(request: Request, schema: str | Callable[[Any], str]) -> Any:
    """The JSON body, checked against `components/schemas/<schema>` of the contract (`schema(body)` names it when
    the form decides: `contract.listing_put_schema`): 400 when it is not JSON that may be used
    (`core.json_input`), 422 with details when it does not match."""
    raw = await read_body(request, MAX_JSON_BYTES)
    try:
        value = json_input.loads(raw)
    except json_input.JsonInputError as exc:
        raise ApiError(400, "bad_json", f"the body cannot be used: {exc}",
                       [{"path": exc.pointer or "/", "code": "bad_json", "message": exc.reason}]) from None
    except ValueError as exc:
        raise ApiError(400, "bad_json", f"the body is not UTF-8 JSON: {exc}") from None
    problems = schema_problems(value, schema if isinstance(schema, str) else schema(value))
    if problems:
        raise ApiError(422, "invalid_body", "the body does not match the contract", problems)
    return value


def schema_problems(value: Any, schema: str, prefix: str = "") -> list[dict[str, Any]]:
    """Where `value` breaks `components/schemas/<schema>`, as error details (`prefix` goes before each path)."""
    return [{"path": prefix + "/" + "/".join(str(p) for p in error.absolute_path), "code": "schema",
             "message": error.message[:300]}
            for error in sorted(validator(schema).iter_errors(value), key=lambda e: list(e.absolute_path))]


def rfc3339(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def cursor_param(request: Request, name: str, schema: str) -> str:
    """Query parameter `name` as a cursor of the contract's `components/schemas/<schema>` ("" when absent or
    empty: from the start). Every string the schema allows is a position, so only what it refuses is refused:
    400 `bad_cursor`."""
    text = request.query_params.get(name, "")
    if not validator(schema).is_valid(text):
        raise ApiError(400, "bad_cursor", f"{name} is not a cursor this server gives out")
    return text


def int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    text = request.query_params.get(name)
    if text is None:
        return default
    if not _WHOLE.fullmatch(text) or not low <= int(text) <= high:
        raise ApiError(400, "bad_parameter", f"{name} must be a whole number from {low} to {high}")
    return int(text)
