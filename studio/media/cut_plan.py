"""Where an export really cuts: the source's frame list and the frame ranges of copy and smart cuts.

Holds: `read_frames` (the frame list of a probed source, computed by the very functions `probe` and
`FrameServer` use: `frame_index.frame_packets` / `frame_times_ms` over the packets of
`frame_index.video_packets`, which reads an MP4's index instead of demuxing when it can do so exactly, so an
export counts the same frames at the same times as the player and the timeline, and plans a 60 s 1080p cut
in a few ms), the range of frames a request selects, and the decode-order rules of stream copy.
Must not hold: ffmpeg arguments or muxing (`studio.media.export`, `studio.media.smart_cut`).

The rules (docs/time.md): the first kept frame is the frame shown at the in point (the last
frame whose time is <= start); the out point is exclusive, so frames whose time is >= end are cut.

Stream copy can only start at a keyframe, and can only stop where the packets copied so far (in decode
order) show a gap-free run of frames: with B-frames, a frame shown before a P-frame is decoded after it,
so stopping right after the last frame before the out point would leave frames without their reference
(docs/media.md: "copying up to an out point that is not a keyframe is unsafe with B-frames"). A copy
therefore ends at the first such "closed" point at or after the out point (at most the reorder depth
later; exactly at the out point without B-frames), and the smart cut copies up to the last closed point
at or before it, then re-encodes the few frames left. A keyframe whose decode-order successors include
frames shown before it (open GOP leading pictures) cannot start a copy at all.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

import av

from studio.core.errors import QT_TRANSLATE_NOOP, InputError, MediaError
from studio.core.media_info import MediaInfo
from studio.media.av_source import headers_suffice, open_video, time_base
from studio.media.frame_index import (
    frame_packets,
    frame_times_ms,
    median_interval,
    video_packets,
)


@dataclass(frozen=True)
class Frames:
    """The video frames of a source in presentation order, with the packets' decode order."""

    path: str
    stream_index: int
    time_base: Fraction
    start_us: int
    """The container's start time (source time 0) in microseconds."""
    pts: tuple[int, ...]
    """Presentation timestamps (stream time base) in presentation order."""
    times_ms: tuple[int, ...]
    """Source time of each frame (the first whole ms at which it is shown)."""
    keyframe: tuple[bool, ...]
    decode_pts: tuple[int, ...]
    """The pts of every packet in decode (file) order; a permutation of `pts` for progressive video."""
    last_duration: Fraction
    """How long the last frame is shown, in seconds (the median frame interval, as `probe` counts it)."""
    end_ms: int
    """Where the last frame ends on the source timeline (`MediaInfo.duration_ms`)."""
    x264_build: int | None = None
    """The x264 build named in the stream's first packet (None if not x264 or not said)."""
    headers_only: bool = False
    """The file can be opened without decoding a picture (`av_source.open_video`) to read its packets."""

    @property
    def leading(self) -> int:
        """How many frames are shown before the stream's first decoded picture, a keyframe (open GOP leading
        pictures, as in the Sony AVCHD clip): ffmpeg's decoder drops them, so an export cannot start there.
        Frames whose keyframe an edit list hides (`sample_edit_list`) decode normally and do not count."""
        first = self.decode_pts[0]
        if first not in self.pts or not self.keyframe[self.pts.index(first)]:
            return 0
        return sum(1 for p in self.pts if p < first)

    @property
    def count(self) -> int:
        return len(self.pts)

    def exact_s(self, index: int) -> Fraction:
        """Source time in seconds at which frame `index` starts (`index == count`: where the last one ends)."""
        if index >= self.count:
            return self.exact_s(self.count - 1) + self.last_duration
        return Fraction(self.pts[index]) * self.time_base - Fraction(self.start_us, 1_000_000)

    def time_ms(self, index: int) -> int:
        """Source time in ms of frame `index`; `count` gives `end_ms`."""
        return self.times_ms[index] if index < self.count else self.end_ms

    def seek_arg(self, index: int) -> str:
        """An ffmpeg `-ss` value that starts exactly at frame `index`: its time floored to a microsecond.

        ffmpeg's input `-ss` counts from the container's start time, as source time does, and (with its
        default accurate seek) drops every frame shown before it; flooring keeps frame `index` itself.
        """
        us = max(0, math.floor(self.exact_s(index) * 1_000_000))
        return f"{us // 1_000_000}.{us % 1_000_000:06d}"

    def range_for(self, start_ms: int, end_ms: int) -> tuple[int, int]:
        """Frames `[first, end)` a request keeps: from the frame shown at `start_ms` to the last before `end_ms`."""
        first = max(bisect.bisect_right(self.times_ms, start_ms) - 1, 0)
        end = max(bisect.bisect_left(self.times_ms, end_ms), first + 1)
        return first, min(end, self.count)

    def keyframe_at_or_before(self, index: int) -> int | None:
        return next((k for k in range(index, -1, -1) if self.keyframe[k]), None)

    def keyframe_in(self, first: int, end: int) -> int | None:
        return next((k for k in range(first, end) if self.keyframe[k]), None)

    def decode_position(self, index: int) -> int:
        """Where frame `index`'s packet is in decode order."""
        return self.decode_pts.index(self.pts[index])

    def closed_ends(self, key: int) -> Iterator[int]:
        """Copying packets in decode order from keyframe `key`: each `m` at which they show exactly `[key, m)`.

        Raises `OpenGop` when a packet after the keyframe is shown before it (a leading picture that needs
        the previous GOP).
        """
        start = self.decode_position(key)
        pts, total = self.pts, self.count  # locals: this loop runs over every copied packet
        first_pts = highest = pts[key]
        for count, p in enumerate(self.decode_pts[start:], start=1):
            if p < first_pts:
                raise OpenGop(key)
            if p > highest:
                highest = p
            if key + count <= total and highest == pts[key + count - 1]:
                yield key + count


class OpenGop(Exception):
    """The keyframe at `index` has leading pictures: frames decoded after it but shown before it."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


def copy_range(frames: Frames, first: int, end: int) -> tuple[int, int]:
    """Frames `[key, m)` a stream copy of `[first, end)` really keeps (raises `OpenGop`).

    `key` is the keyframe at or before `first` (the first keyframe when frames before it are leading
    pictures), `m` the first closed point at or after `end`.
    """
    key = frames.keyframe_at_or_before(first)
    if key is None:
        key = frames.keyframe_in(first, frames.count)
        if key is None:
            raise OpenGop(first)
    m = frames.count
    for m in frames.closed_ends(key):
        if m >= end:
            break
    return key, m


def smart_copy_range(frames: Frames, key: int, end: int) -> int:
    """The end `m <= end` of the longest gap-free copy from keyframe `key` (raises `OpenGop`)."""
    best = key + 1
    for m in frames.closed_ends(key):
        if m > end:
            break
        best = m
    return best


def read_frames(info: MediaInfo) -> Frames:
    """The frame list of a source that `probe` accepted, read in this process without decoding: from an MP4/MOV's
    index (`frame_index.video_packets`, about 5 ms for 60 s of 1080p), else by demuxing every packet."""
    progressive_mp4 = headers_suffice(info)
    container, stream = open_video(info.path, headers_only=progressive_mp4)
    with container:
        tb = time_base(stream, info.path)
        packets, damaged = video_packets(container, stream, info.path)
        if damaged or not packets:
            raise MediaError(QT_TRANSLATE_NOOP("errors", "the file is truncated or damaged: {detail}"), info.path,
                             code="truncated", detail=damaged or "no frames")
        frames = frame_packets(packets, stream, info.interlaced)
        start_us = container.start_time or 0
        times = frame_times_ms(frames, tb, start_us)
        step = median_interval(frames)
        median = step * tb if step is not None else Fraction(1, 30)
        build = _x264_build(container, stream) if info.video_codec == "h264" else None
        return Frames(path=info.path, stream_index=stream.index, time_base=tb, start_us=start_us,
                      pts=tuple(p for p, _ in frames), times_ms=tuple(times),
                      keyframe=tuple(k for _, k in frames), decode_pts=tuple(p for p, _ in packets),
                      last_duration=median, end_ms=info.duration_ms, x264_build=build, headers_only=progressive_mp4)


def _x264_build(container, stream) -> int | None:
    """The x264 build from the SEI in the stream's first packet.

    libavcodec's H.264 decoder mimics the bugs of old x264 builds once it has read that SEI; a decoder
    that starts at a later keyframe never sees it and decodes such streams (the cockatoo clip) to garbage.
    ffmpeg is told the build instead (`-x264_build`), as `FrameServer` primes its decoder.
    """

    try:
        container.seek(0)
        for packet in container.demux(stream):
            if packet.size:
                found = re.search(rb"x264 - core (\d+)", bytes(packet))
                return int(found.group(1)) if found else None
    except av.error.FFmpegError:
        return None
    return None


def check_range(info: MediaInfo, start_ms: int, end_ms: int) -> None:
    """InputError unless `[start_ms, end_ms)` is a non-empty range that starts inside the clip."""
    if start_ms < 0 or end_ms <= start_ms or start_ms >= info.duration_ms:
        message = QT_TRANSLATE_NOOP(
            "errors", "the range {start} to {end} ms is not inside the clip (0 to {duration} ms)")
        raise InputError(message, info.path, code="bad_range",
                         start=start_ms, end=end_ms, duration=info.duration_ms)
