"""The sandbox's ASGI application: every route of resources/openapi.yaml, the one error body, faults.

`create_app(store, ...)` returns the Starlette app wrapped in the fault middleware (a pass-through unless
faults are switched on). Routes live beside their topic: `tus` (uploads), `merchants` (applets, listings,
images, catalog), `posts` (posts and review); `/v1/me` is here.
Must not hold: how the app is served (server.py).
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from studio.sandbox import merchants, posts, tus
from studio.sandbox.api import ApiError, authorize, error_response, json_response, query_names, store_of
from studio.sandbox.faults import FaultMiddleware, Faults
from studio.sandbox.store import DEFAULT_UPLOAD_TTL, Store

DEFAULT_MAX_UPLOAD = 2 * 1024**3
log = logging.getLogger(__name__)


async def me(request: Request) -> Response:
    user = authorize(request)
    applets = store_of(request).query("SELECT app_id, name FROM applets WHERE owner_id = ? ORDER BY app_id",
                                      (user.id,))
    return json_response({"id": user.id, "name": user.name, "roles": list(user.roles),
                          "applets": [{"app_id": a, "name": n} for a, n in applets]})


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    codes = {404: "not_found", 405: "method_not_allowed"}
    return error_response(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail),
                          headers=dict(exc.headers or {}))


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("sandbox: unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal", "the sandbox failed; see its log")


def create_app(store: Store, *, faults: Faults | None = None, max_upload_bytes: int = DEFAULT_MAX_UPLOAD,
               upload_ttl_seconds: float = DEFAULT_UPLOAD_TTL, body_idle_timeout: float = 60.0,
               check_media: bool = False) -> Any:
    """The ASGI app over `store`."""
    routes = [Route("/v1/me", me, methods=["GET"]), *tus.routes, *merchants.routes, *posts.routes]
    app = Starlette(routes=routes, exception_handlers={
        ApiError: _api_error, HTTPException: _http_error, Exception: _server_error})
    app.router.redirect_slashes = False
    app.state.store = store
    app.state.query_names = query_names(routes)
    app.state.max_upload_bytes = max_upload_bytes
    app.state.upload_ttl_seconds = upload_ttl_seconds
    app.state.upload_locks = {}
    app.state.body_idle_timeout = body_idle_timeout
    app.state.check_media = check_media
    tus.sweep_expired(store)
    return FaultMiddleware(app, faults or Faults())
