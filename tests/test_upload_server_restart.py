"""The client against a sandbox that restarts mid-upload (a real server stopped and started again on the same
port and folder): the upload waits for it with backoff, reads "waiting" meanwhile, and then finishes; tus
discovery (OPTIONS) is what the client reads before it sends a byte."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import requests

from studio.core.errors import PlatformError
from studio.platform.session import PlatformSession, RetryPolicy
from studio.platform.upload import ChunkSizer, send_bytes, upload_package
from studio.platform.upload_store import UploadStore
from studio.sandbox.server import SandboxServer
from tests.platform_fixtures import file_sha256, make_package
from tests.qt_fixtures import gui_app


def test_the_upload_waits_for_a_restarting_server_and_finishes(tmp_path: Path) -> None:
    data = tmp_path / "sb"
    server = SandboxServer(data, "127.0.0.1", 0)
    url = server.start()
    port = int(url.rsplit(":", 1)[1])
    token = server.store.issue_token("ann", ("creator",), 3600)
    package = make_package(tmp_path / "a.gcpkg", 3 << 20)
    restarted: list[SandboxServer] = []

    queue_waits = threading.Event()

    def restart_later() -> None:
        # the server stays away until the session's own quick retries are spent and the queue waits for it
        assert queue_waits.wait(60), "the upload never waited for the server"
        again = SandboxServer(data, "127.0.0.1", port)
        again.start()
        restarted.append(again)

    def progress(done: int, total: int) -> None:
        if 0 < done < total and not restarted and server._thread and server._thread.is_alive():
            server.stop()  # the server goes away between two parts
            threading.Thread(target=restart_later, daemon=True).start()

    seen_states: list[str] = []

    def sleep(seconds: float) -> None:
        current = store.get(record.id)
        assert current is not None
        seen_states.append(current.state)  # what the queue shows while it waits
        if current.state == "waiting":
            queue_waits.set()
        time.sleep(seconds)

    try:
        # the session's own retries kept short: the upload's waiting for the server is what is tested
        quick = RetryPolicy(attempts=2, base_seconds=0.01)
        with PlatformSession(url, token, retry=quick) as session, UploadStore.open() as store:
            record = store.add(session.server, str(package), package.stat().st_size, file_sha256(package))
            record, stats = send_bytes(session, package, store, record, progress=progress, sleep=sleep,
                                       sizer=ChunkSizer(size=512 << 10, minimum=256 << 10, maximum=512 << 10))
        assert restarted, "the server was restarted"
        assert record.state == "uploaded" and stats.interruptions >= 1
        assert "waiting" in seen_states
        assert record.upload_url is not None
        upload_id = record.upload_url.rsplit("/", 1)[1]
        assert file_sha256(restarted[0].store.upload_file(upload_id)) == file_sha256(package)
    finally:
        for running in restarted:
            running.stop()


def test_tus_discovery_refuses_a_package_past_tus_max_size_before_any_upload(tmp_path: Path) -> None:
    server = SandboxServer(tmp_path / "sb", "127.0.0.1", 0, max_upload_bytes=1 << 20)
    url = server.start()
    try:
        token = server.store.issue_token("ann", ("creator",), 3600)
        options = requests.options(f"{url}/v1/uploads/", headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert options.headers["Tus-Max-Size"] == str(1 << 20)
        package = make_package(tmp_path / "big.gcpkg", 2 << 20)
        with PlatformSession(url, token) as session, pytest.raises(PlatformError) as refused:
            upload_package(session, package)
        assert refused.value.code == "too_large"
        assert server.store.query("SELECT id FROM uploads") == []  # nothing was created
    finally:
        server.stop()


@pytest.mark.gui
def test_the_queue_says_waiting_for_the_server(qtbot, sandbox, ui_locale, tmp_path: Path) -> None:
    from studio.ui.account.upload_queue import COL_STATE, UploadQueuePanel
    from studio.ui.i18n import install_translator

    token = sandbox.token("ann", "creator")
    package = make_package(tmp_path / "夏日水瓶.gcpkg", 300_000)
    with UploadStore.open() as store:
        record = store.add(sandbox.url, str(package), package.stat().st_size, file_sha256(package))
    for language, expected in (("en", "Waiting for the server"), ("zh_CN", "正在等待服务器")):
        install_translator(gui_app(), language)
        panel = UploadQueuePanel(lambda: PlatformSession(sandbox.url, token), sandbox.url)
        try:
            panel.pause(record.id)
            panel.store.update(record.id, state="waiting", offset=100_000, error="cannot reach the platform")
            panel.model.reload()
            panel.resize(900, 260)
            assert panel.model.index(0, COL_STATE).data() == expected
            panel.show()
            qtbot.waitExposed(panel)
        finally:
            panel.shutdown()
            panel.deleteLater()
    install_translator(gui_app(), "en")
