"""The editor asks how a landscape source becomes 9:16, previews the answer and keeps it in the project."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from tests.test_main_window import make_window, open_and_wait, window  # noqa: F401  (fixtures)

pytestmark = pytest.mark.gui


def _pixels(image: QImage) -> np.ndarray:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    ptr = rgb.constBits()
    return np.frombuffer(ptr, np.uint8).reshape(rgb.height(), rgb.bytesPerLine())[:, :rgb.width() * 3].reshape(
        rgb.height(), rgb.width(), 3).copy()


def test_landscape_source_asks_previews_and_remembers(qtbot, window, clip) -> None:  # noqa: F811
    open_and_wait(qtbot, window, clip(width=640, height=360, seconds=2))
    bar, view = window.editor.reframe_bar, window.view
    assert bar.isVisible() and "landscape" in bar.question.text()
    assert not any(b.isChecked() for b in bar.buttons.values())  # not chosen yet: asked
    assert view.output_fit == "pad"  # what the export does meanwhile
    target = view.output_rect()
    assert abs(target.width() / target.height() - 9 / 16) < 0.01

    def shown(fit: str) -> np.ndarray:
        view.repaint()
        picture = _pixels(view.grab().toImage())
        r = view.output_rect().toRect()
        return picture[r.top() + 2:r.bottom() - 2, r.left() + 2:r.right() - 2]

    padded = shown("pad")
    bar.buttons["crop"].click()
    assert window.document.project.fit == "crop" and view.output_fit == "crop" and window.document.modified
    cropped = shown("crop")
    assert padded.shape == cropped.shape and float(np.abs(padded.astype(int) - cropped.astype(int)).mean()) > 5
    assert cropped.reshape(-1, 3).std(axis=0).min() > 10  # the picture fills the frame: no black bars
    bar.buttons["follow"].click()
    assert window.document.project.fit == "follow"
    window.document.undo_stack.undo()
    assert window.document.project.fit == "crop" and bar.buttons["crop"].isChecked()


def test_portrait_source_is_not_asked(qtbot, window, clip) -> None:  # noqa: F811
    open_and_wait(qtbot, window, clip(width=360, height=640, seconds=2))
    assert not window.editor.reframe_bar.isVisible()
    assert window.view.output_fit is None
