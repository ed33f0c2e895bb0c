"""The creator's Products dock fills itself from the platform the app is logged in to (at start, at Refresh and
in the background), with each product's picture, and says why it is empty; the app keeps a chosen server on
127.0.0.1 instead of taking it for its embedded sandbox; the dock's buttons stay in view at 1280x800."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from studio.core import settings
from studio.platform.credentials import remember_server, save_token
from studio.platform.image_cache import push_listing_images
from studio.platform.session import PlatformSession
from studio.ui.app import _start_local_platform
from studio.ui.main_window import MainWindow
from tests.platform_fixtures import MemoryKeyring, Merchant
from tests.test_main_window import make_window  # noqa: F401  (the fixture)

pytestmark = pytest.mark.gui


def picture(path: Path, colour: tuple[int, int, int]) -> Path:
    """A 480 px product photo: a plain background and a coloured disc."""
    image = np.full((480, 480, 3), 235, dtype=np.uint8)
    cv2.circle(image, (240, 240), 170, colour, -1)
    ok, data = cv2.imencode(".jpg", image)
    assert ok
    path.write_bytes(data.tobytes())
    return path


def put_with_picture(sandbox, merchant: Merchant, tmp_path: Path, sku: str, title: str,
                     colour: tuple[int, int, int]) -> None:
    merchant.put(sku, title, 4990)
    token = merchant.headers["Authorization"].removeprefix("Bearer ")
    with PlatformSession(sandbox.url, token) as session:
        push_listing_images(session, sku, [picture(tmp_path / f"{sku}.jpg", colour)])


def creator_window(make_window, qtbot: QtBot, sandbox) -> MainWindow:  # noqa: F811
    save_token(sandbox.url, sandbox.token("ann", "creator"))
    remember_server(sandbox.url)
    win: MainWindow = make_window()
    _start_local_platform(win)  # a chosen server: used as it is
    return win


def test_the_dock_fills_itself_from_the_platform_with_pictures(make_window, qtbot: QtBot, sandbox,  # noqa: F811
                                                               memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    merchant = Merchant(sandbox)
    put_with_picture(sandbox, merchant, tmp_path, "MUG-1", "陶瓷马克杯", (40, 60, 220))
    put_with_picture(sandbox, merchant, tmp_path, "BAG-2", "帆布托特包", (60, 160, 40))
    win = creator_window(make_window, qtbot, sandbox)
    picker = win.product_picker
    assert win.account_menu.server == sandbox.url  # sandbox.url is 127.0.0.1: still the chosen server
    assert settings.Settings().get(settings.SERVER_URL) == sandbox.url
    qtbot.waitUntil(lambda: picker.model.rowCount() == 2 and len(picker.pictures) == 2, timeout=30_000)
    assert picker.keeper.state == "synced" and "Synced" in picker.status.text()
    for row in range(2):
        thumb = picker.model.data(picker.model.index(row, 0), 1)  # DecorationRole
        assert thumb is not None and not thumb.isNull()
    red = picker.pictures["MUG-1"].toImage().pixelColor(44, 44)  # (B, G, R) = (40, 60, 220): a red disc
    assert red.red() > 150 and red.blue() < 100  # the merchant's picture, not a placeholder
    assert picker.add_button.isEnabled() is False  # no video open: nothing to tag yet, but the row is chosen
    assert picker.current() is not None and not picker.picture.pixmap().isNull()

    # in the background, while open: a new listing appears without Refresh
    put_with_picture(sandbox, merchant, tmp_path, "CAP-3", "棒球帽", (30, 30, 200))
    picker.keeper.timer.setInterval(200)
    qtbot.waitUntil(lambda: picker.model.rowCount() == 3 and "CAP-3" in picker.pictures, timeout=30_000)

    # offline: the catalog as last synced, and since when
    picker.keeper.timer.setInterval(picker.keeper.INTERVAL_MS)
    sandbox.server.stop()
    picker.refresh()
    qtbot.waitUntil(lambda: picker.keeper.state == "offline", timeout=60_000)
    assert picker.model.rowCount() == 3
    assert picker.status.text().startswith("Offline since")


def test_the_dock_says_why_it_is_empty(make_window, qtbot: QtBot, sandbox,  # noqa: F811
                                       memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    win: MainWindow = make_window()
    picker = win.product_picker
    assert picker.status.text() == "Not synced with the platform yet"
    save_token(sandbox.url, sandbox.token("ann", "creator"))
    win.connect_platform(sandbox.url)
    qtbot.waitUntil(lambda: picker.keeper.state == "synced", timeout=30_000)
    assert picker.status.text().startswith("No merchant lists products yet")

    put_with_picture(sandbox, Merchant(sandbox), tmp_path, "MUG-1", "陶瓷马克杯", (40, 60, 220))
    picker.refresh_button.click()
    qtbot.waitUntil(lambda: picker.model.rowCount() == 1, timeout=30_000)
    picker.search_field.setText("没有这种东西")
    assert picker.status.text() == "No product matches “没有这种东西”"


def test_the_buttons_stay_in_view_with_a_product_chosen(make_window, qtbot: QtBot, sandbox,  # noqa: F811
                                                        memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    merchant = Merchant(sandbox)
    for n in range(12):
        put_with_picture(sandbox, merchant, tmp_path, f"SKU-{n}", "一件标题很长很长的商品，" * 4 + str(n),
                         (40 + 15 * n, 80, 200))
    win = creator_window(make_window, qtbot, sandbox)
    win.resize(1280, 800)
    picker = win.product_picker
    qtbot.waitUntil(lambda: picker.model.rowCount() == 12 and len(picker.pictures) == 12, timeout=30_000)
    picker.table.selectRow(5)
    qtbot.wait(50)
    assert picker.details.text()
    viewport = picker.parentWidget()  # the dock's scroll area viewport
    assert viewport is not None
    for button in (picker.add_button, picker.refresh_button, picker.picture, picker.status):
        top_left = button.mapTo(viewport, button.rect().topLeft())
        bottom_right = button.mapTo(viewport, button.rect().bottomRight())
        assert viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right), button.text()
