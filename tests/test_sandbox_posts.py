"""Posts on the sandbox over real HTTP: a verified package becomes a post (201), a broken one gets 422 with
every problem; retries, sha256 and unfinished uploads; withdraw, replace; review queue, package, verdicts;
creators never see each other's posts."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import pytest
import requests

from studio.core.catalog import demo_products
from studio.core.package import write_package
from studio.core.product import snapshot as product_snapshot
from tests.sandbox_fixtures import (
    Sandbox,
    demo_products_listed,  # noqa: F401  (posts need their products listed)
    list_demo_products,
    tus_upload,
)

pytestmark = pytest.mark.usefixtures("demo_products_listed")

BOTTLE = demo_products()[0]
POST = {"title": "玻璃水瓶 🌊", "description": "好看又好用", "hashtags": ["好物", "水瓶"]}


def manifest() -> dict[str, Any]:
    snapshot = product_snapshot(BOTTLE)
    applet = snapshot.pop("applet")
    snapshot["image"] = "images/GC-BOTTLE-001.png"
    return {
        "format": "good-circle-package", "schema_version": 1, "app_version": "0.1.0",
        "created_at": "2026-11-25T22:00:00Z", "creator": {"id": "u1", "name": "小圈"},
        "video": {"path": "video.mp4", "duration_ms": 5_000, "width": 320, "height": 240},
        "cover": {"path": "cover.jpg", "title": "夏天的水瓶"},
        "post": copy.deepcopy(POST),
        "max_visible": 1,
        "popups": [{"id": "p1", "sku": BOTTLE.product_id, "start_ms": 1_000, "end_ms": 3_500,
                    "anchor": {"x": 0.5, "y": 0.6},
                    "style": "card", "label": "限时折扣", "snapshot": snapshot, "applet": applet}],
    }


@pytest.fixture
def package(tmp_path: Path, clip) -> Path:
    """A valid package around a small generated clip."""
    path = tmp_path / "post.gcpkg"
    write_package(path, manifest(), {"video.mp4": clip(seconds=5.0), "cover.jpg": b"\xff\xd8\xffcover",
                                     "images/GC-BOTTLE-001.png": b"\x89PNG\r\n\x1a\nimage"})
    return path


def create(sandbox: Sandbox, token: str, upload_id: str, path: Path, **changes: Any) -> requests.Response:
    body = {"upload_id": upload_id, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), **POST, **changes}
    return requests.post(f"{sandbox.url}/v1/posts", json=body, headers=sandbox.headers(token), timeout=60)


def make_post(sandbox: Sandbox, token: str, path: Path, **changes: Any) -> dict[str, Any]:
    r = create(sandbox, token, tus_upload(sandbox, token, path), path, **changes)
    assert r.status_code == 201, r.text
    return r.json()


def get(sandbox: Sandbox, token: str, path: str) -> requests.Response:
    return requests.get(sandbox.url + path, headers=sandbox.headers(token), timeout=30)


def test_valid_package_becomes_a_post_in_review(sandbox: Sandbox, package: Path) -> None:
    ann = sandbox.token("ann", "creator")
    post = make_post(sandbox, ann, package)
    assert post["status"] == "in_review" and post["title"] == POST["title"] and post["hashtags"] == POST["hashtags"]
    assert post["sha256"] == hashlib.sha256(package.read_bytes()).hexdigest()
    assert post["creator"]["name"] == "ann" and post["reasons"] == [] and post["popup_notes"] == []
    assert get(sandbox, ann, f"/v1/posts/{post['post_id']}").json() == post
    assert [p["post_id"] for p in get(sandbox, ann, "/v1/posts").json()["items"]] == [post["post_id"]]
    stored = sandbox.data_dir / "posts" / f"{post['post_id']}.gcpkg"
    assert stored.read_bytes() == package.read_bytes()


def test_same_upload_again_answers_the_same_post(sandbox: Sandbox, package: Path) -> None:
    ann = sandbox.token("ann", "creator")
    upload_id = tus_upload(sandbox, ann, package)
    first = create(sandbox, ann, upload_id, package)
    again = create(sandbox, ann, upload_id, package)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()


def test_broken_package_gets_422_with_every_problem(sandbox: Sandbox, tmp_path: Path, clip) -> None:
    broken = manifest()
    broken["popups"][0]["end_ms"] = 9_000  # past the video's end
    path = tmp_path / "broken.gcpkg"
    write_package(path, broken, {"video.mp4": clip(seconds=5.0), "cover.jpg": b"\xff\xd8\xffcover",
                                 "images/GC-BOTTLE-001.png": b"\x89PNG\r\n\x1a\nimage"})
    data = bytearray(path.read_bytes())
    at = data.find(b"\xff\xd8\xffcover")
    data[at + 4] ^= 0xFF  # damage the cover's bytes: its sha256 no longer matches
    path.write_bytes(bytes(data))
    ann = sandbox.token("ann", "creator")
    r = create(sandbox, ann, tus_upload(sandbox, ann, path), path, title="", hashtags=["a b"])
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_post"
    codes = {p["code"] for p in error["details"]}
    assert {"checksum_mismatch", "post_title_missing", "post_hashtag_invalid"} <= codes
    assert any(p["path"].startswith("manifest.json#/popups") for p in error["details"]), error["details"]
    assert get(sandbox, ann, "/v1/posts").json()["items"] == []


def test_not_a_package_gets_422(sandbox: Sandbox, tmp_path: Path) -> None:
    path = tmp_path / "junk.gcpkg"
    path.write_bytes(b"not a zip at all" * 100)
    ann = sandbox.token("ann", "creator")
    r = create(sandbox, ann, tus_upload(sandbox, ann, path), path)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["code"] == "not_a_zip"


def test_text_sent_must_be_the_manifests(sandbox: Sandbox, package: Path) -> None:
    ann = sandbox.token("ann", "creator")
    r = create(sandbox, ann, tus_upload(sandbox, ann, package), package, title="另一个标题")
    assert r.status_code == 422
    errors = [p["code"] for p in r.json()["error"]["details"] if p["severity"] == "error"]
    assert errors == ["post_text_mismatch"]


def test_sha256_must_match_and_upload_must_be_finished(sandbox: Sandbox, package: Path) -> None:
    ann = sandbox.token("ann", "creator")
    upload_id = tus_upload(sandbox, ann, package)
    r = create(sandbox, ann, upload_id, package, sha256="0" * 64)
    assert r.status_code == 422 and r.json()["error"]["code"] == "sha256_mismatch"
    r = requests.post(f"{sandbox.url}/v1/uploads/", headers={**sandbox.headers(ann), "Upload-Length": "10"},
                      timeout=10)
    unfinished = r.headers["Location"].rsplit("/", 1)[1]
    r = create(sandbox, ann, unfinished, package)
    assert r.status_code == 409 and r.json()["error"]["code"] == "upload_unfinished"


def test_creators_never_see_each_others_posts(sandbox: Sandbox, package: Path) -> None:
    ann, bob = sandbox.token("ann", "creator"), sandbox.token("bob", "creator")
    upload_id = tus_upload(sandbox, ann, package)
    assert create(sandbox, bob, upload_id, package).status_code == 404  # bob cannot post ann's upload
    post = create(sandbox, ann, upload_id, package).json()
    assert get(sandbox, bob, f"/v1/posts/{post['post_id']}").status_code == 404
    assert requests.delete(f"{sandbox.url}/v1/posts/{post['post_id']}", headers=sandbox.headers(bob),
                           timeout=10).status_code == 404
    assert get(sandbox, bob, "/v1/posts").json()["items"] == []
    assert get(sandbox, ann, f"/v1/posts/{post['post_id']}").json()["status"] == "in_review"


def test_withdraw(sandbox: Sandbox, package: Path) -> None:
    ann = sandbox.token("ann", "creator")
    post = make_post(sandbox, ann, package)
    url = f"{sandbox.url}/v1/posts/{post['post_id']}"
    r = requests.delete(url, headers=sandbox.headers(ann), timeout=10)
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    assert requests.delete(url, headers=sandbox.headers(ann), timeout=10).json()["status"] == "withdrawn"
    reviewer = sandbox.token("rita", "reviewer")
    assert get(sandbox, reviewer, "/v1/review/queue").json()["items"] == []


def test_reject_fix_and_send_again(sandbox: Sandbox, package: Path) -> None:
    """The post's life: rejected with a note on a popup, the creator sees it, replaces the post, approved."""
    ann, rita = sandbox.token("ann", "creator"), sandbox.token("rita", "reviewer")
    post = make_post(sandbox, ann, package)
    queue = get(sandbox, rita, "/v1/review/queue").json()["items"]
    assert [p["post_id"] for p in queue] == [post["post_id"]]
    r = get(sandbox, rita, f"/v1/posts/{post['post_id']}/package")
    assert r.status_code == 200 and r.content == package.read_bytes()
    assert r.headers["ETag"] == f'"{post["sha256"]}"'
    verdict = {"verdict": "reject", "notes": "价格不对", "package_sha256": post["sha256"],
               "popup_notes": [{"popup_id": "p1", "note": "promo price is wrong"}]}
    r = requests.post(f"{sandbox.url}/v1/posts/{post['post_id']}/verdict", json=verdict,
                      headers=sandbox.headers(rita), timeout=10)
    assert r.status_code == 200, r.text
    seen = get(sandbox, ann, f"/v1/posts/{post['post_id']}").json()
    assert seen["status"] == "rejected" and seen["reasons"] == ["价格不对"]
    assert seen["popup_notes"] == [{"popup_id": "p1", "note": "promo price is wrong"}]
    again = make_post(sandbox, ann, package, replaces=post["post_id"])
    assert again["replaces"] == post["post_id"]
    old = get(sandbox, ann, f"/v1/posts/{post['post_id']}").json()
    assert old["status"] == "replaced" and old["replaced_by"] == again["post_id"]
    r = requests.post(f"{sandbox.url}/v1/posts/{again['post_id']}/verdict", json={"verdict": "approve"},
                      headers=sandbox.headers(rita), timeout=10)
    assert r.json()["status"] == "approved"
    assert get(sandbox, rita, "/v1/review/queue").json()["items"] == []


def test_verdict_rules(sandbox: Sandbox, package: Path) -> None:
    ann, rita = sandbox.token("ann", "creator"), sandbox.token("rita", "reviewer")
    post = make_post(sandbox, ann, package)
    url = f"{sandbox.url}/v1/posts/{post['post_id']}/verdict"

    def send(body: dict[str, Any]) -> requests.Response:
        return requests.post(url, json=body, headers=sandbox.headers(rita), timeout=10)

    why_not: dict[str, Any]
    for why_not in ({}, {"notes": "  "}, {"reasons": []}):  # the contract's Verdict says a rejection says why
        r = send({"verdict": "reject", **why_not})
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_body", why_not
    r = send({"verdict": "reject", "popup_notes": [{"popup_id": "nope", "note": "x"}]})
    assert r.status_code == 409 and r.json()["error"]["code"] == "unknown_popup"
    r = send({"verdict": "approve", "package_sha256": "1" * 64})
    assert r.status_code == 409 and r.json()["error"]["code"] == "wrong_package"
    assert send({"verdict": "maybe"}).status_code == 422
    assert send({"verdict": "approve"}).status_code == 200
    r = send({"verdict": "reject", "notes": "too late"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "not_in_review"


def test_replacing_needs_ones_own_rejected_or_pending_post(sandbox: Sandbox, package: Path) -> None:
    ann, bob = sandbox.token("ann", "creator"), sandbox.token("bob", "creator")
    rita = sandbox.token("rita", "reviewer")
    post = make_post(sandbox, ann, package)
    r = create(sandbox, bob, tus_upload(sandbox, bob, package), package, replaces=post["post_id"])
    assert r.status_code == 404
    requests.post(f"{sandbox.url}/v1/posts/{post['post_id']}/verdict", json={"verdict": "approve"},
                  headers=sandbox.headers(rita), timeout=10).raise_for_status()
    r = create(sandbox, ann, tus_upload(sandbox, ann, package), package, replaces=post["post_id"])
    assert r.status_code == 409 and r.json()["error"]["code"] == "cannot_replace"


def test_posts_page_with_a_cursor(sandbox: Sandbox, package: Path) -> None:
    ann = sandbox.token("ann", "creator")
    made = [make_post(sandbox, ann, package)["post_id"] for _ in range(3)]
    seen: list[str] = []
    cursor = None
    while True:
        page = get(sandbox, ann, "/v1/posts?limit=2" + (f"&cursor={cursor}" if cursor else "")).json()
        seen += [p["post_id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(made) and len(seen) == 3
    assert get(sandbox, ann, "/v1/posts?cursor=garbage").status_code == 400


def test_a_package_made_by_pack_becomes_a_post(sandbox: Sandbox, tmp_path: Path, clip) -> None:
    """The real `pack` job's output passes the server's checks, with the text its manifest carries."""
    import json
    import zipfile

    from tests.package_fixtures import make_package

    path = make_package(tmp_path, clip)
    with zipfile.ZipFile(path) as zf:
        text = json.loads(zf.read("manifest.json"))["post"]
    ann = sandbox.token("ann", "creator")
    r = create(sandbox, ann, tus_upload(sandbox, ann, path, part=256 * 1024), path, **text)
    assert r.status_code == 201, r.text
    assert r.json()["title"] == text["title"] and r.json()["status"] == "in_review"


def test_check_media_holds_the_video_to_the_platform_profile(tmp_path: Path, package: Path) -> None:
    """With check_media on, the 320x240 test clip is refused for its size, among every other profile miss."""
    from studio.sandbox.server import SandboxServer
    from tests.sandbox_fixtures import Sandbox as Box

    server = SandboxServer(tmp_path / "strict", "127.0.0.1", 0, check_media=True)
    strict = Box(server.start(), tmp_path / "strict", server)
    try:
        list_demo_products(strict)
        ann = strict.token("ann", "creator")
        r = create(strict, ann, tus_upload(strict, ann, package), package)
        assert r.status_code == 422
        details = r.json()["error"]["details"]
        assert {"path": "video.mp4", "code": "profile_size"} in [{k: d[k] for k in ("path", "code")} for d in details]
        assert list((tmp_path / "strict" / "uploads").glob("probe-*")) == []  # the probed copy is gone
    finally:
        server.stop()
