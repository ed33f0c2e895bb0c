"""The filmstrip under the timeline: small pictures of a probed video at its keyframes, plus fillers in long gaps.

Holds: `filmstrip(info, height_px, progress, cancel) -> list[Thumb]` and `Thumb`.
Must not hold: Qt (the UI turns the arrays into QImages on the GUI thread), caching of strips (the caller
keeps what it made), or the first opening of an untrusted file (the caller probes first).

How (measured on the 2-core machine, 60 s 1080x1920 30 fps H.264, 2 s GOP; tests/benchmarks/bench_frames.py):
- Keyframes are decoded in one pass with PyAV in process: every packet is demuxed (cheap), only keyframe
  packets are handed to the decoder, and the decoder is told `skip_frame = "NONKEY"` (libav's
  `-skip_frame nokey`). Feeding only keyframe packets matters: libavcodec's VP9 decoder ignores
  `skip_frame` and would decode every frame. Field-coded interlaced video (AVCHD) needs the second field
  of a keyframe too, so there every packet is fed and `skip_frame` does the skipping. Each picture is scaled
  by libswscale straight to the thumb size. About 0.25 s for the 30 keyframes of the clip above, against
  about 0.45 s for ffmpeg's `-skip_frame nokey` through the runner (a process, 90 px rawvideo on a pipe)
  measured the same day; so no child process.
- Thumb times are the keyframes' source times, computed by the same functions as `probe(keyframes=True)`.
- Fillers: where keyframes are more than `FILLER_GAP_MS` apart (or the last one is that far from the end),
  evenly spaced exact frames are added, at most one per `FILLER_SPACING_MS` of media, so a clip with one
  keyframe in 60 s still gets a strip. They are decoded exactly by a `FrameServer` moving forward through
  each gap from its keyframe, so each frame of a gap is decoded at most once (no seek per filler). The cost
  is bounded by `FILLER_DECODE_BUDGET` decoded frames for the whole strip: fillers are planned in time
  order and the plan stops when the next one would take the total past the budget (1800 frames: the whole
  of a 60 s 30 fps clip with a single keyframe, about 4.5 s of decoding at 1080x1920 here; past it, later
  gaps keep only their keyframes). The UI runs the strip in a worker and can cancel it.
- `progress(done, total)` is called after each thumb; `cancel` is checked between packets and between
  thumbs, and raises `Cancelled`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import av
import cv2
import numpy as np

from studio.core.cancel import CancelToken, Progress, check
from studio.core.colour import source_colour
from studio.core.media_info import MediaInfo
from studio.core.timeline import pts_to_ms
from studio.media.av_source import headers_suffice, open_video, time_base
from studio.media.frames import FrameServer, to_display_rgb

FILLER_GAP_MS = 4000
FILLER_SPACING_MS = 2000
FILLER_DECODE_BUDGET = 1800
"""Frames decoded for fillers, at most, per strip: 60 s at 30 fps, about 4.5 s of decoding at 1080x1920 here."""


@dataclass(frozen=True, eq=False)
class Thumb:
    time_ms: int
    """Source time of the frame shown."""
    image: np.ndarray
    """RGB uint8, (height_px, width, 3), display orientation and aspect; read-only."""
    keyframe: bool
    """False for a filler placed in a long gap between keyframes."""


def thumb_size(info: MediaInfo, height_px: int) -> tuple[int, int]:
    """(width, height) of a thumb: `height_px` high, as wide as the display aspect asks (at least 1)."""
    return max(1, round(height_px * info.display_width / info.display_height)), height_px


def filmstrip(info: MediaInfo, height_px: int = 90, progress: Progress | None = None,
              cancel: CancelToken | None = None) -> list[Thumb]:
    """Thumbs of `info`'s video at every keyframe (and fillers in long gaps), in time order."""
    if height_px < 1:
        raise ValueError(f"height_px must be positive: {height_px}")
    check(cancel, info.path)
    width_px = thumb_size(info, height_px)[0]
    with FrameServer(info, cache_bytes=0, use_proxy=False) as server:
        times = server.frame_times_ms
        keyframes = server.keyframe_times_ms
        # the first shown frame need not be a keyframe (an edit list that hides the head of a GOP, as iPhones
        # write): it is decoded exactly, so the strip starts where the player does
        anchors = sorted({times[0], *keyframes})
        fillers = _plan_fillers(server, times, anchors, info.duration_ms)
        total = len(anchors) + len(fillers)
        thumbs = _keyframe_thumbs(info, set(keyframes), (width_px, height_px), total, progress, cancel)
        done = len(thumbs)
        for t in sorted({*(t for t in anchors if t not in thumbs), *fillers}):
            check(cancel, info.path)
            frame = server.frame_at(t, max_size=(width_px + 2, height_px))
            image = frame.image
            if image.shape[:2] != (height_px, width_px):  # a video less than height_px high: enlarge
                image = cv2.resize(image, (width_px, height_px), interpolation=cv2.INTER_LINEAR)
                image.setflags(write=False)
            thumbs[t] = Thumb(time_ms=t, image=image, keyframe=t in keyframes)
            done += 1
            if progress is not None:
                progress(done, total)
    return [thumbs[t] for t in sorted(thumbs)]


def _plan_fillers(server: FrameServer, times: list[int], keyframes: list[int], duration_ms: int) -> list[int]:
    """Times of the exact frames that fill gaps between keyframes (and the first frame), within
    FILLER_DECODE_BUDGET decoded frames."""
    fillers: list[int] = []
    spent = 0
    for start, end in zip(keyframes, [*keyframes[1:], duration_ms], strict=True):
        gap = end - start
        if gap <= FILLER_GAP_MS:
            continue
        count = math.ceil(gap / FILLER_SPACING_MS) - 1
        start_index = server.index_at(start)
        for k in range(1, count + 1):
            index = server.index_at(start + gap * k // (count + 1))
            t = times[index]
            cost = index - start_index  # frames decoded since the previous filler (or the keyframe)
            if t <= start or (fillers and t <= fillers[-1]):
                continue
            if spent + cost > FILLER_DECODE_BUDGET:
                return fillers
            spent += cost
            start_index = index
            fillers.append(t)
    return fillers


def _keyframe_thumbs(info: MediaInfo, keyframes: set[int], size: tuple[int, int], total: int,
                     progress: Progress | None, cancel: CancelToken | None) -> dict[int, Thumb]:
    """One decoding pass over the keyframe packets; {time_ms: Thumb} for the keyframes that decoded."""
    rotation = info.rotation % 360
    w, h = size
    unrotated = (h, w) if rotation % 180 == 90 else (w, h)
    thumbs: dict[int, Thumb] = {}
    colour = source_colour(info)
    # no picture decoded by the open where the headers suffice: this pass decodes the keyframes itself
    container, stream = open_video(info.path, headers_only=headers_suffice(info))
    with container:
        stream.thread_type = "AUTO"
        codec = stream.codec_context
        codec.skip_frame = "NONKEY"
        tb, start_us = time_base(stream, info.path), container.start_time or 0
        try:
            for packet in container.demux(stream):
                check(cancel, info.path)
                if packet.size and (packet.is_discard or not (packet.is_keyframe or info.interlaced)):
                    continue
                for frame in codec.decode(packet if packet.size else None):
                    if frame.pts is None:
                        continue
                    t = pts_to_ms(frame.pts, tb, start_us)
                    if t not in keyframes or t in thumbs:
                        continue
                    thumbs[t] = Thumb(time_ms=t, image=to_display_rgb(frame, unrotated, rotation, colour),
                                      keyframe=True)
                    if progress is not None:
                        progress(len(thumbs), total)
        except av.error.FFmpegError:
            pass  # the keyframes that did not decode here are decoded exactly by the caller
    return thumbs

