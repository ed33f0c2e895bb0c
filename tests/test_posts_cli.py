"""`studio posts`, `studio resubmit`, `studio withdraw` and `studio listings images push` in-process against the
real sandbox (tokens through STUDIO_TOKEN, as scripts and CI give them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.cli import main
from studio.core.errors import PlatformError
from studio.platform.posts import get_post, list_posts, send_verdict
from studio.platform.session import PlatformSession
from studio.platform.upload import upload_package
from tests.package_fixtures import NOW, POPUPS, SKUS
from tests.platform_fixtures import Merchant
from tests.posts_fixtures import posted_id
from tests.sandbox_fixtures import demo_products_listed  # noqa: F401  (posts need their products listed)
from tests.test_image_cache import picture
from tests.test_pack import CLIP, make_project

pytestmark = pytest.mark.usefixtures("demo_products_listed")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_posts_resubmit_withdraw(sandbox, tmp_path: Path, clip, capsys, monkeypatch) -> None:
    from studio.jobs.pack import pack_project

    project = make_project(tmp_path, clip(**CLIP), popups=POPUPS, skus=SKUS, trim=None)
    ann = sandbox.token("ann", "creator")
    monkeypatch.setenv("STUDIO_TOKEN", ann)
    with PlatformSession(sandbox.url, ann) as creator, \
            PlatformSession(sandbox.url, sandbox.token("rita", "reviewer")) as reviewer:
        old = posted_id(upload_package(creator, pack_project(project, tmp_path / "a.gcpkg", mode="copy",
                                                             now=NOW).output))
        send_verdict(reviewer, old, {"verdict": "reject", "notes": "",
                                     "popup_notes": [{"popup_id": "before", "note": "鞋子的价格不对"}]})

    code, out, err = run(["posts", "--server", sandbox.url], capsys)
    assert code == 0, err
    assert f"{old}  rejected" in out and "reason: 鞋子的价格不对" in out and "popup before: 鞋子的价格不对" in out

    code, out, err = run(["resubmit", str(project), "--replaces", old, "--mode", "copy", "--server", sandbox.url,
                          "--json"], capsys)
    assert code == 0, err
    sent = json.loads(out)
    new = sent["post_id"]
    assert sent["replaces"] == old and sent["status"] == "in_review" and Path(sent["package"]).is_file()

    code, out, _ = run(["posts", "--server", sandbox.url, "--json"], capsys)
    posts = {p["post_id"]: p for p in json.loads(out)["posts"]}
    assert posts[old]["status"] == "replaced" and posts[old]["replaced_by"] == new
    assert posts[new]["status"] == "in_review" and posts[new]["replaces"] == old

    code, out, _ = run(["withdraw", new, "--server", sandbox.url], capsys)
    assert code == 0 and out.strip() == f"post {new}: withdrawn"
    with PlatformSession(sandbox.url, ann) as creator:
        assert {p.post_id: p.status for p in list_posts(creator)}[new] == "withdrawn"
        with pytest.raises(PlatformError) as gone:
            get_post(creator, new)
        assert gone.value.code == "withdrawn"

    code, out, err = run(["withdraw", old, "--server", sandbox.url, "--json"], capsys)
    assert code == 3 and json.loads(out)["error"]["code"] == "replaced"  # withdraw the new one instead


def test_listings_images_push(sandbox, tmp_path: Path, capsys, monkeypatch) -> None:
    merchant = Merchant(sandbox)
    merchant.put("SKU-A", "水瓶", 4900)
    monkeypatch.setenv("STUDIO_TOKEN", merchant.headers["Authorization"].removeprefix("Bearer "))
    files = [str(picture(tmp_path / "main.png", 1)), str(picture(tmp_path / "side.jpg", 2, ext=".jpg"))]
    code, out, err = run(["listings", "images", "push", "SKU-A", *files, "--server", sandbox.url, "--json"], capsys)
    assert code == 0, err
    answers = json.loads(out)["images"]
    assert [(a["n"], a["content_type"]) for a in answers] == [(0, "image/png"), (1, "image/jpeg")]
    assert merchant.call("GET", "/v1/listings/SKU-A").json()["images"] == [
        "/v1/listings/SKU-A/images/0", "/v1/listings/SKU-A/images/1"]

    code, _, err = run(["listings", "images", "push", "SKU-A", __file__, "--server", sandbox.url], capsys)
    assert code == 2 and "test_posts_cli.py" in err and "not a JPEG" in err

    # a creator's catalog sync brings the main picture into the offline cache
    from studio.platform.image_cache import local_image

    monkeypatch.setenv("STUDIO_TOKEN", sandbox.token("ann", "creator"))
    code, out, err = run(["catalog", "sync", "--server", sandbox.url, "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["images"] == {"fetched": 1, "unchanged": 0, "failed": 0,
                                         "total_bytes": Path(files[0]).stat().st_size}
    url = f"{sandbox.url}/v1/listings/SKU-A/images/0"
    assert Path(local_image(url)).read_bytes() == Path(files[0]).read_bytes()
    code, out, _ = run(["catalog", "sync", "--server", sandbox.url], capsys)
    assert code == 0 and "images: 0 fetched, 1 unchanged" in out
