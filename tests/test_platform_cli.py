"""`studio login / logout / upload / status / catalog sync` in-process and as a real process killed mid-upload,
against the real sandbox; and the token never written anywhere a full run writes."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from studio.cli import main
from studio.core import settings
from studio.platform import credentials
from tests.platform_fixtures import MemoryKeyring, Merchant

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
