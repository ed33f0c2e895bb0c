"""The sandbox's ASGI application: every route of resources/openapi.yaml, the one error body, faults.

`create_app(store, faults=..., **settings)` returns the Starlette app wrapped in the fault middleware (a
pass-through unless faults are switched on); `settings` are the fields of `Settings`, the server's own rules
(quotas, timeouts, whether a user may judge their own post). Routes live beside their topic: `tus` (uploads),
`merchants` (applets, listings, images, catalog), `posts` (posts and review); `/v1/me` is here.
No request ends in a 5xx for what it carries: a full disk is 507, anything else unexpected is logged and 500.
Must not hold: how the app is served (server.py).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route

from studio.sandbox import merchants, posts, tus
from studio.sandbox.api import ApiError, authorize, disk_full, error_response, json_response, query_names, store_of
from studio.sandbox.faults import FaultMiddleware, Faults
from studio.sandbox.store import DEFAULT_UPLOAD_TTL, Store

DEFAULT_MAX_UPLOAD = 2 * 1024**3
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    """The server's own rules; the contract (resources/openapi.yaml) names each one it enforces."""

    max_upload_bytes: int = DEFAULT_MAX_UPLOAD
    upload_ttl_seconds: float = DEFAULT_UPLOAD_TTL
    max_open_uploads: int = 4
    """Uploads a creator may hold that are not (yet) posts."""
    max_open_bytes: int = 8 * 1024**3
    """Their declared lengths added up."""
    body_idle_timeout: float = 60.0
    """A body that sends nothing for this long is dropped (PATCH) or refused with 408."""
    body_timeout: float = 120.0
    """A JSON or image body must arrive whole within this."""
    header_timeout: float = 20.0
    """A request's head must arrive whole within this (server.py)."""
    max_header_bytes: int = 32 * 1024
    """A request head larger than this is answered 431 (server.py)."""
    check_media: bool = False
    allow_self_review: bool = False
    """Whether a reviewer may judge a post they made: only the embedded single-user sandbox of the app, where
    one local person holds every role, turns it on."""


async def me(request: Request) -> Response:
    user = authorize(request)
    applets = store_of(request).query("SELECT app_id, name FROM applets WHERE owner_id = ? ORDER BY app_id",
                                      (user.id,))
    return json_response({"id": user.id, "name": user.name, "roles": list(user.roles),
                          "applets": [{"app_id": a, "name": n} for a, n in applets],
                          "may_review_own_posts": bool(request.app.state.allow_self_review)})


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    codes = {404: "not_found", 405: "method_not_allowed"}
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed(request))
    return error_response(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail),
                          headers=headers)


def _allowed(request: Request) -> list[str]:
    """Every method some route of this path answers (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE and isinstance(route, Route):
            methods |= set(route.methods or ())
    return sorted(methods)


async def _server_error(request: Request, exc: Exception) -> Response:
    if disk_full(exc):
        log.warning("sandbox: disk full on %s %s: %s", request.method, request.url.path, exc)
        return error_response(507, "disk_full", "the server's disk is full; try again later",
                              headers={"Retry-After": "60"})
    log.exception("sandbox: unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal", "the sandbox failed; see its log")


def create_app(store: Store, *, faults: Faults | None = None, **settings: Any) -> Any:
    """The ASGI app over `store`; `settings` override `Settings`' defaults. Sweeps expired uploads and orphaned
    upload files first."""
    chosen = Settings(**settings)
    routes = [Route("/v1/me", me, methods=["GET"]), *tus.routes, *merchants.routes, *posts.routes]
    app = Starlette(routes=routes, exception_handlers={
        ApiError: _api_error, HTTPException: _http_error, Exception: _server_error})
    app.router.redirect_slashes = False
    app.state.store = store
    app.state.query_names = query_names(routes)
    for name, value in asdict(chosen).items():
        setattr(app.state, name, value)
    app.state.settings = chosen
    app.state.upload_locks = {}
    tus.sweep_expired(store)
    tus.sweep_orphans(store)
    return FaultMiddleware(app, faults or Faults())
