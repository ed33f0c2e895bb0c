"""Resumable upload against the real sandbox over loopback: dropped connections at random bytes, a client
process killed mid-upload, expiry, corrupted parts, and the post made from the upload.

Bytes the server received are counted by a TCP forwarder between client and server (ByteCountingProxy),
so "no run re-sends more than one chunk" is measured on the wire, not on the client's word.
"""

from __future__ import annotations

import random
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from studio.core.cancel import CancelToken
from studio.core.errors import Cancelled, PlatformError
from studio.platform.session import PlatformSession
from studio.platform.upload import ChunkSizer, post_status, send_bytes, upload_package
from studio.platform.upload_store import UploadRecord, UploadStore
from tests.platform_fixtures import ByteCountingProxy, file_sha256, make_package
from tests.sandbox_fixtures import demo_products_listed  # noqa: F401  (posts need their products listed)

pytestmark = pytest.mark.usefixtures("demo_products_listed")

SMALL = {"size": 256 << 10, "minimum": 128 << 10, "maximum": 512 << 10}
HEADER_ALLOWANCE = 2048  # request line and headers of one request


def small_sizer() -> ChunkSizer:
    return ChunkSizer(**SMALL)


@pytest.fixture
def proxy(sandbox):
    forwarder = ByteCountingProxy(sandbox.url)
    forwarder.start()
    yield forwarder
    forwarder.stop()


def server_file(sandbox, upload_url: str | None) -> Path:
    assert upload_url, "the upload has no URL on the server"
    return sandbox.store.upload_file(upload_url.rstrip("/").rsplit("/", 1)[-1])


def stored(store: UploadStore, record_id: int) -> UploadRecord:
    record = store.get(record_id)
    assert record is not None, f"upload {record_id} is not in the store"
    return record


def new_record(store: UploadStore, session: PlatformSession, package: Path):
    return store.add(session.server, str(package), package.stat().st_size, file_sha256(package))


def test_bytes_arrive_whole(sandbox, proxy, tmp_path: Path) -> None:
    package = make_package(tmp_path / "a.gcpkg", 2 << 20)
    token = sandbox.token("ann", "creator")
    seen: list[tuple[int, int]] = []
    with PlatformSession(proxy.url, token) as session, UploadStore.open() as store:
        record, stats = send_bytes(session, package, store, new_record(store, session, package),
                                   progress=lambda d, t: seen.append((d, t)), sizer=small_sizer())
    size = package.stat().st_size
    assert record.state == "uploaded" and record.offset == size
    assert file_sha256(server_file(sandbox, record.upload_url)) == file_sha256(package)
    assert seen[0] == (0, size) and seen[-1] == (size, size)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert stats.interruptions == 0 and stats.bytes_sent == size
    assert size <= proxy.client_bytes <= size + HEADER_ALLOWANCE * (len(seen) + 1)


def test_drops_at_random_bytes_resume_and_resend_at_most_one_chunk(sandbox, proxy, tmp_path: Path) -> None:
    """The suite's small fault run: 5 uploads, each cut once at a random byte (sandbox fault injection)."""
    rng = random.Random(20261125)
    token = sandbox.token("ann", "creator")
    for run in range(5):
        package = make_package(tmp_path / f"p{run}.gcpkg", 3 << 20, seed=run)
        size = package.stat().st_size
        cut_after = rng.randrange(0, size - SMALL["maximum"])
        armed: list[int] = []

        def progress(done: int, total: int, cut_after: int = cut_after, armed: list[int] = armed) -> None:
            if not armed and done >= cut_after:
                armed.append(done)
                sandbox.faults.set(drop_after=rng.randrange(0, SMALL["minimum"]), drops=1)

        before = proxy.client_bytes
        with PlatformSession(proxy.url, token) as session, UploadStore.open() as store:
            record, stats = send_bytes(session, package, store, new_record(store, session, package),
                                       progress=progress, sizer=small_sizer(), sleep=lambda s: None)
        received = proxy.client_bytes - before
        assert sandbox.faults.fired[-1] == "drop" and stats.interruptions == 1, run
        assert file_sha256(server_file(sandbox, record.upload_url)) == file_sha256(package), run
        requests_made = size // SMALL["minimum"] + 8
        assert received - size <= SMALL["maximum"] + HEADER_ALLOWANCE * requests_made, (run, received - size)
        assert stats.bytes_sent - size <= SMALL["maximum"], run
        # done with it: terminated, so the five runs stay within the creator's quota of open uploads
        path = urlsplit(record.upload_url).path
        assert requests.delete(sandbox.url + path, headers=sandbox.headers(token), timeout=10).status_code == 204


def test_a_corrupted_part_is_sent_again(sandbox, tmp_path: Path) -> None:
    package = make_package(tmp_path / "c.gcpkg", 1 << 20)
    token = sandbox.token("ann", "creator")
    sandbox.faults.set(corrupts=1)
    with PlatformSession(sandbox.url, token) as session, UploadStore.open() as store:
        record, stats = send_bytes(session, package, store, new_record(store, session, package),
                                   sizer=small_sizer(), sleep=lambda s: None)
    assert sandbox.faults.fired == ["corrupt"] and stats.interruptions == 1
    assert file_sha256(server_file(sandbox, record.upload_url)) == file_sha256(package)


def test_503_on_a_part_waits_retry_after_then_resumes(sandbox, tmp_path: Path) -> None:
    package = make_package(tmp_path / "s.gcpkg", 1 << 20)
    token = sandbox.token("ann", "creator")
    sandbox.faults.set("status=503x2,retry-after=2,methods=PATCH")
    waits: list[float] = []
    with PlatformSession(sandbox.url, token) as session, UploadStore.open() as store:
        record, stats = send_bytes(session, package, store, new_record(store, session, package),
                                   sizer=small_sizer(), sleep=waits.append)
    assert waits == [2.0, 2.0] and stats.interruptions == 2
    assert file_sha256(server_file(sandbox, record.upload_url)) == file_sha256(package)


def test_failures_in_a_row_are_bounded_and_stay_resumable(sandbox, tmp_path: Path) -> None:
    package = make_package(tmp_path / "b.gcpkg", 1 << 20)
    token = sandbox.token("ann", "creator")
    with PlatformSession(sandbox.url, token) as session, UploadStore.open() as store:
        record = new_record(store, session, package)
        sandbox.faults.set("status=500x1000,retry-after=0,methods=PATCH")
        with pytest.raises(PlatformError) as caught:
            send_bytes(session, package, store, record, sizer=small_sizer(), sleep=lambda s: None)
        assert caught.value.code == "upload_interrupted" and "run it again to resume" in caught.value.message
        patches = sandbox.faults.fired.count("status")
        assert patches == 9  # the first try and 8 more, then it stops
        sandbox.faults.clear()
        record, _stats = send_bytes(session, package, store, stored(store, record.id), sizer=small_sizer())
    assert file_sha256(server_file(sandbox, record.upload_url)) == file_sha256(package)


def test_cancel_then_resume_from_the_server_offset(sandbox, proxy, tmp_path: Path) -> None:
    package = make_package(tmp_path / "k.gcpkg", 2 << 20)
    size = package.stat().st_size
    token = sandbox.token("ann", "creator")
    cancel = CancelToken()

    def progress(done: int, total: int) -> None:
        if done >= size // 2:
            cancel.cancel()

    with PlatformSession(proxy.url, token) as session, UploadStore.open() as store:
        record = new_record(store, session, package)
        with pytest.raises(Cancelled):
            send_bytes(session, package, store, record, progress=progress, cancel=cancel, sizer=small_sizer())
        stopped_at = stored(store, record.id).offset
        assert size // 2 <= stopped_at < size
        record, stats = send_bytes(session, package, store, stored(store, record.id), sizer=small_sizer())
    assert stats.resumed_from == stopped_at and stats.bytes_sent == size - stopped_at
    assert file_sha256(server_file(sandbox, record.upload_url)) == file_sha256(package)
    assert proxy.client_bytes - size <= HEADER_ALLOWANCE * 30


def test_expired_upload_starts_over_cleanly(sandbox, tmp_path: Path) -> None:
    package = make_package(tmp_path / "e.gcpkg", 2 << 20)
    size = package.stat().st_size
    token = sandbox.token("ann", "creator", ttl_seconds=10 * 86400)
    cancel = CancelToken()
    with PlatformSession(sandbox.url, token) as session, UploadStore.open() as store:
        record = new_record(store, session, package)
        with pytest.raises(Cancelled):
            send_bytes(session, package, store, record, cancel=cancel, sizer=small_sizer(),
                       progress=lambda d, t: cancel.cancel() if d > 0 else None)
        old = stored(store, record.id)
        assert old.upload_url and 0 < old.offset < size
        sandbox.advance_clock(2 * 86400)  # past Upload-Expires
        record, stats = send_bytes(session, package, store, old, sizer=small_sizer())
    assert record.upload_url != old.upload_url
    assert stats.restarts == 0 and stats.resumed_from == 0 and stats.bytes_sent == size
    assert file_sha256(server_file(sandbox, record.upload_url)) == file_sha256(package)
    assert not server_file(sandbox, old.upload_url).exists()


def test_upload_package_creates_the_post_with_the_manifest_text(sandbox, tmp_path: Path) -> None:
    package = make_package(tmp_path / "post.gcpkg", 1 << 20, title="夏日水瓶 🌊")
    token = sandbox.token("ann", "creator")
    with PlatformSession(sandbox.url, token) as session:
        result = upload_package(session, package, sizer=small_sizer())
        assert result.post_id and result.status == "in_review"
        assert result.sha256 == file_sha256(package) and result.bytes == package.stat().st_size
        status = post_status(session, result.post_id)
        assert status["title"] == "夏日水瓶 🌊" and status["hashtags"] == ["好物", "水瓶"]
        assert status["sha256"] == result.sha256
        assert file_sha256(sandbox.store.post_file(result.post_id)) == result.sha256
        again = upload_package(session, package)  # running it again finds the post made
        assert (again.post_id, again.bytes_sent) == (result.post_id, 0)
    with UploadStore.open() as store:
        (record,) = store.all()
        assert (record.state, record.post_id) == ("posted", result.post_id)


def test_a_refused_post_says_every_problem(sandbox, tmp_path: Path) -> None:
    package = make_package(tmp_path / "bad.gcpkg", 100_000, title="")
    token = sandbox.token("ann", "creator")
    with PlatformSession(sandbox.url, token) as session, pytest.raises(PlatformError) as caught:
        upload_package(session, package)
    assert caught.value.values["status"] == 422
    assert "post.title: the post has no title [post_title_missing]" in caught.value.message
    with UploadStore.open() as store:
        (record,) = store.all()
        assert record.state == "failed" and record.error
