"""Scrub proxies: an all-intra 540p copy of a source video, so that any exact frame is one small decode.

Holds: where a source's proxy lives (`paths.cache_dir()/proxies`, named by a key of the source's content,
so a moved file keeps its proxy and an edited one gets a new one), `make_proxy` (ffmpeg through
`studio.media.runner`) and `find_proxy`. `studio.media.frames.FrameServer` reads scrub-size frames from the
proxy when one exists; what is shown at full size, exported or measured always comes from the source.
Must not hold: Qt, decisions about when to make a proxy (a job or the UI asks for one, in a worker), or
frame lookups (that is `frames`).

The proxy has the same frames in the same order as the source (ffmpeg decodes the source the way PyAV
does, edit lists applied, field pairs as frames, and `-fps_mode passthrough` keeps every frame once), so
frame i of the proxy is frame i of the source. It is stored upright (ffmpeg applies the rotation when it
re-encodes and leaves no matrix), with square pixels, at the source's display aspect, 540 px on its short
side (never enlarged), 8-bit 4:2:0 (HDR is converted, not tone-mapped), H.264 with every frame a keyframe
(`-g 1`) tuned for fast decoding. `FrameServer` checks the frame count before it trusts a proxy: the
Sony AVCHD clip is one where they differ (PyAV and `probe` count two open-GOP leading frames before the
first keyframe that the ffmpeg command line drops), so that clip is always served from its source.

Why a proxy (tests/benchmarks/bench_frames.py on the 2-core machine, 60 s 1080x1920 30 fps H.264 with a
2 s GOP, 50 random exact frames at 540x960): from the source p50 85-97 ms, p95 140-150 ms (OpenCV's
inexact seek + read: 130-140 / 190-210 ms), which misses the 100 ms goal because up to 59 frames must be
decoded after the keyframe; from the proxy p50 1.2 ms, p95 1.4 ms. Making it takes about 8.6 s (35 MB).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from studio.core import paths
from studio.core.cancel import CancelToken, Progress, check
from studio.core.media_info import MediaInfo
from studio.media.runner import run_ffmpeg

PROXY_SHORT_SIDE = 540
PROXY_FORMAT = "x264-intra-540-v1"
"""Part of the key: a change to how proxies are made must change this, so old ones are not reused."""

_SAMPLE = 64 * 1024
_SAMPLES = 32
_ENDS = 1024 * 1024


def content_key(path: str | os.PathLike[str]) -> str:
    """A key of the file's content: sha256 of its size, its first and last MiB and 32 evenly spaced 64 KiB samples.

    Reading about 4 MiB instead of the whole file keeps the lookup fast (a FrameServer does it when it first
    serves a scrub-size frame) while any re-encode, trim or re-mux changes the key.
    """
    digest = hashlib.sha256(PROXY_FORMAT.encode())
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        digest.update(str(size).encode())
        if size <= 2 * _ENDS + _SAMPLES * _SAMPLE:
            digest.update(f.read())
        else:
            offsets = [0, size - _ENDS] + [_ENDS + (size - 2 * _ENDS) * k // _SAMPLES for k in range(_SAMPLES)]
            for offset in offsets:
                f.seek(offset)
                digest.update(f.read(_ENDS if offset in (0, size - _ENDS) else _SAMPLE))
    return digest.hexdigest()[:32]


def proxy_path(info: MediaInfo) -> Path:
    """Where the proxy of `info`'s file is (or would be) kept."""
    return paths.cache_dir() / "proxies" / f"{content_key(info.path)}.mp4"


def find_proxy(info: MediaInfo) -> Path | None:
    """The proxy of `info`'s file if it has been made, else None."""
    path = proxy_path(info)
    return path if path.is_file() and path.stat().st_size > 0 else None


def proxy_size(info: MediaInfo) -> tuple[int, int]:
    """(width, height) of the proxy picture: the display aspect, PROXY_SHORT_SIDE on the short side, even."""
    w, h = info.display_width, info.display_height
    scale = min(1.0, PROXY_SHORT_SIDE / min(w, h))
    return max(2, round(w * scale / 2) * 2), max(2, round(h * scale / 2) * 2)


def make_proxy(info: MediaInfo, progress: Progress | None = None, cancel: CancelToken | None = None) -> Path:
    """Make (or reuse) the proxy of `info`'s file and return its path.

    `progress(done_ms, total_ms)` follows ffmpeg's position; `cancel` stops ffmpeg and leaves no file.
    """
    check(cancel, info.path)
    out = proxy_path(info)
    if out.is_file() and out.stat().st_size > 0:
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.tmp.mp4")
    width, height = proxy_size(info)
    args = [
        "-i", str(Path(info.path).absolute()),
        "-map", f"0:{_video_stream_index(info.path)}", "-an", "-sn", "-dn",
        "-vf", f"scale={width}:{height}:flags=area,setsar=1,format=yuv420p",
        "-fps_mode", "passthrough",
        "-c:v", "libx264", "-preset", "veryfast", "-tune", "fastdecode", "-crf", "20",
        "-g", "1", "-bf", "0",
        "-map_metadata", "-1", "-movflags", "+faststart",
        str(tmp),
    ]
    run_ffmpeg(args, what=info.path, timeout=max(600, info.duration_ms / 1000 * 10), cancel=cancel,
               progress=progress, total_ms=info.duration_ms, outputs=[tmp])
    os.replace(tmp, out)
    return out


def _video_stream_index(path: str) -> int:
    """The container index of the stream `probe` and `FrameServer` read (not an attached cover picture)."""
    import av

    from studio.media.frame_index import main_video_stream

    with av.open(path, options={"protocol_whitelist": "file"}) as container:
        stream = main_video_stream(container)
        return stream.index if stream is not None else 0
