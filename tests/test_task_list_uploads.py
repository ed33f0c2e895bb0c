"""Uploads in the main window's task list: the upload queue's own tasks, followed with their progress, cancelled
through the queue's Cancel, and ended with the queue's words; through the real window, the real upload queue and
real HTTP to the sandbox on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.platform.credentials import save_token
from studio.ui.main_window import MainWindow
from studio.ui.task_list import State, TaskEntry
from tests.platform_fixtures import MemoryKeyring, make_package
from tests.sandbox_fixtures import demo_products_listed  # noqa: F401  (posts need their products listed)
from tests.test_main_window import make_window  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("demo_products_listed")]
SLOW = "stall=0.25x100000,methods=PATCH"  # every part waits: slow enough to act mid-upload


def logged_in_window(make_window, qtbot: QtBot, sandbox) -> MainWindow:  # noqa: F811
    win: MainWindow = make_window()
    save_token(sandbox.url, sandbox.token("ann", "creator"))
    win.connect_platform(sandbox.url)
    qtbot.waitUntil(win.account_menu.logged_in, timeout=30_000)
    return win


def states(win: MainWindow) -> list[str]:
    return [r.state for r in win.upload_queue.model.records]


def upload_entries(win: MainWindow) -> list[TaskEntry]:
    return [e for e in win.tasks.entries if e.label.startswith("Uploading ")]


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")  # the popover, on the offscreen platform
def test_an_upload_shows_its_progress_and_cancels_from_the_task_list(make_window, qtbot: QtBot, sandbox,  # noqa: F811
                                                                   memory_keyring: MemoryKeyring,
                                                                   tmp_path: Path) -> None:
    sandbox.faults.set(SLOW)
    win = logged_in_window(make_window, qtbot, sandbox)
    package = make_package(tmp_path / "slow.gcpkg", 5 << 20)
    win.platform.upload(package)
    qtbot.waitUntil(lambda: len(upload_entries(win)) == 1, timeout=60_000)
    entry = upload_entries(win)[0]
    assert entry.label == "Uploading slow.gcpkg…" and entry.task is next(iter(win.upload_queue.tasks.values()))
    qtbot.waitUntil(lambda: entry.state is State.RUNNING and entry.progress[0] > 0, timeout=60_000)
    done, total = entry.progress
    assert total == package.stat().st_size and 0 < done < total  # bytes the server holds, as the queue counts
    assert win.tasks.act_show.text() == "Tasks: 1 running, 0 waiting"
    bar = win.tasks.progress_bar  # the status bar's, in per mille (a C int holds no byte count past 2 GiB)
    assert bar.isVisible() and bar.maximum() == 1000 and 0 < bar.value() < 1000

    win.tasks.show_list()
    row = win.tasks.popover.rows[entry.task.key]
    assert row.name.text() == "Uploading slow.gcpkg…" and row.state.text().startswith("Running for ")
    qtbot.mouseClick(row.cancel, Qt.MouseButton.LeftButton)  # the queue's Cancel: stopped and gone from the server
    qtbot.waitUntil(lambda: states(win) == ["cancelled"] and not win.upload_queue.busy(), timeout=60_000)
    assert entry.state is State.CANCELLED and row.state.text().startswith("Cancelled")
    assert sandbox.store.query("SELECT count(*) FROM uploads") == [(0,)]
    win.tasks.popover.hide()


def test_an_upload_that_ends_says_how_it_stands(make_window, qtbot: QtBot, sandbox,  # noqa: F811
                                                memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    win = logged_in_window(make_window, qtbot, sandbox)
    win.platform.upload(make_package(tmp_path / "quick.gcpkg", 600_000, title="玻璃杯"))
    qtbot.waitUntil(lambda: len(upload_entries(win)) == 1 and upload_entries(win)[0].finished, timeout=60_000)
    entry = upload_entries(win)[0]
    record = win.upload_queue.model.records[0]
    assert entry.state is State.DONE, entry.message
    assert record.post_id is not None and record.post_id in entry.message
    assert entry.message == win.upload_queue.result_text(record.id)
    assert win.tasks.current is None and not win.tasks.unfinished()
