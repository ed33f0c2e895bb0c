"""Auth on every endpoint of the contract: a missing, unknown or expired token gets 401, a token without one
of the operation's `x-roles` gets 403 (parametrised over resources/openapi.yaml); the server's routes and
the contract's operations are the same set; tokens are stored hashed only."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests
from starlette.routing import Route

from studio.sandbox.api import contract
from studio.sandbox.app import create_app
from studio.sandbox.store import ROLES, Store, hash_token
from tests.sandbox_fixtures import Sandbox

SAMPLE = {"app_id": "wx0123456789abcdef", "product_id": "SKU-1", "n": "0", "upload_id": "up_0", "post_id": "p_0"}
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def operations() -> list[tuple[str, str, list[str]]]:
    found = []
    for path, item in contract()["paths"].items():
        for method in METHODS:
            if method in item:
                found.append((method.upper(), path, item[method]["x-roles"]))
    return found


OPERATIONS = operations()


def call(sandbox: Sandbox, method: str, path: str, token: str | None) -> requests.Response:
    url = sandbox.url + re.sub(r"\{(\w+)\}", lambda m: SAMPLE[m.group(1)], path)
    headers = {"Tus-Resumable": "1.0.0", "Upload-Length": "10"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    body: dict[str, Any] = {"json": {}} if method in ("PUT", "POST") else {}
    return requests.request(method, url, headers=headers, timeout=10, **body)


def assert_error(r: requests.Response, status: int, code: str) -> None:
    assert r.status_code == status, (r.request.method, r.request.url, r.status_code, r.text)
    if r.request.method != "HEAD":
        assert r.json()["error"]["code"] == code


def test_every_operation_names_its_roles() -> None:
    assert len(OPERATIONS) >= 24
    for method, path, roles in OPERATIONS:
        assert roles and set(roles) <= set(ROLES), (method, path)


def test_server_routes_are_the_contracts_operations(tmp_path) -> None:
    store = Store(tmp_path / "data")
    try:
        app = create_app(store).app
        served = {(m, r.path) for r in app.routes if isinstance(r, Route) for m in (r.methods or ()) if m != "HEAD"
                  or r.methods == {"HEAD"}}
    finally:
        store.close()
    served = {(m, re.sub(r"\{(\w+):\w+\}", r"{\1}", p)) for m, p in served}
    assert served == {(m, p) for m, p, _ in OPERATIONS}


@pytest.mark.parametrize(("method", "path", "roles"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
def test_endpoint_refuses_missing_wrong_expired_and_other_role_tokens(sandbox: Sandbox, method: str, path: str,
                                                                      roles: list[str]) -> None:
    assert_error(call(sandbox, method, path, None), 401, "unauthorized")
    assert_error(call(sandbox, method, path, "gcs_not-a-real-token"), 401, "unauthorized")
    expired = sandbox.token("old", roles[0], ttl_seconds=60)
    sandbox.advance_clock(61)
    assert_error(call(sandbox, method, path, expired), 401, "unauthorized")
    for role in ROLES:
        if role not in roles:
            assert_error(call(sandbox, method, path, sandbox.token(f"only-{role}", role)), 403, "forbidden")
    allowed = call(sandbox, method, path, sandbox.token(f"as-{roles[0]}", roles[0]))
    assert allowed.status_code not in (401, 403), allowed.text


def test_bad_authorization_headers(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    for header in (token, f"Basic {token}", "Bearer", "Bearer  ", f"bearer {token}x"):
        r = requests.get(f"{sandbox.url}/v1/me", headers={"Authorization": header}, timeout=10)
        assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Bearer")
    assert requests.get(f"{sandbox.url}/v1/me", headers={"Authorization": f"bearer {token}"},
                        timeout=10).status_code == 200


def test_one_person_holds_several_roles(sandbox: Sandbox) -> None:
    sandbox.token("ann", "creator")
    token = sandbox.token("ann", "merchant")
    me = requests.get(f"{sandbox.url}/v1/me", headers=sandbox.headers(token), timeout=10).json()
    assert me["name"] == "ann" and me["roles"] == ["creator", "merchant"]
    assert requests.get(f"{sandbox.url}/v1/catalog", headers=sandbox.headers(token), timeout=10).status_code == 200
    assert requests.get(f"{sandbox.url}/v1/listings", headers=sandbox.headers(token), timeout=10).status_code == 200


def test_tokens_are_stored_hashed_only(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    assert sandbox.store.query("SELECT hash FROM tokens") == [(hash_token(token),)]
    for path in sandbox.data_dir.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
