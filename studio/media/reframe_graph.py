"""The ffmpeg filters of the "follow" reframe: a 9:16 window moving along `core.reframe.FollowPath` cut out of
the source, scaled to 1080x1920 and colour-converted as every export is (the export adds its colour tags).

Built with ffmpeg-python (`studio.media.filters`), which escapes the crop's time expression. The window's
left edge is one expression of the output time `t`: a sum of `gte(t, a) * lt(t, b) * (x0 + (t - a) * slope)`
terms, one per step of the path, grouped a few levels deep (`_balanced_sum`), so a minute of path (300 steps)
costs ffmpeg a few hundred multiplications a frame.
Must not hold: the path itself (`core.reframe`), the rest of the export's graph (`studio.media.export`).
"""

from __future__ import annotations

import itertools

from studio.core.platform_profile import HEIGHT, WIDTH
from studio.core.reframe import FollowPath
from studio.media.filters import Filter, Stream, chain

GROUP = 8
"""Terms added at one level of the crop expression's sum (see `_balanced_sum`)."""


def crop_x_expression(path: FollowPath, start_ms: int) -> str:
    """The window's left edge in the source's display pixels as an expression of output time `t` (seconds from
    the first kept frame, source time `start_ms`)."""
    terms = []
    points = path.points
    for (t0, x0), (t1, x1) in itertools.pairwise(points):
        a, b = (t0 - start_ms) / 1000, (t1 - start_ms) / 1000
        if b <= 0 or t1 <= t0:
            continue
        slope = (x1 - x0) / (b - a)
        terms.append(f"gte(t,{a:.3f})*lt(t,{b:.3f})*({x0}+(t-{a:.3f})*{slope:.3f})")
    last = (points[-1][0] - start_ms) / 1000
    terms.append(f"gte(t,{last:.3f})*{points[-1][1]}")
    return _balanced_sum(terms)


def _balanced_sum(terms: list[str]) -> str:
    """`terms` added as a balanced tree of parentheses: ffmpeg's expression parser refuses a long flat chain
    (a minute of path, 300 terms) but takes the same sum nested a few levels deep."""
    while len(terms) > GROUP:
        terms = ["(" + "+".join(terms[i:i + GROUP]) + ")" for i in range(0, len(terms), GROUP)]
    return "+".join(terms)


def follow_crop(video: Stream, path: FollowPath, start_ms: int, scale_options: dict[str, str]) -> Stream:
    """`video` (the source's picture, deinterlaced and tone-mapped as needed) cropped along `path` and scaled:
    1080x1920 yuv420p with square pixels.

    The window is cut out of the source picture first and only then scaled to 1080x1920: scaling the whole
    picture to 1920 lines and cropping after (as the centre crop does) scales 3.2 times the pixels of a
    1920x1080 source. The window's width and left edge are given as shares of `iw`, so a stored picture with
    non-square pixels is cut where its display pixels say.
    """
    share = f"iw/{path.picture_width}"
    return chain(video, (
        Filter("crop", f"{share}*{path.window_width}", "ih",
               x=f"min(max(({crop_x_expression(path, start_ms)})*{share},0),iw-ow)", y=0),
        Filter("scale", WIDTH, HEIGHT, flags="bicubic", **scale_options),
        Filter("setsar", 1),
        Filter("format", "yuv420p"),
    ))
