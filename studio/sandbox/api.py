"""What every sandbox endpoint shares: the one error body, bearer-token auth with roles, capped JSON bodies
checked against the contract's own schemas (resources/openapi.yaml), times and paging cursors.

Holds: `ApiError` (→ `{"error": {"code", "message", "details": [...]}}`), `authorize`, `read_json`,
`json_response`, `rfc3339`, `encode_cursor`/`decode_cursor`, `contract()`.
Must not hold: an endpoint's own logic (merchants.py, posts.py, tus.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from studio.core.contract import contract, validator
from studio.sandbox.store import Store, User

MAX_JSON_BYTES = 2_000_000


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


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 past `limit` bytes (read as it streams, never more)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "too_large", f"the body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "too_large", f"the body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json(request: Request, schema: str) -> Any:
    """The JSON body, checked against `components/schemas/<schema>` of the contract: 400 or 422 with details."""
    raw = await read_body(request, MAX_JSON_BYTES)
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(400, "bad_json", f"the body is not UTF-8 JSON: {exc}") from None
    problems = [{"path": "/" + "/".join(str(p) for p in error.absolute_path), "code": "schema",
                 "message": error.message[:300]}
                for error in sorted(validator(schema).iter_errors(value), key=lambda e: list(e.absolute_path))]
    if problems:
        raise ApiError(422, "invalid_body", "the body does not match the contract", problems)
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def rfc3339(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def encode_cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def decode_cursor(text: str | None, default: Any) -> Any:
    """A cursor this server gave out; 400 for anything else."""
    if not text:
        return default
    try:
        value = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, TypeError):
        raise ApiError(400, "bad_cursor", "the cursor is not one this server gave out") from None
    if type(value) is not type(default):
        raise ApiError(400, "bad_cursor", "the cursor is not one this server gave out")
    return value


def int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    text = request.query_params.get(name)
    if text is None:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise ApiError(400, "bad_parameter", f"{name} must be a whole number from {low} to {high}")
    return int(text)
