"""The creator's flow through the real main window: open a project, write the post, pack, open the package
for review, approve (the sandbox upload joins in test_e2e_creator.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from studio.core.package import verify_package
from studio.core.review import read_report
from studio.ui.main_window import MainWindow
from tests.test_main_window import make_window, open_and_wait  # noqa: F401  (the fixture)
from tests.test_pack import CLIP, make_project

pytestmark = pytest.mark.gui


def test_write_post_pack_review_and_approve(make_window, qtbot: QtBot, tmp_path: Path, clip) -> None:  # noqa: F811
    project = make_project(tmp_path, clip(**CLIP), popups={"before": (4_000, 6_500)}, skus={"before": "GC-SHOE-004"},
                           trim=None)
    win: MainWindow = make_window()
    open_and_wait(qtbot, win, project)
    assert {d.objectName() for d in win.findChildren(QDockWidget)} >= {"coverDock", "postDock", "soundDock"}
    win.post_editor.title.setText("")
    win.post_editor.title.textEdited.emit("夏天的鞋")
    assert win.document.project.post.title == "夏天的鞋"
    win.sound_panel.loudness.setChecked(True)
    assert win.files.save()
    out = tmp_path / "flow.gcpkg"
    with qtbot.waitSignal(win.packed, timeout=120_000) as packed:
        win.files.pack_to(out)
    assert packed.args == [str(out)]
    report = verify_package(out)
    assert report.valid
    review = win.workspaces.open_review(out)
    qtbot.waitUntil(lambda: review.opened_package is not None, timeout=30_000)
    assert review.opened_package is not None and review.opened_package.manifest["post"]["title"] == "夏天的鞋"
    review.approve.setChecked(True)
    saved = review.save_report(tmp_path / "verdict.json")
    assert read_report(saved, report.sha256).verdict == "approve"
    review.close()
