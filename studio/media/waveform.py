"""The sound's waveform for the timeline: peak levels per bucket of source time.

ffmpeg decodes the first audio stream to mono 8 kHz 16-bit on a pipe (a 5-minute video is under 5 MB of
samples); the peak of each `bucket_ms` is returned in 0..1 on the SOURCE timeline, bucket 0 starting at
source time 0. A file without sound gives an empty array.
"""

from __future__ import annotations

import numpy as np

from studio.core.cancel import CancelToken
from studio.core.media_info import MediaInfo
from studio.media.runner import run_ffmpeg

RATE = 8_000
BUCKET_MS = 20


def waveform_peaks(info: MediaInfo, bucket_ms: int = BUCKET_MS, cancel: CancelToken | None = None) -> np.ndarray:
    """Peak level (0..1) of every `bucket_ms` of the source's sound, from source time 0."""
    if not info.has_audio:
        return np.zeros(0, np.float32)
    done = run_ffmpeg(["-i", info.path, "-map", "0:a:0", "-vn", "-sn", "-dn", "-ac", "1", "-ar", str(RATE),
                       "-f", "s16le", "pipe:1"], what=info.path, cancel=cancel,
                      timeout=max(120.0, info.duration_ms / 1000 * 2))
    samples = np.abs(np.frombuffer(done.stdout, np.int16).astype(np.float32)) / 32768.0
    per = max(1, RATE * bucket_ms // 1000)
    count = -(-len(samples) // per)
    padded = np.zeros(count * per, np.float32)
    padded[:len(samples)] = samples
    return padded.reshape(count, per).max(axis=1)
