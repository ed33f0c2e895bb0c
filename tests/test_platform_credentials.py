"""Credentials: the keyring (an in-memory backend), STUDIO_TOKEN, the session-only mode, and the upload store."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core import settings
from studio.platform import credentials
from studio.platform.credentials import forget_token, keyring_problem, load_token, save_token
from studio.platform.upload_store import UploadStore
from tests.platform_fixtures import MemoryKeyring

SERVER = "http://127.0.0.1:9/"
TOKEN = "tok_secret_value_123"


def test_keyring_keeps_the_token_per_server(memory_keyring: MemoryKeyring) -> None:
    assert load_token(SERVER) is None
    assert save_token(SERVER, TOKEN) == "keyring"
    assert memory_keyring.passwords == {(credentials.SERVICE, "http://127.0.0.1:9"): TOKEN}
    token = load_token("http://127.0.0.1:9")
    assert token is not None and token.value == TOKEN and token.source == "keyring"
    assert load_token("http://127.0.0.1:10") is None
    assert TOKEN not in repr(token) and TOKEN not in str(token)
    assert keyring_problem(SERVER) is None
    forget_token(SERVER)
    assert memory_keyring.passwords == {}
    assert load_token(SERVER) is None
    forget_token(SERVER)  # logging out twice is fine


def test_studio_token_wins(memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    save_token(SERVER, TOKEN)
    monkeypatch.setenv("STUDIO_TOKEN", "from-env")
    token = load_token(SERVER)
    assert token is not None and (token.value, token.source) == ("from-env", "env")


def test_no_keyring_keeps_the_token_for_the_session_only(no_keyring: None, studio_home: Path) -> None:
    assert save_token(SERVER, TOKEN) == "session"
    token = load_token(SERVER)
    assert token is not None and (token.value, token.source) == (TOKEN, "session")
    problem = keyring_problem(SERVER)
    assert problem is not None and problem.code == "no_keyring"
    assert "only until the app closes" in problem.message and "STUDIO_TOKEN" in problem.message
    assert TOKEN not in str(problem)
    for path in studio_home.rglob("*"):  # never a plaintext file
        assert not path.is_file() or TOKEN.encode() not in path.read_bytes()
    forget_token(SERVER)
    assert load_token(SERVER) is None


def test_default_server_is_the_last_one_else_the_sandbox() -> None:
    assert credentials.default_server() == credentials.SANDBOX_URL
    credentials.remember_server("https://platform.example.com/")
    assert credentials.default_server() == "https://platform.example.com"
    assert settings.Settings().get(settings.SERVER_URL) == "https://platform.example.com"


def test_a_chosen_server_on_loopback_is_never_taken_for_the_embedded_sandbox(monkeypatch) -> None:
    monkeypatch.setattr(credentials, "_embedded_url", None)
    assert credentials.wants_embedded_sandbox()  # nothing chosen
    credentials.use_embedded_server("http://127.0.0.1:8799")  # the usual port was taken this run
    assert credentials.default_server() == "http://127.0.0.1:8799"
    assert settings.Settings().get(settings.SERVER_URL) == ""  # not written over a choice, nor made one
    credentials.remember_server("http://127.0.0.1:9911")  # someone's own server on this machine
    assert not credentials.wants_embedded_sandbox()
    assert credentials.default_server() == "http://127.0.0.1:9911"
    credentials.remember_server(credentials.SANDBOX_URL)  # logged in to the sandbox's usual address: it is ours
    assert credentials.wants_embedded_sandbox()


def test_bad_server_url_is_refused() -> None:
    from studio.core.errors import PlatformError

    with pytest.raises(PlatformError) as caught:
        credentials.remember_server("ftp://x")
    assert caught.value.code == "bad_server_url"


def test_upload_store_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "u.sqlite3"
    with UploadStore.open(path) as store:
        record = store.add("http://s", "/a.gcpkg", 10, "ab" * 32)
        assert (record.state, record.offset, record.upload_url) == ("queued", 0, None)
        again = store.add("http://s", "/moved/a.gcpkg", 10, "ab" * 32)
        assert again.id == record.id and again.path == "/moved/a.gcpkg"
        store.update(record.id, upload_url="http://s/v1/uploads/up_1", offset=4, state="uploading")
    with UploadStore.open(path) as store:  # survives a restart
        reopened = store.get(record.id)
        assert reopened is not None
        assert (reopened.offset, reopened.upload_id, reopened.state) == (4, "up_1", "uploading")
        with pytest.raises(ValueError):
            store.update(reopened.id, state="flying")
        record = store.start_over(record.id)
        assert (record.offset, record.upload_url, record.state) == (0, None, "queued")
        assert [r.id for r in store.all()] == [record.id]
        store.remove(record.id)
        assert store.all() == []
