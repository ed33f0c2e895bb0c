"""Three people, three STUDIO_HOMEs, one platform, through the real widgets: the merchant imports a GBK shop CSV
with a 主图 column and pushes (listings and pictures, one of them with a GPS position to clean); the creator's
Products dock shows those products with their pictures without any command; the creator tags two, packs and
uploads; the reviewer downloads from the queue, reviews and rejects with a note on one popup; the creator sees
the note, fixes that popup and sends again; the reviewer approves."""

from __future__ import annotations

import io
import os
from pathlib import Path

import cv2
import keyring
import numpy as np
import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from studio.core.location_scan import find_location
from studio.platform import credentials
from studio.platform.credentials import remember_server, save_token
from studio.platform.posts import get_post, list_posts
from studio.platform.session import PlatformSession
from studio.ui.main_window import MainWindow
from studio.ui.merchant.listings_model import COLUMNS
from studio.ui.review.review_queue import ReviewQueueDialog
from studio.ui.review.review_window import ReviewWindow
from studio.ui.workers import running_tasks, wait_for_done
from tests.platform_fixtures import MemoryKeyring
from tests.test_listing_images_push import gps_segment
from tests.test_main_window import make_window  # noqa: F401  (the fixture)
from tests.test_pack import CLIP

pytestmark = pytest.mark.gui
APP_ID = "wx0123456789abcdef"
NOTE = "价格标签请写清楚：到手价"
PRODUCTS = (("MUG-001", "陶瓷马克杯", "39.90", (40, 60, 220)), ("BAG-002", "帆布托特包", "89.00", (60, 160, 40)),
            ("CAP-003", "棒球帽", "59.00", (200, 120, 30)))


class Profiles:
    """One STUDIO_HOME and one keyring per person; `enter` makes that person's the current ones."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch, sandbox) -> None:
        self.root, self.monkeypatch, self.sandbox = root, monkeypatch, sandbox
        self.keyrings: dict[str, MemoryKeyring] = {}

    def enter(self, name: str, roles: tuple[str, ...]) -> None:
        home = self.root / name
        home.mkdir(parents=True, exist_ok=True)
        self.monkeypatch.setenv("STUDIO_HOME", str(home))
        credentials._session_tokens.clear()
        first = name not in self.keyrings
        keyring.set_keyring(self.keyrings.setdefault(name, MemoryKeyring()))
        if first:  # this person logs in once, to the one platform
            save_token(self.sandbox.url, self.sandbox.token(name, roles=roles))
            remember_server(self.sandbox.url)


def shop_csv(folder: Path) -> Path:
    """The shop's export: GBK, Chinese headers, the main picture (主图) as a path beside the CSV."""
    (folder / "图片").mkdir(parents=True)
    lines = ["商家编码,商品名称,价格,主图"]
    for n, (sku, title, price, colour) in enumerate(PRODUCTS):
        image = np.full((480, 480, 3), 235, dtype=np.uint8)
        cv2.circle(image, (240, 240), 170, colour, -1)
        ok, data = cv2.imencode(".jpg", image)
        assert ok
        raw = data.tobytes()
        if n == 0:  # taken with a phone: it carries where
            raw = raw[:2] + gps_segment() + raw[2:]
        (folder / "图片" / f"{sku}.jpg").write_bytes(raw)
        lines.append(f"{sku},{title},{price},图片/{sku}.jpg")
    path = folder / "店铺导出.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return path


def close(qtbot: QtBot, *windows) -> None:
    for win in windows:
        if isinstance(win, MainWindow):
            win.document.undo_stack.setClean()
        win.close()
    wait_for_done(30_000)
    qtbot.waitUntil(lambda: not running_tasks(), timeout=30_000)


def logged_in_window(make_window, qtbot: QtBot, sandbox) -> MainWindow:  # noqa: F811
    win: MainWindow = make_window()
    win.connect_platform(sandbox.url)
    qtbot.waitUntil(win.account_menu.logged_in, timeout=20_000)
    return win


def review_the_one_queued_post(make_window, qtbot: QtBot,  # noqa: F811
                               sandbox) -> tuple[MainWindow, ReviewQueueDialog, ReviewWindow]:
    """The reviewer's window, the queue with the one post waiting, and that post's package open in review."""
    desk = logged_in_window(make_window, qtbot, sandbox)
    queue = desk.workspaces.show_review_queue()
    qtbot.waitUntil(lambda: queue.list.topLevelItemCount() == 1, timeout=20_000)
    queued = queue.list.topLevelItem(0)
    assert queued is not None
    queue.list.setCurrentItem(queued)
    queue.download_selected()
    reviews = desk.workspaces
    qtbot.waitUntil(lambda: bool(reviews.review_windows) and reviews.review_windows[-1].opened_package is not None,
                    timeout=60_000)
    review = reviews.review_windows[-1]
    return desk, queue, review


def seek(qtbot: QtBot, win: MainWindow, ms: int) -> None:
    win.player.seek(ms)
    qtbot.waitUntil(lambda: win.view.frame_time is not None and abs(win.view.frame_time - ms) <= 40, timeout=20_000)


def test_merchant_creator_reviewer_on_one_platform(make_window, qtbot: QtBot, sandbox, clip,  # noqa: F811
                                                   memory_keyring: MemoryKeyring, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    people = Profiles(tmp_path / "homes", monkeypatch, sandbox)
    video = clip(**CLIP)

    # -- the merchant: link the applet, import the shop's CSV, push -------------------------------------------
    people.enter("shop", ("merchant",))
    home = logged_in_window(make_window, qtbot, sandbox)
    merchant = home.workspaces.open_merchant_workspace()
    view = merchant.view
    applet = view.open_applet_dialog()
    applet.app_id.setText(APP_ID)
    applet.path_template.setText("pages/goods/detail?sku={sku}")
    applet.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    linked = view.store.applet()
    assert linked is not None and linked.app_id == APP_ID
    dialog = view.open_import_dialog(shop_csv(tmp_path / "export"))
    assert dialog is not None and dialog.mapping()["image"] == "主图"
    with qtbot.waitSignal(dialog.checked, timeout=20_000):
        dialog.check_button.click()
    assert dialog.report.rowCount() == 0
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    assert view.model.matching == 3
    with qtbot.waitSignal(view.syncFinished, timeout=60_000) as pushed:
        view.sync(push=True)
    result = pushed.args[0]
    assert (result.pushed, result.images, result.failed) == (3, 3, [])
    assert [c["sku"] for c in result.cleaned] == ["MUG-001"]
    said = view.message_label.text()
    assert "Pictures sent: 3." in said and "location (GPS) was removed" in said
    for row in range(3):  # the Listings window says which pictures are on the platform
        assert str(view.model.data(view.model.index(row, COLUMNS.index("image")))).startswith("✓ ")
    close(qtbot, merchant, home)

    # -- the creator: the dock fills itself; tag two, pack, upload --------------------------------------------
    people.enter("ann", ("creator",))
    win = logged_in_window(make_window, qtbot, sandbox)
    picker = win.product_picker

    def sku_at(row: int) -> str:
        product = picker.model.product(row)
        assert product is not None
        return product.product_id

    qtbot.waitUntil(lambda: picker.model.rowCount() == 3 and len(picker.pictures) == 3, timeout=60_000)
    assert {sku_at(r) for r in range(3)} == {sku for sku, *_ in PRODUCTS}
    assert "Synced" in picker.status.text()
    with PlatformSession(sandbox.url, sandbox.token("ann", "creator")) as session:
        served = session.request("GET", "/v1/listings/MUG-001/images/0").content
    assert find_location(io.BytesIO(served), len(served)) is None  # the GPS never reached the platform
    with qtbot.waitSignal(win.player.frameShown, timeout=60_000):
        win.open_path(video)
    for at, sku in ((1_000, "MUG-001"), (8_000, "BAG-002")):
        seek(qtbot, win, at)
        row = next(r for r in range(3) if sku_at(r) == sku)
        picker.table.selectRow(row)
        assert picker.add_button.isEnabled()
        picker.add_button.click()
    popups = win.popup_editor.popups
    assert [p.sku for p in popups] == ["MUG-001", "BAG-002"] and not win.popup_editor.problems
    assert all(p.snapshot.get("image", "").startswith(sandbox.url) for p in popups)
    win.post_editor.title.insert("两件好物")  # what an input method commits
    assert win.document.project.post.title == "两件好物"
    project = tmp_path / "ann-work" / "好物.gcs"
    project.parent.mkdir()
    assert win.files.save_to(project)
    package = tmp_path / "ann-work" / "好物.gcpkg"
    with qtbot.waitSignal(win.packed, timeout=240_000):
        win.files.pack_to(package)
    win.platform.upload(package)
    qtbot.waitUntil(lambda: any(r.post_id for r in win.upload_queue.model.records), timeout=120_000)
    first = next(r.post_id for r in win.upload_queue.model.records if r.post_id)
    mug_popup = popups[0].id
    close(qtbot, win)

    # -- the reviewer: download from the queue, reject with a note on the mug's popup ------------------------
    people.enter("rita", ("reviewer",))
    desk, queue, review = review_the_one_queued_post(make_window, qtbot, sandbox)
    assert review.post_id == first and len(review.popups()) == 2
    assert [p.name for p in (tmp_path / "homes" / "rita").rglob("*.gcpkg")] == [f"{first}.gcpkg"]  # her download
    review.jump_to_popup(mug_popup)
    review.popup_note.setPlainText(NOTE)
    review.reject.setChecked(True)
    with qtbot.waitSignal(review.verdictSent, timeout=30_000) as sent:
        review.send_button.click()
    assert sent.args == [first, "rejected"]
    close(qtbot, review, queue, desk)

    # -- the creator again: the note, the fix, send again -----------------------------------------------------
    people.enter("ann", ("creator",))
    win = logged_in_window(make_window, qtbot, sandbox)
    with qtbot.waitSignal(win.player.frameShown, timeout=60_000):
        win.open_path(project)
    panel = win.posts_panel
    with qtbot.waitSignal(panel.postsChanged, timeout=30_000):
        panel.refresh()
    selected = panel.selected_post()
    assert selected is not None and selected.post_id == first and "Rejected" in panel.status_label.text()
    assert panel.popup_notes.count() == 1 and NOTE in panel.popup_notes.item(0).text()
    panel.popup_notes.itemClicked.emit(panel.popup_notes.item(0))  # the note opens its popup
    assert win.popup_editor.selected_id == mug_popup
    win.popup_editor.edit(mug_popup, "Set Popup Label", label="到手价")
    with qtbot.waitSignal(panel.resubmitted, timeout=240_000) as again:
        assert panel.resubmit() is not None
    old, second = again.args
    assert old == first and second and second != first
    qtbot.waitUntil(lambda: panel.post(second) is not None and not panel.tasks, timeout=30_000)
    close(qtbot, win)

    # -- the reviewer approves the new post -------------------------------------------------------------------
    people.enter("rita", ("reviewer",))
    desk, queue, review = review_the_one_queued_post(make_window, qtbot, sandbox)
    assert review.post_id == second
    labels = {p.id: p.label for p in review.popups()}
    assert labels[mug_popup] == "到手价"
    review.approve.setChecked(True)
    with qtbot.waitSignal(review.verdictSent, timeout=30_000) as sent:
        review.send_button.click()
    assert sent.args == [second, "approved"]
    close(qtbot, review, queue, desk)

    with PlatformSession(sandbox.url, sandbox.token("ann", "creator")) as session:
        assert {p.post_id: p.status for p in list_posts(session)} == {first: "replaced", second: "approved"}
        assert get_post(session, first).popup_notes[0].note == NOTE
    assert sorted(os.listdir(tmp_path / "homes")) == ["ann", "rita", "shop"]
