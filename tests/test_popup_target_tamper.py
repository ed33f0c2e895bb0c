"""A popup opens exactly its product's page in the applet of the merchant who lists it: a package whose popup's
applet or path was tampered with, in each way a shopping platform must stop, is refused by `studio verify`
(with the catalog synced from the platform), by the platform (real HTTP to the sandbox: 422 naming the popup
and what it expected) and by review, each case with its own problem code; the untampered package passes all
three."""

from __future__ import annotations

import copy
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
import requests

from studio.cli import main
from studio.core.catalog import DEMO_APP_ID, Catalog, local_view
from studio.core.errors import ValidationError
from studio.core.package import read_package, write_package
from studio.core.review import review_checks
from studio.jobs.review import open_for_review
from studio.platform.catalog_sync import sync_catalog
from studio.platform.session import PlatformSession
from tests.package_fixtures import NOW, make_package
from tests.sandbox_fixtures import Sandbox, link_applet, list_demo_products, tus_upload

RIVAL_APP_ID = "wx9999aaaabbbbcccc"
UNLINKED_APP_ID = "wx00000000deadbeef"
CASES: dict[str, tuple[dict[str, str], str, bool]] = {
    # name: (what replaces the popup's applet fields, the code, whether the path alone gives it away)
    "another merchant's applet": ({"app_id": RIVAL_APP_ID}, "popup_applet_mismatch", False),
    "an unlinked applet": ({"app_id": UNLINKED_APP_ID}, "popup_applet_unlinked", False),
    "a web address": ({"path": "https://pay.example.com/checkout?amt=1"}, "popup_path_web_address", True),
    "a script": ({"path": "javascript:location='https://evil.example'"}, "popup_path_scheme", True),
    "a climb out of the page": ({"path": "../../pages/pay?amt=1"}, "popup_path_traversal", True),
    "another page of the same applet": ({"path": "pages/pay/index?amt=1"}, "popup_page_mismatch", False),
    "another product's page": ({"path": "pages/goods/detail?sku=GC-TOTE-002"}, "popup_page_other_product", False),
}


@pytest.fixture
def platform(sandbox: Sandbox) -> dict[str, str]:
    """The demo shop's products listed on the sandbox, a rival merchant with its own applet and product, and
    tokens for a creator and a reviewer."""
    list_demo_products(sandbox)
    rival = sandbox.token("rival", "merchant")
    link_applet(sandbox, rival, RIVAL_APP_ID, "别家小店")
    r = requests.put(f"{sandbox.url}/v1/listings/RIVAL-1", headers=sandbox.headers(rival), timeout=10,
                     json={"title": "别家的杯子", "price_cents": 1000, "applet": {"app_id": RIVAL_APP_ID}})
    assert r.status_code == 201, r.text
    return {"creator": sandbox.token("ann", "creator"), "reviewer": sandbox.token("rita", "reviewer")}


def tampered(original: Path, out: Path, index: int, change: dict[str, str]) -> Path:
    """`original` with popup `index`'s applet changed, written again by the package writer (checksums right)."""
    package = read_package(original)
    manifest: dict[str, Any] = copy.deepcopy(package.manifest)
    manifest.pop("members")
    manifest["popups"][index]["applet"].update(change)
    write_package(out, manifest, {name: package.read_member(name) for name in package.members})
    return out


def verify_codes(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]]]:
    code = main(["verify", str(path), "--json"])
    report = json.loads(capsys.readouterr().out)
    return code, [p for p in report["problems"] if p["severity"] == "error"]


def post(sandbox: Sandbox, token: str, path: Path) -> requests.Response:
    with zipfile.ZipFile(path) as zf:  # a refused package cannot be read with read_package
        text = json.loads(zf.read("manifest.json"))["post"]
    body = {"upload_id": tus_upload(sandbox, token, path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            **text}
    return requests.post(f"{sandbox.url}/v1/posts", json=body, headers=sandbox.headers(token), timeout=60)


def review_errors(path: Path) -> list[tuple[str, str]]:
    """(code, path) of every error review shows: the verifier's refusal, else the reviewer's checks."""
    try:
        opened = open_for_review(path, measure=False, now=NOW)
    except ValidationError as refused:
        return [(p.code, p.path or "") for p in refused.problems]
    with local_view() as catalog:
        checks = review_checks(opened.manifest, now=NOW, catalog=catalog)
    return [(p.code, p.path or "") for p in checks if p.severity == "error"]


def test_each_tampered_applet_or_path_is_refused_everywhere_with_its_own_code(
        sandbox: Sandbox, platform: dict[str, str], tmp_path: Path, clip, capsys: pytest.CaptureFixture[str]) -> None:
    original = make_package(tmp_path, clip)
    with PlatformSession(sandbox.url, platform["creator"]) as session, Catalog.open() as catalog:
        sync_catalog(session, catalog)  # the creator's (and reviewer's) copy of the platform's listings
        shoe = catalog.get("GC-SHOE-004")
        assert catalog.get("RIVAL-1") is not None and shoe is not None and shoe.applet_app_id == DEMO_APP_ID
    # the untampered package passes all three, so every refusal below is the tampering's
    assert verify_codes(original, capsys) == (0, [])
    assert review_errors(original) == []
    popups = read_package(original).manifest["popups"]
    seen_codes: set[str] = set()
    for name, (change, code, path_alone) in CASES.items():
        for index, popup in enumerate(popups):
            bad = tampered(original, tmp_path / f"bad-{len(seen_codes)}-{index}.gcpkg", index, change)
            where = f"manifest.json#/popups[{index}]"
            exit_code, problems = verify_codes(bad, capsys)
            assert exit_code == 1, name
            assert [(p["code"], p["path"].startswith(where)) for p in problems] == [(code, True)], (name, problems)
            r = post(sandbox, platform["creator"], bad)
            assert r.status_code == 422, (name, r.text)
            details = [d for d in r.json()["error"]["details"] if d.get("severity", "error") == "error"]
            assert [(d["code"], d["popup_id"]) for d in details] == [(code, popup["id"])], (name, details)
            if not path_alone:  # the platform says what it expected: the listing's applet or page
                listed = "pages/goods/detail?sku=" + popup["sku"]
                assert (DEMO_APP_ID if "applet" in code else listed) in details[0]["message"], details
            errors = review_errors(bad)
            assert [c for c, _ in errors] == [code], (name, errors)
            assert errors[0][1].startswith((f"popups[{index}]", where)), (name, errors)
        seen_codes.add(code)
    assert len(seen_codes) == len(CASES)  # each way of tampering has a code of its own
    assert requests.get(f"{sandbox.url}/v1/review/queue", headers=sandbox.headers(platform["reviewer"]),
                        timeout=10).json()["items"] == []  # nothing tampered became a post


@pytest.mark.gui
def test_a_merchants_later_change_shows_on_the_post_for_its_creator_and_reviewers(
        qtbot, sandbox: Sandbox, platform: dict[str, str], tmp_path: Path, clip) -> None:
    """The demo shop changes its applet's page template after the post was made: the post's popups now open a
    page the merchant no longer lists, and the creator's My Posts and the review queue say so, by popup."""
    from studio.platform.posts import get_post, review_queue
    from studio.platform.upload import upload_package
    from studio.ui.account.posts_panel import POPUP_ID_ROLE, PostsPanel
    from studio.ui.review.review_queue import ReviewQueueDialog

    package = make_package(tmp_path, clip)
    creator = PlatformSession(sandbox.url, platform["creator"])
    reviewer = PlatformSession(sandbox.url, platform["reviewer"])
    post_id = upload_package(creator, package).post_id
    assert post_id is not None
    assert get_post(creator, post_id).problems == ()
    shop = sandbox.token("demo-shop", "merchant")
    r = requests.put(f"{sandbox.url}/v1/applets/{DEMO_APP_ID}", headers=sandbox.headers(shop), timeout=10,
                     json={"name": "好圈小店", "path_template": "pages/item/index?id={sku}"})
    assert r.status_code == 200, r.text
    popups = read_package(package).manifest["popups"]
    problems = get_post(creator, post_id).problems
    assert [(p.popup_id, p.code) for p in problems] == [(p["id"], "popup_page_mismatch") for p in popups]
    assert problems[0].values["expected"] == f"pages/item/index?id={popups[0]['sku']}"
    assert review_queue(reviewer)[0].problems == problems
    panel = PostsPanel(lambda: PlatformSession(sandbox.url, platform["creator"]), poll_ms=3_600_000)
    dialog = ReviewQueueDialog(lambda: PlatformSession(sandbox.url, platform["reviewer"]))
    qtbot.addWidget(dialog)
    try:
        with qtbot.waitSignal(panel.postsChanged, timeout=30_000):
            panel.refresh()
        assert "A merchant changed a product since this post was made" in panel.status_label.text()
        rows = [panel.popup_notes.item(i) for i in range(panel.popup_notes.count())]
        assert [row.data(POPUP_ID_ROLE) for row in rows] == [p["id"] for p in popups]
        assert "pages/item/index?id=" in rows[0].text()
        qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 1, timeout=20_000)
        queued = dialog.list.topLevelItem(0)
        assert queued is not None and queued.text(3) == str(len(popups))
        assert "pages/item/index?id=" in queued.toolTip(3)
    finally:
        panel.shutdown()
        panel.deleteLater()
        creator.close()
        reviewer.close()


def test_the_platform_refuses_a_product_it_does_not_list_and_a_listing_page_that_is_no_page(
        sandbox: Sandbox, platform: dict[str, str], tmp_path: Path, clip) -> None:
    original = make_package(tmp_path, clip)
    shop = sandbox.token("demo-shop", "merchant")
    r = requests.put(f"{sandbox.url}/v1/listings/GC-CUP-003", headers=sandbox.headers(shop), timeout=10,
                     json={"title": "杯子", "price_cents": 3990,
                           "applet": {"app_id": DEMO_APP_ID, "path": "javascript:pay()"}})
    assert r.status_code == 422 and r.json()["error"]["details"][0]["path"] == "/applet/path", r.text
    shoe = next(p for p in read_package(original).manifest["popups"] if p["sku"] == "GC-SHOE-004")
    assert requests.delete(f"{sandbox.url}/v1/listings/GC-SHOE-004", headers=sandbox.headers(shop),
                           timeout=10).status_code == 204
    r = post(sandbox, platform["creator"], original)
    assert r.status_code == 422, r.text
    assert [(d["code"], d["popup_id"], d["severity"]) for d in r.json()["error"]["details"]] == [
        ("product_withdrawn", shoe["id"], "error")]
