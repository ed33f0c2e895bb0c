"""tus 1.0 uploads on the sandbox over real HTTP: creation, strict offsets (409), checksums (460), HEAD after
a dropped connection, expiry (410) and termination; another creator's upload is invisible (404)."""

from __future__ import annotations

import base64
import hashlib
import os

import pytest
import requests

from tests.sandbox_fixtures import Sandbox

DATA = os.urandom(3_000_000)
OCTETS = "application/offset+octet-stream"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def create(sandbox: Sandbox, token: str, length: int = len(DATA), sha256: str | None = None) -> str:
    meta = f"filename {_b64(b'post.gcpkg')},sha256 {_b64((sha256 or hashlib.sha256(DATA).hexdigest()).encode())}"
    r = requests.post(f"{sandbox.url}/v1/uploads/", timeout=10, headers={
        **sandbox.headers(token), "Upload-Length": str(length), "Upload-Metadata": meta})
    assert r.status_code == 201, r.text
    assert r.headers["Tus-Resumable"] == "1.0.0" and r.headers["Upload-Expires"].endswith("GMT")
    return sandbox.url + r.headers["Location"]


def patch(sandbox: Sandbox, token: str, url: str, offset: int, body: bytes, checksum: str | None = None,
          **extra: str) -> requests.Response:
    headers = {**sandbox.headers(token), "Upload-Offset": str(offset), "Content-Type": OCTETS, **extra}
    if checksum:
        algorithm = checksum
        digest = hashlib.new(algorithm, body).digest()
        headers["Upload-Checksum"] = f"{algorithm} {_b64(digest)}"
    return requests.patch(url, data=body, headers=headers, timeout=30)


def offset_of(sandbox: Sandbox, token: str, url: str) -> int:
    r = requests.head(url, headers=sandbox.headers(token), timeout=10)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    return int(r.headers["Upload-Offset"])


def stored(sandbox: Sandbox, url: str) -> bytes:
    return (sandbox.data_dir / "uploads" / (url.rsplit("/", 1)[1] + ".part")).read_bytes()


def test_options_tells_the_extensions(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    r = requests.options(f"{sandbox.url}/v1/uploads/", headers=sandbox.headers(token), timeout=10)
    assert r.status_code == 204
    assert set(r.headers["Tus-Extension"].split(",")) == {"creation", "checksum", "expiration", "termination"}
    assert set(r.headers["Tus-Checksum-Algorithm"].split(",")) == {"sha1", "sha256"}


def test_upload_in_parts_with_checksums_and_strict_offsets(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    url = create(sandbox, token)
    r = patch(sandbox, token, url, 0, DATA[:1_000_000], "sha1")
    assert r.status_code == 204 and r.headers["Upload-Offset"] == "1000000"
    r = patch(sandbox, token, url, 0, DATA[1_000_000:2_000_000], "sha256")
    assert r.status_code == 409 and r.json()["error"]["code"] == "offset_mismatch"
    assert offset_of(sandbox, token, url) == 1_000_000
    r = patch(sandbox, token, url, 1_000_000, DATA[1_000_000:], "sha256")
    assert r.status_code == 204 and r.headers["Upload-Offset"] == str(len(DATA))
    assert stored(sandbox, url) == DATA
    row = sandbox.store.one("SELECT sha256 FROM uploads")
    assert row == (hashlib.sha256(DATA).hexdigest(),)


def test_checksum_mismatch_is_460_and_keeps_nothing(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    url = create(sandbox, token)
    part = DATA[:500_000]
    bad = f"sha1 {_b64(hashlib.sha1(part + b'x').digest())}"
    r = patch(sandbox, token, url, 0, part, **{"Upload-Checksum": bad})
    assert r.status_code == 460 and r.json()["error"]["code"] == "checksum_mismatch"
    assert offset_of(sandbox, token, url) == 0 and stored(sandbox, url) == b""
    r = patch(sandbox, token, url, 0, part, **{"Upload-Checksum": "md5 AAAA"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_checksum_algorithm"


def test_corrupted_byte_is_caught_by_the_checksum(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    url = create(sandbox, token)
    sandbox.faults.set("corrupt=1")
    assert patch(sandbox, token, url, 0, DATA[:200_000], "sha256").status_code == 460
    assert patch(sandbox, token, url, 0, DATA[:200_000], "sha256").status_code == 204
    assert sandbox.faults.fired == ["corrupt"]


@pytest.mark.parametrize("checksum", [None, "sha1"])
def test_dropped_connection_then_head_and_resume(sandbox: Sandbox, checksum: str | None) -> None:
    token = sandbox.token("ann", "creator")
    url = create(sandbox, token)
    sandbox.faults.set(drop_after=700_000, drops=1)
    with pytest.raises(requests.ConnectionError):
        patch(sandbox, token, url, 0, DATA[:2_000_000], checksum)
    offset = offset_of(sandbox, token, url)
    # without a checksum the bytes that arrived are kept; with one, an unverifiable part is dropped whole
    assert offset == (0 if checksum else 700_000)
    assert patch(sandbox, token, url, offset, DATA[offset:], checksum).status_code == 204
    assert stored(sandbox, url) == DATA


def test_part_past_the_length_is_refused(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    url = create(sandbox, token, length=100)
    r = patch(sandbox, token, url, 0, DATA[:101])
    assert r.status_code == 413
    assert offset_of(sandbox, token, url) == 0


def test_wrong_content_type_and_tus_version(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    url = create(sandbox, token)
    assert patch(sandbox, token, url, 0, b"abc", **{"Content-Type": "application/json"}).status_code == 415
    r = patch(sandbox, token, url, 0, b"abc", **{"Tus-Resumable": "0.2.2"})
    assert r.status_code == 412 and r.headers["Tus-Version"] == "1.0.0"


def test_expired_upload_is_gone_and_its_file_removed(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator", ttl_seconds=10 * 86400)
    url = create(sandbox, token)
    assert patch(sandbox, token, url, 0, DATA[:1000]).status_code == 204
    path = sandbox.data_dir / "uploads" / (url.rsplit("/", 1)[1] + ".part")
    assert path.exists()
    sandbox.advance_clock(25 * 3600)
    r = patch(sandbox, token, url, 1000, DATA[1000:2000])
    assert r.status_code == 410 and r.json()["error"]["code"] == "expired"
    assert not path.exists()
    assert requests.head(url, headers=sandbox.headers(token), timeout=10).status_code == 404


def test_expired_uploads_are_swept_when_another_starts(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator", ttl_seconds=10 * 86400)
    old = create(sandbox, token)
    sandbox.advance_clock(25 * 3600)
    create(sandbox, token)
    assert not (sandbox.data_dir / "uploads" / (old.rsplit("/", 1)[1] + ".part")).exists()
    assert sandbox.store.one("SELECT count(*) FROM uploads") == (1,)


def test_termination(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    url = create(sandbox, token)
    patch(sandbox, token, url, 0, DATA[:1000])
    r = requests.delete(url, headers=sandbox.headers(token), timeout=10)
    assert r.status_code == 204
    assert requests.head(url, headers=sandbox.headers(token), timeout=10).status_code == 404
    assert list((sandbox.data_dir / "uploads").iterdir()) == []


def test_another_creator_cannot_see_or_touch_the_upload(sandbox: Sandbox) -> None:
    ann, bob = sandbox.token("ann", "creator"), sandbox.token("bob", "creator")
    url = create(sandbox, ann)
    assert requests.head(url, headers=sandbox.headers(bob), timeout=10).status_code == 404
    assert patch(sandbox, bob, url, 0, DATA[:10]).status_code == 404
    assert requests.delete(url, headers=sandbox.headers(bob), timeout=10).status_code == 404
    assert offset_of(sandbox, ann, url) == 0


def test_upload_larger_than_the_limit_is_refused(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    r = requests.post(f"{sandbox.url}/v1/uploads/", timeout=10,
                      headers={**sandbox.headers(token), "Upload-Length": str(10**12)})
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"


def test_half_open_patch_frees_the_upload_after_the_idle_timeout(tmp_path) -> None:
    """A client that stops sending mid-body (no FIN, no RST) holds the upload only until the idle timeout."""
    import socket
    import time
    from urllib.parse import urlsplit

    from studio.sandbox.server import SandboxServer
    from tests.sandbox_fixtures import Sandbox as Box

    server = SandboxServer(tmp_path / "sb", "127.0.0.1", 0, body_idle_timeout=0.5)
    box = Box(server.start(), tmp_path / "sb", server)
    try:
        token = box.token("ann", "creator")
        url = create(box, token)
        where = urlsplit(url)
        raw = socket.create_connection((where.hostname, where.port), timeout=10)
        raw.sendall((f"PATCH {where.path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                     f"Tus-Resumable: 1.0.0\r\nContent-Type: {OCTETS}\r\nUpload-Offset: 0\r\n"
                     "Content-Length: 1000\r\n\r\n").encode() + DATA[:10])
        offset = 0
        for _ in range(200):  # the server gives up on the silent body; then HEAD shows the 10 bytes
            offset = offset_of(box, token, url)
            if offset:
                break
            time.sleep(0.05)
        assert offset == 10
        assert patch(box, token, url, 10, DATA[10:20]).status_code == 204
        raw.close()
    finally:
        server.stop()
