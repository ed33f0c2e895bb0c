"""The post's whole life against the real sandbox: a creator packs and uploads; a reviewer
rejects with a note on one popup in review mode
(sent to the platform); the creator's posts panel shows the reason and the note, and the note's
click asks for that popup; the creator fixes that popup in the project and sends again (the new post replaces
the old); the reviewer approves; the old post reads as replaced."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt

from studio.core.project_file import load_project, save_project
from studio.jobs.pack import pack_project
from studio.platform.posts import get_post, list_posts, review_queue, send_verdict
from studio.platform.session import PlatformSession
from studio.platform.upload import upload_package
from studio.ui.account.posts_panel import POPUP_ID_ROLE, PostsPanel
from studio.ui.review.review_window import ReviewWindow
from studio.ui.workers import running_tasks
from tests.package_fixtures import NOW, POPUPS, SKUS
from tests.posts_fixtures import listed_post, selected_post
from tests.sandbox_fixtures import demo_products_listed  # noqa: F401  (posts need their products listed)
from tests.test_pack import CLIP, make_project

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("demo_products_listed")]
NOTE = "The price on the card is not the shop's price"


def _package_manifest(sandbox, token: str, post_id: str) -> dict:
    r = requests.get(f"{sandbox.url}/v1/posts/{post_id}/package", timeout=30,
                     headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        return json.loads(zf.read("manifest.json"))


def test_reject_fix_send_again_approve(qtbot, sandbox, tmp_path: Path, clip) -> None:
    project = make_project(tmp_path, clip(**CLIP), popups=POPUPS, skus=SKUS, trim=None)
    ann, rita = sandbox.token("ann", "creator"), sandbox.token("rita", "reviewer")
    creator, reviewer = PlatformSession(sandbox.url, ann), PlatformSession(sandbox.url, rita)

    # The creator packs and uploads.
    first = pack_project(project, tmp_path / "first.gcpkg", mode="copy", now=NOW)
    old = upload_package(creator, first.output).post_id
    assert old and get_post(creator, old).status == "in_review"

    # The reviewer finds it in the queue, downloads it, and in review mode rejects it with a note on one popup.
    assert [p.post_id for p in review_queue(reviewer)] == [old]
    downloaded = tmp_path / "review" / f"{old}.gcpkg"
    downloaded.parent.mkdir()
    downloaded.write_bytes(requests.get(f"{sandbox.url}/v1/posts/{old}/package", timeout=30,
                                        headers={"Authorization": f"Bearer {rita}"}).content)
    window = ReviewWindow()
    try:
        with qtbot.waitSignal(window.opened, timeout=30_000):
            window.open_package(downloaded)
        window.jump_to_popup("across_in")
        window.popup_note.setPlainText(NOTE)
        window.reject.setChecked(True)
        window.reviewer.setText("rita")
        with qtbot.waitSignal(window.verdictSent, timeout=30_000) as verdict:
            window.send_verdict(lambda: PlatformSession(sandbox.url, rita), old)
        assert verdict.args == [old, "rejected"]
    finally:
        window.close()
        window.deleteLater()
    rejected = get_post(reviewer, old)
    assert rejected.status == "rejected" and rejected.reasons == (NOTE,)
    assert [(n.popup_id, n.note) for n in rejected.popup_notes] == [("across_in", NOTE)]

    # The creator's panel shows the reason and the note; clicking the note asks for that popup.
    panel = PostsPanel(lambda: PlatformSession(sandbox.url, ann), project_path=lambda: project,
                       pack_options={"mode": "copy", "now": NOW})
    panel.resize(700, 500)
    panel.show()
    try:
        with qtbot.waitSignal(panel.postsChanged, timeout=30_000):
            panel.refresh()
        assert selected_post(panel).post_id == old
        assert "Rejected" in panel.status_label.text()
        assert NOTE in panel.reasons_label.text()
        assert panel.popup_notes.count() == 1
        item = panel.popup_notes.item(0)
        assert NOTE in item.text() and item.data(POPUP_ID_ROLE) == "across_in"
        assert panel.buttons["resubmit"].isEnabled() and panel.buttons["withdraw"].isEnabled()
        rect = panel.popup_notes.visualItemRect(item)
        with qtbot.waitSignal(panel.popupRequested, timeout=5_000) as asked:
            qtbot.mouseClick(panel.popup_notes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert asked.args == ["across_in"]

        # The creator fixes that popup in the project (the editor saves it) and sends again.
        fixed = load_project(project)
        fixed.popups = [dataclasses.replace(p, label="到手价") if p.id == "across_in" else p for p in fixed.popups]
        save_project(fixed, project)
        with qtbot.waitSignal(panel.resubmitted, timeout=120_000) as sent:
            assert panel.resubmit() is not None
        replaced_old, new = sent.args
        assert replaced_old == old and new and new != old
        qtbot.waitUntil(lambda: panel.post(new) is not None and not panel.tasks, timeout=30_000)
        assert selected_post(panel).post_id == new
        assert f"Replaces post {old}" in panel.status_label.text()
        assert not panel.buttons["resubmit"].isEnabled()  # in review: nothing to fix yet

        # The new package carries the fix; the reviewer approves it.
        manifest = _package_manifest(sandbox, rita, new)
        assert {p["id"]: p["label"] for p in manifest["popups"]}["across_in"] == "到手价"
        assert [p.post_id for p in review_queue(reviewer)] == [new]
        approved = send_verdict(reviewer, new, {"verdict": "approve", "notes": "", "popup_notes": []})
        assert approved.status == "approved"

        # The old post reads as replaced, in the panel as on the platform.
        with qtbot.waitSignal(panel.postsChanged, timeout=30_000):
            panel.refresh()
        replaced = listed_post(panel, old)
        assert replaced.status == "replaced" and replaced.replaced_by == new
        assert listed_post(panel, new).status == "approved"
        panel.select_post(old)
        assert "Replaced by post " + new in panel.status_label.text()
        assert not panel.buttons["resubmit"].isEnabled() and not panel.buttons["withdraw"].isEnabled()
        statuses = {p.post_id: p.status for p in list_posts(creator)}
        assert statuses == {old: "replaced", new: "approved"}
    finally:
        panel.shutdown()
        qtbot.waitUntil(lambda: not running_tasks(), timeout=60_000)
        panel.close()
        panel.deleteLater()
        creator.close()
        reviewer.close()
