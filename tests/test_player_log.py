"""Opening a file in the player prints nothing of FFmpeg's stream dump on the terminal."""

from __future__ import annotations

import pytest

from studio.media.frames import FrameServer
from studio.media.probe import probe
from studio.ui.playback.player import Player
from studio.ui.playback.video_view import VideoView

pytestmark = pytest.mark.gui


def test_opening_a_clip_does_not_dump_its_streams_on_stderr(qtbot, clip, capfd: pytest.CaptureFixture[str]) -> None:
    path = clip(seconds=2, audio=True)
    view = VideoView()
    qtbot.addWidget(view)
    player = Player(view)
    info = probe(path)
    with qtbot.waitSignal(player.frameShown, timeout=20_000):
        player.set_media(info, FrameServer(info))
    player.play()
    qtbot.wait(800)
    player.shutdown()
    err = capfd.readouterr().err
    assert "Input #0" not in err and "Stream #0" not in err, err
