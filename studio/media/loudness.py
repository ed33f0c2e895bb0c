"""Loudness: two-pass EBU R128 normalisation for exports, and measuring a file's integrated loudness.

The first pass runs ffmpeg's `loudnorm` over exactly the audio the export will keep and reads its JSON
report; the second pass (`loudnorm_filters`, a chain inside the export's own filter graph) applies
`loudnorm` with those measured values, which keeps the gain linear where it can instead of pumping. `loudnorm`
works at 192 kHz inside, so the export resamples to 48 kHz after it. `integrated_lufs` measures a finished
file with `ebur128` (tests and the export's own check use it).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from studio.core.cancel import CancelToken
from studio.core.errors import QT_TRANSLATE_NOOP, MachineError
from studio.media.filters import Filter
from studio.media.runner import run_ffmpeg

TARGET_LUFS = -14.0
TRUE_PEAK_DB = -1.5
LOUDNESS_RANGE = 11.0

_NO_REPORT = QT_TRANSLATE_NOOP("errors", "ffmpeg measured no loudness for the audio")


@dataclass(frozen=True)
class Measured:
    """What the first pass measured: integrated loudness, true peak, range, threshold and offset."""

    input_i: float
    input_tp: float
    input_lra: float
    input_thresh: float
    target_offset: float


def _last_json_object(text: str) -> dict[str, str] | None:
    start = text.rfind("{")
    end = text.rfind("}")
    if start < 0 or end < start:
        return None
    try:
        return json.loads(text[start:end + 1])
    except ValueError:
        return None


def measure(input_args: Sequence[str], length: str, *, what: str | os.PathLike[str], target: float = TARGET_LUFS,
            cancel: CancelToken | None = None, timeout: float = 600) -> Measured | None:
    """Measure the first audio stream of `input_args` over `length` seconds; None when it is silent/-inf."""
    args = [*input_args, "-t", length, "-map", "0:a:0", "-vn", "-sn", "-dn",
            "-af", f"loudnorm=I={target}:TP={TRUE_PEAK_DB}:LRA={LOUDNESS_RANGE}:print_format=json",
            "-f", "null", "-"]
    done = run_ffmpeg(args, what=what, timeout=timeout, cancel=cancel)
    report = _last_json_object(done.stderr)
    if report is None:
        raise MachineError(_NO_REPORT, what, code="loudness_failed")
    try:
        measured = Measured(*(float(report[key]) for key in
                              ("input_i", "input_tp", "input_lra", "input_thresh", "target_offset")))
    except (KeyError, ValueError):
        return None  # "-inf": silence, nothing to normalise
    if any(abs(v) == float("inf") for v in measured.__dict__.values()):
        return None
    return measured


def loudnorm_filters(measured: Measured, sample_rate: int, target: float = TARGET_LUFS) -> tuple[Filter, ...]:
    """The second pass as a filter chain (ends resampled back to `sample_rate`)."""
    return (Filter("loudnorm", I=target, TP=TRUE_PEAK_DB, LRA=LOUDNESS_RANGE, measured_I=measured.input_i,
                   measured_TP=measured.input_tp, measured_LRA=measured.input_lra,
                   measured_thresh=measured.input_thresh, offset=measured.target_offset, linear="true"),
            Filter("aresample", sample_rate))


_SUMMARY_I = re.compile(r"Integrated loudness:\s*\n\s*I:\s*(-?[\d.]+|-inf) LUFS")


def integrated_lufs(path: str | os.PathLike[str], *, timeout: float = 600) -> float:
    """The integrated loudness (LUFS) of a file's first audio stream, by ffmpeg's ebur128 filter."""
    done = run_ffmpeg(["-nostats", "-i", os.fspath(path), "-map", "0:a:0", "-af", "ebur128=framelog=quiet",
                       "-f", "null", "-"], what=path, timeout=timeout)
    found = _SUMMARY_I.findall(done.stderr)
    if not found:
        raise MachineError(_NO_REPORT, path, code="loudness_failed")
    return float(found[-1])
