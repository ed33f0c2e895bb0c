"""Help > About lists the shipped components and their licences."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from studio.ui.about_dialog import AboutDialog
from tests.qt_fixtures import top_items


def test_about_lists_the_licences(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() > 10, timeout=20_000)
    rows = top_items(dialog.tree)
    names = [row.text(0) for row in rows]
    assert {"Qt", "FFmpeg", "OpenCV"} <= set(names)
    licences = [row.text(2) for row in rows]
    assert all(licences)
