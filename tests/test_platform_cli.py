"""`studio login / logout / upload / status / catalog sync` in-process and as a real process killed mid-upload,
against the real sandbox; and the token never written anywhere a full run writes."""

from __future__ import annotations

import io
import json
import logging
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from studio.cli import main
from studio.core import settings
from studio.platform import credentials
from tests.platform_fixtures import ByteCountingProxy, MemoryKeyring, Merchant, file_sha256, make_package
from tests.sandbox_fixtures import demo_products_listed  # noqa: F401  (posts need their products listed)

posts_products = pytest.mark.usefixtures("demo_products_listed")

ROOT = Path(__file__).resolve().parents[1]


def run(argv: list[str], capsys: pytest.CaptureFixture[str], stdin: str = "",
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    if monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_login_reads_the_token_from_stdin_and_keeps_it_in_the_keyring(
        sandbox, memory_keyring: MemoryKeyring, capsys, monkeypatch) -> None:
    token = sandbox.token("ann", roles=("creator", "merchant"))
    code, out, err = run(["login", "--server", sandbox.url, "--json"], capsys, token + "\n", monkeypatch)
    assert code == 0, err
    data = json.loads(out)
    assert data["user"] == "ann" and set(data["roles"]) == {"creator", "merchant"} and data["stored"] == "keyring"
    assert memory_keyring.passwords == {(credentials.SERVICE, sandbox.url): token}
    assert settings.Settings().get(settings.SERVER_URL) == sandbox.url
    assert token not in out + err

    code, out, _ = run(["logout"], capsys)  # the server defaults to the last one logged in to
    assert code == 0 and out.strip() == f"logged out of {sandbox.url}"
    assert memory_keyring.passwords == {}


def test_login_with_a_wrong_token_stores_nothing(sandbox, memory_keyring: MemoryKeyring, capsys, monkeypatch) -> None:
    code, out, err = run(["login", "--server", sandbox.url], capsys, "not-a-token\n", monkeypatch)
    assert code == 3 and out == "" and "log in again" in err and "not-a-token" not in err
    assert memory_keyring.passwords == {}


def test_login_without_any_token_is_a_usage_error(sandbox, memory_keyring, capsys, monkeypatch) -> None:
    code, _, err = run(["login", "--server", sandbox.url], capsys, "", monkeypatch)
    assert code == 2 and "no token was given" in err


def test_login_where_no_keyring_works_says_so(sandbox, no_keyring, capsys, monkeypatch, studio_home: Path) -> None:
    token = sandbox.token("ann", "creator")
    code, out, err = run(["login", "--server", sandbox.url, "--json"], capsys, token + "\n", monkeypatch)
    assert code == 4
    error = json.loads(out)["error"]
    assert error["code"] == "no_keyring" and "STUDIO_TOKEN" in error["message"]
    assert token not in out + err
    assert not [p for p in studio_home.rglob("*") if p.is_file() and token.encode() in p.read_bytes()]


def test_commands_without_a_token_ask_for_a_login(sandbox, memory_keyring, capsys) -> None:
    code, _, err = run(["status", "post_x", "--server", sandbox.url], capsys)
    assert code == 3 and f"studio login --server {sandbox.url}" in err


def test_studio_token_serves_scripts(sandbox, no_keyring, capsys, monkeypatch) -> None:
    Merchant(sandbox).put("CUP-1", "陶瓷咖啡杯", 3990)
    monkeypatch.setenv("STUDIO_TOKEN", sandbox.token("ann", "creator"))
    code, out, err = run(["catalog", "sync", "--server", sandbox.url, "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["updated"] == 1


def studio_process(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "studio", *args], cwd=ROOT, env=os.environ.copy(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def server_offset(sandbox) -> int:
    rows = sandbox.store.query('SELECT "offset" FROM uploads')
    return max((r[0] for r in rows), default=0)


def in_flight_chunk() -> int:
    """The size of the chunk the client was sending when it was killed: the next size it had stored."""
    from studio.platform.upload import CHUNK_START
    from studio.platform.upload_store import UploadStore

    with UploadStore.open() as store:
        (record,) = store.all()
        return record.chunk_size or CHUNK_START


@pytest.mark.parametrize("seed", [1, 2])
@posts_products
def test_upload_process_killed_mid_upload_resumes_when_run_again(sandbox, tmp_path: Path, monkeypatch,
                                                                 seed: int) -> None:
    """The client process is killed (SIGKILL) at a random point of the upload and run again: the upload
    completes, the server's file has the source's sha256, and at most the one chunk in flight went twice."""
    rng = random.Random(seed)
    package = make_package(tmp_path / "kill.gcpkg", 12 << 20, seed=seed)
    size = package.stat().st_size
    proxy = ByteCountingProxy(sandbox.url)
    proxy.start()
    try:
        monkeypatch.setenv("STUDIO_TOKEN", sandbox.token("ann", "creator"))
        sandbox.faults.set("stall=0.3x1000,methods=PATCH")  # slow enough to be killed mid-upload
        kill_at = rng.randrange(1 << 20, 4 << 20)  # chunks go 1, 1, 2, 4, 8 MiB: the one in flight ends < 12
        first = studio_process("upload", str(package), "--server", proxy.url, "--json")
        deadline = time.monotonic() + 120
        while server_offset(sandbox) < kill_at and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        first.communicate()
        assert first.returncode == -signal.SIGKILL
        stopped_at = server_offset(sandbox)
        assert 0 < stopped_at < size
        chunk = in_flight_chunk()
        sandbox.faults.clear()

        second = studio_process("upload", str(package), "--server", proxy.url, "--json")
        out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err
        result = json.loads(out)
        assert set(result) >= {"upload_url", "sha256", "bytes", "post_id", "status"}
        assert result["sha256"] == file_sha256(package) and result["bytes"] == size
        assert result["status"] == "in_review" and result["post_id"]
        # the server may still finish the part that was in flight when the client died
        assert stopped_at <= result["resumed_from"] < size
        assert file_sha256(sandbox.store.post_file(result["post_id"])) == file_sha256(package)
        resent = proxy.client_bytes - size
        assert resent <= chunk + 40 * 2048, (resent, chunk)
    finally:
        proxy.stop()


@posts_products
def test_a_full_run_never_writes_the_token(sandbox, memory_keyring, tmp_path: Path, studio_home: Path,
                                           capsys, monkeypatch, caplog) -> None:
    """login, catalog sync, upload (with a dropped connection and a 503), status, logout: the token appears
    in no file under STUDIO_HOME, no log record (DEBUG, urllib3's included) and no output."""
    caplog.set_level(logging.DEBUG)
    token = sandbox.token("ann", roles=("creator", "merchant"))
    Merchant(sandbox).put("CUP-1", "陶瓷咖啡杯", 3990)
    package = make_package(tmp_path / "full.gcpkg", 3 << 20)
    outputs = []
    assert run(["login", "--server", sandbox.url], capsys, token + "\n", monkeypatch)[0] == 0
    outputs.append(capsys.readouterr())
    code, out, err = run(["catalog", "sync"], capsys)
    assert code == 0, err
    outputs.append((out, err))
    sandbox.faults.set("drop=100000,status=503x1,retry-after=0,methods=PATCH")
    code, out, err = run(["upload", str(package), "--json"], capsys)
    assert code == 0, err
    outputs.append((out, err))
    post_id = json.loads(out)["post_id"]
    code, out, err = run(["status", post_id], capsys)
    assert code == 0 and "status: in_review" in out
    outputs.append((out, err))
    code, out, err = run(["status", "post_nope"], capsys)
    assert code == 3
    outputs.append((out, err))
    assert run(["logout"], capsys)[0] == 0
    assert sandbox.faults.fired.count("drop") == 1

    secret = token.encode()
    written = [p for p in studio_home.rglob("*") if p.is_file()]
    assert any(p.name == "uploads.sqlite3" for p in written) and any(p.name == "catalog.sqlite3" for p in written)
    assert [p for p in written if secret in p.read_bytes()] == []
    assert token not in caplog.text and "Bearer" not in caplog.text
    assert all(token not in o and token not in e for o, e in outputs)


@posts_products
def test_status_shows_reasons_and_popup_notes_and_upload_replaces(sandbox, tmp_path: Path, capsys,
                                                                  monkeypatch) -> None:
    import requests

    monkeypatch.setenv("STUDIO_TOKEN", sandbox.token("ann", "creator"))
    first = make_package(tmp_path / "v1.gcpkg", 200_000, title="第一版")
    code, out, err = run(["upload", str(first), "--server", sandbox.url, "--json"], capsys)
    assert code == 0, err
    post_id = json.loads(out)["post_id"]
    reviewer = {"Authorization": f"Bearer {sandbox.token('rita', 'reviewer')}"}
    verdict: dict[str, Any] = {"verdict": "reject", "notes": "价格标签挡住了脸", "reasons": ["popup covers a face"],
                               "popup_notes": [{"popup_id": "p1", "note": "move the card lower"}]}
    answer = requests.post(f"{sandbox.url}/v1/posts/{post_id}/verdict", json=verdict, headers=reviewer, timeout=10)
    assert answer.status_code == 200, answer.text

    code, out, err = run(["status", post_id, "--server", sandbox.url], capsys)
    assert code == 0, err
    assert "status: rejected" in out and "reason: popup covers a face" in out
    assert "notes: 价格标签挡住了脸" in out and "popup p1: move the card lower" in out
    code, out, _ = run(["status", post_id, "--server", sandbox.url, "--json"], capsys)
    data = json.loads(out)
    assert data["status"] == "rejected" and data["popup_notes"] == verdict["popup_notes"]

    fixed = make_package(tmp_path / "v2.gcpkg", 200_000, title="第二版")
    code, out, err = run(["upload", str(fixed), "--server", sandbox.url, "--replaces", post_id, "--json"], capsys)
    assert code == 0, err
    new_id = json.loads(out)["post_id"]
    code, out, _ = run(["status", post_id, "--server", sandbox.url], capsys)
    assert "status: replaced" in out and f"replaced by: {new_id}" in out
