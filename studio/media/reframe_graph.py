"""The ffmpeg filters of the "follow" reframe: the picture scaled to 1920 lines and a 1080-wide window moving
along `core.reframe.FollowPath`, colour-converted as every export is (the export adds its colour tags).

Built with ffmpeg-python (`studio.media.filters`), which escapes the crop's time expression. The window's
left edge is one expression of the output time `t`: a sum of `gte(t, a) * lt(t, b) * (x0 + (t - a) * slope)`
terms, one per step of the path, grouped a few levels deep (`_balanced_sum`), so a minute of path (300 steps)
costs ffmpeg a few hundred multiplications a frame.
Must not hold: the path itself (`core.reframe`), the rest of the export's graph (`studio.media.export`).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from studio.core.platform_profile import HEIGHT, WIDTH
from studio.core.reframe import FollowPath
from studio.media.filters import Filter, Stream, chain

GROUP = 8
"""Terms added at one level of the crop expression's sum (see `_balanced_sum`)."""


def crop_x_expression(path: FollowPath, scale: Fraction, start_ms: int) -> str:
    """The crop's x as an expression of output time `t` (seconds from the first kept frame, source time
    `start_ms`), for the picture scaled by `scale`."""
    terms = []
    points = path.points
    for (t0, x0), (t1, x1) in itertools.pairwise(points):
        a, b = (t0 - start_ms) / 1000, (t1 - start_ms) / 1000
        if b <= 0 or t1 <= t0:
            continue
        slope = (x1 - x0) * float(scale) / (b - a)
        terms.append(f"gte(t,{a:.3f})*lt(t,{b:.3f})*({x0 * float(scale):.2f}+(t-{a:.3f})*{slope:.3f})")
    last = (points[-1][0] - start_ms) / 1000
    terms.append(f"gte(t,{last:.3f})*{points[-1][1] * float(scale):.2f}")
    return "min(max(" + _balanced_sum(terms) + ",0),iw-ow)"


def _balanced_sum(terms: list[str]) -> str:
    """`terms` added as a balanced tree of parentheses: ffmpeg's expression parser refuses a long flat chain
    (a minute of path, 300 terms) but takes the same sum nested a few levels deep."""
    while len(terms) > GROUP:
        terms = ["(" + "+".join(terms[i:i + GROUP]) + ")" for i in range(0, len(terms), GROUP)]
    return "+".join(terms)


def follow_crop(video: Stream, display_width: int, path: FollowPath, start_ms: int,
                scale_options: dict[str, str]) -> Stream:
    """`video` (the source's picture, deinterlaced and tone-mapped as needed) scaled and cropped along `path`:
    1080x1920 yuv420p with square pixels."""
    scale = Fraction(WIDTH, path.window_width)
    width = max(WIDTH, round(display_width * scale / 2) * 2)
    return chain(video, (
        Filter("scale", width, HEIGHT, flags="bicubic", **scale_options),
        Filter("crop", WIDTH, HEIGHT, x=crop_x_expression(path, scale, start_ms), y=0),
        Filter("setsar", 1),
        Filter("format", "yuv420p"),
    ))
