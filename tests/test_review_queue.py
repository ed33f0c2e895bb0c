"""The reviewer's queue: fetch the posts waiting for a verdict from the platform, download a
package for offline work (checked against its sha256), review it and send the verdict back."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from studio.core.errors import PlatformError
from studio.platform.posts import download_package, get_post
from studio.platform.session import PlatformSession
from studio.platform.upload import upload_package
from studio.ui.review.review_queue import ReviewQueueDialog
from studio.ui.review.review_window import ReviewWindow
from tests.package_fixtures import make_package
from tests.posts_fixtures import posted_id
from tests.qt_fixtures import top_items
from tests.sandbox_fixtures import demo_products_listed  # noqa: F401  (posts need their products listed)

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("demo_products_listed")]


@pytest.fixture
def posted(sandbox, tmp_path: Path, clip) -> tuple[str, str, Path]:
    package = make_package(tmp_path, clip)  # packed once per run, a copy for each test
    creator = PlatformSession(sandbox.url, sandbox.token("ann", "creator"))
    post_id = posted_id(upload_package(creator, package))
    return post_id, sandbox.token("rita", "reviewer"), Path(package)


def test_download_checks_the_package(sandbox, posted, tmp_path: Path) -> None:
    post_id, rita, package = posted
    with PlatformSession(sandbox.url, rita) as session:
        got = download_package(session, post_id, tmp_path / "dl")
    assert got.read_bytes() == package.read_bytes()
    with PlatformSession(sandbox.url, sandbox.token("bob", "creator")) as other, pytest.raises(PlatformError):
        download_package(other, post_id, tmp_path / "dl2")
    assert not list((tmp_path / "dl2").glob("*"))


def test_queue_download_review_and_send(qtbot: QtBot, sandbox, posted) -> None:
    post_id, rita, _package = posted

    def factory() -> PlatformSession:
        return PlatformSession(sandbox.url, rita)

    dialog = ReviewQueueDialog(factory)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 1, timeout=20_000)
    assert top_items(dialog.list)[0].text(2) == "In review"  # the status in words, not the API's "in_review"
    assert dialog.message.text() == "1 post(s) wait for a verdict."
    with qtbot.waitSignal(dialog.packageReady, timeout=30_000) as ready:
        dialog.download_selected()
    path, got_post = ready.args
    assert got_post == post_id and Path(path).is_file()
    window = ReviewWindow()
    qtbot.addWidget(window)
    window.set_post(post_id, factory)
    with qtbot.waitSignal(window.opened, timeout=30_000):
        window.open_package(Path(path))
    assert not window.send_button.isHidden() and not window.send_button.isEnabled()
    window.reject.setChecked(True)
    window.notes.setPlainText("价格不对")
    assert window.send_button.isEnabled()
    with qtbot.waitSignal(window.verdictSent, timeout=20_000) as sent:
        window.send_button.click()
    assert sent.args == [post_id, "rejected"]
    with factory() as session:
        assert get_post(session, post_id).status == "rejected"
    window.close()


def test_a_package_opened_from_a_file_finds_its_post_and_sends_once(qtbot: QtBot, sandbox, posted) -> None:
    """File > Open Package for Review: the window asks the platform which post in the queue the package is (by
    its sha256), sends the verdict there, and "Send verdict" stays off afterwards."""
    post_id, rita, package = posted

    def factory() -> PlatformSession:
        return PlatformSession(sandbox.url, rita)

    window = ReviewWindow()
    qtbot.addWidget(window)
    window.set_post(None, factory)
    with qtbot.waitSignal(window.opened, timeout=30_000):
        window.open_package(package)  # the file the creator packed, not a download
    qtbot.waitUntil(lambda: window.post_id == post_id, timeout=20_000)
    assert not window.send_button.isEnabled()
    assert window.send_status.text() == f"Choose approve or reject to send the verdict to post {post_id}."
    window.approve.setChecked(True)
    assert window.send_button.isEnabled()
    with qtbot.waitSignal(window.verdictSent, timeout=20_000) as sent:
        window.send_button.click()
    assert sent.args == [post_id, "approved"]
    assert not window.send_button.isEnabled() and window.send_status.text() == "Verdict sent: the post is approved"
    window.reject.setChecked(True)  # changing one's mind does not send twice
    assert not window.send_button.isEnabled() and window.save_button.isEnabled()
    with factory() as session:
        assert get_post(session, post_id).status == "approved"
    window.close()


@pytest.mark.parametrize("who", ["logged_out", "creator", "unknown_package"])
def test_the_window_says_why_a_verdict_cannot_be_sent(qtbot: QtBot, sandbox, posted, tmp_path: Path, clip,
                                                      who: str) -> None:
    _post_id, rita, package = posted
    if who == "unknown_package":  # a package that is no post on this platform: another creator's
        (tmp_path / "other").mkdir()
        package = make_package(tmp_path / "other", clip, creator={"id": "u-17", "name": "Lin"})
    token = {"logged_out": None, "creator": sandbox.token("ann", "creator"), "unknown_package": rita}[who]
    window = ReviewWindow()
    qtbot.addWidget(window)
    window.set_post(None, lambda: PlatformSession(sandbox.url, token))
    with qtbot.waitSignal(window.opened, timeout=30_000):
        window.open_package(package)
    expected = {"logged_out": "Log in to the platform as a reviewer", "creator": "is not a reviewer",
                "unknown_package": "is not a post waiting for review"}[who]
    qtbot.waitUntil(lambda: expected in window.send_status.text(), timeout=20_000)
    window.approve.setChecked(True)
    assert window.save_button.isEnabled() and not window.send_button.isEnabled() and window.post_id is None
    window.close()
