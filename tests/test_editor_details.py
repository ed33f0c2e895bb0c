"""Details of the editor a new user meets: the time field after opening another clip, the sound options of a clip
with no audio, the Popup panel's rules and its word on a popup that does not fit, readable problems."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from studio.core.project import TrimRange
from studio.jobs.pack import PackNote
from studio.ui.editor.undo_commands import SetTrim
from studio.ui.i18n import install_translator
from tests.test_main_window import make_window, open_and_wait, window  # noqa: F401 (fixtures)
from tests.test_popup_editor import demo, portrait  # noqa: F401 (fixtures)

pytestmark = pytest.mark.gui


def test_the_time_field_shows_zero_after_opening_another_clip(qtbot, window, clip) -> None:  # noqa: F811
    open_and_wait(qtbot, window, clip(seconds=3, fps=30))
    field = window.transport.time_field
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "2")
    with qtbot.waitSignal(window.player.frameShown, timeout=10_000):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "0:02.000"
    open_and_wait(qtbot, window, clip(seconds=2, fps=25))
    assert window.player.position == 0 and field.text() == "0:00.000"


def test_sound_options_of_a_clip_without_audio_are_off_and_say_why(qtbot, window, clip) -> None:  # noqa: F811
    panel = window.sound_panel
    open_and_wait(qtbot, window, clip(seconds=2, audio=False))
    assert not panel.mute.isEnabled() and not panel.loudness.isEnabled() and not panel.duck.isEnabled()
    assert not panel.no_audio_note.isHidden() and panel.choose.isEnabled()
    open_and_wait(qtbot, window, clip(seconds=2, audio=True))
    assert panel.mute.isEnabled() and panel.loudness.isEnabled() and panel.no_audio_note.isHidden()


@pytest.mark.parametrize("ui_language", ["en", "zh_CN"])
def test_problems_read_as_sentences_with_timeline_times(qtbot, demo, ui_language: str) -> None:  # noqa: F811
    """No rule codes, no raw milliseconds: times as the time fields write them, and what would fix it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if ui_language != "en":
        install_translator(app, ui_language)
    try:
        tote = demo.document.project.popups[1]
        demo.popup_editor.set_times(tote.id, 10_000, 11_000)  # overlaps the bottle (7–11 s), and is short
        texts = [demo.problems_panel.model.item(row).text() for row in range(demo.problems_panel.model.rowCount())]
        assert demo.problems_panel.codes() == ["popup_too_short", "popups_overlap"]
        assert all("[" not in t and "毫秒" not in t and " ms" not in t for t in texts), texts
        assert any("0:10.000" in t for t in texts), texts
        if ui_language == "en":
            assert "a popup must stay at least 2 s: drag its end later" in texts[0]
        else:
            assert "商品弹窗至少要显示 2 秒" in texts[0]
    finally:
        install_translator(app, "en")


def test_the_popup_panel_says_the_rules_and_why_nothing_was_added(qtbot, demo) -> None:  # noqa: F811
    inspector = demo.popup_inspector
    demo.popup_editor.select("")
    assert "2 to 15 s" in inspector.rules_label.text() and "first second" in inspector.rules_label.text()
    assert inspector.refused_label.isHidden()
    demo.document.push(SetTrim(demo.document, TrimRange(0, 2_500), "trim"))  # shorter than 1 s + 2 s
    before = len(demo.document.project.popups)
    listing = demo.popup_editor.lookup(demo.document.project.popups[0].sku)
    assert demo.popup_editor.add_product(listing) == []
    assert len(demo.document.project.popups) == before
    assert not inspector.refused_label.isHidden() and inspector.stack.currentIndex() == 0
    assert "2 s" in demo.statusBar().currentMessage()
    assert inspector.refused_label.text().startswith("No popup was added: no popup fits there")
    assert "trim less" in inspector.refused_label.text()


def test_pack_notes_are_listed_in_problems_and_lead_to_their_popup(qtbot, demo) -> None:  # noqa: F811
    popup = demo.document.project.popups[2]
    note = PackNote.of("image_missing", popup_id=popup.id, sku=popup.sku, image="/gone/cup.png")
    demo.problems_panel.set_pack_notes([note])
    row = demo.problems_panel.model.rowCount() - 1
    item = demo.problems_panel.model.item(row)
    assert item.text().startswith("Pack: ") and "{" not in item.text()
    assert "The last pack noted 1." in demo.problems_panel.summary.text()
    demo.problems_panel.view.clicked.emit(item.index())
    assert demo.popup_editor.selected_id == popup.id


def test_my_posts_say_their_times_are_local(window) -> None:  # noqa: F811
    """Listings write shop (Beijing) time, My Posts the person's own: each column says which."""
    assert window.posts_panel.list.headerItem().text(2) == "Updated (your time)"


def test_the_logged_in_person_packs_as_creator_and_reviews_as_reviewer(qtbot, window, clip,  # noqa: F811
                                                                       tmp_path) -> None:
    """What the Account menu knows (GET /v1/me) names the package's creator and fills the Reviewer field."""
    from studio.core.package import read_package
    from tests.package_fixtures import POPUPS, SKUS
    from tests.test_pack import CLIP, make_project

    window.account_menu.me = {"id": "u-9", "name": "rita", "roles": ["creator", "reviewer"]}
    project = make_project(tmp_path, clip(**CLIP), popups=POPUPS, skus=SKUS, trim=None)
    open_and_wait(qtbot, window, project)
    out = tmp_path / "made.gcpkg"
    with qtbot.waitSignal(window.packed, timeout=120_000):
        window.files.pack_to(out)
    assert read_package(out).manifest["creator"] == {"id": "u-9", "name": "rita"}
    review = window.workspaces.open_review(out)
    try:
        assert review.reviewer.text() == "rita"
        qtbot.waitUntil(lambda: "rita (id u-9)" in review.post_text.text(), timeout=30_000)
    finally:
        review.close()
