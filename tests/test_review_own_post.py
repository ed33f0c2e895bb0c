"""Nobody judges their own post, in the review window: against a platform that refuses it, the Verdict tab
says so and sending is off; against the embedded single-user sandbox (which allows it), it says that only this
sandbox lets them. Real sandbox over loopback, real widgets offscreen, in English and Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from studio.platform.posts import review_standing
from studio.platform.session import PlatformSession
from studio.platform.upload import upload_package
from studio.sandbox.server import SandboxServer
from studio.ui.i18n import install_translator
from studio.ui.review.review_window import ReviewWindow
from tests.package_fixtures import make_package
from tests.qt_fixtures import gui_app
from tests.sandbox_fixtures import Sandbox, list_demo_products

pytestmark = pytest.mark.gui


def _own_post(url: str, server: SandboxServer, tmp_path: Path, clip: Any) -> tuple[str, str, Path]:
    token = server.store.issue_token("me", ("creator", "merchant", "reviewer"), 3600)
    package = make_package(tmp_path, clip)
    with PlatformSession(url, token) as session:
        post_id = upload_package(session, package).post_id
    assert post_id
    return post_id, token, package


@pytest.mark.parametrize("allowed", [False, True])
def test_the_review_window_says_whose_post_it_is(qtbot: QtBot, tmp_path: Path, clip: Any, allowed: bool) -> None:
    server = SandboxServer(tmp_path / "sb", "127.0.0.1", 0, allow_self_review=allowed)
    url = server.start()
    try:
        list_demo_products(Sandbox(url, tmp_path / "sb", server))  # the platform takes posts of listed products only
        post_id, token, package = _own_post(url, server, tmp_path, clip)
        with PlatformSession(url, token) as session:
            assert review_standing(session, post_id).may_judge is allowed
            other = server.store.issue_token("rita", ("reviewer",), 3600)
        with PlatformSession(url, other) as session:
            standing = review_standing(session, post_id)
            assert (standing.own_post, standing.may_judge) == (False, True)
        for language in ("en", "zh_CN"):
            install_translator(gui_app(), language)
            window = ReviewWindow()
            window.resize(1280, 800)
            window.show()
            try:
                with qtbot.waitSignal(window.opened, timeout=60_000):
                    window.open_package(package)
                window.tabs.setCurrentIndex(window.tabs.count() - 1)
                window.approve.setChecked(True)
                window.set_post(post_id, lambda: PlatformSession(url, token))

                def noted(note: QLabel = window.own_post_note) -> bool:
                    return note.text() != ""

                qtbot.waitUntil(noted, timeout=20_000)
                assert window.own_post_note.isVisible()
                text = window.own_post_note.text()
                if language == "en":
                    assert ("Only this local sandbox" in text) is allowed
                    assert ("nobody judges their own post" in text) is not allowed
                assert window.send_button.isEnabled() is allowed
            finally:
                window.close()
                window.deleteLater()
        install_translator(gui_app(), "en")
    finally:
        server.stop()
