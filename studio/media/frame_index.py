"""The frame index of a video: every frame's timestamp, keyframe flag and source time, in presentation order.

The one place the app lists frames: `probe` (in its child process) counts them, `cut_plan.read_frames` plans
cuts on them, `FrameServer` and the filmstrip serve them, so all of them count the same frames at the same
times. `demux_video_packets` reads every video packet (no decoding) with the damage checks an untrusted
file needs; `video_packets` reads a trusted MP4/MOV from its index instead (`indexed_video_packets`: the
demuxer's index entries and the track's `ctts` composition offsets, no media data read) and demuxes what
it cannot read exactly. `frame_packets` turns packets into frames (field-coded interlaced H.264, as AVCHD
cameras write it, stores two packets a frame, recognised by packets at twice the codec's frame rate and
paired back) and `frame_times_ms` gives each frame its source time (ARCHITECTURE.md, "Time").
Must not hold: decoding, probing facts beyond the frame list (`probe_child`), or cut rules (`cut_plan`).
"""

from __future__ import annotations

import itertools
import operator
import os
import struct
import sys
from array import array
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import av.container
    import av.packet
    import av.video.stream


def main_video_stream(container: av.container.InputContainer) -> av.video.stream.VideoStream | None:
    """The video stream a player shows: the first one that is not an attached picture (cover art)."""
    import av

    attached = av.stream.Disposition.attached_pic
    return next((s for s in container.streams.video if not (s.disposition & attached)), None)


def demux_video_packets(container: av.container.InputContainer, stream: av.video.stream.VideoStream,
                        file_size: int) -> tuple[list[tuple[int, bool]], str | None]:
    """(pts, is_keyframe) of every video packet in file order (no decoding), and what stopped the read early.

    Packets without a timestamp, empty ones and those an edit list discards are left out (the decoder drops
    the frames of discarded packets too). The second value is None when the whole stream was read, else a
    sentence saying how far the read got before damage or a truncated file.
    """
    import av

    packets: list[tuple[int, bool]] = []
    damaged = None
    try:
        for packet in container.demux(stream):
            if packet.pts is None or packet.is_discard or packet.size == 0:
                continue
            if packet.is_corrupt or (packet.pos is not None and packet.pos + packet.size > file_size):
                damaged = f"{len(packets)} frames could be read before the damage"
                break
            packets.append((packet.pts, packet.is_keyframe))
    except av.error.FFmpegError as exc:
        damaged = f"{len(packets)} frames could be read ({exc.strerror or exc})"
    return packets, damaged


def frame_packets(packets: Sequence[tuple[int, bool]], stream: av.video.stream.VideoStream,
                  interlaced: bool) -> list[tuple[int, bool]]:
    """(pts, is_keyframe) of every frame in presentation order, from the packets `demux_video_packets` read.

    A decoded frame carries the pts of its packet, except field-coded interlaced video, where two packets
    (fields) make one frame with the pts of the first field: those are paired back here.
    """
    tb = stream.time_base
    frames = sorted(packets)
    codec_rate = stream.codec_context.framerate or stream.average_rate
    if interlaced and codec_rate and tb and len(frames) >= 4:
        median = median_interval(frames)
        assert median is not None
        if abs(median * tb * codec_rate * 2 - 1) < Fraction(1, 10):
            frames = frames[0::2]
    return frames


def median_interval(frames: Sequence[tuple[int, bool]]) -> Fraction | None:
    """The median pts step between consecutive frames (in presentation order), exactly; None for one frame.

    Integers and one Fraction instead of a Fraction per frame: the same value as `statistics.median` of the
    steps, without thousands of Fraction operations on a long clip.
    """
    steps = sorted(b[0] - a[0] for a, b in itertools.pairwise(frames))
    if not steps:
        return None
    n = len(steps)
    return Fraction(steps[n // 2] + steps[(n - 1) // 2], 2)


def frame_times_ms(frames: Sequence[tuple[int, bool]], time_base: Fraction, start_us: int) -> list[int]:
    """Source time in ms of each frame (`timeline.pts_to_ms`); `start_us` is the container's start_time.

    Computed in integers (ceil of pts * n/d * 1000 - start_us / 1000, over the common denominator d * 1000):
    the same values as `pts_to_ms`, about 20 times faster than Fraction arithmetic per frame, which matters
    for the thousands of frames an export or a frame server lists.
    """
    n, d = time_base.numerator, time_base.denominator
    scale, offset, below = n * 1_000_000, start_us * d, d * 1000
    return [-((offset - pts * scale) // below) for pts, _ in frames]


def mp4_boxes(f: Any, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, where its contents start, where it ends) of each MP4 box in `[start, end)` of the open file `f`.

    Raises ValueError at a box whose size is impossible (a damaged or truncated file).
    """
    offset = start
    while offset + 8 <= end:
        f.seek(offset)
        header = f.read(16)
        size, kind, head = int.from_bytes(header[:4], "big"), header[4:8], 8
        if size == 1 and len(header) >= 16:
            size, head = int.from_bytes(header[8:16], "big"), 16
        elif size == 0:
            size = end - offset
        if size < head:
            raise ValueError(f"MP4 box {kind!r} at {offset} has size {size}")
        yield kind, offset + head, offset + size
        offset += size


_TRACK_BOXES = (b"tkhd", b"ctts", b"stsz", b"stsc", b"stco", b"co64")
_TRACK_PARENTS = (b"trak", b"mdia", b"minf", b"stbl")


@dataclass(frozen=True)
class Mp4Track:
    """The boxes of one MP4/MOV track that the index and header readers need, read once."""

    boxes: dict[bytes, bytes]
    """Contents of the track's `_TRACK_BOXES` found."""
    mvhd: bytes | None
    """Contents of the movie header."""


def read_mp4_track(path: str, track_id: int) -> Mp4Track | None:
    """Track `track_id`'s header and sample-table boxes and the movie header; None for a fragmented file (its
    samples are not in these tables), no such track, or a box walk that fails (a damaged file)."""
    try:
        with open(path, "rb") as f:
            end = os.fstat(f.fileno()).st_size
            moov = next(((s, e) for kind, s, e in mp4_boxes(f, 0, end) if kind == b"moov"), None)
            if moov is None:
                return None
            mvhd = None
            for kind, start, stop in mp4_boxes(f, *moov):
                if kind == b"mvex":
                    return None
                if kind == b"mvhd":
                    f.seek(start)
                    mvhd = f.read(stop - start)
                if kind != b"trak":
                    continue
                found: dict[bytes, bytes] = {}

                def walk(s: int, e: int, found: dict[bytes, bytes] = found) -> None:
                    for k, a, b in mp4_boxes(f, s, e):
                        if k in _TRACK_PARENTS:
                            walk(a, b)
                        elif k in _TRACK_BOXES:
                            f.seek(a)
                            found[k] = f.read(b - a)

                walk(start, stop)
                header = found.get(b"tkhd", b"")
                id_at = 20 if header[:1] == b"\x01" else 12
                if len(header) >= id_at + 4 and int.from_bytes(header[id_at:id_at + 4], "big") == track_id:
                    return Mp4Track(found, mvhd)
    except (ValueError, OSError):
        return None
    return None


def _be32(data: bytes, count: int, offset: int = 8, code: str = "I") -> list[int]:
    """`count` big-endian 32-bit integers (`code` "I" unsigned, "i" signed) from `offset` of a box's contents."""
    values = array(code, data[offset:offset + 4 * count])
    if len(values) != count:
        raise ValueError("MP4 table shorter than its entry count")
    if sys.byteorder == "little":
        values.byteswap()
    return values.tolist()


def _sample_table(boxes: dict[bytes, bytes]) -> tuple[list[int], list[int], list[int]]:
    """(file position, size, composition offset) of every sample of the track, in sample order.

    Offsets are read as signed, as the demuxer reads them (`ctts` version 0 says unsigned, writers disagree).
    """
    stsz = boxes[b"stsz"]
    fixed, count = struct.unpack(">II", stsz[4:12])
    sizes = [fixed] * count if fixed else _be32(stsz, count, 12)
    if b"stco" in boxes:
        chunks = _be32(boxes[b"stco"], int.from_bytes(boxes[b"stco"][4:8], "big"))
    else:
        co64 = boxes[b"co64"]
        n = int.from_bytes(co64[4:8], "big")
        chunks = list(struct.unpack(f">{n}Q", co64[8:8 + 8 * n]))
    stsc = boxes[b"stsc"]
    runs = _be32(stsc, 3 * int.from_bytes(stsc[4:8], "big"))
    positions: list[int] = []
    for r in range(0, len(runs), 3):
        first, per = runs[r], runs[r + 1]
        last = runs[r + 3] if r + 3 < len(runs) else len(chunks) + 1
        for chunk in range(first, last):
            at = len(positions)
            if at >= count:
                break
            positions += itertools.accumulate(sizes[at:at + per - 1], initial=chunks[chunk - 1])
    del positions[count:]
    if len(positions) != count:
        raise ValueError("stsc/stco do not place every sample")
    offsets = [0] * count
    if b"ctts" in boxes:
        ctts = boxes[b"ctts"]
        entries = int.from_bytes(ctts[4:8], "big")
        runs_of = _be32(ctts, 2 * entries, code="I")[0::2]
        values = _be32(ctts, 2 * entries, code="i")[1::2]
        offsets = list(itertools.chain.from_iterable(map(itertools.repeat, values, runs_of)))[:count]
        if len(offsets) != count:
            raise ValueError("ctts does not cover every sample")
    return positions, sizes, offsets


def indexed_video_packets(container: av.container.InputContainer, stream: av.video.stream.VideoStream,
                          path: str, track: Mp4Track | None = None) -> list[tuple[int, bool]] | None:
    """What `demux_video_packets` returns, read from an MP4/MOV's index instead of its packets: no media data is
    read, so a 60 s 1080p source takes about 2 ms instead of 20.

    The demuxer's own index (`stream.index_entries`: every packet's decode timestamp after the edit list,
    keyframe and discard flags, file position and size) plus the track's composition offsets (`ctts`, matched
    by position and size) give each packet's pts, as the demuxer computes it: dts + offset + a constant
    shift of the stream, which is learnt from its first packet. For trusted files only (the caller's own
    output, or a source `probe` accepted): a packet reaching past the end of the file, a fragmented file, a
    missing or inconsistent table, or anything but MP4/MOV gives None, and the caller demuxes instead.
    `track` is `read_mp4_track`'s result when the caller has it already.
    tests/test_probe_index.py checks it against the demux on every generated and real clip.
    """
    if not container.format.name.startswith("mov,mp4"):
        return None
    size = os.path.getsize(path)
    entries = [(e.timestamp, e.pos, e.size, e.is_keyframe, e.is_discard) for e in stream.index_entries]
    if not entries:
        return None
    stamps, where, lengths, keys, discards = (list(column) for column in zip(*entries, strict=True))
    if min(where) < 0 or max(map(operator.add, where, lengths)) > size:
        return None
    track = track or read_mp4_track(path, stream.id)
    if track is None:
        return None
    try:
        positions, sizes, offsets = _sample_table(track.boxes)
    except (ValueError, KeyError, IndexError, struct.error):
        return None
    # the index is usually the samples in order, possibly from a later one (an edit list): match by position
    first = positions.index(where[0]) if where[0] in positions else -1
    n = len(where)
    if first >= 0 and positions[first:first + n] == where and sizes[first:first + n] == lengths:
        offset_of = offsets[first:first + n]
    else:
        by_place: dict[tuple[int, int], int] = {}
        for place, offset in zip(zip(positions, sizes, strict=True), offsets, strict=True):
            if by_place.setdefault(place, offset) != offset:
                return None  # two samples at one place that disagree
        found = [by_place.get(place) for place in zip(where, lengths, strict=True)]
        known = [offset for offset in found if offset is not None]
        if len(known) != len(found):
            return None
        offset_of = known
    shift = None
    # PyAV's stubs say Iterator, but demux is a generator and has close()
    packets = cast("Generator[av.packet.Packet[av.video.stream.VideoStream], None, None]", container.demux(stream))
    try:
        for packet in packets:
            if packet.pts is not None and packet.dts is not None and packet.size and packet.pos == where[0]:
                shift = packet.pts - packet.dts - offset_of[0]
            break
    finally:
        packets.close()
    if shift is None:
        return None
    return [(dts + offset + shift, key)
            for dts, offset, key, discard, n in zip(stamps, offset_of, keys, discards, lengths, strict=True)
            if not discard and n]


def video_packets(container: av.container.InputContainer, stream: av.video.stream.VideoStream,
                  path: str, track: Mp4Track | None = None) -> tuple[list[tuple[int, bool]], str | None]:
    """`demux_video_packets` of a trusted file, from its index when it can be read exactly (`indexed_video_packets`)."""
    import av

    indexed = indexed_video_packets(container, stream, path, track)
    if indexed is not None:
        return indexed, None
    if not container.format.name.startswith("mov,mp4"):  # nothing was read: demux from here
        return demux_video_packets(container, stream, os.path.getsize(path))
    with av.open(path, options={"protocol_whitelist": "file"}) as fresh:  # its first packet may have been read
        fresh_stream = fresh.streams[stream.index]
        assert isinstance(fresh_stream, av.video.stream.VideoStream)  # the same file's stream at the same index
        return demux_video_packets(fresh, fresh_stream, os.path.getsize(path))
