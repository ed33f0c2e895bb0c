"""The platform session against the real sandbox over loopback: 401, bounded retries, Retry-After, and a
POST that is never repeated blindly."""

from __future__ import annotations

import socket

import pytest

from studio.core.errors import PlatformError
from studio.platform.session import AuthRequired, PlatformSession, RetryPolicy, retry_after_seconds

FAST = RetryPolicy(attempts=4, total_seconds=30, base_seconds=0.01, max_wait_seconds=0.05)


class Sleeps(list):
    """Records the waits instead of sleeping them (the waits are what is checked, not the clock)."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_me_with_a_good_token(sandbox) -> None:
    token = sandbox.token("ann", roles=("creator", "merchant"))
    with PlatformSession(sandbox.url + "/", token) as session:
        me = session.me()
    assert me["name"] == "ann" and set(me["roles"]) == {"creator", "merchant"}


@pytest.mark.parametrize("token", [None, "wrong-token-value"])
def test_401_is_auth_required_and_never_retried(sandbox, token: str | None) -> None:
    sleeps = Sleeps()
    with PlatformSession(sandbox.url, token, retry=FAST, sleep=sleeps) as session, \
            pytest.raises(AuthRequired) as caught:
        session.me()
    error = caught.value
    assert error.code == "auth_required" and error.values["status"] == 401
    assert sleeps == []
    assert error.path == f"{sandbox.url}/v1/me"
    assert "log in again" in error.message
    if token:
        assert token not in str(error) and token not in repr(error.values)


def test_expired_token_is_auth_required(sandbox) -> None:
    token = sandbox.token("ann", "creator", ttl_seconds=60)
    sandbox.advance_clock(120)
    with PlatformSession(sandbox.url, token) as session, pytest.raises(AuthRequired):
        session.me()


def test_retries_503_then_succeeds_honouring_retry_after(sandbox) -> None:
    token = sandbox.token("ann", "creator")
    sandbox.faults.set("status=503x2,retry-after=3")
    sleeps = Sleeps()
    with PlatformSession(sandbox.url, token, retry=FAST, sleep=sleeps) as session:
        assert session.me()["name"] == "ann"
    assert sleeps == [3.0, 3.0]  # Retry-After, not the policy's small backoff
    assert sandbox.faults.fired == ["status", "status"]


def test_retries_are_bounded_in_count(sandbox) -> None:
    token = sandbox.token("ann", "creator")
    sandbox.faults.set("status=500x50,retry-after=0")
    sleeps = Sleeps()
    with PlatformSession(sandbox.url, token, retry=FAST, sleep=sleeps) as session, \
            pytest.raises(PlatformError) as caught:
        session.me()
    assert sandbox.faults.fired.count("status") == FAST.attempts
    assert len(sleeps) == FAST.attempts - 1
    assert caught.value.values["attempts"] == FAST.attempts and caught.value.values["status"] == 500
    assert "still unavailable" in caught.value.message


def test_retries_are_bounded_in_time(sandbox) -> None:
    """A Retry-After longer than the time left ends the retries at once (no sleeping past the budget)."""
    token = sandbox.token("ann", "creator")
    sandbox.faults.set("status=429x5,retry-after=120")
    sleeps = Sleeps()
    policy = RetryPolicy(attempts=10, total_seconds=60, base_seconds=0.01)
    with PlatformSession(sandbox.url, token, retry=policy, sleep=sleeps) as session, \
            pytest.raises(PlatformError) as caught:
        session.me()
    assert sleeps == [] and sandbox.faults.fired == ["status"]
    assert caught.value.values["retry_after"] == 120


def test_backoff_has_jitter_and_a_ceiling() -> None:
    import random

    policy = RetryPolicy(base_seconds=0.5, max_wait_seconds=4)
    rng = random.Random(7)
    waits = [policy.backoff(n, rng) for n in range(1, 40)]
    assert all(0 <= w <= 4 for w in waits)
    assert len({round(w, 6) for w in waits}) == len(waits)  # jittered, not a fixed ladder
    assert max(policy.backoff(1, rng) for _ in range(200)) <= 0.5


def test_post_is_not_repeated_blindly(sandbox) -> None:
    """A 503 on POST /v1/uploads/ (creation: not idempotent) is reported, not retried."""
    token = sandbox.token("ann", "creator")
    sandbox.faults.set("status=503x1,retry-after=0,methods=POST")
    sleeps = Sleeps()
    headers = {"Tus-Resumable": "1.0.0", "Upload-Length": "10"}
    with PlatformSession(sandbox.url, token, retry=FAST, sleep=sleeps) as session:
        with pytest.raises(PlatformError) as caught:
            session.request("POST", "/v1/uploads/", headers=headers)
        assert caught.value.values["status"] == 503 and sleeps == []
        assert sandbox.store.query("SELECT count(*) FROM uploads") == [(0,)]
        created = session.request("POST", "/v1/uploads/", headers=headers)  # the fault is spent
        assert created.status_code == 201
    assert sandbox.faults.fired == ["status"]


def test_post_is_retried_when_it_was_certainly_not_processed(sandbox) -> None:
    """429 says the request was refused before any work: even a POST may go again."""
    token = sandbox.token("ann", "creator")
    sandbox.faults.set("status=429x1,retry-after=1,methods=POST")
    sleeps = Sleeps()
    headers = {"Tus-Resumable": "1.0.0", "Upload-Length": "10"}
    with PlatformSession(sandbox.url, token, retry=FAST, sleep=sleeps) as session:
        assert session.request("POST", "/v1/uploads/", headers=headers).status_code == 201
    assert sleeps == [1.0] and sandbox.store.query("SELECT count(*) FROM uploads") == [(1,)]


def test_server_error_body_becomes_the_message(sandbox) -> None:
    token = sandbox.token("ann", "creator")
    with PlatformSession(sandbox.url, token) as session, pytest.raises(PlatformError) as caught:
        session.request("HEAD", "/v1/uploads/up_0000000000000000", headers={"Tus-Resumable": "1.0.0"})
    assert caught.value.values["status"] == 404
    with PlatformSession(sandbox.url, token) as session, pytest.raises(PlatformError) as caught:
        session.request("POST", "/v1/uploads/", headers={"Tus-Resumable": "1.0.0", "Upload-Length": "x"})
    assert caught.value.code == "bad_number" and "upload-length must be" in caught.value.message.lower()


def test_connection_refused_is_retried_then_reported() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    sleeps = Sleeps()
    with PlatformSession(f"http://127.0.0.1:{port}", "t", retry=FAST, sleep=sleeps) as session, \
            pytest.raises(PlatformError) as caught:
        session.me()
    assert len(sleeps) == FAST.attempts - 1
    assert caught.value.values["reason"] == "ConnectionError"
    sleeps.clear()
    with PlatformSession(f"http://127.0.0.1:{port}", "t", retry=FAST, sleep=sleeps) as session, \
            pytest.raises(PlatformError):
        session.request("POST", "/v1/uploads/")  # never reached the server: safe to try again
    assert len(sleeps) == FAST.attempts - 1
    assert "127.0.0.1" in str(caught.value)


def test_retry_after_parsing() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
