"""HDR frames tone-mapped to SDR BT.709 RGB with numpy, as the export's ffmpeg chain does it (`core.colour.TONE_MAP`).

The export runs zscale (to linear light, BT.2020 to BT.709 primaries), tonemap (Hable) and zscale (BT.709 transfer);
PyAV's libavfilter has no zscale, so the frame server does the same arithmetic here on the decoded frame: R'G'B'
read with the source's matrix and range into 16 bits (by the frame server), the PQ EOTF or HLG's inverse OETF to
linear light with 100 nits as 1.0, the BT.2020 to BT.709 matrix, Hable's curve on the brightest component scaled so
the peak is white (ffmpeg's tonemap scales the three components alike, so hues stay), and the BT.709 OETF. Measured
against the export's own frames: within 3 levels of mean colour on generated PQ and HLG clips and the real iPhone
HLG clips (tests/test_hdr_frames.py).
Must not hold: the parameters (core decides them), decoding or seeking (`studio.media.frames`).
"""

from __future__ import annotations

import functools
import struct
from typing import Any

import av
import numpy as np

from studio.core.colour import TONE_MAP

BT2020_TO_BT709 = np.array([[1.6604910, -0.5876411, -0.0728499],
                            [-0.1245505, 1.1328999, -0.0083494],
                            [-0.0181508, -0.1005789, 1.1187297]], dtype=np.float32)
"""Linear-light BT.2020 RGB to BT.709 RGB (ITU-R BT.2087)."""


def _pq_to_nits(signal: np.ndarray) -> np.ndarray:
    m1, m2, c1, c2, c3 = 0.1593017578125, 78.84375, 0.8359375, 18.8515625, 18.6875
    p = np.power(np.clip(signal, 0.0, 1.0), 1.0 / m2)
    return 10_000.0 * np.power(np.maximum(p - c1, 0.0) / (c2 - c3 * p), 1.0 / m1)


def _hlg_to_nits(signal: np.ndarray) -> np.ndarray:
    """HLG's inverse OETF scaled to its 1000-nit reference display, without BT.2100's OOTF (gamma 1.2 on the
    luminance): the export's zscale reads HLG that way (measured against it: with the OOTF the editor's picture
    came out 15 levels darker than the package's on the real iPhone clip, without it within 3)."""
    a, b, c = 0.17883277, 0.28466892, 0.55991073
    e = np.clip(signal, 0.0, 1.0)
    scene = np.where(e <= 0.5, e * e / 3.0, (np.exp((e - c) / a) + b) / 12.0)
    return TONE_MAP.hlg_peak_nits * scene


def _hable(x: np.ndarray | float) -> np.ndarray | float:
    a, b, c, d, e, f = 0.15, 0.50, 0.10, 0.20, 0.02, 0.30
    return (x * (x * a + c * b) + d * e) / (x * (x * a + b) + d * f) - e / f


def _bt709_oetf(linear: np.ndarray) -> np.ndarray:
    v = np.clip(linear, 0.0, 1.0)
    return np.where(v < 0.018, 4.5 * v, 1.099 * np.power(v, 0.45) - 0.099)


def content_peak_nits(frame: av.VideoFrame) -> float | None:
    """The peak the frame's side data says (content light level, else the mastering display), as ffmpeg reads it."""
    light = _side_data(frame, "CONTENT_LIGHT_LEVEL")
    if light is not None and struct.unpack_from("=I", light)[0]:
        return float(struct.unpack_from("=I", light)[0])  # MaxCLL
    mastering = _side_data(frame, "MASTERING_DISPLAY_METADATA")
    if mastering is not None:
        fields = struct.unpack_from("=34i", mastering)  # 10 rationals, has_primaries, has_luminance
        if fields[33] and fields[31]:
            return fields[30] / fields[31]  # max_luminance
    return None


def _side_data(frame: av.VideoFrame, name: str) -> bytes | None:
    side: Any = frame.side_data  # PyAV's stubs say a TypedDict of motion vectors; it is a mapping of every kind
    try:
        return bytes(side[name])
    except KeyError:
        return None


@functools.cache
def _nits_of_code(pq: bool) -> np.ndarray:
    """Linear light (100 nits as 1.0) of every 16-bit PQ or HLG code: a look-up costs a fraction of the curve's
    powers and exponentials on each of a frame's components (a 1080p frame: 6 million)."""
    signal = np.arange(65536, dtype=np.float32) / 65535.0
    nits = _pq_to_nits(signal) if pq else _hlg_to_nits(signal)
    table: np.ndarray = (nits / TONE_MAP.reference_white_nits).astype(np.float32)
    table.setflags(write=False)
    return table


LEVELS = 65536
"""Steps of linear light from black to white that the BT.709 transfer is tabled at: a step moves the 8-bit output
by at most 0.02 of a level, so the table's code differs from the curve's, by one, only for a value within that of
a rounding boundary (about 1 component in 1,000)."""


@functools.cache
def _bt709_code_of_level() -> np.ndarray:
    """The 8-bit BT.709 code of each of `LEVELS` linear-light levels from black to white: the transfer's power on
    a frame's 6 million components cost 80 ms of a 1080p frame's tone map, a look-up 12 ms."""
    linear = np.arange(LEVELS, dtype=np.float64) / (LEVELS - 1)
    table: np.ndarray = np.round(_bt709_oetf(linear) * 255.0).astype(np.uint8)
    table.setflags(write=False)
    return table


def tone_map(rgb48: np.ndarray, transfer: str | None, content_nits: float | None = None) -> np.ndarray:
    """HDR R'G'B' (uint16, full scale, BT.2020 primaries, PQ or HLG by `transfer`) as SDR BT.709 RGB uint8;
    `content_nits` is the peak the frames say (`content_peak_nits`), if any.

    Works in place on one float32 copy of the frame (a 1080p frame: 70 ms, a third of the arithmetic written out
    whole's), since the editor tone-maps every frame it plays."""
    linear = _nits_of_code(transfer == "smpte2084")[rgb48] @ BT2020_TO_BT709.T
    brightest = np.maximum(np.maximum(linear[..., 0], linear[..., 1]), linear[..., 2])
    np.maximum(brightest, 1e-6, out=brightest)
    # Hable's curve on the brightest component, scaled so the peak is white, as a gain for all three; the
    # levels of the BT.709 table folded in
    gain = np.asarray(_hable(brightest), dtype=np.float32)
    gain *= np.float32((LEVELS - 1) / _hable(TONE_MAP.peak(content_nits)))
    gain /= brightest
    linear *= gain[..., None]
    np.clip(linear, 0.0, LEVELS - 1, out=linear)
    linear += 0.5  # rounds to the nearest level as it is truncated
    return _bt709_code_of_level()[linear.astype(np.uint16)]
