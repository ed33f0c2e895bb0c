"""The upload queue panel against the real sandbox: several packages, progress and speed, pause and resume,
cancel (terminated on the server), a 401 that keeps the queue, a restart, and post statuses polled."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from PySide6.QtGui import QImage

from studio.platform.session import PlatformSession
from studio.platform.upload_store import UploadStore
from studio.ui.account.upload_queue import COL_POST, COL_SPEED, COL_STATE, UploadQueuePanel
from studio.ui.workers import running_tasks
from tests.platform_fixtures import make_package
from tests.sandbox_fixtures import demo_products_listed  # noqa: F401  (posts need their products listed)

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("demo_products_listed")]
SLOW = "stall=0.25x100000,methods=PATCH"  # every part waits: slow enough to act mid-upload


@pytest.fixture
def queue(qtbot, sandbox):
    """A factory for panels logged in as a creator; waits for their background work at the end."""
    panels: list[UploadQueuePanel] = []

    def make(token: str | None = None, **kwargs) -> UploadQueuePanel:
        token = token or sandbox.token("ann", "creator")
        panel = UploadQueuePanel(lambda: PlatformSession(sandbox.url, token), sandbox.url, **kwargs)
        panel.resize(900, 260)
        panels.append(panel)
        return panel

    yield make
    sandbox.faults.clear()
    for panel in panels:
        panel.shutdown()
    qtbot.waitUntil(lambda: not running_tasks(), timeout=60_000)
    for panel in panels:
        panel.deleteLater()


def states(panel: UploadQueuePanel) -> list[str]:
    return [r.state for r in panel.model.records]


def sent(panel: UploadQueuePanel) -> bool:
    """Some bytes of the (one) upload are on the server."""
    return any(done > 0 for done in panel.model.done.values())


def cell(panel: UploadQueuePanel, row: int, column: int) -> str:
    return str(panel.model.index(row, column).data())


def test_several_packages_upload_and_become_posts(qtbot, queue, tmp_path: Path) -> None:
    panel = queue()
    for n in range(3):
        panel.add_package(make_package(tmp_path / f"p{n}.gcpkg", 600_000, title=f"第{n}个", seed=n))
    qtbot.waitUntil(lambda: states(panel) == ["posted"] * 3, timeout=60_000)
    for row in range(3):
        assert panel.model.index(row, 1).data() == "100.0%"
        assert "In review" in cell(panel, row, COL_POST) and cell(panel, row, COL_STATE) == "Posted"
    assert len({r.post_id for r in panel.model.records}) == 3


def test_pause_resume_and_speed(qtbot, queue, sandbox, tmp_path: Path) -> None:
    sandbox.faults.set(SLOW)
    panel = queue()
    panel.add_package(make_package(tmp_path / "slow.gcpkg", 5 << 20))
    qtbot.waitUntil(lambda: len(panel.model.speed) == 1, timeout=60_000)
    assert cell(panel, 0, COL_SPEED).endswith("B/s")  # kB/s or MB/s, as the locale writes sizes
    record_id = panel.model.records[0].id
    panel.select(record_id)
    assert panel.buttons["pause"].isEnabled() and not panel.buttons["resume"].isEnabled()
    qtbot.mouseClick(panel.buttons["pause"], qtbot_left())
    qtbot.waitUntil(lambda: states(panel) == ["paused"] and not panel.tasks, timeout=60_000)
    paused_at = panel.model.records[0].offset
    assert 0 < paused_at < panel.model.records[0].size
    assert panel.buttons["resume"].isEnabled()
    sandbox.faults.clear()
    qtbot.mouseClick(panel.buttons["resume"], qtbot_left())
    qtbot.waitUntil(lambda: states(panel) == ["posted"], timeout=60_000)


def test_cancel_terminates_the_upload_on_the_server(qtbot, queue, sandbox, tmp_path: Path) -> None:
    sandbox.faults.set(SLOW)
    panel = queue()
    panel.add_package(make_package(tmp_path / "c.gcpkg", 5 << 20))
    qtbot.waitUntil(lambda: sent(panel), timeout=60_000)
    assert sandbox.store.query("SELECT count(*) FROM uploads") == [(1,)]
    panel.cancel(panel.model.records[0].id)
    qtbot.waitUntil(lambda: states(panel) == ["cancelled"] and not panel.busy(), timeout=60_000)
    assert sandbox.store.query("SELECT count(*) FROM uploads") == [(0,)]
    sandbox.faults.clear()
    panel.retry(panel.model.records[0].id)  # starts over from byte 0
    qtbot.waitUntil(lambda: states(panel) == ["posted"], timeout=60_000)


def test_an_expired_token_pauses_and_keeps_the_queue(qtbot, queue, sandbox, tmp_path: Path) -> None:
    short = sandbox.token("ann", "creator", ttl_seconds=60)
    sandbox.faults.set(SLOW)
    panel = queue(short)
    panel.add_package(make_package(tmp_path / "a.gcpkg", 5 << 20))
    qtbot.waitUntil(lambda: sent(panel), timeout=60_000)
    with qtbot.waitSignal(panel.auth_required, timeout=60_000):
        sandbox.advance_clock(3600)
    qtbot.waitUntil(lambda: states(panel) == ["paused"] and not panel.tasks, timeout=60_000)
    kept = panel.model.records[0]
    assert 0 < kept.offset < kept.size and "log in again" in (kept.error or "")
    sandbox.faults.clear()
    fresh = sandbox.token("ann", "creator")
    panel.set_session_factory(lambda: PlatformSession(sandbox.url, fresh))
    panel.resume(kept.id)
    qtbot.waitUntil(lambda: states(panel) == ["posted"], timeout=60_000)


def test_an_upload_cut_by_a_restart_comes_back_paused_and_resumes(qtbot, queue, sandbox, tmp_path: Path) -> None:
    sandbox.faults.set(SLOW)
    first = queue()
    first.add_package(make_package(tmp_path / "r.gcpkg", 5 << 20))
    qtbot.waitUntil(lambda: sent(first), timeout=60_000)
    with UploadStore.open() as store:  # as the app killed mid-upload leaves it
        (record,) = store.all()
        assert record.state == "uploading"
    first.shutdown()
    qtbot.waitUntil(lambda: not first.busy(), timeout=60_000)
    with UploadStore.open() as store:
        store.update(record.id, state="uploading")
    sandbox.faults.clear()
    second = queue()
    assert states(second) == ["paused"]
    second.resume(record.id)
    qtbot.waitUntil(lambda: states(second) == ["posted"], timeout=60_000)


def test_post_status_is_polled(qtbot, queue, sandbox, tmp_path: Path) -> None:
    panel = queue(poll_ms=3_600_000)
    panel.add_package(make_package(tmp_path / "s.gcpkg", 300_000))
    qtbot.waitUntil(lambda: states(panel) == ["posted"], timeout=60_000)
    post_id = panel.model.records[0].post_id
    reviewer = sandbox.token("rita", "reviewer")
    answer = requests.post(f"{sandbox.url}/v1/posts/{post_id}/verdict", json={"verdict": "approve"},
                           headers={"Authorization": f"Bearer {reviewer}"}, timeout=10)
    assert answer.status_code == 200, answer.text
    with qtbot.waitSignal(panel.post_status_changed, timeout=60_000) as signal:
        panel.poll_statuses()
    assert signal.args[1] == "approved" and "Approved" in cell(panel, 0, COL_POST)


def test_screenshot_mid_upload(qtbot, queue, sandbox, tmp_path: Path) -> None:
    panel = queue(max_parallel=2)
    panel.add_package(make_package(tmp_path / "早餐 vlog.gcpkg", 300_000, title="早餐", seed=1))
    qtbot.waitUntil(lambda: states(panel) == ["posted"], timeout=60_000)
    sandbox.faults.set(SLOW)
    for n, name in enumerate(("夏日水瓶 summer bottle", "运动鞋开箱 running shoes", "咖啡杯 cups")):
        panel.add_package(make_package(tmp_path / f"{name}.gcpkg", (6 + n) << 20, title=name, seed=10 + n))
    qtbot.waitUntil(lambda: len(panel.model.records) == 4 and len(panel.model.speed) == 2
                    and all(panel.model.done.get(r.id, 0) > (2 << 20) for r in panel.model.records[1:3]),
                    timeout=60_000)
    panel.pause(panel.model.records[3].id)
    panel.show()
    qtbot.waitExposed(panel)
    shot = tmp_path / "upload_queue.png"
    assert panel.grab().save(str(shot))
    assert QImage(str(shot)).width() == panel.width()


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
