"""A popup keeps where its product is (`Popup.product_boxes`): a version-5 project (built here in the layout the
app wrote until now) opens with none, boxes round-trip and bad ones are named; in the editor, accepting a
finder proposal stores the finder's boxes inside each popup's span, a span edited keeps and clips them (a drag
that shortens and lengthens again loses none), undo gives them back, and the follow preview is planned again
so the window holds the product while its card shows."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from studio.core.errors import ProjectFileError
from studio.core.finder_windows import ProductWindow, TimedBox
from studio.core.project import CURRENT_SCHEMA_VERSION, Popup, PostText, Project
from studio.core.project_file import load_project, save_project
from studio.ui.editor.finder_proposals import FindOutcome
from tests.project_fixtures import older_project_file
from tests.qt_fixtures import gui_app
from tests.test_follow_products import PRODUCT, project_file, scene  # noqa: F401  (fixture)
from tests.test_main_window import make_window, open_and_wait, window  # noqa: F401  (fixtures)

BOXES = [TimedBox(t, 560, 100, 70, 70) for t in range(2_000, 4_600, 200)]
"""A product at the right edge of a 640x360 picture, seen 5 times a second over [2 s, 4.6 s)."""


def test_a_version_5_project_opens_with_popups_tagged_by_hand(tmp_path: Path) -> None:
    path = older_project_file(tmp_path / "v5.gcs", Project(popups=[
        Popup(id="p1", sku="CUP", start_ms=2_000, end_ms=5_000, snapshot={"title": "杯"})], post=PostText(title="旧")),
        5, popup_fields_after=("product_boxes",))
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
    assert x <= 560 and x + w >= 630


@pytest.mark.gui
@pytest.mark.parametrize("ui_language", ["en", "zh_CN"])
def test_the_follow_preview_shows_a_product_at_the_picture_edge(qtbot, make_window, scene,  # noqa: F811
                                                                 tmp_path: Path, ui_language: str) -> None:
    """The real scene (a face right of the centre, the packshot at the far left): while the card shows, the
    player's output picture is the window that holds the packshot, the card kept off it; no cut is listed."""

    from studio.core import card_geometry
    from studio.ui.i18n import install_translator

    video, shot = scene
    if ui_language != "en":
        install_translator(gui_app(), ui_language)
    try:
        win = make_window()
        win.resize(1280, 800)
        open_and_wait(qtbot, win, project_file(tmp_path, video, shot, boxes=True))
        document = win.document
        popup = document.project.popups[0]
        qtbot.waitUntil(lambda: document.follow_path is not None
                        and document.follow_path.x_at(4_000) <= PRODUCT[0], timeout=60_000)
        shown = max(t for t in win.player.frame_times if t <= 4_000)
        win.player.seek(4_000)
        qtbot.waitUntil(lambda: win.view.frame_time == shown, timeout=10_000)
        framing = document.framing()
        assert framing is not None and not framing.cuts(PRODUCT, 4_000)
        product = framing.box_on_frame(PRODUCT, 4_000)
        card = card_geometry.card_box(popup.anchor_x, popup.anchor_y, popup.style)
        assert min(min(card[2], product[2]) - max(card[0], product[0]),
                   min(card[3], product[3]) - max(card[1], product[1])) < 0.002
        codes = {p.code for p in win.popup_editor.problems}
        assert not codes & {"product_cut_by_frame", "product_wider_than_window"}, codes
        if os.environ.get("STUDIO_SHOTS"):  # to look at it: the whole window, as the person sees it
            win.view.repaint()
            win.grab().save(str(Path(os.environ["STUDIO_SHOTS"]) / f"follow_product_edge_{ui_language}.png"))
    finally:
        install_translator(gui_app(), "en")
