"""The `sandbox` fixture: the real sandbox server (uvicorn, real HTTP over loopback) on a free port.

    def test_x(sandbox):
        token = sandbox.token("ann", "creator")          # or roles=("creator", "merchant")
        requests.get(f"{sandbox.url}/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
        sandbox.faults.set("drop=1048576")                # or sandbox.faults.set(status=503, statuses=2)
        sandbox.advance_clock(3600)                       # expiry without waiting

Each test gets its own data folder (under tmp_path) and its own server, stopped afterwards.
`sandbox.store` is the server's database, for setting up state a test needs without HTTP.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from studio.sandbox.faults import Faults
from studio.sandbox.server import SandboxServer
from studio.sandbox.store import Store


@dataclass
class Sandbox:
    url: str
    data_dir: Path
    server: SandboxServer

    @property
    def store(self) -> Store:
        return self.server.store

    @property
    def faults(self) -> Faults:
        return self.server.faults

    def token(self, user: str, role: str | None = None, *, roles: tuple[str, ...] = (),
              ttl_seconds: float = 3600.0) -> str:
        """A fresh token for `user` (made when new) holding `role` / `roles` (added to what it holds)."""
        wanted = (*roles, role) if role else roles
        return self.store.issue_token(user, wanted, ttl_seconds=ttl_seconds)

    def headers(self, token: str) -> dict[str, str]:
        """The auth and tus headers every call sends."""
        return {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}

    def advance_clock(self, seconds: float) -> None:
        """Move the server's clock forward (token and upload expiry)."""
        self.store.clock.advance(seconds)


@pytest.fixture
def sandbox(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sandbox]:
    """A sandbox server on loopback; its settings (`app.Settings` fields) come from an indirect parameter:
    `@pytest.mark.parametrize("sandbox", [{"allow_self_review": True}], indirect=True)`."""
    data = tmp_path / "sandbox-data"
    server = SandboxServer(data, "127.0.0.1", 0, **getattr(request, "param", {}))
    url = server.start()
    try:
        yield Sandbox(url, data, server)
    finally:
        server.stop()


# -- helpers for tests that need state on the sandbox ----------------------------------------------------------

def tus_upload(sandbox: Sandbox, token: str, path: Path, part: int = 1 << 20) -> str:
    """Upload `path` with tus in parts of `part` bytes (sha256 checksum on each); returns the upload id."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    b64 = [base64.b64encode(text.encode()).decode() for text in (path.name, digest)]
    meta = f"filename {b64[0]},sha256 {b64[1]}"
    r = requests.post(f"{sandbox.url}/v1/uploads/", timeout=30, headers={
        **sandbox.headers(token), "Upload-Length": str(len(data)), "Upload-Metadata": meta})
    r.raise_for_status()
    url = sandbox.url + r.headers["Location"]
    offset = 0
    while offset < len(data):
        body = data[offset:offset + part]
        checksum = base64.b64encode(hashlib.sha256(body).digest()).decode()
        r = requests.patch(url, data=body, timeout=60, headers={
            **sandbox.headers(token), "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream",
            "Upload-Checksum": f"sha256 {checksum}"})
        r.raise_for_status()
        offset = int(r.headers["Upload-Offset"])
    return url.rsplit("/", 1)[1]


def link_applet(sandbox: Sandbox, token: str, app_id: str = "wx5f3c2a1b9d8e7f60", name: str = "好圈小店") -> None:
    r = requests.put(f"{sandbox.url}/v1/applets/{app_id}", headers=sandbox.headers(token), timeout=10,
                     json={"name": name, "path_template": "pages/goods/detail?sku={sku}"})
    r.raise_for_status()


def list_demo_products(sandbox: Sandbox, merchant: str = "demo-shop") -> None:
    """The demo catalog's products listed on the sandbox by `merchant` (its applet linked with the demo
    template), so packages that tag them become posts: the platform refuses a popup whose product it does not
    list, or whose applet or page is not its listing's."""
    from studio.core.catalog import DEMO_APP_ID, DEMO_APPLET_NAME, demo_products

    token = sandbox.token(merchant, "merchant")
    link_applet(sandbox, token, DEMO_APP_ID, DEMO_APPLET_NAME[:32])
    items: list[dict[str, Any]] = [{"sku": item.product_id, "listing": {
        "title": item.title, "price_cents": variant.price_cents, "promo_price_cents": variant.promo_price_cents,
        "promo_ends_at": variant.promo_ends_at, "currency": item.currency, "applet": {"app_id": DEMO_APP_ID}}}
        for item in demo_products() for variant in item.variants]
    r = requests.post(f"{sandbox.url}/v1/listings:batch", json={"items": items}, headers=sandbox.headers(token),
                      timeout=30)
    r.raise_for_status()
    assert r.json()["failed"] == 0, r.text


@pytest.fixture
def demo_products_listed(request: pytest.FixtureRequest) -> None:
    """`list_demo_products` on the test's `sandbox`, when the test uses one (mark a module with
    `pytest.mark.usefixtures("demo_products_listed")`)."""
    if "sandbox" in request.fixturenames:
        list_demo_products(request.getfixturevalue("sandbox"))
