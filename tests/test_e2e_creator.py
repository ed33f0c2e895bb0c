"""End to end through the real widgets: open the demo, set in and out, choose a cover, add two
popups, pack, upload to the sandbox, open the package from the review queue in review mode, approve."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.core.catalog import Catalog
from studio.platform.credentials import remember_server, save_token
from studio.platform.posts import get_post
from studio.platform.session import PlatformSession
from studio.ui.main_window import MainWindow
from tests.platform_fixtures import MemoryKeyring
from tests.sandbox_fixtures import demo_products_listed  # noqa: F401  (fixture)
from tests.test_main_window import make_window  # noqa: F401  (the fixture)

pytestmark = pytest.mark.gui


def seek(qtbot: QtBot, win: MainWindow, ms: int) -> None:
    win.player.seek(ms)
    qtbot.waitUntil(lambda: win.view.frame_time is not None and abs(win.view.frame_time - ms) <= 40, timeout=20_000)


@pytest.mark.usefixtures("demo_products_listed")  # the platform takes posts of listed products only
@pytest.mark.usefixtures("demo_clip_in_home")  # the run's one rendered demo clip (test_demo tests the rendering)
# one person in every role judges their own post, as only the app's own embedded sandbox allows
@pytest.mark.parametrize("sandbox", [{"allow_self_review": True}], indirect=True)
def test_creator_to_reviewer_through_the_widgets(make_window, qtbot: QtBot, sandbox,  # noqa: F811
                                                 memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    token = sandbox.token("me", roles=("creator", "reviewer"))
    save_token(sandbox.url, token)
    remember_server(sandbox.url)
    win: MainWindow = make_window()
    win.connect_platform(sandbox.url)
    qtbot.waitUntil(lambda: win.account_menu.logged_in(), timeout=20_000)

    # open the demo (the welcome's creator role)
    with qtbot.waitSignal(win.player.frameShown, timeout=240_000):
        win.workspaces.start_role("creator")
    assert win.document.path is not None and win.document.path.name == "demo.gcs"

    # in and out
    seek(qtbot, win, 1_000)
    win.editor.act_set_in.trigger()
    seek(qtbot, win, 25_000)
    win.editor.act_set_out.trigger()
    trim = win.document.project.trim
    assert trim is not None and abs(trim.start_ms - 1_000) <= 40 and abs(trim.end_ms - 25_000) <= 40

    # a cover: the best suggestion
    panel = win.cover_panel
    qtbot.waitUntil(lambda: panel.suggest_button.isEnabled(), timeout=30_000)
    with qtbot.waitSignal(panel.suggestionsReady, timeout=120_000):
        panel.suggest()
    item = panel.suggestion_list.item(0)
    panel.suggestion_list.itemClicked.emit(item)
    assert win.document.project.cover is not None
    assert win.document.project.cover.time_ms == item.data(Qt.ItemDataRole.UserRole)

    # two popups of our own instead of the demo's three
    for popup in list(win.popup_editor.popups):
        win.popup_editor.select(popup.id)
        win.popup_editor.delete_selected()
    assert win.popup_editor.popups == []
    with Catalog.open() as catalog:
        listings = [catalog.get("GC-BOTTLE-001"), catalog.get("GC-SHOE-004")]
    for at, listing in zip((3_000, 12_000), listings, strict=True):
        seek(qtbot, win, at)
        assert listing is not None and win.popup_editor.add_product(listing)
    assert len(win.popup_editor.popups) == 2 and not win.popup_editor.problems

    # pack
    assert win.files.save()
    package = tmp_path / "e2e.gcpkg"
    with qtbot.waitSignal(win.packed, timeout=240_000):
        win.files.pack_to(package)

    # upload to the sandbox through the queue
    win.platform.upload(package)
    qtbot.waitUntil(lambda: any(r.post_id for r in win.upload_queue.model.records), timeout=120_000)
    post_id = next(r.post_id for r in win.upload_queue.model.records if r.post_id)
    with PlatformSession(sandbox.url, token) as session:
        assert get_post(session, post_id).status == "in_review"

    # review: the queue, the download, review mode, approve and send
    dialog = win.workspaces.show_review_queue()
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 1, timeout=20_000)
    dialog.download_selected()
    reviews = win.workspaces
    qtbot.waitUntil(lambda: bool(reviews.review_windows) and reviews.review_windows[-1].opened_package is not None,
                    timeout=60_000)
    review = win.workspaces.review_windows[-1]
    assert review.post_id == post_id and len(review.popups()) == 2
    review.approve.setChecked(True)
    with qtbot.waitSignal(review.verdictSent, timeout=20_000) as sent:
        review.send_button.click()
    assert sent.args == [post_id, "approved"]
    review.close()
    dialog.close()
