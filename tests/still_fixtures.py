"""A clip of still pictures (a real photo, a packshot drawn on it) made with the real ffmpeg, each picture decoded once.

ffmpeg's `-loop 1` input decodes its picture again for every frame of the clip: for a 24-megapixel photo shown 6 s
at 10 fps that was 60 decodes, crops and scales, about 8 s of CPU for one test's clip. Here the pictures are read
once, composed by the caller's filter graph into one frame, and that frame is repeated (ffmpeg's `loop` filter).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from studio.media.runner import run_ffmpeg


def still_clip(out: Path, pictures: Sequence[Path], graph: str, *, seconds: float, fps: int = 10,
               gop: int | None = None) -> None:
    """`out` (H.264, yuv420p): `graph` (a filter graph over the inputs [0], [1]... of `pictures`, its output
    unlabelled) shown for `seconds` at `fps`, a keyframe every `gop` frames (x264's default if None)."""
    inputs = [arg for picture in pictures for arg in ("-i", str(picture))]
    frames = round(seconds * fps)
    looped = f"{graph},format=yuv420p,loop=loop={frames - 1}:size=1:start=0,setpts=N/{fps}/TB"
    argv = [*inputs, "-filter_complex", looped, "-r", str(fps), "-c:v", "libx264", "-preset", "ultrafast"]
    argv += ["-g", str(gop)] if gop is not None else []
    run_ffmpeg([*argv, str(out)], what=out, outputs=[out])
