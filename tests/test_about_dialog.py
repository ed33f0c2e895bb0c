"""Help > About lists the shipped components and their licences."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from studio.ui.about_dialog import AboutDialog


def test_about_lists_the_licences(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() > 10, timeout=20_000)
    names = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert {"Qt", "FFmpeg", "OpenCV"} <= set(names)
    licences = [dialog.tree.topLevelItem(i).text(2) for i in range(dialog.tree.topLevelItemCount())]
    assert all(licences)
