"""Details of the editor a new user meets: the time field after opening another clip, the sound options of a clip
with no audio, the Popup panel's rules and its word on a popup that does not fit, readable problems."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.test_main_window import make_window, open_and_wait, window  # noqa: F401 (fixtures)

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
