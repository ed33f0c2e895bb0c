"""The export's sound: the original muted or kept, and music mixed under it with ducking.

`AudioMix` says what the person chose. `audio_graph` builds the audio half of an export's filter graph (an
ffmpeg-python stream, `studio.media.filters`), the same for every mode: the original's first audio stream from
the cut on (or silence when it is muted or there is none), then, with music, the music from the output's first
frame at `music_gain_db` under it, lowered a further `duck_db` while the original is loud, faded in and out, and
mixed without normalising (so the original keeps its level). "Loud" comes from `speech_ranges`, ffmpeg's
`silencedetect` over exactly the kept audio: ranges on the OUTPUT timeline, in seconds. The export's length
argument cuts the result, so the music is trimmed with the video.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import ffmpeg

from studio.core.cancel import CancelToken
from studio.media.filters import Filter, Stream, chain
from studio.media.runner import run_ffmpeg

AUDIO_RATE = 48_000
SILENCE = f"anullsrc=channel_layout=stereo:sample_rate={AUDIO_RATE}"
SPEECH_THRESHOLD_DB = -35
"""The original is "loud" (speech, a voice-over) above this level..."""
SPEECH_MIN_GAP_S = 0.4
"""...and quiet only for gaps at least this long (pauses between words do not lift the music)."""


@dataclass(frozen=True)
class AudioMix:
    """What the person chose for the export's sound."""

    mute: bool = False
    music: Path | None = None
    music_gain_db: float = -12.0
    duck_db: float = -10.0
    fade_in_ms: int = 1000
    fade_out_ms: int = 1500
    speech: Sequence[tuple[float, float]] = field(default=())
    """Where the original is loud, on the output timeline (s); filled in by the export (`speech_ranges`)."""


_SILENCE_START = re.compile(r"silence_start:\s*(-?[\d.]+)")
_SILENCE_END = re.compile(r"silence_end:\s*(-?[\d.]+)")


def speech_ranges(input_args: Sequence[str], length: str, *, what: str | os.PathLike[str],
                  cancel: CancelToken | None = None, timeout: float = 600) -> list[tuple[float, float]]:
    """Where the first audio stream of `input_args` is louder than the threshold, over `length` seconds."""
    done = run_ffmpeg([*input_args, "-t", length, "-map", "0:a:0", "-vn", "-sn", "-dn",
                       "-af", f"silencedetect=noise={SPEECH_THRESHOLD_DB}dB:d={SPEECH_MIN_GAP_S}",
                       "-f", "null", "-"], what=what, timeout=timeout, cancel=cancel)
    total = float(length)
    quiet: list[tuple[float, float]] = []
    start: float | None = None
    for line in done.stderr.splitlines():
        if (m := _SILENCE_START.search(line)) is not None:
            start = max(0.0, float(m.group(1)))
        elif (m := _SILENCE_END.search(line)) is not None and start is not None:
            quiet.append((start, min(total, float(m.group(1)))))
            start = None
    if start is not None:
        quiet.append((start, total))
    loud, at = [], 0.0
    for q_start, q_end in quiet:
        if q_start > at:
            loud.append((at, q_start))
        at = max(at, q_end)
    if at < total:
        loud.append((at, total))
    return [(a, b) for a, b in loud if b - a > 0.05]


def audio_graph(mix: AudioMix | None, *, original: Stream | None, duration_s: float,
                offset_s: float = 0.0) -> Stream:
    """The export's sound as an ffmpeg-python stream: 48 kHz stereo, to be mapped to the output.

    `original` is the source's audio already turned into 48 kHz stereo (export's `_original_sound`), or None
    when there is no original sound; `duration_s` is the output's length (for the music's fade-out);
    `offset_s` is how much of the start the export drops with an output-side seek (the music is delayed by as
    much, so it starts on the first frame that is kept)."""
    mix = mix or AudioMix()
    base = original
    if base is None or mix.mute:
        base = ffmpeg.input(SILENCE, f="lavfi").audio.filter("anull")
    if mix.music is None:
        return base
    ducked = "+".join(f"between(t,{a + offset_s:.3f},{b + offset_s:.3f})" for a, b in mix.speech) or "0"
    duck = 10 ** (mix.duck_db / 20)
    fade_out_start = offset_s + max(0.0, duration_s - mix.fade_out_ms / 1000)
    delay = (Filter("adelay", round(offset_s * 1000), all=1),) if offset_s > 0 else ()
    music = chain(ffmpeg.input(str(Path(mix.music).absolute()))["a:0"], (
        Filter("aresample", AUDIO_RATE),
        Filter("aformat", sample_fmts="fltp", channel_layouts="stereo"),
        *delay,
        Filter("volume", f"{mix.music_gain_db}dB"),
        Filter("volume", f"if({ducked},{duck:.6f},1)", eval="frame"),
        Filter("afade", t="in", st=f"{offset_s:.3f}", d=f"{mix.fade_in_ms / 1000:.3f}"),
        Filter("afade", t="out", st=f"{fade_out_start:.3f}", d=f"{mix.fade_out_ms / 1000:.3f}"),
        Filter("apad"),
    ))
    # without normalising, so the original keeps its level
    return ffmpeg.filter([base, music], "amix", inputs=2, duration="first", normalize=0)
