"""The smart cut: re-encode only the frames a stream copy cannot keep, copy the rest, join them into one stream.

Holds: `plan_smart` (is a smart cut safe for this source and range, and which frames are re-encoded?) and
`join` (the re-encoded head and tail and the copied middle written as one H.264 track, in this process
with PyAV; ffmpeg then adds the audio and writes the final MP4, see `studio.media.export`).
Must not hold: ffmpeg arguments or the decision rules of the profile (`core.platform_profile`).

How it is joined (the measured recipe of docs/media.md, made exact):
- head: frames from the in point up to the first keyframe inside the range, re-encoded by x264 with the
  source's profile and level; tail: the frames after the last point where the copied packets show a
  gap-free run (`cut_plan.smart_copy_range`), up to the out point. Both are encoded without B-frames
  (`-bf 0`), so their decode order is their presentation order, into raw Annex B streams that carry
  their SPS and PPS in-band.
- Parameter sets: x264 is told to number its SPS/PPS with ids the source does not use (`sps-id`), and the
  MP4's `avcC` record carries the source's parameter sets and x264's. Every slice then names a parameter
  set that exists, is declared out of band as `avc1` requires, and changes only at an IDR picture; no
  decoder has to notice a parameter set being redefined mid-stream (the trap docs/media.md warns about for
  phones' hardware decoders). The in-band copies x264 writes say the same thing again.
- Timestamps: every frame gets the source's own presentation timestamp (in the source's time base), so
  VFR sources keep their timing; the re-encoded pieces get decode timestamps offset by the source's
  reordering delay at the join, so decode timestamps rise across both joins (the "DTS error at the join"
  of docs/media.md cannot happen) and never pass the presentation time.
- The middle is the source's packets, selected by count in decode order from the keyframe's packet,
  never by time (the "-t takes 2 frames too many with B-frames" trap).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from studio.core.colour import needs_conversion, source_colour
from studio.core.errors import QT_TRANSLATE_NOOP, MachineError
from studio.core.media_info import MediaInfo
from studio.core.platform_profile import smart_possible
from studio.core.problems import Problem
from studio.media import h264
from studio.media.av_source import open_video
from studio.media.cut_plan import Frames, OpenGop, smart_copy_range

X264_PROFILES = {"High": "high", "Main": "main", "Constrained Baseline": "baseline"}

_REASONS = {
    "no_keyframe": QT_TRANSLATE_NOOP("errors", "there is no keyframe inside the range, so nothing can be copied"),
    "not_idr": QT_TRANSLATE_NOOP("errors", "the first keyframe inside the range is not an IDR picture"),
    "open_gop": QT_TRANSLATE_NOOP(
        "errors", "the video uses open GOPs: frames after a keyframe depend on the frames before it"),
    "parameter_sets": QT_TRANSLATE_NOOP(
        "errors", "the H.264 parameter sets are not stored as an MP4 decoder record, so they cannot be joined"),
    "level": QT_TRANSLATE_NOOP("errors", "the H.264 level of the source is unknown"),
    "colour": QT_TRANSLATE_NOOP(
        "errors", "the source's colours ({matrix}, {range} range) must be converted to BT.709, so nothing can be "
                  "copied"),
    "timestamps": QT_TRANSLATE_NOOP("errors", "some video packets have no usable decoding timestamp"),
    "frame_count": QT_TRANSLATE_NOOP(
        "errors", "the re-encoded pieces did not hold the expected frames ({got} instead of {expected})"),
}


def reason(code: str, **values: object) -> Problem:
    """A reason the smart cut falls back to `accurate`."""
    return Problem(code, _REASONS[code], values)


class SmartFallback(Exception):
    """Raised by `join` when the pieces cannot be joined after all; carries the reason for the fallback."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class SmartCut:
    """Frames `[first, key)` re-encoded, `[key, copy_end)` copied, `[copy_end, end)` re-encoded."""

    first: int
    key: int
    copy_end: int
    end: int
    decode_start: int
    """Position of the keyframe's packet in decode order; the copy is `copy_end - key` packets from there."""
    copy_dts: tuple[int, ...]
    avc: h264.AvcConfig
    x264_profile: str
    level: int
    head_sps_id: int
    tail_sps_id: int

    @property
    def head_frames(self) -> int:
        return self.key - self.first

    @property
    def tail_frames(self) -> int:
        return self.end - self.copy_end

    @property
    def copied_frames(self) -> int:
        return self.copy_end - self.key


def plan_smart(info: MediaInfo, frames: Frames, first: int, end: int) -> SmartCut | Problem:
    """The smart cut of frames `[first, end)`, or the reason it cannot be done safely."""
    problem = smart_possible(info)
    if problem is not None:
        return problem
    if needs_conversion(info):
        colour = source_colour(info)
        return reason("colour", matrix=colour.matrix.upper().replace("BT", "BT."), range=colour.range)
    key = frames.keyframe_in(first, end)
    if key is None:
        return reason("no_keyframe")
    try:
        copy_end = smart_copy_range(frames, key, end)
    except OpenGop:
        return reason("open_gop")
    if not info.video_level:
        return reason("level")
    return _packet_cut(info, frames, first, key, copy_end, end)


def plan_packet_copy(info: MediaInfo, frames: Frames, key: int, end: int) -> SmartCut | Problem | None:
    """A `copy` export of frames `[key, end)` (`cut_plan.copy_range`) made as a smart cut that re-encodes
    nothing: the packets are selected by count in decode order, as the smart cut's middle is. ffmpeg's own
    input seek lands a whole GOP early in an MP4 whose edit list hides its head, which this avoids. None for
    every other source: ffmpeg's stream copy is right there and keeps what a remux here would not (side data)."""
    container, stream = open_video(frames.path, headers_only=frames.headers_only)
    with container:
        hidden_head = any(entry.is_discard for entry in stream.index_entries)
    return _packet_cut(info, frames, key, key, end, end) if hidden_head else None


def _packet_cut(info: MediaInfo, frames: Frames, first: int, key: int, copy_end: int,
                end: int) -> SmartCut | Problem:
    """The SmartCut of `[first, end)` copying `[key, copy_end)`, once the packets to copy are checked."""
    decode_start = frames.decode_position(key)
    count = copy_end - key
    dts: list[int | None] = []
    first_nals: list[bytes] = []
    container, _ = open_video(frames.path, headers_only=frames.headers_only)
    with container:
        stream = container.streams[frames.stream_index]
        try:
            avc = h264.AvcConfig.parse(bytes(stream.codec_context.extradata or b""))
            ids = avc.sps_ids() | avc.pps_ids()
        except ValueError:
            return reason("parameter_sets")
        for packet in _copied_packets(container, stream, frames, decode_start, count):
            if not dts:
                try:
                    first_nals = h264.split_lengths(bytes(packet), avc.length_size)
                except ValueError:
                    return reason("parameter_sets")
            dts.append(packet.dts)
    if len(dts) != count:
        return reason("timestamps")
    if h264.first_slice_type(first_nals) != h264.NAL_IDR:
        return reason("not_idr")
    if any(d is None for d in dts):
        return reason("timestamps")
    checked = [int(d) for d in dts if d is not None]
    if any(b <= a for a, b in itertools.pairwise(checked)) or checked[0] > frames.pts[key]:
        return reason("timestamps")
    free = [i for i in range(32) if i not in ids]
    return SmartCut(first=first, key=key, copy_end=copy_end, end=end, decode_start=decode_start,
                    copy_dts=tuple(checked), avc=avc, x264_profile=X264_PROFILES.get(info.video_profile or "", "high"),
                    level=int(info.video_level or 0), head_sps_id=free[0], tail_sps_id=free[1])


def _copied_packets(container, stream, frames: Frames, decode_start: int, count: int):
    """The `count` packets from decode position `decode_start` on (seeking near it first), as the frame list
    counts packets (no timestamp, discarded and empty packets left out)."""
    import av

    wanted = frames.decode_pts[decode_start:decode_start + count]
    if not wanted:
        return
    try:
        container.seek(wanted[0], stream=stream, backward=True)
    except av.error.FFmpegError:
        container.seek(0)
    taken = 0
    started = False
    for packet in container.demux(stream):
        if packet.pts is None or packet.is_discard or packet.size == 0:
            continue
        if not started:
            if packet.pts != wanted[0]:
                continue
            started = True
        if packet.pts != wanted[taken]:
            return
        yield packet
        taken += 1
        if taken == count:
            return


def _access_units(path: Path) -> list[list[bytes]]:
    """The NAL units of each access unit of a raw H.264 stream written by x264 (our own file)."""
    import av

    # skip_frame: libavformat's stream probing then decodes no picture (up to 30 ms for a 1080p head); only
    # the packets are read here. PyAV's stub types stream_options as list[str]; open() takes a dict per stream.
    with av.open(str(path), format="h264", options={"protocol_whitelist": "file"},
                 stream_options=[{"skip_frame": "nonkey"}]) as container:  # type: ignore[list-item]
        stream = container.streams.video[0]
        return [h264.split_annexb(bytes(p)) for p in container.demux(stream) if p.size]


def join(frames: Frames, cut: SmartCut, head: Path | None, tail: Path | None, out: Path) -> None:
    """Write the joined video track to `out` (MP4, video only). Raises `SmartFallback` if the pieces are off."""
    import av

    head_units = _access_units(head) if head is not None else []
    tail_units = _access_units(tail) if tail is not None else []
    if len(head_units) != cut.head_frames or len(tail_units) != cut.tail_frames:
        raise SmartFallback(reason("frame_count", got=len(head_units) + len(tail_units),
                                   expected=cut.head_frames + cut.tail_frames))
    sps, pps = h264.parameter_sets(nal for unit in head_units + tail_units for nal in unit)
    avc = cut.avc.with_parameter_sets(sps, pps)
    pts = frames.pts
    delay = pts[cut.key] - cut.copy_dts[0]
    base = pts[cut.first]
    source, _ = open_video(frames.path, headers_only=frames.headers_only)
    with source, av.open(str(out), "w", format="mp4") as output:
        in_stream = source.streams[frames.stream_index]
        out_stream = output.add_stream_from_template(in_stream)
        out_stream.codec_context.extradata = avc.to_bytes()
        out_stream.time_base = in_stream.time_base
        time_base = frames.time_base

        def write(data: bytes, p: int, d: int, key: bool) -> None:
            packet = av.Packet(data)
            packet.pts, packet.dts, packet.time_base = p - base, d - base, time_base
            packet.is_keyframe = key
            packet.stream = out_stream
            output.mux(packet)

        last_dts = None
        for j, unit in enumerate(head_units):
            p = pts[cut.first + j]
            last_dts = p - delay
            write(h264.join_lengths(unit), p, last_dts, h264.first_slice_type(unit) == h264.NAL_IDR)
        copied = 0
        for packet in _copied_packets(source, in_stream, frames, cut.decode_start, cut.copied_frames):
            data = bytes(packet)
            if cut.avc.length_size != 4:
                data = h264.join_lengths(h264.split_lengths(data, cut.avc.length_size))
            if packet.dts != cut.copy_dts[copied]:
                raise MachineError(QT_TRANSLATE_NOOP("errors", "the source changed while it was being exported"),
                                   frames.path, code="source_changed")
            write(data, packet.pts, packet.dts, packet.is_keyframe)
            last_dts = packet.dts
            copied += 1
        if copied != cut.copied_frames:
            raise SmartFallback(reason("timestamps"))
        for j, unit in enumerate(tail_units):
            p = pts[cut.copy_end + j]
            d = p - delay if last_dts is None else min(p, max(last_dts + 1, p - delay))
            last_dts = d
            write(h264.join_lengths(unit), p, d, h264.first_slice_type(unit) == h264.NAL_IDR)
