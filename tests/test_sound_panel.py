"""The sound panel: mute, loudness and music settings, undoable, saved in the project."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from studio.core.project import Project
from studio.core.project_file import load_project
from studio.ui.editor.document import Document
from studio.ui.editor.sound_panel import SoundPanel


def panel(qtbot: QtBot) -> tuple[Document, SoundPanel]:
    document = Document()
    document.replace(Project(), None, None, None)
    widget = SoundPanel(document)
    qtbot.addWidget(widget)
    return document, widget


def test_settings_undo_and_save(qtbot: QtBot, tmp_path: Path) -> None:
    document, widget = panel(qtbot)
    assert not widget.gain.isEnabled()
    widget.mute.setChecked(True)
    widget.loudness.setChecked(True)
    music = tmp_path / "song.m4a"
    music.write_bytes(b"\0" * 2048)
    widget.set_music(music)
    assert widget.music_name.text() == "song.m4a" and widget.gain.isEnabled()
    for value in (-10, -14, -18):  # one drag of the slider
        widget.gain.setValue(value)
    assert document.project.sound.music is not None and document.project.sound.music.gain_db == -18
    assert document.undo_stack.count() == 4  # mute, loudness, music, one gain step
    document.undo_stack.undo()
    assert document.project.sound.music.gain_db == -12 and widget.gain.value() == -12
    document.undo_stack.undo()
    assert document.project.sound.music is None and widget.music_name.text() == "No music"
    document.undo_stack.redo()
    path = document.save(tmp_path / "p.gcs")
    sound = load_project(path).sound
    assert sound.mute and sound.normalize_loudness and sound.music is not None
    assert sound.music.media.relative_path == "song.m4a"
    widget.remove.click()
    assert document.project.sound.music is None
