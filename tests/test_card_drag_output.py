"""Dragging a card on the editor's 9:16 output preview of a landscape source stores the anchor in the output
frame's terms, the ones the card rules and the renderer read: the card follows the mouse one to one, and the
card renderer (what the preview export and the phone frame paint) puts it where it was dropped."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QColor, QImage

from studio.core import card_geometry
from studio.core.platform_profile import Fit
from studio.core.project import Project
from studio.core.project_file import load_project, save_project
from studio.render import card
from tests.test_main_window import make_window, open_and_wait  # noqa: F401 (fixture)
from tests.test_popup_editor import demo_project, drag, seek

pytestmark = pytest.mark.gui


def landscape_demo(tmp_path: Path, source: Path, fit: Fit) -> Path:
    path = demo_project(tmp_path, source)
    project: Project = load_project(path)
    project.fit = fit
    save_project(project, path)
    return path


def card_centre_on_rendered_frame(anchor: tuple[float, float], style: str) -> tuple[float, float]:
    """Where the renderer paints the card on a plain 1080x1920 frame: the centre of the pixels it changed."""
    frame = QImage(1080, 1920, QImage.Format.Format_RGB32)
    frame.fill(QColor("#000000"))
    content = card.CardContent(title="Bottle", price_cents=5900, style=style)
    painted = card.render_popups(frame, [card.PlacedCard(content, *anchor)])
    rgb = painted.convertToFormat(QImage.Format.Format_RGB888)
    pixels = np.frombuffer(rgb.constBits(), np.uint8).reshape(1920, rgb.bytesPerLine())[:, :1080 * 3]
    ys, xs = np.nonzero(pixels.reshape(1920, 1080, 3).max(axis=2) > 0)
    return (xs.min() + xs.max() + 1) / 2 / 1080, (ys.min() + ys.max() + 1) / 2 / 1920


@pytest.mark.parametrize("fit", ["crop", "pad"])
def test_a_card_dropped_on_the_output_preview_is_rendered_where_it_was_dropped(
        qtbot, make_window, clip, tmp_path: Path, fit: Fit) -> None:  # noqa: F811
    win = make_window()
    open_and_wait(qtbot, win, landscape_demo(tmp_path, clip(seconds=30, fps=30, width=320, height=180), fit))
    view = win.view
    assert view.output_fit == fit
    seek(qtbot, win, 8_000)
    view.repaint()
    bottle = win.document.project.popups[0]
    output = view.output_rect()
    assert not output.isEmpty() and view.frame_rect() == output
    start = view.popup_rect(bottle.id).center()
    travel = QPointF(-0.1 * output.width(), -0.05 * output.height())
    drop = start + travel
    drag(qtbot, view, start.toPoint(), [start.toPoint() + QPoint(4, 4), drop.toPoint()])

    moved = win.document.project.popups[0]
    assert (moved.anchor_x, moved.anchor_y) == pytest.approx((0.35, 0.65), abs=0.004)
    view.repaint()
    assert view.popup_rect(moved.id).center().x() == pytest.approx(drop.x(), abs=2)  # one to one with the mouse
    assert view.popup_rect(moved.id).center().y() == pytest.approx(drop.y(), abs=2)
    # the renderer puts the card's centre where the card's centre was dropped on the output picture
    dropped = ((drop.x() - output.x()) / output.width(), (drop.y() - output.y()) / output.height())
    rendered = card_centre_on_rendered_frame((moved.anchor_x, moved.anchor_y), moved.style)
    assert rendered == pytest.approx(dropped, abs=0.006)
    box = card_geometry.card_box(moved.anchor_x, moved.anchor_y, moved.style)  # what the card rules measure
    assert ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2) == pytest.approx(rendered, abs=0.003)
