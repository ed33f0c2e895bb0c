"""The filmstrip starts where the player does: its first thumb is the first shown frame of every real clip, even
when that frame is not a keyframe (an iPhone HEVC clip whose edit list hides the head of its first GOP), and
each thumb is the picture the frame server (the player's exact frames) shows at its time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.media.filmstrip import filmstrip
from studio.media.frames import FrameServer
from studio.media.probe import probe
from tests.conftest import REAL_VIDEOS


@pytest.mark.real_media
@pytest.mark.parametrize("name", REAL_VIDEOS)
def test_filmstrip_and_player_agree_from_the_first_frame(real_info, name: str) -> None:
    info = real_info(name, keyframes=True)
    thumbs = filmstrip(info, height_px=48)
    with FrameServer(info, use_proxy=False) as server:
        assert thumbs[0].time_ms == server.frame_times_ms[0] == info.first_frame_ms
        for thumb in (thumbs[0], thumbs[-1]):
            height, width = thumb.image.shape[:2]
            shown = server.frame_at(thumb.time_ms, max_size=(width + 2, height)).image
            if shown.shape != thumb.image.shape:  # a clip smaller than the strip is enlarged
                continue
            assert float(np.abs(shown.astype(int) - thumb.image.astype(int)).mean()) < 2, (
                f"{name}: the thumb at {thumb.time_ms} ms is not the player's frame")


def test_first_thumb_of_a_clip_whose_edit_list_hides_its_first_keyframe(tmp_path: Path) -> None:
    from tests.timing_fixtures import make_timing_clip

    info = probe(make_timing_clip("edit_trim", tmp_path), keyframes=True)
    assert info.keyframes_ms is not None and info.keyframes_ms[0] > info.first_frame_ms  # the case itself
    thumbs = filmstrip(info, height_px=48)
    assert thumbs[0].time_ms == info.first_frame_ms and not thumbs[0].keyframe
