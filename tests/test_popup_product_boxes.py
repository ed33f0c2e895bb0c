"""A popup keeps where its product is (`Popup.product_boxes`): a version-5 project (built here in the layout the
app wrote until now) opens with none, boxes round-trip and bad ones are named; in the editor, accepting a
finder proposal stores the finder's boxes inside each popup's span, a span edited keeps and clips them (a drag
that shortens and lengthens again loses none), undo gives them back, and the follow preview is planned again
so the window holds the product while its card shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.core.errors import ProjectFileError
from studio.core.finder_windows import ProductWindow, TimedBox
from studio.core.project import CURRENT_SCHEMA_VERSION, Popup, PostText, Project
from studio.core.project_file import load_project, save_project
from studio.ui.finder_proposals import FindOutcome
from tests.test_main_window import make_window, open_and_wait, window  # noqa: F401  (fixtures)

BOXES = [TimedBox(t, 560, 100, 70, 70) for t in range(2_000, 4_600, 200)]
"""A product at the right edge of a 640x360 picture, seen 5 times a second over [2 s, 4.6 s)."""


def test_a_version_5_project_opens_with_popups_tagged_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "v5.gcs"
    save_project(Project(popups=[Popup(id="p1", sku="CUP", start_ms=2_000, end_ms=5_000, snapshot={"title": "杯"})],
                         post=PostText(title="旧")), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    for popup in data["popups"]:  # version 5 kept no boxes
        del popup["product_boxes"]
    data["schema_version"] = 5
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    project = load_project(path)
    assert project.schema_version == CURRENT_SCHEMA_VERSION == 6
    assert [(p.id, p.sku, p.product_boxes, p.snapshot) for p in project.popups] == [("p1", "CUP", [], {"title": "杯"})]
    save_project(project, path)
    assert json.loads(path.read_text(encoding="utf-8"))["popups"][0]["product_boxes"] == []


def test_boxes_round_trip_and_a_bad_one_is_named(tmp_path: Path) -> None:
    path = tmp_path / "boxes.gcs"
    save_project(Project(popups=[Popup(sku="CUP", start_ms=2_000, end_ms=5_000, product_boxes=BOXES[:3])]), path)
    assert load_project(path).popups[0].product_boxes == BOXES[:3]
    data = json.loads(path.read_text(encoding="utf-8"))
    data["popups"][0]["product_boxes"][1]["x"] = -4
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProjectFileError) as error:
        load_project(path)
    assert "popups[0].product_boxes[1].x" in str(error.value) and str(path) in str(error.value)


@pytest.mark.gui
def test_accepting_a_proposal_keeps_its_boxes_and_the_preview_holds_the_product(qtbot, window, clip,  # noqa: F811
                                                                                 tmp_path: Path) -> None:
    open_and_wait(qtbot, window, clip(width=640, height=360, seconds=6, fps=10, gop=10))
    window.editor.reframe_bar.buttons["follow"].click()
    document, proposals, editor = window.document, window.proposals, window.popup_editor
    proposals.set_outcome(FindOutcome([ProductWindow("CUP", 2_000, 4_600, 0.9, tuple(BOXES))], [[]], []))
    [popup] = proposals.accept([proposals.items[0].id])
    stored = document.project.popups[-1]
    assert stored.product_boxes == [b for b in BOXES if popup.start_ms <= b.t_ms < popup.end_ms]
    assert len(stored.product_boxes) >= 10
    accepted = list(stored.product_boxes)

    # one drag (edits merged by their key): shortened, then lengthened again
    editor.set_times(popup.id, 3_000, popup.end_ms, merge_key="drag")
    assert min(b.t_ms for b in document.project.popups[-1].product_boxes) == 3_000
    editor.set_times(popup.id, 2_400, popup.end_ms, merge_key="drag")
    assert document.project.popups[-1].product_boxes == [b for b in accepted if b.t_ms >= 2_400]
    document.undo_stack.undo()  # the drag
    assert document.project.popups[-1].product_boxes == accepted
    editor.set_times(popup.id, 2_400, popup.end_ms)
    saved = tmp_path / "kept.gcs"
    document.save(saved)
    assert load_project(saved).popups[-1].product_boxes == [b for b in accepted if b.t_ms >= 2_400]
    document.undo_stack.undo()
    document.undo_stack.undo()  # the accept: the popup goes, the proposal comes back
    assert document.project.popups == [] and len(proposals.items) == 1
    document.undo_stack.redo()
    assert document.project.popups[-1].product_boxes == accepted

    kept = document.project.popups[-1]

    def holds_the_product() -> bool:
        path = document.follow_path
        return path is not None and all(
            path.x_at(t) <= b.x and b.x + b.w <= path.x_at(t) + path.window_width
            for b in kept.product_boxes for t in range(max(b.t_ms - 100, kept.start_ms), b.t_ms + 100, 20))

    qtbot.waitUntil(holds_the_product, timeout=60_000)
    # and the preview shows that window: the output picture at the popup's middle is the picture's right part
    framing = document.framing()
    assert framing is not None and framing.follow is document.follow_path
    x, _, w, _ = framing.window_at((kept.start_ms + kept.end_ms) // 2)
    assert x <= 560 and 630 <= x + w
