"""Exact frames of a probed video: `FrameServer` answers "the picture shown at source time T" as RGB pixels.

Holds: the frame list of one video (source times in integer ms, computed by the very functions `probe`
uses: `frame_index.demux_video_packets` / `frame_packets` / `frame_times_ms`, so both count the same frames
at the same times), PyAV decoding with keyframe seeks, the display transform (sample aspect ratio, then the
rotation a player applies) and an in-memory LRU cache of decoded pictures.
Must not hold: Qt (a worker turns the array into a QImage), time rules (`core.timeline` has them), or the
first opening of an untrusted file: the caller runs `probe()` first, out of process, and only hands a
`MediaInfo` of a file it accepted (a crafted file may crash the prober's child, never the app).

How a frame is found (decisions, measured on the 2-core machine of docs/media.md):
- PyAV, not OpenCV: OpenCV cannot decode AV1, rotates by itself and seeks by approximate time.
- A decoded frame is identified by its pts (the same pts the frame list was built from), so its time is
  `timeline.pts_to_ms(pts)` exactly as in the list; "the frame at T" is `timeline.frame_index_at`.
- To reach frame i the decoder seeks (by pts, backward, on the video stream) to the last keyframe whose
  presentation time is <= frame i's, then decodes forward. A seek can land after the target (MPEG-TS
  seeks by byte bisection and, in the Sony AVCHD clip, lands past the only keyframe and decodes nothing),
  so when the first frame out is past the target, the previous keyframe is tried, then the file is
  reopened and decoded from its start. Frames shown before the first keyframe (open-GOP leading
  pictures, as in the AVCHD clip) are decoded from the start too.
- A new decoder is handed the stream's first packet before its first seek (`DecodeCursor._prime`): the
  H.264 decoder learns the x264 build from it, without which the old-x264 4:4:4 cockatoo clip decodes its
  later keyframes to garbage, and the picture would depend on what was decoded before.
- On the way to a target, H.264 and HEVC frames shown before it are decoded with `skip_frame = NONREF`, so
  frames nothing refers to are dropped (mpv's hr-seek-framedrop); random seeks on the benchmark clip went
  from p50 80 to 64 ms. Not for AV1 (dav1d), where it lost frames.
- The container stays open between calls. A target a little ahead of the last decoded frame (no keyframe
  in between, or one within `SEEK_COST_FRAMES`) is reached by decoding forward without a seek: stepping
  through a clip decodes each frame once.
- Pictures come back as read-only RGB uint8 arrays (shared with the cache), converted by libswscale (HLG and PQ
  sources tone-mapped to SDR as the export does, `studio.media.tonemap`; a frame fitted in a box is scaled
  before it is converted, `_fitted`), resized to the display size when the sample aspect ratio is not 1:1,
  then turned by `MediaInfo.rotation` (degrees clockwise) with cv2.rotate, which gives numpy's rot90 result
  pixel for pixel at a fraction of the cost.
- Scrub-size requests (`max_size` no larger than the proxy's frames) are served from an all-intra proxy
  when `studio.media.proxy` has made one for this source (also one made while the server is open): an
  exact seek there is a single-frame decode (p95 1.4 ms against 140-150 ms from the source, see
  tests/benchmarks/bench_frames.py). The proxy holds the same frames in the same order, so frame i of the
  proxy is frame i of the source; one with another frame count, or one that fails to decode, is ignored.
- Measured limits here: stepping forward costs 9-11 ms a frame at 1080x1920 (decode about 3 ms, the rest is
  libswscale's RGB conversion and numpy's copy to packed rows), against about 4 ms for OpenCV's BGR reads.
"""

from __future__ import annotations

import bisect
import collections
import os
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import av
import cv2
import numpy as np

from studio.core.colour import SourceColour, source_colour
from studio.core.errors import QT_TRANSLATE_NOOP, MediaError
from studio.core.media_info import MediaInfo
from studio.core.timeline import frame_index_at
from studio.media.av_source import headers_suffice, open_video, time_base
from studio.media.frame_index import demux_video_packets, frame_packets, frame_times_ms
from studio.media.tonemap import content_peak_nits, tone_map

if TYPE_CHECKING:
    from collections.abc import Generator

    import av.container
    import av.video.frame

DEFAULT_CACHE_BYTES = 256 * 1024 * 1024
SEEK_COST_FRAMES = 4
"""Decoding this many frames costs about as much as a seek (flush, refill of the decoder's threads)."""
_FRAME_DROPPING_DECODERS = frozenset({"h264", "hevc"})
"""Decoders that honour `skip_frame = NONREF` packet by packet (see `DecodeCursor._decode_packets`)."""

Size = tuple[int, int]


@dataclass(frozen=True, eq=False)
class Frame:
    """One decoded picture as a player shows it."""

    image: np.ndarray
    """RGB, uint8, shape (height, width, 3), display orientation and aspect; read-only (the cache shares it)."""
    time_ms: int
    """Source time of the frame (the first whole ms at which it is shown)."""
    index: int
    """Position in `FrameServer.frame_times_ms`."""

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


def fit_size(width: int, height: int, max_size: Size | None) -> Size:
    """(width, height) scaled down to fit inside `max_size` (w, h), aspect kept, never enlarged, at least 1x1."""
    if max_size is None:
        return width, height
    scale = min(max_size[0] / width, max_size[1] / height, 1.0)
    if scale >= 1.0:
        return width, height
    return max(1, round(width * scale)), max(1, round(height * scale))


def unrotated_display_size(info: MediaInfo) -> Size:
    """The display size (sample aspect ratio applied) before the rotation is applied."""
    if info.rotation % 180 == 90:
        return info.display_height, info.display_width
    return info.display_width, info.display_height


_SWSCALE_MATRIX = {"bt709": "ITU709", "bt601": "ITU601", "bt2020": "BT2020"}


def to_display_rgb(frame: av.video.frame.VideoFrame, size: Size, rotation: int, colour: SourceColour) -> np.ndarray:
    """`frame` as packed RGB uint8 scaled to `size` (w, h, before rotation), turned `rotation` degrees clockwise.

    The YUV is read with `colour` (`core.colour.source_colour`: the matrix and range the export reads the
    source with), not with what libswscale assumes of an untagged frame (BT.601 whatever its size), and an HLG
    or PQ frame is tone-mapped (`studio.media.tonemap`), so the editor, the cover and the export show the same
    colours.
    """
    width, height = size
    fitted = _fitted(frame, width, height)
    scale: dict[str, Any] = {} if fitted is not None else {"width": width, "height": height}
    source = fitted if fitted is not None else frame
    image: np.ndarray = source.to_ndarray(format="rgb48le" if colour.hdr else "rgb24", **scale,
                                          src_colorspace=_SWSCALE_MATRIX[colour.matrix],
                                          src_color_range="MPEG" if colour.range == "tv" else "JPEG",
                                          dst_color_range="JPEG")
    if colour.hdr:  # tone-mapped as the export does (core.colour.TONE_MAP), so the editor shows the package's look
        image = tone_map(image, colour.transfer, content_peak_nits(frame))
    turn = _CLOCKWISE.get(rotation % 360)
    # to_ndarray keeps libav's row padding when width * 3 is not aligned; callers (QImage) want packed rows
    image = cv2.rotate(image, turn) if turn is not None else np.ascontiguousarray(image)
    image.setflags(write=False)
    return image


def _fitted(frame: av.video.frame.VideoFrame, width: int, height: int) -> av.video.frame.VideoFrame | None:
    """`frame` at `width` x `height` in its own pixel format, to be converted to RGB at that size; None where
    libswscale reads the format but cannot write it (a palette, Bayer), which is then scaled as it is converted.

    libswscale's scaling RGB converter shifts some channels by 1 to 1.4 levels against its unscaled one (which
    the export matches), and costs more: a frame fitted in a box is scaled first, then converted."""
    if (width, height) == (frame.width, frame.height):
        return frame
    if frame.format.name in _NOT_WRITTEN:
        return None
    try:
        return frame.reformat(width=width, height=height)
    except av.error.FFmpegError:
        _NOT_WRITTEN.add(frame.format.name)
        return None


_NOT_WRITTEN: set[str] = set()
"""Pixel formats libswscale refused to write (`_fitted`), asked once a process."""


_CLOCKWISE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
"""cv2.rotate gives np.rot90(image, -quarter_turns) pixel for pixel, 6x (90) to 40x (180) faster: a
contiguous copy of numpy's rotated view of a 1920x1080 RGB frame costs 15 ms here, cv2.rotate 0.4-2.4 ms."""


def _undecodable(path: str, detail: str) -> MediaError:
    return MediaError(QT_TRANSLATE_NOOP("errors", "the video cannot be decoded: {detail}"), path,
                      code="undecodable", detail=detail)


class DecodeCursor:
    """One open container and its decoder, positioned somewhere in the video; not thread-safe.

    `FrameServer` drives it under its lock. It knows the frame list
    (`pts`, `times_ms`, `key_indices`) and decodes frame i by keyframe seek or by decoding forward.
    """

    def __init__(self, path: str, *, interlaced: bool, thread_type: str = "AUTO", headers_only: bool = False) -> None:
        self.path = path
        self._interlaced = interlaced
        self._thread_type = thread_type
        self._headers_only = headers_only
        self._container: av.container.InputContainer | None = None
        self._video: av.video.stream.VideoStream | None = None
        """The video stream of `_container` (None while it is closed)."""
        self._at_start = False
        self._decoded: Generator[av.video.frame.VideoFrame, None, None] | None = None
        self._skip_before_pts: int | None = None
        self._last: tuple[int, av.video.frame.VideoFrame] | None = None
        self.frames_decoded = 0
        """Pictures the decoder has produced so far: what reaching frames has cost (tests and benchmarks read it)."""
        container, stream = self._open_container()
        with container:  # a container of its own for the frame list; the decoding one opens on first use
            packets, damaged = demux_video_packets(container, stream, os.path.getsize(path))
            if damaged or not packets:
                raise MediaError(QT_TRANSLATE_NOOP("errors", "the file is truncated or damaged: {detail}"), path,
                                 code="truncated", detail=damaged or "no frames")
            frames = frame_packets(packets, stream, interlaced)
            self.times_ms = frame_times_ms(frames, time_base(stream, path), container.start_time or 0)
            self.frame_size = (stream.codec_context.width, stream.codec_context.height)
        self.pts = [pts for pts, _ in frames]
        self._first_packet_pts = packets[0][0]
        self.key_indices = [i for i, (_, key) in enumerate(frames) if key]
        self._index_of_pts = {pts: i for i, pts in enumerate(self.pts)}

    def _open_container(self) -> tuple[av.container.InputContainer, av.video.stream.VideoStream]:
        # `headers_only` (progressive MP4/MOV): the open decodes no picture to probe the stream, 0.2 s of CPU
        # for a 4K phone clip's keyframe; the decoder this cursor uses is PyAV's own, set up from the headers
        container, stream = open_video(self.path, headers_only=self._headers_only)
        stream.thread_type = self._thread_type
        return container, stream

    def _reopen(self) -> None:
        self.close()
        self._container, self._video = self._open_container()
        self._at_start = True

    def close(self) -> None:
        self._stop_decoding()
        self._last = None
        if self._container is not None:
            self._container.close()
            self._container = None
            self._video = None

    def _stop_decoding(self) -> None:
        if self._decoded is not None:
            self._decoded.close()
            self._decoded = None

    @property
    def _stream(self) -> av.video.stream.VideoStream:
        assert self._video is not None
        return self._video

    @property
    def position(self) -> int | None:
        """Index of the last frame decoded, None when the decoder must seek first."""
        return self._last[0] if self._last is not None and self._decoded is not None else None

    def keyframe_index_at_or_before(self, index: int) -> int:
        """Index of the last keyframe shown at or before frame `index` (-1 when none is)."""
        k = bisect.bisect_right(self.key_indices, index) - 1
        return self.key_indices[k] if k >= 0 else -1

    def decode(self, index: int) -> tuple[int, av.video.frame.VideoFrame]:
        """(index, frame) of frame `index` (of the nearest earlier frame if the decoder never yields it)."""
        if self._last is not None and self._last[0] == index:
            return self._last
        try:
            position = self.position
            if (position is not None and position < index
                    and self.keyframe_index_at_or_before(index) <= position + SEEK_COST_FRAMES):
                found = self._forward(index, fresh=False)
                if found is not None:
                    return found
            return self._seek_and_decode(index)
        except av.error.FFmpegError as exc:
            self._stop_decoding()
            self._last = None
            raise _undecodable(self.path, exc.strerror or str(exc)) from None

    def _seek_and_decode(self, index: int) -> tuple[int, av.video.frame.VideoFrame]:
        k = bisect.bisect_right(self.key_indices, index) - 1
        candidates = self.key_indices[max(k - 1, 0):k + 1][::-1] if k >= 0 else []
        if candidates and self.pts[candidates[0]] == self._first_packet_pts and (
                self._container is None or self._at_start):
            # the first GOP, and the decoder has read nothing yet: decoding from the start reaches it without
            # priming and a seek, which decode its keyframe twice (8K HEVC: 0.2 s more for the first picture)
            candidates = []
        for candidate in candidates:
            if self._seek(self.pts[candidate]):
                found = self._forward(index, fresh=True)
                if found is not None:
                    return found
        self._rewind()
        found = self._forward(index, fresh=True)
        if found is None:
            raise _undecodable(self.path, f"frame {index} could not be decoded")
        return found

    def _seek(self, pts: int) -> bool:
        self._stop_decoding()
        self._last = None
        if self._container is None:
            self._reopen()
        if self._at_start:
            self._prime()
        assert self._container is not None
        try:
            self._container.seek(pts, stream=self._stream, backward=True)
        except av.error.FFmpegError:
            return False
        self._decoded = self._decode_packets(from_pts=pts)
        return True

    def _prime(self) -> None:
        """Hand the stream's first packet to a new decoder before its first seek.

        Some streams decode right only after the decoder has seen their first packet: libavcodec's H.264
        decoder learns the x264 build from that packet's SEI and, for files from old x264 builds, mimics
        their 4:4:4 bugs; without it the cockatoo clip's later keyframes decode to garbage. In-band
        parameter sets sent only once work the same way. What this decodes is thrown away by the seek.
        """
        assert self._container is not None
        codec = self._stream.codec_context
        codec.skip_frame = "DEFAULT"
        # demux() is a generator, closed below so it frees its read buffer now; PyAV's stub types it a plain
        # Iterator, which has no close()
        demuxer = cast("Generator[av.Packet, None, None]", self._container.demux(self._stream))
        try:
            for packet in demuxer:
                if packet.size:
                    codec.decode(packet)
                    break
        finally:
            demuxer.close()
        self._at_start = False

    def _rewind(self) -> None:
        """Start again from the very beginning: reopen (a seek to the start is not reliable in every format)."""
        self._stop_decoding()
        self._last = None
        if self._container is None or not self._at_start:
            self._reopen()
        self._at_start = False
        self._decoded = self._decode_packets()

    def _decode_packets(self, from_pts: int | None = None) -> Generator[av.video.frame.VideoFrame, None, None]:
        """Decoded frames from the current position on, dropping unneeded frames on the way to a target.

        After a seek to the keyframe whose pts is `from_pts`, the packets before that keyframe are dropped
        undecoded. FFmpeg's MP4 demuxer lands a whole GOP early on an HEVC clip with open-GOP keyframes under
        an edit list (as iPhones write them: it places such a keyframe later than its pts), and decoding that
        GOP only to throw its frames away doubled the cost of every seek there. When the keyframe does not
        come (a seek that landed past it), nothing is decoded and the caller tries an earlier keyframe.

        A packet shown before the current target (`_skip_before_pts`) is decoded with `skip_frame = NONREF`:
        the decoder drops it if no other frame refers to it, since nobody will look at it (what mpv's
        hr-seek-framedrop does; the random seek p50 on the benchmark clip went from about 80 to 64 ms).
        The setting is made per packet, before the packet is sent, and only for libavcodec's H.264 and
        HEVC decoders, where one packet is one picture with the packet's pts. libdav1d reads `skip_frame`
        once when it opens and AV1 packets may hold hidden frames shown later by another packet: dropping
        there lost frames (caught by test_real_clip_random_access_matches_sequential on the AV1 clip).
        Field-coded interlaced video is left alone too: its second field has a pts of its own.
        """
        assert self._container is not None
        stream = self._stream
        codec = stream.codec_context
        droppable = not self._interlaced and codec.name in _FRAME_DROPPING_DECODERS
        for packet in self._container.demux(stream):
            if from_pts is not None:
                if packet.pts != from_pts:
                    if ((packet.dts is not None and packet.dts > from_pts)
                            or (packet.is_keyframe and packet.pts is not None and packet.pts > from_pts)):
                        return  # past the keyframe: it will not come
                    continue
                from_pts = None
            skip = (droppable and packet.pts is not None and self._skip_before_pts is not None
                    and packet.pts < self._skip_before_pts)
            codec.skip_frame = "NONREF" if skip else "DEFAULT"
            for frame in packet.decode():
                self.frames_decoded += 1
                yield frame

    def _forward(self, index: int, *, fresh: bool) -> tuple[int, av.video.frame.VideoFrame] | None:
        """Decode forward to frame `index`.

        Returns that frame, or the last one before it when the decoder skips it; None when the first frame
        out after a seek (`fresh`) is already past it, i.e. the seek landed too late.
        """
        assert self._decoded is not None
        self._skip_before_pts = self.pts[index]
        best = None if fresh else self._last
        for frame in self._decoded:
            i = self._index_of_pts.get(frame.pts) if frame.pts is not None else None
            if i is None or (best is not None and i <= best[0]):
                continue
            self._last = (i, frame)
            if i == index:
                return self._last
            if i > index:
                return best
            best = self._last
        self._stop_decoding()  # the end of the stream
        return best


class FrameServer:
    """Exact frames of one probed video, by source time; thread-safe (one lock), cached, cheap to step."""

    def __init__(self, info: MediaInfo, *, cache_bytes: int = DEFAULT_CACHE_BYTES, use_proxy: bool = True) -> None:
        self.info = info
        self._lock = threading.Lock()
        self._cache: collections.OrderedDict[tuple[int, Size | None], Frame] = collections.OrderedDict()
        self._cache_bytes = 0
        self._cache_limit = cache_bytes
        self._display = unrotated_display_size(info)
        self._colour = source_colour(info)
        """How the source's pixels are read (the proxy keeps the matrix, in limited range)."""
        self._source: DecodeCursor | None = DecodeCursor(info.path, interlaced=info.interlaced,
                                                         headers_only=headers_suffice(info))
        self._times = self._source.times_ms
        self._keyframe_times = [self._times[i] for i in self._source.key_indices]
        self._use_proxy = use_proxy
        self._proxy: DecodeCursor | None = None
        self._proxy_file: Path | None = None
        self._proxy_rejected = False

    # -- the frame list --------------------------------------------------------------------------------

    @property
    def frame_times_ms(self) -> list[int]:
        """Source time (ms) of every frame in presentation order (a copy)."""
        return list(self._times)

    @property
    def keyframe_times_ms(self) -> list[int]:
        """Source times of the keyframes (the same list as `probe(path, keyframes=True).keyframes_ms`)."""
        return list(self._keyframe_times)

    def index_at(self, t_ms: int) -> int:
        """Index of the frame shown at `t_ms` (the first frame before it)."""
        return frame_index_at(self._times, t_ms)

    def keyframe_at_or_before(self, t_ms: int) -> int:
        """Time of the last keyframe at or before `t_ms` (the first keyframe when none is)."""
        k = bisect.bisect_right(self._keyframe_times, t_ms) - 1
        return self._keyframe_times[max(k, 0)]

    # -- pictures ----------------------------------------------------------------------------------------

    def frame_at(self, t_ms: int, max_size: Size | None = None) -> Frame:
        """The frame shown at `t_ms`, fitted inside `max_size` (width, height of the shown picture) if given."""
        if max_size is not None:
            max_size = (int(max_size[0]), int(max_size[1]))
            if max_size[0] < 1 or max_size[1] < 1:
                raise ValueError(f"max_size must be positive: {max_size}")
        with self._lock:
            if self._source is None:
                raise ValueError("the FrameServer is closed")
            index = frame_index_at(self._times, t_ms)
            cached = self._cache.get((index, max_size))
            if cached is not None:
                self._cache.move_to_end((index, max_size))
                return cached
            proxy = self._proxy_for(max_size)
            image = None
            if proxy is not None:  # stored upright, square pixels: only scaled
                try:
                    got, decoded = proxy.decode(index)
                except MediaError:  # a damaged or vanished proxy: forget it, the source still works
                    proxy.close()
                    self._proxy = None
                    self._proxy_rejected = True
                else:
                    size = fit_size(self.info.display_width, self.info.display_height, max_size)
                    image = to_display_rgb(decoded, size, 0, replace(self._colour, range="tv"))
            if image is None:
                got, decoded = self._source.decode(index)
                dw, dh = self._display
                if self.info.rotation % 180 == 90 and max_size is not None:
                    max_size_unrotated: Size | None = (max_size[1], max_size[0])
                else:
                    max_size_unrotated = max_size
                image = to_display_rgb(decoded, fit_size(dw, dh, max_size_unrotated), self.info.rotation,
                                       self._colour)
            frame = Frame(image=image, time_ms=self._times[got], index=got)
            self._remember((got, max_size), frame)
            return frame

    def _proxy_for(self, max_size: Size | None) -> DecodeCursor | None:
        """The proxy cursor when it can serve a picture of `max_size`; looks for a newly made proxy file."""
        if not self._use_proxy or max_size is None:
            return None
        if self._proxy is None and not self._proxy_rejected:
            if self._proxy_file is None:
                from studio.media.proxy import proxy_path

                self._proxy_file = proxy_path(self.info)  # reads a sample of the file once
            if self._proxy_file.is_file():  # a stat per request until the proxy exists
                self._proxy = self._open_proxy(self._proxy_file)
        if self._proxy is None:
            return None
        pw, ph = self._proxy.frame_size
        w, h = fit_size(self.info.display_width, self.info.display_height, max_size)
        return self._proxy if w <= pw and h <= ph else None

    def _open_proxy(self, path: Path) -> DecodeCursor | None:
        """A cursor on the proxy, or None (and never again) if it is unreadable or has other frames."""
        try:
            cursor = DecodeCursor(str(path), interlaced=False, thread_type="SLICE")
        except MediaError:
            self._proxy_rejected = True
            return None
        if len(cursor.pts) != len(self._times):
            cursor.close()
            self._proxy_rejected = True
            return None
        return cursor

    @property
    def proxy_path(self) -> Path | None:
        """The proxy this server reads scrub-size frames from (None until one is used, or without one)."""
        with self._lock:
            return Path(self._proxy.path) if self._proxy is not None else None

    def _remember(self, key: tuple[int, Size | None], frame: Frame) -> None:
        size = frame.image.nbytes
        if size > self._cache_limit:
            return
        self._cache[key] = frame
        self._cache_bytes += size
        while self._cache_bytes > self._cache_limit:
            _, old = self._cache.popitem(last=False)
            self._cache_bytes -= old.image.nbytes

    @property
    def cache_bytes(self) -> int:
        """Bytes of pictures held in the cache now."""
        with self._lock:
            return self._cache_bytes

    # -- lifetime ------------------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            for cursor in (self._source, self._proxy):
                if cursor is not None:
                    cursor.close()
            self._source = None
            self._proxy = None
            self._cache.clear()
            self._cache_bytes = 0

    def __enter__(self) -> FrameServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
