"""The posts panel on its own against the real sandbox: withdraw (asked first), a 401 that keeps the list and
asks for a token, and a popup note's label from the owner. The whole reject-fix-approve story is in
test_post_lifecycle_e2e.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from studio.platform.posts import PopupNote, Post, withdraw_post
from studio.platform.session import PlatformSession
from studio.platform.upload import upload_package
from studio.ui.account.posts_panel import POPUP_ID_ROLE, PostsPanel
from studio.ui.workers import running_tasks
from tests.platform_fixtures import make_package
from tests.posts_fixtures import listed_post, posted_id, selected_post
from tests.sandbox_fixtures import demo_products_listed  # noqa: F401  (posts need their products listed)

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("demo_products_listed")]



def test_notes_use_the_owners_popup_labels(qtbot) -> None:
    panel = PostsPanel(lambda: PlatformSession("http://127.0.0.1:9"), popup_label={"p1": "玻璃水瓶 0:02"}.get,
                       poll_ms=3_600_000)
    try:
        panel.set_posts([Post("a", "rejected", "标题", reasons=("价格不对",), notes="请改",
                              popup_notes=(PopupNote("p1", "价格标错了"), PopupNote("p9", "太早出现"))),
                         Post("b", "approved", "另一个")])
        assert selected_post(panel).post_id == "a"
        texts = [panel.popup_notes.item(i).text() for i in range(panel.popup_notes.count())]
        assert texts == ["玻璃水瓶 0:02: 价格标错了", "Popup p9: 太早出现"]
        assert [panel.popup_notes.item(i).data(POPUP_ID_ROLE) for i in range(2)] == ["p1", "p9"]
        assert "价格不对" in panel.reasons_label.text() and "请改" in panel.reasons_label.text()
        with qtbot.waitSignal(panel.popupRequested, timeout=1_000) as asked:
            panel.popup_notes.itemActivated.emit(panel.popup_notes.item(1))  # Enter on the second note
        assert asked.args == ["p9"]
        panel.select_post("b")
        assert panel.popup_notes.count() == 0 and not panel.popup_notes.isVisibleTo(panel)
        assert not panel.buttons["resubmit"].isEnabled() and panel.buttons["withdraw"].isEnabled()
        assert panel.resubmit("a") is None  # no saved project to send
        assert "Save the project first" in panel.message.text()
    finally:
        panel.shutdown()
        panel.deleteLater()


def test_withdraw_from_the_panel(qtbot, sandbox, tmp_path: Path) -> None:

    ann = sandbox.token("ann", "creator")
    with PlatformSession(sandbox.url, ann) as session:
        post_id = posted_id(upload_package(session, make_package(tmp_path / "p.gcpkg", 300_000)))
    panel = PostsPanel(lambda: PlatformSession(sandbox.url, ann))
    try:
        with qtbot.waitSignal(panel.postsChanged, timeout=30_000):
            panel.refresh()
        assert selected_post(panel).status == "in_review"
        assert not panel.buttons["resubmit"].isEnabled()  # nothing to fix while in review
        assert panel.resubmit() is None
        box = panel.withdraw()
        assert isinstance(box, QMessageBox) and box.isVisible()  # asks first
        with qtbot.waitSignal(panel.withdrawn, timeout=30_000):
            box.button(box.StandardButton.Yes).click()
        qtbot.waitUntil(lambda: selected_post(panel).status == "withdrawn", timeout=30_000)
        assert "Withdrawn" in panel.status_label.text()
        assert not panel.buttons["withdraw"].isEnabled()
        with PlatformSession(sandbox.url, ann) as session:
            assert withdraw_post(session, post_id).status == "withdrawn"  # again: harmless
    finally:
        panel.shutdown()
        qtbot.waitUntil(lambda: not running_tasks(), timeout=60_000)
        panel.deleteLater()


def test_a_401_asks_for_a_token_and_keeps_the_list(qtbot, sandbox, tmp_path: Path) -> None:

    ann = sandbox.token("ann", "creator", ttl_seconds=60)
    with PlatformSession(sandbox.url, ann) as session:
        upload_package(session, make_package(tmp_path / "p.gcpkg", 300_000))
    panel = PostsPanel(lambda: PlatformSession(sandbox.url, ann))
    try:
        with qtbot.waitSignal(panel.postsChanged, timeout=30_000):
            panel.refresh()
        sandbox.advance_clock(120)  # the token expired
        with qtbot.waitSignal(panel.authRequired, timeout=30_000):
            panel.refresh()
        assert len(panel.posts) == 1 and panel.list.topLevelItemCount() == 1
        fresh = sandbox.token("ann", "creator")
        with qtbot.waitSignal(panel.postsChanged, timeout=30_000):
            panel.set_session_factory(lambda: PlatformSession(sandbox.url, fresh))
        assert len(panel.posts) == 1
    finally:
        panel.shutdown()
        qtbot.waitUntil(lambda: not running_tasks(), timeout=60_000)
        panel.deleteLater()


def test_statuses_are_polled_while_a_verdict_is_pending(qtbot, sandbox, tmp_path: Path) -> None:
    from studio.platform.posts import send_verdict

    ann = sandbox.token("ann", "creator")
    with PlatformSession(sandbox.url, ann) as session:
        post_id = posted_id(upload_package(session, make_package(tmp_path / "p.gcpkg", 300_000)))
    panel = PostsPanel(lambda: PlatformSession(sandbox.url, ann), poll_ms=100)
    try:
        qtbot.waitUntil(lambda: panel.post(post_id) is not None, timeout=30_000)  # the first poll fills the list
        assert listed_post(panel, post_id).status == "in_review"
        with PlatformSession(sandbox.url, sandbox.token("rita", "reviewer")) as reviewer:
            send_verdict(reviewer, post_id, {"verdict": "reject", "notes": "封面太暗", "popup_notes": []})
        qtbot.waitUntil(lambda: listed_post(panel, post_id).status == "rejected", timeout=30_000)
        assert "封面太暗" in panel.reasons_label.text() and panel.buttons["resubmit"].isEnabled()
    finally:
        panel.shutdown()
        qtbot.waitUntil(lambda: not running_tasks(), timeout=60_000)
        panel.deleteLater()
