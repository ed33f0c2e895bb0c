"""The post text editor: live counts and problems, undo, saved in the project."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from studio.core.project import Project
from studio.core.project_file import load_project
from studio.ui.editor.document import Document
from studio.ui.editor.post_editor import PostEditor

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` as an input method (a Chinese IME, an emoji picker) commits it into the focused field."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def make_editor(qtbot: QtBot) -> tuple[Document, PostEditor]:
    document = Document()
    document.replace(Project(), None, None, None)
    editor = PostEditor(document)
    qtbot.addWidget(editor)
    return document, editor


def test_typing_counts_like_a_person_and_lists_problems(qtbot: QtBot) -> None:
    document, editor = make_editor(qtbot)
    assert [p.code for p in editor.problems] == ["post_title_missing"]
    type_text(editor.title, "夏日好物" + FAMILY)
    assert document.project.post.title == "夏日好物" + FAMILY
    assert editor.title_count.text().startswith("5/55")
    assert editor.problems == [] and editor.problem_list.text() == ""
    type_text(editor.title, "字" * 51)
    assert [p.code for p in editor.problems] == ["post_title_too_long"]
    assert "56" in editor.problem_list.text()


def test_hashtags_and_links(qtbot: QtBot) -> None:
    document, editor = make_editor(qtbot)
    type_text(editor.title, "标题")
    type_text(editor.hashtags, "#好物 #测评，开箱")
    assert document.project.post.hashtags == ["好物", "测评", "开箱"]
    editor.description.setPlainText("买这里 www.example.com")
    assert document.project.post.description == "买这里 www.example.com"
    assert [p.code for p in editor.problems] == ["post_link"]


def test_one_undo_step_per_field_and_undo_restores_the_form(qtbot: QtBot) -> None:
    document, editor = make_editor(qtbot)
    qtbot.keyClicks(editor.title, "abc")
    qtbot.keyClicks(editor.hashtags, "#x")
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert document.project.post.hashtags == [] and editor.hashtags.text() == ""
    document.undo_stack.undo()
    assert document.project.post.title == "" and editor.title.text() == ""
    document.undo_stack.redo()
    assert editor.title.text() == "abc"


def test_saved_in_the_project(qtbot: QtBot, tmp_path: Path) -> None:
    document, editor = make_editor(qtbot)
    type_text(editor.title, "保存")
    path = document.save(tmp_path / "p.gcs")
    assert load_project(path).post.title == "保存"
