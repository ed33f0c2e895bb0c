"""Comparing pictures an export made with the source frames they should show: which frame (`assert_is_frame`, on
grey pictures mapped onto one geometry by `View`) and in which colours (`compare_colours`, `check_tags`).

Used by the export, pack, late-start and colour tests, so every output is judged by the same measures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np

from studio.core.colour import source_colour
from studio.core.media_info import MediaInfo
from studio.core.platform_profile import fitting
from studio.media.frames import FrameServer


def gray(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2GRAY).astype(np.float32)


COMPARE_PX = 720
"""Pictures are compared with the source picture's visible part at most this large (8K frames are big)."""


def _resize(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    shrink = size[0] * size[1] < image.shape[0] * image.shape[1]
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA if shrink else cv2.INTER_CUBIC)


@dataclass(frozen=True)
class View:
    """How the source picture lies on the output frame (`platform_profile.fitting`), and where both are compared."""

    geo_size: tuple[int, int]
    """The whole scaled source picture, at comparison scale."""
    offset: tuple[int, int]
    """Where the visible part starts inside the scaled source picture."""
    out_box: tuple[int, int, int, int]
    """(left, top, right, bottom) of the visible part on the full-size output frame."""
    size: tuple[int, int]

    @classmethod
    def of(cls, source: MediaInfo, output: MediaInfo, fit: str) -> View:
        frame = (output.display_width, output.display_height)
        geo = fitting(source.display_width, source.display_height, fit, frame=frame)  # type: ignore[arg-type]
        left, top = max(geo.x, 0), max(geo.y, 0)
        right, bottom = min(geo.x + geo.width, frame[0]), min(geo.y + geo.height, frame[1])
        s = min(1.0, COMPARE_PX / max(right - left, bottom - top))
        size = (max(8, round((right - left) * s)), max(8, round((bottom - top) * s)))
        return cls((max(8, round(geo.width * s)), max(8, round(geo.height * s))),
                   (round((left - geo.x) * s), round((top - geo.y) * s)), (left, top, right, bottom), size)

    def of_output(self, picture: np.ndarray) -> np.ndarray:
        left, top, right, bottom = self.out_box
        return self._inner(_resize(picture[top:bottom, left:right], self.size))

    def of_source(self, picture: np.ndarray) -> np.ndarray:
        x, y = self.offset
        scaled = _resize(picture, self.geo_size)
        return self._inner(scaled[y:y + self.size[1], x:x + self.size[0]])

    @staticmethod
    def _inner(picture: np.ndarray) -> np.ndarray:
        return picture[3:-3, 3:-3]  # scaling rounds the edges differently


def distance(out: np.ndarray, reference: np.ndarray) -> float:
    """Mean absolute difference after the best linear tone fit of `out` onto `reference` (tone mapping and range
    conversion change levels, not content)."""
    o, r = out.ravel().astype(np.float64), reference.ravel().astype(np.float64)
    spread = o.var()
    gain = float(np.cov(o, r, bias=True)[0, 1] / spread) if spread > 1e-9 else 0.0
    return float(np.abs(gain * (o - o.mean()) + r.mean() - r).mean())


def assert_is_frame(out: np.ndarray, candidates: dict[int, np.ndarray], want: int, what: str) -> None:
    """`out` shows candidate `want` rather than a neighbouring candidate.

    `nearest` is how far the output is from the candidate it resembles most: the export's own noise
    (scaling, re-encoding, tone mapping). For every neighbour that differs from `want` by at least a fifth
    of that noise, the output must be farther from the neighbour than from `want`, by a tenth of the
    neighbour's distance to `want`. Measured on every real clip: a right cut clears that by 0.2 or more,
    a cut one frame late falls below zero against the next frame. A neighbour that differs less (a still
    shot, a repeated frame) cannot be told apart and is skipped.
    """
    score = {i: distance(out, c) for i, c in candidates.items()}
    nearest = min(score.values())
    spread = max(float(candidates[want].std()), 1.0)
    assert score[want] < 0.35 * spread, f"{what}: frame {want} differs too much ({score[want]:.2f})"
    for i, c in candidates.items():
        apart = float(np.abs(c - candidates[want]).mean())
        if i == want or apart < max(0.1, 0.2 * nearest):
            continue
        assert score[i] - score[want] > 0.1 * apart, (
            f"{what} is not clearly frame {want}: it is {score[want]:.2f} from it and {score[i]:.2f} from frame "
            f"{i}, which is {apart:.2f} from frame {want}")


def decode_first(path: str | Path) -> np.ndarray:
    """The first frame as RGB, read with the file's own tags (PyAV's default), display-oriented."""
    with av.open(str(path)) as container:
        frame = next(container.decode(container.streams.video[0]))
        return frame.to_ndarray(format="rgb24")


def compare_colours(server: FrameServer, out_info: MediaInfo, first_index: int, what: str, tolerance: float) -> None:
    """The first frame of `out_info`'s file has the colours of frame `first_index` of the source `server` serves."""
    source = server.info
    # at most 1920 px, as tests/test_export.py reads it for `assert_is_frame`: the view shrinks it further, so an 8K
    # frame is not converted whole
    src = server.frame_at(server.frame_times_ms[first_index], (1920, 1920)).image.astype(np.float32)
    out = decode_first(out_info.path).astype(np.float32)
    turn = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    if out_info.rotation % 360:  # a copy keeps the source's rotation matrix
        out = np.asarray(cv2.rotate(out, turn[out_info.rotation % 360]), dtype=np.float32)
    view = View.of(source, out_info, "pad")
    a, b = view.of_output(out), view.of_source(src)  # cv2 scales each colour channel on its own
    bias = np.abs((a - b).reshape(-1, 3).mean(axis=0)).max()
    assert bias < tolerance, f"{what}: a colour channel is shifted by {bias:.2f} levels"
    assert float(np.abs(a - b).mean()) < 4 * tolerance, f"{what}: the picture differs ({np.abs(a - b).mean():.2f})"


def check_tags(result_info: MediaInfo, source: MediaInfo, mode: str) -> None:
    """The output of a `mode` export of `source` says BT.709 limited range in 4:2:0 (a copy: what the source
    says, when the source says it)."""
    colour = source_colour(source)
    if mode == "copy" and (colour.hdr or (colour.tagged and colour.matrix != "bt709")):
        return  # a copy keeps the tags of a source that says another matrix itself
    expected = "bt709" if mode != "copy" or colour.matrix == "bt709" else "smpte170m"
    said = (result_info.color_primaries, result_info.color_transfer, result_info.color_matrix)
    assert said == (expected, expected, expected), f"{mode}: tagged {said}"
    assert result_info.pix_fmt == "yuv420p" or (mode == "copy" and result_info.pix_fmt == "yuvj420p")
