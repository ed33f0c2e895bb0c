"""The cover panel: real widgets offscreen on a generated clip; every edit undoable, the
preview is the exported file, suggestions are clickable."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from studio.core.project import CoverChoice, Project, TrimRange
from studio.jobs.cover import export_cover
from studio.media.probe import probe
from studio.render.cover_title import qimage_to_rgb
from studio.ui.editor.cover_panel import CoverPanel
from studio.ui.editor.document import Document
from studio.ui.workers import running_tasks
from tests.image_fixtures import read_rgb
from tests.test_cover_scoring import BAD, _inside, _segments_clip


@pytest.fixture
def panel(qtbot, clip_dir: Path):
    source = _segments_clip(clip_dir, 15)
    document = Document()
    document.replace(Project(trim=TrimRange(0, 10_000)), None, source, probe(source))
    widget = CoverPanel(document)
    widget.resize(1100, 760)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget._picture is not None, timeout=20_000)
    yield widget
    qtbot.waitUntil(lambda: not running_tasks(), timeout=20_000)


def _cover(panel: CoverPanel) -> CoverChoice:
    cover = panel.document.project.cover
    assert cover is not None, "the panel has made no cover choice yet"
    return cover


def _wait_picture(qtbot, panel: CoverPanel) -> None:
    qtbot.waitUntil(lambda: panel._frame_task is None and panel._picture is not None, timeout=20_000)


def test_scrub_and_step_within_the_trim_are_undoable(qtbot, panel: CoverPanel) -> None:
    document = panel.document
    assert panel.cover_time_ms() == 0
    panel.slider.setValue(panel.slider.maximum())
    assert _cover(panel).time_ms == panel._times[panel.slider.maximum()] < 10_000
    panel.step(-1)
    stepped = _cover(panel).time_ms
    assert stepped == panel._times[panel.slider.maximum() - 1]
    document.undo_stack.undo()
    assert _cover(panel).time_ms == panel._times[panel.slider.maximum()]
    document.undo_stack.undo()
    assert document.project.cover is None
    assert not document.modified


def test_preview_is_the_exported_cover(qtbot, panel: CoverPanel, tmp_path: Path) -> None:
    panel.slider.setValue(panel.slider.minimum() + 20)
    panel.title_edit.setPlainText("新品上市\n限时折扣")
    panel.aspect_box.setCurrentIndex(panel.aspect_box.findData("9:16"))
    _wait_picture(qtbot, panel)
    cover = _cover(panel)
    assert cover.title == "新品上市\n限时折扣" and cover.aspect == "9:16"
    composed, media_path = panel.composed(), panel.document.media_path
    assert composed is not None and media_path is not None
    preview = qimage_to_rgb(composed)
    result = export_cover(panel.document.project, media_path, tmp_path / "c.jpg")
    exported = read_rgb(result.output)
    assert preview.shape == exported.shape == (1920, 1080, 3)
    assert np.abs(preview.astype(int) - exported.astype(int)).mean() < 3
    grid = panel.grid_preview.pixmap()
    assert grid.width() == 120 and abs(grid.height() - 120 * 16 / 9) <= 1


def test_typing_the_title_is_one_undo_step(qtbot, panel: CoverPanel) -> None:
    panel.title_edit.setFocus()
    qtbot.keyClicks(panel.title_edit, "Sale")  # QTest types ASCII only; Chinese is set in the other tests
    assert _cover(panel).title == "Sale"
    assert panel.document.undo_stack.count() == 1
    panel.document.undo_stack.undo()
    assert panel.title_edit.toPlainText() == ""


def test_crop_box_moves_with_the_mouse_and_keeps_its_aspect(qtbot, panel: CoverPanel) -> None:
    canvas = panel.canvas
    box = canvas.crop_box()
    start = box.center().toPoint()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, start + QPoint(0, -40))
    qtbot.mouseMove(canvas, start + QPoint(0, -80))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(0, -80))
    crop = _cover(panel).crop
    assert crop is not None and crop.y < 0.5 - crop.h / 2
    assert panel.document.undo_stack.count() == 1  # one drag, one step
    moved = canvas.crop_box()
    assert abs(moved.width() / moved.height() - 3 / 4) < 0.01
    # resize by the bottom-right handle: smaller, same aspect
    corner = moved.bottomRight().toPoint()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=corner)
    qtbot.mouseMove(canvas, corner + QPoint(-60, 0))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=corner + QPoint(-60, 0))
    resized = canvas.crop_box()
    assert resized.width() < moved.width() - 40
    assert abs(resized.width() / resized.height() - 3 / 4) < 0.02
    assert panel.document.undo_stack.count() == 2


def test_title_over_the_controls_warns(qtbot, panel: CoverPanel) -> None:
    panel.title_edit.setPlainText("夏日好物")
    panel.aspect_box.setCurrentIndex(panel.aspect_box.findData("9:16"))
    text = panel.warnings_label.text()
    assert "controls" not in text and "card" not in text and "720 px" in text  # the clip is 360 px wide
    panel.set_title_style(y=0.02)
    assert "controls" in panel.warnings_label.text()
    panel.set_title_style(y=0.5)
    assert "card" in panel.warnings_label.text()


def test_suggestions_are_clickable_thumbnails(qtbot, panel: CoverPanel) -> None:
    with qtbot.waitSignal(panel.suggestionsReady, timeout=30_000):
        panel.suggest()
    count = panel.suggestion_list.count()
    assert count == len(panel.suggestions) > 0
    assert all(not _inside(s.time_ms, BAD) for s in panel.suggestions)
    item = panel.suggestion_list.item(1)
    assert not item.icon().isNull() and item.toolTip()
    # ranked, with what tells each apart, instead of near-equal scores ("0.86")
    texts = [panel.suggestion_list.item(i).text() for i in range(count)]
    assert [t.split(".")[0] for t in texts] == [str(rank) for rank in range(1, count + 1)]
    assert all(f"{s.score:.2f}" not in t for s, t in zip(panel.suggestions, texts, strict=True))
    for i, text in enumerate(texts):  # the line under the time names reasons the tooltip lists in full
        all_reasons = set(panel.suggestion_list.item(i).toolTip().replace("\n", ", ").split(", "))
        assert text.split("\n")[1] and set(text.split("\n")[1].split(", ")) <= all_reasons
    rect = panel.suggestion_list.visualItemRect(item)
    qtbot.mouseClick(panel.suggestion_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _cover(panel).time_ms == panel.suggestions[1].time_ms


def test_import_an_image_and_go_back_to_the_video(qtbot, panel: CoverPanel, tmp_path: Path) -> None:
    image = tmp_path / "photo.png"
    picture = np.zeros((900, 600, 3), np.uint8)
    picture[:, :, 1] = 200
    cv2.imwrite(str(image), picture)
    task = panel.import_image(image)
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    imported = _cover(panel).image
    assert imported is not None and imported.absolute_path == str(image.resolve())
    _wait_picture(qtbot, panel)
    assert panel._picture is not None and panel._picture.shape == (900, 600, 3)
    assert not panel.slider.isEnabled()
    panel.video_button.click()
    assert _cover(panel).image is None
    panel.document.undo_stack.undo()
    assert _cover(panel).image is not None
