"""Fault injection on the sandbox (off unless switched on) and the `studio sandbox serve/token` commands,
including `serve --faults` in its own process."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from studio.cli import main
from studio.core.errors import InputError
from studio.sandbox.faults import FaultPlan, parse_spec
from tests.sandbox_fixtures import Sandbox


def me(sandbox: Sandbox, token: str, timeout: float = 10) -> requests.Response:
    return requests.get(f"{sandbox.url}/v1/me", headers=sandbox.headers(token), timeout=timeout)


def test_faults_are_off_unless_switched_on(sandbox: Sandbox) -> None:
    assert not sandbox.faults.enabled
    token = sandbox.token("ann", "creator")
    assert all(me(sandbox, token).status_code == 200 for _ in range(3))
    assert sandbox.faults.fired == []


@pytest.mark.parametrize("status", [500, 503, 429])
def test_status_faults_answer_with_retry_after_then_recover(sandbox: Sandbox, status: int) -> None:
    token = sandbox.token("ann", "creator")
    sandbox.faults.set(f"status={status}x2,retry-after=7")
    for _ in range(2):
        r = me(sandbox, token)
        assert r.status_code == status and r.headers["Retry-After"] == "7"
        assert r.json()["error"]["code"] == "injected_fault"
    assert me(sandbox, token).status_code == 200
    assert sandbox.faults.fired == ["status", "status"]


def test_status_faults_can_hit_only_some_methods(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    sandbox.faults.set(status=503, statuses=1, methods={"HEAD"})
    assert me(sandbox, token).status_code == 200
    r = requests.head(f"{sandbox.url}/v1/uploads/up_x", headers=sandbox.headers(token), timeout=10)
    assert r.status_code == 503
    assert requests.head(f"{sandbox.url}/v1/uploads/up_x", headers=sandbox.headers(token),
                         timeout=10).status_code == 404


def test_stall_outlasts_a_short_client_timeout(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    sandbox.faults.set("stall=1")  # longer than the client waits: that is all the test needs
    with pytest.raises(requests.Timeout):
        me(sandbox, token, timeout=0.3)
    assert me(sandbox, token).status_code == 200
    assert sandbox.faults.fired == ["stall"]


def test_drop_only_hits_patch_bodies(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    sandbox.faults.set("drop=10")
    assert me(sandbox, token).status_code == 200
    assert sandbox.faults.fired == []


def test_spec_parsing() -> None:
    assert parse_spec("drop=1048576x2,status=503x3,retry-after=2,stall=1.5,corrupt=1,methods=PATCH+head") == FaultPlan(
        drop_after=1048576, drops=2, status=503, statuses=3, retry_after=2, stall_seconds=1.5, stalls=1, corrupts=1,
        methods=frozenset({"PATCH", "HEAD"}))
    for bad in ("drop=x", "status=404", "explode=1", "stall=-1"):
        with pytest.raises(InputError):
            parse_spec(bad)


def test_token_command_prints_the_token_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "sb"
    assert main(["sandbox", "token", "--user", "ann", "--role", "creator", "--data", str(data)]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("gcs_") and "\n" not in token
    assert main(["sandbox", "token", "--user", "ann", "--role", "merchant", "--data", str(data), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["roles"] == ["creator", "merchant"] and out["token"] != token
    assert main(["sandbox", "token", "--user", "ann", "--role", "admin", "--data", str(data)]) == 2


def test_serve_in_its_own_process_with_faults(tmp_path: Path, studio_home: Path) -> None:
    data = tmp_path / "sb"
    env = {**os.environ, "STUDIO_HOME": str(studio_home)}
    proc = subprocess.Popen([sys.executable, "-m", "studio", "sandbox", "serve", "--port", "0", "--data", str(data),
                             "--faults", "status=503x1,retry-after=4"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    stdout, stderr = proc.stdout, proc.stderr
    assert stdout is not None and stderr is not None  # both are pipes
    try:
        ready, _, _ = select.select([stdout], [], [], 60)
        assert ready, "serve printed nothing"
        line = stdout.readline().strip()
        assert line.startswith("serving on http://127.0.0.1:")
        url = line.removeprefix("serving on ")
        token = subprocess.run([sys.executable, "-m", "studio", "sandbox", "token", "--user", "ann", "--role",
                                "creator", "--data", str(data)], capture_output=True, text=True, env=env,
                               check=True, timeout=60).stdout.strip()
        headers = {"Authorization": f"Bearer {token}"}
        r = requests.get(f"{url}/v1/me", headers=headers, timeout=10)
        assert r.status_code == 503 and r.headers["Retry-After"] == "4"
        assert requests.get(f"{url}/v1/me", headers=headers, timeout=10).json()["name"] == "ann"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        stdout.close()
        stderr.close()


def test_background_sandbox_for_the_first_run(tmp_path: Path) -> None:
    from studio.sandbox.server import start_background_sandbox, stop_background_sandbox
    from studio.sandbox.store import make_token

    try:
        url = start_background_sandbox(tmp_path / "embedded")
        assert start_background_sandbox(tmp_path / "embedded") == url  # one per process
        token, user = make_token(tmp_path / "embedded", "me", ["creator", "merchant", "reviewer"])
        r = requests.get(f"{url}/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert r.json()["roles"] == ["creator", "merchant", "reviewer"] == list(user.roles)
        assert url.startswith("http://127.0.0.1:")
    finally:
        stop_background_sandbox()
