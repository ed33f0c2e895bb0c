"""Generated clips whose first shown frame is not at timestamp 0, for the time-convention tests.

Each is made from a plain `media_fixtures` clip with the real ffmpeg, in the ways such files occur:
- `offset`: timestamps that begin 10 s in (`-output_ts_offset`, as camera files do), in MP4 and MPEG-TS;
- `late_mpeg4`: MPEG-4 Part 2 video in Matroska whose first frame is shown 1.5 s after zero;
- `edit_trim`: an MP4 whose edit list hides the stream's first 0.5 s (a negative shift: the first kept
  packet has a negative timestamp, as a stream-copy trim or an iPhone writes);
- `edit_delay`: an MP4 whose edit list starts with a 1.2 s empty edit (a positive shift) while its audio
  starts at 0 (audio before video).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.media.runner import run_ffmpeg
from tests.media_fixtures import ClipSpec, cached, make_clip

BASE = ClipSpec(seconds=4.0, fps=25, width=360, height=640, gop=25,
                extra=("-preset", "veryfast", "-profile:v", "high", "-bf", "2", "-colorspace", "bt709",
                       "-color_primaries", "bt709", "-color_trc", "bt709"))
"""9:16 H.264 High with B-frames, tagged BT.709: a source that meets the profile, so smart cuts really cut smartly."""

KINDS = ("offset_mp4", "offset_ts", "late_mpeg4", "late_avi", "edit_trim", "edit_delay")


def make_timing_clip(kind: str, folder: Path) -> Path:
    """The clip of `kind` (one of `KINDS`), made once into `folder`."""
    suffix = {"offset_ts": "ts", "late_mpeg4": "mkv", "late_avi": "avi"}.get(kind, "mp4")
    return cached(folder / f"timing-{kind}.{suffix}", lambda out: _render(kind, suffix, folder, out))


def _render(kind: str, suffix: str, folder: Path, tmp: Path) -> None:
    base = make_clip(BASE, folder)
    if kind in ("offset_mp4", "offset_ts"):
        args = ["-i", str(base), "-c", "copy", "-output_ts_offset", "10"]
    elif kind == "late_mpeg4":
        args = ["-i", str(base), "-c:v", "mpeg4", "-q:v", "2", "-c:a", "libopus", "-output_ts_offset", "1.5"]
    elif kind == "late_avi":
        args = ["-i", str(base), "-c:v", "mpeg4", "-q:v", "2", "-bf", "2", "-vtag", "XVID", "-c:a", "pcm_s16le",
                "-output_ts_offset", "1.5"]
    elif kind == "edit_trim":
        args = ["-ss", "0.5", "-i", str(base), "-c", "copy"]
    elif kind == "edit_delay":
        args = ["-itsoffset", "1.2", "-i", str(base), "-f", "lavfi", "-i", "sine=frequency=330:duration=5.2",
                "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac"]
    else:
        raise ValueError(kind)
    muxer = {"ts": "mpegts", "mkv": "matroska", "avi": "avi"}.get(suffix, "mp4")
    run_ffmpeg([*args, "-f", muxer, str(tmp)], what=tmp, outputs=[tmp])


@pytest.fixture(scope="session")
def timing_clip(clip_dir: Path):
    """`timing_clip(kind)`: the path of a generated late-starting clip (made once per run, in the run's shared
    clip folder)."""

    def get(kind: str) -> Path:
        return make_timing_clip(kind, clip_dir)

    return get
