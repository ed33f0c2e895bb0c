"""The sandbox under hostile input, over real HTTP: each request that used to end in a 5xx (or a reset) now
gets a 4xx with a code (or 507 on a full disk); nobody judges their own post; quotas; what is left on disk."""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from studio.sandbox.server import SandboxServer
from tests.sandbox_fixtures import Sandbox, demo_products_listed, link_applet, list_demo_products, tus_upload  # noqa: F401
from tests.test_sandbox_posts import POST, create, make_post, manifest, package  # noqa: F401 (fixture)

APP_ID = "wx5f3c2a1b9d8e7f60"
LISTING: dict[str, Any] = {"title": "玻璃水瓶", "price_cents": 5900, "applet": {"app_id": APP_ID}}


@pytest.fixture
def server_with(tmp_path: Path) -> Iterator[Any]:
    """`server_with(**settings)`: a sandbox with its own settings (stopped afterwards)."""
    started: list[SandboxServer] = []

    def start(**settings: Any) -> Sandbox:
        data = tmp_path / f"sb{len(started)}"
        server = SandboxServer(data, "127.0.0.1", 0, **settings)
        started.append(server)
        return Sandbox(server.start(), data, server)

    yield start
    for server in started:
        server.stop()


def error(r: requests.Response) -> tuple[int, str]:
    return r.status_code, r.json()["error"]["code"]


def raw_json(sandbox: Sandbox, token: str, method: str, path: str, body: bytes) -> requests.Response:
    return requests.request(method, sandbox.url + path, data=body, timeout=30, headers={
        **sandbox.headers(token), "Content-Type": "application/json"})


# -- the 500 causes ------------------------------------------------------------------------------------------

def test_a_lone_surrogate_in_any_text_is_400(sandbox: Sandbox, package: Path) -> None:  # noqa: F811
    merchant = sandbox.token("mo", "merchant")
    link_applet(sandbox, merchant)
    title = json.dumps({**LISTING, "title": "\ud800"}).encode()  # ASCII JSON with the escape, as an attacker sends
    assert error(raw_json(sandbox, merchant, "PUT", "/v1/listings/S1", title)) == (400, "bad_json")
    applet = json.dumps({"name": "\udfff", "path_template": "pages/x"}).encode()
    assert error(raw_json(sandbox, merchant, "PUT", f"/v1/applets/{APP_ID}", applet)) == (400, "bad_json")
    list_demo_products(sandbox, "mo")  # the platform takes posts of listed products only
    creator, reviewer = sandbox.token("ann", "creator"), sandbox.token("rae", "reviewer")
    post = make_post(sandbox, creator, package)
    notes = json.dumps({"verdict": "reject", "notes": "bad \ud83d"}).encode()
    assert error(raw_json(sandbox, reviewer, "POST", f"/v1/posts/{post['post_id']}/verdict", notes)) == (
        400, "bad_json")
    for path, token in (("/v1/review/queue", reviewer), ("/v1/listings", merchant), ("/v1/catalog", creator)):
        r = requests.get(f"{sandbox.url}{path}?cursor=%ED%A0%80", headers=sandbox.headers(token), timeout=10)
        assert error(r) == (400, "bad_cursor"), path


def test_json_nested_100000_deep_is_400(sandbox: Sandbox) -> None:
    merchant = sandbox.token("mo", "merchant")
    deep = b"[" * 100_000 + b"]" * 100_000
    r = raw_json(sandbox, merchant, "POST", "/v1/listings:batch", b'{"items": ' + deep + b"}")
    assert error(r) == (400, "bad_json") and "nested" in r.json()["error"]["message"]


def test_digits_that_are_not_ascii_are_400(sandbox: Sandbox) -> None:
    creator = sandbox.token("ann", "creator")
    r = requests.post(f"{sandbox.url}/v1/uploads/", headers={**sandbox.headers(creator), "Upload-Length": "1²"},
                      timeout=10)
    assert error(r) == (400, "bad_number")
    r = requests.post(f"{sandbox.url}/v1/uploads/", headers={**sandbox.headers(creator), "Upload-Length": "10"},
                      timeout=10)
    url = sandbox.url + r.headers["Location"]
    r = requests.patch(url, data=b"x", timeout=10, headers={
        **sandbox.headers(creator), "Upload-Offset": "²", "Content-Type": "application/offset+octet-stream"})
    assert error(r) == (400, "bad_number")
    for value in ("²", "١٠", "1e3", "-1"):
        r = requests.get(f"{sandbox.url}/v1/posts", params={"limit": value}, headers=sandbox.headers(creator),
                         timeout=10)
        assert error(r) == (400, "bad_parameter"), value


def test_integers_past_64_bits_in_since_and_cursors_are_400(sandbox: Sandbox) -> None:
    creator = sandbox.token("ann", "creator")
    for name in ("since", "cursor"):
        for value in (str(2**63), str(2**64 + 5), "-1", "1" * 19, "MTI"):
            r = requests.get(f"{sandbox.url}/v1/catalog", params={name: value},
                             headers=sandbox.headers(creator), timeout=10)
            assert error(r) == (400, "bad_cursor"), (name, value)
    r = requests.get(f"{sandbox.url}/v1/catalog", params={"since": "9" * 18}, headers=sandbox.headers(creator),
                     timeout=10)
    assert r.status_code == 200 and r.json()["items"] == []
    for value in (f"{2**70}~p_1", "1e400~p_1", "nan~p_1"):
        r = requests.get(f"{sandbox.url}/v1/posts", params={"cursor": value}, headers=sandbox.headers(creator),
                         timeout=10)
        assert error(r) == (400, "bad_cursor"), value
    r = requests.get(f"{sandbox.url}/v1/posts", params={"cursor": "999999999999.5~zz"},
                     headers=sandbox.headers(creator), timeout=10)
    assert r.status_code == 200 and r.json() == {"items": [], "next_cursor": None}


@pytest.mark.usefixtures("demo_products_listed")  # the platform takes posts of listed products only
def test_patch_at_the_end_of_an_upload_that_became_a_post(sandbox: Sandbox, package: Path) -> None:  # noqa: F811
    creator = sandbox.token("ann", "creator")
    upload_id = tus_upload(sandbox, creator, package)
    assert create(sandbox, creator, upload_id, package).status_code == 201
    url = f"{sandbox.url}/v1/uploads/{upload_id}"
    size = package.stat().st_size
    headers = {**sandbox.headers(creator), "Upload-Offset": str(size),
               "Content-Type": "application/offset+octet-stream"}
    r = requests.patch(url, data=b"", headers=headers, timeout=10)
    assert r.status_code == 204 and r.headers["Upload-Offset"] == str(size)
    assert error(requests.patch(url, data=b"more", headers=headers, timeout=10)) == (413, "past_length")
    chunked = requests.patch(url, data=iter([b"m", b"ore"]), headers=headers, timeout=10)  # no Content-Length
    assert error(chunked) == (413, "past_length")


def test_a_full_database_is_507_and_leaves_no_orphan(server_with: Any) -> None:
    box = server_with(max_open_uploads=10_000, max_open_bytes=10**15)
    creator = box.token("ann", "creator")
    pages = box.store.one("PRAGMA page_count")[0]
    box.store.query(f"PRAGMA max_page_count = {pages}")
    statuses = []
    for _ in range(400):
        r = requests.post(f"{box.url}/v1/uploads/", headers={**box.headers(creator), "Upload-Length": "10"},
                          timeout=10)
        statuses.append(r.status_code)
        if r.status_code != 201:
            break
    assert statuses[-1] == 507 and r.json()["error"]["code"] == "disk_full" and "Retry-After" in r.headers
    rows = {i for (i,) in box.store.query("SELECT id FROM uploads")}
    files = {p.stem for p in (box.data_dir / "uploads").iterdir()}
    assert files == rows and len(rows) == len(statuses) - 1


def test_a_full_disk_during_a_patch_is_507_and_keeps_the_offset(sandbox: Sandbox) -> None:
    creator = sandbox.token("ann", "creator")
    r = requests.post(f"{sandbox.url}/v1/uploads/", headers={**sandbox.headers(creator), "Upload-Length": "100"},
                      timeout=10)
    url = sandbox.url + r.headers["Location"]
    part = sandbox.data_dir / "uploads" / (url.rsplit("/", 1)[1] + ".part")
    part.unlink()
    part.symlink_to("/dev/full")  # a device that answers every write with ENOSPC
    r = requests.patch(url, data=b"x" * 50, timeout=10, headers={
        **sandbox.headers(creator), "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"})
    assert error(r) == (507, "disk_full") and r.headers["Upload-Offset"] == "0"
    head = requests.head(url, headers=sandbox.headers(creator), timeout=10)
    assert head.status_code == 200 and head.headers["Upload-Offset"] == "0"


# -- who may judge --------------------------------------------------------------------------------------------

@pytest.mark.usefixtures("demo_products_listed")  # the platform takes posts of listed products only
def test_nobody_judges_their_own_post(sandbox: Sandbox, package: Path) -> None:  # noqa: F811
    both = sandbox.token("ann", roles=("creator", "reviewer"))
    post = make_post(sandbox, both, package)
    r = requests.post(f"{sandbox.url}/v1/posts/{post['post_id']}/verdict", json={"verdict": "approve"},
                      headers=sandbox.headers(both), timeout=10)
    assert error(r) == (403, "own_post")
    assert requests.get(f"{sandbox.url}/v1/me", headers=sandbox.headers(both), timeout=10).json()[
        "may_review_own_posts"] is False
    other = sandbox.token("rae", "reviewer")
    r = requests.post(f"{sandbox.url}/v1/posts/{post['post_id']}/verdict", json={"verdict": "approve"},
                      headers=sandbox.headers(other), timeout=10)
    assert r.status_code == 200 and r.json()["status"] == "approved"


def test_the_embedded_single_user_sandbox_may_allow_it(server_with: Any, package: Path) -> None:  # noqa: F811
    box = server_with(allow_self_review=True)
    list_demo_products(box)  # the platform takes posts of listed products only
    both = box.token("me", roles=("creator", "merchant", "reviewer"))
    assert requests.get(f"{box.url}/v1/me", headers=box.headers(both), timeout=10).json()["may_review_own_posts"]
    post = make_post(box, both, package)
    r = requests.post(f"{box.url}/v1/posts/{post['post_id']}/verdict", json={"verdict": "approve"},
                      headers=box.headers(both), timeout=10)
    assert r.status_code == 200


@pytest.mark.usefixtures("demo_products_listed")  # the platform takes posts of listed products only
def test_the_post_creator_is_the_uploader_whatever_the_manifest_says(sandbox: Sandbox, package: Path) -> None:  # noqa: F811
    assert manifest()["creator"]["name"] == "小圈"
    ann = sandbox.token("ann", "creator")
    post = make_post(sandbox, ann, package)
    me = requests.get(f"{sandbox.url}/v1/me", headers=sandbox.headers(ann), timeout=10).json()
    assert post["creator"] == {"id": me["id"], "name": "ann"}


# -- quotas and what stays on disk -----------------------------------------------------------------------------

def _open(box: Sandbox, token: str, length: int) -> requests.Response:
    return requests.post(f"{box.url}/v1/uploads/", headers={**box.headers(token), "Upload-Length": str(length)},
                         timeout=10)


def test_open_uploads_and_bytes_per_creator_are_capped(server_with: Any) -> None:
    box = server_with(max_open_uploads=2, max_open_bytes=1000)
    ann, bob = box.token("ann", "creator"), box.token("bob", "creator")
    first = _open(box, ann, 600)
    assert first.status_code == 201
    r = _open(box, ann, 500)
    assert error(r) == (409, "upload_quota")
    assert r.json()["error"]["details"] == [{"open_uploads": 1, "max_open_uploads": 2, "open_bytes": 600,
                                             "max_open_bytes": 1000}]
    assert _open(box, ann, 400).status_code == 201
    assert error(_open(box, ann, 1)) == (409, "upload_quota")  # two open
    assert _open(box, bob, 1000).status_code == 201  # per creator
    requests.delete(box.url + first.headers["Location"], headers=box.headers(ann), timeout=10)
    assert _open(box, ann, 600).status_code == 201


def test_a_refused_package_loses_its_file_at_once_and_the_retry_answers_the_same(
        sandbox: Sandbox, tmp_path: Path) -> None:
    bad = tmp_path / "bad.gcpkg"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("manifest.json", "{}")
    ann = sandbox.token("ann", "creator")
    upload_id = tus_upload(sandbox, ann, bad)
    first = create(sandbox, ann, upload_id, bad)
    assert error(first) == (422, "invalid_post")
    assert list((sandbox.data_dir / "uploads").iterdir()) == []
    again = create(sandbox, ann, upload_id, bad)
    assert again.status_code == 422 and again.json() == first.json()
    count = sandbox.store.one("SELECT COUNT(*) FROM uploads WHERE refused IS NULL AND post_id IS NULL")
    assert count == (0,)  # counts against no quota


def test_bytes_around_the_zip_are_refused(sandbox: Sandbox, package: Path, tmp_path: Path) -> None:  # noqa: F811
    ann = sandbox.token("ann", "creator")
    for name, data, code in (("html.gcpkg", b"<html>hi</html>" + package.read_bytes(), "bytes_before_zip"),
                             ("tail.gcpkg", package.read_bytes() + b"\x00tail", "bytes_after_zip")):
        path = tmp_path / name
        path.write_bytes(data)
        r = create(sandbox, ann, tus_upload(sandbox, ann, path), path)
        assert error(r) == (422, "invalid_post")
        assert [p["code"] for p in r.json()["error"]["details"]] == [code]


def test_orphans_are_swept_when_the_server_starts(tmp_path: Path) -> None:
    data = tmp_path / "sb"
    server = SandboxServer(data, "127.0.0.1", 0)
    box = Sandbox(server.start(), data, server)
    ann = box.token("ann", "creator")
    live = _open(box, ann, 10).headers["Location"].rsplit("/", 1)[1]
    lost = _open(box, ann, 10).headers["Location"].rsplit("/", 1)[1]
    server.stop()
    (data / "uploads" / "up_deadbeef00000000.part").write_bytes(b"left by a crash")
    (data / "uploads" / "probe-v_1.mp4").write_bytes(b"a probe's copy")
    (data / "uploads" / f"{lost}.part").unlink()
    server = SandboxServer(data, "127.0.0.1", 0)
    try:
        assert sorted(p.name for p in (data / "uploads").iterdir()) == [f"{live}.part"]
        assert server.store.query("SELECT id FROM uploads") == [(live,)]
    finally:
        server.stop()


@pytest.mark.usefixtures("demo_products_listed")  # the platform takes posts of listed products only
def test_a_finished_upload_cannot_be_terminated_and_the_post_retry_still_answers(
        sandbox: Sandbox, package: Path) -> None:  # noqa: F811
    ann = sandbox.token("ann", "creator")
    upload_id = tus_upload(sandbox, ann, package)
    assert create(sandbox, ann, upload_id, package).status_code == 201
    r = requests.delete(f"{sandbox.url}/v1/uploads/{upload_id}", headers=sandbox.headers(ann), timeout=10)
    assert error(r) == (409, "upload_used")
    again = create(sandbox, ann, upload_id, package)
    assert again.status_code == 200


# -- HTTP itself -------------------------------------------------------------------------------------------------

def _raw(url: str, data: bytes, wait: float = 10.0) -> bytes:
    """Send `data` as it is and read the answer: its head and the body its Content-Length promises (the
    server also closes the connection, after a grace period for the client to finish sending)."""
    where = urlsplit(url)
    with socket.create_connection((where.hostname, where.port), timeout=wait) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
            head, ended, body = answer.partition(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length: *(\d+)", head)
            if ended and length and len(body) >= int(length.group(1)):
                break
        return answer


def test_an_oversized_head_is_431_not_a_reset(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    r = requests.get(f"{sandbox.url}/v1/me", headers={**sandbox.headers(token), "X-Big": "x" * 200_000}, timeout=10)
    assert error(r) == (431, "header_too_large")
    assert requests.get(f"{sandbox.url}/v1/me", headers=sandbox.headers(token), timeout=10).status_code == 200


def test_slow_heads_and_slow_bodies_are_cut_off(server_with: Any) -> None:
    box = server_with(header_timeout=0.5, body_timeout=0.5, body_idle_timeout=0.3)
    started = time.monotonic()
    answer = _raw(box.url, b"GET /v1/me HTTP/1.1\r\nHost: x\r\n")  # never finishes its head
    assert answer.startswith(b"HTTP/1.1 408 ") and b"header_timeout" in answer
    assert time.monotonic() - started < 5
    token = box.token("mo", "merchant")
    answer = _raw(box.url, (f"PUT /v1/applets/{APP_ID} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{").encode())
    assert answer.startswith(b"HTTP/1.1 408 ") and b"body_timeout" in answer


def test_tus_requests_without_tus_resumable_are_412(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    auth = {"Authorization": f"Bearer {token}"}
    r = requests.post(f"{sandbox.url}/v1/uploads/", headers={**auth, "Upload-Length": "10"}, timeout=10)
    assert error(r) == (412, "tus_version") and r.headers["Tus-Version"] == "1.0.0"
    url = sandbox.url + _open(sandbox, token, 10).headers["Location"]
    assert requests.head(url, headers=auth, timeout=10).status_code == 412
    assert requests.patch(url, data=b"x", timeout=10, headers={
        **auth, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}).status_code == 412
    assert requests.delete(url, headers=auth, timeout=10).status_code == 412
    assert requests.options(f"{sandbox.url}/v1/uploads/", headers=auth, timeout=10).status_code == 204


def test_405_lists_every_method_of_the_path(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    r = requests.put(f"{sandbox.url}/v1/posts", headers=sandbox.headers(token), timeout=10)
    assert error(r) == (405, "method_not_allowed")
    assert set(r.headers["Allow"].split(", ")) == {"GET", "HEAD", "POST"}
    r = requests.put(f"{sandbox.url}/v1/uploads/x", headers=sandbox.headers(token), timeout=10)
    assert set(r.headers["Allow"].split(", ")) == {"HEAD", "PATCH", "DELETE"}


# -- text the contract calls text -----------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["\x00", "\u202e", "\u2067"])
def test_nul_and_bidi_controls_in_titles_are_422(sandbox: Sandbox, bad: str) -> None:
    merchant = sandbox.token("mo", "merchant")
    link_applet(sandbox, merchant)
    r = requests.put(f"{sandbox.url}/v1/listings/S1", json={**LISTING, "title": f"瓶{bad}gpj.exe"},
                     headers=sandbox.headers(merchant), timeout=10)
    assert error(r) == (422, "invalid_body") and r.json()["error"]["details"][0]["path"] == "/title"
    creator = sandbox.token("ann", "creator")
    body = {"upload_id": "up_x", "sha256": "0" * 64, **POST, "title": f"t{bad}"}
    r = requests.post(f"{sandbox.url}/v1/posts", json=body, headers=sandbox.headers(creator), timeout=10)
    assert error(r) == (422, "invalid_body")


def test_a_promotion_ending_in_year_1_is_refused_not_echoed(sandbox: Sandbox) -> None:
    merchant = sandbox.token("mo", "merchant")
    link_applet(sandbox, merchant)
    for when in ("0001-01-01T00:00:00Z", "9999-12-31T23:59:59-01:00", "１９９９-01-01T00:00:00Z"):
        r = requests.put(f"{sandbox.url}/v1/listings/S1", timeout=10, headers=sandbox.headers(merchant),
                         json={**LISTING, "promo_price_cents": 100, "promo_ends_at": when})
        assert r.status_code == 422, when
    ok = requests.put(f"{sandbox.url}/v1/listings/S1", timeout=10, headers=sandbox.headers(merchant),
                      json={**LISTING, "promo_price_cents": 100, "promo_ends_at": "2030-01-01T08:00:00+08:00"})
    assert ok.json()["variants"][0]["promo_ends_at"] == "2030-01-01T00:00:00Z"


def test_metadata_follows_the_contract_grammar_and_values_are_kept_as_sent(sandbox: Sandbox) -> None:
    token = sandbox.token("ann", "creator")
    surrogate = base64.b64encode(b"\xed\xa0\x80").decode()  # any bytes: tus values are not text
    r = _open_with(sandbox, token, f"filename {surrogate},flag,filename YQ==")
    assert r.status_code == 201
    head = requests.head(sandbox.url + r.headers["Location"], headers=sandbox.headers(token), timeout=10)
    assert head.headers["Upload-Metadata"] == "filename YQ==,flag"
    for bad in ("filename YQ=", "a b c", "k YQ==,", "ключ YQ=="):
        assert error(_open_with(sandbox, token, bad)) == (400, "bad_metadata"), bad
    assert len(os.listdir(sandbox.data_dir / "uploads")) == 1


def _open_with(box: Sandbox, token: str, metadata: str) -> requests.Response:
    return requests.post(f"{box.url}/v1/uploads/", timeout=10, headers={
        **box.headers(token), "Upload-Length": "1", "Upload-Metadata": metadata.encode().decode("latin-1")})


@pytest.mark.parametrize(("schema", "lines"), [("PlainText", False), ("Lines", True)])
def test_the_contract_text_patterns_are_core_text_rules(schema: str, lines: bool) -> None:
    from studio.core.text_rules import bad_character
    from studio.sandbox.api import validator

    check = validator(schema)
    for point in (*range(0x3000), 0xFEFF, 0x1F600):
        if 0xD800 <= point < 0xE000:
            continue
        text = f"a{chr(point)}"
        assert check.is_valid(text) == (bad_character(text, lines=lines) is None), hex(point)


def test_a_full_disk_while_storing_an_image_is_507_and_leaves_nothing(sandbox: Sandbox) -> None:
    import hashlib

    merchant = sandbox.token("mo", "merchant")
    link_applet(sandbox, merchant)
    assert requests.put(f"{sandbox.url}/v1/listings/S1", json=LISTING, headers=sandbox.headers(merchant),
                        timeout=10).status_code == 201
    image = b"\x89PNG\r\n\x1a\n" + b"x" * 5000
    temp = sandbox.data_dir / "images" / f"{hashlib.sha256(image).hexdigest()}.tmp"
    temp.symlink_to("/dev/full")  # the write lands on a device that answers ENOSPC
    r = requests.put(f"{sandbox.url}/v1/listings/S1/images/0", data=image, timeout=10,
                     headers={**sandbox.headers(merchant), "Content-Type": "image/png"})
    assert error(r) == (507, "disk_full")
    assert list((sandbox.data_dir / "images").iterdir()) == []
